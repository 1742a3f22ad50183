// `sts label` and `sts annotate`: KEY=VALUE to set (--overwrite to change), KEY- to remove.
import { CliError } from '../api/errors.js';
import { writeBack } from '../apiserver/objects.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { Failures, out } from './output.js';
import { getObject, parseLabelSelector, requestsFor, targetObjects } from './resources.js';
import { parseDryRun } from './dry-run.js';
import { toPrinter } from '../print/printer.js';
import type { Verb } from './verb.js';

const labelFlags = {
  honours: ['all', 'dry-run', 'filename', 'output', 'overwrite', 'recursive', 'selector'],
};
export const labelVerb: Verb = { ...labelFlags, run: ({ args, opts }) => label(args, opts, 'labels') };
export const annotateVerb: Verb = { ...labelFlags, run: ({ args, opts }) => label(args, opts, 'annotations') };

export interface LabelOpts extends GlobalOpts {
  filename?: string[];
  recursive?: boolean;
  overwrite?: boolean;
  selector?: string;
  all?: boolean;
  dryRun?: string;
  output?: string;
}

/** kubectl's change-cause annotation: annotate may always overwrite it (annotate.go). */
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/**
 * The keys given a new value without --overwrite, in kubectl's words: annotate.go's
 * validateNoAnnotationOverwrites (one error, the keys joined by "; ", the change-cause annotation
 * exempt) and label.go's validateNoOverwrites (an aggregate of one error per key: CheckErr unwraps an
 * aggregate of one, and prints a larger one a line per error, without `error: `). Keys in the order
 * given (kubectl: a Go map's order).
 */
function overwriteRefusal(field: 'labels' | 'annotations', before: Record<string, string>, set: Map<string, string>): CliError | undefined {
  const taken = [...set].filter(([k, v]) => Object.hasOwn(before, k) && before[k] !== v && !(field === 'annotations' && k === CHANGE_CAUSE));
  if (!taken.length) return undefined;
  const each = taken.map(([k]) => `'${k}' already has a value (${before[k]})`);
  if (field === 'annotations') return new CliError(`error: --overwrite is false but found the following declared annotation(s): ${each.join('; ')}`);
  const errs = each.map((e) => `${e}, and --overwrite is false`);
  return new CliError(errs.length === 1 ? `error: ${errs[0]}` : errs.join('\n'));
}

export async function label(args: string[], opts: LabelOpts, field: 'labels' | 'annotations'): Promise<void> {
  const verb = field === 'labels' ? 'label' : 'annotate';
  const changes = args.filter((a) => a.includes('=') || (a.endsWith('-') && !a.includes('/')));
  const resources = args.filter((a) => !changes.includes(a));
  if (!changes.length) throw new CliError(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`, verb);
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const ch of changes) {
    if (ch.endsWith('-') && !ch.includes('=')) remove.push(ch.slice(0, -1));
    else {
      const i = ch.indexOf('=');
      set.set(ch.slice(0, i), ch.slice(i + 1));
    }
  }
  const dryRun = parseDryRun(opts.dryRun);
  const printer = toPrinter({ output: opts.output, dryRun });
  const reqs = await requestsFor(resources, opts);
  if (!reqs.length) throw new CliError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>', verb);
  const selector = parseLabelSelector(opts.selector);
  const failures = new Failures();
  await withCluster(
    opts,
    async (c) => {
      const ns = namespaceOf(opts);
      const targets = targetObjects(c, reqs, ns, { selector, all: opts.all }, failures, verb).map((t) => t.obj);
      for (const obj of targets) {
        const before = { ...(obj.metadata[field] ?? {}) } as Record<string, string>;
        const after = { ...before };
        const refused = opts.overwrite ? undefined : overwriteRefusal(field, before, set);
        if (refused) {
          failures.add(refused);
          continue;
        }
        for (const [k, v] of set) Object.defineProperty(after, k, { value: v, enumerable: true, writable: true, configurable: true }); // `__proto__` is a key, for validation to refuse
        for (const k of remove) delete after[k];
        const next = structuredClone(obj);
        if (Object.keys(after).length) next.metadata[field] = after;
        else delete next.metadata[field];
        const ok = failures.try(() => writeBack(c, obj, next, verb));
        if (ok === undefined) continue;
        const result = getObject(c, { ...reqs[0].info, kind: obj.kind } as never, obj.metadata.namespace ?? ns, obj.metadata.name);
        if (field === 'annotations') out(printer('annotated').print([result]));
        else {
          const removedSome = remove.some((k) => Object.hasOwn(before, k));
          const added = [...set].some(([k, v]) => !Object.hasOwn(before, k) || before[k] !== v);
          out(printer(added ? 'labeled' : removedSome ? 'unlabeled' : 'not labeled').print([result]));
        }
      }
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
}
