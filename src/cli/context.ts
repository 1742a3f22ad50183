// Running a command against the cluster file: lock, load, catch the simulation up to now, act,
// let the controllers react, save atomically. Output goes through here so errors and partial
// failures end with kubectl's streams and exit codes.
import { CliError } from '../api/errors.js';
import { targetTime } from '../controller/clock.js';
import { advance } from '../controller/simulate.js';
import type { NsChoice } from '../store/apiserver.js';
import { Cluster } from '../store/cluster.js';
import { load, lock, save, statePath } from '../store/file.js';
import { newClusterFile } from '../store/schema.js';

export interface GlobalOpts {
  state?: string;
  namespace?: string;
  color?: boolean;
}

export function nsChoice(opts: GlobalOpts): NsChoice {
  return { name: opts.namespace || 'default', explicit: !!opts.namespace };
}

export const out = (s: string) => {
  if (s) process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};
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

/**
 * Open the cluster (creating it on first use), bring it to now, run `fn`, let the controllers act on
 * what it changed, and save if anything did. Nothing is saved if `fn` throws.
 */
export async function withCluster<T>(opts: GlobalOpts, fn: (c: Cluster) => T | Promise<T>): Promise<T> {
  const path = statePath(opts.state);
  const release = lock(path);
  try {
    const file = load(path);
    const c = new Cluster(file ?? newClusterFile('real'));
    if (!file) c.changed = true;
    advance(c, targetTime(c.file));
    const result = await fn(c);
    advance(c, c.now);
    if (c.changed) save(path, c.toFile());
    return result;
  } finally {
    release();
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
