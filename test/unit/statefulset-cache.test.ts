// The StatefulSet controller's incremental path equals the from-scratch one: decide() over indexed
// views (statefulset-pods.ts) agrees with the walk over every pod it replaced (statefulset-reference.ts);
// an index kept up to date pod by pod agrees with one built afresh; and in the in-process cluster,
// every sync's decision from the cached views (statefulset-cache.ts) agrees with one from views
// made afresh of every pod (crossCheck in statefulset-sync.ts) under random user operations.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatefulSetSpec } from '../../src/api/types.js';
import { kindInfo } from '../../src/api/kinds.js';
import { deleteObject } from '../../src/apiserver/delete.js';
import { admit, createObject } from '../../src/apiserver/objects.js';
import { advance, settle } from '../../src/controller/simulate.js';
import { decide, SetPods, type Decision, type PodView, type SetView } from '../../src/controller/statefulset.js';
import { Ords } from '../../src/controller/statefulset-pods.js';
import { crossCheck, syncStatefulSet } from '../../src/controller/statefulset-sync.js';
import type { Cluster } from '../../src/store/cluster.js';
import { referenceDecide } from './statefulset-reference.js';

/** What the controller carries out (the oracle predates `blocked`, which only `sts why` reads). */
const acts = ({ actions, status }: Decision) => ({ actions, status });
import {
  deleteClaimByOrdinal,
  deletePodByOrdinal,
  IMAGES,
  NS,
  newSim,
  patchSet,
  SET,
  scale,
  setImage,
  setPartition,
  type Variant,
  webManifest,
} from './sim-builders.js';

const NOW = 1_000_000;
const REVS = ['web-a', 'web-b', 'web-c'];

const podArb = (ord: number): fc.Arbitrary<PodView> =>
  fc.record({
    name: fc.constant(`web-${ord}`),
    ord: fc.constant(ord),
    rev: fc.constantFrom(...REVS, ''),
    phase: fc.constantFrom('Pending' as const, 'Running' as const, 'Running' as const, 'Failed' as const, 'Succeeded' as const),
    ready: fc.boolean(),
    readySince: fc.option(fc.integer({ min: NOW - 60_000, max: NOW }), { nil: undefined }),
    terminating: fc.constantFrom(false, false, false, true),
    claimsMissing: fc.boolean(),
  });

/** Up to 12 pods with distinct ordinals (and a few without one, as orphans' views have -1). */
const podsArb: fc.Arbitrary<PodView[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 12 })
  .chain((ords) => fc.tuple(...ords.map(podArb), fc.array(podArb(-1), { maxLength: 2 })))
  .map((all) => (all as (PodView | PodView[])[]).flat());

const setArb: fc.Arbitrary<SetView> = fc
  .record({
    replicas: fc.integer({ min: 0, max: 9 }),
    start: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    parallel: fc.boolean(),
    minReadySeconds: fc.constantFrom(undefined, 0, 10, 30),
    strategy: fc.constantFrom('OnDelete', 'RollingUpdate', 'RollingUpdate-bare'),
    partition: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    maxUnavailable: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    deleting: fc.constantFrom(false, false, false, false, false, true),
    currentReplicas: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    stale: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 4 }),
  })
  .map((r) => {
    const spec: StatefulSetSpec = {
      replicas: r.replicas,
      ...(r.start === undefined ? {} : { ordinals: { start: r.start } }),
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      podManagementPolicy: r.parallel ? 'Parallel' : 'OrderedReady',
      updateStrategy:
        r.strategy === 'OnDelete'
          ? { type: 'OnDelete' }
          : r.strategy === 'RollingUpdate-bare'
            ? { type: 'RollingUpdate' }
            : { type: 'RollingUpdate', rollingUpdate: { partition: r.partition } },
      ...(r.minReadySeconds === undefined ? {} : { minReadySeconds: r.minReadySeconds }),
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    };
    return {
      spec,
      maxUnavailable: r.strategy === 'RollingUpdate' ? r.maxUnavailable : undefined,
      generation: 3,
      deleting: r.deleting,
      status: { currentReplicas: r.currentReplicas, collisionCount: 1 },
      staleClaims: new Set(r.stale),
    };
  });

