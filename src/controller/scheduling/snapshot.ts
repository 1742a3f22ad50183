// The scheduler's indexes over a view (kube-scheduler's Snapshot and NodeInfo): the nodes in name
// order and by name; per node what its pods take, per set and node how many of its pods are there,
// the placed pods by namespace and those with pod (anti-)affinity terms. cache.ts keeps them up to
// date pod by pod; a plain view (the plugins' tests) is indexed once from its lists.
import { affinityNamespaces } from './terms.js';
import type { ClusterView, NodeIndex, NodeUsage, NodeView, PlacedIndex, PodView, ViewIndex } from './types.js';

const byName = (a: NodeView, b: NodeView) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function indexNodes(nodes: NodeView[]): NodeIndex {
  const named = new Map<string, NodeView>();
  for (const n of nodes) if (!named.has(n.name)) named.set(n.name, n); // the first of a name, as find() would
  return {
    sorted: [...nodes].sort(byName),
    byName: named,
    preferNoSchedule: nodes.some((n) => n.taints.some((t) => t.effect === 'PreferNoSchedule')),
  };
}

/** The key of a StatefulSet's pods in PlacedIndex.setPods. */
export const setKey = (ns: string, set: string) => `${ns}/${set}`;

/** Nothing placed on a node. */
export const NO_USAGE: Readonly<NodeUsage> = { pods: 0, cpu: 0, memory: 0 };

/** The placed pods' aggregates, a pod counted in (add) or out (remove) at a time; entries that fall to nothing go. */
export class PlacedPods implements PlacedIndex, Iterable<PodView> {
  readonly usage = new Map<string, NodeUsage>();
  readonly setPods = new Map<string, Map<string, number>>();
  readonly byNamespace = new Map<string, Set<PodView>>();
  readonly withAffinity = new Map<string, Set<PodView>>();

  add(p: PodView): void {
    this.count(p, 1);
  }

  /** Count in (or out, negative) what pods not in memory take of a node (namespaces not read). */
  addBase(node: string, pods: number, cpu: number, memory: number): void {
    let u = this.usage.get(node);
    if (!u) this.usage.set(node, (u = { pods: 0, cpu: 0, memory: 0 }));
    u.pods += pods;
    u.cpu += cpu;
    u.memory += memory;
    if (u.pods === 0) this.usage.delete(node);
  }

  /** Count out a pod: the very view that was counted in. */
  remove(p: PodView): void {
    this.count(p, -1);
  }

  *[Symbol.iterator](): Iterator<PodView> {
    for (const pods of this.byNamespace.values()) yield* pods;
  }

  private count(p: PodView, sign: 1 | -1): void {
    const node = p.nodeName;
    if (node !== undefined) {
      let u = this.usage.get(node);
      if (!u) this.usage.set(node, (u = { pods: 0, cpu: 0, memory: 0 }));
      u.pods += sign;
      u.cpu += sign * p.requests.cpu;
      u.memory += sign * p.requests.memory;
      if (u.pods === 0) this.usage.delete(node);
      if (p.set !== undefined && !p.terminating) {
        const k = setKey(p.ns, p.set);
        let perNode = this.setPods.get(k);
        if (!perNode) this.setPods.set(k, (perNode = new Map()));
        const n = (perNode.get(node) ?? 0) + sign;
        if (n) perNode.set(node, n);
        else perNode.delete(node);
        if (!perNode.size) this.setPods.delete(k);
      }
    }
    member(this.byNamespace, p.ns, p, sign);
    const names = affinityNamespaces(p);
    for (let i = 0; i < names.length; i++) member(this.withAffinity, names[i], p, sign);
  }
}

function member(m: Map<string, Set<PodView>>, k: string, p: PodView, sign: 1 | -1): void {
  let s = m.get(k);
  if (sign > 0) {
    if (!s) m.set(k, (s = new Set()));
    s.add(p);
  } else if (s?.delete(p) && !s.size) m.delete(k);
}

/** A plain view's index, built on first use: its lists must not change after. */
const built = new WeakMap<ClusterView, ViewIndex>();

export function indexOf(view: ClusterView): ViewIndex {
  if (view.index) return view.index;
  let index = built.get(view);
  if (!index) {
    const placed = new PlacedPods();
    for (const p of view.placed) placed.add(p);
    built.set(view, (index = { nodes: indexNodes(view.nodes), placed }));
  }
  return index;
}
