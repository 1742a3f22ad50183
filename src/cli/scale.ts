// `sts scale sts web --replicas=3`: set spec.replicas (the controller does the rest).
import { CliError, noResources } from '../api/errors.js';
import type { KObject } from '../api/types.js';
import { namespaceOf, withCluster } from './context.js';
import { Failures, out } from './output.js';
import { setTargets, waitTimeout, type WriteOpts } from './create.js';
import { waitFor } from './converge.js';
import { writeBack } from '../apiserver/objects.js';
import { parseDryRun } from './dry-run.js';
import { printerFor } from '../print/printer.js';
import { getObject, parseLabelSelector, requestsFor, targetObjects } from './resources.js';
import { WAIT_FLAGS } from './create.js';
import type { Verb } from './verb.js';

export const scaleVerb: Verb = {
  honours: ['all', 'current-replicas', 'dry-run', 'filename', 'output', 'recursive', 'replicas', 'selector', 'timeout'],
  required: ['replicas'],
  flags: WAIT_FLAGS,
  run: ({ args, opts }) => scale(args, opts),
};

export interface ScaleOpts extends WriteOpts {
  replicas?: number;
  currentReplicas?: number;
  selector?: string;
  all?: boolean;
}

const SCALABLE = ['StatefulSet', 'Deployment', 'ReplicaSet', 'ReplicationController'];

export async function scale(args: string[], opts: ScaleOpts): Promise<void> {
  const replicas = opts.replicas;
  const expected = opts.currentReplicas === -1 ? undefined : opts.currentReplicas;
  if (replicas === undefined || replicas < 0)
    throw new CliError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const timeout = waitTimeout(opts);
  const reqs = await requestsFor(args, opts);
  const selector = parseLabelSelector(opts.selector);
  if (!reqs.length) throw noResources();
  const dryRun = parseDryRun(opts.dryRun);
  const printer = printerFor({ output: opts.output, operation: 'scaled', dryRun });
  const failures = new Failures();
  const scaled: KObject[] = [];
  await withCluster(
    opts,
    async (c) => {
      const ns = namespaceOf(opts);
      const targets = targetObjects(c, reqs, ns, { selector, all: opts.all }, failures);
      if (!targets.length && !failures.list.length) throw new CliError('error: no objects passed to scale');
      for (const { info, obj } of targets)
        failures.try(() => {
          if (!SCALABLE.includes(info.kind)) throw new CliError(`error: no scaler has been implemented for {"${info.group}" "${info.kind}"}`);
          const now = obj.spec?.replicas ?? 1;
          if (expected !== undefined && expected !== now) throw new CliError(`error: Expected replicas to be ${expected}, was ${now}`);
          // through the update path: validation and generation, as a PATCH of /scale
          const next = structuredClone(obj);
          next.spec.replicas = replicas;
          writeBack(c, obj, next, 'scale');
          scaled.push(getObject(c, info, obj.metadata.namespace ?? ns, obj.metadata.name));
        });
      out(printer.print(scaled));
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
  if (opts.wait && !failures.list.length && dryRun === 'none') await waitFor(opts, setTargets(scaled), timeout);
}
