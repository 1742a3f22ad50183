// Pod (anti-)affinity terms as InterPodAffinity reads them (pkg/scheduler/framework: AffinityTerm,
// PodInfo's RequiredAffinityTerms and friends): a pod's terms of each kind, whether a term of one
// pod selects another, and which namespaces a term can select at all (so the pods it could select
// are looked up by namespace instead of scanned).
import { fromLabelSelector, matches } from '../../api/labels.js';
import type { Json } from '../../api/types.js';
import type { ClusterView, PodView } from './types.js';

export type Term = Json;

/** A term with a namespaceSelector may select pods of any namespace. */
export const ANY_NAMESPACE = '*';

/** The pod's terms of one kind: required ones are terms, preferred ones `{ weight, podAffinityTerm }`. */
export const terms = (pod: PodView, kind: 'podAffinity' | 'podAntiAffinity', when: 'required' | 'preferred'): Term[] => {
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

/** The namespaces whose pods a term of a pod in `ownerNs` may select (termMatches' first half), or ANY_NAMESPACE. */
export function termNamespaces(term: Term, ownerNs: string): string[] | typeof ANY_NAMESPACE {
  if (term?.namespaceSelector) return ANY_NAMESPACE;
  const names: string[] = Array.isArray(term?.namespaces) ? term.namespaces : [];
  return names.length ? [...new Set(names)] : [ownerNs];
}

/** Every pod (anti-)affinity term of the pod, required and preferred. */
function allTerms(pod: PodView): Term[] {
  if (!pod.affinity?.podAffinity && !pod.affinity?.podAntiAffinity) return [];
  return [
    ...terms(pod, 'podAffinity', 'required'),
    ...terms(pod, 'podAntiAffinity', 'required'),
    ...terms(pod, 'podAffinity', 'preferred').map((w) => w?.podAffinityTerm),
    ...terms(pod, 'podAntiAffinity', 'preferred').map((w) => w?.podAffinityTerm),
  ];
}

const NO_NAMESPACES: readonly string[] = Object.freeze([]);

/**
 * The namespaces whose pods some term of this pod may select ([ANY_NAMESPACE] if a term has a
 * namespaceSelector; none if it has no terms): where a placed pod's terms are looked up from.
 */
export function affinityNamespaces(pod: PodView): readonly string[] {
  if (!pod.affinity?.podAffinity && !pod.affinity?.podAntiAffinity) return NO_NAMESPACES; // most pods: no list made
  const all = allTerms(pod);
  if (!all.length) return NO_NAMESPACES;
  const out = new Set<string>();
  for (const t of all) {
    const names = termNamespaces(t, pod.ns);
    if (names === ANY_NAMESPACE) return [ANY_NAMESPACE];
    for (const n of names) out.add(n);
  }
  return [...out];
}
