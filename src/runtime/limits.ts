// What one `exec` may use while it holds the cluster lock: wall time, nesting and memory. A limit
// that is passed ends the whole command (as the kubelet's exec timeout or an OOM kill would), not
// just the innermost part of it; Shell turns it into stderr text and an exit status.

/** Wall time for one exec command. The cluster stays locked while a command runs, so this is
 *  also the longest any other sts command waits on an exec (the lock waits 30 s). */
/** 4 s, so that with start-up and the save an interrupted command still ends within 5 s. */
export const EXEC_TIME_LIMIT_MS = 4_000;

/** Nested shells and command substitutions (`sh -c`, `sh < file`, `$( )`). dash has no limit of its
 *  own (each level is a process); ours run on one JavaScript stack, which holds a few thousand. */
export const MAX_NESTING = 100;

/** Characters one stream (a file read, a command's output, a variable's value) may hold: exec keeps
 *  streams in memory, and V8 strings stop at 2^29 characters. */
export const MAX_STREAM_CHARS = 64 * 2 ** 20;

export class LimitExceeded extends Error {
  constructor(
    readonly text: string,
    readonly code: number,
  ) {
    super(text);
  }
}

export const TIME_LIMIT_TEXT = `sts: exec: time limit exceeded (${EXEC_TIME_LIMIT_MS / 1000}s): the command was stopped\n`;
export const NESTING_LIMIT_TEXT = `sts: exec: recursion limit exceeded (${MAX_NESTING} nested shells or command substitutions)\n`;
export const MEMORY_LIMIT_TEXT = `sts: exec: memory limit exceeded (${MAX_STREAM_CHARS / 2 ** 20} MiB in one stream)\n`;

/** One command's budget, shared by the shells it starts. */
export class Budget {
  readonly deadline: number;
  depth = 0;

  constructor(timeLimitMs = EXEC_TIME_LIMIT_MS) {
    this.deadline = Date.now() + timeLimitMs;
  }

  /** Called between steps of anything that may take long; throws once the time is up
   *  (exit 124, as timeout(1) ends a command). */
  check(): void {
    if (Date.now() > this.deadline) throw new LimitExceeded(TIME_LIMIT_TEXT, 124);
  }

  /** A stream's text, if it fits (137: what an OOM-killed process exits with). */
  bound<T extends string>(text: T): T {
    this.fits(text.length);
    return text;
  }

  fits(chars: number): void {
    if (chars > MAX_STREAM_CHARS) throw new LimitExceeded(MEMORY_LIMIT_TEXT, 137);
  }

  /** Run one nesting level deeper. */
  nested<T>(fn: () => T): T {
    if (this.depth >= MAX_NESTING) throw new LimitExceeded(NESTING_LIMIT_TEXT, 2);
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }
}

/** The limit behind an error that ended a command: ours, or V8's own when something slipped past
 *  them (a string or stack too big), so no JavaScript error text reaches the user. */
export function limitOf(e: unknown): LimitExceeded | undefined {
  if (e instanceof LimitExceeded) return e;
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) return new LimitExceeded(NESTING_LIMIT_TEXT, 2);
    if (/string length|array length|allocation failed/i.test(e.message)) return new LimitExceeded(MEMORY_LIMIT_TEXT, 137);
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_STRING_TOO_LONG' || code === 'ERR_FS_FILE_TOO_LARGE') return new LimitExceeded(MEMORY_LIMIT_TEXT, 137);
  return undefined;
}
