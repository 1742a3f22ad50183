// Writes to Node objects that kubectl makes itself: cordon and uncordon patch `spec.unschedulable`
// (kubectl's drain.RunCordonOrUncordon); the node lifecycle controller adds the matching taint.
import { notFound } from '../api/errors.js';
import { kindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';

/** The node, or kubectl's NotFound. */
export function getNode(c: Cluster, name: string): KObject {
  const node = c.get('Node', undefined, name);
  if (!node) throw notFound(kindInfo('Node')!, name);
  return node;
}

/** Mark a node (un)schedulable; false when it already was as asked (kubectl: "already cordoned"). */
export function setUnschedulable(c: Cluster, name: string, unschedulable: boolean): boolean {
  const node = getNode(c, name);
  if (!!node.spec?.unschedulable === unschedulable) return false;
  const spec = { ...(node.spec ?? {}) };
  if (unschedulable) spec.unschedulable = true;
  else delete spec.unschedulable;
  c.put({ ...node, spec });
  return true;
}
