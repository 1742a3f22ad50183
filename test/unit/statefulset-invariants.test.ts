// A simulation harness for the StatefulSet controller, in the style of upstream's
// pkg/controller/statefulset/stateful_set_control_test.go: random sequences of user operations
// (scale, set image, set partition, delete a pod, let time pass, settle) drive the in-process
// cluster, and the controller's invariants are checked after every step (assertMonotonicInvariants,
// assertBurstInvariants, assertUpdateInvariants, checkClaimInvariants, plus status and convergence).
// Time moves in sub-steps of at most one second, so the checks also see the states in between.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KObject, PodRecord, StatefulSet } from '../../src/api/types.js';
import { podObject } from '../../src/apiserver/pod-object.js';
import { advance, settleAll } from '../../src/controller/simulate.js';
import type { Cluster } from '../../src/store/cluster.js';
import {
  IMAGES,
  NS,
  SET,
  claims,
  deletePodByOrdinal,
  getSet,
  live,
  newSim,
  scale,
  setImage,
  setPartition,
  setPods,
  type Variant,
} from './sim-builders.js';

const SUB_STEP_MS = 1000;
const SETTLE_MS = 10 * 60_000;
const claimName = (ord: number) => `www-${SET}-${ord}`;
const ordOfClaim = (name: string) => Number(/^www-web-(\d+)$/.exec(name)?.[1] ?? NaN);

// ---------------------------------------------------------------------------------------------
// What the harness remembers between checks (upstream's fakes keep the same in their trackers).

interface Tracker {
  variant: Variant;
  /** the operations so far, for failure messages */
  steps: string[];
  /** every pod ever seen, by uid: its identity and revision when first seen */
  pods: Map<string, { name: string; ord: number; rev: string }>;
  /** pods the user deleted (the controller's own deletions are the other terminating ones) */
  userDeleted: Set<string>;
  /** pods already seen terminating */
  terminating: Set<string>;
  /** every claim ever seen, by uid → name */
  claims: Map<string, string>;
  /** ordinals that were out of range (>= replicas) at some point: only their claims may go */
  everCondemned: Set<number>;
  /** KNOWN BUG 2: ordinals whose pod was already terminating when a scale-down condemned it */
  leakedClaims: Set<number>;
}

function newTracker(c: Cluster, variant: Variant): Tracker {
  const t: Tracker = { variant, steps: [], pods: new Map(), userDeleted: new Set(), terminating: new Set(), claims: new Map(), everCondemned: new Set(), leakedClaims: new Set() };
  noteCondemned(c, t);
  return t;
}

function noteCondemned(c: Cluster, t: Tracker): void {
  const r = getSet(c).spec.replicas;
  for (let o = r; o < 16; o++) t.everCondemned.add(o);
  for (const p of setPods(c)) if (p.ordinal! >= r && !live(p)) t.leakedClaims.add(p.ordinal!);
}

class InvariantError extends Error {}
function fail(t: Tracker, invariant: string, detail: string): never {
  throw new InvariantError(`${invariant}: ${detail}\n    variant: ${JSON.stringify(t.variant)}\n    steps: ${t.steps.join(' → ') || '(create)'}`);
}

const revisionImage = (c: Cluster, rev: string): string | undefined =>
  (c.get('ControllerRevision', NS, rev) as KObject | undefined)?.data?.spec?.template?.spec?.containers?.[0]?.image;
const isReady = (p: PodRecord) => p.stage === 'Ready';

// ---------------------------------------------------------------------------------------------
// The invariants, one helper each. `fresh` are the pods first seen at this check.

/** At most one pod per ordinal, named <set>-<ordinal>, with the identity and storage upstream's
 *  identityMatches / storageMatches ask for; the set's ordinal index agrees with the pod list. */
