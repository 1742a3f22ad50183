// What the API server does with a write: resolve the kind, decode, default, validate, assign
// identity, keep generation (deletions: delete.ts).
import { applyDefaults, defaultServiceIPFamilies, keepServiceAllocations } from '../api/defaults.js';
import { featureEnabled } from '../api/features.js';
import { alreadyExists, CliError, invalidError, type FieldError } from '../api/errors.js';
import { parseQuantity } from '../api/quantity.js';
import { fromLabelSelector, matches } from '../api/labels.js';
import { acceptsApiVersion, apiVersionOf, kindInfo, type KindInfo } from '../api/kinds.js';
import { isObj, type Json, type KObject, type PodRecord, type PodSpec, type StatefulSet } from '../api/types.js';
import { canonical, decodeError, validate, validateUpdate } from '../api/validation.js';
import { claimClass, DEFAULT_CLASS_ANNOTATION } from '../api/storage.js';
import type { Cluster } from '../store/cluster.js';
import { rootCaConfigMap, rootCaPem } from '../store/schema.js';
import { allocateClusterIP, reserveClusterIP } from './cluster-ip.js';
import { addServiceAccountVolume, podObject } from './pod-object.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Resolve a manifest's kind, as the REST mapper would; unknown kinds and versions are refused. */
export function mapKind(raw: Json, source: string): KindInfo {
  if (!isObj(raw) || !raw.kind) throw new CliError(`error: unable to decode "${source}": Object 'Kind' is missing in '${JSON.stringify(raw)}'`);
  if (!raw.apiVersion) throw new CliError(`error: unable to decode "${source}": Object 'apiVersion' is missing in '${JSON.stringify(raw)}'`);
  // kubectl's client-side validation refuses these before any request
  for (const field of ['apiVersion', 'kind'] as const)
    if (typeof raw[field] !== 'string')
      throw new CliError(
        `error: error validating "${source}": error validating data: ${field} isn't string type; if you choose to ignore these errors, turn validation off with --validate=false`,
      );
  const info = kindInfo(raw.kind);
  const name = isObj(raw.metadata) ? (raw.metadata.name ?? '') : '';
  const ns = isObj(raw.metadata) ? (raw.metadata.namespace ?? '') : '';
  if (!info || !acceptsApiVersion(info, String(raw.apiVersion)))
    throw new CliError(
      `error: resource mapping not found for name: "${name}" namespace: "${ns}" from "${source}": no matches for kind "${raw.kind}" in version "${raw.apiVersion}"\nensure CRDs are installed first`,
    );
  return info;
}

function checkNamespace(c: Cluster, ns: string, source?: string): void {
  const o = c.get('Namespace', undefined, ns);
  if (!o) throw new CliError(`Error from server (NotFound): ${source ? `error when creating "${source}": ` : ''}namespaces "${ns}" not found`);
  if (o.metadata.deletionTimestamp)
    throw new CliError(
      `Error from server (Forbidden): ${source ? `error when creating "${source}": ` : ''}unable to create new content in namespace ${ns} because it is being terminated`,
    );
}

/** The namespace a command works in: `-n` if given (explicit), else default. */
export interface NsChoice {
  name: string;
  explicit: boolean;
}

