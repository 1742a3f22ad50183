// The StatefulSet controller's decisions, as a pure function: the set, its pods and the time in;
// the actions to take and the status to write out. It follows upstream's sync (see
// shared/reference/statefulset-controller.md §7–§10): one create or delete per sync with
// OrderedReady, all at once with Parallel; scale-down from the highest ordinal; rolling update from
// the highest ordinal down to the partition, one pod at a time.
import type { StatefulSetSpec, StatefulSetStatus } from '../api/types.js';
import { isAvailable, isRunningAndReady, SetPods, type PodView } from './statefulset-pods.js';

export { isAvailable, isRunningAndReady, SetPods, type PodView };

export interface SetView {
  spec: StatefulSetSpec;
  /** maxUnavailable resolved to a pod count when the MaxUnavailableStatefulSet gate is on */
  maxUnavailable?: number;
  generation: number;
  deleting: boolean;
  /** status.currentReplicas and collisionCount as stored before this sync */
  status: Partial<StatefulSetStatus>;
  /**
   * Ordinals without a pod whose claims still name an earlier pod of that name as owner (upstream's
   * PodClaimIsStale, whenScaled: Delete): the garbage collector is about to take them. Asked only
   * about ordinals that have no pod.
   */
  staleClaims?: { has(ord: number): boolean };
}

export type Action =
  | { type: 'create'; ord: number; rev: string }
  | { type: 'createClaims'; ord: number }
  | { type: 'delete'; ord: number; name: string; reason: 'failed' | 'condemned' | 'update' };

/**
 * Where the sync stopped and why, for `sts why` (the controller itself ignores it): `ord` is the
 * ordinal it waits on (for 'partition', the partition itself: lower ordinals keep their revision).
 */
export interface Blocked {
  reason:
    'deleting' | 'failed' | 'missing' | 'stale-claims' | 'terminating' | 'unready' | 'unavailable' | 'partition' | 'max-unavailable' | 'on-delete';
  ord?: number;
  pod?: string;
}

export interface Decision {
  actions: Action[];
  status: StatefulSetStatus;
  blocked?: Blocked;
}