function assertIdentity(c: Cluster, t: Tracker): void {
  const pods = setPods(c);
  const byOrd = new Map<number, string>();
  for (const p of pods) {
    if (p.ordinal === undefined || p.ordinal < 0) fail(t, 'identity', `pod ${p.name} has no ordinal`);
    const other = byOrd.get(p.ordinal);
    if (other !== undefined) fail(t, 'identity', `two pods with ordinal ${p.ordinal}: ${other} and ${p.name}`);
    byOrd.set(p.ordinal, p.name);
    if (p.name !== `${SET}-${p.ordinal}`) fail(t, 'identity', `pod ${p.name} has ordinal ${p.ordinal}`);
    const o = podObject(c, p);
    if (o.metadata.labels?.['statefulset.kubernetes.io/pod-name'] !== p.name || o.spec.hostname !== p.name || o.spec.subdomain !== 'nginx')
      fail(t, 'identity', `pod ${p.name} does not match the identity specification (labels ${JSON.stringify(o.metadata.labels)}, hostname ${o.spec.hostname}, subdomain ${o.spec.subdomain})`);
    const vols = (o.spec.volumes ?? []).filter((v: { persistentVolumeClaim?: unknown }) => v.persistentVolumeClaim);
    if (JSON.stringify(vols) !== JSON.stringify([{ name: 'www', persistentVolumeClaim: { claimName: claimName(p.ordinal) } }]))
      fail(t, 'identity', `pod ${p.name} does not match the storage specification: ${JSON.stringify(vols)}`);
    const image = o.spec.containers?.[0]?.image;
    if (image !== revisionImage(c, p.revision ?? '')) fail(t, 'identity', `pod ${p.name} runs ${image}, its revision ${p.revision} has ${revisionImage(c, p.revision ?? '')}`);
  }
  const indexed = [...c.podsOf(NS, SET).values()].map((p) => p.name).sort();
  const listed = pods.map((p) => p.name).sort();
  if (JSON.stringify(indexed) !== JSON.stringify(listed)) fail(t, 'identity', `ordinal index ${JSON.stringify(indexed)} != pods ${JSON.stringify(listed)}`);
}

/** A pod keeps its name, ordinal and revision for life (a new revision means a new pod). */
function assertPodsImmutable(c: Cluster, t: Tracker): void {
  for (const p of setPods(c)) {
    const seen = t.pods.get(p.uid);
    if (seen && (seen.name !== p.name || seen.ord !== p.ordinal || seen.rev !== p.revision))
      fail(t, 'immutable', `pod ${p.uid} was ${JSON.stringify(seen)}, now ${JSON.stringify({ name: p.name, ord: p.ordinal, rev: p.revision })}`);
  }
}

/** New pods are created in range, from the right revision: below the partition the current one,
 *  else (and always with OnDelete) the update revision (upstream's newVersionedStatefulSetPod). */
function assertCreations(c: Cluster, t: Tracker, fresh: PodRecord[]): void {
  const set = getSet(c);
  const { currentRevision, updateRevision } = set.status;
  const us = set.spec.updateStrategy;
  const partition = us.type === 'RollingUpdate' ? (us.rollingUpdate?.partition ?? 0) : 0;
  for (const p of fresh) {
    if (p.ordinal! >= set.spec.replicas) fail(t, 'creation', `pod ${p.name} created with replicas ${set.spec.replicas}`);
    const want = p.ordinal! < partition ? [currentRevision] : [updateRevision];
    if (!want.includes(p.revision)) fail(t, 'creation', `pod ${p.name} created at revision ${p.revision}, want ${want.join(' or ')} (partition ${partition})`);
  }
}

/** OrderedReady (upstream's assertMonotonicInvariants, stated for creation and deletion so that a
 *  user's deletion of a lower pod does not count): a pod is created only while every lower ordinal
 *  is Running and Ready; the controller terminates one pod at a time; a scale-down removes the
 *  highest ordinal first. */
function assertMonotonic(c: Cluster, t: Tracker, fresh: PodRecord[]): void {
  if (t.variant.podManagementPolicy !== 'OrderedReady') return;
  const pods = setPods(c);
  for (const p of fresh) {
    for (let j = 0; j < p.ordinal!; j++) {
      const q = c.pod(NS, `${SET}-${j}`);
      if (!q || !live(q) || !isReady(q) || q.stageSince > p.createdAt)
        fail(t, 'monotonic', `${p.name} was created while ${SET}-${j} is ${q ? `${q.stage}${live(q) ? '' : ' (terminating)'}` : 'missing'}`);
    }
  }
  const byController = pods.filter((p) => !live(p) && !t.userDeleted.has(p.uid));
  if (byController.length > 1) fail(t, 'monotonic', `the controller is terminating ${byController.map((p) => p.name).join(', ')} at once`);
  const replicas = getSet(c).spec.replicas;
  for (const p of byController) {
    if (t.terminating.has(p.uid) || p.ordinal! < replicas) continue;
    const higher = pods.filter((q) => q.ordinal! > p.ordinal! && live(q));
    if (higher.length) fail(t, 'monotonic', `scale-down deleted ${p.name} before ${higher.map((q) => q.name).join(', ')}`);
  }
}

