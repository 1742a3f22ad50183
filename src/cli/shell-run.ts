// One line of `sts shell`: an sts command run in this process (main(argv, io), its output on the
// terminal or into a host pipeline's stdin), or a host command (`!cmd`) through /bin/sh. Ctrl-C stops
// the command that runs: the shell aborts its invocation's signal (loops end at their next delay).
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { Readable } from 'node:stream';
import { main } from './main.js';
import type { OutStream } from './output.js';

/** What the lines of one shell session share. */
export interface Session {
  /** the cluster file, absolute: every command (and host command, as $STS_STATE) works on it */
  statePath: string;
  /** the namespace `ns NAME` chose; the context's until then */
  ns?: string;
  cwd: string;
  env: Record<string, string | undefined>;
  /** a terminal: host programs get it (stdin, stdout, stderr) as they would from a shell */
  interactive: boolean;
  stdout: OutStream;
  stderr: OutStream;
  /** the command running now, to be aborted by Ctrl-C */
  running?: AbortController;
}

/** Run `sts ARGV` (its stdout into `pipeTo`, a host pipeline, if given); resolves to the line's exit code. */
export async function runSts(s: Session, argv: string[], pipeTo?: string): Promise<number> {
  // -n from `ns NAME`, first so that the line's own -n wins; `config set-context --namespace` means something else
  const full = s.ns && argv[0] !== 'config' ? [`--namespace=${s.ns}`, ...argv] : argv;
  const child = pipeTo ? host(s, pipeTo, 'pipe') : undefined;
  if (child) child.stdin!.on('error', () => undefined); // the reader left early (`| head -1`): the rest is dropped
  const running = (s.running = new AbortController());
  try {
    const code = await main(full, {
      stdout: child ? (child.stdin! as unknown as OutStream) : s.stdout,
      stderr: s.stderr,
      stdin: Readable.from([]), // the terminal stays the shell's
      env: commandEnv(s),
      cwd: s.cwd,
      signal: running.signal,
    });
    if (!child) return code;
    child.stdin!.end();
    const piped = await exited(child);
    return running.signal.aborted ? 130 : piped;
  } finally {
    s.running = undefined;
  }
}

/** Run a host command through /bin/sh; resolves to its exit code (128+N for a signal, as sh says). */
export function runHost(s: Session, command: string): Promise<number> {
  return exited(host(s, command, s.interactive ? 'inherit' : 'ignore'));
}

/** The environment of the shell's commands: the cluster file named, so `!sts …` uses the same one. */
const commandEnv = (s: Session) => ({ ...s.env, STS_STATE: s.statePath });

/** A host command; on a terminal it writes there itself, else its output is passed on to the shell's streams. */
function host(s: Session, command: string, stdin: 'pipe' | 'inherit' | 'ignore'): ChildProcess {
  const out = s.interactive ? 'inherit' : 'pipe';
  const child = spawn('/bin/sh', ['-c', command], { cwd: s.cwd, env: commandEnv(s), stdio: [stdin, out, out] });
  for (const [from, to] of [
    [child.stdout, s.stdout],
    [child.stderr, s.stderr],
  ] as const) {
    from?.setEncoding('utf8');
    from?.on('data', (d: string) => to.write(d));
  }
  return child;
}

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}
