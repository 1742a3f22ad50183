// The node lifecycle controller (kube-controller-manager's nodelifecycle, its taint-eviction
// controller, and podgc's share): a node whose kubelet stopped posting status (`sts fault node NAME
// down`) goes Ready=Unknown after the grace period and is tainted unreachable; its pods are marked
// for deletion once they stop tolerating that; a cordoned node carries the unschedulable taint.
// With no kubelet to confirm, marked pods stay Terminating until the node returns, is deleted,
// is tainted out-of-service, or they are force-deleted.
import type { Json, KObject, PodRecord } from '../api/types.js';
import { DEFAULT_TOLERATIONS, podEvent, podTemplate } from '../apiserver/pod-object.js';
import { deletePod } from '../apiserver/delete.js';
import type { Cluster } from '../store/cluster.js';
import { healthyNodeConditions } from '../store/schema.js';
import type { Controller } from './controller.js';

/** kube-controller-manager's --node-monitor-grace-period (1.33's default: 40s). */
export const NODE_MONITOR_GRACE_MS = 40_000;
export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** What the controller knows of a node. */
export interface NodeView {
  /** its kubelet stopped posting status at (ms); undefined: it posts */
  downSince?: number;
  /** the Ready condition's status as stored */
  ready: string;
  unschedulable: boolean;
  taints: Taint[];
}

export interface NodeDecision {
  /** Ready becomes this (Unknown: the grace period ran out; True: the kubelet posts again) */
  ready?: 'Unknown' | 'True';
  /** the node's taints, when they must change */
  taints?: Taint[];
  /** when time alone next changes something (ms) */
  due?: number;
}

const sameTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/** The policy for one node at `now` (nodelifecycle's monitorNodeHealth and its tainting passes). */
export function decideNode(n: NodeView, now: number, timestamp: string): NodeDecision {
  const d: NodeDecision = {};
  let ready = n.ready;
  if (n.downSince !== undefined && ready === 'True') {
    const at = n.downSince + NODE_MONITOR_GRACE_MS;
    if (now >= at) ready = d.ready = 'Unknown';
    else d.due = at;
  } else if (n.downSince === undefined && ready !== 'True') ready = d.ready = 'True';
  const want: Taint[] = [];
  if (n.unschedulable) want.push({ key: UNSCHEDULABLE, effect: 'NoSchedule' });
  if (ready === 'Unknown') want.push({ key: UNREACHABLE, effect: 'NoExecute' }, { key: UNREACHABLE, effect: 'NoSchedule' });
  const managed = (t: Taint) => t.key === UNSCHEDULABLE || t.key === UNREACHABLE;
  const kept = n.taints.filter((t) => !managed(t) || want.some((w) => sameTaint(w, t)));
  const added = want.filter((w) => !n.taints.some((t) => sameTaint(w, t))).map((t) => ({ ...t, timeAdded: timestamp }));
  if (added.length || kept.length !== n.taints.length) d.taints = [...kept, ...added];
  return d;
}

const tolerates = (tol: Toleration, t: Taint) =>
  (!tol.effect || tol.effect === t.effect) &&
  (tol.operator === 'Exists' ? !tol.key || tol.key === t.key : tol.key === t.key && (tol.value ?? '') === (t.value ?? ''));

/**
 * When a pod on a node with these taints must be deleted (ms), or undefined if it may stay:
 * an untolerated NoExecute taint at once (from when it was added); otherwise the shortest
 * tolerationSeconds among the tolerations used (taint-eviction's getMinTolerationTime).
 */
export function evictionDue(taints: Taint[], tolerations: Toleration[]): number | undefined {
  let due: number | undefined;
  for (const t of taints) {
    if (t.effect !== 'NoExecute') continue;
    const since = t.timeAdded ? Date.parse(t.timeAdded) : 0;
    const used = tolerations.filter((tol) => tolerates(tol, t));
    if (!used.length) return since;
    const secs = used.map((tol) => tol.tolerationSeconds).filter((s): s is number => s !== undefined);
    if (!secs.length) continue; // tolerated for ever
    const at = since + Math.max(0, Math.min(...secs)) * 1000;
    if (due === undefined || at < due) due = at;
  }
  return due;
}

const nodeView = (c: Cluster, n: KObject): NodeView => ({
  downSince: c.file.faults.nodes?.[n.metadata.name],
  ready: n.status?.conditions?.find((x: Json) => x.type === 'Ready')?.status ?? 'Unknown',
  unschedulable: !!n.spec?.unschedulable,
  taints: n.spec?.taints ?? [],
});

/** The node's kubelet is not posting status (`sts fault node NAME down`). */
export const nodeDown = (c: Cluster, name: string | undefined) => name !== undefined && c.file.faults.nodes?.[name] !== undefined;

