// Output streams and exit codes, kubectl's way: results on stdout; warnings and errors on stderr;
// a failure still lets the rest of the command finish, then exits 1. Kept free of heavy imports:
// the CLI entry loads it before any verb. The streams, environment and exit code belong to the
// current invocation (`Io`, set by main for one command), so commands can run in one process.
import { isAbsolute, join } from 'node:path';
import { CliError } from '../api/errors.js';

/** Where a command writes, as much of a stream as sts uses (a Node stream's write says false when
 *  its buffer is full, and emits 'drain' once it has room again). */
export interface OutStream {
  write(s: string): void | boolean;
  isTTY?: boolean;
  columns?: number;
}

/** One invocation's world: its streams, environment and working directory. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** aborted when the invocation is interrupted (^C in `sts shell`): its waiting loops end at their next delay */
  signal?: AbortSignal;
}

/** The real process's streams, read when used (touching process.stdin creates its handle). */
export function processIo(): Io {
  const streams: Io = {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    get env() {
      return process.env;
    },
    get cwd() {
      return process.cwd();
    },
  };
  real.add(streams);
  return streams;
}

const real = new WeakSet<Io>();

/** A path the user gave, for reading or writing on the host: relative ones are the invocation's
 *  (its cwd); messages keep quoting it as given. */
export const localPath = (p: string): string => (isAbsolute(p) ? p : join(current.io.cwd, p));

/** Where a waiting command's lock notice goes: the real process writes fd 2 itself (the default),
 *  another invocation its own stderr. */
export const lockNotice = (): ((line: string) => void) | undefined =>
  real.has(current.io) ? undefined : (line) => current.io.stderr.write(`${line}\n`);

/** A held piece of output: stdout's text, or a line for stderr. */
type Held = string | { stderr: string };

interface Invocation {
  io: Io;
  argv: string[];
  exitCode: number;
  /** output held until the command's changes are saved: stdout's text, and warnings about what it wrote */
  held: Held[] | undefined;
  /** warnings already given (some are given once per command, as once per kubectl process) */
  warned: Set<string>;
}

const outside: Invocation = { io: processIo(), argv: process.argv.slice(2), exitCode: 0, held: undefined, warned: new Set() };
let current = outside;

/** The current invocation's streams, environment and working directory. */
export const io = (): Io => current.io;
/** The current invocation's command line (without `sts`). */
export const invocationArgv = (): string[] => current.argv;
/** The exit code the current command will end with (the last one set wins, as process.exitCode). */
export const setExitCode = (n: number) => {
  current.exitCode = n;
};

/** Run one invocation with its own io, exit code and held output; the previous one is restored after,
 *  so invocations may follow one another (or nest) in one process. */
export async function invoke(argv: string[], streams: Io, body: () => Promise<void>): Promise<number> {
  const outer = current;
  const mine: Invocation = { io: streams, argv, exitCode: 0, held: undefined, warned: new Set() };
  current = mine;
  try {
    await body();
  } finally {
    current = outer;
  }
  return mine.exitCode;
}

/** Where `-f` reads (manifest/load.ts): another invocation's directory and stdin; the real process
 *  reads paths as given (so messages quote them as before) and fd 0. */
export const manifestInput = (): { cwd?: string; stdin?: () => Promise<string> } =>
  real.has(current.io) ? {} : { cwd: current.io.cwd, stdin: readAllStdin };

/** All of the invocation's stdin as text, read as a stream: readFileSync(0) fails with EAGAIN on a
 *  non-blocking pipe whose writer is slow (a script fed by a Node parent, zx, execa). */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of current.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Raw stdout (no newline added). */
export const write = (s: string) => {
  if (current.held) current.held.push(s);
  else current.io.stdout.write(s);
};

export const out = (s: string) => {
  if (s) write(s.endsWith('\n') ? s : `${s}\n`);
};

/**
 * Write a long output chunk by chunk as the chunks are made, waiting whenever the stream's buffer is
 * full (a pipe to a slower reader): memory holds a chunk or so, never the whole output queued in the
 * stream. Held output (holdOutput) keeps the chunks as they are, never joined into one string. A
 * stream that fails (the reader went away) ends the output, and the command exits 1.
 */
export async function writeChunks(chunks: Iterable<string>): Promise<void> {
  const inv = current;
  for (const s of chunks) {
    if (inv.held) inv.held.push(s);
    else if (inv.io.stdout.write(s) === false && !(await drained(inv.io.stdout))) {
      inv.exitCode = 1;
      return;
    }
  }
}

/** Wait until a full stream has room again: true, or false if it failed or closed instead. */
function drained(stream: OutStream): Promise<boolean> {
  const s = stream as OutStream & Partial<NodeJS.EventEmitter>;
  if (typeof s.once !== 'function' || typeof s.off !== 'function') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      s.off!('drain', drain);
      s.off!('error', fail);
      s.off!('close', fail);
      resolve(ok);
    };
    const drain = done(true);
    const fail = done(false);
    s.once!('drain', drain);
    s.once!('error', fail);
    s.once!('close', fail);
  });
}

/** Hold stdout until `flush` (or forget it with `drop`): a command says `created` only once the cluster
 *  file has it, as kubectl says it only once the API server has answered. */
export function holdOutput(): { flush(): void; drop(): void } {
  const inv = current;
  const outer = inv.held;
  const mine: Held[] = [];
  inv.held = mine;
  let done = false;
  const end = (print: boolean) => {
    if (done) return;
    done = true;
    inv.held = outer;
    if (print)
      for (const s of mine) {
        if (typeof s === 'string') write(s);
        else err(s.stderr);
      }
  };
  return { flush: () => end(true), drop: () => end(false) };
}
/** A warning on stderr, given once in a command however often it applies. */
export function warnOnce(warning: string): void {
  if (current.warned.has(warning)) return;
  current.warned.add(warning);
  err(warning);
}

export const err = (s: string) => {
  if (s) current.io.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
};

/** A warning about what the command writes (a claim's class missing): on stderr after the lines
 *  that say what was written, held with them (and dropped with them when nothing is saved). */
export const warnAfter = (s: string) => {
  if (current.held) current.held.push({ stderr: s });
  else err(s);
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
    if (this.list.length) setExitCode(1);
  }
}

/** Thrown by `delay` once the invocation's signal is aborted: the command ends quietly, as kubectl on ^C. */
export class Interrupted extends Error {}

/** Run a command body, turning a thrown CliError into kubectl's message and exit code 1. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof Interrupted) return setExitCode(130);
    if (e instanceof CliError) {
      err(e.message);
      if (e.usageOf) err(`See 'sts ${e.usageOf} -h' for help and examples`);
      setExitCode(1);
      return;
    }
    const msg = e instanceof Error ? e.message : String(e);
    err(`error: internal error in sts: ${msg}${current.io.env.STS_DEBUG && e instanceof Error ? `\n${e.stack}` : ''}`);
    err('The cluster file was not changed. Please report this, with the command that caused it.');
    setExitCode(1);
  }
}

/** Wait a while without blocking (polling loops on a real clock); throws Interrupted once the invocation's
 *  signal is aborted, so every loop that waits here (watches, rollout status, logs -f, wait) can be stopped. */
export const delay = (ms: number) => {
  const signal = current.io.signal;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new Interrupted());
    const stop = () => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
};
