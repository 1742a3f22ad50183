// The scheduler's plain views of nodes and pods (what kube-scheduler's NodeInfo and PodInfo hold
// for its plugins), and a filter's verdict (framework.Status: its code and reasons).
import type { Json } from '../../api/types.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** cpu in millicores, memory in bytes, pods as a count. */
export interface Resources {
  cpu: number;
  memory: number;
  pods: number;
}

export interface NodeView {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
  taints: Taint[];
  allocatable: Resources;
}

export interface PodView {
  ns: string;
  name: string;
  labels: Record<string, string>;
  /** spec.nodeName the user asked for (a pod the scheduler places), or the node a placed pod is on */
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  /** spec.affinity as written */
  affinity?: Json;
  tolerations: Toleration[];
  /** the pod's effective requests (resources.ts: podRequests) */
  requests: Resources;
  /** its StatefulSet, for spreading a set's pods across nodes */
  set?: string;
  /** marked deleted (still on its node until it goes) */
  terminating?: boolean;
}

/** What the scheduler sees: the nodes, the pods already on them, namespaces' labels. */
export interface ClusterView {
  nodes: NodeView[];
  /** pods bound to a node and not terminated (Succeeded/Failed pods free their node) */
  placed: Iterable<PodView>;
  namespaceLabels: Record<string, Record<string, string>>;
  /** the nodes and placed pods indexed (snapshot.ts); a view without it is indexed once, on first use */
  index?: ViewIndex;
}

/** What the pods placed on a node take of it (NodeResourcesFit): their count, their requests' sums. */
export interface NodeUsage {
  pods: number;
  cpu: number;
  memory: number;
}

/** The nodes as every decision reads them: in name order, by name, and whether any prefers no pods. */
export interface NodeIndex {
  sorted: NodeView[];
  byName: Map<string, NodeView>;
  /** some node has a PreferNoSchedule taint (else TaintToleration scores every node alike) */
  preferNoSchedule: boolean;
}

/** The aggregates over the placed pods that the plugins read instead of scanning them all (kube-scheduler's NodeInfo). */
export interface PlacedIndex {
  /** node → what its pods take (no entry: nothing placed there) */
  usage: Map<string, NodeUsage>;
  /** "ns/set" → node → the set's pods there that are not terminating (the spreading tie-break) */
  setPods: Map<string, Map<string, number>>;
  /** namespace → its placed pods (an incoming pod's own affinity terms look there) */
  byNamespace: Map<string, Set<PodView>>;
  /** namespace their terms may select (ANY_NAMESPACE: a namespaceSelector) → placed pods with pod (anti-)affinity terms */
  withAffinity: Map<string, Set<PodView>>;
}

export interface ViewIndex {
  nodes: NodeIndex;
  placed: PlacedIndex;
}

/** A filter's refusal: kube-scheduler's reasons, and whether preemption could ever help. */
export interface Refusal {
  reasons: string[];
  /** UnschedulableAndUnresolvable: evicting pods would not make the node fit */
  unresolvable: boolean;
}

export type Filter = (pod: PodView, node: NodeView, view: ClusterView) => Refusal | undefined;

export const refuse = (unresolvable: boolean, ...reasons: string[]): Refusal => ({ reasons, unresolvable });