/** Controller deletions of pods in range happen only for a rolling update: at or above the
 *  partition, of a pod not yet on the update revision (upstream's assertUpdateInvariants). */
function assertUpdateDeletions(c: Cluster, t: Tracker): void {
  const set = getSet(c);
  const us = set.spec.updateStrategy;
  for (const p of setPods(c)) {
    if (live(p) || t.userDeleted.has(p.uid) || t.terminating.has(p.uid) || p.ordinal! >= set.spec.replicas) continue;
    if (us.type !== 'RollingUpdate') fail(t, 'update', `the controller deleted ${p.name} under ${us.type}`);
    const partition = us.rollingUpdate?.partition ?? 0;
    if (p.ordinal! < partition) fail(t, 'update', `rolling update deleted ${p.name} below partition ${partition}`);
    if (p.revision === set.status.updateRevision) fail(t, 'update', `rolling update deleted ${p.name}, already on ${p.revision}`);
  }
}

/** Claims (upstream's checkClaimInvariants): every pod's claim exists and is named www-web-<ord>;
 *  claims go only under whenScaled: Delete, and only for ordinals that were scaled away; owner
 *  references follow the retention policy for Running and Ready pods. */
function assertClaims(c: Cluster, t: Tracker): void {
  const set = getSet(c);
  const { whenScaled, whenDeleted } = set.spec.persistentVolumeClaimRetentionPolicy;
  const now = new Map(claims(c).map((pvc) => [pvc.metadata.uid, pvc]));
  for (const pvc of now.values()) {
    if (!/^www-web-\d+$/.test(pvc.metadata.name)) fail(t, 'claims', `unexpected claim ${pvc.metadata.name}`);
  }
  for (const [uid, name] of t.claims) {
    const pvc = now.get(uid);
    if (pvc && !pvc.metadata.deletionTimestamp) continue;
    if (whenScaled !== 'Delete') fail(t, 'claims', `claim ${name} was deleted under whenScaled: ${whenScaled}`);
    if (!t.everCondemned.has(ordOfClaim(name))) fail(t, 'claims', `claim ${name} was deleted but ordinal ${ordOfClaim(name)} was never scaled away`);
  }
  for (const p of setPods(c)) {
    const pvc = c.get('PersistentVolumeClaim', NS, claimName(p.ordinal!));
    if (!pvc) fail(t, 'claims', `pod ${p.name} (${p.stage}) has no claim ${claimName(p.ordinal!)}`);
    // the scheduler and kubelet refuse a claim that is being deleted: a live pod on a node never uses one
    if (live(p) && p.node && pvc.metadata.deletionTimestamp) fail(t, 'claims', `pod ${p.name} (${p.stage}, on ${p.node}) uses claim ${pvc.metadata.name}, which is being deleted`);
    if (!live(p) || !isReady(p)) continue;
    const refs = pvc.metadata.ownerReferences ?? [];
    const setRef = refs.some((r) => r.kind === 'StatefulSet' && r.uid === set.metadata.uid);
    const podRef = refs.some((r) => r.kind === 'Pod' && r.uid === p.uid);
    const condemned = p.ordinal! >= set.spec.replicas;
    if (!condemned && podRef) fail(t, 'claims', `claim ${pvc.metadata.name} of live pod ${p.name} is owned by the pod`);
    if (!condemned && setRef !== (whenDeleted === 'Delete')) fail(t, 'claims', `claim ${pvc.metadata.name}: set owner reference ${setRef} under whenDeleted: ${whenDeleted}`);
    if (condemned && whenScaled === 'Delete' && !podRef) fail(t, 'claims', `claim ${pvc.metadata.name} of condemned pod ${p.name} is not owned by it`);
    if (condemned && whenScaled === 'Retain' && podRef) fail(t, 'claims', `claim ${pvc.metadata.name} of condemned pod ${p.name} is owned by it under whenScaled: Retain`);
  }
}