/** Kind, namespace and name a manifest refers to (before any decoding of the rest). */
export function mapKindName(raw: Json, ns: NsChoice, source: string): { info: KindInfo; ns: string | undefined; name: string } {
  const info = mapKind(raw, source);
  const own = isObj(raw.metadata) && typeof raw.metadata.namespace === 'string' ? raw.metadata.namespace : undefined;
  if (info.namespaced && own && ns.explicit && own !== ns.name)
    throw new CliError(
      `error: the namespace from the provided object "${own}" does not match the namespace "${ns.name}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  const name = isObj(raw.metadata) ? String(raw.metadata.name ?? '') : '';
  return { info, ns: info.namespaced ? own || ns.name : undefined, name };
}

/** The DefaultStorageClass admission plugin's choice for a claim that names no class. */
export function defaultClassName(c: Cluster): string | undefined {
  return c.list('StorageClass').find((s) => s.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')?.metadata.name;
}

/** Decode, place in a namespace, default and validate a manifest; nothing is stored. */
export function admit(c: Cluster, raw: Json, ns: NsChoice, source: string, verb = 'creating'): KObject {
  const info = mapKind(raw, source);
  const obj = structuredClone(raw) as KObject;
  const dec = decodeError(obj);
  if (dec)
    throw new CliError(
      `Error from server (BadRequest): error when ${verb} "${source}": ${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${dec}`,
    );
  obj.metadata ??= {} as KObject['metadata'];
  obj.apiVersion = apiVersionOf(info);
  const where = mapKindName(raw, ns, source);
  if (where.ns) obj.metadata.namespace = where.ns;
  else delete obj.metadata.namespace;
  applyDefaults(obj, defaultClassName(c));
  const ru = obj.kind === 'StatefulSet' ? obj.spec?.updateStrategy?.rollingUpdate : undefined;
  if (ru && obj.spec.updateStrategy.type === 'RollingUpdate' && featureEnabled(c.file.features, 'MaxUnavailableStatefulSet')) ru.maxUnavailable ??= 1;
  const errs = validate(obj);
  if (errs.length) throw invalidError(info.kind, String(obj.metadata.name ?? ''), errs);
  return obj;
}

/** Store a new object (AlreadyExists if it does). Returns the stored object. */
export function createObject(c: Cluster, obj: KObject, source?: string, nameIsNew = false): KObject {
  const info = kindInfo(obj.kind)!;
  const ns = obj.metadata.namespace;
  if (info.namespaced) checkNamespace(c, ns!, source);
  // nameIsNew: a controller's name made from a new uid (a provisioned volume's `pvc-<claim uid>`):
  // looking a volume's name up reads every namespace, and this one cannot exist yet
  if (!nameIsNew && exists(c, obj.kind, ns, obj.metadata.name)) throw alreadyExists(info, obj.metadata.name, source);
  const m = obj.metadata;
  m.uid = c.uid();
  m.creationTimestamp = c.timestamp();
  m.resourceVersion = '';
  delete m.deletionTimestamp;
  switch (obj.kind) {
    case 'Pod':
      return createStandalonePod(c, obj);
    case 'StatefulSet':
      dropDisabledFields(c, obj);
      m.generation = 1;
      obj.status = { replicas: 0, availableReplicas: 0 };
      break;
    case 'Service': {
      const s = obj.spec;
      defaultServiceIPFamilies(s);
      // allocClusterIPs: one address of the cluster's family, unless headless or given
      if (s.clusterIP && s.type !== 'ExternalName') reserveClusterIP(c, m.name, s.clusterIP);
      if (!s.clusterIP && s.type !== 'ExternalName') s.clusterIPs = [(s.clusterIP = allocateClusterIP(c))];
      obj.status = { loadBalancer: {} };
      break;
    }
    case 'PersistentVolumeClaim':
      m.finalizers = [...new Set([...(m.finalizers ?? []), 'kubernetes.io/pvc-protection'])];
      obj.status = { phase: 'Pending' };
      break;
    case 'PersistentVolume':
      m.finalizers = [...new Set([...(m.finalizers ?? []), 'kubernetes.io/pv-protection'])];
      obj.status = { phase: 'Available' };
      break;
    case 'Namespace':
      m.labels = { ...(m.labels ?? {}), 'kubernetes.io/metadata.name': m.name };
      obj.status = { phase: 'Active' };
      c.put(obj);
      // the root-ca-cert-publisher puts the cluster's CA in every new namespace
      c.put(rootCaConfigMap(m.name, caPemOf(c.file.id), { uid: c.uid(), creationTimestamp: c.timestamp(), resourceVersion: '' }));
      return obj;
  }
  c.put(obj);
  if (obj.kind === 'StatefulSet') adoptOrphans(c, obj as StatefulSet);
  return obj;
}

/** The cluster's CA certificate, made once per cluster id: twelve hashes each, it was most of
 *  creating a namespace (a manifest of 1,000 namespaces spent 70 ms on it). */
let caPem: { id: string; pem: string } | undefined;
function caPemOf(id: string): string {
  if (caPem?.id !== id) caPem = { id, pem: rootCaPem(id) };
  return caPem.pem;
}

/** With its gate off, the server silently drops maxUnavailable (unless the stored object already used it). */
function dropDisabledFields(c: Cluster, o: KObject): void {
  if (!featureEnabled(c.file.features, 'MaxUnavailableStatefulSet')) delete o.spec?.updateStrategy?.rollingUpdate?.maxUnavailable;
}

function createStandalonePod(c: Cluster, obj: KObject): KObject {
  const p = createPod(c, {
    ns: obj.metadata.namespace!,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    ...(obj.metadata.labels ? { labels: obj.metadata.labels } : {}),
    ...(obj.metadata.annotations ? { annotations: obj.metadata.annotations } : {}),
    spec: obj.spec,
  });
  return podObject(c, p);
}

/**
 * Store a new pod record, Pending from now: a user's pod (its own metadata and spec) or a
 * StatefulSet's (set, ordinal and revision; the rest derives from the revision). The uid is
 * assigned here unless the object path already did.
 */
export function createPod(
  c: Cluster,
  fields: Omit<PodRecord, 'uid' | 'createdAt' | 'stage' | 'stageSince' | 'resourceVersion'> & { uid?: string },
): PodRecord {
  const { ns, name, uid, ...rest } = fields;
  const p: PodRecord = { ns, name, uid: uid ?? c.uid(), ...rest, createdAt: c.now, stage: 'Pending', stageSince: c.now, resourceVersion: 0 };
  c.addPod(p);
  return p;
}

/**
 * createPod's record of a StatefulSet's pod, written out: a scale-up makes thousands in a row, and
 * the generic one's spreads cost more than the rest of it (the same fields in the same order).
 */
export function createSetPod(c: Cluster, ns: string, name: string, set: string, ordinal: number, revision: string): PodRecord {
  const p: PodRecord = { ns, name, uid: c.uid(), set, ordinal, revision, createdAt: c.now, stage: 'Pending', stageSince: c.now, resourceVersion: 0 };
  c.addPod(p);
  return p;
}

/** A new set takes over orphaned pods that carry its name and match its selector (left by --cascade=orphan). */
function adoptOrphans(c: Cluster, set: StatefulSet): void {
  const sel = fromLabelSelector(set.spec.selector);
  const ns = set.metadata.namespace!;
  for (const p of c.pods(ns)) {
    if (p.set !== undefined || p.deletingSince !== undefined) continue;
    const m = /^(.*)-(\d+)$/.exec(p.name);
    if (!m || m[1] !== set.metadata.name || !matches(sel, p.labels)) continue;
    const rev = p.labels?.['controller-revision-hash'];
    c.reownPod(p, set.metadata.name, Number(m[2]));
    p.revision = rev;
    p.adopted = true; // its own copy goes once the set's revision of that name exists
  }
}

export function exists(c: Cluster, kind: string, ns: string | undefined, name: string): boolean {
  return kind === 'Pod' ? !!c.pod(ns!, name) : !!c.get(kind, ns, name);
}

/** kubectl apply's three-way merge: what the manifest sets wins, what it dropped since last time goes. */
export function threeWayMerge(original: Json, modified: Json, current: Json): Json {
  const out: Json = isObj(current) ? { ...current } : {};
  for (const [k, v] of Object.entries(modified ?? {})) {
    out[k] = isObj(v) && isObj(current?.[k]) ? threeWayMerge(original?.[k], v, current[k]) : structuredClone(v);
  }
  if (isObj(original)) for (const k of Object.keys(original)) if (!(k in (modified ?? {}))) delete out[k];
  return out;
}

const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'ownerReferences', 'finalizers', 'deletionTimestamp'];

/**
 * Update an object to `desired` (already admitted), as an update through the API would: immutable
 * fields checked, status kept, generation bumped on spec change. Returns whether anything changed.
 */
export function updateObject(c: Cluster, current: KObject, desired: KObject): boolean {
  const info = kindInfo(current.kind)!;
  for (const f of SERVER_FIELDS) {
    if (current.metadata[f] === undefined) delete desired.metadata[f];
    else desired.metadata[f] = current.metadata[f];
  }
  desired.status = current.status;
  if (desired.kind === 'Service') keepServiceAllocations(current.spec, desired.spec);
  if (desired.kind === 'StatefulSet' && current.spec?.updateStrategy?.rollingUpdate?.maxUnavailable === undefined) dropDisabledFields(c, desired);
  const errs = validateUpdate(current, desired);
  if (current.kind === 'StorageClass')
    for (const f of ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'])
      if (canonical(current[f]) !== canonical(desired[f])) errs.push({ path: f, type: 'Forbidden', detail: `updates to ${f} are forbidden.` });
  if (current.kind === 'PersistentVolumeClaim') errs.push(...claimUpdateErrors(c, current, desired));
  if (errs.length) throw invalidError(info.kind, current.metadata.name, errs);
  if (current.kind === 'Pod') return updatePod(c, current, desired);
  const { resourceVersion: _a, ...curMeta } = current.metadata;
  const { resourceVersion: _b, ...newMeta } = desired.metadata;
  const same = canonical({ ...current, metadata: curMeta }) === canonical({ ...desired, metadata: newMeta });
  if (same) return false;
  if (current.kind === 'ConfigMap' || current.kind === 'Secret') noteDataChange(c, current, desired);
  if (canonical(current.spec) !== canonical(desired.spec) && current.metadata.generation !== undefined)
    desired.metadata.generation = (current.metadata.generation ?? 1) + 1;
  c.put(desired);
  return true;
}

/** Keep when a ConfigMap's or Secret's data changed: the kubelet's copies in pods follow later. */
function noteDataChange(c: Cluster, current: KObject, desired: KObject): void {
  if (canonical([current.data, current.binaryData]) === canonical([desired.data, desired.binaryData])) return;
  c.file.dataChangedAt = { ...c.file.dataChangedAt, [`${current.kind}/${current.metadata.namespace}/${current.metadata.name}`]: c.now };
}

function updatePod(c: Cluster, current: KObject, desired: KObject): boolean {
  const p = c.pod(current.metadata.namespace!, current.metadata.name)!;
  // the service-account volume and mounts the pod got at creation stay (apply's strategic merge keeps them)
  if (desired.spec) addServiceAccountVolume(desired.spec, current.metadata.uid);
  const norm = (s: Json) => {
    const {
      nodeName: _n,
      hostname: _h,
      subdomain: _s,
      volumes: _v,
      serviceAccount: _sa,
      serviceAccountName: _san,
      enableServiceLinks: _e,
      preemptionPolicy: _pp,
      priority: _p,
      tolerations: _t,
      ...rest
    } = s ?? {};
    return canonical(rest);
  };
  if (norm(current.spec) !== norm(desired.spec))
    throw invalidError('Pod', current.metadata.name, [
      {
        path: 'spec',
        type: 'Forbidden',
        detail:
          'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      },
    ]);
  if (
    canonical(current.metadata.labels) === canonical(desired.metadata.labels) &&
    canonical(current.metadata.annotations) === canonical(desired.metadata.annotations)
  )
    return false;
  if (!p.spec) {
    // A set's pod gets its own copy of metadata and spec once it is edited.
    const spec: PodSpec = structuredClone(current.spec);
    for (const f of ['nodeName', 'serviceAccount', 'serviceAccountName', 'enableServiceLinks', 'preemptionPolicy', 'priority', 'tolerations'])
      delete spec[f];
    p.spec = spec;
  }
  p.labels = desired.metadata.labels;
  p.annotations = desired.metadata.annotations;
  c.touchPod(p);
  return true;
}

/**
 * A claim's spec is fixed once created, but a bound claim may grow when its class allows volume
 * expansion (the resize is simulated as done at once).
 */
function claimUpdateErrors(c: Cluster, current: KObject, desired: KObject): FieldError[] {
  const strip = (spec: Json) =>
    canonical({ ...spec, volumeName: undefined, resources: { ...spec?.resources, requests: { ...spec?.resources?.requests, storage: undefined } } });
  if (strip(current.spec) !== strip(desired.spec))
    return [
      {
        path: 'spec',
        type: 'Forbidden',
        detail: 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      },
    ];
  const from = parseQuantity(current.spec?.resources?.requests?.storage) ?? 0;
  const to = parseQuantity(desired.spec?.resources?.requests?.storage) ?? 0;
  if (to === from) return [];
  if (current.status?.phase !== 'Bound')
    return [
      {
        path: 'spec',
        type: 'Forbidden',
        detail: 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      },
    ];
  const have = parseQuantity(current.status?.capacity?.storage) ?? from;
  if (to < have) return [{ path: 'spec.resources.requests.storage', type: 'Forbidden', detail: 'field can not be less than status.capacity' }];
  const cls = c.get('StorageClass', undefined, claimClass(current));
  const pv = current.spec?.volumeName ? c.get('PersistentVolume', undefined, current.spec.volumeName) : undefined;
  if (!cls?.allowVolumeExpansion || !pv?.metadata.annotations?.['pv.kubernetes.io/provisioned-by'])
    throw new CliError(
      `Error from server (Forbidden): persistentvolumeclaims "${current.metadata.name}" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`,
    );
  const size = desired.spec.resources.requests.storage;
  pv.spec.capacity = { ...pv.spec.capacity, storage: size };
  c.put(pv);
  desired.status = { ...current.status, capacity: { ...current.status?.capacity, storage: size } };
  c.event(current, 'Normal', 'Resizing', `External resizer is resizing volume ${pv.metadata.name}`, `external-resizer ${cls.provisioner}`);
  c.event(current, 'Normal', 'FileSystemResizeSuccessful', `MountVolume.NodeExpandVolume succeeded for volume "${pv.metadata.name}"`, 'kubelet');
  return [];
}

/**
 * Write a changed copy of a stored object back, as a PATCH or PUT would (patch, edit, set image,
 * rollout): defaults, validation and update rules apply. Returns whether anything changed.
 */
export function writeBack(c: Cluster, current: KObject, next: Json, source = 'patch'): boolean {
  const desired = admit(c, next, { name: current.metadata.namespace ?? 'default', explicit: false }, source, 'patching');
  return updateObject(c, current, desired);
}
