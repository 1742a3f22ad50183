// `describe node`: kubectl's describeNode (pkg/describe/describe.go) — conditions, addresses,
// capacity, system info, the node's non-terminated pods with their requests and limits as shares
// of what it can allocate (describeNodeResource), and events. Pure: node, pods, events, now → text.
import { parseQuantity } from '../api/quantity.js';
import type { Json, KObject } from '../api/types.js';
import type { EventRecord } from '../store/schema.js';
import { age, rfc1123 } from './age.js';
import { nodeRoles } from './columns.js';
import { events, Lines } from './describe.js';

const sorted = (m: Record<string, string> | undefined, sep: string) =>
  Object.entries(m ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}${sep}${v}`);

/** A sum of quantities as resource.Quantity prints it: cores in m, bytes in the largest exact binary unit. */
function quantityText(resource: string, n: number): string {
  if (n === 0) return '0';
  if (resource === 'cpu') {
    const milli = Math.round(n * 1000);
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  }
  for (const [suffix, size] of [
    ['Ei', 2 ** 60],
    ['Pi', 2 ** 50],
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const)
    if (n % size === 0) return `${n / size}${suffix}`;
  return String(Math.round(n));
}

/** A quantity in thousandths, an integer (quantities add as resource.Quantity does, exactly:
 *  floats summed in another order gave 3600m as 89% instead of 90%). */
const milli = (v: unknown) => Math.round((parseQuantity(v) ?? 0) * 1000);

/** A pod's requests and limits in thousandths: its containers summed (kubectl's resourcehelper.PodRequestsAndLimits, without init containers' max). */
function podResources(pod: KObject): { requests: Record<string, number>; limits: Record<string, number> } {
  const requests: Record<string, number> = {};
  const limits: Record<string, number> = {};
  for (const c of (pod.spec?.containers ?? []) as Json[]) {
    for (const [k, v] of Object.entries(c.resources?.requests ?? {})) requests[k] = (requests[k] ?? 0) + milli(v);
    for (const [k, v] of Object.entries(c.resources?.limits ?? {})) limits[k] = (limits[k] ?? 0) + milli(v);
  }
  // a limit without a request requests as much (the API server's defaulting)
  for (const [k, v] of Object.entries(limits)) requests[k] ??= v;
  return { requests, limits };
}

export interface NodeLease {
  holder: string;
  /** when its kubelet last renewed it (ms) */
  renewTime: number;
}

export function describeNode(node: KObject, pods: KObject[], evs: EventRecord[], lease: NodeLease | undefined, now: number): string {
  const l = new Lines();
  const st = node.status ?? {};
  const alloc: Record<string, string> = st.allocatable ?? {};
  /** `n` in thousandths, and its share of what the node offers */
  const share = (resource: string, n: number) => {
    const total = milli(alloc[resource]);
    return `${quantityText(resource, n / 1000)} (${total ? Math.trunc((n / total) * 100) : 0}%)`;
  };
  l.add(0, `Name:\t${node.metadata.name}`);
  l.add(0, `Roles:\t${nodeRoles(node.metadata.labels).join(',') || '<none>'}`);
  l.multiline(0, 'Labels', sorted(node.metadata.labels, '='));
  l.multiline(0, 'Annotations', sorted(node.metadata.annotations, ': '));
  l.add(0, `CreationTimestamp:\t${rfc1123(node.metadata.creationTimestamp!)}`);
  l.multiline(
    0,
    'Taints',
    ((node.spec?.taints ?? []) as Json[]).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
  );
  l.add(0, `Unschedulable:\t${!!node.spec?.unschedulable}`);
  l.add(0, 'Lease:');
  l.add(1, `HolderIdentity:\t${lease?.holder ?? '<unset>'}`);
  l.add(1, 'AcquireTime:\t<unset>');
  l.add(1, `RenewTime:\t${lease ? rfc1123(lease.renewTime) : '<unset>'}`);
  const conditions: Json[] = st.conditions ?? [];
  if (conditions.length) {
    l.add(0, 'Conditions:');
    l.add(1, 'Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage');
    l.add(1, '----\t------\t-----------------\t------------------\t------\t-------');
    for (const c of conditions)
      l.add(1, `${c.type}\t${c.status}\t${rfc1123(c.lastHeartbeatTime)}\t${rfc1123(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}`);
  }
  l.add(0, 'Addresses:');
  for (const a of (st.addresses ?? []) as Json[]) l.add(1, `${a.type}:\t${a.address}`);
  for (const [title, list] of [
    ['Capacity', st.capacity],
    ['Allocatable', st.allocatable],
  ] as const) {
    if (!list) continue;
    l.add(0, `${title}:`);
    for (const line of sorted(list, ':\t')) l.add(1, line);
  }
  const info = st.nodeInfo ?? {};
  l.add(0, 'System Info:');
  for (const [label, field] of [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
  ])
    l.add(1, `${label}:\t${info[field] ?? ''}`);
  if (node.spec?.podCIDR) l.add(0, `PodCIDR:\t${node.spec.podCIDR}`);
  if (node.spec?.podCIDRs?.length) l.add(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}`);
  if (node.spec?.providerID) l.add(0, `ProviderID:\t${node.spec.providerID}`);
  const running = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  l.add(0, `Non-terminated Pods:\t(${running.length} in total)`);
  l.add(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge');
  l.add(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---');
  const reqs: Record<string, number> = {};
  const lims: Record<string, number> = {};
  for (const p of running) {
    const { requests, limits } = podResources(p);
    for (const [k, v] of Object.entries(requests)) reqs[k] = (reqs[k] ?? 0) + v;
    for (const [k, v] of Object.entries(limits)) lims[k] = (lims[k] ?? 0) + v;
    const cells = [
      share('cpu', requests.cpu ?? 0),
      share('cpu', limits.cpu ?? 0),
      share('memory', requests.memory ?? 0),
      share('memory', limits.memory ?? 0),
    ];
    l.add(1, `${p.metadata.namespace}\t${p.metadata.name}\t\t${cells.join('\t')}\t${age(p.metadata.creationTimestamp, now)}`);
  }
  l.add(0, 'Allocated resources:');
  l.add(1, '(Total limits may be over 100 percent, i.e., overcommitted.)');
  l.add(1, 'Resource\tRequests\tLimits');
  l.add(1, '--------\t--------\t------');
  const extended = Object.keys(alloc)
    .filter((r) => r.startsWith('hugepages-'))
    .sort();
  for (const r of ['cpu', 'memory', 'ephemeral-storage', ...extended]) l.add(1, `${r}\t${share(r, reqs[r] ?? 0)}\t${share(r, lims[r] ?? 0)}`);
  events(l, evs, now);
  return l.text();
}
