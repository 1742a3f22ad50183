// `sts drain NODE`: cordon, then evict (or delete) the node's pods through the Eviction API, retrying
// every 5 s while a PodDisruptionBudget refuses, and wait for each to be gone. Mirrors kubectl's
// pkg/cmd/drain/drain.go (RunDrain, deleteOrEvictPodsSimple) and pkg/drain (filters.go, drain.go
// evictPods, deletePods, waitForDelete). On a manual clock the retries move the clock.
import { CliError } from '../api/errors.js';
import type { Json, PodRecord } from '../api/types.js';
import { matches, type Selector } from '../api/labels.js';
import { parseDuration } from '../controller/clock.js';
import { advance } from '../controller/simulate.js';
import { podLabels } from '../controller/disruption.js';
import { deletePod } from '../apiserver/delete.js';
import { evictPod } from '../apiserver/eviction.js';
import { getNode, setUnschedulable } from '../apiserver/nodes.js';
import { podTemplate } from '../apiserver/pod-object.js';
import type { Cluster } from '../store/cluster.js';
import { withCluster } from './context.js';
import { parseDryRun, type DryRun } from './dry-run.js';
import { delay, err, out } from './output.js';
import { parseLabelSelector } from './resources.js';
import type { Opts, Verb } from './verb.js';

// pkg/drain/filters.go
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

/** kubectl's retry interval for a refused eviction, and waitForDelete's polling interval. */
const RETRY_MS = 5000;
const POLL_MS = 1000;
/** with --timeout=0 (kubectl: forever) a manual clock still stops somewhere */
const FOREVER_MS = 24 * 3600 * 1000;

export const drainVerb: Verb = {
  honours: [
    'chunk-size',
    'delete-emptydir-data',
    'disable-eviction',
    'dry-run',
    'force',
    'grace-period',
    'ignore-daemonsets',
    'pod-selector',
    'skip-wait-for-delete-timeout',
    'timeout',
  ],
  run: ({ args, opts }) => drain(args, opts),
};

/** Go's time.Duration.String for whole milliseconds (1m0s, 1h0m30s, 500ms). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** go's utilerrors.NewAggregate(errs).Error(): one message as is, several deduplicated in brackets. */
const aggregate = (msgs: string[]) => {
  const uniq = [...new Set(msgs)];
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
};

interface Filters {
  force: boolean;
  ignoreDaemonsets: boolean;
  deleteEmptyDir: boolean;
  podSelector?: Selector;
  skipWaitForDeleteMs: number;
}

/** GetPodsForDeletion: the node's pods sorted as listed, each kept, skipped, warned or fatal. */
export function podsForDeletion(c: Cluster, node: string, f: Filters): { pods: PodRecord[]; warnings: string; errors: string[] } {
  const warn = new Map<string, string[]>();
  const fatal = new Map<string, string[]>();
  const note = (m: Map<string, string[]>, msg: string, p: PodRecord) => m.set(msg, [...(m.get(msg) ?? []), `${p.ns}/${p.name}`]);
  const pods: PodRecord[] = [];
  const onNode = c
    .pods()
    .filter((p) => p.node === node && (!f.podSelector || matches(f.podSelector, podLabels(c, p))))
    .sort((a, b) => (a.ns === b.ns ? (a.name < b.name ? -1 : 1) : a.ns < b.ns ? -1 : 1));
  for (const p of onNode) {
    // skipDeletedFilter
    if (f.skipWaitForDeleteMs > 0 && p.deletingSince !== undefined && c.now - p.deletingSince > f.skipWaitForDeleteMs) continue;
    const finished = p.stage === 'Succeeded' || p.stage === 'Failed';
    const spec: Json = podTemplate(c, p).spec ?? {};
    let ok = true;
    // (no DaemonSets in the simulation: daemonSetFilter never applies; its texts are kept for when they come)
    if (!finished && (spec.volumes ?? []).some((v: Json) => v.emptyDir)) {
      if (f.deleteEmptyDir) note(warn, LOCAL_STORAGE_WARNING, p);
      else {
        ok = false;
        note(fatal, LOCAL_STORAGE_FATAL, p);
      }
    }
    if (!finished && p.set === undefined) {
      if (f.force) note(warn, UNMANAGED_WARNING, p);
      else {
        ok = false;
        note(fatal, UNMANAGED_FATAL, p);
      }
    }
    if (ok) pods.push(p);
  }
  void DAEMONSET_FATAL;
  void DAEMONSET_WARNING;
  return {
    pods,
    warnings: [...warn].map(([msg, names]) => `${msg}: ${names.join(', ')}`).join('; '),
    errors: [...fatal].map(([msg, names]) => `cannot delete ${msg}: ${names.join(', ')}`),
  };
}

