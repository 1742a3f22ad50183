// A pod record made whole: the Pod object the API would return, derived from the record, its
// StatefulSet and the ControllerRevision it was made from (nothing of the template is stored twice).
import { hash } from '../api/crypto.js';
import type { Container, Json, KObject, PodRecord, PodTemplate, StatefulSet } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import type { EventRecord } from '../store/schema.js';
import { isoTime, podStatus } from './pod-status.js';

export { backoffMs } from './pod-status.js';

/** The pod template a ControllerRevision records (its data is a strategic-merge patch of the set). */
/** Each revision's template, made once per revision data (a revision's data does not change; a
 *  new object, or new data, is made anew): a big settle asks for it millions of times. */
const templates = new WeakMap<object, PodTemplate>();

export function revisionTemplate(rev: KObject): PodTemplate {
  const from = rev.data.spec.template;
  let tpl = templates.get(from);
  if (!tpl) {
    const { $patch: _, ...rest } = from;
    templates.set(from, (tpl = rest as PodTemplate));
  }
  return tpl;
}

/** What readers keep about a pod record between their looks at it (its template, its set and claims,
 *  the scheduler's view and decision, its namespace's root CA), in one object on the record under a
 *  symbol: not enumerable, so no copy, save or comparison sees it (and no WeakMap of 100,000 records
 *  to look up and for the garbage collector to trace); one per record, made by podMemo — for each
 *  pod in motion by the kubelet's queue, else at a controller slot's first use; a record only read
 *  has none (Object.defineProperty costs enough to show, once per record of a big settle). A class with every
 *  slot declared, so that all memos share one shape and reading a slot stays a fixed offset. Each
 *  slot belongs to the module that fills it, which says what it holds and when it is still good.
 *  The template's and the set's are fields of their own, written in place: no object made per pod
 *  (a set's status write makes every pod of a big settle look its set up again). */
export class PodMemo {
  /** podTemplate's: the revision's template, and what makes it still the answer c.get would give —
   *  the same cluster and revision name, c.writes('ControllerRevision') unchanged (any revision put or
   *  removed bumps it, and reading a namespace's document adds none to a namespace whose pods are in
   *  memory: it was read before them), and the revision's data.spec.template the same object
   *  (revisionTemplate's key: data replaced in place is seen) */
  template: PodTemplate | undefined = undefined;
  templateCluster: Cluster | undefined = undefined;
  templateRevision: string | undefined = undefined;
  templateWrites = 0;
  templateRev: KObject | undefined = undefined;
  templateFrom: unknown = undefined;
  /** podSet's: the StatefulSet c.get gave, while the cluster, the set's name and c.writes('StatefulSet') are the same */
  set: StatefulSet | undefined = undefined;
  setCluster: Cluster | undefined = undefined;
  setName: string | undefined = undefined;
  setWrites = 0;
  claims: unknown = undefined;
  view: unknown = undefined;
  decision: unknown = undefined;
  rootCA: unknown = undefined;
  /** the scheduler's cache that counted this pod (scheduling/cache.ts), and the view it counted */
  countedBy: unknown = undefined;
  counted: unknown = undefined;
  /** podEvent's reference to the pod (a record's namespace, name and uid never change) */
  eventRef: PodRef | undefined = undefined;
}
type PodRef = { kind: 'Pod'; ns: string; name: string; uid: string };
const MEMO = Symbol('memo');

export function podMemo(p: PodRecord): PodMemo {
  let memo = memoOf(p);
  if (memo === undefined) Object.defineProperty(p, MEMO, { value: (memo = new PodMemo()) });
  return memo;
}

/** The record's memo if it has one. The template and the set are kept only for records the controllers
 *  work on (the kubelet's queue gives each pod in motion a memo): a command that reads 100,000 pods once
 *  (`get pods -A`) would pay a memo per record and the records' new shape, and gain nothing. */
export const memoOf = (p: PodRecord): PodMemo | undefined => (p as PodRecord & { [MEMO]?: PodMemo })[MEMO];

