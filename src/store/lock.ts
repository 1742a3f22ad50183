// The cluster lock, fair: a symlink <file>.lock → "PID COMMAND", made in one step with what it says
// (Mercurial's lock.py), so no kill leaves a lock naming nobody; waiters queue in <file>.lock.d/ with
// tickets taken as in Lamport's bakery. (Node has no portable flock without a native add-on.)
import { appendFileSync, closeSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmdirSync, symlinkSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../api/errors.js';
import { DIR_MODE, ensureDir } from './data-dirs.js';

/** How long a command waits for the lock before it gives up. */
export const LOCK_TIMEOUT_MS = 30_000;
/** After this long a waiter says, once, whom it waits for. */
const NOTICE_AFTER_MS = 1_000;
/** The head of the queue tries the lock this often; the others watch the ticket ahead of theirs. */
const HEAD_POLL_MS = 1;
const QUEUE_POLL_MS = { least: 2, most: 20 };
/** How often a waiter checks that the process it waits behind is still a live sts process. */
const LIVENESS_MS = 100;

export interface LockOptions {
  timeoutMs?: number;
  /** Runs once the lock is ours after taking it over from a dead holder (to clear what it left). */
  afterTakeover?: () => void;
}

/** The process a lock or ticket names; `command` is what it runs (empty in locks of older sts). */
export interface Holder {
  pid: number;
  command: string;
}

const lockPathOf = (path: string) => `${path}.lock`;
const queueDirOf = (path: string) => `${path}.lock.d`;

/** Locks this process holds: taking one twice is a bug (the second would wait for the first forever). */
const held = new Set<string>();

const cell = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(cell, 0, 0, ms);
const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

const STS_WORD = /(^|[^A-Za-z0-9])sts([^A-Za-z0-9]|$)/;

/**
 * Whether `pid` is another running sts process. On Linux its command line must mention sts (bin/sts.js,
 * an `sts` on the PATH, or the script this process runs): a pid reused by another program, or a
 * zombie, holds nothing. Elsewhere `kill -0` is all there is.
 */
export function liveSts(pid: number): boolean {
  if (pid === process.pid || !pidAlive(pid)) return false;
  if (process.platform !== 'linux') return true;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch (e) {
    return code(e) !== 'ENOENT' && code(e) !== 'ESRCH'; // hidden from us (hidepid): it may be sts
  }
  return STS_WORD.test(cmdline) || (!!process.argv[1] && cmdline.includes(process.argv[1]));
}

/** "PID COMMAND" for a lock or a message; undefined when `text` names no process (empty, garbage). */
export function parseHolder(text: string): Holder | undefined {
  const m = /^(\d{1,10})(?:\s([^]*))?$/.exec(text.trim());
  const pid = Number(m?.[1]);
  return m && pid > 0 ? { pid, command: (m[2] ?? '').trim() } : undefined;
}

/** What this process's lock says: its pid and command line (one line, not too long). */
function ownToken(): string {
  const cmd = ['sts', ...process.argv.slice(2)].join(' ').replace(/[\0-\x1f\x7f]/g, ' ');
  return `${process.pid} ${cmd.length > 200 ? `${cmd.slice(0, 199)}…` : cmd}`;
}

/** The text of the lock: a symlink's target, or a regular file's content (older sts, the fallback
 *  below); undefined when there is no lock. */
function lockText(lockPath: string): string | undefined {
  try {
    return readlinkSync(lockPath);
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    if (code(e) !== 'EINVAL' && code(e) !== 'UNKNOWN') throw e;
  }
  try {
    return readFileSync(lockPath, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw e;
  }
}

let symlinksWork = true;

/** Make the lock, saying `token`, in one step; false when there is one already. Where the filesystem
 *  has no symlinks, a file written aside and hard-linked into place does the same in three steps. */
function create(lockPath: string, token: string): boolean {
  try {
    if (symlinksWork) symlinkSync(token, lockPath);
    else {
      const aside = `${lockPath}.${process.pid}`;
      writeFileSync(aside, token, { mode: 0o600 });
      try {
        linkSync(aside, lockPath);
      } finally {
        unlinkSync(aside);
      }
    }
    return true;
  } catch (e) {
    if (code(e) === 'EEXIST') return false;
    // a full disk may have no block for a long link, but short ones live in the inode
    if ((code(e) === 'ENOSPC' || code(e) === 'EDQUOT') && token !== String(process.pid)) return create(lockPath, String(process.pid));
    if (symlinksWork && ['EPERM', 'ENOSYS', 'ENOTSUP', 'EOPNOTSUPP'].includes(code(e) ?? '')) {
      symlinksWork = false;
      return create(lockPath, token);
    }
    throw e;
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EFBIG: 'file too large',
};

/** A system error as a message can say it: "no space left on device (ENOSPC)". */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (!err?.code) return String(err?.message ?? e);
  const text = ERRNO_TEXT[err.code] ?? /^[A-Z0-9_]+: ([^,]+)/.exec(err.message)?.[1] ?? err.message;
  return `${text} (${err.code})`;
}

const lockError = (path: string, e: unknown) => (e instanceof CliError ? e : new CliError(`error: cannot lock the cluster file ${path}: ${errnoText(e)}`));

/** Diagnostics: with STS_LOCK_STATS=FILE each acquisition appends how long it waited (ms) to FILE. */
function recordWait(ms: number): void {
  const file = process.env.STS_LOCK_STATS;
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
  const token = ownToken();
  const start = performance.now();
  try {
    if (!existsSync(queueDirOf(path)) && tryCreate(path, lockPath, token)) {
      recordWait(0);
      return holding(lockPath);
    }
  } catch (e) {
    throw lockError(path, e);
  }
  const waiter = new Waiter(path, token, start, options.timeoutMs ?? LOCK_TIMEOUT_MS);
  const tookOver = waiter.wait();
  recordWait(performance.now() - start);
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

/** A place in the queue: `<n>-<pid>.ticket`; lower n first, then lower pid (the bakery's order). */
interface Ticket {
  name: string;
  n: number;
  pid: number;
}
const TICKET = /^(\d+)-(\d+)\.ticket$/;
const CHOOSING = /^(\d+)\.choosing$/;
const before = (a: Ticket, b: Ticket) => a.n < b.n || (a.n === b.n && a.pid < b.pid);

/** What a scan of the queue found: a live ticket ahead of ours, or nothing ahead (`clear`), or
 *  something that must be looked at again (a number being chosen, our ticket gone). */
type Scan = { ahead: Ticket; position: number } | 'clear' | 'again';

class Waiter {
  private readonly dir: string;
  private readonly lockPath: string;
  private readonly deadline: number;
  private own!: Ticket;
  private noticed = false;
  /** the ticket we wait behind, for the time-out message */
  private behind?: Ticket;

  constructor(
    private readonly path: string,
    private readonly token: string,
    private readonly start: number,
    timeoutMs: number,
  ) {
    this.dir = queueDirOf(path);
    this.lockPath = lockPathOf(path);
    this.deadline = start + timeoutMs;
  }

  /** Queue, wait to be the head, then for the lock. True when it was taken over from a dead holder. */
  wait(): boolean {
    try {
      this.enter();
    } catch (e) {
      throw lockError(this.path, e);
    }
    try {
      for (;;) {
        const found = this.ahead();
        if (found === 'clear') break;
        this.behind = found.ahead;
        this.waitBehind(found.ahead, found.position);
      }
      this.behind = undefined;
      return this.takeLock();
    } catch (e) {
      throw lockError(this.path, e);
    } finally {
      this.leave();
    }
  }

  /** The bakery's doorway: while a `<pid>.choosing` file says so, take a number above every ticket
   *  there. Nobody decides it is the head while a live process is choosing. */
  private enter(): void {
    const choosing = join(this.dir, `${process.pid}.choosing`);
    for (;;) {
      try {
        mkdirSync(this.dir, DIR_MODE);
      } catch (e) {
        if (code(e) === 'ENOENT') ensureDir(dirname(this.dir));
        else if (code(e) !== 'EEXIST') throw e;
      }
      try {
        closeSync(openSync(choosing, 'w', 0o600));
      } catch (e) {
        if (code(e) !== 'ENOENT') throw e; // (ENOENT: the last one out removed the queue just now)
        continue;
      }
      // Our choosing file keeps the queue from being removed; should it vanish all the same (taken
      // for a dead process's), whatever then says ENOENT means: go through the doorway again.
      try {
        this.own = this.takeNumber();
      } catch (e) {
        if (code(e) !== 'ENOENT') throw e;
        continue;
      }
      try {
        unlinkSync(choosing);
      } catch (e) {
        if (code(e) !== 'ENOENT') throw e;
      }
      return;
    }
  }

  /** A ticket numbered above every ticket in the queue. */
  private takeNumber(): Ticket {
    let n = 1;
    for (const name of readdirSync(this.dir)) {
      const m = TICKET.exec(name);
      if (m) n = Math.max(n, Number(m[1]) + 1);
    }
    for (;; n++) {
      const name = `${n}-${process.pid}.ticket`;
      try {
        closeSync(openSync(join(this.dir, name), 'wx', 0o600));
        return { name, n, pid: process.pid };
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      }
    }
  }

  /** Leave the queue; the last one out removes it, so that the next command takes the fast path. */
  private leave(): void {
    this.remove(this.own?.name);
    try {
      rmdirSync(this.dir);
    } catch {
      /* others still queued */
    }
  }

  private remove(name: string | undefined): void {
    if (!name) return;
    try {
      unlinkSync(join(this.dir, name));
    } catch {
      /* gone already */
    }
  }

  /**
   * Whom we wait behind, or 'clear' when we are the head. A directory listing is no snapshot (an
   * entry made or removed during it may be missed), so the head is decided on two clear listings in
   * a row: a ticket that could sort before ours is then either seen, or its chooser was (Lamport's
   * bakery, with the listings as its reads).
   */
  private ahead(): { ahead: Ticket; position: number } | 'clear' {
    for (let clear = 0; clear < 2; ) {
      const found = this.scan();
      if (found === 'clear') clear++;
      else if (found === 'again') {
        clear = 0;
        this.tick();
        sleep(HEAD_POLL_MS);
      } else return found;
    }
    return 'clear';
  }

  private scan(): Scan {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (e) {
      if (code(e) !== 'ENOENT') throw e;
      names = [];
    }
    let mine = false;
    let choosing = false;
    const lower: Ticket[] = [];
    for (const name of names) {
      const t = TICKET.exec(name);
      if (t) {
        const ticket = { name, n: Number(t[1]), pid: Number(t[2]) };
        if (name === this.own.name) mine = true;
        else if (before(ticket, this.own)) lower.push(ticket);
        continue;
      }
      const c = CHOOSING.exec(name);
      if (c) {
        if (liveSts(Number(c[1]))) choosing = true;
        else this.remove(name);
      }
    }
    if (!mine) {
      // removed by someone who took us for dead (a pid check can err): queue again, at the back
      this.remove(this.own.name);
      this.enter();
      return 'again';
    }
    lower.sort((a, b) => (before(a, b) ? 1 : -1));
    for (const [i, t] of lower.entries()) {
      if (liveSts(t.pid)) return { ahead: t, position: lower.length - i };
      this.remove(t.name); // a waiter that died in the queue
    }
    return choosing ? 'again' : 'clear';
  }

  /** Wait until the ticket ahead is gone (its process took the lock, or gave up) or its process died. */
  private waitBehind(ahead: Ticket, position: number): void {
    const poll = Math.min(QUEUE_POLL_MS.most, Math.max(QUEUE_POLL_MS.least, 2 * position));
    let checked = performance.now();
    for (;;) {
      this.tick();
      sleep(poll);
      if (!existsSync(join(this.dir, ahead.name))) return;
      if (performance.now() - checked >= LIVENESS_MS) {
        if (!liveSts(ahead.pid)) return this.remove(ahead.name);
        checked = performance.now();
      }
    }
  }

  /** At the head: take the lock as soon as it is free, at once if its holder is not a live sts
   *  process (dead, a pid now used by another program, or none named: empty or garbage). Only the
   *  head takes a lock over, so no two processes remove the same dead lock. */
  private takeLock(): boolean {
    let tookOver = false;
    let seen: string | undefined;
    let checked = 0;
    for (;;) {
      if (create(this.lockPath, this.token)) return tookOver;
      const text = lockText(this.lockPath);
      if (text === undefined) continue; // released just now
      const holder = parseHolder(text);
      if (text !== seen || performance.now() - checked >= LIVENESS_MS) {
        if (!holder || !liveSts(holder.pid)) {
          // The text read may be stale: its holder released the lock and exited since, and the lock
          // there now (if any) is another's. Remove only the lock we judged; ENOENT: it is gone.
          if (lockText(this.lockPath) !== text) continue;
          try {
            unlinkSync(this.lockPath);
            tookOver = true;
          } catch (e) {
            if (code(e) !== 'ENOENT') throw e;
          }
          continue;
        }
        seen = text;
        checked = performance.now();
      }
      this.tick(holder);
      sleep(HEAD_POLL_MS);
    }
  }

  /** The notice after a second, and the deadline. */
  private tick(holder?: Holder): void {
    const now = performance.now();
    if (!this.noticed && now - this.start >= NOTICE_AFTER_MS) {
      const h = holder ?? this.holder();
      if (h) {
        this.noticed = true;
        note(`waiting for the cluster lock held by sts process ${h.pid}${h.command ? ` (${h.command})` : ''}…`);
      }
    }
    if (now >= this.deadline) {
      const pid = (holder ?? this.holder())?.pid ?? this.behind?.pid ?? 'unknown';
      throw new CliError(`error: timed out waiting for the cluster lock on ${this.path} (held by process ${pid})`);
    }
  }

  private holder(): Holder | undefined {
    try {
      const text = lockText(this.lockPath);
      return text === undefined ? undefined : parseHolder(text);
    } catch {
      return undefined;
    }
  }
}

/** A line on stderr, written at once: the waiter sleeps synchronously, so a stream would hold it. */
function note(line: string): void {
  try {
    writeSync(2, `${line}\n`);
  } catch {
    /* stderr closed or full: waiting goes on regardless */
  }
}
