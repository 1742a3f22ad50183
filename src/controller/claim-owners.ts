// persistentVolumeClaimRetentionPolicy as upstream implements it: the controller keeps owner
// references on each claim (the set, the pod, or none), and the garbage collector deletes claims
// whose controlling owner is gone (garbage-collector.ts). See shared/reference/statefulset-controller.md §9.3.
import { controllerRef } from '../api/kinds.js';
import type { OwnerReference, PodRecord, StatefulSet } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { claimNames } from '../apiserver/pod-object.js';

/** Which owner a claim of this pod should have under the set's policy. */
export function wantedOwner(set: StatefulSet, p: PodRecord, condemned: boolean): OwnerReference | undefined {
  const { whenDeleted, whenScaled } = set.spec.persistentVolumeClaimRetentionPolicy;
  const setRef = controllerRef(set);
  const podRef = { apiVersion: 'v1', kind: 'Pod', name: p.name, uid: p.uid, controller: true, blockOwnerDeletion: true };
  if (condemned && whenScaled === 'Delete') return podRef;
  if (whenDeleted === 'Delete') return setRef;
  return undefined;
}

const ours = (r: OwnerReference, set: StatefulSet, p: PodRecord) =>
  (r.kind === 'StatefulSet' && r.name === set.metadata.name) || (r.kind === 'Pod' && r.name === p.name);

/**
 * Bring the owner references of a pod's claims in line with the policy. References to another
 * incarnation of this set or pod (a different uid) are left alone, as upstream does; so is a claim
 * another controller owns. Returns whether any claim changed.
 */
export function syncClaimOwners(c: Cluster, set: StatefulSet, p: PodRecord, condemned: boolean): boolean {
  const names = claimNames(c, p);
  if (!names.length) return false; // most pods: no claims, and no owner references to make
  const want = wantedOwner(set, p, condemned);
  let changed = false;
  for (const name of names) {
    const pvc = c.get('PersistentVolumeClaim', p.ns, name);
    if (!pvc || pvc.metadata.deletionTimestamp) continue;
    const refs = pvc.metadata.ownerReferences ?? [];
    const mine = refs.filter((r) => ours(r, set, p));
    if (mine.some((r) => r.uid !== (r.kind === 'Pod' ? p.uid : set.metadata.uid))) continue; // stale: a previous incarnation's
    if (refs.some((r) => r.controller && !ours(r, set, p)) && want) continue; // another controller: the policy is ignored
    const next = [...refs.filter((r) => !ours(r, set, p)), ...(want ? [want] : [])];
    if (JSON.stringify(next) === JSON.stringify(refs)) continue;
    if (next.length) pvc.metadata.ownerReferences = next;
    else delete pvc.metadata.ownerReferences;
    c.put(pvc);
    changed = true;
  }
  return changed;
}

/**
 * Whether a claim of ordinal `ord` still names an earlier pod of that name as owner (upstream's
 * PodClaimIsStale and hasStaleOwnerRef: for a pod not yet created any such reference is stale).
 * Under whenScaled: Retain claims are meant to be reused, so never stale.
 */
export function claimIsStale(c: Cluster, set: StatefulSet, ord: number): boolean {
  if (set.spec.persistentVolumeClaimRetentionPolicy.whenScaled !== 'Delete') return false;
  const pod = `${set.metadata.name}-${ord}`;
  return (set.spec.volumeClaimTemplates ?? []).some((t) => {
    const pvc = c.get('PersistentVolumeClaim', set.metadata.namespace, `${t.metadata.name}-${pod}`);
    return pvc?.metadata.ownerReferences?.some((r) => r.kind === 'Pod' && r.name === pod) ?? false;
  });
}