/** The template a pod runs: its revision's for a StatefulSet pod, its own for a standalone one. */
export function podTemplate(c: Cluster, p: PodRecord): PodTemplate {
  if (p.spec) return { metadata: { labels: p.labels, annotations: p.annotations }, spec: p.spec };
  // the revision's template as last found (the kubelet's table asks for it a dozen times per step of every pod)
  const memo = memoOf(p);
  if (
    memo !== undefined &&
    memo.template !== undefined &&
    memo.templateCluster === c &&
    memo.templateRevision === p.revision &&
    memo.templateWrites === c.writes('ControllerRevision') &&
    memo.templateRev?.data?.spec?.template === memo.templateFrom
  )
    return memo.template;
  const rev = p.revision ? c.get('ControllerRevision', p.ns, p.revision) : undefined;
  if (rev) {
    const tpl = revisionTemplate(rev);
    if (memo === undefined) return tpl;
    memo.template = tpl;
    memo.templateCluster = c;
    memo.templateRevision = p.revision;
    memo.templateWrites = c.writes('ControllerRevision');
    memo.templateRev = rev;
    memo.templateFrom = rev.data.spec.template;
    return tpl;
  }
  const set = p.set ? (c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined) : undefined;
  return set?.spec.template ?? { spec: { containers: [] } };
}

/** Record an event about a pod (its involvedObject as the events list shows it): the one place a
 *  pod event's reference is spelt, for the scheduler, the kubelet and the controllers. */
export function podEvent(c: Cluster, p: PodRecord, type: EventRecord['type'], reason: string, msg: string, source: string): void {
  // a pod in motion says four or five things as it starts: one reference for all (frozen: the
  // recorder copies its fields, and may keep it, but never writes it)
  const memo = memoOf(p);
  const ref = memo === undefined ? podRef(p) : (memo.eventRef ??= Object.freeze(podRef(p)));
  c.event(ref, type, reason, msg, source);
}
const podRef = (p: PodRecord): PodRef => ({ kind: 'Pod', ns: p.ns, name: p.name, uid: p.uid });

export const podAnnotations = (c: Cluster, p: PodRecord) => (p.spec ? p.annotations : podTemplate(c, p).metadata?.annotations);
export const podContainers = (c: Cluster, p: PodRecord): Container[] => podTemplate(c, p).spec?.containers ?? [];
export const podInitContainers = (c: Cluster, p: PodRecord): Container[] => podTemplate(c, p).spec?.initContainers ?? [];

/** Its init containers have not all completed (they run one at a time, in order, once it is on a node). */
export const initializing = (c: Cluster, p: PodRecord) => (p.initDone ?? 0) < podInitContainers(c, p).length;

/** What kubectl says when it picks a pod's container for you (podcmd.FindOrDefaultContainerByName and
 *  allContainerNames): nothing for a pod with one container and no init containers. */
export function defaultedContainerNote(spec: Json, chosen: string): string | undefined {
  const main: Json[] = spec?.containers ?? [];
  const init: Json[] = spec?.initContainers ?? [];
  if (main.length <= 1 && !init.length) return undefined;
  const names = [...main.map((x) => x.name), ...init.map((x) => `${x.name} (init)`)];
  return `Defaulted container "${chosen}" out of: ${names.join(', ')}`;
}

/** A set's pod's claim names when its set has no claim templates (shared: nothing changes it). */
const NO_CLAIMS: readonly string[] = Object.freeze([]);
/** Claim names a pod mounts: `<template>-<set>-<ordinal>` for a set's pod, else its PVC volumes. */
/** A set's pod's claim names, kept while its set's templates are the same list (the kubelet asks
 *  for them at every step of every pod: 100,000 pods with claims built them millions of times). */
// kept in the record's memo (podMemo)
interface SetClaims {
  templates: unknown;
  set: string;
  ordinal: number | undefined;
  names: readonly string[];
  /** the names as keys of the cluster's bound times, `<ns>/<claim>` (made when first asked for) */
  keys?: readonly string[];
}

/** The claims of a set's pod whose set has no claim templates: shared by all of them. */
const NO_SET_CLAIMS: SetClaims = Object.freeze({ templates: undefined, set: '', ordinal: undefined, names: NO_CLAIMS, keys: NO_CLAIMS });

/** A set's pod's StatefulSet as last found, kept in the record's memo with what makes it still the answer
 *  c.get would give: no StatefulSet written or removed since (c.writes), the same set named. */
function podSet(c: Cluster, p: PodRecord & { set: string }): StatefulSet | undefined {
  const memo = memoOf(p);
  if (memo === undefined) return c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined;
  const writes = c.writes('StatefulSet');
  if (memo.setCluster === c && memo.setWrites === writes && memo.setName === p.set) return memo.set;
  memo.set = c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined;
  memo.setCluster = c;
  memo.setName = p.set;
  memo.setWrites = writes;
  return memo.set;
}

