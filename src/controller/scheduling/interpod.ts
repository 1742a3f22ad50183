// InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity: filtering.go, scoring.go):
// required pod affinity and anti-affinity of the incoming pod, the anti-affinity of the pods already
// placed against it, and the preferred terms' weights per topology domain (a node label's value).
// As upstream's PreFilter and PreScore, the placed pods are looked at once per pod, not per node:
// what they say is gathered per topology key and domain, and each node then reads its domains.
import type { Json } from '../../api/types.js';
import { indexOf } from './snapshot.js';
import { ANY_NAMESPACE, termMatches, termNamespaces, terms, type Term } from './terms.js';
import { refuse, type ClusterView, type Filter, type NodeView, type PodView, type Refusal } from './types.js';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
/** args.hardPodAffinityWeight: an existing pod's required affinity to the incoming one, as a preference */
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Topology key → the domains (the key's values on nodes) where something was found. */
type Domains<T> = Map<unknown, Map<unknown, T>>;

/** Computed when first asked for (a node that reaches that check), then kept for the other nodes. */
function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [compute(), true];
    return value;
  };
}

/** The placed pods a term of `owner` may select: those of the namespaces it names (or of all, for a namespaceSelector). */
function* candidates(view: ClusterView, term: Term, owner: PodView): Generator<PodView> {
  const { byNamespace } = indexOf(view).placed;
  const names = termNamespaces(term, owner.ns);
  if (names === ANY_NAMESPACE) for (const pods of byNamespace.values()) yield* pods;
  else for (const ns of names) yield* byNamespace.get(ns) ?? [];
}

/** The placed pods with pod (anti-)affinity terms that may select a pod of this namespace. */
function* withAffinityToward(view: ClusterView, ns: string): Generator<PodView> {
  const { withAffinity } = indexOf(view).placed;
  yield* withAffinity.get(ns) ?? [];
  yield* withAffinity.get(ANY_NAMESPACE) ?? [];
}

function hasAffinityToward(view: ClusterView, ns: string): boolean {
  const { withAffinity } = indexOf(view).placed;
  return !!withAffinity.get(ns)?.size || !!withAffinity.get(ANY_NAMESPACE)?.size;
}

const fitsEveryNode = () => undefined;

/** The domain of the node a placed pod is on, for a topology key (undefined: no such node, or it lacks the key). */
const domainOf = (view: ClusterView, p: PodView, key: unknown): unknown =>
  p.nodeName === undefined ? undefined : indexOf(view).nodes.byName.get(p.nodeName)?.labels[key as string];

function note<T>(domains: Domains<T>, key: unknown, value: unknown, add: (old: T | undefined) => T): void {
  let m = domains.get(key);
  if (!m) domains.set(key, (m = new Map()));
  m.set(value, add(m.get(value)));
}

/** The node is in one of the domains. */
function inSome(domains: Domains<unknown>, node: NodeView): boolean {
  for (const [key, m] of domains) if (m.has(node.labels[key as string])) return true;
  return false;
}

/**
 * Required affinity: every term has a pod that matches all the terms in the node's domain, or no
 * such pod exists anywhere and the pod matches its own terms. Per term, the domains of the pods
 * that match them all; whether any was counted at all.
 */
function requiredAffinity(pod: PodView, view: ClusterView, required: Term[]) {
  return lazy(() => {
    const domains = required.map(() => new Set<unknown>());
    let counted = false;
    for (const e of candidates(view, required[0], pod)) {
      if (!required.every((t) => termMatches(t, pod, e, view.namespaceLabels))) continue;
      required.forEach((t, i) => {
        const d = domainOf(view, e, t.topologyKey);
        if (d === undefined) return;
        domains[i].add(d);
        counted = true;
      });
    }
    return { domains, counted };
  });
}

/** Required anti-affinity: per topology key, the domains of pods that a term selects. */
const requiredAntiAffinity = (pod: PodView, view: ClusterView) =>
  lazy(() => {
    const domains: Domains<true> = new Map();
    for (const t of terms(pod, 'podAntiAffinity', 'required'))
      for (const e of candidates(view, t, pod)) {
        if (!termMatches(t, pod, e, view.namespaceLabels)) continue;
        const d = domainOf(view, e, t.topologyKey);
        if (d !== undefined) note(domains, t.topologyKey, d, () => true);
      }
    return domains;
  });

