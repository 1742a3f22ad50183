// The pods/eviction subresource: a deletion that first asks the pod's PodDisruptionBudget.
// Mirrors pkg/registry/core/pod/storage/eviction.go (EvictionREST.Create, checkAndDecrement,
// canIgnorePDB) over the budget status the disruption controller keeps.
import { fromLabelSelector, matches } from '../api/labels.js';
import type { KObject, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { deletePod } from './delete.js';
import { podTemplate, setPodLabels } from './pod-object.js';

/** eviction.go's refusal text (a 429 TooManyRequests), as kubectl prints it. */
export const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";
const MORE_THAN_ONE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

export type EvictionResult =
  { outcome: 'evicted' } | { outcome: 'notFound' } | { outcome: 'refused'; code: 429 | 500; message: string; cause?: string };

export interface EvictOptions {
  gracePeriod?: number;
  dryRun?: boolean;
}

const labelsOf = (c: Cluster, p: PodRecord) =>
  p.spec || p.set === undefined || p.ordinal === undefined ? (p.labels ?? {}) : setPodLabels(podTemplate(c, p), p.name, p.ordinal, p.revision ?? '');

/** The budgets whose selector matches the pod (policy/v1: an empty selector matches every pod). */
export function budgetsFor(c: Cluster, p: PodRecord): KObject[] {
  const labels = labelsOf(c, p);
  return c.list('PodDisruptionBudget', p.ns).filter((pdb) => matches(fromLabelSelector(pdb.spec?.selector ?? {}), labels));
}

const isReady = (p: PodRecord) => p.stage === 'Ready' && p.stoppedAt === undefined;

/** What an eviction of this pod would do, given its budgets: pure over the stored status. */
export function evictionDecision(p: PodRecord, budgets: KObject[]): { allow: boolean; decrement?: KObject; refusal?: EvictionResult } {
  // canIgnorePDB: terminating, finished and pending pods are deleted without asking
  if (p.deletingSince !== undefined || p.stage === 'Succeeded' || p.stage === 'Failed' || p.stage === 'Pending') return { allow: true };
  if (!budgets.length) return { allow: true };
  if (budgets.length > 1) return { allow: false, refusal: { outcome: 'refused', code: 500, message: MORE_THAN_ONE } };
  const pdb = budgets[0];
  const st = pdb.status ?? {};
  if (!isReady(p)) {
    // an unhealthy pod: AlwaysAllow, or IfHealthyBudget while the budget is met
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { allow: true };
    if ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0) return { allow: true };
  }
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1))
    return {
      allow: false,
      refusal: {
        outcome: 'refused',
        code: 429,
        message: EVICTION_REFUSED,
        cause: `The disruption budget ${pdb.metadata.name} is still being processed by the server.`,
      },
    };
  if ((st.disruptionsAllowed ?? 0) <= 0)
    return {
      allow: false,
      refusal: {
        outcome: 'refused',
        code: 429,
        message: EVICTION_REFUSED,
        cause: `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`,
      },
    };
  return { allow: true, decrement: pdb };
}

/** POST pods/NAME/eviction: refused by a budget, or the pod deleted with the grace period. */
export function evictPod(c: Cluster, ns: string, name: string, opts: EvictOptions = {}): EvictionResult {
  const p = c.pod(ns, name);
  if (!p) return { outcome: 'notFound' };
  const d = evictionDecision(p, budgetsFor(c, p));
  if (!d.allow) return d.refusal!;
  if (opts.dryRun) return { outcome: 'evicted' };
  if (d.decrement) {
    // checkAndDecrement: one disruption fewer, the pod noted until the controller sees it go
    const pdb = d.decrement;
    const allowed = (pdb.status.disruptionsAllowed ?? 0) - 1;
    const conditions =
      allowed === 0
        ? (pdb.status.conditions ?? []).map((x: KObject['status']) =>
            x.type === 'DisruptionAllowed' ? { ...x, status: 'False', reason: 'InsufficientPods', lastTransitionTime: c.timestamp() } : x,
          )
        : pdb.status.conditions;
    pdb.status = {
      ...pdb.status,
      disruptedPods: { ...(pdb.status.disruptedPods ?? {}), [name]: c.timestamp() },
      disruptionsAllowed: allowed,
      conditions,
    };
    c.put(pdb);
  }
  deletePod(c, p, opts.gracePeriod);
  return { outcome: 'evicted' };
}
