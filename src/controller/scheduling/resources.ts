// NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go): the pod's cpu, memory and
// pod-count requests against the node's allocatable less what the pods already there request (their
// sums kept per node: snapshot.ts).
// A pod's requests follow component-helpers' resource.PodRequests: the app containers' sum plus
// the sidecars', or the largest init container's (with the sidecars started before it), whichever
// is more.
import { parseQuantity } from '../../api/quantity.js';
import type { Container, Json } from '../../api/types.js';
import { indexOf, NO_USAGE } from './snapshot.js';
import { refuse, type Filter, type Resources } from './types.js';

export const INSUFFICIENT_CPU = 'Insufficient cpu';
export const INSUFFICIENT_MEMORY = 'Insufficient memory';
export const TOO_MANY_PODS = 'Too many pods';

/** A node that reports no allocatable (one applied without status): the size sts gives its nodes. */
export const DEFAULT_ALLOCATABLE: Resources = { cpu: 4000, memory: 8 * 2 ** 30, pods: 110 };

const milli = (q: unknown) => Math.ceil((parseQuantity(q) ?? 0) * 1000 - 1e-9);
const units = (q: unknown) => Math.ceil((parseQuantity(q) ?? 0) - 1e-9);

/** A container's requests; a limit without a request is its request (the API's defaulting). */
function containerRequests(ctr: Container | undefined): Resources {
  const r: Json = ctr?.resources ?? {};
  return { cpu: milli(r.requests?.cpu ?? r.limits?.cpu), memory: units(r.requests?.memory ?? r.limits?.memory), pods: 0 };
}

const add = (a: Resources, b: Resources): Resources => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory, pods: a.pods + b.pods });
const max = (a: Resources, b: Resources): Resources => ({
  cpu: Math.max(a.cpu, b.cpu),
  memory: Math.max(a.memory, b.memory),
  pods: Math.max(a.pods, b.pods),
});
const ZERO: Resources = { cpu: 0, memory: 0, pods: 0 };

/** resource.PodRequests: max(app containers + sidecars, each init container + the sidecars before it). */
export function podRequests(containers: Container[], initContainers: Container[] = []): Resources {
  let sidecars = ZERO;
  let initMax = ZERO;
  for (const ctr of initContainers) {
    const req = containerRequests(ctr);
    if ((ctr as Json)?.restartPolicy === 'Always') {
      sidecars = add(sidecars, req);
      initMax = max(initMax, sidecars);
    } else initMax = max(initMax, add(sidecars, req));
  }
  const app = containers.reduce((sum, ctr) => add(sum, containerRequests(ctr)), ZERO);
  return max(add(app, sidecars), initMax);
}

/** The node's allocatable from its status (quantities), or the default for what it does not say. */
export function allocatable(status: Json): Resources {
  const a: Json = status?.allocatable ?? status?.capacity ?? {};
  return {
    cpu: a.cpu !== undefined ? milli(a.cpu) : DEFAULT_ALLOCATABLE.cpu,
    memory: a.memory !== undefined ? units(a.memory) : DEFAULT_ALLOCATABLE.memory,
    pods: a.pods !== undefined ? units(a.pods) : DEFAULT_ALLOCATABLE.pods,
  };
}

/**
 * NodeResourcesFit's Filter (fitsRequest): every resource that does not fit is a reason. A request
 * larger than the whole node is unresolvable (no eviction could make room).
 */
export const nodeResourcesFit: Filter = (pod, node, view) => {
  const used = indexOf(view).placed.usage.get(node.name) ?? NO_USAGE;
  const free = node.allocatable;
  const want = pod.requests;
  const pods = used.pods + 1 > free.pods;
  const cpu = want.cpu > 0 && want.cpu > free.cpu - used.cpu;
  const memory = want.memory > 0 && want.memory > free.memory - used.memory;
  if (!pods && !cpu && !memory) return undefined; // it fits: no list of reasons made
  const reasons: string[] = [];
  let unresolvable = false;
  if (pods) reasons.push(TOO_MANY_PODS);
  if (cpu) {
    reasons.push(INSUFFICIENT_CPU);
    unresolvable ||= want.cpu > free.cpu;
  }
  if (memory) {
    reasons.push(INSUFFICIENT_MEMORY);
    unresolvable ||= want.memory > free.memory;
  }
  return refuse(unresolvable, ...reasons);
};
