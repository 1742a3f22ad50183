// Shell completion: `sts completion bash|zsh` prints a script that asks `sts __complete WORDS…`
// for candidates — commands (from the command tree), flags, resource types, and the names in the
// current cluster. `sts shell` completes with the same `candidates`.
import { CliError } from '../api/errors.js';
import { KINDS, resolveResource } from '../api/kinds.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { flagsFor, globalFlags, kubectlFlags } from './dispatch.js';
import { out } from './output.js';
import { child, children, entry } from './registry.js';
import type { FlagDef, Verb } from './verb.js';
import { listObjects } from './resources.js';

const BASH = `# sts bash completion: source <(sts completion bash)
_sts() {
  local IFS=$'\\n'
  COMPREPLY=( $(sts __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -o default -F _sts sts
`;

const ZSH = `#compdef sts
# sts zsh completion: source <(sts completion zsh)
_sts() {
  local -a completions
  completions=("\${(@f)$(sts __complete -- "\${words[@]:1:$((CURRENT-1))}" 2>/dev/null)}")
  compadd -a completions
}
compdef _sts sts
`;

export const completionVerb: Verb = {
  run: async ({ args }) => {
    if (args.length > 1) throw new CliError(`error: Too many arguments. Expected only the shell type.`, 'completion');
    return completion(args[0]);
  },
};

/** The hidden `__complete -- WORDS…` the completion scripts call (after `--`, flags in WORDS are the user's, not ours). */
export const completeVerb: Verb = { run: ({ args, opts }) => complete(args, opts) };

export async function completion(shell: string | undefined): Promise<void> {
  if (shell === 'bash') return out(BASH);
  if (shell === 'zsh') return out(ZSH);
  throw new CliError(`error: Unsupported shell type "${shell ?? ''}".`, 'completion');
}

export async function complete(words: string[], opts: GlobalOpts): Promise<void> {
  out((await candidates(words, opts)).join('\n'));
}

/** Verbs whose arguments are TYPE NAME…, TYPE/NAME…; and those whose first argument is a pod or a node. */
const TAKES_TYPE = ['annotate', 'delete', 'describe', 'edit', 'explain', 'get', 'label', 'patch', 'rollout', 'scale', 'set', 'wait'];
const TAKES_POD = ['attach', 'cp', 'exec', 'logs', 'port-forward'];
const TAKES_NODE = ['cordon', 'drain', 'uncordon'];
const OUTPUTS = [
  'json',
  'yaml',
  'wide',
  'name',
  'jsonpath=',
  'jsonpath-file=',
  'custom-columns=',
  'custom-columns-file=',
  'go-template=',
  'go-template-file=',
];

/** A command line cut into its command path (`rollout status`), its arguments and the flags before the last word. */
export interface CommandWords {
  path: string;
  args: string[];
  /** the word before the one being completed, when it is a flag waiting for its value (`-n`, `--output`) */
  valueOf?: FlagDef;
}

/** Split WORDS (the last one being completed) as cobra's Find would: command words, then arguments; a
 *  flag's value is skipped by the flag's type in kubectl's table. */
export function commandWords(words: string[]): CommandWords {
  let path = '';
  const args: string[] = [];
  let valueOf: FlagDef | undefined;
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i];
    if (w === '--') break;
    if (w.startsWith('-') && w.length > 1) {
      const f = !w.includes('=') ? flagNamed(path, w) : undefined;
      if (f && f.type !== 'bool') {
        if (i === words.length - 2) valueOf = f;
        i++;
      }
      continue;
    }
    const sub = args.length === 0 ? child(path, w) : undefined;
    if (sub && !sub.hidden) path = sub.path;
    else args.push(w);
  }
  return { path, args, valueOf };
}

/** The flags a command takes (kubectl's table for the path, its verb's own, the globals), those sts acts on. */
export async function flagsOf(path: string): Promise<FlagDef[]> {
  const verb = path ? await entry(path)?.load?.() : undefined;
  return [...flagsFor(path, verb), ...globalFlags()].filter((f) => f.support !== 'unsupported' && !f.hidden && !f.deprecated);
}

const flagNamed = (path: string, w: string): FlagDef | undefined => {
  const all = [...kubectlFlags(path), ...globalFlags()];
  return w.startsWith('--') ? all.find((f) => f.name === w.slice(2)) : all.find((f) => f.shorthand === w.slice(1));
};

/** The words that may stand where the last of WORDS is being typed: commands, flags, output formats,
 *  resource types, and the names of objects in the cluster (in the command's namespace). */
export async function candidates(words: string[], opts: GlobalOpts): Promise<string[]> {
  const cur = words.length ? words[words.length - 1] : '';
  const { path, args, valueOf } = commandWords(words.length ? words : ['']);
  const verb = path.split(' ')[0];
  const names = (type: string) =>
    withCluster(opts, (c) => {
      const info = resolveResource(type);
      return info ? listObjects(c, info, info.namespaced ? namespaceOf(opts) : undefined).map((o) => o.metadata.name) : [];
    });
  let found: string[] = [];
  if (valueOf?.name === 'namespace') found = await names('namespaces');
  else if (valueOf?.name === 'output') found = OUTPUTS;
  else if (valueOf) found = [];
  else if (cur.startsWith('-')) found = (await flagsOf(path)).map((f) => `--${f.name}${f.type === 'bool' ? '' : '='}`);
  else if (!path || (!args.length && children(path).some((e) => !e.hidden)))
    found = children(path).flatMap((e) => (e.hidden ? [] : [e.path.split(' ').pop()!]));
  else if (TAKES_POD.includes(verb) && !args.length) found = await names('pods');
  else if (TAKES_NODE.includes(verb)) found = await names('nodes');
  else if (TAKES_TYPE.includes(verb)) {
    if (cur.includes('/')) {
      const [type] = cur.split('/');
      found = verb === 'explain' ? [] : (await names(type)).map((n) => `${type}/${n}`);
    } else if (args[0] && !args[0].includes('/') && resolveResource(args[0])) found = verb === 'explain' ? [] : await names(args[0]);
    else if (!args.length || args[0].includes('/')) found = [...new Set(KINDS.flatMap((k) => [k.plural, ...k.short]))].sort();
  }
  return found.filter((c) => c.startsWith(cur));
}
