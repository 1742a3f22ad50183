// The filters and scores that look at one node and the pod alone: kube-scheduler's
// NodeUnschedulable, NodeName, TaintToleration and NodeAffinity plugins
// (pkg/scheduler/framework/plugins/{nodeunschedulable,nodename,tainttoleration,nodeaffinity}),
// with component-helpers' node selector matching (MatchNodeSelectorTerms) and the core API's
// Toleration.ToleratesTaint.
import type { Json } from '../../api/types.js';
import { refuse, type Filter, type NodeView, type PodView, type Taint, type Toleration } from './types.js';

export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export const ERR_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_NODE_NAME = "node(s) didn't match the requested node name";
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const untoleratedTaint = (t: Taint) => `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;

/** v1.Toleration.ToleratesTaint: an empty key with Exists tolerates every taint. */
export function tolerates(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  if (tol.operator === 'Exists') return true;
  if (!tol.operator || tol.operator === 'Equal') return (tol.value ?? '') === (taint.value ?? '');
  return false;
}

const tolerated = (tols: Toleration[], taint: Taint) => tols.some((t) => tolerates(t, taint));

/** NodeUnschedulable: a cordoned node takes only pods that tolerate its unschedulable taint. */
export const nodeUnschedulable: Filter = (pod, node) =>
  node.unschedulable && !tolerated(pod.tolerations, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' }) ? refuse(true, ERR_UNSCHEDULABLE) : undefined;

/** NodeName: a pod that names its node goes there or nowhere. */
export const nodeName: Filter = (pod, node) => (pod.nodeName && pod.nodeName !== node.name ? refuse(true, ERR_NODE_NAME) : undefined);

/** TaintToleration: the first NoSchedule or NoExecute taint the pod does not tolerate refuses it. */
export const taintToleration: Filter = (pod, node) => {
  if (!node.taints.length) return undefined; // most nodes: no search (and no closure made per pod and node)
  const taint = node.taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(pod.tolerations, t));
  return taint ? refuse(true, untoleratedTaint(taint)) : undefined;
};

/** TaintToleration's score: how many PreferNoSchedule taints the pod does not tolerate (fewer is better). */
export const intolerablePreferNoSchedule = (pod: PodView, node: NodeView) =>
  node.taints.filter((t) => t.effect === 'PreferNoSchedule' && !tolerated(pod.tolerations, t)).length;

/** A NodeSelectorRequirement against the node's labels (In, NotIn, Exists, DoesNotExist, Gt, Lt). */
function matchesExpression(req: Json, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req?.key);
  const value = labels[req?.key];
  const values: string[] = Array.isArray(req?.values) ? req.values : [];
  switch (req?.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const want = /^-?\d+$/.test(values[0] ?? '') ? Number(values[0]) : NaN;
      const have = has && /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (values.length !== 1 || Number.isNaN(want) || Number.isNaN(have)) return false;
      return req.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** matchFields knows one field, metadata.name (In and NotIn). */
const matchesField = (req: Json, node: NodeView) =>
  req?.key === 'metadata.name' && (req.operator === 'In' || req.operator === 'NotIn') && matchesExpression(req, { 'metadata.name': node.name });

/** A NodeSelectorTerm: its expressions and fields all hold; a term with neither matches nothing. */
export function matchesTerm(term: Json, node: NodeView): boolean {
  const exprs: Json[] = term?.matchExpressions ?? [];
  const fields: Json[] = term?.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return exprs.every((r) => matchesExpression(r, node.labels)) && fields.every((r) => matchesField(r, node));
}

/** Every label of the nodeSelector is the node's (a loop: no pairs made for each node tried). */
function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (selector) for (const k of Object.keys(selector)) if (labels[k] !== selector[k]) return false;
  return true;
}

/** NodeAffinity: the nodeSelector's labels, and one of the required node selector terms. */
export const nodeAffinity: Filter = (pod, node) => {
  const selectorOk = selectorMatches(pod.nodeSelector, node.labels);
  const required = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms: Json[] = required?.nodeSelectorTerms ?? [];
  const affinityOk = !required || terms.some((t) => matchesTerm(t, node));
  return selectorOk && affinityOk ? undefined : refuse(true, ERR_NODE_AFFINITY);
};

/** NodeAffinity's score: the weights of the preferred terms the node matches. */
export function preferredNodeAffinity(pod: PodView, node: NodeView): number {
  const preferred: Json[] = pod.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return preferred.reduce((sum, p) => sum + (p?.weight && matchesTerm(p.preference, node) ? Number(p.weight) : 0), 0);
}