const revisionsArb = fc.record({ current: fc.constantFrom(...REVS), update: fc.constantFrom(...REVS) });
const nowArb = fc.integer({ min: NOW - 5_000, max: NOW + 40_000 });

describe('decide over indexed views', () => {
  it('decides what the walk over every pod decided (actions, their order, and status)', () => {
    fc.assert(
      fc.property(setArb, podsArb, revisionsArb, nowArb, (set, pods, revisions, now) => {
        expect(acts(decide(set, pods, revisions, now))).toEqual(referenceDecide(set, pods, revisions, now));
      }),
      { seed: 14, numRuns: 10_000 },
    );
  });

  it('the walk and the index disagree when the index is wrong (the comparison can fail)', () => {
    const set: SetView = {
      spec: { ...({} as StatefulSetSpec), replicas: 2, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'OnDelete' } },
      generation: 1,
      deleting: false,
      status: {},
    };
    const ready = (ord: number): PodView => ({ name: `web-${ord}`, ord, rev: 'r', phase: 'Running', ready: true, readySince: 0, terminating: false });
    const index = SetPods.of([ready(0)]);
    expect(decide(set, index, { current: 'r', update: 'r' }, NOW).actions).toEqual([{ type: 'create', ord: 1, rev: 'r' }]);
    index.put(ready(1));
    expect(acts(decide(set, index, { current: 'r', update: 'r' }, NOW))).not.toEqual(
      referenceDecide(set, [ready(0)], { current: 'r', update: 'r' }, NOW),
    );
  });
});

describe('Ords', () => {
  it('answers as a scan of a sorted array would', () => {
    const range = fc.integer({ min: -2, max: 14 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 12 })), { maxLength: 40 }), range, range, fc.nat(5), (ops, lo, hi, k) => {
        const o = new Ords();
        const ref = new Set<number>();
        for (const [add, x] of ops) {
          if (add) {
            o.add(x);
            ref.add(x);
          } else {
            o.delete(x);
            ref.delete(x);
          }
        }
        const inRange = [...ref].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
        const gaps = Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i).filter((x) => !ref.has(x));
        expect(o.size).toBe(ref.size);
        expect(o.between(lo, hi)).toEqual(inRange);
        expect(o.count(lo, hi)).toBe(inRange.length);
        expect(o.first(lo, hi)).toBe(inRange[0]);
        expect(o.last(lo, hi)).toBe(inRange.at(-1));
        expect(o.top(lo, hi, k)).toEqual(inRange.reverse().slice(0, k));
        expect(o.missing(lo, hi)).toEqual(gaps);
        expect(o.firstMissing(lo, hi)).toBe(gaps[0]);
        expect(o.lastMissing(lo, hi)).toBe(gaps.at(-1));
      }),
      { seed: 13, numRuns: 3_000 },
    );
  });
});

type Change = { put: PodView } | { remove: number };

