// Comparing the real kubectl against `sts serve` with `sts` itself on the same cluster: both outputs,
// normalized only where kubectl computes something from its own wall clock, and a twin of the cluster
// file for commands that change the cluster (each side must change its own copy of the same state).
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Result, Sts } from '../helpers.js';
import type { Served } from './served.js';

/** Where every difference seen is appended (for the report); unset: nowhere. */
const DIFF_LOG = process.env.STS_SERVE_DIFF_LOG;

export interface Pair {
  kubectl: Result;
  sts: Result;
  /** what both outputs go through before they are compared */
  normalize?: (s: string) => string;
}

/**
 * describe's Events table: kubectl ages each event from its own wall clock (a manual clock's times are
 * not its now, so it prints `0s` or `<invalid>`), sts from the cluster's clock. The Age column (and the
 * widths it sets) is replaced by `?`; every other column is kept.
 */
export function normalizeEventAges(text: string): string {
  let inEvents = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*Type\s+Reason\s+Age\s+From\s+Message\s*$/.test(line)) inEvents = true;
      else if (inEvents && !/^\s{2,}\S/.test(line)) inEvents = false;
      if (!inEvents) return line;
      const indent = /^\s*/.exec(line)![0];
      const cols = line.trim().split(/\s{2,}/);
      if (cols.length >= 5) cols[2] = '?';
      return indent + cols.join('  ');
    })
    .join('\n');
}

/** Both sides as one comparable value (so a failing assertion shows every difference at once). */
export const shown = (r: Result, normalize: (s: string) => string = (s) => s) => ({
  stdout: normalize(r.stdout),
  stderr: normalize(r.stderr),
  code: r.code,
});

export function record(what: string, pair: Pair, normalize?: (s: string) => string): Pair {
  pair.normalize = normalize;
  if (!DIFF_LOG) return pair;
  const k = shown(pair.kubectl, normalize);
  const t = shown(pair.sts, normalize);
  if (JSON.stringify(k) !== JSON.stringify(t)) {
    appendFileSync(
      DIFF_LOG,
      `### ${what}\n--- kubectl [${k.code}]\n${k.stdout}--- kubectl stderr\n${k.stderr}--- sts [${t.code}]\n${t.stdout}--- sts stderr\n${t.stderr}\n`,
    );
  }
  return pair;
}

/** A read: kubectl through the server and sts, on the same cluster file at the same instant. */
export function read(served: Served, args: string | string[], normalize?: (s: string) => string): Pair {
  const what = Array.isArray(args) ? args.join(' ') : args;
  return record(what, { kubectl: served.kubectl(args), sts: served.sts.run(args) }, normalize);
}

/** A copy of `sts`'s cluster (same objects, same uids, same clock) in a directory of its own (taken while no command runs). */
export function twin(sts: Sts): Sts {
  const copy = new Sts('none');
  mkdirSync(dirname(copy.state), { recursive: true });
  copyFileSync(sts.state, copy.state);
  // the root names documents in <file>.data/docs (store/docs.ts)
  if (existsSync(`${sts.state}.data`)) cpSync(`${sts.state}.data`, `${copy.state}.data`, { recursive: true });
  return copy;
}

/**
 * A change: kubectl changes the served cluster, sts a twin made just before; both start from the
 * same state at the same instant. The served cluster is the one that goes on.
 */
export function change(served: Served, args: string | string[], input?: string, normalize?: (s: string) => string): Pair {
  const what = Array.isArray(args) ? args.join(' ') : args;
  const copy = twin(served.sts);
  try {
    return record(what, { kubectl: served.kubectl(args, input), sts: copy.run(args, input) }, normalize);
  } finally {
    copy.cleanup();
  }
}

/** Stop the server; what it printed goes to the difference log (a crash shows there). */
export async function stopServed(served: Served | undefined): Promise<void> {
  if (!served) return;
  const exited = served.process.child.exitCode;
  const r = await served.stop();
  if (DIFF_LOG)
    appendFileSync(DIFF_LOG, `=== sts serve (${exited === null ? 'running until stopped' : `exited ${exited}`}):\n${r.stdout}${r.stderr}\n`);
}
