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

/** service.ExternallyAccessible (pkg/api/v1/service/util.go): reachable other than by its cluster IP. */
const externallyAccessible = (s: Json) =>
  s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && Array.isArray(s.externalIPs) && s.externalIPs.length > 0);

/** SetDefaults_Service (pkg/apis/core/v1/defaults.go, 1.33): what the v1 decoding fills in, on create and update. */
function defaultService(o: KObject): void {
  const s = (o.spec ??= {});
  if (!isObj(s)) return;
  s.sessionAffinity ||= 'None';
  if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
  if (s.sessionAffinity === 'ClientIP' && s.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined)
    s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  s.type ||= 'ClusterIP';
  for (const p of Array.isArray(s.ports) ? s.ports : []) {
    if (!isObj(p)) continue;
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(s)) s.externalTrafficPolicy ||= 'Cluster';
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type)) s.internalTrafficPolicy ??= 'Cluster';
  if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
}

const familyOf = (ip: string) => (ip.includes(':') ? 'IPv6' : 'IPv4');

/**
 * The service REST storage on create, on this single-stack IPv4 cluster: normalizeClusterIPs (the
 * singular field fills the plural) and the allocator's initIPFamilyFields (registry/core/service/storage/
 * alloc.go): the policy SingleStack, or RequireDualStack for a headless service without a selector (which
 * alone may then list both families); the families from the cluster IPs given, else the cluster's, IPv4.
 * ExternalName services get none of it. The cluster IP itself is allocated by the caller.
 */
export function defaultServiceIPFamilies(s: Json): void {
  if (!isObj(s) || s.type === 'ExternalName') return;
  if (s.clusterIP && !(Array.isArray(s.clusterIPs) && s.clusterIPs.length)) s.clusterIPs = [s.clusterIP];
  else if (!s.clusterIP && Array.isArray(s.clusterIPs) && s.clusterIPs.length) s.clusterIP = s.clusterIPs[0];
  const headlessNoSelector = s.clusterIP === 'None' && !(isObj(s.selector) && Object.keys(s.selector).length);
  s.ipFamilyPolicy ??= headlessNoSelector ? 'RequireDualStack' : 'SingleStack';
  const families: string[] = Array.isArray(s.ipFamilies) ? [...s.ipFamilies] : [];
  const ips: string[] = Array.isArray(s.clusterIPs) ? s.clusterIPs : [];
  for (let i = 0; i < ips.length && ips[i] !== 'None'; i++) if (i >= families.length) families.push(familyOf(ips[i]));
  if (!families.length) families.push('IPv4');
  if (headlessNoSelector && families.length < 2 && s.ipFamilyPolicy !== 'SingleStack') families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  s.ipFamilies = families;
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

/** On update (a PUT that leaves them out): patchAllocatedValues keeps the allocated cluster IPs, and
 *  initIPFamilyFields adopts the old policy before the families are worked out again. */
export function keepServiceAllocations(current: Json, desired: Json): void {
  if (!isObj(current) || !isObj(desired) || current.type === 'ExternalName' || desired.type === 'ExternalName') return;
  if (!desired.clusterIP && current.clusterIP) desired.clusterIP = current.clusterIP;
  if (!(Array.isArray(desired.clusterIPs) && desired.clusterIPs.length) && Array.isArray(current.clusterIPs))
    desired.clusterIPs = [...current.clusterIPs];
  desired.ipFamilyPolicy ??= current.ipFamilyPolicy;
  defaultServiceIPFamilies(desired);
}
