// Defaulting, as the API server applies it on create and update (before validation).
import { canonicalizeResourceList, canonicalQuantity } from './quantity.js';
import { isObj, type Json, type KObject } from './types.js';

/** SetDefaults_Probe and SetDefaults_HTTPGetAction (pkg/apis/core/v1/defaults.go): zero means unset. */
function defaultProbe(p: Json): void {
  if (!isObj(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  if (isObj(p.httpGet)) {
    p.httpGet.path ||= '/';
    p.httpGet.scheme ||= 'HTTP';
  }
}

/** Requests and limits as the API server stores them: each Quantity in canonical form ("0.5" → "500m"). */
function canonicalResources(r: Json): void {
  if (!isObj(r)) return;
  canonicalizeResourceList(r.requests);
  canonicalizeResourceList(r.limits);
}

function defaultContainer(c: Json): void {
  if (!isObj(c)) return;
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
    const ref = c.image.split('@')[0];
    const lastSeg = ref.split('/').pop() ?? '';
    const tag = lastSeg.includes(':') ? lastSeg.split(':').pop() : undefined;
    c.imagePullPolicy = !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  c.resources ??= {};
  canonicalResources(c.resources);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isObj(p)) p.protocol ??= 'TCP';
}

export function defaultPodSpec(spec: Json): void {
  if (!isObj(spec)) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) defaultContainer(c);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) defaultContainer(c);
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    const size = isObj(v) && isObj(v.emptyDir) ? canonicalQuantity(v.emptyDir.sizeLimit) : undefined;
    if (size !== undefined) v.emptyDir.sizeLimit = size;
  }
}

function defaultClaimTemplate(t: Json): void {
  if (!isObj(t)) return;
  t.apiVersion ??= 'v1';
  t.kind ??= 'PersistentVolumeClaim';
  t.metadata ??= {};
  if (isObj(t.spec)) {
    t.spec.volumeMode ??= 'Filesystem';
    canonicalResources(t.spec.resources);
  }
  t.status ??= { phase: 'Pending' };
}

function defaultStatefulSet(o: KObject): void {
  const s = o.spec;
  if (!isObj(s)) return;
  if (s.podManagementPolicy === undefined || s.podManagementPolicy === '') s.podManagementPolicy = 'OrderedReady';
  if (!isObj(s.updateStrategy)) s.updateStrategy = {};
  const us = s.updateStrategy;
  if (us.type === undefined || us.type === '') {
    us.type = 'RollingUpdate';
    us.rollingUpdate ??= {};
  }
  // An explicit `type: RollingUpdate` without a rollingUpdate block keeps it absent (upstream quirk).
  if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate)) us.rollingUpdate.partition ??= 0;
  if (!isObj(s.persistentVolumeClaimRetentionPolicy)) s.persistentVolumeClaimRetentionPolicy = {};
  const rp = s.persistentVolumeClaimRetentionPolicy;
  if (!rp.whenDeleted) rp.whenDeleted = 'Retain';
  if (!rp.whenScaled) rp.whenScaled = 'Retain';
  s.replicas ??= 1;
  s.revisionHistoryLimit ??= 10;
  if (isObj(s.template)) defaultPodSpec(s.template.spec);
  for (const t of Array.isArray(s.volumeClaimTemplates) ? s.volumeClaimTemplates : []) defaultClaimTemplate(t);
}

function defaultService(o: KObject): void {
  const s = (o.spec ??= {});
  if (!isObj(s)) return;
  s.type ??= 'ClusterIP';
  s.sessionAffinity ??= 'None';
  for (const p of Array.isArray(s.ports) ? s.ports : []) {
    if (!isObj(p)) continue;
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
}

/** Apply the kind's defaults in place. `defaultClass` is the default StorageClass name, if any. */
export function applyDefaults(o: KObject, defaultClass?: string): void {
  switch (o.kind) {
    case 'StatefulSet':
      defaultStatefulSet(o);
      break;
    case 'Service':
      defaultService(o);
      break;
    case 'Pod':
      defaultPodSpec(o.spec);
      break;
    case 'PersistentVolumeClaim': {
      const s = o.spec;
      if (!isObj(s)) break;
      s.volumeMode ??= 'Filesystem';
      canonicalResources(s.resources);
      // The DefaultStorageClass admission plugin: only when neither the field nor the beta annotation is set.
      const beta = o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
      if (s.storageClassName === undefined && beta === undefined && defaultClass) s.storageClassName = defaultClass;
      break;
    }
    case 'PersistentVolume': {
      const s = o.spec;
      if (!isObj(s)) break;
      s.persistentVolumeReclaimPolicy ??= 'Retain';
      s.volumeMode ??= 'Filesystem';
      canonicalizeResourceList(s.capacity);
      break;
    }
    case 'StorageClass':
      o.reclaimPolicy ??= 'Delete';
      o.volumeBindingMode ??= 'Immediate';
      break;
    case 'Namespace':
      o.spec ??= { finalizers: ['kubernetes'] };
      break;
    case 'Secret':
      // v1 conversion: stringData is written into data (base64) and never stored itself
      if (isObj(o.stringData)) {
        o.data = { ...(isObj(o.data) ? o.data : {}) };
        // defineProperty: a key named `__proto__` is data here, not the object's prototype
        for (const [k, v] of Object.entries(o.stringData))
          Object.defineProperty(o.data, k, {
            value: Buffer.from(typeof v === 'string' ? v : '').toString('base64'),
            writable: true,
            enumerable: true,
            configurable: true,
          });
      }
      delete o.stringData;
      o.type ||= 'Opaque';
      break;
  }
}
