// The simulated scheduler's choices for the kubelet's table (controller/kubelet.ts): the node a pod
// goes to (the plugins in scheduling/, run over the cluster as it is now), its pod IP, and
// FailedScheduling while it fits nowhere or its claims cannot be bound (kube-scheduler's
// VolumeBinding PreFilter). A pod that fits nowhere waits; it is tried again whenever the time loop
// looks at it — every instant that settles, so at once after whatever changed (a node uncordoned or
// added, a pod gone), as the scheduler's queue moves pods back on cluster events. There is no
// periodic flush: with nothing changing, trying again could not succeed.
import type { PodRecord } from '../api/types.js';
import { own, type Cluster } from '../store/cluster.js';
import { claimKeys, claimNames, podEvent, podMemo } from '../apiserver/pod-object.js';
import { bindPlan } from './volumes.js';
import { fitErrorMessage, schedule, type Decision } from './scheduling/schedule.js';
import { snapshot } from './scheduling/cache.js';
import { podView } from './scheduling/views.js';
import { affinityNamespaces, ANY_NAMESPACE } from './scheduling/terms.js';

const UNBOUND_CLAIMS = 'pod has unbound immediate PersistentVolumeClaims';

/** The pod's own offset into the nodes (by name): a hash of its set (or name) and ordinal, so a
 *  cluster's placement is reproducible and a set's pods go round the nodes. */
export function nodeOffset(p: PodRecord, nodes: number): number {
  let h = p.ordinal ?? 0;
  const s = p.set ?? p.name;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0; // code units (for-of went by code points: the same for names)
  return nodes ? (h + (p.ordinal ?? 0)) % nodes : 0;
}

/** One decision per pod per state of the cluster: the kubelet's table asks several times an instant.
 *  The view is the scheduler's cache (scheduling/cache.ts), brought up to date, not rebuilt. Kept in
 *  the record's memo (podMemo: no map of 100,000 pods to look up), brought up to date in place. */
interface KeptDecision {
  c: Cluster;
  now: number;
  rv: number;
  gone: number;
  decision: Decision;
}

/** The namespaces the pod's own (anti-)affinity terms may select must be read before it is placed. */
function readAffinityNamespaces(c: Cluster, p: PodRecord): void {
  const names = affinityNamespaces(podView(c, p));
  if (names.includes(ANY_NAMESPACE)) c.loadAll();
  else for (let i = 0; i < names.length; i++) c.need(names[i]);
}

/** The scheduler's decision for a pod now: its node, or why none fits. */
export function placement(c: Cluster, p: PodRecord): Decision {
  const now = c.now;
  const rv = c.file.seq.rv;
  const gone = c.gonePods.length + c.removals;
  const memo = podMemo(p);
  const known = memo.decision as KeptDecision | undefined;
  if (known && known.c === c && known.now === now && known.rv === rv && known.gone === gone) return known.decision;
  readAffinityNamespaces(c, p);
  const view = snapshot(c);
  const decision = schedule(podView(c, p), view, nodeOffset(p, view.nodes.length));
  if (known) {
    known.c = c;
    known.now = now;
    known.rv = rv;
    known.gone = gone;
    known.decision = decision;
  } else memo.decision = { c, now, rv, gone, decision };
  return decision;
}

/** The node for a pod (the kubelet's 'scheduled' row binds it only once one fits). */
export function pickNode(c: Cluster, p: PodRecord): string {
  const d = placement(c, p);
  return 'node' in d ? d.node : 'node-1';
}

/** It may be bound once it is due: some node fits. */
export const fits = (c: Cluster, p: PodRecord) => 'node' in placement(c, p);

/** The number a node's name ends with (1 if none), read once per node, not once per pod started. */
const nodeNumbers = new Map<string, number>();
function nodeNumber(node: string): number {
  let i = nodeNumbers.get(node);
  if (i === undefined) {
    if (nodeNumbers.size >= 10_000) nodeNumbers.clear(); // a long-lived process stays bounded
    nodeNumbers.set(node, (i = Number(/(\d+)$/.exec(node)?.[1] ?? 1)));
  }
  return i;
}

/** The next pod IP on a node (10.244.<node>.<n>), as the node's pod CIDR hands them out. */
export function allocateIP(c: Cluster, node: string): string {
  const i = nodeNumber(node);
  const k = (c.file.seq.podIP[node] = (own(c.file.seq.podIP, node) ?? 1) + 1) - 2;
  return `10.244.${i + 3 * Math.floor(k / 253)}.${2 + (k % 253)}`;
}

/**
 * The scheduler's complaint about a pod it cannot place (the kubelet asks about a Pending pod with
 * no step due), once per instant while it lasts (the event counts up): its claims cannot be bound,
 * or no node passes the filters. A claim that is merely being provisioned is waited for quietly.
 */
export function unschedulable(c: Cluster, p: PodRecord): void {
  const claims = claimNames(c, p);
  const stuck = claims.some((n) => {
    const pvc = c.get('PersistentVolumeClaim', p.ns, n);
    return !pvc || (pvc.status?.phase === 'Pending' && !bindPlan(c, pvc));
  });
  const waiting = claimKeys(c, p).some((k) => c.file.bound[k] === undefined);
  let msg: string | undefined;
  if (stuck) msg = fitErrorMessage(c.list('Node').length, [], UNBOUND_CLAIMS);
  else if (!waiting) {
    const d = placement(c, p);
    if ('message' in d) msg = d.message;
  }
  if (msg === undefined) return;
  if (c.eventsFor(p.uid).some((e) => e.reason === 'FailedScheduling' && e.last === c.now)) return;
  podEvent(c, p, 'Warning', 'FailedScheduling', msg, 'default-scheduler');
}
