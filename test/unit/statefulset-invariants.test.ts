// A simulation harness for the StatefulSet controller, in the style of upstream's
// pkg/controller/statefulset/stateful_set_control_test.go: random sequences of user operations
// (scale, set image, set partition, delete a pod, let time pass, settle) drive the in-process
// cluster, and the controller's invariants are checked after every step (assertMonotonicInvariants,
// assertBurstInvariants, assertUpdateInvariants, checkClaimInvariants, plus status and convergence).
// Time moves in sub-steps of at most one second, so the checks (sim-builders.ts) also see the states in between.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodRecord, StatefulSet } from '../../src/api/types.js';
import { podObject } from '../../src/apiserver/pod-object.js';
import { advance } from '../../src/controller/simulate.js';
import type { Cluster } from '../../src/store/cluster.js';
import {
  IMAGES,
  NS,
  SET,
  advanceChecked,
  assertClaims,
  assertConverged,
  assertCreations,
  assertIdentity,
  assertMonotonic,
  assertPodsImmutable,
  assertStatus,
  assertUpdateDeletions,
  checkAll,
  claimStates,
  claims,
  deleteClaimByOrdinal,
  deletePodByOrdinal,
  fail,
  getSet,
  newSim,
  newTracker,
  noteCondemned,
  op,
  pods,
  scale,
  setImage,
  setPartition,
  setPods,
  settleChecked,
  shape,
  started,
  stats,
  type Tracker,
  uids,
  type Variant,
} from './sim-builders.js';

// ---------------------------------------------------------------------------------------------
// Operations (each settles the controllers at its instant; time moves in checked sub-steps).

type Op =
  | { t: 'scale'; n: number }
  | { t: 'image'; i: number }
  | { t: 'partition'; p: number }
  | { t: 'delete'; ord: number; grace?: number }
  | { t: 'advance'; ms: number }
  | { t: 'settle' };

const opText = (o: Op): string => {
  switch (o.t) {
    case 'scale':
      return `scale ${o.n}`;
    case 'image':
      return `image ${IMAGES[o.i].split(':')[1]}`;
    case 'partition':
      return `partition ${o.p}`;
    case 'delete':
      return `delete web-${o.ord}${o.grace === undefined ? '' : ` grace ${o.grace}`}`;
    case 'advance':
      return `advance ${o.ms}ms`;
    case 'settle':
      return 'settle';
  }
};

function runOp(c: Cluster, t: Tracker, o: Op): void {
  t.steps.push(opText(o));
  switch (o.t) {
    case 'scale':
      scale(c, o.n);
      noteCondemned(c, t);
      break;
    case 'image':
      setImage(c, IMAGES[o.i]);
      break;
    case 'partition':
      setPartition(c, o.p);
      break;
    case 'delete': {
      const p = c.pod(NS, `${SET}-${o.ord}`);
      if (p) t.userDeleted.add(p.uid);
      deletePodByOrdinal(c, o.ord, o.grace);
      break;
    }
    case 'advance':
      advanceChecked(c, t, o.ms);
      return;
    case 'settle':
      settleChecked(c, t);
      return;
  }
  checkAll(c, t);
}

function simulate(variant: Variant, ops: Op[]): Tracker {
  const c = newSim(variant);
  const t = newTracker(c, variant);
  checkAll(c, t);
  for (const o of ops) runOp(c, t, o);
  t.steps.push('final settle');
  settleChecked(c, t);
  stats.runs++;
  stats.ops += ops.length;
  stats.pods += t.pods.size;
  stats.userDeletes += t.userDeleted.size;
  stats.controllerDeletes += [...t.terminating].filter((u) => !t.userDeleted.has(u)).length;
  stats.revisions += new Set([...t.pods.values()].map((p) => p.rev)).size;
  if (process.env.STS_INVARIANT_STATS) console.log(JSON.stringify(stats));
  return t;
}

const variantArb = (policy: Variant['podManagementPolicy']): fc.Arbitrary<Variant> =>
  fc.record({
    replicas: fc.integer({ min: 0, max: 5 }),
    podManagementPolicy: fc.constant(policy),
    updateStrategy: fc.constantFrom('RollingUpdate' as const, 'OnDelete' as const),
    partition: fc.integer({ min: 0, max: 5 }),
    whenScaled: fc.constantFrom('Retain' as const, 'Delete' as const),
    whenDeleted: fc.constantFrom('Retain' as const, 'Delete' as const),
  });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('scale' as const), n: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('image' as const), i: fc.integer({ min: 0, max: IMAGES.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('partition' as const), p: fc.integer({ min: 0, max: 5 }) }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { t: fc.constant('delete' as const), ord: fc.integer({ min: 0, max: 5 }), grace: fc.constantFrom(undefined, 0, 1) },
      { requiredKeys: ['t', 'ord'] },
    ),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 20_000 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'settle' as const }) },
);