/** status (upstream's computeReplicaStatus): replicas counts the set's pods (terminating ones
 *  too), ready ones and those on the current / update revision; the revisions exist. */
function assertStatus(c: Cluster, t: Tracker): void {
  const set = getSet(c);
  const s = set.status;
  const pods = setPods(c);
  const alive = pods.filter(live);
  const want = {
    observedGeneration: set.metadata.generation,
    replicas: pods.length,
    readyReplicas: pods.filter(isReady).length,
    availableReplicas: pods.filter(isReady).length, // minReadySeconds is 0
    currentReplicas: alive.filter((p) => p.revision === s.currentRevision).length,
    updatedReplicas: alive.filter((p) => p.revision === s.updateRevision).length,
  };
  const got = Object.fromEntries(Object.keys(want).map((k) => [k, (s as unknown as Record<string, unknown>)[k]]));
  if (JSON.stringify(got) !== JSON.stringify(want)) fail(t, 'status', `status ${JSON.stringify(got)}, pods say ${JSON.stringify(want)}`);
  if (s.readyReplicas! > s.replicas) fail(t, 'status', `readyReplicas ${s.readyReplicas} > replicas ${s.replicas}`);
  if (s.currentRevision !== s.updateRevision && s.currentReplicas! + s.updatedReplicas! > alive.length)
    fail(t, 'status', `currentReplicas ${s.currentReplicas} + updatedReplicas ${s.updatedReplicas} > ${alive.length} live pods`);
  if (revisionImage(c, s.updateRevision!) !== set.spec.template.spec.containers[0].image)
    fail(t, 'status', `updateRevision ${s.updateRevision} is not the template (${set.spec.template.spec.containers[0].image})`);
  for (const rev of [s.currentRevision!, ...pods.map((p) => p.revision!)])
    if (!c.get('ControllerRevision', NS, rev)) fail(t, 'status', `revision ${rev} does not exist`);
}

/** After a long settle: exactly `replicas` pods, all Ready, on the update revision at and above
 *  the partition (OnDelete: pods keep theirs, see assertPodsImmutable); claims in place. */
function assertConverged(c: Cluster, t: Tracker, settled: boolean): void {
  if (!settled) fail(t, 'converged', `did not settle within ${SETTLE_MS / 60_000} min`);
  const set = getSet(c);
  const R = set.spec.replicas;
  const pods = setPods(c);
  const shape = pods.map((p) => `${p.name}:${p.stage}${live(p) ? '' : ':terminating'}`);
  const want = Array.from({ length: R }, (_, i) => `${SET}-${i}:Ready`);
  if (JSON.stringify(shape) !== JSON.stringify(want)) fail(t, 'converged', `pods ${JSON.stringify(shape)}, want ${JSON.stringify(want)}`);
  const us = set.spec.updateStrategy;
  if (us.type === 'RollingUpdate') {
    const partition = us.rollingUpdate?.partition ?? 0;
    const behind = pods.filter((p) => p.ordinal! >= partition && p.revision !== set.status.updateRevision);
    if (behind.length) fail(t, 'converged', `${behind.map((p) => `${p.name}@${p.revision}`).join(', ')} not on ${set.status.updateRevision} (partition ${partition})`);
    if (partition === 0 && R > 0 && set.status.currentRevision !== set.status.updateRevision)
      fail(t, 'converged', `rollout complete but currentRevision ${set.status.currentRevision} != updateRevision ${set.status.updateRevision}`);
  }
  const bound = claims(c).filter((pvc) => pvc.status?.phase === 'Bound' && !pvc.metadata.deletionTimestamp).map((pvc) => ordOfClaim(pvc.metadata.name));
  for (let i = 0; i < R; i++) if (!bound.includes(i)) fail(t, 'converged', `claim ${claimName(i)} is not Bound`);
  if (set.spec.persistentVolumeClaimRetentionPolicy.whenScaled === 'Delete') {
    const extra = claims(c)
      .filter((pvc) => ordOfClaim(pvc.metadata.name) >= R && !t.leakedClaims.has(ordOfClaim(pvc.metadata.name)))
      .map((pvc) => pvc.metadata.name);
    if (extra.length) fail(t, 'converged', `claims ${extra.join(', ')} outlive the scale-down under whenScaled: Delete`);
  }
}

