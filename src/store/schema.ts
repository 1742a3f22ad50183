// What the cluster file holds (schema version 1) and what a new cluster starts with.
import { createHash, randomBytes } from '../api/crypto.js';
import type { Json, KObject, PodRecord } from '../api/types.js';
import { newKubeconfig, type Kubeconfig } from './kubeconfig.js';
import type { PackedClaim } from './claim-pack.js';
import type { StoredFinished } from './history.js';

/** 3: the root file indexes a document per namespace, packed a few to a file (store/doc-packs.ts),
 *  a document's pods sharing a podBase; 2: a file per document (read as it is: each moves into its
 *  pack when written); 1: everything in one file (read as it is). Written as 3: an sts that knows
 *  only 2 refuses a cluster of 3 as newer, not as corrupt. */
export const SCHEMA_VERSION = 3;

/** The file's short key for each PodRecord field that has one: a big cluster keeps 100k pod records,
 *  so the file spells them briefly; in memory they have their readable names. */
export const POD_FILE_KEYS = {
  ordinal: 'ord',
  revision: 'rev',
  createdAt: 'c',
  stage: 'st',
  stageSince: 't',
  scheduledAt: 'sc',
  runningSince: 'ru',
  restarts: 'rs',
  initDone: 'in',
  initAt: 'ia',
  initRestarts: 'ir',
  waitingReason: 'w',
  waitingMessage: 'wm',
  retryAt: 'ra',
  lastExitAt: 'lt',
  exitCode: 'ec',
  killedAt: 'k',
  probedAt: 'pb',
  probesQuiet: 'pq',
  probesSeen: 'ps',
  probes: 'pr',
  unready: 'nr',
  backoffs: 'bo',
  deletingSince: 'del',
  removeAt: 'gone',
  stoppedAt: 'sp',
  deletionGrace: 'dg',
  resourceVersion: 'rv',
  history: 'h',
} as const satisfies Partial<Record<keyof PodRecord, string>>;

type FileKey = (typeof POD_FILE_KEYS)[keyof typeof POD_FILE_KEYS];
/** A pod record as the file keeps it (see POD_FILE_KEYS). */
export type StoredPod = Omit<PodRecord, keyof typeof POD_FILE_KEYS> & Partial<Record<FileKey, unknown>>;

export const TO_MEMORY = new Map<string, string>(Object.entries(POD_FILE_KEYS).map(([mem, file]) => [file, mem]));

function renameKeys(o: object, names: ReadonlyMap<string, string> | Record<string, string>): Record<string, unknown> {
  const get = names instanceof Map ? (k: string) => names.get(k) : (k: string) => (names as Record<string, string>)[k];
  const r: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) r[get(k) ?? k] = v;
  return r;
}
export const podFromFile = (s: StoredPod) => renameKeys(s, TO_MEMORY) as unknown as PodRecord;
export const podToFile = (p: PodRecord) => renameKeys(p, POD_FILE_KEYS) as StoredPod;

/** Where a namespace's document is, and when something in it is next due (absent: nothing time
 *  alone will do; a time at or before now: load it with every command, as a pod waiting for a node). */
export interface DocEntry {
  file: string;
  due?: number;
  /** some pod in it has pod (anti-)affinity terms: the scheduler reads it before any decision */
  aff?: boolean;
}

/** What pods take of each node (node → [pods, cpu in millicores, memory in bytes]): the scheduler
 *  fits a pod against every pod on a node, also those in namespaces no command has read. */
export type NodeUsage = Record<string, [pods: number, cpu: number, memory: number]>;
/** NodeUsage as the files keep it: a node's pod count alone when they request nothing. */
export type StoredUsage = Record<string, number | [number, number, number]>;
export function usageToFile(u: NodeUsage): StoredUsage {
  // for-in, not entries and fromEntries: a save makes one per document written (1,000 of 100 nodes)
  const out: StoredUsage = {};
  for (const node in u) {
    const [pods, cpu, memory] = u[node];
    out[node] = cpu || memory ? [pods, cpu, memory] : pods;
  }
  return out;
}
export function usageFromFile(u: StoredUsage = {}): NodeUsage {
  // for-in, not entries and fromEntries: every document read gives one (1,000 of 100 nodes each)
  const out: NodeUsage = {};
  for (const node in u) {
    const v = u[node];
    out[node] = typeof v === 'number' ? [v, 0, 0] : [...v];
  }
  return out;
}

/** A pod as a namespace's document keeps it (store/pod-pack.ts). */
export type PackedPod = Record<string, unknown>;

