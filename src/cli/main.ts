// The `sts` command line: find the command and parse its flags as kubectl does (dispatch.ts), then run
// the verb, whose code is loaded only for the command that runs (registry.ts). One call is one
// invocation with its own streams and exit code (output.ts), so a process may run many.
import { parseCommandLine } from './dispatch.js';
import { statePath } from '../store/state-path.js';
import { err, invoke, io, out, runCommand, setExitCode, type Io } from './output.js';

export { processIo, type Io } from './output.js';

/** Run `sts ARGV` with `io`; resolves to the exit code. */
export function main(argv: string[], io: Io): Promise<number> {
  return invoke(argv, io, () => run(argv));
}

async function run(argv: string[]): Promise<void> {
  const parsed = await parseCommandLine(argv);
  if (!parsed.ok) {
    err(parsed.error);
    setExitCode(1);
    return;
  }
  for (const w of parsed.warnings) err(w);
  const { path, verb, invocation } = parsed;
  if (parsed.help || !verb) {
    // a group command (`sts rollout`) runs kubectl's DefaultSubCommandRun: no arguments, help, exit 1
    if (!parsed.help && path && invocation.args.length) {
      err(`error: unknown command "${invocation.args.join(' ')}"\nSee 'sts ${path} -h' for help and examples`);
      setExitCode(1);
      return;
    }
    const { helpText } = await import('./help.js');
    out(helpText(path, verb, parsed.flags));
    if (!parsed.help && path) setExitCode(1);
    return;
  }
  // the cluster file, settled once from this invocation's flag, environment and directory
  const { env, cwd } = io();
  invocation.opts.state = statePath(invocation.opts.state as string | undefined, env.STS_STATE, cwd);
  await runCommand(() => verb.run(invocation));
}
