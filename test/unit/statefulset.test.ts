// The controller's decisions (src/controller/statefulset.ts), from the upstream test scenarios
// described in shared/reference/statefulset-controller.md §7, §8, §10 and §14.
import { describe, expect, it } from 'vitest';
import { decide, type PodView, type SetView } from '../../src/controller/statefulset.js';
import type { StatefulSetSpec } from '../../src/api/types.js';

const REV = { current: 'web-1', update: 'web-1' };
const NOW = 1_000_000;

function set(over: Partial<StatefulSetSpec> = {}, status: SetView['status'] = {}): SetView {
  return {
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      ...over,
    },
    generation: 1,
    deleting: false,
    status,
  };
}

const ready = (ord: number, rev = 'web-1', extra: Partial<PodView> = {}): PodView => ({
  name: `web-${ord}`,
  ord,
  rev,
  phase: 'Running',
  ready: true,
  readySince: NOW - 60_000,
  terminating: false,
  ...extra,
});
const pending = (ord: number, rev = 'web-1'): PodView => ({ ...ready(ord, rev), phase: 'Pending', ready: false, readySince: undefined });

describe('scaling, OrderedReady (monotonic)', () => {
  it('creates one pod per sync, the lowest missing ordinal first', () => {
    expect(decide(set(), [], REV, NOW).actions).toEqual([{ type: 'create', ord: 0, rev: 'web-1' }]);
    expect(decide(set(), [ready(0)], REV, NOW).actions).toEqual([{ type: 'create', ord: 1, rev: 'web-1' }]);
  });

  it('waits while a lower pod is not Running and Ready', () => {
    expect(decide(set(), [pending(0)], REV, NOW).actions).toEqual([]);
    expect(decide(set(), [ready(0, 'web-1', { ready: false })], REV, NOW).actions).toEqual([]);
    expect(decide(set(), [ready(0, 'web-1', { terminating: true })], REV, NOW).actions).toEqual([]);
  });

  it('waits for minReadySeconds before the next ordinal', () => {
    const s = set({ minReadySeconds: 30 });
    expect(decide(s, [ready(0, 'web-1', { readySince: NOW - 10_000 })], REV, NOW).actions).toEqual([]);
    expect(decide(s, [ready(0, 'web-1', { readySince: NOW - 31_000 })], REV, NOW).actions).toEqual([{ type: 'create', ord: 1, rev: 'web-1' }]);
  });

  it('scales down from the highest ordinal, one per sync, only when all are healthy', () => {
    const pods = [ready(0), ready(1), ready(2), ready(3), ready(4)];
    expect(decide(set(), pods, REV, NOW).actions).toEqual([{ type: 'delete', ord: 4, name: 'web-4', reason: 'condemned' }]);
    const terminating = [ready(0), ready(1), ready(2), ready(3), ready(4, 'web-1', { terminating: true })];
    expect(decide(set(), terminating, REV, NOW).actions).toEqual([]);
    expect(decide(set(), [pending(0), ready(1), ready(2), ready(3)], REV, NOW).actions).toEqual([]);
  });

  it('condemned {4 unready, 3 ready} deletes 4; {4 ready, 3 unready} deletes 4; {4 unready, 3 unready} is stuck', () => {
    const base = [ready(0), ready(1), ready(2)];
    const unready = (o: number) => ready(o, 'web-1', { ready: false });
    expect(decide(set(), [...base, ready(3), unready(4)], REV, NOW).actions.map((a) => a.ord)).toEqual([4]);
    expect(decide(set(), [...base, unready(3), ready(4)], REV, NOW).actions.map((a) => a.ord)).toEqual([4]);
    expect(decide(set(), [...base, unready(3), unready(4)], REV, NOW).actions).toEqual([]);
  });

  it('deletes a failed pod even if it blocks, and creates nothing in the same sync', () => {
    const failed = { ...ready(1), phase: 'Failed' as const, ready: false };
    expect(decide(set(), [ready(0), failed], REV, NOW).actions).toEqual([{ type: 'delete', ord: 1, name: 'web-1', reason: 'failed' }]);
  });

  it('honours ordinals.start', () => {
    expect(decide(set({ ordinals: { start: 2 } }), [], REV, NOW).actions).toEqual([{ type: 'create', ord: 2, rev: 'web-1' }]);
    expect(decide(set({ ordinals: { start: 2 } }), [ready(0), ready(2), ready(3), ready(4)], REV, NOW).actions).toEqual([
      { type: 'delete', ord: 0, name: 'web-0', reason: 'condemned' },
    ]);
  });

  it('does nothing but status while the set is being deleted', () => {
    const s = { ...set(), deleting: true };
    const d = decide(s, [ready(0)], REV, NOW);
    expect(d.actions).toEqual([]);
    expect(d.status.replicas).toBe(1);
  });
});

describe('scaling, Parallel (burst)', () => {
  it('creates every missing pod at once and ignores unready ones', () => {
    const s = set({ podManagementPolicy: 'Parallel', replicas: 4 });
    expect(decide(s, [pending(1)], REV, NOW).actions).toEqual([
      { type: 'create', ord: 0, rev: 'web-1' },
      { type: 'create', ord: 2, rev: 'web-1' },
      { type: 'create', ord: 3, rev: 'web-1' },
    ]);
  });

  it('deletes every condemned pod at once', () => {
    const s = set({ podManagementPolicy: 'Parallel', replicas: 1 });
    expect(decide(s, [ready(0), pending(1), ready(2)], REV, NOW).actions.map((a) => a.ord)).toEqual([2, 1]);
  });
});

