// `sts fault`: make things go wrong on purpose. Images matching a pattern fail to pull; pods crash
// or are never ready; a node goes down (its kubelet stops posting status) and comes back up.
import { kindInfo } from '../api/kinds.js';
import { CliError, notFound } from '../api/errors.js';
import { crash, markUnready } from '../controller/kubelet.js';
import { getNode } from '../apiserver/nodes.js';
import { NODE_MONITOR_GRACE_MS } from '../controller/node-lifecycle.js';
import { table } from '../print/tabwriter.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, out } from './output.js';
import { flag, type Verb } from './verb.js';

const onePod = (verb: string, fn: (pod: string, opts: GlobalOpts) => Promise<void>): Verb => ({
  help: { usage: `sts fault ${verb} POD` },
  run: async ({ args, opts }) => {
    if (args.length !== 1) throw new CliError(`error: fault ${verb} takes one pod name`, `fault ${verb}`);
    return fn(args[0], opts);
  },
});
export const crashVerb = onePod('crash', (pod, opts) => faultPod('crash', pod, opts));
export const unreadyVerb = onePod('unready', (pod, opts) => faultPod('unready', pod, opts));
export const healVerb = onePod('heal', faultHeal);
export const imageVerb: Verb = {
  flags: [flag('--clear', 'bool', 'false', 'Remove this image fault (all of them without PATTERN).')],
  help: { usage: 'sts fault image PATTERN | sts fault image [PATTERN] --clear' },
  run: async ({ args, opts }) => {
    if (args.length > 1) throw new CliError('error: fault image takes one pattern', 'fault image');
    return faultImage(args[0], opts);
  },
};
export const listVerb: Verb = { run: ({ opts }) => faultList(opts) };
export const nodeVerb: Verb = {
  help: { usage: 'sts fault node NAME down|up' },
  run: async ({ args, opts }) => {
    if (args.length !== 2 || (args[1] !== 'down' && args[1] !== 'up'))
      throw new CliError('error: fault node takes a node name and "down" or "up"', 'fault node');
    return faultNode(args[0], args[1] === 'down', opts);
  },
};

const NODE_DOWN_EFFECT = `kubelet stopped: NotReady after ${NODE_MONITOR_GRACE_MS / 1000}s, its pods evicted once their tolerations run out (300s by default) and left Terminating`;

/** `fault node NAME down|up`: the node's kubelet stops (or resumes) posting status; the node
 *  lifecycle controller notices after its grace period (controller/node-lifecycle.ts). */
export async function faultNode(name: string, down: boolean, opts: GlobalOpts): Promise<void> {
  await withCluster(opts, (c) => {
    getNode(c, name);
    const nodes = (c.file.faults.nodes ??= {});
    if (down && nodes[name] === undefined) nodes[name] = c.now;
    if (!down) delete nodes[name];
    if (!Object.keys(nodes).length) delete c.file.faults.nodes;
    c.changed = true;
    out(down ? `node/${name} down: ${NODE_DOWN_EFFECT}` : `node/${name} up: its kubelet posts status again and finishes what was asked of it`);
  });
}

export async function faultImage(pattern: string | undefined, opts: GlobalOpts & { clear?: boolean }): Promise<void> {
  if (!pattern && !opts.clear) throw new CliError('error: give an image pattern (e.g. nginx:bad*), or --clear', 'fault image');
  await withCluster(opts, (c) => {
    const images = c.file.faults.images;
    if (opts.clear) {
      const gone = pattern ? images.filter((p) => p === pattern) : [...images];
      if (pattern && !gone.length) throw new CliError(`error: no image fault "${pattern}"`);
      c.file.faults.images = pattern ? images.filter((p) => p !== pattern) : [];
      c.changed = true;
      out(gone.length ? gone.map((p) => `image fault "${p}" cleared`).join('\n') : 'no image faults to clear');
      return;
    }
    if (!images.includes(pattern!)) images.push(pattern!);
    c.changed = true;
    out(`image fault "${pattern}" set: images matching it fail to pull (ErrImagePull, then ImagePullBackOff)`);
  });
}

const EFFECT = { crash: 'container keeps exiting (CrashLoopBackOff)', unready: 'Running but never Ready' };

/** `fault crash|unready POD`: the fault follows the pod's name (a recreated pod has it too). */
export async function faultPod(kind: 'crash' | 'unready', pod: string, opts: GlobalOpts): Promise<void> {
  await withCluster(opts, (c) => {
    const ns = namespaceOf(opts);
    const p = c.pod(ns, pod);
    if (!p) throw notFound(kindInfo('Pod')!, pod);
    c.file.faults.pods[`${ns}/${pod}`] = kind;
    c.changed = true;
    // A running container feels it at once.
    if (kind === 'crash' && p.runningSince !== undefined && !p.waitingReason && p.deletingSince === undefined) crash(c, p, c.now);
    if (kind === 'unready' && p.stage === 'Ready') markUnready(c, p);
    out(`pod/${pod} ${kind === 'crash' ? 'crashing' : 'unready'}: ${EFFECT[kind]}`);
  });
}

export async function faultHeal(pod: string, opts: GlobalOpts): Promise<void> {
  await withCluster(opts, (c) => {
    const ns = namespaceOf(opts);
    const key = `${ns}/${pod}`;
    if (!c.file.faults.pods[key]) throw new CliError(`error: pod/${pod} has no fault to heal`);
    delete c.file.faults.pods[key];
    c.changed = true;
    const p = c.pod(ns, pod);
    if (p) c.touchPod(p);
    out(`pod/${pod} healed`);
  });
}

export async function faultList(opts: GlobalOpts): Promise<void> {
  await withCluster(opts, (c) => {
    const rows = [
      ...c.file.faults.images.map((p) => ['image', p, 'fails to pull']),
      ...Object.entries(c.file.faults.pods).map(([k, kind]) => [kind, `pod/${k.split('/')[1]} in ${k.split('/')[0]}`, EFFECT[kind]]),
      ...Object.keys(c.file.faults.nodes ?? {}).map((n) => ['node down', `node/${n}`, NODE_DOWN_EFFECT]),
    ];
    if (!rows.length) err('No faults.');
    else out(table([['FAULT', 'TARGET', 'EFFECT'], ...rows]));
  });
}