/** One namespace's document: pods without their namespace (the document says it once). */
export interface NsDoc {
  namespace: string;
  objects: Record<string, KObject[]>;
  /** what times in its pods count from (ms) */
  t0?: number;
  pods: PackedPod[];
  /** the fields all its pods share, left out of each (store/pod-pack.ts podBase) */
  podBase?: PackedPod;
  /** claim name → when it was bound (ms) */
  bound: Record<string, number>;
  /** claims made from its StatefulSets' templates, kept derived, by set (store/claim-pack.ts) */
  claims?: Record<string, PackedClaim[]>;
  /** what its pods take of each node, as the scheduler counts it */
  usage?: StoredUsage;
  /** the histories of its pods that are gone, newest last (store/history.ts) */
  gone?: StoredFinished[];
}

export interface EventRecord {
  ns: string;
  kind: string;
  name: string;
  uid: string;
  type: 'Normal' | 'Warning';
  reason: string;
  msg: string;
  src: string;
  first: number;
  last: number;
  count: number;
}

export interface ClusterFile {
  schema: number;
  /** seeds uids so they are unique per cluster yet reproducible */
  id: string;
  clock: { mode: 'real' | 'manual'; now: number };
  /** counters: uids, resourceVersions, service cluster IPs handed out in order (`reservedIPs`: those
   *  Services asked for themselves, which the allocator then skips), pod IPs per node */
  seq: { uid: number; rv: number; clusterIP: number; podIP: Record<string, number>; reservedIPs?: string[] };
  /** per-cluster stage durations in seconds (overrides the kubelet defaults) */
  stages: Record<string, number>;
  /** stored API objects by kind (everything except pods) */
  objects: Record<string, KObject[]>;
  /** schema 1 only (and in memory, a cluster held whole); schema 2 keeps pods in namespaces' documents */
  pods?: StoredPod[];
  /** schema 1 only; schema 2 keeps them in the events' document (`eventsFile`) */
  events?: EventRecord[];
  /** claim "ns/name" → when it was bound (ms); pods schedule once all their claims are. In memory:
   *  the loaded namespaces' (schema 2 keeps each in its namespace's document) */
  bound: Record<string, number>;
  /** schema 2: how many saves made this state (documents are named after the save that wrote them) */
  gen?: number;
  /** schema 2: namespace → its document (store/docs.ts) */
  docs?: Record<string, DocEntry>;
  /** schema 2: the events' document */
  eventsFile?: string;
  /** schema 2: what the pods of every namespace take of each node (the sum of the documents') */
  usage?: StoredUsage;
  /** faults the user injected (`sts fault`): image patterns, pods ("ns/name") that crash or are never
   *  ready, and nodes that are down (name → since, ms: their kubelet stopped posting status) */
  faults: { images: string[]; pods: Record<string, 'crash' | 'unready'>; nodes?: Record<string, number> };
  /** feature gates switched from their defaults (`sts cluster features`) */
  features: Record<string, boolean>;
  /** the contexts `sts config` shows and sets; the current one's namespace is where commands work */
  kubeconfig: Kubeconfig;
  /** when a ConfigMap's or Secret's data last changed ("ConfigMap/ns/name" → ms): mounted copies
   *  follow a while later, as the kubelet's sync does (absent: never changed since created) */
  dataChangedAt?: Record<string, number>;
}

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

/** The cluster's (fake) CA certificate, derived from its id so it is stable. */
export function rootCaPem(id: string): string {
  const der = Buffer.concat(Array.from({ length: 12 }, (_, i) => createHash('sha256').update(`${id}/ca/${i}`).digest()));
  const b64 = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** The root-ca-cert-publisher's ConfigMap, in every namespace (controller/certificates/rootcacertpublisher). */
export function rootCaConfigMap(ns: string, pem: string, metadata: { uid: string; resourceVersion: string; creationTimestamp: string }): KObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      ...metadata,
      name: ROOT_CA_CONFIGMAP,
      namespace: ns,
      annotations: {
        'kubernetes.io/description':
          'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
      },
    },
    data: { 'ca.crt': pem },
  };
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** What each node offers (its capacity, all of it allocatable): `sts cluster nodes --cpu --memory --pods`. */
export interface NodeSize {
  cpu: string;
  memory: string;
  pods: string;
}
export const DEFAULT_NODE_SIZE: NodeSize = { cpu: '4', memory: '8Gi', pods: '110' };
export const DEFAULT_NODE_COUNT = 3;

