// `sts cordon NODE` / `sts uncordon NODE`: mark nodes (un)schedulable, in kubectl's words
// (kubectl's drain.RunCordonOrUncordon: "cordoned", "already cordoned", "(dry run)").
import { CliError } from '../api/errors.js';
import { kindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { getNode, setUnschedulable } from '../apiserver/nodes.js';
import { printerFor } from '../print/printer.js';
import { withCluster, type GlobalOpts } from './context.js';
import { parseDryRun } from './dry-run.js';
import { Failures, out } from './output.js';
import { listObjects, parseLabelSelector } from './resources.js';
import type { Verb } from './verb.js';

interface CordonOpts extends GlobalOpts {
  dryRun?: string;
  selector?: string;
}

const cordonVerb = (desired: boolean): Verb => ({
  honours: ['dry-run', 'selector'],
  run: ({ args, opts, changed }) => cordon(desired, args, opts, changed.has('selector')),
});
export const cordonNodeVerb = cordonVerb(true);
export const uncordonNodeVerb = cordonVerb(false);

/** kubectl accepts `node-1`, `node/node-1` and `nodes/node-1`. */
const nodeName = (arg: string) => arg.replace(/^(nodes?|no)\//, '');

export async function cordon(desired: boolean, args: string[], opts: CordonOpts, bySelector: boolean): Promise<void> {
  const verb = desired ? 'cordon' : 'uncordon';
  if (!args.length && !bySelector) throw new CliError(`error: USAGE: ${verb} NODE [flags]`, verb);
  const selector = parseLabelSelector(opts.selector);
  const dryRun = parseDryRun(opts.dryRun);
  const changedPrinter = printerFor({ operation: `${verb}ed`, dryRun });
  const samePrinter = printerFor({ operation: `already ${verb}ed`, dryRun });
  const failures = new Failures();
  await withCluster(
    opts,
    (c) => {
      const nodes: KObject[] = [];
      for (const a of args) failures.try(() => nodes.push(getNode(c, nodeName(a))));
      if (!args.length) nodes.push(...listObjects(c, kindInfo('Node')!, undefined, selector));
      for (const node of nodes) {
        const name = node.metadata.name;
        const changes = !!node.spec?.unschedulable !== desired;
        if (changes && dryRun !== 'client') setUnschedulable(c, name, desired);
        out((changes ? changedPrinter : samePrinter).print([node]));
      }
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
}
