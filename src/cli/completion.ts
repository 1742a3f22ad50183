// Shell completion: `sts completion bash|zsh` prints a script that asks `sts __complete WORDS…`
// for candidates — verbs, resource types, and the names in the current cluster.
import { CliError } from '../api/errors.js';
import { KINDS, resolveResource } from '../api/kinds.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { out } from './output.js';
import type { Verb } from './verb.js';
import { listObjects } from './resources.js';

const VERBS = [
  'annotate',
  'api-resources',
  'api-versions',
  'apply',
  'auth',
  'clock',
  'cluster',
  'cluster-info',
  'completion',
  'config',
  'create',
  'delete',
  'describe',
  'edit',
  'exec',
  'fault',
  'get',
  'label',
  'logs',
  'patch',
  'rollout',
  'scale',
  'set',
  'version',
  'wait',
];
const SUB: Record<string, string[]> = {
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'],
  clock: ['advance', 'settle'],
  cluster: ['features', 'reset', 'stages'],
  fault: ['crash', 'heal', 'image', 'list', 'unready'],
  set: ['image'],
  config: ['current-context', 'get-contexts', 'set-context', 'use-context', 'view'],
  auth: ['can-i'],
  completion: ['bash', 'zsh'],
};
const TAKES_TYPE = ['annotate', 'delete', 'describe', 'edit', 'get', 'label', 'patch', 'scale', 'wait'];
const TAKES_POD = ['exec', 'logs'];

const BASH = `# sts bash completion: source <(sts completion bash)
_sts() {
  local IFS=$'\\n'
  COMPREPLY=( $(sts __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -o default -F _sts sts
`;

const ZSH = `#compdef sts
# sts zsh completion: source <(sts completion zsh)
_sts() {
  local -a completions
  completions=("\${(@f)$(sts __complete "\${words[@]:1:$((CURRENT-1))}" 2>/dev/null)}")
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

/** The hidden `__complete WORDS…` the completion scripts call; flags in WORDS are the user's, not ours. */
export const completeVerb: Verb = { run: ({ args, opts }) => complete(args, opts) };

export async function completion(shell: string | undefined): Promise<void> {
  if (shell === 'bash') return out(BASH);
  if (shell === 'zsh') return out(ZSH);
  throw new CliError(`error: Unsupported shell type "${shell ?? ''}".`, 'completion');
}

export async function complete(words: string[], opts: GlobalOpts): Promise<void> {
  const cur = words.length ? words[words.length - 1] : '';
  const before = words.slice(0, -1).filter((w) => !w.startsWith('-'));
  const verb = before[0];
  const names = async (type: string) =>
    withCluster(opts, (c) => {
      const info = resolveResource(type);
      return info ? listObjects(c, info, namespaceOf(opts)).map((o) => o.metadata.name) : [];
    });
  let candidates: string[] = [];
  if (!verb) candidates = VERBS;
  else if (SUB[verb] && before.length === 1) candidates = SUB[verb];
  else if (TAKES_POD.includes(verb)) candidates = await names('pods');
  else if (TAKES_TYPE.includes(verb) || verb === 'rollout' || verb === 'set') {
    const typeArg = before.slice(verb === 'rollout' || verb === 'set' ? 2 : 1)[0];
    if (cur.includes('/')) {
      const [type] = cur.split('/');
      candidates = (await names(type)).map((n) => `${type}/${n}`);
    } else if (typeArg && resolveResource(typeArg)) candidates = await names(typeArg);
    else candidates = [...new Set(KINDS.flatMap((k) => [k.plural, ...k.short]))].sort();
  }
  out(candidates.filter((c) => c.startsWith(cur)).join('\n'));
}
