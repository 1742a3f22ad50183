// The scheduler's cache of a cluster (kube-scheduler's internal/cache with its Snapshot): the placed
// pods counted into per-node and per-set aggregates (snapshot.ts), brought up to date before each
// decision from the cluster's change feed (Cluster.podChanges: every pod added, touched or removed,
// read from where it last stopped), and the nodes indexed until a Node object changes. A decision
// then costs what its pod's rules need, not a pass over every pod.
import type { KObject, PodRecord } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import { memoOf, podTemplate } from '../../apiserver/pod-object.js';
import { indexNodes, PlacedPods } from './snapshot.js';
import { affinityNamespaces } from './terms.js';
import type { ClusterView, NodeIndex, NodeView, PodView } from './types.js';
import { isPlaced, namespaceLabels, nodeView, podView } from './views.js';

/** The Node objects as they were indexed (by identity and resourceVersion: a write replaces or bumps them). */
interface IndexedNodes {
  /** c.writes('Node') when indexed */
  writes: number;
  objects: KObject[];
  versions: (string | undefined)[];
  views: NodeView[];
  index: NodeIndex;
}

class SchedulerCache {
  /** how far into c.podChanges the aggregates are */
  private cursor: number;
  /** each placed pod's view as it is counted in `placed`: in the pod's memo (memoOf) when it has one that
   *  no other cache (another Cluster object over the same records) holds, else here. A 100,000-entry map
   *  looked up at every change of every pod cost more than the count itself. */
  private readonly counted = new Map<PodRecord, PodView>();
  readonly placed = new PlacedPods();
  private nodes?: IndexedNodes;
  /** the last snapshot, and what it was made of */
  view?: { nodes: IndexedNodes; nodeViews: NodeView[]; nsWrites: number; view: ClusterView };

  /** how far into c.nsLoads the aggregates are */
  private nsCursor: number;

  /**
   * The one place the aggregates start from the cluster's pods; the feed carries every change after.
   * Pods of namespaces not read count by their documents' saved usage (Cluster.unloadedUsage); a
   * namespace with pod (anti-)affinity terms is read first, as those terms may refuse or score any pod.
   */
  constructor(c: Cluster) {
    for (const [ns, entry] of Object.entries(c.file.docs ?? {})) if (entry.aff) c.need(ns);
    this.cursor = c.podChanges.length;
    this.nsCursor = c.nsLoads.length;
    for (const [node, [pods, cpu, memory]] of Object.entries(c.unloadedUsage())) this.placed.addBase(node, pods, cpu, memory);
    const pods = c.loadedPods();
    for (let i = 0; i < pods.length; i++) this.recount(c, pods[i]);
  }

  catchUp(c: Cluster): void {
    // a namespace read since: its pods come through the feed, so its saved usage goes from the base
    for (; this.nsCursor < c.nsLoads.length; this.nsCursor++)
      for (const [node, [pods, cpu, memory]] of Object.entries(c.docUsage.get(c.nsLoads[this.nsCursor]) ?? {}))
        this.placed.addBase(node, -pods, -cpu, -memory);
    const feed = c.podChanges;
    for (; this.cursor < feed.length; this.cursor++) this.recount(c, feed[this.cursor]);
  }

  /** The pod as it is now: counted out as it was, in as it is (if placed); its view is the same object while it says the same. */
  private recount(c: Cluster, p: PodRecord): void {
    const memo = memoOf(p);
    const mine = memo !== undefined && memo.countedBy === this;
    const was = mine ? (memo.counted as PodView) : this.counted.get(p);
    const is = isPlaced(c, p) ? podView(c, p) : undefined;
    if (was === is) return;
    if (was) {
      this.placed.remove(was);
      if (mine) memo.countedBy = memo.counted = undefined;
      else this.counted.delete(p);
    }
    if (is) {
      this.placed.add(is);
      // the pod is in neither place now (just removed, or found in neither): one place per pod
      if (memo !== undefined && memo.countedBy === undefined) {
        memo.countedBy = this;
        memo.counted = is;
      } else this.counted.set(p, is);
    }
  }

  indexedNodes(c: Cluster): IndexedNodes {
    const writes = c.writes('Node');
    const known = this.nodes;
    if (known && known.writes === writes) return known; // no Node written or removed since
    const objects = c.list('Node');
    if (
      known &&
      objects.length === known.objects.length &&
      objects.every((o, i) => o === known.objects[i] && o.metadata.resourceVersion === known.versions[i])
    )
      return ((known.writes = writes), known);
    const views = objects.map(nodeView);
    return (this.nodes = { writes, objects, versions: objects.map((o) => o.metadata.resourceVersion), views, index: indexNodes(views) });
  }
}

const caches = new WeakMap<Cluster, SchedulerCache>();

/** Tell the store what a pod takes of its node and whether it has pod affinity terms, for the
 *  documents' index (store/split.ts): the store cannot read templates. */
export function teachStore(c: Cluster): void {
  c.usageOf = (p) => {
    if (!isPlaced(c, p)) return undefined;
    const v = podView(c, p);
    return { node: v.nodeName!, cpu: v.requests.cpu, memory: v.requests.memory };
  };
  c.hasAffinity = (p) => {
    // most pods have no pod affinity terms in their template: told without making a view of each
    const affinity = podTemplate(c, p).spec?.affinity;
    return !!(affinity?.podAffinity || affinity?.podAntiAffinity) && affinityNamespaces(podView(c, p)).length > 0;
  };
}

function cacheOf(c: Cluster): SchedulerCache {
  let cache = caches.get(c);
  if (!cache) caches.set(c, (cache = new SchedulerCache(c)));
  cache.catchUp(c);
  return cache;
}

/** The cluster as the scheduler sees it now (what clusterView builds from scratch), for one decision:
 *  the same object from one decision to the next while no Node and no Namespace is written (its pods
 *  are the cache's aggregates, brought up to date in place). */
export function snapshot(c: Cluster): ClusterView {
  const cache = cacheOf(c);
  const nodes = cache.indexedNodes(c);
  const nsWrites = c.writes('Namespace');
  const kept = cache.view;
  if (kept && kept.nodes === nodes && kept.nodeViews === nodes.views && kept.nsWrites === nsWrites) return kept.view;
  let labels: ClusterView['namespaceLabels'] | undefined;
  const view: ClusterView = {
    nodes: nodes.views,
    placed: cache.placed,
    // read only by terms with a namespaceSelector
    get namespaceLabels() {
      return (labels ??= namespaceLabels(c));
    },
    index: { nodes: nodes.index, placed: cache.placed },
  };
  cache.view = { nodes, nodeViews: nodes.views, nsWrites, view };
  return view;
}
