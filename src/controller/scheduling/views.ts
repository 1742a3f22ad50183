// The scheduler's views of the cluster's records (its informers' cache): nodes, the pods placed on
// them, namespaces' labels; the incoming pod as its plugins see it.
import type { Json, KObject, PodRecord } from '../../api/types.js';
import { DEFAULT_TOLERATIONS, podTemplate, setPodLabels } from '../../apiserver/pod-object.js';
import type { Cluster } from '../../store/cluster.js';
import { allocatable, podRequests } from './resources.js';
import type { ClusterView, NodeView, PodView } from './types.js';

export function nodeView(node: KObject): NodeView {
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    unschedulable: !!node.spec?.unschedulable,
    taints: Array.isArray(node.spec?.taints) ? node.spec.taints : [],
    allocatable: allocatable(node.status),
  };
}

/** A pod's view, kept while the record is unchanged (its resourceVersion moves with every change):
 *  each decision looks at every placed pod, and building a view reads its template. */
const podViews = new WeakMap<PodRecord, { rv: number; node: string | undefined; view: PodView }>();

export function podView(c: Cluster, p: PodRecord): PodView {
  const known = podViews.get(p);
  if (known && known.rv === p.resourceVersion && known.node === p.node) return known.view;
  const view = buildPodView(c, p);
  podViews.set(p, { rv: p.resourceVersion, node: p.node, view });
  return view;
}

function buildPodView(c: Cluster, p: PodRecord): PodView {
  const tpl = podTemplate(c, p);
  const spec: Json = tpl.spec ?? {};
  const labels =
    !p.spec && p.set !== undefined && p.ordinal !== undefined ? setPodLabels(tpl, p.name, p.ordinal, p.revision ?? '') : (p.labels ?? {});
  return {
    ns: p.ns,
    name: p.name,
    labels,
    nodeName: p.node ?? spec.nodeName,
    nodeSelector: spec.nodeSelector,
    affinity: spec.affinity,
    tolerations: spec.tolerations ?? DEFAULT_TOLERATIONS,
    requests: podRequests(spec.containers ?? [], spec.initContainers ?? []),
    set: p.set,
    terminating: p.deletingSince !== undefined,
  };
}

/** What the scheduler's cache holds: every pod bound to a node until it is gone or has terminated. */
export function clusterView(c: Cluster): ClusterView {
  const namespaceLabels: ClusterView['namespaceLabels'] = {};
  for (const ns of c.list('Namespace')) namespaceLabels[ns.metadata.name] = ns.metadata.labels ?? {};
  return {
    nodes: c.list('Node').map(nodeView),
    placed: c
      .pods()
      .filter((p) => p.node !== undefined && p.stage !== 'Succeeded' && p.stage !== 'Failed')
      .map((p) => podView(c, p)),
    namespaceLabels,
  };
}
