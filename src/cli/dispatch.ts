// From argv to a command and its flags, as cobra does it (command.go: Find, stripFlags, argsMinusFirstX,
// legacyArgs, ValidateRequiredFlags) with pflag's grammar, and kubectl's words for every usage error.
import { camel, FlagSet, FlagError, requestTimeoutMs, type FlagDef, type FlagValue } from './flags.js';
import { GLOBAL_FLAGS, KUBECTL_FLAGS } from './kubectl/flags.generated.js';
import { child, children, entry, NOT_SIMULATED, NOT_SIMULATED_DEFAULT, type Entry } from './registry.js';
import type { Invocation, Opts, Verb } from './verb.js';

/** sts's own options, accepted on every command beside kubectl's. */
export const STS_GLOBAL_FLAGS: FlagDef[] = [
  { name: 'state', type: 'string', default: '', usage: 'The cluster file (default: $STS_STATE, or ~/.sts/cluster.json).', support: 'honoured' },
  {
    name: 'no-color',
    type: 'bool',
    default: 'false',
    usage: 'Never colour the output (colour is only used on a terminal, and never with NO_COLOR set).',
    support: 'honoured',
  },
];

/** kubectl's global options sts acts on; the rest are accepted and have no effect (README: "Global options"). */
const HONOURED_GLOBALS = ['namespace', 'request-timeout'];

const HELP_FLAG: FlagDef = {
  name: 'help',
  shorthand: 'h',
  type: 'bool',
  default: 'false',
  usage: 'help for this command',
  support: 'honoured',
  hidden: true,
};

export const globalFlags = (): FlagDef[] => [
  ...GLOBAL_FLAGS.map((f) => ({ ...f, support: HONOURED_GLOBALS.includes(f.name) ? ('honoured' as const) : ('ignored' as const) })),
  ...STS_GLOBAL_FLAGS,
];

export type Parsed =
  | {
      ok: true;
      /** '' for the root */
      path: string;
      entry?: Entry;
      verb?: Verb;
      /** the command's own flags, without the global ones (for help) */
      flags: FlagDef[];
      invocation: Invocation;
      values: Map<string, FlagValue>;
      help: boolean;
      /** pflag's deprecation notices */
      warnings: string[];
    }
  | { ok: false; error: string };

/** kubectl flags with nothing to do in a simulation, accepted wherever kubectl has them (README: "Accepted and ignored"):
 *  printing knobs for fields sts never sets, client-side bookkeeping, and the deprecated --record. */
const IGNORED_EVERYWHERE = [
  'allow-missing-template-keys',
  'field-manager',
  'record',
  'save-config',
  'show-managed-fields',
  'validate',
  'windows-line-endings',
];

const parsedFlags = new Map<string, FlagDef[]>();

/** kubectl's own flags of the command PATH (none for a command kubectl lacks), built from its table when first asked for. */
export function kubectlFlags(path: string): FlagDef[] {
  let flags = parsedFlags.get(path);
  if (flags === undefined) {
    flags = Object.hasOwn(KUBECTL_FLAGS, path) ? KUBECTL_FLAGS[path]() : [];
    parsedFlags.set(path, flags);
  }
  return flags;
}

/** The flag set a command parses with: kubectl's table for the path, the verb's own flags, the globals. */
export function flagsFor(path: string, verb: Verb | undefined): FlagDef[] {
  const honours = new Set(verb?.honours ?? []);
  const ignores = new Set(verb?.ignores ?? []);
  const own = new Map((verb?.flags ?? []).map((f) => [f.name, f]));
  const kubectl = kubectlFlags(path).map(
    (f): FlagDef =>
      own.get(f.name) ?? {
        ...f,
        support: honours.has(f.name) ? 'honoured' : ignores.has(f.name) || IGNORED_EVERYWHERE.includes(f.name) ? 'ignored' : 'unsupported',
      },
  );
  const names = new Set(kubectl.map((f) => f.name));
  return [...kubectl, ...[...own.values()].filter((f) => !names.has(f.name))];
}

/** cobra's stripFlags: the words that are not flags or flag values, up to `--`. */
function stripFlags(args: string[], set: FlagSet): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const s = args[i];
    if (s === '--') break;
    if (consumesNext(s, set)) {
      if (args.length - i <= 2) break; // cobra's quirk: a valued flag followed by one word ends the search
      i++;
      continue;
    }
    if (s !== '' && !s.startsWith('-')) words.push(s);
  }
  return words;
}

/** `--flag` or `-f` (no `=`) whose value is the next word; cobra assumes an unknown `--flag` has one. */
function consumesNext(s: string, set: FlagSet): boolean {
  if (!s.startsWith('-') || s.includes('=') || (!s.startsWith('--') && s.length !== 2)) return false;
  if (s.startsWith('--')) {
    const f = set.lookup(s.slice(2));
    return !f || set.takesValue(s);
  }
  const f = set.lookupShort(s[1]);
  return !f || set.takesValue(s);
}

