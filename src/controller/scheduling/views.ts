// The scheduler's views of the cluster's records (its informers' cache): nodes, the pods placed on
// them, namespaces' labels; the incoming pod as its plugins see it.
import type { Json, KObject, PodRecord } from '../../api/types.js';
import { DEFAULT_TOLERATIONS, podMemo, podTemplate, setPodLabels } from '../../apiserver/pod-object.js';
import type { Cluster } from '../../store/cluster.js';
import { allocatable, podRequests } from './resources.js';
import type { ClusterView, NodeView, PodView, Resources } from './types.js';

export function nodeView(node: KObject): NodeView {
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    unschedulable: !!node.spec?.unschedulable,
    taints: Array.isArray(node.spec?.taints) ? node.spec.taints : [],
    allocatable: allocatable(node.status),
  };
}

/** A pod's view, kept with what it is made of: the template's spec and labels (by identity: they are
 *  replaced, never edited), the record's own labels and its place in its set, its node, whether it is
 *  being deleted; and the record's resourceVersion when last checked (it moves with every change).
 *  Kept while the record is unchanged or changed in nothing the view is made of (a new stage): each
 *  placed pod is counted by its view (cache.ts), so a view must stay the same object while it says
 *  the same, and building one reads its template. Kept in the record's memo (podMemo), brought up to
 *  date in place; one object with the view, not two (100,000 pods in motion make one each). */
interface KeptView {
  rv: number;
  spec: unknown;
  templateLabels: unknown;
  labels: unknown;
  set: string | undefined;
  ordinal: number | undefined;
  revision: string | undefined;
  node: string | undefined;
  terminating: boolean;
  view: PodView;
}

export function podView(c: Cluster, p: PodRecord): PodView {
  const memo = podMemo(p);
  const known = memo.view as KeptView | undefined;
  if (known && known.rv === p.resourceVersion && known.node === p.node) return known.view;
  const tpl = podTemplate(c, p);
  if (known && sameTemplate(known, p, tpl)) {
    // the same view, or one on another node or now terminating
    const terminating = p.deletingSince !== undefined;
    if (known.node !== p.node || known.terminating !== terminating) {
      known.view = { ...known.view, nodeName: p.node ?? tpl.spec?.nodeName, terminating };
      known.node = p.node;
      known.terminating = terminating;
    }
    known.rv = p.resourceVersion;
    return known.view;
  }
  const made: KeptView = {
    rv: p.resourceVersion,
    spec: tpl.spec,
    templateLabels: tpl.metadata?.labels,
    labels: p.labels,
    set: p.set,
    ordinal: p.ordinal,
    revision: p.revision,
    node: p.node,
    terminating: p.deletingSince !== undefined,
    view: buildPodView(p, tpl),
  };
  memo.view = made;
  return made.view;
}

const sameTemplate = (a: KeptView, p: PodRecord, tpl: ReturnType<typeof podTemplate>) =>
  a.spec === tpl.spec &&
  a.templateLabels === tpl.metadata?.labels &&
  a.labels === p.labels &&
  a.set === p.set &&
  a.ordinal === p.ordinal &&
  a.revision === p.revision;

/** A spec's requests, summed once per spec object: a set's pods share their revision's template, which
 *  is replaced, never edited (as sameTemplate assumes); views only read their requests. */
const specRequests = new WeakMap<object, Resources>();
function requestsOf(spec: Json): Resources {
  let r = specRequests.get(spec);
  if (r === undefined) specRequests.set(spec, (r = Object.freeze(podRequests(spec.containers ?? [], spec.initContainers ?? []))));
  return r;
}

function buildPodView(p: PodRecord, tpl: ReturnType<typeof podTemplate>): PodView {
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
    requests: requestsOf(spec),
    set: p.set,
    terminating: p.deletingSince !== undefined,
  };
}

/** Counted by the scheduler's cache: bound to a node, not gone, not terminated (Succeeded/Failed pods free their node). */
export const isPlaced = (c: Cluster, p: PodRecord) =>
  p.node !== undefined && p.stage !== 'Succeeded' && p.stage !== 'Failed' && c.pod(p.ns, p.name) === p;

export function namespaceLabels(c: Cluster): ClusterView['namespaceLabels'] {
  const labels: ClusterView['namespaceLabels'] = {};
  for (const ns of c.list('Namespace')) labels[ns.metadata.name] = ns.metadata.labels ?? {};
  return labels;
}

/** The cluster as the scheduler sees it, built from scratch: every pod bound to a node until it is gone
 *  or has terminated. The scheduler keeps this incrementally (cache.ts); this is its reference. */
export function clusterView(c: Cluster): ClusterView {
  return {
    nodes: c.list('Node').map(nodeView),
    placed: c
      .pods()
      .filter((p) => isPlaced(c, p))
      .map((p) => podView(c, p)),
    namespaceLabels: namespaceLabels(c),
  };
}