/** Status counters over the set's pods (all created; placeholders never count). */
export function computeStatus(
  set: SetView,
  pods: SetPods,
  revisions: { current: string; update: string },
  now: number,
  notYetAvailable = pods.notYetAvailable(set.spec.minReadySeconds ?? 0, now),
): StatefulSetStatus {
  return {
    observedGeneration: set.generation,
    ...pods.counts(revisions, notYetAvailable),
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

/** The lowest and the highest of some ordinals (Infinity and -Infinity for none). */
const lowest = (xs: (number | undefined)[]) => xs.reduce<number>((m, x) => (x !== undefined && x < m ? x : m), Infinity);
const highest = (xs: (number | undefined)[]) => xs.reduce<number>((m, x) => (x !== undefined && x > m ? x : m), -Infinity);

/**
 * The policy. `pods` is a list of views or, from the controller, the set's SetPods kept across
 * syncs; either way the work is the ordinals the sync looks at, not all of them (a monotonic sync
 * stops at the first unhealthy ordinal, as upstream's processReplica loop does).
 */
export function decide(set: SetView, pods: readonly PodView[] | SetPods, revisions: { current: string; update: string }, now: number): Decision {
  const index = pods instanceof SetPods ? pods : SetPods.of(pods);
  const spec = set.spec;
  const start = spec.ordinals?.start ?? 0;
  const R = spec.replicas;
  const end = start + R - 1; // the last ordinal in range; the others are condemned
  const monotonic = spec.podManagementPolicy !== 'Parallel';
  const minReady = spec.minReadySeconds ?? 0;
  const available = (p: PodView) => isAvailable(p, minReady, now);
  // Ready but within minReadySeconds: unavailable for now (few: they became Ready only lately).
  const notYet = index.notYetAvailable(minReady, now);
  const notYetOrds = (lo: number, hi: number) => notYet.filter((p) => p.ord >= lo && p.ord <= hi).map((p) => p.ord);

  let status = computeStatus(set, index, revisions, now, notYet);
  const actions: Action[] = [];
  let blocked: Blocked | undefined;
  const done = (): Decision => ({ actions, status: completeRollingUpdate(spec, status), ...(blocked && { blocked }) });
  const stopAt = (reason: Blocked['reason'], ord?: number): Decision => {
    const pod = ord !== undefined && reason !== 'partition' ? index.get(ord)?.name : undefined;
    blocked = { reason, ...(ord !== undefined && { ord }), ...(pod !== undefined && { pod }) };
    return done();
  };
  // Why an existing pod is not yet a healthy one (undefined: it is).
  const unhealthy = (p: PodView): Blocked['reason'] | undefined =>
    p.terminating ? 'terminating' : !isRunningAndReady(p) ? 'unready' : !available(p) ? 'unavailable' : undefined;

  if (set.deleting) return stopAt('deleting');

  // One ordinal in range: bring it into existence and health. Returns why a monotonic sync stops here, if it does.
  const step = (ord: number): Blocked['reason'] | undefined => {
    const p = index.get(ord);
    if (p && (p.phase === 'Failed' || p.phase === 'Succeeded')) {
      if (!p.terminating) actions.push({ type: 'delete', ord: p.ord, name: p.name, reason: 'failed' });
      return 'failed';
    }
    if (!p) {
      // A new pod would mount the claim its predecessor was condemned with, and lose it (and its
      // data) once the garbage collector comes: wait until the claim is gone (processReplica).
      if (set.staleClaims?.has(ord)) return 'stale-claims';
      actions.push({ type: 'create', ord, rev: revisionFor(set, ord, start, revisions) });
      return 'missing';
    }
    if (p.phase === 'Pending' && p.claimsMissing) actions.push({ type: 'createClaims', ord: p.ord });
    return unhealthy(p);
  };

  if (monotonic) {
    // Every ordinal below the first missing or unhealthy one is Running, Ready and available.
    const first = lowest([index.present.firstMissing(start, end), index.blocked.first(start, end), ...notYetOrds(start, end)]);
    const why = first !== Infinity ? step(first) : undefined;
    if (why) return stopAt(why, first);
  } else {
    // In range, only missing, failed and claimless Pending ordinals have anything to do.
    const missing = index.present.missing(start, end);
    const special = index.special.between(start, end);
    const todo = special.length ? [...missing, ...special].sort((a, b) => a - b) : missing;
    for (const ord of todo) step(ord);
  }

  // Scale down, highest ordinal first.
  if (monotonic) {
    const top = index.present.last(end + 1, Infinity) ?? index.present.last(-Infinity, start - 1);
    if (top !== undefined) {
      const p = index.get(top)!;
      if (p.terminating) return stopAt('terminating', top);
      // Reached only with every ordinal in range healthy: the lowest condemned one that is
      // unavailable may go although it is not healthy (upstream's firstUnhealthyPod).
      const firstUnavailable = lowest([
        index.unready.first(-Infinity, start - 1),
        index.unready.first(end + 1, Infinity),
        ...notYetOrds(-Infinity, start - 1),
        ...notYetOrds(end + 1, Infinity),
      ]);
      if (top !== firstUnavailable && (!isRunningAndReady(p) || !available(p))) return stopAt(unhealthy(p)!, top);
      actions.push({ type: 'delete', ord: p.ord, name: p.name, reason: 'condemned' });
      return done();
    }
  } else {
    for (const ord of [...index.live.between(end + 1, Infinity).reverse(), ...index.live.between(-Infinity, start - 1).reverse()]) {
      actions.push({ type: 'delete', ord, name: index.get(ord)!.name, reason: 'condemned' });
    }
  }

  // OnDelete: a pod is replaced only once someone deletes it.
  if (spec.updateStrategy.type !== 'RollingUpdate') return index.liveRevisionsBut(revisions.update).length ? stopAt('on-delete') : done();

  // Rolling update: from the highest ordinal down to the partition, one pod at a time.
  const updateMin = spec.updateStrategy.rollingUpdate ? (spec.updateStrategy.rollingUpdate.partition ?? 0) : 0;
  const lo = start + Math.max(0, updateMin);
  const outdated = index.liveRevisionsBut(revisions.update);
  if (set.maxUnavailable !== undefined) {
    // With the gate on: as many at once as the unavailability budget allows, counted over all slots.
    const missing = R - index.present.count(start, end);
    const unavailable = missing + index.unready.count(start, end) + notYet.filter((p) => !p.terminating && p.ord >= start && p.ord <= end).length;
    const budget = set.maxUnavailable - unavailable;
    if (budget <= 0) return stopAt('max-unavailable');
    const candidates = outdated.flatMap((o) => o.top(lo, end, budget));
    for (const ord of candidates.sort((a, b) => b - a).slice(0, budget)) {
      actions.push({ type: 'delete', ord, name: index.get(ord)!.name, reason: 'update' });
      status = { ...status, currentReplicas: (status.currentReplicas ?? 0) - 1 };
    }
    return done();
  }
  // The highest ordinal that is missing, outdated, terminating or unavailable stops the walk down.
  const stop = highest([
    index.present.lastMissing(lo, end),
    index.unready.last(lo, end),
    ...notYetOrds(lo, end),
    ...outdated.map((o) => o.last(lo, end)),
  ]);
  const p = index.get(stop);
  if (p && p.rev !== revisions.update && !p.terminating) {
    actions.push({ type: 'delete', ord: p.ord, name: p.name, reason: 'update' });
    status = { ...status, currentReplicas: (status.currentReplicas ?? 0) - 1 };
  } else if (stop !== -Infinity) return stopAt(p ? unhealthy(p)! : 'missing', stop);
  // Updated down to the partition: the pods below it keep their revision.
  else if (lo > start && outdated.some((o) => o.last(start, lo - 1) !== undefined)) return stopAt('partition', lo);
  return done();
}
