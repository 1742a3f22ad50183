// `sts shell`: kubectl commands at a prompt, run in this one process (main(argv, io) per line), with
// the namespace and the cluster's time in the prompt, Tab completion, history and Ctrl-R, `ns NAME`,
// `!cmd` and `cmd | host pipeline`. Piped input is a script: no prompt, the last failure's exit code.
// Between commands the shell holds nothing: each command takes the cluster's lock as any sts does.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { createInterface, type Interface, type Key } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadStream } from 'node:tty';
import { CliError } from '../api/errors.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { io, setExitCode, type OutStream } from './output.js';
import { main } from './main.js';
import { completeLine } from './shell-complete.js';
import { HISTORY_SIZE, historyFile, loadHistory, rememberLine, ReverseSearch } from './shell-history.js';
import { parseLine } from './shell-line.js';
import { runHost, runSts, type Session } from './shell-run.js';
import type { Verb } from './verb.js';

export const shellVerb: Verb = {
  help: {
    short: 'An interactive prompt for kubectl commands on the simulated cluster, in one process',
    long: `Run kubectl commands without the prefix ("get pods"; "kubectl get pods" and "sts get pods" work too) at a
prompt that shows the namespace and the cluster's time ("sts default 16:05:30> "). Tab completes commands,
flags, resource types, names from the cluster, and files after -f. History is kept beside the cluster file
(<cluster file>.history); Up and Down walk it, Ctrl-R searches it. Ctrl-C stops a running command (get -w,
rollout status, logs -f) and keeps the shell; Ctrl-D or "exit" leaves.

Shell commands: "ns NAME" works in another namespace ("ns" alone prints it), "cd DIR", "!CMD" runs CMD on the
host, "COMMAND | CMD" pipes a command's output into host commands, "exit [CODE]".

With its input not a terminal (a pipe, a file) the lines run as a script: no prompt, no colour, and the
exit code is the last failing line's (0 if none failed). Other sts processes may use the cluster at the same
time: every line sees what they did.`,
    examples: `  # An interactive session
  sts shell

  # A script
  printf 'apply -f web.yaml\\nclock settle\\nget pods -o name | grep web-1\\n' | sts shell`,
    usage: 'sts shell',
  },
  run: async ({ args, opts }) => {
    if (args.length) throw new CliError(`error: sts shell takes no arguments (got "${args.join(' ')}"); pipe commands into it instead`, 'shell');
    const shellIo = io();
    const s: Session = {
      statePath: opts.state!,
      cwd: shellIo.cwd,
      env: shellIo.env,
      interactive: !!shellIo.stdin.isTTY,
      stdout: shellIo.stdout,
      stderr: shellIo.stderr,
    };
    setExitCode(s.interactive ? await interactive(s, opts) : await script(s));
  },
};

/** What a line did: its exit code (undefined for a blank line or a comment), or the end of the session. */
type Outcome = number | undefined | { exit: number };

async function runLine(s: Session, line: string, atEnd: () => number): Promise<Outcome> {
  const parsed = parseLine(line);
  if (parsed.kind === 'empty') return undefined;
  if (parsed.kind === 'error') return fail(s, parsed.message);
  if (parsed.kind === 'host') return runHost(s, parsed.command);
  const [word, ...rest] = parsed.argv;
  if (!parsed.pipeTo) {
    if (word === 'exit' || word === 'quit') return exit(s, rest, atEnd);
    if (word === 'ns') return switchNamespace(s, rest);
    if (word === 'cd') return changeDirectory(s, rest);
  }
  if (word === 'shell') return fail(s, 'error: already in sts shell');
  return runSts(s, parsed.argv, parsed.pipeTo);
}

function fail(s: Session, message: string): number {
  s.stderr.write(`${message}\n`);
  return 1;
}

function exit(s: Session, args: string[], atEnd: () => number): Outcome {
  if (!args.length) return { exit: atEnd() };
  const code = Number(args[0]);
  return args.length > 1 || !Number.isInteger(code) ? fail(s, 'error: exit takes one number (exit 1)') : { exit: code & 255 };
}

