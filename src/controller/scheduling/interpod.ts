// InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity: filtering.go, scoring.go):
// required pod affinity and anti-affinity of the incoming pod, the anti-affinity of the pods already
// placed against it, and the preferred terms' weights per topology domain (a node label's value).
import { fromLabelSelector, matches } from '../../api/labels.js';
import type { Json } from '../../api/types.js';
import { refuse, type ClusterView, type Filter, type NodeView, type PodView } from './types.js';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
/** args.hardPodAffinityWeight: an existing pod's required affinity to the incoming one, as a preference */
const HARD_POD_AFFINITY_WEIGHT = 1;

type Term = Json;
const terms = (pod: PodView, kind: 'podAffinity' | 'podAntiAffinity', when: 'required' | 'preferred'): Term[] => {
  const list = pod.affinity?.[kind]?.[`${when}DuringSchedulingIgnoredDuringExecution`];
  return Array.isArray(list) ? list : [];
};

/** A term of `owner` selects `target`: its namespaces (the owner's own by default) and its label selector (none: nothing). */
export function termMatches(term: Term, owner: PodView, target: PodView, nsLabels: ClusterView['namespaceLabels']): boolean {
  const names: string[] = Array.isArray(term?.namespaces) ? term.namespaces : [];
  const nsSel = term?.namespaceSelector;
  const inNs =
    names.length || nsSel ? names.includes(target.ns) || (!!nsSel && matches(fromLabelSelector(nsSel), nsLabels[target.ns])) : target.ns === owner.ns;
  return inNs && !!term?.labelSelector && matches(fromLabelSelector(term.labelSelector), target.labels);
}

const nodeOf = (view: ClusterView, p: PodView) => view.nodes.find((n) => n.name === p.nodeName);
const sameDomain = (a: NodeView | undefined, b: NodeView, key: string) => !!a && a.labels[key] !== undefined && a.labels[key] === b.labels[key];

/** Required affinity: every term has a pod that matches all the terms in the node's domain, or no such pod exists anywhere and the pod matches its own terms. */
function satisfiesAffinity(pod: PodView, node: NodeView, view: ClusterView): boolean {
  const required = terms(pod, 'podAffinity', 'required');
  if (!required.length) return true;
  if (required.some((t) => node.labels[t.topologyKey] === undefined)) return false;
  const matching = view.placed.filter((e) => required.every((t) => termMatches(t, pod, e, view.namespaceLabels)));
  const counted = matching.filter((e) => required.some((t) => nodeOf(view, e)?.labels[t.topologyKey] !== undefined));
  if (required.every((t) => counted.some((e) => sameDomain(nodeOf(view, e), node, t.topologyKey)))) return true;
  return !counted.length && required.every((t) => termMatches(t, pod, pod, view.namespaceLabels));
}

/** Required anti-affinity: no pod a term selects in the node's domain. */
const satisfiesAntiAffinity = (pod: PodView, node: NodeView, view: ClusterView) =>
  terms(pod, 'podAntiAffinity', 'required').every(
    (t) => !view.placed.some((e) => termMatches(t, pod, e, view.namespaceLabels) && sameDomain(nodeOf(view, e), node, t.topologyKey)),
  );

/** The placed pods' required anti-affinity: none of them selects the incoming pod from the node's domain. */
const satisfiesExistingAntiAffinity = (pod: PodView, node: NodeView, view: ClusterView) =>
  view.placed.every((e) =>
    terms(e, 'podAntiAffinity', 'required').every(
      (t) => !(termMatches(t, e, pod, view.namespaceLabels) && sameDomain(nodeOf(view, e), node, t.topologyKey)),
    ),
  );

/** InterPodAffinity's Filter, in upstream's order; affinity is unresolvable, anti-affinity is not (evictions could help). */
export const interPodAffinity: Filter = (pod, node, view) => {
  if (!satisfiesAffinity(pod, node, view)) return refuse(true, ERR_AFFINITY);
  if (!satisfiesAntiAffinity(pod, node, view)) return refuse(false, ERR_ANTI_AFFINITY);
  if (!satisfiesExistingAntiAffinity(pod, node, view)) return refuse(false, ERR_EXISTING_ANTI_AFFINITY);
  return undefined;
};

/**
 * InterPodAffinity's Score (before normalizing): for each placed pod, the weights of the incoming
 * pod's preferred terms that select it (anti-affinity subtracts), and of its own preferred terms
 * (and required affinity, at hardPodAffinityWeight) that select the incoming pod, counted for every
 * node in that pod's domain.
 */
export function preferredPodAffinity(pod: PodView, node: NodeView, view: ClusterView): number {
  let score = 0;
  const weigh = (t: Json, owner: PodView, target: PodView, existing: PodView, sign: number, weight: number) => {
    if (termMatches(t, owner, target, view.namespaceLabels) && sameDomain(nodeOf(view, existing), node, t.topologyKey)) score += sign * weight;
  };
  for (const e of view.placed) {
    for (const w of terms(pod, 'podAffinity', 'preferred')) weigh(w.podAffinityTerm, pod, e, e, 1, Number(w.weight) || 0);
    for (const w of terms(pod, 'podAntiAffinity', 'preferred')) weigh(w.podAffinityTerm, pod, e, e, -1, Number(w.weight) || 0);
    for (const w of terms(e, 'podAffinity', 'preferred')) weigh(w.podAffinityTerm, e, pod, e, 1, Number(w.weight) || 0);
    for (const w of terms(e, 'podAntiAffinity', 'preferred')) weigh(w.podAffinityTerm, e, pod, e, -1, Number(w.weight) || 0);
    for (const t of terms(e, 'podAffinity', 'required')) weigh(t, e, pod, e, 1, HARD_POD_AFFINITY_WEIGHT);
  }
  return score;
}
