// The `sts` command line: find the command and parse its flags as kubectl does (dispatch.ts), then run
// the verb, whose code is loaded only for the command that runs (registry.ts).
import { parseCommandLine } from './dispatch.js';
import { err, out, runCommand } from './output.js';

export async function main(argv: string[]): Promise<void> {
  const parsed = await parseCommandLine(argv);
  if (!parsed.ok) {
    err(parsed.error);
    process.exitCode = 1;
    return;
  }
  for (const w of parsed.warnings) err(w);
  const { path, verb, invocation } = parsed;
  if (parsed.help || !verb) {
    // a group command (`sts rollout`) runs kubectl's DefaultSubCommandRun: no arguments, help, exit 1
    if (!parsed.help && path && invocation.args.length) {
      err(`error: unknown command "${invocation.args.join(' ')}"\nSee 'sts ${path} -h' for help and examples`);
      process.exitCode = 1;
      return;
    }
    const { helpText } = await import('./help.js');
    out(helpText(path, verb, parsed.flags));
    if (!parsed.help && path) process.exitCode = 1;
    return;
  }
  await runCommand(() => verb.run(invocation));
}