interface Eviction {
  ns: string;
  name: string;
  uid: string;
  /** when the next attempt is due (evicting), or undefined once accepted (waiting to be gone) */
  attemptAt?: number;
  done?: boolean;
  error?: string;
}

interface DrainOpts {
  dryRun: DryRun;
  gracePeriod?: number;
  timeoutMs: number;
  disableEviction: boolean;
  filters: Filters;
}

function parseOpts(opts: Opts): DrainOpts {
  const timeoutMs = opts.timeout === undefined ? 0 : parseDuration(String(opts.timeout));
  if (timeoutMs === undefined)
    throw new CliError(`error: invalid argument "${opts.timeout}" for "--timeout" flag: time: invalid duration "${opts.timeout}"`);
  const grace = Number(opts.gracePeriod ?? -1);
  return {
    dryRun: parseDryRun(opts.dryRun),
    gracePeriod: grace < 0 ? undefined : grace,
    timeoutMs,
    disableEviction: !!opts.disableEviction,
    filters: {
      force: !!opts.force,
      ignoreDaemonsets: !!opts.ignoreDaemonsets,
      deleteEmptyDir: !!opts.deleteEmptydirData,
      podSelector: parseLabelSelector(opts.podSelector),
      skipWaitForDeleteMs: Number(opts.skipWaitForDeleteTimeout ?? 0) * 1000,
    },
  };
}

const suffix = (d: DryRun) => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

/** One instant of kubectl's eviction goroutines: attempts that are due, then deletions seen through. */
function tick(c: Cluster, list: Eviction[], o: DrainOpts, start: number): void {
  const verb = o.disableEviction ? 'deleted' : 'evicted';
  for (const e of list) {
    if (e.done || e.attemptAt === undefined || e.attemptAt > c.now) continue;
    if (o.timeoutMs && c.now - start >= o.timeoutMs) {
      e.done = true;
      e.error = `error when evicting pods/${JSON.stringify(e.name)} -n ${JSON.stringify(e.ns)}: global timeout reached: ${goDuration(o.timeoutMs)}`;
      continue;
    }
    if (o.disableEviction) {
      const p = c.pod(e.ns, e.name);
      if (p && o.dryRun !== 'server') deletePod(c, p, o.gracePeriod);
      e.attemptAt = undefined;
      if (o.dryRun === 'server') e.done = true;
      continue;
    }
    out(`evicting pod ${e.ns}/${e.name}${o.dryRun === 'server' ? ' (server dry run)' : ''}\n`);
    const r = evictPod(c, e.ns, e.name, { gracePeriod: o.gracePeriod, dryRun: o.dryRun === 'server' });
    if (r.outcome === 'notFound') e.done = true;
    else if (r.outcome === 'evicted') {
      e.attemptAt = undefined;
      if (o.dryRun === 'server') e.done = true;
    } else if (r.code === 429) {
      err(`error when evicting pods/${JSON.stringify(e.name)} -n ${JSON.stringify(e.ns)} (will retry after 5s): ${r.message}\n`);
      e.attemptAt = c.now + RETRY_MS;
    } else {
      e.done = true;
      e.error = `error when evicting pods/${JSON.stringify(e.name)} -n ${JSON.stringify(e.ns)}: ${r.message}`;
    }
  }
  for (const e of list) {
    if (e.done || e.attemptAt !== undefined) continue;
    const p = c.pod(e.ns, e.name);
    if (!p || p.uid !== e.uid) {
      e.done = true;
      out(`pod/${e.name} ${verb}\n`);
    } else if (o.timeoutMs && c.now - start >= o.timeoutMs) {
      e.done = true;
      e.error = `error when waiting for pod ${JSON.stringify(e.name)} in namespace ${JSON.stringify(e.ns)} to terminate: timed out waiting for the condition`;
    }
  }
}

