// Builders for in-process simulations of the tutorial's `web` StatefulSet (fixtures/web/web.yaml):
// a manual-clock cluster, the set created through the API layer (admit + createObject), and the
// operations a user would do (scale, set image, set partition, delete a pod), each followed by a
// settle of the controllers at the current instant; then the invariant checks of
// statefulset-invariants.test.ts (upstream's stateful_set_control_test.go) and checked time steps.
import type { Json, KObject, PodRecord, StatefulSet } from '../../src/api/types.js';
import { kindInfo } from '../../src/api/kinds.js';
import { admit, createObject, writeBack } from '../../src/apiserver/objects.js';
import { deleteObject } from '../../src/apiserver/delete.js';
import { podObject } from '../../src/apiserver/pod-object.js';
import { advance, settle, settleAll } from '../../src/controller/simulate.js';
import { Cluster } from '../../src/store/cluster.js';
import { newClusterFile } from '../../src/store/schema.js';

export const NS = 'default';
export const SET = 'web';
export const START_MS = Date.UTC(2026, 0, 1);

export interface Variant {
  replicas: number;
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  updateStrategy: 'RollingUpdate' | 'OnDelete';
  /** only with RollingUpdate */
  partition?: number;
  whenScaled: 'Retain' | 'Delete';
  whenDeleted: 'Retain' | 'Delete';
}

export const DEFAULT_VARIANT: Variant = {
  replicas: 2,
  podManagementPolicy: 'OrderedReady',
  updateStrategy: 'RollingUpdate',
  whenScaled: 'Retain',
  whenDeleted: 'Retain',
};

export const IMAGES = ['registry.k8s.io/nginx-slim:0.21', 'registry.k8s.io/nginx-slim:0.22', 'registry.k8s.io/nginx-slim:0.24'];

export function serviceManifest(): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nginx', labels: { app: 'nginx' } },
    spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'nginx' } },
  };
}