/** The kubelet's four conditions as a healthy node posts them (kubelet's setNodeStatus). */
export function healthyNodeConditions(ts: string): Json[] {
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: ts,
    lastTransitionTime: ts,
    reason,
    message,
  });
  return [
    cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** Node `node-<i>` as its kubelet registers it (a kind worker's shape: addresses, capacity, nodeInfo). */
export function nodeObject(
  i: number,
  metadata: { name: string; uid: string; resourceVersion: string; creationTimestamp: string },
  size: NodeSize,
): KObject {
  const name = `node-${i}`;
  const resources = {
    cpu: size.cpu,
    'ephemeral-storage': '102626232Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: size.memory,
    pods: size.pods,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      ...metadata,
      name,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
      },
    },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`], providerID: `sts://${name}` },
    status: {
      addresses: [
        { address: `172.18.0.${i + 1}`, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: { ...resources },
      capacity: resources,
      conditions: healthyNodeConditions(metadata.creationTimestamp),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`,
        containerRuntimeVersion: 'containerd://2.1.1',
        kernelVersion: '6.8.0-sts',
        kubeProxyVersion: '',
        kubeletVersion: 'v1.33.0-sts',
        machineID: createHash('sha256').update(name).digest('hex').slice(0, 32),
        operatingSystem: 'linux',
        osImage: 'sts simulated node',
        systemUUID: `00000000-0000-4000-a000-${i.toString(16).padStart(12, '0')}`,
      },
    },
  };
}

export function newClusterFile(mode: 'real' | 'manual', now = Date.now()): ClusterFile {
  const start = Math.floor(now / 1000) * 1000;
  const ts = iso(start);
  let uid = 0;
  const id = randomBytes(8).toString('hex');
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    uid: `00000000-0000-4000-8000-${(++uid).toString(16).padStart(12, '0')}`,
    resourceVersion: String(uid),
    creationTimestamp: ts,
    ...extra,
  });
  const ns = (name: string): KObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(name, { labels: { 'kubernetes.io/metadata.name': name } }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  const node = (i: number): KObject => nodeObject(i, meta(`node-${i}`), DEFAULT_NODE_SIZE);
  return {
    schema: SCHEMA_VERSION,
    id,
    clock: { mode, now: start },
    seq: { uid, rv: uid, clusterIP: 10, podIP: {} },
    stages: {},
    objects: {
      Namespace: [ns('default'), ns('kube-node-lease'), ns('kube-public'), ns('kube-system')],
      Node: Array.from({ length: DEFAULT_NODE_COUNT }, (_, i) => node(i + 1)),
      ConfigMap: ['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((n) => {
        const m = meta(ROOT_CA_CONFIGMAP);
        return rootCaConfigMap(n, rootCaPem(id), { uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp });
      }),
      Endpoints: [
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: meta('kubernetes', { namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }),
          subsets: [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
        },
      ],
      StorageClass: [
        {
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: meta('standard', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
          provisioner: 'sts.dev/hostpath',
          reclaimPolicy: 'Delete',
          volumeBindingMode: 'Immediate',
        },
      ],
      Service: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: meta('kubernetes', {
            namespace: 'default',
            labels: { component: 'apiserver', provider: 'kubernetes' },
          }),
          spec: {
            clusterIP: '10.96.0.1',
            clusterIPs: ['10.96.0.1'],
            internalTrafficPolicy: 'Cluster',
            ipFamilies: ['IPv4'],
            ipFamilyPolicy: 'SingleStack',
            ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
            sessionAffinity: 'None',
            type: 'ClusterIP',
          },
          status: { loadBalancer: {} },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: meta('kube-dns', {
            namespace: 'kube-system',
            labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
          }),
          spec: {
            clusterIP: '10.96.0.10',
            clusterIPs: ['10.96.0.10'],
            internalTrafficPolicy: 'Cluster',
            ipFamilies: ['IPv4'],
            ipFamilyPolicy: 'SingleStack',
            ports: [
              { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
              { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
              { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
            ],
            selector: { 'k8s-app': 'kube-dns' },
            sessionAffinity: 'None',
            type: 'ClusterIP',
          },
          status: { loadBalancer: {} },
        },
      ],
    },
    pods: [],
    events: [],
    bound: {},
    faults: { images: [], pods: {} },
    features: {},
    kubeconfig: newKubeconfig(),
  };
}

export { docShapeProblem, eventsShapeProblem, shapeProblem } from './shape.js';