/** `ns`: the namespace the next commands work in (checked to exist, as kubens does); alone, the one in use. */
async function switchNamespace(s: Session, args: string[]): Promise<number> {
  if (args.length > 1) return fail(s, 'error: ns takes one namespace (ns kube-system)');
  if (!args.length) {
    const { ns } = await clusterNow(s);
    s.stdout.write(`${ns}\n`);
    return 0;
  }
  let stderr = '';
  const code = await main(['get', 'namespace', args[0], '-o', 'name'], {
    stdout: { write: () => undefined },
    stderr: { write: (t: string) => void (stderr += t) },
    stdin: Readable.from([]),
    env: { ...s.env, STS_STATE: s.statePath },
    cwd: s.cwd,
  });
  if (code !== 0) return fail(s, stderr.trimEnd());
  s.ns = args[0];
  return 0;
}

function changeDirectory(s: Session, args: string[]): number {
  if (args.length > 1) return fail(s, 'error: cd takes one directory');
  const dir = resolve(s.cwd, args[0] ?? s.env.HOME ?? homedir());
  try {
    if (!statSync(dir).isDirectory()) return fail(s, `cd: ${args[0]}: Not a directory`);
  } catch {
    return fail(s, `cd: ${args[0]}: No such file or directory`);
  }
  s.cwd = dir;
  return 0;
}

/** The namespace in use and the cluster's time of day, as the prompt shows them (a short transaction: it
 *  also brings a real clock's simulation to now). */
async function clusterNow(s: Session): Promise<{ ns: string; time: string }> {
  const opts: GlobalOpts = { state: s.statePath, namespace: s.ns };
  return withCluster(opts, (c) => ({ ns: namespaceOf(opts), time: c.timestamp().slice(11, 19) }));
}

/** Lines from a pipe or a file, one after another; the exit code of the last one that failed. */
async function script(s: Session): Promise<number> {
  let last = 0;
  const lines = createInterface({ input: io().stdin, terminal: false, crlfDelay: Infinity });
  for await (const line of lines) {
    const outcome = await runLine(s, line, () => last);
    if (typeof outcome === 'object') return outcome.exit;
    if (outcome) last = outcome;
  }
  return last;
}

/** The prompt on a terminal. While a command runs the terminal is the command's (and a host program's):
 *  cooked, Ctrl-C a SIGINT that aborts the command; at the prompt readline has it, raw. */
async function interactive(s: Session, opts: GlobalOpts): Promise<number> {
  const input = io().stdin as ReadStream;
  const colour = !!s.stdout.isTTY && !s.env.NO_COLOR && !opts.noColor;
  const file = historyFile(s.statePath);
  const rl = createInterface({
    input,
    output: s.stdout as NodeJS.WritableStream,
    terminal: true,
    history: loadHistory(file),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string, done: (e: null, r: [string[], string]) => void) =>
      void completeLine(line, { state: s.statePath, namespace: s.ns }, s.cwd).then(
        (r) => done(null, r),
        () => done(null, [[], line]),
      ),
  });
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  rl.on('line', (line) => {
    queue.push(line);
    wake?.();
  });
  rl.on('close', () => {
    closed = true;
    wake?.();
  });

  let busy = false;
  let presses = 0;
  /** Ctrl-C while a command runs: stop it; a command that does not stop lets the third one end the shell. */
  const interrupt = () => {
    if (!s.running) return;
    if (++presses >= 3) process.exit(130);
    s.running.abort();
  };
  const hangup = () => process.exit(129); // the terminal went away: leave as a shell does ('exit' handlers clean up)
  process.on('SIGHUP', hangup);
  keys(rl, s.stdout, () => busy, interrupt);

  s.stdout.write('sts shell: kubectl commands without "kubectl"; ns NAME, !cmd, cmd | grep x; Tab, Ctrl-R; exit or Ctrl-D to leave\n');
  let code = 0;
  try {
    for (;;) {
      if (!queue.length && !closed) {
        rl.setPrompt(await prompt(s, colour));
        busy = false;
        input.setRawMode?.(true);
        rl.resume();
        rl.prompt();
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
      const line = queue.shift();
      if (line === undefined) {
        if (closed) break;
        continue;
      }
      busy = true;
      presses = 0;
      rl.pause();
      input.setRawMode?.(false);
      process.on('SIGINT', interrupt);
      rememberLine(file, line);
      const outcome = await runLine(s, line, () => 0).finally(() => process.off('SIGINT', interrupt));
      if (outcome === 130) s.stdout.write('\n');
      if (typeof outcome === 'object') {
        code = outcome.exit;
        break;
      }
    }
  } finally {
    process.off('SIGHUP', hangup);
    rl.close();
  }
  return code;
}

