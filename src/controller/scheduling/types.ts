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
  placed: PodView[];
  namespaceLabels: Record<string, Record<string, string>>;
}

/** A filter's refusal: kube-scheduler's reasons, and whether preemption could ever help. */
export interface Refusal {
  reasons: string[];
  /** UnschedulableAndUnresolvable: evicting pods would not make the node fit */
  unresolvable: boolean;
}

export type Filter = (pod: PodView, node: NodeView, view: ClusterView) => Refusal | undefined;

export const refuse = (unresolvable: boolean, ...reasons: string[]): Refusal => ({ reasons, unresolvable });
