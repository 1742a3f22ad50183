// The cluster lock, fair: a symlink <file>.lock → "PID COMMAND", made in one step with what it says
// (Mercurial's lock.py), so no kill leaves a lock naming nobody; waiters queue in <file>.lock.d/ with
// tickets taken as in Lamport's bakery. (Node has no portable flock without a native add-on.)
// This file: taking and releasing it; lock-link.ts: the lock's file; lock-queue.ts: the waiters' queue.
import { appendFileSync, existsSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureDir } from './data-dirs.js';
import { code, create, lockError, lockPathOf, lockText, ownToken, parseHolder, queueDirOf } from './lock-link.js';
import { Waiter } from './lock-queue.js';
import { monotonicMs } from './monotonic.js';

export { errnoText, liveSts, parseHolder, pidAlive, type Holder } from './lock-link.js';

/** How long a command waits for the lock before it gives up. */
export const LOCK_TIMEOUT_MS = 30_000;

export interface LockOptions {
  timeoutMs?: number;
  /** Runs once the lock is ours after taking it over from a dead holder (to clear what it left). */
  afterTakeover?: () => void;
  /** The command line the lock names (without `sts`); this process's arguments if not given. */
  command?: string[];
  /** Diagnostics (STS_LOCK_STATS=FILE): each acquisition appends how long it waited (ms) to this file. */
  statsFile?: string;
  /** Says whom it waits for, once, after a second (written at once: the wait is synchronous); fd 2 if not given. */
  notice?: (line: string) => void;
}

/** Locks this process holds: taking one twice is a bug (the second would wait for the first forever). */
const held = new Set<string>();

/** Diagnostics: append how long an acquisition waited (ms) to `file`, when there is one. */
function recordWait(file: string | undefined, ms: number): void {
  if (file) appendFileSync(file, `${ms.toFixed(1)}\n`);
}

/**
 * Take the lock on the cluster file `path` and return its release (also run at exit). A free lock
 * with nobody queued costs one stat and one symlink. Otherwise wait in the queue, taking over a
 * lock whose holder is not a live sts process; after `timeoutMs` give up with kubectl's kind of message.
 */
export function acquireLock(path: string, options: LockOptions = {}): () => void {
  const lockPath = lockPathOf(path);
  if (held.has(lockPath)) throw new Error(`the lock on ${path} is already held by this process`);
  const token = ownToken(options.command ?? process.argv.slice(2));
  const start = monotonicMs();
  try {
    if (!existsSync(queueDirOf(path)) && tryCreate(path, lockPath, token)) {
      recordWait(options.statsFile, 0);
      return holding(lockPath);
    }
  } catch (e) {
    throw lockError(path, e);
  }
  const waiter = new Waiter(path, token, start, options.timeoutMs ?? LOCK_TIMEOUT_MS, options.notice);
  const tookOver = waiter.wait();
  recordWait(options.statsFile, monotonicMs() - start);
  const release = holding(lockPath);
  if (tookOver) options.afterTakeover?.();
  return release;
}

/** Create the lock, making the cluster file's directory on first use. */
function tryCreate(path: string, lockPath: string, token: string): boolean {
  try {
    return create(lockPath, token);
  } catch (e) {
    if (code(e) !== 'ENOENT') throw e;
    ensureDir(dirname(path));
    return create(lockPath, token);
  }
}

function holding(lockPath: string): () => void {
  held.add(lockPath);
  let holds = true;
  const release = () => {
    if (!holds) return;
    holds = false;
    held.delete(lockPath);
    process.removeListener('exit', release);
    try {
      if (parseHolder(lockText(lockPath) ?? '')?.pid === process.pid) unlinkSync(lockPath); // never another's, should ours be gone
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return release;
}
