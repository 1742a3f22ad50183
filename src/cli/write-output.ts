// How write commands report: kubectl's `<kind>/<name> <verb>` line, ` (dry run)` or
// ` (server dry run)` appended under --dry-run, or the object itself with -o name|yaml|json.
import { CliError } from '../api/errors.js';
import type { KObject } from '../api/types.js';
import { nameOf, printJson, printYaml } from '../print/printers.js';
import { err, out } from './output.js';
import { parseBool } from './flags.js';

export type DryRun = 'none' | 'client' | 'server';

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

export function checkWriteOutput(o: string | undefined): void {
  if (o !== undefined && !['name', 'yaml', 'json'].includes(o))
    throw new CliError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: json,name,yaml`);
}

const suffix = (d: DryRun) => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

export async function reportWrite(obj: KObject, verb: string, opts: { output?: string; dryRun?: DryRun }): Promise<void> {
  const d = opts.dryRun ?? 'none';
  switch (opts.output) {
    case 'name':
      return out(nameOf(obj));
    case 'json':
      return out(printJson([obj], true));
    case 'yaml':
      return out(await printYaml([obj], true));
    default:
      out(`${nameOf(obj)} ${verb}${suffix(d)}`);
  }
}

/** delete's own form: `pod "web-1" deleted`. */
export function deletedLine(kindName: string, name: string, force: boolean, d: DryRun): string {
  return `${kindName} "${name}" ${force ? 'force deleted' : 'deleted'}${suffix(d)}`;
}
