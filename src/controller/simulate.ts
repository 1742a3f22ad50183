// Moving the simulation through time: a discrete-event loop. At each instant the controllers act
// until nothing more happens; then time jumps to the next due step (a pod stage, a claim binding,
// a pod becoming available), never past the target. Only pods that are still changing are looked at.
import type { PodRecord, StatefulSet } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { claimNames } from '../apiserver/pod-object.js';
import { isSteady, nextTransition, stopDeletedPods, transition } from './kubelet.js';
import { collectClaims } from './claim-owners.js';
import { syncStatefulSet } from './statefulset-sync.js';
import { bind, bindPlan, finishClaimDeletions, pendingReason } from './volumes.js';

const MAX_ROUNDS_PER_INSTANT = 100_000;

/** Run every controller at the current instant until none has anything left to do. */
export function settle(c: Cluster): void {
  for (let round = 0; round < MAX_ROUNDS_PER_INSTANT; round++) {
    let acted = false;
    while (c.dirtySets.size) {
      const [k] = c.dirtySets;
      c.dirtySets.delete(k);
      const i = k.indexOf('/');
      if (syncStatefulSet(c, k.slice(0, i), k.slice(i + 1))) {
        c.dirtySets.add(k);
        acted = true;
      }
    }
    if (stopDeletedPods(c)) acted = true;
    for (const pvc of [...c.pendingClaims]) {
      const plan = bindPlan(c, pvc);
      if (plan && plan.at <= c.now) {
        bind(c, pvc, plan);
        acted = true;
      } else if (!plan) {
        const why = pendingReason(c, pvc);
        if (why && !c.eventsFor(pvc.metadata.uid).some((e) => e.reason === why.reason && e.last === c.now))
          c.event(pvc, why.type, why.reason, why.msg, 'persistentvolume-controller');
      }
    }
    if (c.ownersGone) {
      c.ownersGone = false;
      if (collectClaims(c)) acted = true;
    }
    if (finishClaimDeletions(c)) acted = true;
    if (finishNamespaceDeletions(c)) acted = true;
    if (!acted && !c.dirtySets.size) return;
  }
}

function finishNamespaceDeletions(c: Cluster): boolean {
  let changed = false;
  for (const ns of c.list('Namespace')) {
    if (!ns.metadata.deletionTimestamp) continue;
    const name = ns.metadata.name;
    if (c.pods(name).length || c.list('PersistentVolumeClaim', name).length) continue;
    c.remove('Namespace', undefined, name);
    changed = true;
  }
  return changed;
}

/**
 * The scheduler's complaint about a pod whose claims cannot be bound (counted up while it lasts).
 * A claim that is merely being provisioned is waited for quietly.
 */
function unschedulable(c: Cluster, p: PodRecord): void {
  const stuck = claimNames(c, p).some((n) => {
    const pvc = c.get('PersistentVolumeClaim', p.ns, n);
    return !pvc || (pvc.status?.phase === 'Pending' && !bindPlan(c, pvc));
  });
  if (!stuck) return;
  const n = c.list('Node').length;
  const msg = `0/${n} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
  const last = c.eventsFor(p.uid).find((e) => e.reason === 'FailedScheduling');
  if (last?.last === c.now) return;
  c.event({ kind: 'Pod', ns: p.ns, name: p.name, uid: p.uid }, 'Warning', 'FailedScheduling', msg, 'default-scheduler');
}

/** The next time a set's pod becomes available (minReadySeconds), after now. */
function nextAvailability(c: Cluster, after: number): number {
  let next = Infinity;
  for (const set of c.list('StatefulSet') as StatefulSet[]) {
    const min = (set.spec.minReadySeconds ?? 0) * 1000;
    if (!min) continue;
    for (const p of c.podsOf(set.metadata.namespace!, set.metadata.name).values()) {
      if (p.stage !== 'Ready') continue;
      const at = p.stageSince + min + 1;
      if (at > after && at < next) next = at;
    }
  }
  return next;
}

export interface AdvanceResult {
  /** nothing is left to happen with time alone */
  idle: boolean;
}

/** Bring the simulation forward to `target` (ms); with untilIdle, stop as soon as nothing is left to happen. */
export function advance(c: Cluster, target: number, untilIdle = false): AdvanceResult {
  const active = new Set<PodRecord>(c.pods().filter((p) => !isSteady(p)));
  for (;;) {
    settle(c);
    c.journal?.flush();
    for (const p of c.touchedPods) if (!isSteady(p)) active.add(p);
    c.touchedPods.clear();
    let next = Infinity;
    for (const p of active) {
      if (c.pod(p.ns, p.name) !== p || isSteady(p)) {
        active.delete(p);
        continue;
      }
      const t = nextTransition(c, p);
      if (t !== undefined && t < next) next = t;
      if (t === undefined && p.stage === 'Pending') unschedulable(c, p);
    }
    for (const pvc of c.pendingClaims) {
      const plan = bindPlan(c, pvc);
      if (plan && plan.at < next) next = plan.at;
    }
    const avail = nextAvailability(c, c.now);
    if (avail < next) next = avail;
    if (next === Infinity || next > target) {
      if (target > c.now && !(untilIdle && next === Infinity)) c.now = target;
      return { idle: next === Infinity };
    }
    c.now = Math.max(c.now, next);
    for (const p of [...active]) {
      if (c.pod(p.ns, p.name) !== p) continue;
      const t = nextTransition(c, p);
      if (t !== undefined && t <= c.now) transition(c, p, c.now);
    }
    if (avail <= c.now)
      for (const set of c.list('StatefulSet')) if (set.spec.minReadySeconds) c.dirtySets.add(`${set.metadata.namespace}/${set.metadata.name}`);
  }
}

/**
 * Advance until nothing is left to do, or `timeoutMs` of cluster time passed. Returns whether it
 * settled (false: something time will not fix, e.g. a claim whose class does not exist, is pending).
 */
export function settleAll(c: Cluster, timeoutMs: number): { settled: boolean; elapsed: number } {
  const start = c.now;
  const r = advance(c, start + timeoutMs, true);
  return { settled: r.idle, elapsed: c.now - start };
}
