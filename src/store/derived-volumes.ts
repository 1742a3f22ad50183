// Claims made from a StatefulSet's volumeClaimTemplates and the volumes provisioned for them, stored
// derived as pods are: only what cannot be derived is kept, the full object is rebuilt on reading.
// The rebuild mirrors the writers: createClaims (controller/statefulset-sync.ts), createObject
// (apiserver/objects.ts), bind (controller/volumes.ts) and syncClaimOwners (controller/claim-owners.ts).
// A compact form is only ever returned when expanding it gives back the object byte for byte (key
// order included); anything else is stored in full, so a rule missed here costs bytes, never data.
// Expanding needs what compacting saw: the claim's set (found with claimOrigin) and, for a volume, its claim.
import { controllerRef } from '../api/kinds.js';
import { claimClass, BETA_CLASS_ANNOTATION } from '../api/storage.js';
import { isObj, type KObject } from '../api/types.js';
import { parseTime } from './times.js';

/** What a new cluster's default StorageClass is (store/schema.ts): absent from a compact claim, these are meant. */
export const BUILTIN_CLASS = 'standard';
export const BUILTIN_PROVISIONER = 'sts.dev/hostpath';

const PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const BETA_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';

/**
 * A claim as the file keeps it. Its name is `<template>-<set>-<ordinal>`, its labels, annotations and
 * spec come from the template, its status from the spec (and the volume it is bound to).
 */
export interface CompactClaim {
  /** ordinal */
  o: number;
  /** index in spec.volumeClaimTemplates (absent: 0) */
  t?: number;
  u: string;
  rv: number;
  /** creationTimestamp, ms */
  c: number;
  /** phase (absent: Bound, to `pvc-<uid>`, provisioned) */
  p?: 'Pending';
  /** storageClassName the DefaultStorageClass admission added to a template that names no class ('': none; absent: BUILTIN_CLASS) */
  sc?: string;
  /** the provisioner named in the claim's annotations (absent: BUILTIN_PROVISIONER) */
  pr?: string;
  /** bound to this pre-existing volume (no provisioner annotations) instead of `pvc-<uid>` */
  v?: string;
  /** status.capacity.storage when not the requested size (a bigger static volume) */
  cap?: string;
  /** status.accessModes when not the spec's */
  am?: string[];
  /** the owner reference: "set" (whenDeleted: Delete), or the uid of the pod `<set>-<ordinal>` (whenScaled: Delete) */
  own?: string;
  /** the owner reference was added after binding (it follows the annotations in metadata) */
  oa?: 1;
}

/** A provisioned volume as the file keeps it: the rest comes from the claim it is bound to. */
export interface CompactVolume {
  u: string;
  /** resourceVersion minus the claim's */
  rv: number;
  /** creationTimestamp, ms after the claim's */
  c: number;
  /** spec.claimRef.resourceVersion (the claim's when it was bound) minus the claim's now */
  crv: number;
  /** status.lastPhaseTransitionTime, ms after creationTimestamp (absent: 0) */
  l?: number;
  /** persistentVolumeReclaimPolicy (absent: Delete) */
  r?: string;
}

// store/times.ts's iso, without its flooring to the second: a timestamp with a fraction must not
// round-trip. Cached (as times.ts's parseTime is): 100,000 claims and volumes share a few timestamps.
const isoCache = new Map<number, string>();
const iso = (ms: number) => {
  let s = isoCache.get(ms);
  if (s === undefined) {
    if (isoCache.size > 10_000) isoCache.clear();
    isoCache.set(ms, (s = new Date(ms).toISOString().replace('.000Z', 'Z')));
  }
  return s;
};

/** same()'s keys being compared, its calls' above its callers' */
const keyStack: string[] = [];
let top = 0;

/**
 * Whether the two serialize to the same JSON text, key order included, without writing either out
 * (two JSON.stringify calls cost most of a compaction). Strict where it need not be: anything but
 * plain objects, arrays and primitives compares unequal, and so the object is stored in full.
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || Number.isFinite(a);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] === undefined || !same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // the keys JSON writes (not the undefined ones), in order: x's onto a stack shared by the calls this
  // one makes, then y's walked against them (for-in copies no array of keys as Object.keys does; the
  // prototype, checked above, has no enumerable keys to add)
  const base = top;
  let n = 0;
  for (const k in x) if (x[k] !== undefined) keyStack[base + n++] = k;
  top = base + n;
  let i = 0;
  let equal = true;
  for (const k in y) {
    const v = y[k];
    if (v === undefined) continue;
    if (i === n || keyStack[base + i] !== k || !same(x[k], v)) {
      equal = false;
      break;
    }
    i++;
  }
  top = base;
  return equal && i === n;
}
/** The compact form as it will be read back from the file (no undefined, NaN or -0 survives saving):
 *  itself when every value is a string or a finite number other than -0, which JSON gives back as they are. */