async function prompt(s: Session, colour: boolean): Promise<string> {
  try {
    const { ns, time } = await clusterNow(s);
    return colour ? `\x1b[1msts\x1b[0m \x1b[36m${ns}\x1b[0m \x1b[2m${time}\x1b[0m> ` : `sts ${ns} ${time}> `;
  } catch (e) {
    s.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 'sts> ';
  }
}

type KeyHandler = (text: string | undefined, key: Key | undefined) => void;

/**
 * What keys do, before readline sees them: Ctrl-C at the prompt drops the line (bash), Ctrl-R searches
 * the history; while a command runs (a spinner reads the terminal then) only Ctrl-C counts. Readline
 * calls its key handler by an internal symbol (Node 20's kTtyWrite): without it, Ctrl-C still works
 * through readline's SIGINT event, and Ctrl-R does nothing.
 */
function keys(rl: Interface, out: OutStream, busy: () => boolean, interrupt: () => void): void {
  const line = rl as unknown as { line: string; cursor: number; history: string[]; _refreshLine(): void; getPrompt(): string };
  const cancelLine = () => {
    out.write('^C\n');
    line.line = '';
    line.cursor = 0;
    rl.prompt();
  };
  rl.on('SIGINT', () => (busy() ? interrupt() : cancelLine()));
  const symbol = symbolNamed(rl, '_ttyWrite');
  if (!symbol) return;
  const target = rl as unknown as Record<symbol, KeyHandler>;
  const original = target[symbol].bind(rl);
  let search: { rs: ReverseSearch; prompt: string; before: string } | undefined;
  const show = (text: string, promptText: string) => {
    rl.setPrompt(promptText);
    line.line = text;
    line.cursor = text.length;
    line._refreshLine();
  };
  const end = (text: string) => {
    const { prompt: p } = search!;
    search = undefined;
    show(text, p);
  };
  const handler: KeyHandler = (text, key = {}) => {
    if (busy()) return void (key.ctrl && key.name === 'c' && interrupt());
    if (search) {
      const rs = search.rs;
      if (key.ctrl && key.name === 'r') rs.older();
      else if (key.name === 'backspace') rs.setQuery(rs.query.slice(0, -1));
      else if ((key.ctrl && key.name === 'g') || key.name === 'escape') return end(search.before);
      else if (key.ctrl && key.name === 'c') return void (end(''), cancelLine());
      else if (text && !key.ctrl && !key.meta && text.length === 1 && text >= ' ') rs.setQuery(rs.query + text);
      else {
        end(rs.match || search.before); // any other key takes the match into the line and acts on it
        return original(text, key);
      }
      return show(rs.match || (rs.query ? line.line : ''), rs.prompt());
    }
    if (key.ctrl && key.name === 'r') {
      search = { rs: new ReverseSearch(line.history), prompt: rl.getPrompt(), before: line.line };
      return show(line.line, search.rs.prompt());
    }
    original(text, key);
  };
  Object.defineProperty(rl, symbol, { value: handler, configurable: true, writable: true }); // the prototype's is a getter
}

function symbolNamed(o: object, description: string): symbol | undefined {
  for (let p = o; p; p = Object.getPrototypeOf(p)) {
    const found = Object.getOwnPropertySymbols(p).find((sym) => sym.description === description);
    if (found) return found;
  }
  return undefined;
}