/** The placed pods' required anti-affinity: per topology key, the domains of pods with a term that selects the incoming pod. */
const existingAntiAffinity = (pod: PodView, view: ClusterView) =>
  lazy(() => {
    const domains: Domains<true> = new Map();
    for (const e of withAffinityToward(view, pod.ns))
      for (const t of terms(e, 'podAntiAffinity', 'required')) {
        if (!termMatches(t, e, pod, view.namespaceLabels)) continue;
        const d = domainOf(view, e, t.topologyKey);
        if (d !== undefined) note(domains, t.topologyKey, d, () => true);
      }
    return domains;
  });

/** InterPodAffinity's PreFilter: the checks of its Filter for one pod, each node then in upstream's order;
 *  affinity is unresolvable, anti-affinity is not (evictions could help). */
export function interPodFilter(pod: PodView, view: ClusterView): (node: NodeView) => Refusal | undefined {
  const required = terms(pod, 'podAffinity', 'required');
  if (!required.length && !terms(pod, 'podAntiAffinity', 'required').length && !hasAffinityToward(view, pod.ns)) return fitsEveryNode;
  const affinity = requiredAffinity(pod, view, required);
  const selfMatch = lazy(() => required.every((t) => termMatches(t, pod, pod, view.namespaceLabels)));
  const anti = requiredAntiAffinity(pod, view);
  const existing = existingAntiAffinity(pod, view);
  return (node) => {
    if (required.length) {
      if (required.some((t) => node.labels[t.topologyKey] === undefined)) return refuse(true, ERR_AFFINITY);
      const { domains, counted } = affinity();
      const near = required.every((t, i) => domains[i].has(node.labels[t.topologyKey]));
      if (!near && (counted || !selfMatch())) return refuse(true, ERR_AFFINITY);
    }
    if (inSome(anti(), node)) return refuse(false, ERR_ANTI_AFFINITY);
    if (inSome(existing(), node)) return refuse(false, ERR_EXISTING_ANTI_AFFINITY);
    return undefined;
  };
}

/** InterPodAffinity's Filter on one node. */
export const interPodAffinity: Filter = (pod, node, view) => interPodFilter(pod, view)(node);

/**
 * InterPodAffinity's PreScore: for each placed pod, the weights of the incoming pod's preferred
 * terms that select it (anti-affinity subtracts), and of its own preferred terms (and required
 * affinity, at hardPodAffinityWeight) that select the incoming pod, summed per domain of that pod
 * (weights are whole numbers, int32 in the API: the sums do not depend on their order). Empty:
 * every node scores 0.
 */
export function podAffinityWeights(pod: PodView, view: ClusterView): Domains<number> {
  const weights: Domains<number> = new Map();
  const weigh = (t: Json, owner: PodView, target: PodView, existing: PodView, weight: number) => {
    if (!termMatches(t, owner, target, view.namespaceLabels)) return;
    const d = domainOf(view, existing, t.topologyKey);
    if (d !== undefined) note(weights, t.topologyKey, d, (sum = 0) => sum + weight);
  };
  for (const [kind, sign] of [
    ['podAffinity', 1],
    ['podAntiAffinity', -1],
  ] as const)
    for (const w of terms(pod, kind, 'preferred'))
      for (const e of candidates(view, w?.podAffinityTerm, pod)) weigh(w.podAffinityTerm, pod, e, e, sign * (Number(w.weight) || 0));
  for (const e of withAffinityToward(view, pod.ns)) {
    for (const w of terms(e, 'podAffinity', 'preferred')) weigh(w.podAffinityTerm, e, pod, e, Number(w.weight) || 0);
    for (const w of terms(e, 'podAntiAffinity', 'preferred')) weigh(w.podAffinityTerm, e, pod, e, -(Number(w.weight) || 0));
    for (const t of terms(e, 'podAffinity', 'required')) weigh(t, e, pod, e, HARD_POD_AFFINITY_WEIGHT);
  }
  return weights;
}

/** InterPodAffinity's Score on one node (before normalizing): the weights of its domains. */
export function nodeAffinityWeight(weights: Domains<number>, node: NodeView): number {
  let score = 0;
  for (const [key, m] of weights) score += m.get(node.labels[key as string]) ?? 0;
  return score;
}

/** Whether any preferred term could weigh this pod's nodes: its own, or a placed pod's toward its namespace
 *  (if not, every node scores 0 and PreScore need not run). */
export function mayWeighNodes(pod: PodView, view: ClusterView): boolean {
  return (
    terms(pod, 'podAffinity', 'preferred').length > 0 || terms(pod, 'podAntiAffinity', 'preferred').length > 0 || hasAffinityToward(view, pod.ns)
  );
}

export const preferredPodAffinity = (pod: PodView, node: NodeView, view: ClusterView): number =>
  nodeAffinityWeight(podAffinityWeights(pod, view), node);