function viaFile<T extends object>(compact: T): T {
  for (const v of Object.values(compact))
    if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v) || Object.is(v, -0))) return JSON.parse(JSON.stringify(compact));
  return compact;
}

/** Which template and ordinal of `set` a claim of this name comes from: `<template>-<set>-<ordinal>`. */
export function claimOrigin(name: string, set: KObject): { tpl: number; ord: number } | undefined {
  const templates: unknown[] = Array.isArray(set.spec?.volumeClaimTemplates) ? set.spec.volumeClaimTemplates : [];
  for (let tpl = 0; tpl < templates.length; tpl++) {
    const t = templates[tpl];
    const prefix = `${isObj(t) && isObj(t.metadata) ? (t.metadata.name ?? '') : ''}-${set.metadata.name}-`;
    const rest = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (/^(0|[1-9]\d*)$/.test(rest) && Number.isSafeInteger(Number(rest))) return { tpl, ord: Number(rest) };
  }
  return undefined;
}

export function expandClaim(cc: CompactClaim, set: KObject, ns: string): KObject {
  return buildClaim(cc, set, ns, dataCopy);
}

/** A deep copy of JSON data (what a set read from a document holds): structuredClone's result, at a
 *  tenth of its cost for the small spec every one of 100,000 claims copies. */
function dataCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(dataCopy) as T;
  if (v === null || typeof v !== 'object') return v;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = dataCopy((v as Record<string, unknown>)[k]);
    if (k === '__proto__') Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
    else o[k] = x;
  }
  return o as T;
}

/** The claim `cc` describes; `copy` makes the spec from the template's (compactClaim only compares, and shares it). */
function buildClaim(cc: CompactClaim, set: KObject, ns: string, copy: <T>(spec: T) => T): KObject {
  const t = set.spec.volumeClaimTemplates[cc.t ?? 0];
  const setName: string = set.metadata.name;
  const uid = cc.u;
  // createClaims: the template's metadata and spec, the set's selector labels
  const metadata: KObject['metadata'] = {
    name: `${t.metadata?.name ?? ''}-${setName}-${cc.o}`,
    namespace: ns,
    uid,
    resourceVersion: String(cc.rv),
    creationTimestamp: iso(cc.c),
    labels: { ...(t.metadata?.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) },
  };
  // (assigned, not spread in conditionally: a literal of fixed keys is built much faster)
  if (t.metadata?.annotations) metadata.annotations = { ...t.metadata.annotations };
  const spec = copy(t.spec);
  // the DefaultStorageClass admission plugin (api/defaults.ts)
  const sc = cc.sc ?? BUILTIN_CLASS;
  if (isObj(spec) && spec.storageClassName === undefined && metadata.annotations?.[BETA_CLASS_ANNOTATION] === undefined && sc)
    spec.storageClassName = sc;
  // createObject
  metadata.finalizers = ['kubernetes.io/pvc-protection'];
  const ownerReferences =
    cc.own === undefined
      ? undefined
      : cc.own === 'set'
        ? [controllerRef(set)]
        : [{ apiVersion: 'v1', kind: 'Pod', name: `${setName}-${cc.o}`, uid: cc.own, controller: true, blockOwnerDeletion: true }];
  if (ownerReferences && !cc.oa) metadata.ownerReferences = ownerReferences;
  if (cc.p === 'Pending') return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec, status: { phase: 'Pending' } };
  // bind
  const pr = cc.pr ?? BUILTIN_PROVISIONER;
  // into the copy made above (the same keys in the same order as spreading it into a new object)
  const annotations: Record<string, string> = metadata.annotations ?? {};
  if (cc.v === undefined) {
    annotations[BETA_PROVISIONER] = pr;
    annotations[PROVISIONER] = pr;
  }
  annotations['pv.kubernetes.io/bind-completed'] = 'yes';
  annotations['pv.kubernetes.io/bound-by-controller'] = 'yes';
  metadata.annotations = annotations;
  if (ownerReferences && cc.oa) metadata.ownerReferences = ownerReferences;
  spec.volumeName = cc.v ?? `pvc-${uid}`;
  const status = {
    phase: 'Bound',
    // a copy of the compact form's: it is kept as read (claim-pack.ts)
    accessModes: Array.isArray(cc.am) ? [...cc.am] : (cc.am ?? [...(spec.accessModes ?? [])]),
    capacity: { storage: cc.cap ?? spec.resources?.requests?.storage },
  };
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec, status };
}

/** The compact form of a claim made from `set`'s volumeClaimTemplates for one ordinal, or undefined when
 *  the claim is not exactly what derivation rebuilds (edited, its set changed, not from a template). */
