// The CLI's side of printing: template files read from disk for the printers (which touch no disk),
// and a printer's text written to stdout, with what kubectl writes there before a template's error.
import { readFileSync } from 'node:fs';
import { CliError } from '../api/errors.js';
import { PrintError } from '../print/printer.js';
import { localPath, write } from './output.js';

export { printJsonPath } from '../print/printer.js';

/** A template file's text (kubectl's error when it cannot be read). */
export function readTemplate(path: string): string {
  try {
    return readFileSync(localPath(path), 'utf8');
  } catch {
    throw new CliError(`error: error reading template ${path}, open ${path}: no such file or directory`);
  }
}

/** The text after `-o FORMAT=`; for `jsonpath-file=F`, `custom-columns-file=F`, … the file's text. */
export function templateOf(output: string): string {
  const [format, ...rest] = output.split('=');
  const value = rest.join('=');
  if (!format.endsWith('-file') && format !== 'templatefile') return value;
  return readTemplate(value);
}

/** Write what a printer prints; if it fails part-way, first what kubectl writes to stdout before the error. */
export function emit(print: () => string): void {
  try {
    write(print());
  } catch (e) {
    if (e instanceof PrintError) write(e.stdout);
    throw e;
  }
}
