// The simulated scheduler's choices for the kubelet's table (controller/kubelet.ts): the node a pod
// goes to, its pod IP, and FailedScheduling while its claims cannot be bound (kube-scheduler's
// VolumeBinding plugin says so each time it retries).
import type { PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { claimNames, podEvent } from '../apiserver/pod-object.js';
import { bindPlan } from './volumes.js';

/** The node for a pod: a hash of its set (or name) and ordinal, so a cluster's placement is reproducible. */
export function pickNode(c: Cluster, p: PodRecord): string {
  const nodes = c
    .list('Node')
    .map((n) => n.metadata.name)
    .sort();
  let h = p.ordinal ?? 0;
  for (const ch of p.set ?? p.name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return nodes[(h + (p.ordinal ?? 0)) % nodes.length] ?? 'node-1';
}

/** The next pod IP on a node (10.244.<node>.<n>), as the node's pod CIDR hands them out. */
export function allocateIP(c: Cluster, node: string): string {
  const i = Number(/(\d+)$/.exec(node)?.[1] ?? 1);
  const k = (c.file.seq.podIP[node] = (c.file.seq.podIP[node] ?? 1) + 1) - 2;
  return `10.244.${i + 3 * Math.floor(k / 253)}.${2 + (k % 253)}`;
}

/**
 * The scheduler's complaint about a pod whose claims cannot be bound (counted up while it lasts).
 * A claim that is merely being provisioned is waited for quietly.
 */
export function unschedulable(c: Cluster, p: PodRecord): void {
  const stuck = claimNames(c, p).some((n) => {
    const pvc = c.get('PersistentVolumeClaim', p.ns, n);
    return !pvc || (pvc.status?.phase === 'Pending' && !bindPlan(c, pvc));
  });
  if (!stuck) return;
  const n = c.list('Node').length;
  const msg = `0/${n} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
  const last = c.eventsFor(p.uid).find((e) => e.reason === 'FailedScheduling');
  if (last?.last === c.now) return;
  podEvent(c, p, 'Warning', 'FailedScheduling', msg, 'default-scheduler');
}
