// The volume controllers as the time loop runs them: the persistentvolume controller binds Pending
// claims when their time comes (volumes.ts plans and binds), and pvc/pv-protection finish the
// deletions of claims and volumes nothing uses any more. Mirrors pkg/controller/volume/{persistentvolume,pvcprotection,pvprotection}.
import type { Cluster } from '../store/cluster.js';
import type { Controller } from './controller.js';
import { bind, bindPlan, finishClaimDeletions, pendingReason } from './volumes.js';

/** Binds the Pending claims (its queue: c.pendingClaims) whose binding is due; says why the others wait. */
export const persistentVolumeController: Controller = {
  name: 'persistentvolume-controller',
  sync(c: Cluster) {
    let acted = false;
    for (const pvc of [...c.pendingClaims]) {
      const plan = bindPlan(c, pvc);
      if (plan && plan.at <= c.now) {
        bind(c, pvc, plan);
        acted = true;
      } else if (!plan) {
        const why = pendingReason(c, pvc);
        // once per instant: the controller retries (and says so) each time it resyncs
        if (why && !c.eventsFor(pvc.metadata.uid).some((e) => e.reason === why.reason && e.last === c.now))
          c.event(pvc, why.type, why.reason, why.msg, 'persistentvolume-controller');
      }
    }
    return acted;
  },
  nextDue(c: Cluster) {
    let next: number | undefined;
    for (const pvc of c.pendingClaims) {
      const plan = bindPlan(c, pvc);
      if (plan && (next === undefined || plan.at < next)) next = plan.at;
    }
    return next;
  },
};

/** Removes Terminating claims and volumes (c.terminatingClaims, c.terminatingVolumes) once unused. */
export const volumeProtectionController: Controller = {
  name: 'pvc-protection-controller',
  sync: finishClaimDeletions,
  nextDue: () => undefined,
};
