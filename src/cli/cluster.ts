// `sts cluster reset` (a fresh cluster in the file), `sts cluster stages` (lifecycle durations),
// `sts cluster features` (feature gates) and `sts cluster nodes` (how many nodes, of what size).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../api/errors.js';
import { FEATURE_GATES, featureEnabled } from '../api/features.js';
import { STAGE_DEFAULTS, STAGE_HELP } from '../controller/stages.js';
import { table } from '../print/tabwriter.js';
import { parseDuration } from '../controller/clock.js';
import { dataDir, removeDir } from '../store/data-dirs.js';
import { save, statePath, stateTarget } from '../store/file.js';
import { spareDocs } from '../store/docs.js';
import { DEFAULT_NODE_SIZE, newClusterFile, nodeObject, type NodeSize } from '../store/schema.js';
import { parseQuantity } from '../api/quantity.js';
import type { KObject } from '../api/types.js';
import { lockCluster, withCluster, type GlobalOpts } from './context.js';
import { out } from './output.js';
import { flag, type Verb } from './verb.js';

export const resetVerb: Verb = {
  flags: [flag('--clock', 'string', 'real', 'The clock of the new cluster: real or manual.')],
  help: { usage: 'sts cluster reset [--clock=real|manual]' },
  run: ({ opts }) => reset(opts),
};
export const stagesVerb: Verb = {
  help: { usage: 'sts cluster stages [STAGE=DURATION|STAGE=default ...]' },
  run: ({ args, opts }) => stages(args, opts),
};
export const nodesVerb: Verb = {
  flags: [
    flag('--cpu', 'string', '', 'CPUs each node offers (capacity and allocatable), e.g. 4 or 3500m.'),
    flag('--memory', 'string', '', 'Memory each node offers, e.g. 8Gi.'),
    flag('--pods', 'string', '', 'How many pods each node takes, e.g. 110.'),
  ],
  help: { usage: 'sts cluster nodes [N] [--cpu=4] [--memory=8Gi] [--pods=110]' },
  run: ({ args, opts }) => nodes(args, opts),
};
export const featuresVerb: Verb = { help: { usage: 'sts cluster features [GATE=true|false ...]' }, run: ({ args, opts }) => features(args, opts) };

export async function reset(opts: GlobalOpts & { clock?: string }): Promise<void> {
  const mode = opts.clock ?? 'real';
  if (mode !== 'real' && mode !== 'manual') throw new CliError(`error: invalid --clock "${mode}": must be "real" or "manual"`);
  const path = statePath(opts.state);
  const release = lockCluster(path);
  try {
    // The old file is not read: reset is also the way out of a corrupt one.
    const file = newClusterFile(mode);
    save(path, file);
    // the documents beside the root itself when the path is a link; their slots kept, emptied
    spareDocs(stateTarget(path));
    for (const name of existsSync(dataDir(path)) ? readdirSync(dataDir(path)) : []) if (name !== 'docs') removeDir(join(dataDir(path), name));
    if (dataDir(path) !== dataDir(stateTarget(path))) removeDir(join(dataDir(path), 'docs'));
    out(`cluster reset: ${path} (${mode} clock, now ${new Date(file.clock.now).toISOString().replace('.000Z', 'Z')})`);
  } finally {
    release();
  }
}

export async function stages(assignments: string[], opts: GlobalOpts): Promise<void> {
  const updates: [string, number | undefined][] = assignments.map((a) => {
    const [name, value] = a.split('=');
    if (!Object.hasOwn(STAGE_DEFAULTS, name))
      throw new CliError(`error: unknown stage "${name}"; stages are: ${Object.keys(STAGE_DEFAULTS).join(', ')}`);
    if (value === undefined) throw new CliError(`error: expected STAGE=DURATION (e.g. start=5s), got "${a}"`);
    if (value === '' || value === 'default') return [name, undefined];
    const ms = parseDuration(value);
    if (ms === undefined) throw new CliError(`error: invalid duration "${value}" for stage ${name}`);
    return [name, ms / 1000];
  });
  const Table = (await import('cli-table3')).default; // loaded before the lock is taken
  await withCluster(opts, (c) => {
    for (const [name, s] of updates) {
      if (s === undefined) delete c.file.stages[name];
      else c.file.stages[name] = s;
      c.changed = true;
    }
    const t = new Table({
      head: ['STAGE', 'SECONDS', 'SOURCE', 'MEANING'],
      chars: {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '   ',
      },
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    });
    for (const name of Object.keys(STAGE_DEFAULTS)) {
      const own = c.file.stages[name];
      t.push([name, String(own ?? STAGE_DEFAULTS[name]), own === undefined ? 'default' : 'cluster', STAGE_HELP[name]]);
    }
    out(
      t
        .toString()
        .split('\n')
        .map((l: string) => l.trimEnd())
        .join('\n'),
    );
  });
}