describe('SetPods kept up to date pod by pod', () => {
  const changeArb: fc.Arbitrary<Change> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .integer({ min: 0, max: 11 })
        .chain(podArb)
        .map((put) => ({ put })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 11 }).map((remove) => ({ remove })) },
  );

  it('answers as an index built afresh from the pods it ends with', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 60 }), setArb, revisionsArb, nowArb, (changes, set, revisions, now) => {
        const kept = new SetPods();
        const pods = new Map<number, PodView>();
        for (const ch of changes) {
          if ('put' in ch) {
            kept.put(ch.put);
            pods.set(ch.put.ord, ch.put);
          } else {
            kept.remove(ch.remove);
            pods.delete(ch.remove);
          }
        }
        const fresh = [...pods.values()];
        expect(acts(decide(set, kept, revisions, now))).toEqual(referenceDecide(set, fresh, revisions, now));
        expect(kept.revisions().sort()).toEqual([...new Set(fresh.map((p) => p.rev).filter((r) => r))].sort());
        const min = (set.spec.minReadySeconds ?? 0) * 1000;
        const due = fresh.filter((p) => p.ready && p.readySince !== undefined).map((p) => p.readySince! + min + 1);
        expect(kept.nextAvailableAt(min, now)).toBe(Math.min(Infinity, ...due.filter((t) => t > now)));
      }),
      { seed: 15, numRuns: 5_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The cluster: every sync decides twice, from the cached views and from fresh ones.

type Op =
  | { t: 'scale'; n: number }
  | { t: 'image'; i: number }
  | { t: 'partition'; p: number }
  | { t: 'minReady'; s: number }
  | { t: 'delete'; ord: number; grace?: number }
  | { t: 'deleteClaim'; ord: number }
  | { t: 'advance'; ms: number }
  | { t: 'recreate' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('scale' as const), n: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('image' as const), i: fc.integer({ min: 0, max: IMAGES.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('partition' as const), p: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('minReady' as const), s: fc.constantFrom(0, 1, 5) }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { t: fc.constant('delete' as const), ord: fc.integer({ min: 0, max: 6 }), grace: fc.constantFrom(undefined, 0, 1) },
      { requiredKeys: ['t', 'ord'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deleteClaim' as const), ord: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 15_000 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'recreate' as const }) },
);

function run(c: Cluster, variant: Partial<Variant>, o: Op): void {
  switch (o.t) {
    case 'scale':
      return void scale(c, o.n);
    case 'image':
      return void setImage(c, IMAGES[o.i]);
    case 'partition':
      return void setPartition(c, o.p);
    case 'minReady':
      return void patchSet(c, (s) => (s.minReadySeconds = o.s));
    case 'delete':
      return void deletePodByOrdinal(c, o.ord, o.grace);
    case 'deleteClaim':
      return void deleteClaimByOrdinal(c, o.ord);
    case 'advance':
      return void advance(c, c.now + o.ms);
    case 'recreate':
      // `kubectl delete sts web --cascade=orphan`, then the set again: it adopts the orphans
      deleteObject(c, kindInfo('StatefulSet')!, NS, SET, { cascade: 'orphan' });
      settle(c);
      createObject(c, admit(c, webManifest(variant), { name: NS, explicit: false }, 'web.yaml'), 'web.yaml');
      return void settle(c);
  }
}

describe('the controller with cached views, against views made afresh in every sync', () => {
  beforeEach(() => void (crossCheck.enabled = true));
  afterEach(() => void (crossCheck.enabled = false));

  for (const policy of ['OrderedReady', 'Parallel'] as const)
    it(`${policy}: random operations never make the two disagree`, () => {
      let changes = 0;
      fc.assert(
        fc.property(
          fc.record({
            replicas: fc.integer({ min: 0, max: 5 }),
            updateStrategy: fc.constantFrom('RollingUpdate' as const, 'OnDelete' as const),
            whenScaled: fc.constantFrom('Retain' as const, 'Delete' as const),
            whenDeleted: fc.constantFrom('Retain' as const, 'Delete' as const),
            maxUnavailableGate: fc.boolean(),
          }),
          fc.array(opArb, { minLength: 1, maxLength: 20 }),
          ({ maxUnavailableGate, ...variant }, ops) => {
            const v = { ...variant, podManagementPolicy: policy };
            const c = newSim(v);
            if (maxUnavailableGate) c.file.features.MaxUnavailableStatefulSet = true;
            for (const o of ops) run(c, v, o);
            advance(c, c.now + 600_000, true);
            changes += c.podChanges.length;
          },
        ),
        { seed: policy === 'OrderedReady' ? 16 : 17, numRuns: 150 },
      );
      expect(changes).toBeGreaterThan(1000);
    });

  it('a pod changed behind the feed’s back is caught (the check can fail)', () => {
    const c = newSim({ replicas: 2 });
    advance(c, c.now + 60_000, true);
    const p = c.pod(NS, `${SET}-1`)!;
    p.stage = 'Failed'; // no touchPod: the cached view still says Ready
    expect(() => syncStatefulSet(c, NS, SET)).toThrow(/cached views decided/);
  });
});