export function webManifest(v: Partial<Variant> = {}): Json {
  const o = { ...DEFAULT_VARIANT, ...v };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: SET },
    spec: {
      serviceName: 'nginx',
      replicas: o.replicas,
      podManagementPolicy: o.podManagementPolicy,
      updateStrategy:
        o.updateStrategy === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
      persistentVolumeClaimRetentionPolicy: { whenScaled: o.whenScaled, whenDeleted: o.whenDeleted },
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: IMAGES[0],
              ports: [{ containerPort: 80, name: 'web' }],
              volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

const DEFAULT_NS = { name: NS, explicit: false };

/** A manual-clock cluster with the nginx service and the web set created (not yet settled). */
export function newSim(v: Partial<Variant> = {}): Cluster {
  const c = new Cluster(newClusterFile('manual', START_MS));
  createObject(c, admit(c, serviceManifest(), DEFAULT_NS, 'web.yaml'), 'web.yaml');
  createObject(c, admit(c, webManifest(v), DEFAULT_NS, 'web.yaml'), 'web.yaml');
  settle(c);
  return c;
}

export const getSet = (c: Cluster) => c.get('StatefulSet', NS, SET) as StatefulSet;

/** Change the set's spec as `kubectl patch`/`scale`/`set image` would (through writeBack), then settle. */
export function patchSet(c: Cluster, edit: (spec: Json) => void): boolean {
  const cur = getSet(c) as KObject;
  const next = structuredClone(cur) as Json;
  edit(next.spec);
  const changed = writeBack(c, cur, next);
  settle(c);
  return changed;
}

export const scale = (c: Cluster, n: number) => patchSet(c, (s) => (s.replicas = n));
export const setImage = (c: Cluster, image: string) => patchSet(c, (s) => (s.template.spec.containers[0].image = image));
export const setPartition = (c: Cluster, partition: number) =>
  patchSet(c, (s) => {
    if (s.updateStrategy.type === 'RollingUpdate') s.updateStrategy.rollingUpdate = { ...(s.updateStrategy.rollingUpdate ?? {}), partition };
  });

/** `kubectl delete pod web-<ord> [--grace-period=g]`; false if there is no such pod. */
export function deletePodByOrdinal(c: Cluster, ord: number, gracePeriod?: number): boolean {
  const name = `${SET}-${ord}`;
  if (!c.pod(NS, name)) return false;
  deleteObject(c, kindInfo('Pod')!, NS, name, gracePeriod === undefined ? {} : { gracePeriod });
  settle(c);
  return true;
}

/** `kubectl delete pvc www-web-<ord>`; false if there is no such claim. */
export function deleteClaimByOrdinal(c: Cluster, ord: number): boolean {
  const name = `www-${SET}-${ord}`;
  if (!c.get('PersistentVolumeClaim', NS, name)) return false;
  deleteObject(c, kindInfo('PersistentVolumeClaim')!, NS, name);
  settle(c);
  return true;
}

/** The set's pods (terminating ones included), by ordinal then name. */
export function setPods(c: Cluster): PodRecord[] {
  return c
    .pods(NS)
    .filter((p) => p.set === SET)
    .sort((a, b) => (a.ordinal ?? -1) - (b.ordinal ?? -1) || (a.name < b.name ? -1 : 1));
}

export const claims = (c: Cluster) => c.list('PersistentVolumeClaim', NS);
export const live = (p: PodRecord) => p.deletingSince === undefined;

/** Pods and claims with what a scenario compares: identity (uid) and deletion state. */
export const pods = (c: Cluster) => setPods(c).map((p) => ({ name: p.name, uid: p.uid, stage: p.stage, terminating: !live(p) }));
export const claimStates = (c: Cluster) =>
  claims(c).map((pvc) => ({
    name: pvc.metadata.name,
    uid: pvc.metadata.uid,
    phase: pvc.status?.phase,
    deleting: pvc.metadata.deletionTimestamp !== undefined,
    owners: (pvc.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}/${r.uid}`),
  }));
export const uids = (c: Cluster, ord: number) => [c.pod(NS, `web-${ord}`)?.uid, c.get('PersistentVolumeClaim', NS, `www-web-${ord}`)?.metadata.uid];

// ---------------------------------------------------------------------------------------------
// The harness of statefulset-invariants.test.ts: what it remembers, its checks, checked time steps.

const SUB_STEP_MS = 1000;
const SETTLE_MS = 10 * 60_000;
const claimName = (ord: number) => `www-${SET}-${ord}`;
const ordOfClaim = (name: string) => Number(/^www-web-(\d+)$/.exec(name)?.[1] ?? NaN);

/** What the harness remembers between checks (upstream's fakes keep the same in their trackers). */
export interface Tracker {
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
  /** ordinals that had no pod when a scale-down condemned them: their claims stay, as upstream's
   *  "Fix pod claims for condemned pods" only hands claims to condemned pods that exist */
  podless: Set<number>;
  /** spec.replicas at the last noteCondemned */
  replicas: number;
}

export function newTracker(c: Cluster, variant: Variant): Tracker {
  const t: Tracker = {
    variant,
    steps: [],
    pods: new Map(),
    userDeleted: new Set(),
    terminating: new Set(),
    claims: new Map(),
    everCondemned: new Set(),
    podless: new Set(),
    replicas: getSet(c).spec.replicas,
  };
  noteCondemned(c, t);
  return t;
}

/** After a scale: the ordinals out of range, and which of those just condemned have no pod. */
export function noteCondemned(c: Cluster, t: Tracker): void {
  const r = getSet(c).spec.replicas;
  for (let o = r; o < 16; o++) t.everCondemned.add(o);
  const present = new Set(setPods(c).map((p) => p.ordinal));
  for (let o = r; o < t.replicas; o++) {
    if (present.has(o)) t.podless.delete(o);
    else t.podless.add(o);
  }
  t.replicas = r;
}

class InvariantError extends Error {}
export function fail(t: Tracker, invariant: string, detail: string): never {
  throw new InvariantError(`${invariant}: ${detail}\n    variant: ${JSON.stringify(t.variant)}\n    steps: ${t.steps.join(' → ') || '(create)'}`);
}

const revisionImage = (c: Cluster, rev: string): string | undefined =>
  (c.get('ControllerRevision', NS, rev) as KObject | undefined)?.data?.spec?.template?.spec?.containers?.[0]?.image;
const isReady = (p: PodRecord) => p.stage === 'Ready';

// ---------------------------------------------------------------------------------------------
// The invariants, one helper each. `fresh` are the pods first seen at this check.

/** At most one pod per ordinal, named <set>-<ordinal>, with the identity and storage upstream's
 *  identityMatches / storageMatches ask for; the set's ordinal index agrees with the pod list. */
export function assertIdentity(c: Cluster, t: Tracker): void {
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
      fail(
        t,
        'identity',
        `pod ${p.name} does not match the identity specification (labels ${JSON.stringify(o.metadata.labels)}, hostname ${o.spec.hostname}, subdomain ${o.spec.subdomain})`,
      );
    const vols = (o.spec.volumes ?? []).filter((v: { persistentVolumeClaim?: unknown }) => v.persistentVolumeClaim);
    if (JSON.stringify(vols) !== JSON.stringify([{ name: 'www', persistentVolumeClaim: { claimName: claimName(p.ordinal) } }]))
      fail(t, 'identity', `pod ${p.name} does not match the storage specification: ${JSON.stringify(vols)}`);
    const image = o.spec.containers?.[0]?.image;
    if (image !== revisionImage(c, p.revision ?? ''))
      fail(t, 'identity', `pod ${p.name} runs ${image}, its revision ${p.revision} has ${revisionImage(c, p.revision ?? '')}`);
  }
  const indexed = [...c.podsOf(NS, SET).values()].map((p) => p.name).sort();
  const listed = pods.map((p) => p.name).sort();
  if (JSON.stringify(indexed) !== JSON.stringify(listed))
    fail(t, 'identity', `ordinal index ${JSON.stringify(indexed)} != pods ${JSON.stringify(listed)}`);
}

/** A pod keeps its name, ordinal and revision for life (a new revision means a new pod). */
export function assertPodsImmutable(c: Cluster, t: Tracker): void {
  for (const p of setPods(c)) {
    const seen = t.pods.get(p.uid);
    if (seen && (seen.name !== p.name || seen.ord !== p.ordinal || seen.rev !== p.revision))
      fail(t, 'immutable', `pod ${p.uid} was ${JSON.stringify(seen)}, now ${JSON.stringify({ name: p.name, ord: p.ordinal, rev: p.revision })}`);
  }
}

/** New pods are created in range, from the right revision: below the partition the current one,
 *  else (and always with OnDelete) the update revision (upstream's newVersionedStatefulSetPod). */
export function assertCreations(c: Cluster, t: Tracker, fresh: PodRecord[]): void {
  const set = getSet(c);
  const { currentRevision, updateRevision } = set.status;
  const us = set.spec.updateStrategy;
  const partition = us.type === 'RollingUpdate' ? (us.rollingUpdate?.partition ?? 0) : 0;
  for (const p of fresh) {
    if (p.ordinal! >= set.spec.replicas) fail(t, 'creation', `pod ${p.name} created with replicas ${set.spec.replicas}`);
    const want = p.ordinal! < partition ? [currentRevision] : [updateRevision];
    if (!want.includes(p.revision))
      fail(t, 'creation', `pod ${p.name} created at revision ${p.revision}, want ${want.join(' or ')} (partition ${partition})`);
  }
}

/** OrderedReady (upstream's assertMonotonicInvariants, stated for creation and deletion so that a
 *  user's deletion of a lower pod does not count): a pod is created only while every lower ordinal
 *  is Running and Ready; the controller terminates one pod at a time; a scale-down removes the
 *  highest ordinal first. */
export function assertMonotonic(c: Cluster, t: Tracker, fresh: PodRecord[]): void {
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
export function assertUpdateDeletions(c: Cluster, t: Tracker): void {
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
export function assertClaims(c: Cluster, t: Tracker): void {
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
    if (live(p) && p.node && pvc.metadata.deletionTimestamp)
      fail(t, 'claims', `pod ${p.name} (${p.stage}, on ${p.node}) uses claim ${pvc.metadata.name}, which is being deleted`);
    if (!live(p) || !isReady(p)) continue;
    const refs = pvc.metadata.ownerReferences ?? [];
    const setRef = refs.some((r) => r.kind === 'StatefulSet' && r.uid === set.metadata.uid);
    const podRef = refs.some((r) => r.kind === 'Pod' && r.uid === p.uid);
    const condemned = p.ordinal! >= set.spec.replicas;
    if (!condemned && podRef) fail(t, 'claims', `claim ${pvc.metadata.name} of live pod ${p.name} is owned by the pod`);
    if (!condemned && setRef !== (whenDeleted === 'Delete'))
      fail(t, 'claims', `claim ${pvc.metadata.name}: set owner reference ${setRef} under whenDeleted: ${whenDeleted}`);
    if (condemned && whenScaled === 'Delete' && !podRef)
      fail(t, 'claims', `claim ${pvc.metadata.name} of condemned pod ${p.name} is not owned by it`);
    if (condemned && whenScaled === 'Retain' && podRef)
      fail(t, 'claims', `claim ${pvc.metadata.name} of condemned pod ${p.name} is owned by it under whenScaled: Retain`);
  }
}

/** status (upstream's computeReplicaStatus): replicas counts the set's pods (terminating ones
 *  too), ready ones and those on the current / update revision; the revisions exist. */
export function assertStatus(c: Cluster, t: Tracker): void {
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
export function assertConverged(c: Cluster, t: Tracker, settled: boolean): void {
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
    if (behind.length)
      fail(t, 'converged', `${behind.map((p) => `${p.name}@${p.revision}`).join(', ')} not on ${set.status.updateRevision} (partition ${partition})`);
    if (partition === 0 && R > 0 && set.status.currentRevision !== set.status.updateRevision)
      fail(t, 'converged', `rollout complete but currentRevision ${set.status.currentRevision} != updateRevision ${set.status.updateRevision}`);
  }
  const bound = claims(c)
    .filter((pvc) => pvc.status?.phase === 'Bound' && !pvc.metadata.deletionTimestamp)
    .map((pvc) => ordOfClaim(pvc.metadata.name));
  for (let i = 0; i < R; i++) if (!bound.includes(i)) fail(t, 'converged', `claim ${claimName(i)} is not Bound`);
  if (set.spec.persistentVolumeClaimRetentionPolicy.whenScaled === 'Delete') {
    const extra = claims(c)
      .filter((pvc) => ordOfClaim(pvc.metadata.name) >= R && !t.podless.has(ordOfClaim(pvc.metadata.name)))
      .map((pvc) => pvc.metadata.name);
    if (extra.length) fail(t, 'converged', `claims ${extra.join(', ')} outlive the scale-down under whenScaled: Delete`);
  }
}

/** All per-step invariants, then remember what was seen. */
// Counts for a report: STS_INVARIANT_STATS=1 prints them after each run.
export const stats = { checks: 0, runs: 0, ops: 0, pods: 0, maxPods: 0, controllerDeletes: 0, userDeletes: 0, revisions: 0 };
export function checkAll(c: Cluster, t: Tracker): void {
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

/** Let `ms` of cluster time pass in sub-steps, checking after each. */
export function advanceChecked(c: Cluster, t: Tracker, ms: number): void {
  const target = c.now + ms;
  while (c.now < target) {
    advance(c, Math.min(target, c.now + SUB_STEP_MS));
    checkAll(c, t);
  }
}

/** settleAll, but in checked sub-steps; then the convergence check. */
export function settleChecked(c: Cluster, t: Tracker): void {
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

/** One checked step of a scenario, as runOp takes them. */
export function op(c: Cluster, t: Tracker, name: string, f: () => void): void {
  t.steps.push(name);
  f();
  if (name.startsWith('scale')) noteCondemned(c, t);
  checkAll(c, t);
}

/** The set created and checked; settled unless `settle` is false (its pods still Pending). */
export function started(v: Partial<Variant>, settle = true) {
  const variant: Variant = {
    replicas: 3,
    podManagementPolicy: 'OrderedReady',
    updateStrategy: 'RollingUpdate',
    partition: 0,
    whenScaled: 'Retain',
    whenDeleted: 'Retain',
    ...v,
  };
  const c = newSim(variant);
  const t = newTracker(c, variant);
  checkAll(c, t);
  if (settle) settleChecked(c, t);
  return { c, t };
}
export const shape = (c: Cluster) => setPods(c).map((p) => ({ name: p.name, stage: p.stage, rev: p.revision, terminating: !live(p) }));
