// The error of a printer that has already written something (a Go template's partial output).
import { CliError } from '../api/errors.js';

/**
 * A printer failed part-way, after text kubectl writes to stdout before the error: a Go template's
 * debugging dump, printed there "as it is way easier to debug" (printers/template.go). The verb
 * writes `stdout`, then reports the error.
 */
export class PrintError extends CliError {
  constructor(
    message: string,
    readonly stdout: string,
  ) {
    super(message);
  }
}
