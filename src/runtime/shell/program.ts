// What a program is to the shell: the signature every command in programs/ has, the part of the
// shell it may use (ShellContext), its result (Io), and the helpers several programs share.
import type { Budget } from '../limits.js';
import type { Container } from '../container.js';
import type { Entry, LookupOptions } from '../podfs.js';

export interface Io {
  out: string;
  err: string;
  code: number;
}

/**
 * The shell a program runs in. Programs see it through this interface, not the Shell class, so
 * that the registry does not import the interpreter that imports the registry.
 */
export interface ShellContext {
  readonly ctr: Container;
  readonly budget: Budget;
  cwd: string;
  /** `$?` */
  readonly lastCode: number;
  /** set by `exit`: the script stops with this status */
  exited?: number;
  variable(name: string): string | undefined;
  abs(p: string): string;
  entry(p: string, opts?: LookupOptions): Entry;
  /** A file's text, within what a stream may hold. */
  readText(p: string): string;
  /** What `sh ARGS` runs: -c's script, a script file, or its input; or why it cannot. */
  shellScript(prog: string, args: string[], stdin: string): { src: string; stdin: string } | Io;
  /** Run a script in a child shell (same files and budget, its own exit). */
  subshell(src: string, stdin: string): Io;
}

/**
 * One program: `prog` is the name it was called by (after any directory), for the programs that
 * answer to several names (env/printenv, cp/mv, sh/bash/ash…). A file error it lets escape becomes
 * `PROG: REASON`; a Failed becomes its own text and status.
 */
export type Program = (sh: ShellContext, args: string[], stdin: string, prog: string) => Io;

/** An error a program reports in its own words (`rm: cannot remove …`), ending it with a status. */
export class Failed extends Error {
  constructor(
    readonly text: string,
    readonly code = 1,
  ) {
    super(text);
  }
}

export const ok = (out = ''): Io => ({ out, err: '', code: 0 });
export const fail = (err: string, code = 1): Io => ({ out: '', err, code });

/** The arguments that are not options (`-` is one; after `--` all are). */
export function operands(args: string[]): string[] {
  const dash = args.indexOf('--');
  const before = dash >= 0 ? args.slice(0, dash) : args;
  return [...before.filter((a) => !a.startsWith('-') || a === '-'), ...(dash >= 0 ? args.slice(dash + 1) : [])];
}
