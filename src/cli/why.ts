// `sts why TYPE/NAME`: why a pod, StatefulSet, claim or node is where it is, as the controllers'
// own decisions say (controller/why.ts); a pod its set has not made yet is explained too.
import { CliError } from '../api/errors.js';
import { why, type WhyKind } from '../controller/why.js';
import { formatWhy } from '../print/why.js';
import { namespaceOf, withCluster } from './context.js';
import { out } from './output.js';
import { parseResourceArgs } from './resources.js';
import type { Verb } from './verb.js';

const KINDS: readonly string[] = ['Pod', 'StatefulSet', 'PersistentVolumeClaim', 'Node'] satisfies WhyKind[];
const USAGE = 'sts why (pod|statefulset|pvc|node)/NAME';

export const whyVerb: Verb = {
  help: {
    usage: USAGE,
    examples: [
      '  # Why web-2 is not there yet',
      '  sts why pod/web-2',
      '',
      '  # Why a claim is Pending',
      '  sts why pvc/www-web-0',
      '',
      '  # Where the set is stuck',
      '  sts why sts web',
    ].join('\n'),
  },
  run: async ({ args, opts }) => {
    const reqs = parseResourceArgs(args);
    if (reqs.length !== 1 || reqs[0].names?.length !== 1) throw new CliError(`error: why takes one object: ${USAGE}`, 'why');
    const { info, names } = reqs[0];
    if (!KINDS.includes(info.kind))
      throw new CliError(`error: sts why explains pods, statefulsets, persistentvolumeclaims and nodes, not ${info.plural}`);
    const text = await withCluster(opts, (c) => formatWhy(why(c, info.kind as WhyKind, namespaceOf(opts), names[0])));
    out(text);
  },
};
