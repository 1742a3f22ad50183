// The disruption controller: a PodDisruptionBudget's status from the pods it selects and their
// controllers' scale. Mirrors pkg/controller/disruption/disruption.go (trySync, getExpectedPodCount,
// countHealthyPods, buildDisruptedPodMap, updatePdbStatus); the arithmetic is `budgetStatus`.
import { fromLabelSelector, matches } from '../api/labels.js';
import type { Json, KObject, PodRecord, StatefulSet } from '../api/types.js';
import { podTemplate, setPodLabels } from '../apiserver/pod-object.js';
import type { Cluster } from '../store/cluster.js';
import type { Controller } from './controller.js';

/** disruption.go DeletionTimeout: an eviction not seen through within this is forgotten. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/** What the arithmetic needs of one selected pod. */
export interface BudgetPod {
  name: string;
  ready: boolean;
  deleting: boolean;
  /** its controller ("StatefulSet/ns/name") and that controller's scale; absent: none */
  controller?: { key: string; scale: number };
}

export interface BudgetSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

export interface BudgetStatus {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  /** pods evicted (name → ms) whose deletion is still awaited */
  disruptedPods: Record<string, number>;
  /** set when the status could not be computed (failSafe): its message */
  syncFailed?: string;
}

/** intstr.GetScaledValueFromIntOrPercent: an int as is; "N%" of total, rounded up or down. */
export function scaledValue(v: number | string, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid value "${v}"`);
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** getExpectedScale: the scale of every distinct controller of the pods; an unmanaged pod is an error. */
function expectedScale(pods: BudgetPod[]): number {
  const seen = new Map<string, number>();
  for (const p of pods) {
    if (!p.controller) throw new Error(`found no controllers for pod "${p.name}"`);
    seen.set(p.controller.key, p.controller.scale);
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}

/** The budget's numbers at `now`, from its spec, the pods it selects and the evictions it recorded. */
export function budgetStatus(spec: BudgetSpec, pods: BudgetPod[], disrupted: Record<string, number>, now: number): BudgetStatus {
  // buildDisruptedPodMap: drop pods that are now being deleted (or gone) and evictions that expired
  const byName = new Map(pods.map((p) => [p.name, p]));
  const disruptedPods: Record<string, number> = {};
  for (const [name, at] of Object.entries(disrupted)) {
    const p = byName.get(name);
    if (!p || p.deleting || at + DELETION_TIMEOUT_MS <= now) continue;
    disruptedPods[name] = at;
  }
  let expectedPods: number;
  let desiredHealthy: number;
  try {
    if (spec.maxUnavailable !== undefined) {
      expectedPods = expectedScale(pods);
      desiredHealthy = Math.max(0, expectedPods - scaledValue(spec.maxUnavailable, expectedPods, true));
    } else if (typeof spec.minAvailable === 'string') {
      expectedPods = expectedScale(pods);
      desiredHealthy = scaledValue(spec.minAvailable, expectedPods, true);
    } else {
      expectedPods = pods.length;
      desiredHealthy = spec.minAvailable ?? 0;
    }
  } catch (e) {
    return { expectedPods: 0, desiredHealthy: 0, currentHealthy: 0, disruptionsAllowed: 0, disruptedPods, syncFailed: (e as Error).message };
  }
  const currentHealthy = pods.filter((p) => !p.deleting && !(p.name in disruptedPods) && p.ready).length;
  const allowed = currentHealthy - desiredHealthy;
  const disruptionsAllowed = expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
  return { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed, disruptedPods };
}

// ---- records → views, and the status written back ----

/** A pod's labels: its own, or those its StatefulSet's revision gives it. */
export function podLabels(c: Cluster, p: PodRecord): Record<string, string> {
  if (p.spec || p.set === undefined || p.ordinal === undefined) return p.labels ?? {};
  return setPodLabels(podTemplate(c, p), p.name, p.ordinal, p.revision ?? '');
}

/** The pods a budget selects (in its namespace; policy/v1: an empty selector selects all). */
export function budgetPods(c: Cluster, pdb: KObject): PodRecord[] {
  const sel = fromLabelSelector(pdb.spec?.selector ?? {});
  return c.pods(pdb.metadata.namespace).filter((p) => matches(sel, podLabels(c, p)));
}

const isoMs = (s: string) => Date.parse(s);

function view(c: Cluster, p: PodRecord): BudgetPod {
  const set = p.set !== undefined ? (c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined) : undefined;
  return {
    name: p.name,
    ready: p.stage === 'Ready' && p.stoppedAt === undefined,
    deleting: p.deletingSince !== undefined,
    ...(set ? { controller: { key: `StatefulSet/${p.ns}/${p.set}`, scale: set.spec.replicas ?? 1 } } : {}),
  };
}

/** policy's UpdateDisruptionAllowedCondition (SyncFailed from failSafe); the time moves only on a change. */
function condition(old: Json[] | undefined, s: BudgetStatus, generation: number, now: string): Json[] {
  const [status, reason, message] = s.syncFailed
    ? ['False', 'SyncFailed', s.syncFailed]
    : s.disruptionsAllowed > 0
      ? ['True', 'SufficientPods', '']
      : ['False', 'InsufficientPods', ''];
  const prev = old?.find((x) => x.type === 'DisruptionAllowed');
  const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : now;
  return [{ type: 'DisruptionAllowed', status, observedGeneration: generation, lastTransitionTime, reason, message }];
}

/** The status object, in PodDisruptionBudgetStatus's field order. */
export function statusObject(pdb: KObject, s: BudgetStatus, now: string): Json {
  const generation = pdb.metadata.generation ?? 1;
  const disrupted = Object.entries(s.disruptedPods);
  return {
    observedGeneration: generation,
    ...(disrupted.length
      ? { disruptedPods: Object.fromEntries(disrupted.map(([n, at]) => [n, new Date(at).toISOString().replace('.000Z', 'Z')])) }
      : {}),
    disruptionsAllowed: s.disruptionsAllowed,
    currentHealthy: s.currentHealthy,
    desiredHealthy: s.desiredHealthy,
    expectedPods: s.expectedPods,
    conditions: condition(pdb.status?.conditions, s, generation, now),
  };
}

/** The budget's status as it should be now. */
export function syncBudget(c: Cluster, pdb: KObject): Json {
  const disrupted = Object.fromEntries(Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>).map(([n, t]) => [n, isoMs(t)]));
  const pods = budgetPods(c, pdb).map((p) => view(c, p));
  const s = budgetStatus({ minAvailable: pdb.spec?.minAvailable, maxUnavailable: pdb.spec?.maxUnavailable }, pods, disrupted, c.now);
  return statusObject(pdb, s, c.timestamp());
}

/** The controller: every budget's status kept in line with its pods. */
export const disruptionController: Controller = {
  name: 'disruption',
  sync(c) {
    let acted = false;
    // budgets in memory: one whose namespace was not read has no pod that changed
    for (const pdb of c.loadedList('PodDisruptionBudget')) {
      const status = syncBudget(c, pdb);
      if (JSON.stringify(status) === JSON.stringify(pdb.status)) continue;
      pdb.status = status;
      c.statusChanged(pdb);
      acted = true;
    }
    return acted;
  },
  nextDue(c) {
    let next: number | undefined;
    for (const pdb of c.loadedList('PodDisruptionBudget'))
      for (const t of Object.values((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) {
        const due = Math.max(c.now, isoMs(t) + DELETION_TIMEOUT_MS);
        if (next === undefined || due < next) next = due;
      }
    return next;
  },
};
