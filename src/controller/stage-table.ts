// The shape of the kubelet's stage table (controller/kubelet.ts STAGES; kwok's Stage: selector,
// delay, next), apart from the table so that rows may live in files of their own (completion.ts).
import type { PodRecord, Stage } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';

/** Where a pod is, as the table names it: a deletion under way wins over its stage. */
export type LifeStep = Stage | 'Deleted' | 'Terminating';

/** One row of the table: the first row that matches a pod is the only step it can take next. */
export interface StageTransition {
  /** for readers and tests */
  readonly name: string;
  readonly from: LifeStep;
  /** the container's waiting reason the row is for; absent: any */
  readonly waiting?: PodRecord['waitingReason'];
  /** the rest of the selector */
  readonly when?: (c: Cluster, p: PodRecord) => boolean;
  /** when the step is due (ms); undefined while it waits on something other than time */
  readonly after: (c: Cluster, p: PodRecord) => number | undefined;
  /** the stage the pod (re)enters, its clock restarting; absent: the stage stays */
  readonly to?: Stage;
  /** what happens on the way: events and the pod's fields */
  readonly do?: (c: Cluster, p: PodRecord, at: number) => void;
  /** a round of exec probes: it leaves the probes' quiet as it finds it (every other step disturbs it) */
  readonly probes?: true;
}