export async function features(assignments: string[], opts: GlobalOpts): Promise<void> {
  const updates = assignments.map((a) => {
    const [name, value] = a.split('=');
    if (!Object.hasOwn(FEATURE_GATES, name))
      throw new CliError(`error: unknown feature gate "${name}"; known: ${Object.keys(FEATURE_GATES).join(', ')}`);
    if (value !== 'true' && value !== 'false') throw new CliError(`error: expected GATE=true|false, got "${a}"`);
    return [name, value === 'true'] as const;
  });
  await withCluster(opts, (c) => {
    for (const [name, on] of updates) {
      if (on === FEATURE_GATES[name].default) delete c.file.features[name];
      else c.file.features[name] = on;
      c.changed = true;
    }
    const rows = Object.entries(FEATURE_GATES).map(([name, g]) => [name, String(featureEnabled(c.file.features, name)), g.help]);
    out(table([['GATE', 'ENABLED', 'MEANING'], ...rows]));
  });
}

const MAX_NODES = 250;

/** `cluster nodes [N] [--cpu --memory --pods]`: nodes node-1…node-N, made and removed as their
 *  kubelets would register them and an admin would delete them; a node that still runs pods is not
 *  removed (delete it with `sts delete node`, and podgc force-deletes its pods). */
export async function nodes(args: string[], opts: GlobalOpts & { cpu?: string; memory?: string; pods?: string }): Promise<void> {
  if (args.length > 1) throw new CliError('error: cluster nodes takes at most one count', 'cluster nodes');
  const count = args.length ? Number(args[0]) : undefined;
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > MAX_NODES))
    throw new CliError(`error: invalid node count "${args[0]}": must be a whole number from 1 to ${MAX_NODES}`);
  const size: Partial<NodeSize> = {};
  for (const k of ['cpu', 'memory', 'pods'] as const) {
    const v = opts[k];
    if (v === undefined) continue;
    const n = parseQuantity(v);
    if (n === undefined || n <= 0 || (k === 'pods' && !Number.isInteger(n))) throw new CliError(`error: invalid --${k} "${v}"`);
    size[k] = v;
  }
  await withCluster(opts, (c) => {
    const byIndex = (n: KObject) => Number(/^node-(\d+)$/.exec(n.metadata.name)?.[1] ?? 0);
    const existing = c.list('Node').sort((a, b) => byIndex(a) - byIndex(b));
    const current: NodeSize = { ...DEFAULT_NODE_SIZE, ...pick(existing[0]?.status?.capacity) };
    const want: NodeSize = { ...current, ...size };
    const target = count ?? existing.length;
    const extra = existing.filter((n) => byIndex(n) > target || byIndex(n) === 0);
    const busy = extra.flatMap((n) =>
      c
        .pods()
        .filter((p) => p.node === n.metadata.name)
        .map((p) => `${p.ns}/${p.name}`),
    );
    if (busy.length)
      throw new CliError(
        `error: cannot remove ${extra.map((n) => `node/${n.metadata.name}`).join(', ')}: pods are bound to it (${busy.join(', ')}); ` +
          'scale them away first, or `sts delete node NAME` (its pods are then force-deleted, as podgc does)',
      );
    for (const n of extra) c.remove('Node', undefined, n.metadata.name);
    for (let i = 1; i <= target; i++) {
      const name = `node-${i}`;
      const node = c.get('Node', undefined, name);
      if (!node) {
        c.put(nodeObject(i, { name, uid: c.uid(), resourceVersion: '', creationTimestamp: c.timestamp() }, want));
        continue;
      }
      if (!Object.keys(size).length) continue;
      const next = structuredClone(node);
      next.status.capacity = { ...next.status.capacity, ...size };
      next.status.allocatable = { ...next.status.allocatable, ...size };
      c.put(next);
    }
    c.changed = true;
    const rows = c
      .list('Node')
      .sort((a, b) => byIndex(a) - byIndex(b))
      .map((n) => [n.metadata.name, n.status?.allocatable?.cpu ?? '', n.status?.allocatable?.memory ?? '', n.status?.allocatable?.pods ?? '']);
    out(table([['NODE', 'CPU', 'MEMORY', 'PODS'], ...rows]));
  });
}

const pick = (r: Record<string, string> | undefined): Partial<NodeSize> =>
  r ? { ...(r.cpu ? { cpu: r.cpu } : {}), ...(r.memory ? { memory: r.memory } : {}), ...(r.pods ? { pods: r.pods } : {}) } : {};
