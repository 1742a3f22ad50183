// Where decide() stops and why (Decision.blocked, src/controller/statefulset.ts): the same walk that
// chooses the actions names the ordinal it waits on, which `sts why` explains. One rule per `it`.
import { describe, expect, it } from 'vitest';
import { decide, type PodView, type SetView } from '../../src/controller/statefulset.js';
import type { StatefulSetSpec } from '../../src/api/types.js';

const REV = { current: 'web-1', update: 'web-1' };
const UPDATE = { current: 'web-1', update: 'web-2' };
const NOW = 1_000_000;

function set(over: Partial<StatefulSetSpec> = {}, view: Partial<SetView> = {}): SetView {
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
    status: {},
    ...view,
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
const unready = (ord: number, rev = 'web-1') => ready(ord, rev, { ready: false, readySince: undefined });
const partition = (n: number): Partial<StatefulSetSpec> => ({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: n } } });

describe('Decision.blocked', () => {
  it('a converged set is not blocked', () => {
    expect(decide(set(), [ready(0), ready(1), ready(2)], REV, NOW).blocked).toBeUndefined();
  });

  it('OrderedReady stops at the first pod that is not Running and Ready', () => {
    expect(decide(set(), [ready(0), unready(1)], REV, NOW).blocked).toEqual({ reason: 'unready', ord: 1, pod: 'web-1' });
  });

  it('OrderedReady stops at a pod it creates now (the next waits for it)', () => {
    const d = decide(set(), [ready(0)], REV, NOW);
    expect(d.actions).toEqual([{ type: 'create', ord: 1, rev: 'web-1' }]);
    expect(d.blocked).toEqual({ reason: 'missing', ord: 1 });
  });

  it('minReadySeconds: a Ready pod not yet available holds the next one', () => {
    const pods = [ready(0, 'web-1', { readySince: NOW - 10_000 })];
    expect(decide(set({ minReadySeconds: 30 }), pods, REV, NOW).blocked).toEqual({ reason: 'unavailable', ord: 0, pod: 'web-0' });
  });

  it('a terminating pod holds the walk', () => {
    expect(decide(set(), [ready(0, 'web-1', { terminating: true })], REV, NOW).blocked).toEqual({ reason: 'terminating', ord: 0, pod: 'web-0' });
  });

  it('a failed pod is replaced first', () => {
    expect(decide(set(), [ready(0, 'web-1', { phase: 'Failed', ready: false })], REV, NOW).blocked).toEqual({
      reason: 'failed',
      ord: 0,
      pod: 'web-0',
    });
  });

  it('stale claims: the ordinal waits for the garbage collector', () => {
    const s = set({}, { staleClaims: { has: (o) => o === 1 } });
    expect(decide(s, [ready(0)], REV, NOW).blocked).toEqual({ reason: 'stale-claims', ord: 1 });
  });

  it('a set being deleted does nothing', () => {
    expect(decide(set({}, { deleting: true }), [ready(0)], REV, NOW).blocked).toEqual({ reason: 'deleting' });
  });

  it('rolling update: updated down to the partition, the lower ordinals keep their revision', () => {
    const pods = [ready(0), ready(1), ready(2, 'web-2')];
    const d = decide(set(partition(2)), pods, UPDATE, NOW);
    expect(d.actions).toEqual([]);
    expect(d.blocked).toEqual({ reason: 'partition', ord: 2 });
  });

  it('rolling update: a partition at or above the replicas holds every pod', () => {
    expect(decide(set(partition(3)), [ready(0), ready(1), ready(2)], UPDATE, NOW).blocked).toEqual({ reason: 'partition', ord: 3 });
  });

  it('rolling update (Parallel): an updated pod that is not Ready holds the next replacement', () => {
    const pods = [ready(0), ready(1), unready(2, 'web-2')];
    const d = decide(set({ podManagementPolicy: 'Parallel' }), pods, UPDATE, NOW);
    expect(d.actions).toEqual([]);
    expect(d.blocked).toEqual({ reason: 'unready', ord: 2, pod: 'web-2' });
  });

  it('OnDelete: outdated pods wait to be deleted', () => {
    const s = set({ updateStrategy: { type: 'OnDelete' } });
    expect(decide(s, [ready(0), ready(1), ready(2)], UPDATE, NOW).blocked).toEqual({ reason: 'on-delete' });
    expect(decide(s, [ready(0, 'web-2'), ready(1, 'web-2'), ready(2, 'web-2')], UPDATE, NOW).blocked).toBeUndefined();
  });

  it('maxUnavailable: no budget left', () => {
    const pods = [ready(0), unready(1, 'web-2'), ready(2, 'web-2')];
    expect(decide(set({ podManagementPolicy: 'Parallel' }, { maxUnavailable: 1 }), pods, UPDATE, NOW).blocked).toEqual({ reason: 'max-unavailable' });
  });

  it('scale-down waits for the condemned pod to go', () => {
    const pods = [ready(0), ready(1), ready(2), ready(3, 'web-1', { terminating: true })];
    expect(decide(set(), pods, REV, NOW).blocked).toEqual({ reason: 'terminating', ord: 3, pod: 'web-3' });
  });
});