/** cobra's argsMinusFirstX: drop the first occurrence of a command word (not a flag's value). */
function argsMinusFirst(args: string[], word: string, set: FlagSet): string[] {
  for (let i = 0; i < args.length; i++) {
    const s = args[i];
    if (s === '--') break;
    if (consumesNext(s, set)) {
      i++;
      continue;
    }
    if (!s.startsWith('-') && s === word) return [...args.slice(0, i), ...args.slice(i + 1)];
  }
  return args;
}

/** cobra's SuggestionsFor: a Levenshtein distance of at most 2, or a prefix. */
export function suggestionsFor(typed: string, candidates: string[]): string[] {
  const t = typed.toLowerCase();
  return candidates.filter((c) => levenshtein(t, c.toLowerCase()) <= 2 || c.toLowerCase().startsWith(t));
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The commands cobra would suggest from: kubectl's, in kubectl's order (it turns sorting off), then sts's own. */
async function commandNames(): Promise<string[]> {
  const { KUBECTL_HELP } = await import('./kubectl/help.generated.js');
  const kubectl = [...KUBECTL_HELP[''].long.matchAll(/^ {2}([a-z][a-z-]*) {2,}/gm)].map((m) => m[1]);
  const own = children('')
    .filter((e) => !e.hidden)
    .map((e) => e.path);
  return [...kubectl, 'help', ...own.filter((n) => !kubectl.includes(n) && n !== 'help')];
}

/** Find the command, then parse its flags; every usage error comes back as the text kubectl prints. */
export async function parseCommandLine(argv: string[]): Promise<Parsed> {
  const globals = globalFlags();
  let path = '';
  let rest = argv;
  for (;;) {
    const set = new FlagSet([...globals, ...kubectlFlags(path)]);
    const words = stripFlags(rest, set);
    if (!words.length) break;
    const next = child(path, words[0]);
    if (!next) {
      const kubectlPath = path ? `${path} ${words[0]}` : words[0];
      // own keys only: a word such as `__proto__` or `toString` is just an unknown command
      if (Object.hasOwn(KUBECTL_FLAGS, kubectlPath))
        return {
          ok: false,
          error: `error: "sts ${kubectlPath}" is not simulated: ${Object.hasOwn(NOT_SIMULATED, kubectlPath) ? NOT_SIMULATED[kubectlPath] : NOT_SIMULATED_DEFAULT}`,
        };
      if (path === '') {
        const suggestions = suggestionsFor(words[0], await commandNames());
        return {
          ok: false,
          error: `error: unknown command "${words[0]}" for "sts"${suggestions.length ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join('\n')}` : ''}`,
        };
      }
      break;
    }
    rest = argsMinusFirst(rest, words[0], set);
    path = next.path;
  }
  const e = path ? entry(path) : undefined;
  const verb = e?.load ? await e.load() : undefined;
  const defs = [...globals, ...flagsFor(path, verb), HELP_FLAG];
  const set = new FlagSet(defs);
  let parsed;
  try {
    parsed = set.parse(rest);
  } catch (err) {
    if (err instanceof FlagError) return { ok: false, error: `error: ${err.message}\nSee 'sts${path ? ` ${path}` : ''} --help' for usage.` };
    throw err;
  }
  const help = parsed.values.get('help') === true;
  const changed = new Set(parsed.changed);
  if (!help) {
    for (const n of parsed.changed) {
      const f = set.lookup(n)!;
      if (f.support === 'unsupported')
        return { ok: false, error: `error: sts does not support the --${n} flag of "${path}" (see the README: what is not simulated)` };
    }
    try {
      requestTimeoutMs(parsed.values.get('request-timeout') as string);
    } catch (e) {
      return { ok: false, error: `error: ${(e as Error).message}` };
    }
    const missing = (verb?.required ?? []).filter((r) => !changed.has(r));
    if (missing.length) return { ok: false, error: `error: required flag(s) ${missing.map((m) => `"${m}"`).join(', ')} not set` };
  }
  const opts: Opts = {};
  for (const f of set.defs()) {
    const v = parsed.values.get(f.name)!;
    const empty = (typeof v === 'string' && v === '') || (Array.isArray(v) && !v.length);
    opts[camel(f.name)] = empty && !changed.has(f.name) ? undefined : v;
  }
  return {
    ok: true,
    path,
    entry: e,
    verb,
    flags: set.defs().filter((f) => f !== HELP_FLAG && !globals.includes(f)),
    invocation: { path, args: parsed.args, argsLenAtDash: parsed.argsLenAtDash, changed, opts },
    values: parsed.values,
    help,
    warnings: parsed.warnings,
  };
}
