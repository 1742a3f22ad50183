// JSON as Go's encoding/json writes it, which kubectl's JSON printer and annotations use: `<`, `>`,
// `&`, U+2028 and U+2029 escaped; a typed object's fields in its Go struct's order (what kubectl
// prints for objects it built itself, e.g. `create configmap --dry-run=client -o json`), where an
// object read back from the server (unstructured) has its keys sorted.
import { goJsonEscape } from '../api/go-json.js';
import { isObj, type Json } from '../api/types.js';

export { goJsonEscape };

/** A struct: its JSON fields in declaration order, with the struct type of the fields that are structs (or lists of them). */
type Struct = [field: string, type?: string][];

const META: Struct = [
  ['name'],
  ['generateName'],
  ['namespace'],
  ['selfLink'],
  ['uid'],
  ['resourceVersion'],
  ['generation'],
  ['creationTimestamp'],
  ['deletionTimestamp'],
  ['deletionGracePeriodSeconds'],
  ['labels'],
  ['annotations'],
  ['ownerReferences', 'OwnerReference'],
  ['finalizers'],
  ['managedFields'],
];

const STRUCTS: Record<string, Struct> = {
  ObjectMeta: META,
  OwnerReference: [['apiVersion'], ['kind'], ['name'], ['uid'], ['controller'], ['blockOwnerDeletion']],
  ConfigMap: [['kind'], ['apiVersion'], ['metadata', 'ObjectMeta'], ['immutable'], ['data'], ['binaryData']],
  Secret: [['kind'], ['apiVersion'], ['metadata', 'ObjectMeta'], ['immutable'], ['data'], ['stringData'], ['type']],
  Service: [['kind'], ['apiVersion'], ['metadata', 'ObjectMeta'], ['spec', 'ServiceSpec'], ['status', 'ServiceStatus']],
  ServiceSpec: [
    ['ports', 'ServicePort'],
    ['selector'],
    ['clusterIP'],
    ['clusterIPs'],
    ['type'],
    ['externalIPs'],
    ['sessionAffinity'],
    ['loadBalancerIP'],
    ['loadBalancerSourceRanges'],
    ['externalName'],
    ['externalTrafficPolicy'],
    ['healthCheckNodePort'],
    ['publishNotReadyAddresses'],
    ['sessionAffinityConfig'],
    ['ipFamilies'],
    ['ipFamilyPolicy'],
    ['allocateLoadBalancerNodePorts'],
    ['loadBalancerClass'],
    ['internalTrafficPolicy'],
    ['trafficDistribution'],
  ],
  ServicePort: [['name'], ['protocol'], ['appProtocol'], ['port'], ['targetPort'], ['nodePort']],
  ServiceStatus: [['loadBalancer'], ['conditions']],
  Event: [
    ['kind'],
    ['apiVersion'],
    ['metadata', 'ObjectMeta'],
    ['involvedObject', 'ObjectReference'],
    ['reason'],
    ['message'],
    ['source', 'EventSource'],
    ['firstTimestamp'],
    ['lastTimestamp'],
    ['count'],
    ['type'],
    ['eventTime'],
    ['series'],
    ['action'],
    ['related', 'ObjectReference'],
    ['reportingComponent'],
    ['reportingInstance'],
  ],
  ObjectReference: [['kind'], ['namespace'], ['name'], ['uid'], ['apiVersion'], ['resourceVersion'], ['fieldPath']],
  EventSource: [['component'], ['host']],
  EventList: [['kind'], ['apiVersion'], ['metadata'], ['items', 'Event']],
  // core/v1 types.go, for the pods kubectl builds itself (`run --dry-run=client -o json`)
  Pod: [['kind'], ['apiVersion'], ['metadata', 'ObjectMeta'], ['spec', 'PodSpec'], ['status', 'PodStatus']],
  PodSpec: [
    ['volumes'],
    ['initContainers', 'Container'],
    ['containers', 'Container'],
    ['ephemeralContainers'],
    ['restartPolicy'],
    ['terminationGracePeriodSeconds'],
    ['activeDeadlineSeconds'],
    ['dnsPolicy'],
    ['nodeSelector'],
    ['serviceAccountName'],
    ['serviceAccount'],
    ['automountServiceAccountToken'],
    ['nodeName'],
    ['hostNetwork'],
    ['hostPID'],
    ['hostIPC'],
    ['shareProcessNamespace'],
    ['securityContext'],
    ['imagePullSecrets'],
    ['hostname'],
    ['subdomain'],
    ['affinity'],
    ['schedulerName'],
    ['tolerations'],
    ['hostAliases'],
    ['priorityClassName'],
    ['priority'],
    ['dnsConfig'],
    ['readinessGates'],
    ['runtimeClassName'],
    ['enableServiceLinks'],
    ['preemptionPolicy'],
    ['overhead'],
    ['topologySpreadConstraints'],
    ['setHostnameAsFQDN'],
    ['os'],
    ['hostUsers'],
    ['schedulingGates'],
    ['resourceClaims'],
    ['resources', 'ResourceRequirements'],
  ],
  Container: [
    ['name'],
    ['image'],
    ['command'],
    ['args'],
    ['workingDir'],
    ['ports', 'ContainerPort'],
    ['envFrom'],
    ['env', 'EnvVar'],
    ['resources', 'ResourceRequirements'],
    ['resizePolicy'],
    ['restartPolicy'],
    ['volumeMounts'],
    ['volumeDevices'],
    ['livenessProbe'],
    ['readinessProbe'],
    ['startupProbe'],
    ['lifecycle'],
    ['terminationMessagePath'],
    ['terminationMessagePolicy'],
    ['imagePullPolicy'],
    ['securityContext'],
    ['stdin'],
    ['stdinOnce'],
    ['tty'],
  ],
  ContainerPort: [['name'], ['hostPort'], ['containerPort'], ['protocol'], ['hostIP']],
  EnvVar: [['name'], ['value'], ['valueFrom']],
  ResourceRequirements: [['limits'], ['requests'], ['claims']],
  PodStatus: [
    ['phase'],
    ['conditions'],
    ['message'],
    ['reason'],
    ['nominatedNodeName'],
    ['hostIP'],
    ['hostIPs'],
    ['podIP'],
    ['podIPs'],
    ['startTime'],
    ['initContainerStatuses'],
    ['containerStatuses'],
    ['qosClass'],
    ['ephemeralContainerStatuses'],
    ['resize'],
    ['resourceClaimStatuses'],
  ],
};

