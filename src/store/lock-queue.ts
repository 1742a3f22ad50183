// The queue of waiters for the cluster lock (lock.ts): tickets in <file>.lock.d/, taken as in
// Lamport's bakery, so waiters get the lock in the order they came.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../api/errors.js';
import { DIR_MODE, ensureDir } from './data-dirs.js';
import { monotonicMs } from './monotonic.js';
import {
  code,
  create,
  HEAD_POLL_MS,
  LIVENESS_MS,
  liveSts,
  lockError,
  lockPathOf,
  lockText,
  NOTICE_AFTER_MS,
  parseHolder,
  QUEUE_POLL_MS,
  queueDirOf,
  sleep,
  type Holder,
} from './lock-link.js';

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

export class Waiter {
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
    /** where the notice goes (the command's stderr); fd 2 by default */
    private readonly notice: (line: string) => void = note,
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
    for (; ; n++) {
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
    for (let clear = 0; clear < 2;) {
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
    let checked = monotonicMs();
    for (;;) {
      this.tick();
      sleep(poll);
      if (!existsSync(join(this.dir, ahead.name))) return;
      if (monotonicMs() - checked >= LIVENESS_MS) {
        if (!liveSts(ahead.pid)) return this.remove(ahead.name);
        checked = monotonicMs();
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
      if (text !== seen || monotonicMs() - checked >= LIVENESS_MS) {
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
        checked = monotonicMs();
      }
      this.tick(holder);
      sleep(HEAD_POLL_MS);
    }
  }

  /** The notice after a second, and the deadline. */
  private tick(holder?: Holder): void {
    const now = monotonicMs();
    if (!this.noticed && now - this.start >= NOTICE_AFTER_MS) {
      const h = holder ?? this.holder();
      if (h) {
        this.noticed = true;
        this.notice(`waiting for the cluster lock held by sts process ${h.pid}${h.command ? ` (${h.command})` : ''}…`);
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
