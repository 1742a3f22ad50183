// The cluster lock's own file (lock.ts): a symlink <file>.lock → "PID COMMAND" made in one step
// (Mercurial's lock.py), reading it back, and whether the process it names is a live sts.
import { linkSync, readFileSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../api/errors.js';

/** After this long a waiter says, once, whom it waits for. */
export const NOTICE_AFTER_MS = 1_000;
/** The head of the queue tries the lock this often; the others watch the ticket ahead of theirs. */
export const HEAD_POLL_MS = 1;
export const QUEUE_POLL_MS = { least: 2, most: 20 };
/** How often a waiter checks that the process it waits behind is still a live sts process. */
export const LIVENESS_MS = 100;

/** The process a lock or ticket names; `command` is what it runs (empty in locks of older sts). */
export interface Holder {
  pid: number;
  command: string;
}

export const lockPathOf = (path: string) => `${path}.lock`;
export const queueDirOf = (path: string) => `${path}.lock.d`;

const cell = new Int32Array(new SharedArrayBuffer(4));
export const sleep = (ms: number) => Atomics.wait(cell, 0, 0, ms);
export const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

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

/** What a lock says: this process's pid and `command` (one line, not too long). */
export function ownToken(command: string[]): string {
  const cmd = ['sts', ...command].join(' ').replace(/[\0-\x1f\x7f]/g, ' ');
  return `${process.pid} ${cmd.length > 200 ? `${cmd.slice(0, 199)}…` : cmd}`;
}

/** The text of the lock: a symlink's target, or a regular file's content (older sts, the fallback
 *  below); undefined when there is no lock. */
export function lockText(lockPath: string): string | undefined {
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

/** Directories whose filesystem has refused a symlink (a process may work on clusters in several). */
const noSymlinks = new Set<string>();

/** Make the lock, saying `token`, in one step; false when there is one already. Where the filesystem
 *  has no symlinks, a file written aside and hard-linked into place does the same in three steps. */
export function create(lockPath: string, token: string): boolean {
  const symlinksWork = !noSymlinks.has(dirname(lockPath));
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
      noSymlinks.add(dirname(lockPath));
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

export const lockError = (path: string, e: unknown) =>
  e instanceof CliError ? e : new CliError(`error: cannot lock the cluster file ${path}: ${errnoText(e)}`);