export function compactClaim(pvc: KObject, set: KObject): CompactClaim | undefined {
  try {
    const m = pvc.metadata;
    const origin = claimOrigin(m.name, set);
    if (!origin || pvc.kind !== 'PersistentVolumeClaim' || m.deletionTimestamp !== undefined) return undefined;
    const t = set.spec.volumeClaimTemplates[origin.tpl];
    const cc: CompactClaim = { o: origin.ord, u: m.uid, rv: Number(m.resourceVersion), c: parseTime(m.creationTimestamp) };
    if (origin.tpl) cc.t = origin.tpl;
    const defaulted = t.spec?.storageClassName === undefined && t.metadata?.annotations?.[BETA_CLASS_ANNOTATION] === undefined;
    if (defaulted && pvc.spec?.storageClassName !== BUILTIN_CLASS) cc.sc = pvc.spec?.storageClassName ?? '';
    const phase = pvc.status?.phase;
    if (phase === 'Pending') cc.p = 'Pending';
    else if (phase === 'Bound') {
      const provisioner = m.annotations?.[PROVISIONER];
      if (pvc.spec?.volumeName !== `pvc-${m.uid}`) cc.v = pvc.spec?.volumeName;
      else if (provisioner !== BUILTIN_PROVISIONER) cc.pr = provisioner;
      const request = pvc.spec?.resources?.requests?.storage;
      if (pvc.status.capacity?.storage !== request) cc.cap = pvc.status.capacity?.storage;
      if (!same(pvc.status.accessModes, pvc.spec?.accessModes ?? [])) cc.am = pvc.status.accessModes;
    } else return undefined;
    const refs = m.ownerReferences;
    if (refs !== undefined) {
      if (!Array.isArray(refs) || refs.length !== 1) return undefined;
      cc.own = refs[0].kind === 'Pod' ? refs[0].uid : 'set';
      // with the template's annotations the key is there from the start and binding does not move it
      const keys = Object.keys(m);
      if (phase === 'Bound' && !t.metadata?.annotations && keys.indexOf('ownerReferences') > keys.indexOf('annotations')) cc.oa = 1;
    }
    const stored = viaFile(cc);
    const shallow = <T>(spec: T): T => (isObj(spec) ? ({ ...spec } as T) : spec);
    return same(buildClaim(stored, set, m.namespace!, shallow), pvc) ? stored : undefined;
  } catch {
    return undefined; // a shape derivation does not know (no template, no spec): stored in full
  }
}

export function expandVolume(cv: CompactVolume, pvc: KObject): KObject {
  const claim = pvc.metadata;
  const name = `pvc-${claim.uid}`;
  const provisioner = claim.annotations?.[PROVISIONER] ?? '';
  const rv = Number(claim.resourceVersion);
  const created = parseTime(claim.creationTimestamp) + cv.c;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      uid: cv.u,
      resourceVersion: String(rv + cv.rv),
      creationTimestamp: iso(created),
      annotations: { 'pv.kubernetes.io/provisioned-by': provisioner },
      finalizers: ['kubernetes.io/pv-protection'],
    },
    spec: {
      accessModes: [...(pvc.spec.accessModes ?? [])],
      capacity: { storage: pvc.spec.resources.requests.storage },
      claimRef: {
        kind: 'PersistentVolumeClaim',
        apiVersion: 'v1',
        name: claim.name,
        namespace: claim.namespace,
        uid: claim.uid,
        resourceVersion: String(rv + cv.crv),
      },
      // bind's choice of volume source (controller/volumes.ts)
      ...(/hostpath|local-path/i.test(provisioner)
        ? { hostPath: { path: `/var/lib/sts/volumes/${name}`, type: 'DirectoryOrCreate' } }
        : { csi: { driver: provisioner, volumeHandle: name, fsType: 'ext4' } }),
      persistentVolumeReclaimPolicy: cv.r ?? 'Delete',
      storageClassName: claimClass(pvc),
      volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
    },
    status: { phase: 'Bound', lastPhaseTransitionTime: iso(created + (cv.l ?? 0)) },
  };
}

/** The compact form of a volume provisioned for `pvc` (the full claim object) and bound to it, or undefined
 *  (a static volume; a Released one, whose claim is gone; anything edited). */
export function compactVolume(pv: KObject, pvc: KObject): CompactVolume | undefined {
  try {
    const m = pv.metadata;
    if (pv.kind !== 'PersistentVolume' || m.name !== `pvc-${pvc.metadata.uid}` || pv.status?.phase !== 'Bound') return undefined;
    const rv = Number(pvc.metadata.resourceVersion);
    const created = parseTime(m.creationTimestamp);
    const cv: CompactVolume = {
      u: m.uid,
      rv: Number(m.resourceVersion) - rv,
      c: created - parseTime(pvc.metadata.creationTimestamp),
      crv: Number(pv.spec?.claimRef?.resourceVersion) - rv,
    };
    const l = parseTime(pv.status.lastPhaseTransitionTime) - created;
    if (l !== 0) cv.l = l;
    if (pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') cv.r = pv.spec?.persistentVolumeReclaimPolicy;
    const stored = viaFile(cv);
    return same(expandVolume(stored, pvc), pv) ? stored : undefined;
  } catch {
    return undefined; // a claim without a spec, a timestamp that is no date: stored in full
  }
}
