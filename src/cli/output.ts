// Output streams and exit codes, kubectl's way: results on stdout; warnings and errors on stderr;
// a failure still lets the rest of the command finish, then exits 1. Kept free of heavy imports:
// the CLI entry loads it before any verb.
import { CliError } from '../api/errors.js';

/** stdout written while a transaction runs, held until the state it reports is saved (see holdOutput). */
let held: string[] | undefined;

/** Raw stdout (no newline added). */
export const write = (s: string) => {
  if (held) held.push(s);
  else process.stdout.write(s);
};

export const out = (s: string) => {
  if (s) write(s.endsWith('\n') ? s : `${s}\n`);
};

/** Hold stdout until `flush` (or forget it with `drop`): a command says `created` only once the cluster
 *  file has it, as kubectl says it only once the API server has answered. */
export function holdOutput(): { flush(): void; drop(): void } {
  const outer = held;
  const mine: string[] = [];
  held = mine;
  let done = false;
  const end = (print: boolean) => {
    if (done) return;
    done = true;
    held = outer;
    if (print) for (const s of mine) write(s);
  };
  return { flush: () => end(true), drop: () => end(false) };
}
export const err = (s: string) => {
  if (s) process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
};

/** Errors collected while the rest of a command goes on; printed at the end, exit 1. */
export class Failures {
  readonly list: string[] = [];
  add(e: unknown): void {
    if (e instanceof CliError) this.list.push(e.message);
    else throw e;
  }
  /** Run fn; a CliError is collected instead of thrown. */
  try<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.add(e);
      return undefined;
    }
  }
  report(): void {
    for (const m of this.list) err(m);
    if (this.list.length) process.exitCode = 1;
  }
}

/** Run a command body, turning a thrown CliError into kubectl's message and exit code 1. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof CliError) {
      err(e.message);
      if (e.usageOf) err(`See 'sts ${e.usageOf} -h' for help and examples`);
      process.exitCode = 1;
      return;
    }
    const msg = e instanceof Error ? e.message : String(e);
    err(`error: internal error in sts: ${msg}${process.env.STS_DEBUG && e instanceof Error ? `\n${e.stack}` : ''}`);
    err('The cluster file was not changed. Please report this, with the command that caused it.');
    process.exitCode = 1;
  }
}