/** All per-step invariants, then remember what was seen. */
// Counts for a report: STS_INVARIANT_STATS=1 prints them after each run.
const stats = { checks: 0, runs: 0, ops: 0, pods: 0, maxPods: 0, controllerDeletes: 0, userDeletes: 0, revisions: 0 };
function checkAll(c: Cluster, t: Tracker): void {
  stats.checks++;
  stats.maxPods = Math.max(stats.maxPods, setPods(c).length);
  const fresh = setPods(c).filter((p) => !t.pods.has(p.uid));
  assertIdentity(c, t);
  assertPodsImmutable(c, t);
  assertCreations(c, t, fresh);
  assertMonotonic(c, t, fresh);
  assertUpdateDeletions(c, t);
  assertClaims(c, t);
  assertStatus(c, t);
  for (const p of setPods(c)) {
    if (!t.pods.has(p.uid)) t.pods.set(p.uid, { name: p.name, ord: p.ordinal!, rev: p.revision! });
    if (!live(p)) t.terminating.add(p.uid);
  }
  for (const pvc of claims(c)) t.claims.set(pvc.metadata.uid, pvc.metadata.name);
}

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

/** Let `ms` of cluster time pass in sub-steps, checking after each. */
function advanceChecked(c: Cluster, t: Tracker, ms: number): void {
  const target = c.now + ms;
  while (c.now < target) {
    advance(c, Math.min(target, c.now + SUB_STEP_MS));
    checkAll(c, t);
  }
}

/** settleAll, but in checked sub-steps; then the convergence check. */
function settleChecked(c: Cluster, t: Tracker): void {
  const until = c.now + SETTLE_MS;
  let idle = false;
  while (!idle && c.now < until) {
    idle = advance(c, Math.min(until, c.now + SUB_STEP_MS), true).idle;
    checkAll(c, t);
  }
  const r = settleAll(c, SETTLE_MS); // the stable entry point agrees: nothing left to do
  checkAll(c, t);
  assertConverged(c, t, idle && r.settled && r.elapsed === 0);
}

/**
 * KNOWN BUG (see the it.fails below): under whenScaled: Delete, scaling back up while a condemned
 * pod or its claim is still going leaves the new pod Pending for good. Until it is fixed, the random
 * runs let such a scale-down finish (checked) before scaling up again. Returns whether it waited.
 */
function avoidStuckClaim(c: Cluster, t: Tracker, n: number): boolean {
  const set = getSet(c);
  if (set.spec.persistentVolumeClaimRetentionPolicy.whenScaled !== 'Delete' || n <= set.spec.replicas) return false;
  const going = setPods(c).some((p) => p.ordinal! >= set.spec.replicas) || claims(c).some((pvc) => pvc.metadata.deletionTimestamp);
  if (!going) return false;
  t.steps.push('settle (known bug: scale-up under whenScaled: Delete)');
  settleChecked(c, t);
  return true;
}

function runOp(c: Cluster, t: Tracker, o: Op): void {
  if (o.t === 'scale') avoidStuckClaim(c, t, o.n);
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
    arbitrary: fc.record({ t: fc.constant('delete' as const), ord: fc.integer({ min: 0, max: 5 }), grace: fc.constantFrom(undefined, 0, 1) }, { requiredKeys: ['t', 'ord'] }),
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

function started(v: Partial<Variant>) {
  const variant: Variant = { replicas: 3, podManagementPolicy: 'OrderedReady', updateStrategy: 'RollingUpdate', partition: 0, whenScaled: 'Retain', whenDeleted: 'Retain', ...v };
  const c = newSim(variant);
  const t = newTracker(c, variant);
  checkAll(c, t);
  settleChecked(c, t);
  return { c, t };
}
const shape = (c: Cluster) => setPods(c).map((p) => ({ name: p.name, stage: p.stage, rev: p.revision, terminating: !live(p) }));

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

  it('TestStatefulSetControlScaleDown with whenScaled: Delete: the condemned pods\' claims go with them', () => {
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
    const deleted = c.eventsFor(getSet(c).metadata.uid).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.msg);
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
    const t = newTracker(newSim({ replicas: 1 }), { replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: 'RollingUpdate', whenScaled: 'Retain', whenDeleted: 'Retain' });
    t.steps.push('scale 3', 'advance 100ms');
    expect(() => fail(t, 'x', 'y')).toThrow(/steps: scale 3 → advance 100ms/);
  });
});