/** A set's pod's claims, as kept (undefined: not a set's pod, or one with its own spec). */
function setClaims(c: Cluster, p: PodRecord): SetClaims | undefined {
  if (p.spec || p.set === undefined) return undefined;
  const set = podSet(c, p as PodRecord & { set: string });
  const templates = set?.spec.volumeClaimTemplates;
  // no templates (most sets): no claims, and nothing kept on the record
  if (!templates?.length) return NO_SET_CLAIMS;
  const memo = podMemo(p);
  const known = memo.claims as SetClaims | undefined;
  if (known && known.templates === templates && known.set === p.set && known.ordinal === p.ordinal) return known;
  const names = (templates ?? []).map((t) => `${t.metadata.name}-${p.set}-${p.ordinal}`);
  const made = { templates, set: p.set, ordinal: p.ordinal, names };
  memo.claims = made;
  return made;
}

export function claimNames(c: Cluster, p: PodRecord): readonly string[] {
  const kept = setClaims(c, p);
  if (kept) return kept.names;
  return ((p.spec ?? podTemplate(c, p).spec)?.volumes ?? [])
    .map((v: Json) => v?.persistentVolumeClaim?.claimName)
    .filter((n: unknown): n is string => typeof n === 'string');
}

/** A pod's claims as keys of the cluster's bound times (`<ns>/<claim>`): a set's pod's made once
 *  (the kubelet looks them up at every step of every pod waiting to be scheduled). */
export function claimKeys(c: Cluster, p: PodRecord): readonly string[] {
  const kept = setClaims(c, p);
  if (kept) return (kept.keys ??= kept.names.map((n) => `${p.ns}/${n}`));
  return claimNames(c, p).map((n) => `${p.ns}/${n}`);
}

/** Labels of a set's pod: the template's plus the controller's identity labels. */
export function setPodLabels(tpl: PodTemplate, name: string, ord: number, rev: string): Record<string, string> {
  // copied key by key: a spread followed by these keys is some twenty times slower, and lists of
  // 100,000 pods label every one (a key named __proto__ stays a key, as in a spread)
  const labels: Record<string, string> = {};
  const own = tpl.metadata?.labels;
  if (own)
    for (const k of Object.keys(own))
      if (k === '__proto__') Object.defineProperty(labels, k, { value: own[k], enumerable: true, writable: true, configurable: true });
      else labels[k] = own[k];
  labels['apps.kubernetes.io/pod-index'] = String(ord);
  labels['controller-revision-hash'] = rev;
  labels['statefulset.kubernetes.io/pod-name'] = name;
  return labels;
}

export const DEFAULT_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** `kube-api-access-` and five characters of the pod's uid (the plugin picks them at random; derived
 *  here so the read model is stable), in the alphabet of utilrand.String. */
const accessNames = new Map<string, string>();

export function apiAccessVolumeName(uid: string): string {
  let name = accessNames.get(uid);
  if (name === undefined) {
    const a = 'bcdfghjklmnpqrstvwxz2456789';
    const h = hash('sha256', `kube-api-access/${uid}`, 'buffer');
    // five letters from the first five bytes, built directly (a spread, map and join per pod showed in lists of 100,000)
    name = `kube-api-access-${a[h[0] % 27]}${a[h[1] % 27]}${a[h[2] % 27]}${a[h[3] % 27]}${a[h[4] % 27]}`;
    // bounded: a long-lived process (serve, a shell) stays small, and a list of 100,000 pods, each named once, keeps
    // a map that fits in the CPU's cache
    if (accessNames.size >= 4096) accessNames.clear();
    accessNames.set(uid, name);
  }
  return name;
}

/** What the ServiceAccount admission plugin adds to a pod (plugin/pkg/admission/serviceaccount):
 *  the projected token volume, mounted read-only in every container that has nothing there yet.
 *  Derived, never stored; a spec that already has it (written back by replace) is left alone. */
export function addServiceAccountVolume(spec: Json, uid: string): void {
  if (spec.automountServiceAccountToken === false) return;
  const vols: Json[] = spec.volumes ?? [];
  let name = vols.find((v) => typeof v?.name === 'string' && v.name.startsWith('kube-api-access-') && v.projected)?.name;
  if (!name) {
    name = apiAccessVolumeName(uid);
    spec.volumes = [
      ...vols,
      {
        name,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      },
    ];
  }
  for (const ctr of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Json[]) {
    const ms: Json[] = ctr.volumeMounts ?? [];
    if (ms.some((m) => m?.mountPath === SERVICE_ACCOUNT_MOUNT)) continue;
    ctr.volumeMounts = [...ms, { mountPath: SERVICE_ACCOUNT_MOUNT, name, readOnly: true }];
  }
}

