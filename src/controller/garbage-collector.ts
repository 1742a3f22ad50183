// The garbage collector, for claims: one whose controlling owner (its StatefulSet or pod, as
// claim-owners.ts keeps them) no longer exists is deleted. Mirrors pkg/controller/garbagecollector.
import type { KObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { deleteClaim } from '../apiserver/delete.js';
import type { Controller } from './controller.js';

/** Delete every claim whose controlling owner is gone. Returns whether it deleted any. */
export function collectClaims(c: Cluster): boolean {
  let changed = false;
  // an owner and its claims share a namespace: one that lost an owner is in memory
  for (const pvc of c.loadedList('PersistentVolumeClaim')) {
    if (pvc.metadata.deletionTimestamp) continue;
    const owner = pvc.metadata.ownerReferences?.find((r) => r.controller);
    if (!owner) continue;
    const ns = pvc.metadata.namespace!;
    const alive =
      owner.kind === 'Pod'
        ? c.pod(ns, owner.name)?.uid === owner.uid
        : (c.get(owner.kind, ns, owner.name) as KObject | undefined)?.metadata.uid === owner.uid;
    if (alive) continue;
    deleteClaim(c, pvc);
    changed = true;
  }
  return changed;
}

/** Its queue is one flag (c.ownersGone): a pod or StatefulSet went away since it last looked. */
export const garbageCollector: Controller = {
  name: 'garbage-collector',
  sync(c) {
    if (!c.ownersGone) return false;
    c.ownersGone = false;
    return collectClaims(c);
  },
  nextDue: () => undefined,
};
