// Volume provisioning and binding (the persistentvolume controller and a hostpath provisioner),
// and the protection finalizers that keep claims and volumes while something uses them.
import type { KObject } from '../api/types.js';
import { parseQuantity } from '../api/quantity.js';
import { claimClass, volumeClass } from '../api/storage.js';
import { parseTime, type Cluster } from '../store/cluster.js';
import { createObject } from '../apiserver/objects.js';
import { claimNames } from '../apiserver/pod-object.js';
import { stageMs } from './stages.js';

const claimKey = (pvc: KObject) => `${pvc.metadata.namespace}/${pvc.metadata.name}`;

/** Pods (not yet gone) that mount this claim, scheduled or not (describe's "Used By"). */
export function claimUsers(c: Cluster, pvc: KObject): string[] {
  return c
    .pods(pvc.metadata.namespace)
    .filter((p) => claimNames(c, p).includes(pvc.metadata.name))
    .map((p) => p.name)
    .sort();
}

/**
 * Whether a pod keeps this claim from going (pvc-protection's podUsesPVC): only a pod on a node
 * counts, as the kubelet will not start a pod whose claim is being deleted. A Pending pod that was
 * never scheduled does not hold the claim; the StatefulSet controller recreates it for that pod.
 */
export function claimInUse(c: Cluster, pvc: KObject): boolean {
  return c.pods(pvc.metadata.namespace).some((p) => p.node !== undefined && claimNames(c, p).includes(pvc.metadata.name));
}

/** An Available static volume that fits the claim (class, size, access modes), smallest first. */
function matchingVolume(c: Cluster, pvc: KObject): KObject | undefined {
  const want = parseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0;
  const modes: string[] = pvc.spec?.accessModes ?? [];
  const cls = claimClass(pvc);
  if (pvc.spec?.volumeName) {
    const pv = c.get('PersistentVolume', undefined, pvc.spec.volumeName);
    return pv && pv.status?.phase === 'Available' ? pv : undefined;
  }
  // the Available volumes in memory: every unbound one is (the root keeps them), and one bound in
  // advance to this claim is kept with the claim's namespace (store/cluster.ts docNamespace)
  return [...c.availableVolumes]
    .filter((pv) => {
      if (pv.status?.phase !== 'Available' || pv.metadata.deletionTimestamp) return false;
      const ref = pv.spec?.claimRef;
      if (ref && (ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace)) return false;
      if (volumeClass(pv) !== cls) return false;
      if ((parseQuantity(pv.spec?.capacity?.storage) ?? 0) < want) return false;
      return modes.every((m) => (pv.spec?.accessModes ?? []).includes(m));
    })
    .sort((a, b) => (parseQuantity(a.spec.capacity.storage) ?? 0) - (parseQuantity(b.spec.capacity.storage) ?? 0))[0];
}

export interface BindPlan {
  at: number;
  volume?: KObject; // a static volume to bind; else provision a new one
  cls?: KObject;
}

/** When (and how) a Pending claim will be bound, or undefined if nothing can bind it now. */
export function bindPlan(c: Cluster, pvc: KObject): BindPlan | undefined {
  if (pvc.status?.phase !== 'Pending' || pvc.metadata.deletionTimestamp) return undefined;
  const created = parseTime(pvc.metadata.creationTimestamp);
  const volume = matchingVolume(c, pvc);
  if (volume) return { at: Math.max(c.now, created), volume };
  const name = claimClass(pvc);
  if (!name) return undefined;
  const cls = c.get('StorageClass', undefined, name);
  if (!cls || cls.provisioner === 'kubernetes.io/no-provisioner') return undefined;
  let from = Math.max(created, parseTime(cls.metadata.creationTimestamp));
  if (cls.volumeBindingMode === 'WaitForFirstConsumer') {
    const users = c.pods(pvc.metadata.namespace).filter((p) => claimNames(c, p).includes(pvc.metadata.name));
    if (!users.length) return undefined;
    from = Math.max(from, Math.min(...users.map((p) => p.createdAt)));
  }
  return { at: from + stageMs(c, 'provision', pvc.metadata.annotations), cls };
}

