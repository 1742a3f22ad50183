// The namespace controller: a Terminating namespace goes once its pods and claims are gone
// (apiserver/delete.ts removed its other objects at once). Mirrors pkg/controller/namespace.
import type { Cluster } from '../store/cluster.js';
import type { Controller } from './controller.js';

function finishNamespaceDeletions(c: Cluster): boolean {
  let changed = false;
  for (const ns of c.list('Namespace')) {
    if (!ns.metadata.deletionTimestamp) continue;
    const name = ns.metadata.name;
    if (c.pods(name).length || c.list('PersistentVolumeClaim', name).length) continue;
    c.remove('Namespace', undefined, name);
    changed = true;
  }
  return changed;
}

export const namespaceController: Controller = {
  name: 'namespace-controller',
  sync: finishNamespaceDeletions,
  nextDue: () => undefined,
};