const RUNS = 100;
let checkedSteps = 0;

describe('StatefulSet controller invariants under random operations (fast-check, seeded)', () => {
  for (const policy of ['OrderedReady', 'Parallel'] as const) {
    it(`${policy}: every step keeps the invariants, and the set converges`, () => {
      fc.assert(
        fc.property(variantArb(policy), fc.array(opArb, { minLength: 1, maxLength: 25 }), (variant, ops) => {
          const t = simulate(variant, ops);
          checkedSteps += t.steps.length;
        }),
        { seed: policy === 'OrderedReady' ? 42 : 43, numRuns: RUNS },
      );
      expect(checkedSteps).toBeGreaterThan(RUNS);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Deterministic scenarios named after upstream's tests.

describe('upstream scenarios (stateful_set_control_test.go)', () => {
  it('TestStatefulSetControlScaleUp: OrderedReady creates web-0..2 one at a time, each after its predecessor is Ready', () => {
    const { c } = started({});
    const rev = getSet(c).status.updateRevision;
    expect(shape(c)).toEqual([0, 1, 2].map((i) => ({ name: `web-${i}`, stage: 'Ready', rev, terminating: false })));
    const pods = setPods(c);
    for (let i = 1; i < 3; i++) expect(pods[i].createdAt).toBeGreaterThanOrEqual(pods[i - 1].stageSince);
    expect(pods.map((p) => p.createdAt - pods[0].createdAt)).toEqual([0, 4000, 8000]);
    expect(claims(c).map((pvc) => [pvc.metadata.name, pvc.status?.phase])).toEqual([0, 1, 2].map((i) => [`www-web-${i}`, 'Bound']));
    expect(getSet(c).status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: rev,
      updateRevision: rev,
      collisionCount: 0,
    });
  });

  it('TestStatefulSetControlBurstScaleUp (Parallel): all pods are created at once', () => {
    const c = newSim({ replicas: 3, podManagementPolicy: 'Parallel' });
    expect(setPods(c).map((p) => [p.name, p.stage, p.createdAt - c.now])).toEqual([0, 1, 2].map((i) => [`web-${i}`, 'Pending', 0]));
  });

  it('TestStatefulSetControlScaleDown: highest ordinal first, one at a time; claims are retained', () => {
    const { c, t } = started({});
    const before = claims(c).map((pvc) => pvc.metadata.uid);
    t.steps.push('scale 0');
    scale(c, 0);
    noteCondemned(c, t);
    checkAll(c, t);
    settleChecked(c, t);
    expect(shape(c)).toEqual([]);
    const deletes = c.eventsFor(getSet(c).metadata.uid).filter((e) => e.reason === 'SuccessfulDelete');
    expect(deletes.map((e) => e.msg)).toEqual([2, 1, 0].map((i) => `delete Pod web-${i} in StatefulSet web successful`));
    expect(deletes.map((e) => e.first - deletes[0].first)).toEqual([0, 2000, 4000]); // each after the previous is gone
    expect(claims(c).map((pvc) => pvc.metadata.uid)).toEqual(before);
    expect(getSet(c).status).toMatchObject({ replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0 });
  });

  it("TestStatefulSetControlScaleDown with whenScaled: Delete: the condemned pods' claims go with them", () => {
    const { c, t } = started({ whenScaled: 'Delete' });
    t.steps.push('scale 1');
    scale(c, 1);
    noteCondemned(c, t);
    checkAll(c, t);
    settleChecked(c, t);
    expect(shape(c).map((p) => p.name)).toEqual(['web-0']);
    expect(claims(c).map((pvc) => pvc.metadata.name)).toEqual(['www-web-0']);
  });

  it('TestStatefulSetControlReplacement: a deleted pod comes back with the same name, revision and claim', () => {
    for (const grace of [undefined, 0]) {
      const { c, t } = started({});
      const old = c.pod(NS, 'web-1')!;
      const claimUid = c.get('PersistentVolumeClaim', NS, 'www-web-1')!.metadata.uid;
      t.steps.push(`delete web-1 grace ${grace}`);
      t.userDeleted.add(old.uid);
      deletePodByOrdinal(c, 1, grace);
      checkAll(c, t);
      settleChecked(c, t);
      const now = c.pod(NS, 'web-1')!;
      expect(now.uid).not.toBe(old.uid);
      expect(shape(c)).toEqual([0, 1, 2].map((i) => ({ name: `web-${i}`, stage: 'Ready', rev: old.revision, terminating: false })));
      expect(c.get('PersistentVolumeClaim', NS, 'www-web-1')!.metadata.uid).toBe(claimUid);
      expect(podObject(c, now).spec.volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    }
  });

  it('TestStatefulSetControlRollingUpdate with partition: only ordinals >= partition move, highest first', () => {
    const { c, t } = started({ partition: 1 });
    const rev1 = getSet(c).status.currentRevision;
    t.steps.push('image 0.22');
    setImage(c, IMAGES[1]);
    checkAll(c, t);
    settleChecked(c, t);
    const rev2 = getSet(c).status.updateRevision;
    expect(rev2).not.toBe(rev1);
    expect(shape(c).map((p) => [p.name, p.rev])).toEqual([
      ['web-0', rev1],
      ['web-1', rev2],
      ['web-2', rev2],
    ]);
    expect(getSet(c).status).toMatchObject({ currentRevision: rev1, updateRevision: rev2, currentReplicas: 1, updatedReplicas: 2, readyReplicas: 3 });
    const deleted = c
      .eventsFor(getSet(c).metadata.uid)
      .filter((e) => e.reason === 'SuccessfulDelete')
      .map((e) => e.msg);
    expect(deleted).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
    t.steps.push('partition 0');
    setPartition(c, 0);
    checkAll(c, t);
    settleChecked(c, t);
    expect(shape(c).map((p) => [p.name, p.rev])).toEqual([0, 1, 2].map((i) => [`web-${i}`, rev2]));
    expect(getSet(c).status).toMatchObject({ currentRevision: rev2, updateRevision: rev2, currentReplicas: 3, updatedReplicas: 3 });
  });

  it('TestStatefulSetControlOnDelete: a new template reaches only the pods deleted afterwards', () => {
    const { c, t } = started({ updateStrategy: 'OnDelete' });
    const rev1 = getSet(c).status.currentRevision;
    t.steps.push('image 0.22');
    setImage(c, IMAGES[1]);
    checkAll(c, t);
    settleChecked(c, t);
    const rev2 = getSet(c).status.updateRevision;
    expect(shape(c).map((p) => [p.name, p.rev])).toEqual([0, 1, 2].map((i) => [`web-${i}`, rev1]));
    t.steps.push('delete web-1');
    t.userDeleted.add(c.pod(NS, 'web-1')!.uid);
    deletePodByOrdinal(c, 1);
    checkAll(c, t);
    settleChecked(c, t);
    expect(shape(c).map((p) => [p.name, p.rev])).toEqual([
      ['web-0', rev1],
      ['web-1', rev2],
      ['web-2', rev1],
    ]);
    expect(getSet(c).status).toMatchObject({ currentRevision: rev1, updateRevision: rev2, currentReplicas: 2, updatedReplicas: 1 });
  });
});

// ---------------------------------------------------------------------------------------------
// The harness itself: each check fails when its invariant is broken.

describe('the invariant checks catch broken states', () => {
  const fake = (c: Cluster, name: string, ord: number, rev: string): PodRecord => ({
    ns: NS,
    name,
    uid: c.uid(),
    set: SET,
    ordinal: ord,
    revision: rev,
    createdAt: c.now,
    stage: 'Pending',
    stageSince: c.now,
    resourceVersion: 0,
  });

  it('a second pod with an existing ordinal (identity)', () => {
    const { c, t } = started({});
    c.addPod(fake(c, 'web-1-copy', 1, getSet(c).status.updateRevision!));
    expect(() => assertIdentity(c, t)).toThrow(/identity: two pods with ordinal 1: web-1 and web-1-copy/);
  });

  it('a pod created out of order (monotonic) and out of range (creation)', () => {
    const { c, t } = started({ replicas: 1 });
    const p = fake(c, 'web-2', 2, getSet(c).status.updateRevision!);
    c.addPod(p);
    expect(() => assertMonotonic(c, t, [p])).toThrow(/monotonic: web-2 was created while web-1 is missing/);
    expect(() => assertCreations(c, t, [p])).toThrow(/creation: pod web-2 created with replicas 1/);
  });

  it('a retained claim deleted (claims)', () => {
    const { c, t } = started({});
    c.remove('PersistentVolumeClaim', NS, 'www-web-0');
    expect(() => assertClaims(c, t)).toThrow(/claims: claim www-web-0 was deleted under whenScaled: Retain/);
  });

  it('a stale status (status)', () => {
    const { c, t } = started({});
    const set = getSet(c) as StatefulSet;
    set.status = { ...set.status, replicas: 2 };
    expect(() => assertStatus(c, t)).toThrow(/status: status .*"replicas":2/);
  });

  it('a pod whose revision changed under it (immutable)', () => {
    const { c, t } = started({});
    c.pod(NS, 'web-0')!.revision = 'web-other';
    expect(() => assertPodsImmutable(c, t)).toThrow(/immutable: pod .* was .*web-0/);
  });

  it('a rolling update below the partition (update)', () => {
    const { c, t } = started({ partition: 2 });
    const p = c.pod(NS, 'web-0')!;
    p.deletingSince = c.now;
    expect(() => assertUpdateDeletions(c, t)).toThrow(/update: rolling update deleted web-0 below partition 2/);
  });

  it('a set that does not converge (converged)', () => {
    const { c, t } = started({});
    c.pod(NS, 'web-2')!.stage = 'Running';
    expect(() => assertConverged(c, t, true)).toThrow(/converged: pods .*web-2:Running/);
    expect(() => assertConverged(c, t, false)).toThrow(/converged: did not settle/);
  });

  it('failure messages name the step sequence', () => {
    const t = newTracker(newSim({ replicas: 1 }), {
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: 'RollingUpdate',
      whenScaled: 'Retain',
      whenDeleted: 'Retain',
    });
    t.steps.push('scale 3', 'advance 100ms');
    expect(() => fail(t, 'x', 'y')).toThrow(/steps: scale 3 → advance 100ms/);
  });
});

// ---------------------------------------------------------------------------------------------
// Claims under whenScaled: Delete, in the cases the random runs found broken (each failed before the fix).

describe('claims under whenScaled: Delete', () => {
  // Upstream's PodClaimIsStale (processReplica): no pod is created while its claim still names the
  // old pod; the garbage collector takes that claim, then the pod is created with a new one.
  it('scale 1 → 0 → 1 before the old, never scheduled pod is gone: web-0 comes back on a new claim', () => {
    const { c, t } = started({ replicas: 1, whenScaled: 'Delete' }, false);
    const [oldPod, oldClaim] = uids(c, 0);
    op(c, t, 'scale 0', () => scale(c, 0));
    op(c, t, 'scale 1', () => scale(c, 1));
    expect(pods(c)).toEqual([{ name: 'web-0', uid: oldPod, stage: 'Pending', terminating: true }]);
    expect(claimStates(c)).toEqual([{ name: 'www-web-0', uid: oldClaim, phase: 'Pending', deleting: false, owners: [`Pod/web-0/${oldPod}`] }]);
    op(c, t, 'settle', () => settleChecked(c, t));
    const [pod, claim] = uids(c, 0);
    expect(new Set([pod, claim, oldPod, oldClaim]).size).toBe(4);
    expect(pods(c)).toEqual([{ name: 'web-0', uid: pod, stage: 'Ready', terminating: false }]);
    expect(claimStates(c)).toEqual([{ name: 'www-web-0', uid: claim, phase: 'Bound', deleting: false, owners: [] }]);
  });

  it('scale 1 → 0 → 1 while the old pod was Ready: no pod is created until the old claim is gone', () => {
    const { c, t } = started({ replicas: 1, whenScaled: 'Delete' });
    const [oldPod, oldClaim] = uids(c, 0);
    const at = c.now;
    op(c, t, 'scale 0', () => scale(c, 0));
    op(c, t, 'scale 1', () => scale(c, 1));
    expect(pods(c)).toEqual([{ name: 'web-0', uid: oldPod, stage: 'Ready', terminating: true }]);
    expect(claimStates(c)).toEqual([{ name: 'www-web-0', uid: oldClaim, phase: 'Bound', deleting: false, owners: [`Pod/web-0/${oldPod}`] }]);
    op(c, t, 'advance 2000ms', () => advanceChecked(c, t, 2000)); // the old pod goes, and its claim (and data) with it
    const [pod, claim] = uids(c, 0);
    expect(new Set([pod, claim, oldPod, oldClaim]).size).toBe(4);
    expect(pods(c)).toEqual([{ name: 'web-0', uid: pod, stage: 'Pending', terminating: false }]);
    expect(claimStates(c)).toEqual([{ name: 'www-web-0', uid: claim, phase: 'Pending', deleting: false, owners: [] }]);
    const events = c.eventsFor(getSet(c).metadata.uid).filter((e) => e.last >= at);
    expect(events.sort((a, b) => a.last - b.last).map((e) => [e.msg, e.count, e.last - at])).toEqual([
      ['delete Pod web-0 in StatefulSet web successful', 1, 0],
      ['create Claim www-web-0 Pod web-0 in StatefulSet web success', 2, 2000],
      ['create Pod web-0 in StatefulSet web successful', 2, 2000],
    ]);
    op(c, t, 'settle', () => settleChecked(c, t));
    expect(pods(c)).toEqual([{ name: 'web-0', uid: pod, stage: 'Ready', terminating: false }]);
    expect(claimStates(c)).toEqual([{ name: 'www-web-0', uid: claim, phase: 'Bound', deleting: false, owners: [] }]);
  });

  // Upstream's "Fix pod claims for condemned pods" (updateStatefulSet) runs over terminating pods too.
  it('delete web-0 → scale 0: the claim of a pod already terminating is handed to it, and goes with it', () => {
    const { c, t } = started({ replicas: 1, whenScaled: 'Delete' });
    const [pod, claim] = uids(c, 0);
    t.userDeleted.add(pod!);
    op(c, t, 'delete web-0', () => deletePodByOrdinal(c, 0));
    op(c, t, 'scale 0', () => scale(c, 0));
    expect(pods(c)).toEqual([{ name: 'web-0', uid: pod, stage: 'Ready', terminating: true }]);
    expect(claimStates(c)).toEqual([{ name: 'www-web-0', uid: claim, phase: 'Bound', deleting: false, owners: [`Pod/web-0/${pod}`] }]);
    op(c, t, 'settle', () => settleChecked(c, t));
    expect([pods(c), claimStates(c)]).toEqual([[], []]);
  });

  // ...but only to condemned pods that exist: an ordinal whose pod is already gone keeps its claim.
  it('delete web-0 → delete web-1 grace 0 → scale 1: www-web-1 stays, with no owner', () => {
    const { c, t } = started({ replicas: 2, whenScaled: 'Delete' });
    const [[pod0, claim0], [pod1, claim1]] = [uids(c, 0), uids(c, 1)];
    t.userDeleted.add(pod0!).add(pod1!);
    op(c, t, 'delete web-0', () => deletePodByOrdinal(c, 0));
    op(c, t, 'delete web-1 grace 0', () => deletePodByOrdinal(c, 1, 0));
    op(c, t, 'advance 0ms', () => advance(c, c.now)); // web-1 is gone; web-0, terminating, holds up its return
    expect(pods(c)).toEqual([{ name: 'web-0', uid: pod0, stage: 'Ready', terminating: true }]);
    op(c, t, 'scale 1', () => scale(c, 1));
    op(c, t, 'settle', () => settleChecked(c, t));
    expect(pods(c)).toEqual([{ name: 'web-0', uid: uids(c, 0)[0], stage: 'Ready', terminating: false }]);
    expect(claimStates(c)).toEqual([
      { name: 'www-web-0', uid: claim0, phase: 'Bound', deleting: false, owners: [] },
      { name: 'www-web-1', uid: claim1, phase: 'Bound', deleting: false, owners: [] },
    ]);
  });

  // pvc-protection's podUsesPVC counts only scheduled pods; the controller then recreates the claim
  // of its Pending pod (createMissingPersistentVolumeClaims).
  it('a claim deleted under a pod not yet scheduled goes at once, and the pod gets a new one', () => {
    const { c, t } = started({ replicas: 1 }, false);
    const [pod, oldClaim] = uids(c, 0);
    t.claims.clear(); // the user deletes the first claim, not the controller
    op(c, t, 'delete pvc www-web-0', () => deleteClaimByOrdinal(c, 0));
    const [, claim] = uids(c, 0);
    expect(claim).not.toBe(oldClaim);
    expect(pods(c)).toEqual([{ name: 'web-0', uid: pod, stage: 'Pending', terminating: false }]);
    expect(claimStates(c)).toEqual([{ name: 'www-web-0', uid: claim, phase: 'Pending', deleting: false, owners: [] }]);
    op(c, t, 'settle', () => settleChecked(c, t));
    expect(pods(c)).toEqual([{ name: 'web-0', uid: pod, stage: 'Ready', terminating: false }]);
    expect(claimStates(c)).toEqual([{ name: 'www-web-0', uid: claim, phase: 'Bound', deleting: false, owners: [] }]);
  });
});