/** A deep copy of JSON data (the template a pod's spec starts from): what structuredClone makes of
 *  it, several times faster; a key named __proto__ stays a key. */
function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = cloneJson((v as Record<string, unknown>)[k]);
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out as T;
}

/** A pod's labels: a set's pod made from its revision has the template's and the controller's
 *  identity labels; any other pod its own. */
export function podLabels(c: Cluster, p: PodRecord, tpl: PodTemplate = podTemplate(c, p)): Record<string, string> | undefined {
  if (!p.spec && p.set !== undefined && p.ordinal !== undefined) return setPodLabels(tpl, p.name, p.ordinal, p.revision ?? '');
  return p.labels && { ...p.labels };
}

/** The full Pod object as `get -o yaml` shows it. */
export function podObject(c: Cluster, p: PodRecord): KObject {
  const tpl = podTemplate(c, p);
  const spec: Json = cloneJson(tpl.spec ?? {});
  const metadata: Json = {
    name: p.name,
    namespace: p.ns,
    uid: p.uid,
    resourceVersion: String(p.resourceVersion),
    creationTimestamp: isoTime(p.createdAt),
  };
  const set = p.set !== undefined ? (c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined) : undefined;
  if (set) {
    metadata.generateName = `${p.set}-`;
    metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: p.set, uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
    ];
  }
  const labels = podLabels(c, p, tpl);
  if (labels) metadata.labels = labels;
  if (!p.spec && p.set !== undefined && p.ordinal !== undefined) {
    // Made from its revision: the controller's identity labels (above), hostname and claim volumes.
    if (tpl.metadata?.annotations) metadata.annotations = { ...tpl.metadata.annotations };
    spec.hostname = p.name;
    if (set?.spec.serviceName) spec.subdomain = set.spec.serviceName;
    const claimVols = (set?.spec.volumeClaimTemplates ?? []).map((t) => ({
      name: t.metadata.name,
      persistentVolumeClaim: { claimName: `${t.metadata.name}-${p.set}-${p.ordinal}` },
    }));
    const names = new Set(claimVols.map((v) => v.name));
    const rest = (spec.volumes ?? []).filter((v: Json) => !names.has(v.name));
    if (claimVols.length || rest.length) spec.volumes = [...claimVols, ...rest];
  } else if (p.annotations) metadata.annotations = { ...p.annotations };
  if (p.deletingSince !== undefined) {
    metadata.deletionTimestamp = isoTime(p.removeAt ?? p.deletingSince);
    metadata.deletionGracePeriodSeconds = Math.round(((p.removeAt ?? p.deletingSince) - p.deletingSince) / 1000);
  }
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  addServiceAccountVolume(spec, p.uid);
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  spec.tolerations ??= DEFAULT_TOLERATIONS;
  if (p.node) spec.nodeName = p.node;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: podStatus(c, p, spec, true) };
}

/**
 * The pod as its table row reads it (kubectl's printPod: name, namespace, labels, creation and
 * deletion times, phase, conditions, container states, IP, node): podObject without what a row never
 * reads (the spec's copy and defaults, volumes, container and image IDs, host IP, QoS class, the
 * scheduler's message), several times cheaper: `get pods` builds one per row of lists of 100,000.
 * test/unit/pod-rows.test.ts holds the two to the same rows at every kubelet stage.
 */
export function podSummary(c: Cluster, p: PodRecord): KObject {
  const tpl = podTemplate(c, p);
  const metadata: Json = { name: p.name, namespace: p.ns, creationTimestamp: isoTime(p.createdAt) };
  const labels = podLabels(c, p, tpl);
  if (labels) metadata.labels = labels;
  if (p.deletingSince !== undefined) metadata.deletionTimestamp = isoTime(p.removeAt ?? p.deletingSince);
  // the template's own containers, not copies: the summary is only read
  const spec: Json = { containers: tpl.spec?.containers, initContainers: tpl.spec?.initContainers };
  if (p.node) spec.nodeName = p.node;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: podStatus(c, p, spec, false) };
}