/** Go maps marshal with sorted keys. */
function sortedMap(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortedMap);
  if (!isObj(v)) return v;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v).sort())
    if (v[k] !== undefined) Object.defineProperty(out, k, { value: sortedMap(v[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

function ordered(v: Json, type: string | undefined): Json {
  const struct = type ? STRUCTS[type] : undefined;
  if (Array.isArray(v)) return v.map((x) => ordered(x, type));
  if (!struct || !isObj(v)) return sortedMap(v);
  const out: Record<string, Json> = {};
  for (const [f, t] of struct) if (v[f] !== undefined) out[f] = ordered(v[f], t);
  // fields the table does not know keep a stable place at the end
  for (const k of Object.keys(v).sort()) if (!(k in out) && v[k] !== undefined) out[k] = sortedMap(v[k]);
  return out;
}

/** A typed object (by its kind) as json.MarshalIndent(obj, "", "    ") writes it, with the printer's final newline. */
export function typedJson(obj: Json): string {
  return `${goJsonEscape(JSON.stringify(ordered(obj, obj?.kind), null, 4))}\n`;
}

/** A typed object as json.Marshal writes it (one line): the form of kubectl's last-applied annotation. */
export function typedJsonCompact(obj: Json): string {
  return goJsonEscape(JSON.stringify(ordered(obj, obj?.kind)));
}
