// The kubelet's rows for a node that is down (`sts fault node NAME down`): its pods take no step
// at all — no starts, probes, restarts, and no stopping of deleted pods — until the node is back.
// Only a forced deletion (grace period 0: `delete --force`, podgc) removes a pod without its kubelet.
import type { PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { nodeDown } from './node-lifecycle.js';
import type { LifeStep, StageTransition } from './stage-table.js';

const STEPS: readonly LifeStep[] = ['Pending', 'ContainerCreating', 'Running', 'Ready', 'Failed', 'Succeeded', 'Deleted', 'Terminating'];

/** The pod's kubelet cannot act for it: its node is down and nothing forced its removal. */
export const stalledOnDownNode = (c: Cluster, p: PodRecord) => nodeDown(c, p.node) && !(p.removeAt !== undefined && p.deletionGrace === 0);

/** First in the kubelet's table: a pod on a down node waits (its step is due never). */
export const NODE_DOWN_ROWS: readonly StageTransition[] = STEPS.map((from) => ({
  name: 'node down',
  from,
  when: stalledOnDownNode,
  after: () => undefined,
}));