/** Bind the claim now: to the planned static volume, or to a freshly provisioned `pvc-<uid>`. */
export function bind(c: Cluster, pvc: KObject, plan: BindPlan): void {
  let pv = plan.volume;
  const ref = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', name: pvc.metadata.name, namespace: pvc.metadata.namespace!, uid: pvc.metadata.uid };
  if (!pv) {
    const cls = plan.cls!;
    const name = `pvc-${pvc.metadata.uid}`;
    pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      // identity (uid, resourceVersion, creationTimestamp) is the API server's to assign
      metadata: {
        name,
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
        annotations: { 'pv.kubernetes.io/provisioned-by': cls.provisioner },
        finalizers: ['kubernetes.io/pv-protection'],
      },
      spec: {
        accessModes: [...(pvc.spec.accessModes ?? [])],
        capacity: { storage: pvc.spec.resources.requests.storage },
        claimRef: { ...ref, resourceVersion: pvc.metadata.resourceVersion },
        ...(/hostpath|local-path/i.test(cls.provisioner)
          ? { hostPath: { path: `/var/lib/sts/volumes/${name}`, type: 'DirectoryOrCreate' } }
          : { csi: { driver: cls.provisioner, volumeHandle: name, fsType: 'ext4' } }),
        persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
        storageClassName: cls.metadata.name,
        volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
      },
    };
    createObject(c, pv, undefined, true);
    c.event(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, `${cls.provisioner}_sts`);
    pvc.metadata.annotations = {
      ...pvc.metadata.annotations,
      'volume.beta.kubernetes.io/storage-provisioner': cls.provisioner,
      'volume.kubernetes.io/storage-provisioner': cls.provisioner,
    };
  } else {
    pv.spec.claimRef = { ...ref, resourceVersion: pvc.metadata.resourceVersion };
  }
  pv.status = { phase: 'Bound', lastPhaseTransitionTime: c.timestamp() };
  c.put(pv);
  pvc.spec.volumeName = pv.metadata.name;
  pvc.metadata.annotations = {
    ...pvc.metadata.annotations,
    'pv.kubernetes.io/bind-completed': 'yes',
    'pv.kubernetes.io/bound-by-controller': 'yes',
  };
  pvc.status = { phase: 'Bound', accessModes: [...(pv.spec.accessModes ?? [])], capacity: { ...pv.spec.capacity } };
  c.put(pvc);
  c.file.bound[claimKey(pvc)] = c.now;
}

/** Why a claim stays Pending, for its event; undefined when it is only waiting its turn. */
export function pendingReason(c: Cluster, pvc: KObject): { reason: string; msg: string; type: 'Normal' | 'Warning' } | undefined {
  const name = claimClass(pvc);
  if (!name) return { type: 'Normal', reason: 'FailedBinding', msg: 'no persistent volumes available for this claim and no storage class is set' };
  const cls = c.get('StorageClass', undefined, name);
  if (!cls) return { type: 'Warning', reason: 'ProvisioningFailed', msg: `storageclass.storage.k8s.io "${name}" not found` };
  if (cls.volumeBindingMode === 'WaitForFirstConsumer')
    return { type: 'Normal', reason: 'WaitForFirstConsumer', msg: 'waiting for first consumer to be created before binding' };
  return undefined;
}

/**
 * Finish deletions that were waiting on users: a Terminating claim goes once no scheduled pod mounts it,
 * releasing its volume (reclaim Delete: the volume goes too; Retain: it is Released).
 * Returns whether anything changed.
 */
export function finishClaimDeletions(c: Cluster): boolean {
  let changed = false;
  for (const pvc of [...c.terminatingClaims]) {
    if (claimInUse(c, pvc)) continue;
    removeClaim(c, pvc);
    changed = true;
  }
  for (const pv of [...c.terminatingVolumes]) {
    const ref = pv.spec?.claimRef;
    if (pv.status?.phase === 'Bound' && ref && c.get('PersistentVolumeClaim', ref.namespace, ref.name)) continue;
    c.remove('PersistentVolume', undefined, pv.metadata.name);
    changed = true;
  }
  return changed;
}

export function removeClaim(c: Cluster, pvc: KObject): void {
  c.remove('PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name);
  // A set may have failed to create a pod because this claim was still being deleted: it retries now.
  for (const set of c.list('StatefulSet', pvc.metadata.namespace)) c.dirtySets.add(`${set.metadata.namespace}/${set.metadata.name}`);
  delete c.file.bound[claimKey(pvc)];
  const pv = pvc.spec?.volumeName ? c.get('PersistentVolume', undefined, pvc.spec.volumeName) : undefined;
  if (!pv || pv.spec?.claimRef?.uid !== pvc.metadata.uid) return;
  if (pv.spec.persistentVolumeReclaimPolicy === 'Delete') c.remove('PersistentVolume', undefined, pv.metadata.name);
  else {
    pv.status = { phase: 'Released', lastPhaseTransitionTime: c.timestamp() };
    c.put(pv);
  }
}