export async function drain(args: string[], opts: Opts): Promise<void> {
  if (!args.length) throw new CliError('error: USAGE: drain NODE [flags]', 'drain');
  const o = parseOpts(opts);
  const fatal: string[] = [];
  const remaining: string[] = [];
  // cordon every node first (RunCordonOrUncordon), as kubectl does before draining any
  await withCluster(
    opts,
    (c) => {
      for (const n of args) getNode(c, n);
      for (const n of args) {
        const changed = o.dryRun === 'none' ? setUnschedulable(c, n, true) : !getNode(c, n).spec?.unschedulable;
        out(`node/${n} ${changed ? 'cordoned' : 'already cordoned'}${suffix(o.dryRun)}\n`);
      }
    },
    false,
    o.dryRun !== 'none',
  );
  for (const node of args) {
    const error = await drainNode(node, opts, o);
    if (error === undefined) out(`node/${node} drained${suffix(o.dryRun)}\n`);
    else {
      err(`error: unable to drain node ${JSON.stringify(node)} due to error: ${error}, continuing command...\n`);
      fatal.push(error);
      remaining.push(node);
    }
  }
  if (remaining.length) {
    err('There are pending nodes to be drained:\n');
    for (const n of remaining) err(` ${n}\n`);
    throw new CliError(fatal.join('\n'));
  }
}

/** deleteOrEvictPodsSimple for one node: undefined when drained, else the error kubectl reports. */
async function drainNode(node: string, opts: Opts, o: DrainOpts): Promise<string | undefined> {
  const listed = await withCluster(opts, (c) => {
    const r = podsForDeletion(c, node, o.filters);
    return { ...r, list: r.pods.map((p): Eviction => ({ ns: p.ns, name: p.name, uid: p.uid, attemptAt: c.now })), start: c.now };
  });
  if (listed.errors.length) return aggregate(listed.errors);
  if (listed.warnings) err(`Warning: ${listed.warnings}\n`);
  if (o.dryRun === 'client') {
    for (const e of listed.list) out(`evicting pod ${e.ns}/${e.name} (dry run)\n`);
    return undefined;
  }
  const { list, start } = listed;
  const finished = () => list.every((e) => e.done);
  const manual = await withCluster(
    opts,
    (c) => {
      tick(c, list, o, start);
      if (c.file.clock.mode !== 'manual') return false;
      // a refused attempt notices the timeout on its next retry, as kubectl's loop does after its sleep
      const limit = start + (o.timeoutMs ? o.timeoutMs + RETRY_MS : FOREVER_MS);
      while (!finished() && c.now < limit) {
        advance(c, Math.min(c.now + POLL_MS, limit));
        tick(c, list, o, start);
      }
      if (!finished()) tick(c, list, o, start);
      return true;
    },
    true,
    o.dryRun === 'server',
  );
  while (!manual && !finished()) {
    await delay(POLL_MS);
    await withCluster(opts, (c) => tick(c, list, o, start), false, o.dryRun === 'server');
  }
  const errors = list.filter((e) => e.error).map((e) => e.error!);
  if (!errors.length && finished()) return undefined;
  if (!finished()) errors.push(`drain did not finish within ${goDuration(FOREVER_MS)} of cluster time`);
  const pending = list.filter((e) => e.error || !e.done);
  const msg = aggregate(errors);
  err(`There are pending pods in node ${JSON.stringify(node)} when an error occurred: ${msg}\n`);
  for (const e of pending) err(`pod/${e.name}\n`);
  return msg;
}