/** Ready=Unknown as nodelifecycle writes it for every condition the kubelet stopped posting. */
function markUnknown(n: KObject, ts: string): void {
  for (const cond of (n.status?.conditions ?? []) as Json[]) {
    cond.status = 'Unknown';
    cond.reason = 'NodeStatusUnknown';
    cond.message = 'Kubelet stopped posting node status.';
    cond.lastTransitionTime = ts;
  }
}

const podTolerations = (c: Cluster, p: PodRecord): Toleration[] => podTemplate(c, p).spec?.tolerations ?? DEFAULT_TOLERATIONS;

function apply(c: Cluster, n: KObject, d: NodeDecision): void {
  const ts = c.timestamp();
  const name = n.metadata.name;
  const node = structuredClone(n);
  node.status ??= {}; // a Node applied from a manifest: its (simulated) kubelet posts the rest
  if (d.ready === 'Unknown') {
    markUnknown(node, ts);
    c.event(n, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, 'node-controller');
    for (const p of c.pods().filter((x) => x.node === name && x.deletingSince === undefined))
      podEvent(c, p, 'Warning', 'NodeNotReady', 'Node is not ready', 'node-controller');
  }
  if (d.ready === 'True') {
    node.status.conditions = healthyNodeConditions(ts);
    c.event(n, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, 'kubelet');
  }
  if (d.taints) {
    node.spec = { ...node.spec };
    if (d.taints.length) node.spec.taints = d.taints;
    else delete node.spec.taints;
  }
  c.put(node);
}

/**
 * One pass over the pods bound to nodes: evict those whose tolerations ran out (taint-eviction),
 * force-delete those of a not-ready out-of-service node or of a node that no longer exists (podgc).
 */
function evictPods(c: Cluster, pods: PodRecord[]): boolean {
  let acted = false;
  const nodes = new Map(c.list('Node').map((n) => [n.metadata.name, n]));
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i];
    if (!p.node) continue;
    const n = nodes.get(p.node);
    const taints: Taint[] = n?.spec?.taints ?? [];
    const notReady = n?.status?.conditions?.find((x: Json) => x.type === 'Ready')?.status !== 'True';
    if (!n || (notReady && taints.some((t) => t.key === OUT_OF_SERVICE && t.effect === 'NoExecute'))) {
      if (p.removeAt === undefined || p.deletionGrace !== 0) acted = deletePod(c, p, 0) || acted;
      continue;
    }
    if (p.deletingSince !== undefined) continue;
    const at = evictionDue(taints, podTolerations(c, p));
    if (at === undefined) continue;
    if (at <= c.now) {
      podEvent(c, p, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${p.ns}/${p.name}`, 'taint-eviction-controller');
      acted = deletePod(c, p) || acted;
    }
  }
  return acted;
}

export function nodeLifecycleController(): Controller {
  // the first pass looks at every pod in memory (a node may have gone since the last run: deleting
  // a node reads every namespace); later ones, and at every pod, only while some node has a
  // NoExecute taint
  let looked = false;
  return {
    name: 'node-lifecycle',
    sync(c) {
      let acted = false;
      for (const n of c.list('Node')) {
        const d = decideNode(nodeView(c, n), c.now, c.timestamp());
        if (d.ready || d.taints) {
          apply(c, n, d);
          acted = true;
        }
      }
      const tainted = c.list('Node').some((n) => n.spec?.taints?.some((t: Taint) => t.effect === 'NoExecute'));
      if (looked && !tainted) return acted;
      looked = true;
      return evictPods(c, tainted ? c.pods() : c.loadedPods()) || acted;
    },
    nextDue(c) {
      let next: number | undefined;
      for (const n of c.list('Node')) {
        const due = decideNode(nodeView(c, n), c.now, c.timestamp()).due;
        if (due !== undefined && (next === undefined || due < next)) next = due;
      }
      const pods = nextEviction(c);
      if (pods !== undefined && (next === undefined || pods < next)) next = pods;
      return next;
    },
  };
}

/** The earliest eviction still ahead (read only). */
function nextEviction(c: Cluster): number | undefined {
  let due: number | undefined;
  for (const n of c.list('Node')) {
    const taints: Taint[] = n.spec?.taints ?? [];
    if (!taints.some((t) => t.effect === 'NoExecute')) continue;
    for (const p of c.pods()) {
      if (p.node !== n.metadata.name || p.deletingSince !== undefined) continue;
      const at = evictionDue(taints, podTolerations(c, p));
      if (at !== undefined && at > c.now && (due === undefined || at < due)) due = at;
    }
  }
  return due;
}
