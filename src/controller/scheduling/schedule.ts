// One scheduling cycle as a pure function (kube-scheduler's schedulePod: findNodesThatFitPod,
// prioritizeNodes, selectHost), and the FailedScheduling message when no node fits
// (framework.FitError.Error, with DefaultPreemption's PostFilter verdict appended).
import { interPodAffinity, preferredPodAffinity } from './interpod.js';
import { intolerablePreferNoSchedule, nodeAffinity, nodeName, nodeUnschedulable, preferredNodeAffinity, taintToleration } from './node-plugins.js';
import { nodeResourcesFit } from './resources.js';
import type { ClusterView, Filter, NodeView, PodView, Refusal } from './types.js';

/** The default profile's filters in its order; a node's verdict is the first that refuses it. */
export const FILTERS: readonly [string, Filter][] = [
  ['NodeUnschedulable', nodeUnschedulable],
  ['NodeName', nodeName],
  ['TaintToleration', taintToleration],
  ['NodeAffinity', nodeAffinity],
  ['NodeResourcesFit', nodeResourcesFit],
  ['InterPodAffinity', interPodAffinity],
];

export const NO_NODES = 'no nodes available to schedule pods';
const MAX_NODE_SCORE = 100;

export type Decision = { node: string } | { message: string };

/** The filters' verdict on one node (undefined: it fits). */
export function filterNode(pod: PodView, node: NodeView, view: ClusterView): Refusal | undefined {
  for (const [, filter] of FILTERS) {
    const r = filter(pod, node, view);
    if (r) return r;
  }
  return undefined;
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
  const podAff = normalizeMinMax(nodes.map((n) => preferredPodAffinity(pod, n, view)));
  return nodes.map((_, i) => 3 * taints[i] + 2 * nodeAff[i] + 2 * podAff[i]);
}

/** Pods of the same StatefulSet on the node (terminating ones not counted, as PodTopologySpread does not). */
const siblings = (pod: PodView, node: NodeView, view: ClusterView) =>
  pod.set === undefined ? 0 : view.placed.filter((p) => p.nodeName === node.name && p.ns === pod.ns && p.set === pod.set && !p.terminating).length;

/**
 * Place the pod: the nodes that pass every filter, the best score; among equals the node with the
 * fewest of its set's pods (the default spreading), then the first in name order counting from
 * `start` (the pod's own offset, so pods without rules land where sts always put them).
 */
export function schedule(pod: PodView, view: ClusterView, start: number): Decision {
  const nodes = [...view.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!nodes.length) return { message: NO_NODES };
  const refusals = new Map<string, Refusal>();
  const feasible: NodeView[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[(start + i) % nodes.length];
    const r = filterNode(pod, node, view);
    if (r) refusals.set(node.name, r);
    else feasible.push(node);
  }
  if (!feasible.length) return { message: fitErrorMessage(nodes.length, [...refusals.values()]) };
  const scores = scoreNodes(pod, feasible, view);
  let best = 0;
  for (let i = 1; i < feasible.length; i++) {
    const better = scores[i] > scores[best] || (scores[i] === scores[best] && siblings(pod, feasible[i], view) < siblings(pod, feasible[best], view));
    if (better) best = i;
  }
  return { node: feasible[best].name };
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