// ---------------------------------------------------------------------------------------------
// Controller bugs the harness found (src is not ours to fix here): each `it.fails` passes while the
// bug is present, and will start failing — remove the `.fails` and the work-arounds above — once
// it is fixed.

/** Run `f`; rethrow only an error matching the bug's signature, so that `it.fails` passes for this
 *  bug and no other (a different error, or none, makes the `it.fails` test fail). */
function expectBug(signature: RegExp, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (signature.test(String((e as Error).message))) throw e;
    console.error('not the known bug:', e);
  }
}

describe('known controller bugs (found by the random runs)', () => {
  // BUG 1. whenScaled: Delete, scale down then back up before the condemned pod is gone: the new
  // pod is created on the old claim (still owned by the old pod), then the garbage collector marks
  // that claim deleted because its owner is gone. pvc-protection (claimUsers in volumes.ts) counts
  // the new, never-scheduled Pending pod as a user, so the claim stays Terminating forever, the pod
  // stays Pending forever, and settleAll even reports settled (nothing time-driven is left).
  // Upstream's pvc-protection only counts scheduled pods (spec.nodeName set), so the claim would
  // go, and the controller would recreate it for the Pending pod (createMissingPersistentVolumeClaims).
  // When the old claim was Bound (second case), the new pod is even scheduled and runs Ready on the
  // Terminating claim, which then goes (with its data) as soon as this pod does.
  // Shrunk counterexample: replicas 1 → scale 0 → scale 1 (same instant) → settle.
  it.fails('BUG 1: scale 1 → 0 → 1 under whenScaled: Delete leaves web-0 Pending with a Terminating claim', () => {
    const variant: Variant = { replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: 'RollingUpdate', partition: 0, whenScaled: 'Delete', whenDeleted: 'Retain' };
    const c = newSim(variant);
    const t = newTracker(c, variant);
    t.steps.push('scale 0', 'scale 1', 'settle');
    scale(c, 0);
    noteCondemned(c, t);
    scale(c, 1);
    expectBug(/converged: pods \["web-0:Pending"\], want \["web-0:Ready"\]/, () => settleChecked(c, t));
  });

  it.fails('BUG 1 (with time passing): the same after the old pod was Ready and terminates gracefully', () => {
    const { c, t } = started({ replicas: 1, whenScaled: 'Delete' });
    t.steps.push('scale 0', 'scale 1', 'settle');
    scale(c, 0);
    noteCondemned(c, t);
    checkAll(c, t);
    scale(c, 1);
    expectBug(/claims: pod web-0 \(\w+, on node-\d\) uses claim www-web-0, which is being deleted/, () => settleChecked(c, t));
  });

  // BUG 2. whenScaled: Delete, a pod that is already terminating (deleted by the user) when a
  // scale-down condemns it never has its claim handed to it (syncStatefulSet skips terminating pods
  // when it fixes claim owners, and the controller's own 'condemned' delete is skipped for a pod
  // already terminating), so the claim outlives the scale-down for good. Upstream's
  // "Fix pod claims for condemned pods" pass runs over every condemned pod, terminating or not.
  // Shrunk counterexample: replicas 0 → scale 1 → delete web-0 → scale 0 → settle.
  it.fails('BUG 2: a claim of a pod deleted just before the scale-down that condemns it is never deleted', () => {
    const { c, t } = started({ replicas: 1, whenScaled: 'Delete' });
    t.steps.push('delete web-0', 'scale 0', 'settle');
    t.userDeleted.add(c.pod(NS, 'web-0')!.uid);
    deletePodByOrdinal(c, 0);
    scale(c, 0);
    noteCondemned(c, t);
    t.leakedClaims.clear(); // the work-around the random runs use, off here
    expectBug(/converged: claims www-web-0 outlive the scale-down under whenScaled: Delete/, () => settleChecked(c, t));
  });
});