describe('stale claims (PodClaimIsStale, whenScaled: Delete)', () => {
  const deleting = { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain' as const, whenScaled: 'Delete' as const } };
  it('OrderedReady: no pod is made on a claim its predecessor was condemned with, nor after it', () => {
    expect(decide({ ...set(deleting), staleClaims: new Set([0]) }, [], REV, NOW).actions).toEqual([]);
    expect(decide({ ...set(deleting), staleClaims: new Set([1]) }, [ready(0)], REV, NOW).actions).toEqual([]);
  });
  it('Parallel: only that ordinal waits', () => {
    expect(decide({ ...set({ ...deleting, podManagementPolicy: 'Parallel' }), staleClaims: new Set([1]) }, [], REV, NOW).actions).toEqual([
      { type: 'create', ord: 0, rev: 'web-1' },
      { type: 'create', ord: 2, rev: 'web-1' },
    ]);
  });
});

describe('status', () => {
  it('counts pods as they are at the start of the sync (a pod created now is not counted)', () => {
    const d = decide(set(), [ready(0)], REV, NOW);
    expect(d.status).toEqual({
      observedGeneration: 1,
      replicas: 1,
      readyReplicas: 1,
      currentReplicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
      currentRevision: 'web-1',
      updateRevision: 'web-1',
      collisionCount: 0,
    });
  });

  it('counts terminating pods in replicas but not in current/updated', () => {
    const d = decide(set(), [ready(0), ready(1), ready(2, 'web-1', { terminating: true })], REV, NOW);
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 2 });
  });

  it('availableReplicas waits minReadySeconds (TestStatefulSetAvailability)', () => {
    const s = set({ replicas: 1, minReadySeconds: 3600 });
    expect(decide(s, [ready(0, 'web-1', { readySince: NOW - 120 * 60_000 })], REV, NOW).status.availableReplicas).toBe(1);
    expect(decide(s, [ready(0, 'web-1', { readySince: NOW - 30 * 60_000 })], REV, NOW).status.availableReplicas).toBe(0);
  });
});

describe('rolling update', () => {
  const R = { current: 'web-1', update: 'web-2' };

  it('replaces the highest ordinal first and counts it out of currentReplicas', () => {
    const d = decide(set(), [ready(0), ready(1), ready(2)], R, NOW);
    expect(d.actions).toEqual([{ type: 'delete', ord: 2, name: 'web-2', reason: 'update' }]);
    expect(d.status).toMatchObject({ currentReplicas: 2, updatedReplicas: 0, currentRevision: 'web-1', updateRevision: 'web-2' });
  });

  it('waits for the replaced pod to be Ready before the next', () => {
    expect(decide(set(), [ready(0), ready(1), pending(2, 'web-2')], R, NOW).actions).toEqual([]);
    expect(decide(set(), [ready(0), ready(1), ready(2, 'web-2')], R, NOW).actions).toEqual([
      { type: 'delete', ord: 1, name: 'web-1', reason: 'update' },
    ]);
  });

  it('recreates a missing pod from the update revision (partition 0)', () => {
    expect(decide(set(), [ready(0), ready(1)], R, NOW).actions).toEqual([{ type: 'create', ord: 2, rev: 'web-2' }]);
  });

  it('keeps ordinals below the partition on the current revision, even when recreated', () => {
    const s = set({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    expect(decide(s, [ready(0), ready(1), ready(2, 'web-2')], R, NOW).actions).toEqual([]);
    expect(decide(s, [ready(0), ready(2, 'web-2')], R, NOW).actions).toEqual([{ type: 'create', ord: 1, rev: 'web-1' }]);
  });

  it('a nil rollingUpdate recreates below status.currentReplicas from the current revision', () => {
    const s = set({ updateStrategy: { type: 'RollingUpdate' } }, { currentReplicas: 2 });
    expect(decide(s, [ready(0), ready(2, 'web-2')], R, NOW).actions).toEqual([{ type: 'create', ord: 1, rev: 'web-1' }]);
  });

  it('completes: when all are updated and ready, the update revision becomes current', () => {
    const d = decide(set(), [ready(0, 'web-2'), ready(1, 'web-2'), ready(2, 'web-2')], R, NOW);
    expect(d.actions).toEqual([]);
    expect(d.status).toMatchObject({ currentRevision: 'web-2', currentReplicas: 3, updatedReplicas: 3 });
  });

  it('OnDelete: never deletes for an update; recreated pods get the update revision; current never moves', () => {
    const s = set({ updateStrategy: { type: 'OnDelete' } });
    expect(decide(s, [ready(0), ready(1), ready(2)], R, NOW).actions).toEqual([]);
    expect(decide(s, [ready(0), ready(1)], R, NOW).actions).toEqual([{ type: 'create', ord: 2, rev: 'web-2' }]);
    expect(decide(s, [ready(0, 'web-2'), ready(1, 'web-2'), ready(2, 'web-2')], R, NOW).status.currentRevision).toBe('web-1');
  });

  it('Parallel: an unready pod below the partition does not hold the update up', () => {
    const s = set({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } });
    const d = decide(s, [ready(0, 'web-1', { ready: false }), ready(1), ready(2)], R, NOW);
    expect(d.actions).toEqual([{ type: 'delete', ord: 2, name: 'web-2', reason: 'update' }]);
  });

  it('scaling takes precedence over updating', () => {
    expect(decide(set({ replicas: 2 }), [ready(0), ready(1), ready(2)], R, NOW).actions).toEqual([
      { type: 'delete', ord: 2, name: 'web-2', reason: 'condemned' },
    ]);
  });
});
