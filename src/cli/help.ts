// Help in kubectl's layout (kubectl/pkg/util/templates: description, Examples, Available Commands,
// Options, Usage), from kubectl's own texts for its commands; loaded only when help is asked for.
import { CliError } from '../api/errors.js';
import { globalFlags, parseCommandLine } from './dispatch.js';
import type { FlagDef } from './flags.js';
import { KUBECTL_HELP } from './kubectl/help.generated.js';
import { out } from './output.js';
import { children, entry, GROUP_ORDER, type Entry } from './registry.js';
import type { HelpText, Verb } from './verb.js';

const OPTIONS_HINT = 'Use "sts options" for a list of global command-line options (applies to all commands).';

/** `    -o, --output='':` then the usage, tab-indented, as kubectl's flagsUsages prints them. */
export function flagLines(flags: FlagDef[]): string {
  return [...flags]
    .filter((f) => !f.hidden && !f.deprecated && f.support !== 'unsupported')
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((f) => {
      const value = f.type === 'string' ? `'${f.default}'` : f.type === 'stringSlice' || f.type === 'stringArray' ? f.default || '[]' : f.default;
      const ignored = f.support === 'ignored' ? ' (accepted for kubectl scripts; no effect in sts)' : '';
      return `    ${f.shorthand ? `-${f.shorthand}, ` : ''}--${f.name}=${value}:\n\t${f.usage}${ignored}\n`;
    })
    .join('\n');
}

const short = (e: Entry) => e.summary ?? KUBECTL_HELP[e.path]?.short ?? '';

function commandList(list: Entry[]): string {
  const width = Math.max(11, ...list.map((e) => e.path.split(' ').pop()!.length)) + 2;
  return list.map((e) => `  ${e.path.split(' ').pop()!.padEnd(width)} ${short(e)}`).join('\n');
}

/** The help text of one command. */
export function helpText(path: string, verb: Verb | undefined, flags: FlagDef[]): string {
  if (path === '') return rootHelp();
  const base: HelpText = KUBECTL_HELP[path] ?? { short: '', long: '', examples: '', usage: `sts ${path} [options]` };
  const text: HelpText = { ...base, ...verb?.help };
  const parts: string[] = [text.long || text.short || entry(path)?.summary || ''];
  if (text.examples) parts.push(`Examples:\n${text.examples}`);
  const subs = children(path).filter((e) => !e.hidden);
  if (subs.length) parts.push(`Available Commands:\n${commandList(subs)}`);
  if (flags.some((f) => !f.hidden && !f.deprecated && f.support !== 'unsupported')) parts.push(`Options:\n${flagLines(flags).trimEnd()}`);
  parts.push(`Usage:\n  ${text.usage.replace(/^\s+/, '')}`);
  const trailer = [...(subs.length ? [`Use "sts ${path} <command> --help" for more information about a given command.`] : []), OPTIONS_HINT];
  return `${parts.join('\n\n')}\n\n${trailer.join('\n')}\n`;
}

function rootHelp(): string {
  const groups = GROUP_ORDER.map((g) => ({ g, list: children('').filter((e) => e.group === g && !e.hidden) })).filter((x) => x.list.length);
  const width = Math.max(11, ...groups.flatMap((x) => x.list.map((e) => e.path.length))) + 2;
  return [
    'sts controls a simulated Kubernetes cluster kept in one file: kubectl for StatefulSets.',
    '',
    ' Find more information at: https://kubernetes.io/docs/reference/kubectl/ (sts speaks kubectl)',
    '',
    ...groups.flatMap(({ g, list }) => [`${g}:`, ...list.map((e) => `  ${e.path.padEnd(width)} ${short(e)}`), '']),
    'Usage:',
    '  sts [flags] [options]',
    '',
    'Use "sts <command> --help" for more information about a given command.',
    OPTIONS_HINT,
    '',
  ].join('\n');
}

/** `sts options`: the options every command accepts. */
export const optionsVerb: Verb = {
  async run() {
    out(`The following options can be passed to any command:\n\n${flagLines(globalFlags())}`);
  },
};

/** `sts help [COMMAND...]`: the help of that command (cobra's help command). */
export const helpVerb: Verb = {
  async run({ args }) {
    const parsed = await parseCommandLine([...args, '--help']);
    if (!parsed.ok) throw new CliError(parsed.error);
    out(helpText(parsed.path, parsed.verb, parsed.flags));
  },
};
