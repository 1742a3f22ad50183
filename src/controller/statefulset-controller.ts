// The StatefulSet controller as the time loop runs it: its work queue of sets to sync
// (statefulset-sync.ts does one), and the wake-up when a pod becomes available (minReadySeconds).
// Mirrors StatefulSetController's queue and its AddAfter for minReadySeconds.
import type { StatefulSet } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import type { Controller } from './controller.js';
import { cachedSet } from './statefulset-cache.js';
import { syncStatefulSet } from './statefulset-sync.js';

/** The next time a set's pod becomes available (minReadySeconds), after now: of the sets in memory
 *  (a namespace not read is not due; store/docs.ts keeps when each is). */
function nextAvailability(c: Cluster, after: number): number {
  let next = Infinity;
  for (const set of c.loadedList('StatefulSet') as StatefulSet[]) {
    const min = (set.spec.minReadySeconds ?? 0) * 1000;
    if (!min) continue;
    next = Math.min(next, cachedSet(c, set).pods.nextAvailableAt(min, after));
  }
  return next;
}

export function statefulSetController(): Controller {
  // When a pod last said it would become available: at that time every set with minReadySeconds
  // is synced again (queued after what the kubelet's step queued, as it comes from the same instant).
  let availableAt = Infinity;
  return {
    name: 'statefulset-controller',
    sync(c) {
      if (availableAt <= c.now) {
        availableAt = Infinity;
        for (const set of c.loadedList('StatefulSet'))
          if (set.spec.minReadySeconds) c.dirtySets.add(`${set.metadata.namespace}/${set.metadata.name}`);
      }
      let acted = false;
      while (c.dirtySets.size) {
        const [k] = c.dirtySets;
        c.dirtySets.delete(k);
        const i = k.indexOf('/');
        // A set that acted is looked at again (after the others) until it has nothing left to do.
        if (syncStatefulSet(c, k.slice(0, i), k.slice(i + 1))) {
          c.dirtySets.add(k);
          acted = true;
        }
      }
      return acted;
    },
    nextDue(c) {
      availableAt = nextAvailability(c, c.now);
      return availableAt === Infinity ? undefined : availableAt;
    },
  };
}
