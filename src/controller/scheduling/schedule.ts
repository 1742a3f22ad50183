// One scheduling cycle as a pure function (kube-scheduler's schedulePod: findNodesThatFitPod,
// prioritizeNodes, selectHost), and the FailedScheduling message when no node fits
// (framework.FitError.Error, with DefaultPreemption's PostFilter verdict appended).
import { interPodFilter, mayWeighNodes, nodeAffinityWeight, podAffinityWeights } from './interpod.js';
import { intolerablePreferNoSchedule, nodeAffinity, nodeName, nodeUnschedulable, preferredNodeAffinity, taintToleration } from './node-plugins.js';
import { nodeResourcesFit } from './resources.js';
import { indexOf, setKey } from './snapshot.js';
import type { ClusterView, Filter, NodeView, PodView, Refusal } from './types.js';

/** A filter with its PreFilter done for one pod: the verdict on a node (undefined: it fits). */
type NodeFilter = (node: NodeView) => Refusal | undefined;

/** The default profile's filters in its order, InterPodAffinity after them (filtersFor: it first gathers
 *  what the placed pods say about the pod); a node's verdict is the first that refuses it. */
export const FILTERS: readonly [string, Filter][] = [
  ['NodeUnschedulable', nodeUnschedulable],
  ['NodeName', nodeName],
  ['TaintToleration', taintToleration],
  ['NodeAffinity', nodeAffinity],
  ['NodeResourcesFit', nodeResourcesFit],
];

export const NO_NODES = 'no nodes available to schedule pods';
const MAX_NODE_SCORE = 100;

export type Decision = { node: string } | { message: string };

/** The filters, prepared for the pod: a node's verdict (undefined: it fits). */
export function filtersFor(pod: PodView, view: ClusterView): NodeFilter {
  const interPod = interPodFilter(pod, view);
  return (node) => {
    for (const [, filter] of FILTERS) {
      const r = filter(pod, node, view);
      if (r) return r;
    }
    return interPod(node);
  };
}

/** framework.DefaultNormalizeScore: scaled to the highest, reversed where fewer is better. */
function normalize(scores: number[], reverse: boolean): number[] {
  const top = Math.max(0, ...scores);
  if (top === 0) return scores.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return scores.map((s) => {
    const n = Math.floor((MAX_NODE_SCORE * s) / top);
    return reverse ? MAX_NODE_SCORE - n : n;
  });
}

/** InterPodAffinity's NormalizeScore: min–max scaled (all equal: 0). */
function normalizeMinMax(scores: number[]): number[] {
  const min = Math.min(...scores);
  const diff = Math.max(...scores) - min;
  return scores.map((s) => (diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s - min)) / diff) : 0));
}

/** The default plugin weights: TaintToleration 3, NodeAffinity 2, InterPodAffinity 2. */
export function scoreNodes(pod: PodView, nodes: NodeView[], view: ClusterView): number[] {
  const taints = normalize(
    nodes.map((n) => intolerablePreferNoSchedule(pod, n)),
    true,
  );
  const nodeAff = normalize(
    nodes.map((n) => preferredNodeAffinity(pod, n)),
    false,
  );
  const weights = podAffinityWeights(pod, view);
  const podAff = normalizeMinMax(nodes.map((n) => nodeAffinityWeight(weights, n)));
  return nodes.map((_, i) => 3 * taints[i] + 2 * nodeAff[i] + 2 * podAff[i]);
}

/**
 * Every node scores the same whatever passes the filters: no PreferNoSchedule taints, no preferred
 * node affinity, no preferred pod (anti-)affinity either way (each plugin's normalized score is then
 * the same on every node).
 */
function scoresAlike(pod: PodView, view: ClusterView): boolean {
  const preferred = pod.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  return !indexOf(view).nodes.preferNoSchedule && (preferred == null || (Array.isArray(preferred) && !preferred.length)) && !mayWeighNodes(pod, view);
}

/**
 * Place the pod: the nodes that pass every filter, the best score; among equals the node with the
 * fewest of its set's pods (the default spreading; terminating ones not counted, as
 * PodTopologySpread does not), then the first in name order counting from `start` (the pod's own
 * offset, so pods without rules land where sts always put them). When every node scores the same,
 * the first feasible node without a pod of the set is the answer: the rest need not be looked at.
 */
export function schedule(pod: PodView, view: ClusterView, start: number): Decision {
  const index = indexOf(view);
  const nodes = index.nodes.sorted;
  if (!nodes.length) return { message: NO_NODES };
  // filtersFor's work without its closure: one scheduling cycle per pod of a big settle
  const interPod = interPodFilter(pod, view);
  const ofSet = pod.set === undefined ? undefined : index.placed.setPods.get(setKey(pod.ns, pod.set));
  const siblings = (node: NodeView) => ofSet?.get(node.name) ?? 0;
  const alike = scoresAlike(pod, view);
  let refusals: Map<string, Refusal> | undefined; // made at the first refusal: most pods fit the first node tried
  let feasible: NodeView[] | undefined; // made only when the scores must be compared
  let best: NodeView | undefined;
  let fewest = Infinity;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[(start + i) % nodes.length];
    let r: Refusal | undefined;
    for (let f = 0; f < FILTERS.length && !r; f++) r = FILTERS[f][1](pod, node, view);
    r ??= interPod(node);
    if (r) (refusals ??= new Map()).set(node.name, r);
    else if (!alike) (feasible ??= []).push(node);
    else if (siblings(node) < fewest) {
      [best, fewest] = [node, siblings(node)];
      if (fewest === 0) break;
    }
  }
  if (alike) return best ? toNode(best.name) : { message: fitErrorMessage(nodes.length, [...(refusals?.values() ?? [])]) };
  if (!feasible) return { message: fitErrorMessage(nodes.length, [...(refusals?.values() ?? [])]) };
  const scores = scoreNodes(pod, feasible, view);
  let top = 0;
  for (let i = 1; i < feasible.length; i++) {
    const better = scores[i] > scores[top] || (scores[i] === scores[top] && siblings(feasible[i]) < siblings(feasible[top]));
    if (better) top = i;
  }
  return toNode(feasible[top].name);
}

/** A decision for a node, one object per node name: decisions are only read, and a big settle makes one per pod. */
const toNodes = new Map<string, Decision>();
function toNode(node: string): Decision {
  let d = toNodes.get(node);
  if (d === undefined) {
    if (toNodes.size >= 10_000) toNodes.clear(); // a long-lived process stays bounded
    toNodes.set(node, (d = Object.freeze({ node })));
  }
  return d;
}

/** "N reason" counts, sorted as strings (FitError.Error's sortReasonsHistogram). */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .map(([r, n]) => `${n} ${r}`)
    .sort()
    .join(', ');
}

/**
 * The FailedScheduling message: the filters' reasons counted per node, then DefaultPreemption's
 * verdict — every pod has the same priority here, so a node where evicting could help has no
 * victims, and the rest are not helped — itself a FitError, hence the message's two final dots.
 */
export function fitErrorMessage(numNodes: number, refusals: Refusal[], preFilterMsg?: string): string {
  const available = `0/${numNodes} nodes are available:`;
  const filterMsg = preFilterMsg ?? histogram(refusals.flatMap((r) => r.reasons));
  const preemption = histogram(
    Array.from({ length: numNodes }, (_, i) =>
      refusals[i] && !refusals[i].unresolvable ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling',
    ),
  );
  return `${available} ${filterMsg}. preemption: ${available} ${preemption}..`;
}
