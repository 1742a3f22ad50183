// What a verb module exports (cobra's Command, minus the tree): the flags it takes beyond kubectl's
// table, which of kubectl's flags it honours, and its body. The tree itself is in registry.ts.
import type { FlagDef, FlagValue } from './flags.js';
import type { GlobalOpts } from './context.js';

/** Every flag of the command by camelCase name (`no-headers` → `noHeaders`); a string or list flag
 *  left at an empty default is undefined, so `opts.output === undefined` means "not given". */
export type Opts = GlobalOpts & Record<string, any>;

export interface Invocation {
  /** the command path: 'get', 'rollout status' */
  path: string;
  args: string[];
  /** arguments before `--` (pflag's ArgsLenAtDash), -1 without `--` */
  argsLenAtDash: number;
  /** long names of the flags the command line set */
  changed: ReadonlySet<string>;
  opts: Opts;
}

export interface HelpText {
  short: string;
  long: string;
  examples: string;
  usage: string;
}

export interface Verb {
  /** kubectl's flags for this command that sts implements. Any other flag kubectl has here is refused
   *  with a clear message, unless listed in `ignores` (accepted, no effect, listed in the README). */
  honours?: readonly string[];
  ignores?: readonly string[];
  /** flags kubectl lacks here (sts's own), or a kubectl flag given another meaning */
  flags?: readonly FlagDef[];
  /** cobra's MarkFlagRequired: `required flag(s) "replicas" not set` */
  required?: readonly string[];
  /** help for an sts-only command, or text that replaces kubectl's */
  help?: Partial<HelpText>;
  run(inv: Invocation): Promise<void>;
}

export type { FlagDef, FlagValue };

/** Terse FlagDef for sts's own flags: flag('-o, --output', 'string', '', 'usage'). */
export function flag(spec: string, type: FlagDef['type'], def: string, usage: string, extra: Partial<FlagDef> = {}): FlagDef {
  const m = /^(?:-(\w), )?--([\w-]+)$/.exec(spec);
  if (!m) throw new Error(`bad flag spec ${spec}`);
  return { name: m[2], ...(m[1] ? { shorthand: m[1] } : {}), type, default: def, usage, support: 'honoured', ...extra };
}
