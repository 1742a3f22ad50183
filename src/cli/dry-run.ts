// --dry-run's value, read as kubectl's GetDryRunStrategy reads it (cmd/util/helpers.go); what a
// dry run prints is the printer's part (printerFor's dryRun).
import { CliError } from '../api/errors.js';
import type { DryRun } from '../print/printer.js';
import { err } from './output.js';
import { parseBool } from './flags.js';

export type { DryRun } from '../print/printer.js';

/** kubectl's GetDryRunStrategy: the strategies, `--dry-run` alone, and the old boolean values. */
export function parseDryRun(v: string | undefined): DryRun {
  switch (v) {
    case undefined:
    case 'none':
      return 'none';
    case 'client':
    case 'server':
      return v;
    case 'unchanged': // --dry-run with no value
      err('warning: --dry-run is deprecated and can be replaced with --dry-run=client.');
      return 'client';
  }
  let b: boolean;
  try {
    b = parseBool(v);
  } catch {
    throw new CliError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  }
  err(`warning: --dry-run=${v} is deprecated (boolean value) and can be replaced with --dry-run=${b ? 'client' : 'none'}.`);
  return b ? 'client' : 'none';
}
