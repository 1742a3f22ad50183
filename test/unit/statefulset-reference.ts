// decide() as it was before the controller kept its views indexed (statefulset-pods.ts): a walk over
// every pod in each sync. Kept as the oracle the indexed decide must agree with, case for case
// (statefulset-cache.test.ts); not used by the product.
import type { StatefulSetSpec, StatefulSetStatus } from '../../src/api/types.js';
import { isAvailable, isRunningAndReady, type Action, type Decision, type PodView, type SetView } from '../../src/controller/statefulset.js';

function computeStatus(set: SetView, pods: PodView[], revisions: { current: string; update: string }, now: number): StatefulSetStatus {
  const minReady = set.spec.minReadySeconds ?? 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  for (const p of pods) {
    if (isRunningAndReady(p)) {
      ready++;
      if (isAvailable(p, minReady, now)) available++;
    }
    if (!p.terminating) {
      if (p.rev === revisions.current) current++;
      if (p.rev === revisions.update) updated++;
    }
  }
  return {
    observedGeneration: set.generation,
    replicas: pods.length,
    readyReplicas: ready,
    currentReplicas: current,
    updatedReplicas: updated,
    availableReplicas: available,
    currentRevision: revisions.current,
    updateRevision: revisions.update,
    collisionCount: set.status.collisionCount ?? 0,
  };
}

/** Once every replica is updated and ready, the update revision becomes the current one. */
function completeRollingUpdate(spec: StatefulSetSpec, s: StatefulSetStatus): StatefulSetStatus {
  if (spec.updateStrategy.type !== 'RollingUpdate') return s;
  if (s.updatedReplicas === spec.replicas && s.readyReplicas === spec.replicas && s.replicas === spec.replicas)
    return { ...s, currentRevision: s.updateRevision, currentReplicas: s.updatedReplicas };
  return s;
}

/** Which revision a missing ordinal is created from (upstream's newVersionedStatefulSetPod). */
function revisionFor(set: SetView, ord: number, start: number, revisions: { current: string; update: string }): string {
  const us = set.spec.updateStrategy;
  if (us.type === 'RollingUpdate') {
    if (!us.rollingUpdate && ord < start + (set.status.currentReplicas ?? 0)) return revisions.current;
    if (us.rollingUpdate && ord < start + (us.rollingUpdate.partition ?? 0)) return revisions.current;
  }
  return revisions.update;
}

export function referenceDecide(set: SetView, pods: PodView[], revisions: { current: string; update: string }, now: number): Decision {
  const spec = set.spec;
  const start = spec.ordinals?.start ?? 0;
  const R = spec.replicas;
  const monotonic = spec.podManagementPolicy !== 'Parallel';
  const minReady = spec.minReadySeconds ?? 0;
  const available = (p: PodView) => isAvailable(p, minReady, now);

  const replicas: (PodView | undefined)[] = new Array(R).fill(undefined);
  const condemned: PodView[] = [];
  for (const p of pods) {
    if (p.ord < 0) continue;
    if (p.ord >= start && p.ord < start + R) replicas[p.ord - start] = p;
    else condemned.push(p);
  }
  condemned.sort((a, b) => b.ord - a.ord);

  const counted = pods.filter((p) => p.ord >= 0);
  let status = computeStatus(set, counted, revisions, now);
  const actions: Action[] = [];
  const done = (): Decision => ({ actions, status: completeRollingUpdate(spec, status) });

  if (set.deleting) return done();

  const unavailableSlot = replicas.findIndex((p) => !p || p.terminating || !available(p));
  let firstUnavailable: PodView | undefined = unavailableSlot >= 0 ? replicas[unavailableSlot] : undefined;
  if (unavailableSlot < 0) firstUnavailable = [...condemned].reverse().find((p) => p.terminating || !available(p));

  // Bring every ordinal in range into existence and health.
  for (let i = 0; i < R; i++) {
    const p = replicas[i];
    if (p && (p.phase === 'Failed' || p.phase === 'Succeeded')) {
      if (!p.terminating) actions.push({ type: 'delete', ord: p.ord, name: p.name, reason: 'failed' });
      if (monotonic) return done();
      continue;
    }
    if (!p) {
      // A new pod would mount the claim its predecessor was condemned with, and lose it (and its
      // data) once the garbage collector comes: wait until the claim is gone (processReplica).
      if (set.staleClaims?.has(start + i)) {
        if (monotonic) return done();
        continue;
      }
      actions.push({ type: 'create', ord: start + i, rev: revisionFor(set, start + i, start, revisions) });
      if (monotonic) return done();
      continue;
    }
    if (p.phase === 'Pending' && p.claimsMissing) actions.push({ type: 'createClaims', ord: p.ord });
    if (!monotonic) continue;
    if (p.terminating || !isRunningAndReady(p) || !available(p)) return done();
  }

  // Scale down, highest ordinal first.
  for (const p of condemned) {
    if (p.terminating) {
      if (monotonic) return done();
      continue;
    }
    if (monotonic && p !== firstUnavailable && (!isRunningAndReady(p) || !available(p))) return done();
    actions.push({ type: 'delete', ord: p.ord, name: p.name, reason: 'condemned' });
    if (monotonic) return done();
  }

  if (spec.updateStrategy.type !== 'RollingUpdate') return done();

  // Rolling update: from the highest ordinal down to the partition, one pod at a time.
  const updateMin = spec.updateStrategy.rollingUpdate ? (spec.updateStrategy.rollingUpdate.partition ?? 0) : 0;
  if (set.maxUnavailable !== undefined) {
    // With the gate on: as many at once as the unavailability budget allows, counted over all slots.
    const unavailable = replicas.filter((p) => !p || p.terminating || !available(p)).length;
    let budget = set.maxUnavailable - unavailable;
    for (let i = R - 1; i >= updateMin && budget > 0; i--) {
      const p = replicas[i];
      if (!p || p.rev === revisions.update || p.terminating) continue;
      actions.push({ type: 'delete', ord: p.ord, name: p.name, reason: 'update' });
      status = { ...status, currentReplicas: (status.currentReplicas ?? 0) - 1 };
      budget--;
    }
    return done();
  }
  for (let i = R - 1; i >= updateMin; i--) {
    const p = replicas[i];
    if (!p) return done();
    if (p.rev !== revisions.update && !p.terminating) {
      actions.push({ type: 'delete', ord: p.ord, name: p.name, reason: 'update' });
      status = { ...status, currentReplicas: (status.currentReplicas ?? 0) - 1 };
      return done();
    }
    if (p.terminating || !available(p)) return done();
  }
  return done();
}
