// Decoding, before validation: the Go types of what sts reads, as the API server's strict JSON
// decoder (apimachinery's serializer over sigs.k8s.io/json) refuses wrong types and unknown fields.
import type { Json, KObject } from '../types.js';
import { isObj } from './fields.js';

// ---- decoding: the Go types of what sts reads, as the API server's strict JSON decoder sees them ----
// Objects arrive as kubectl sends them (keys sorted), so the first wrong type in key order is the
// one reported; unknown fields are reported (all of them) only when no type is wrong.

interface Scalar {
  kind: 'string' | 'int32' | 'int64' | 'bool' | 'intstr' | 'any';
  go: string;
}
interface MapOf {
  kind: 'map';
  go: string;
  of: Shape;
}
interface ListOf {
  kind: 'list';
  go: string;
  of: Shape;
}
interface Struct {
  kind: 'struct';
  go: string;
  fields: Map<string, Shape>;
  /** every field is known: others are `unknown field` errors */
  strict: boolean;
}
type Shape = Scalar | MapOf | ListOf | Struct;

const str = (go = 'string'): Scalar => ({ kind: 'string', go });
const i32: Scalar = { kind: 'int32', go: 'int32' };
const i64: Scalar = { kind: 'int64', go: 'int64' };
const bool: Scalar = { kind: 'bool', go: 'bool' };
/** intstr.IntOrString: a string, or a number decoded as int32. */
const intstr: Scalar = { kind: 'intstr', go: 'int32' };
const any: Scalar = { kind: 'any', go: 'interface {}' };
const mapOf = (of: Shape, go = `map[string]${of.go}`): MapOf => ({ kind: 'map', go, of });
const listOf = (of: Shape): ListOf => ({ kind: 'list', go: `[]${of.go}`, of });
const struct = (go: string, fields: Record<string, Shape>, strict = true): Struct => ({
  kind: 'struct',
  go,
  fields: new Map(Object.entries(fields)),
  strict,
});
/** The kinds' shapes, built when first needed (a decode): building them at load was paid by every command's start. */
let shapes: { kinds: Map<string, Struct>; objectMeta: Struct } | undefined;
const kindShapes = () => (shapes ??= buildShapes());

function buildShapes(): { kinds: Map<string, Struct>; objectMeta: Struct } {
  const strings = listOf(str());
  const resourceList = mapOf(any, 'v1.ResourceList');

  const OWNER_REFERENCE = struct('v1.OwnerReference', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    uid: str('types.UID'),
    controller: bool,
    blockOwnerDeletion: bool,
  });
  const OBJECT_META = struct('v1.ObjectMeta', {
    name: str(),
    generateName: str(),
    namespace: str(),
    selfLink: str(),
    uid: str('types.UID'),
    resourceVersion: str(),
    generation: i64,
    creationTimestamp: str(),
    deletionTimestamp: str(),
    deletionGracePeriodSeconds: i64,
    labels: mapOf(str()),
    annotations: mapOf(str()),
    ownerReferences: listOf(OWNER_REFERENCE),
    finalizers: strings,
    managedFields: any,
  });
  const LABEL_SELECTOR = struct('v1.LabelSelector', {
    matchLabels: mapOf(str()),
    matchExpressions: listOf(struct('v1.LabelSelectorRequirement', { key: str(), operator: str('v1.LabelSelectorOperator'), values: strings })),
  });
  const PROBE = struct(
    'v1.Probe',
    {
      exec: struct('v1.ExecAction', { command: strings }),
      httpGet: struct('v1.HTTPGetAction', { path: str(), port: intstr, host: str(), scheme: str('v1.URIScheme'), httpHeaders: any }),
      tcpSocket: struct('v1.TCPSocketAction', { port: intstr, host: str() }),
      grpc: any,
      initialDelaySeconds: i32,
      timeoutSeconds: i32,
      periodSeconds: i32,
      successThreshold: i32,
      failureThreshold: i32,
      terminationGracePeriodSeconds: i64,
    },
    false,
  );
  const CONTAINER = struct(
    'v1.Container',
    {
      name: str(),
      image: str(),
      command: strings,
      args: strings,
      workingDir: str(),
      ports: listOf(struct('v1.ContainerPort', { name: str(), hostPort: i32, containerPort: i32, protocol: str('v1.Protocol'), hostIP: str() })),
      env: listOf(struct('v1.EnvVar', { name: str(), value: str(), valueFrom: any })),
      resources: struct('v1.ResourceRequirements', { limits: resourceList, requests: resourceList, claims: any }),
      volumeMounts: listOf(
        struct('v1.VolumeMount', {
          name: str(),
          readOnly: bool,
          mountPath: str(),
          subPath: str(),
          mountPropagation: str('v1.MountPropagationMode'),
          subPathExpr: str(),
          recursiveReadOnly: any,
        }),
      ),
      livenessProbe: PROBE,
      readinessProbe: PROBE,
      startupProbe: PROBE,
      lifecycle: any,
      terminationMessagePath: str(),
      terminationMessagePolicy: str('v1.TerminationMessagePolicy'),
      imagePullPolicy: str('v1.PullPolicy'),
      stdin: bool,
      stdinOnce: bool,
      tty: bool,
    },
    false,
  );
  const POD_SPEC = struct(
    'v1.PodSpec',
    {
      containers: listOf(CONTAINER),
      initContainers: listOf(CONTAINER),
      volumes: listOf(struct('v1.Volume', { name: str() }, false)),
      restartPolicy: str('v1.RestartPolicy'),
      terminationGracePeriodSeconds: i64,
      activeDeadlineSeconds: i64,
      dnsPolicy: str('v1.DNSPolicy'),
      nodeSelector: mapOf(str()),
      serviceAccountName: str(),
      nodeName: str(),
      hostname: str(),
      subdomain: str(),
      schedulerName: str(),
      securityContext: struct('v1.PodSecurityContext', {}, false),
      readinessGates: any,
      priority: i32,
    },
    false,
  );
  const POD_TEMPLATE_SPEC = struct('v1.PodTemplateSpec', { metadata: OBJECT_META, spec: POD_SPEC });
  const PVC_SPEC = struct('v1.PersistentVolumeClaimSpec', {
    accessModes: listOf(str('v1.PersistentVolumeAccessMode')),
    selector: LABEL_SELECTOR,
    resources: struct('v1.VolumeResourceRequirements', { limits: resourceList, requests: resourceList }),
    volumeName: str(),
    storageClassName: str(),
    volumeMode: str('v1.PersistentVolumeMode'),
    dataSource: any,
    dataSourceRef: any,
    volumeAttributesClassName: str(),
  });
  const PVC = struct('v1.PersistentVolumeClaim', { apiVersion: str(), kind: str(), metadata: OBJECT_META, spec: PVC_SPEC, status: any });
  const STATEFUL_SET_SPEC = struct('v1.StatefulSetSpec', {
    replicas: i32,
    selector: LABEL_SELECTOR,
    template: POD_TEMPLATE_SPEC,
    volumeClaimTemplates: listOf(PVC),
    serviceName: str(),
    podManagementPolicy: str('v1.PodManagementPolicyType'),
    updateStrategy: struct('v1.StatefulSetUpdateStrategy', {
      type: str('v1.StatefulSetUpdateStrategyType'),
      rollingUpdate: struct('v1.RollingUpdateStatefulSetStrategy', { partition: i32, maxUnavailable: intstr }),
    }),
    revisionHistoryLimit: i32,
    minReadySeconds: i32,
    persistentVolumeClaimRetentionPolicy: struct('v1.StatefulSetPersistentVolumeClaimRetentionPolicy', {
      whenDeleted: str('v1.PersistentVolumeClaimRetentionPolicyType'),
      whenScaled: str('v1.PersistentVolumeClaimRetentionPolicyType'),
    }),
    ordinals: struct('v1.StatefulSetOrdinals', { start: i32 }),
  });
  const SERVICE_SPEC = struct('v1.ServiceSpec', {
    ports: listOf(
      struct('v1.ServicePort', { name: str(), protocol: str('v1.Protocol'), appProtocol: str(), port: i32, targetPort: intstr, nodePort: i32 }),
    ),
    selector: mapOf(str()),
    clusterIP: str(),
    clusterIPs: strings,
    type: str('v1.ServiceType'),
    externalIPs: strings,
    sessionAffinity: str('v1.ServiceAffinity'),
    loadBalancerIP: str(),
    loadBalancerSourceRanges: strings,
    externalName: str(),
    externalTrafficPolicy: str('v1.ServiceExternalTrafficPolicy'),
    healthCheckNodePort: i32,
    publishNotReadyAddresses: bool,
    sessionAffinityConfig: any,
    ipFamilies: listOf(str('v1.IPFamily')),
    ipFamilyPolicy: str('v1.IPFamilyPolicy'),
    allocateLoadBalancerNodePorts: bool,
    loadBalancerClass: str(),
    internalTrafficPolicy: str('v1.ServiceInternalTrafficPolicy'),
    trafficDistribution: str(),
  });
  const PV_SPEC = struct(
    'v1.PersistentVolumeSpec',
    {
      capacity: resourceList,
      accessModes: listOf(str('v1.PersistentVolumeAccessMode')),
      claimRef: struct('v1.ObjectReference', {
        kind: str(),
        namespace: str(),
        name: str(),
        uid: str('types.UID'),
        apiVersion: str(),
        resourceVersion: str(),
        fieldPath: str(),
      }),
      persistentVolumeReclaimPolicy: str('v1.PersistentVolumeReclaimPolicy'),
      storageClassName: str(),
      mountOptions: strings,
      volumeMode: str('v1.PersistentVolumeMode'),
      volumeAttributesClassName: str(),
    },
    false,
  );

  /** The top-level fields of a kind's Go type, with what sts reads of them typed. */
  const withSpec = (spec: Shape = any, status: Shape = any) => ({ apiVersion: str(), kind: str(), metadata: OBJECT_META, spec, status });
  const KIND_SHAPES = new Map<string, Struct>(
    Object.entries<Record<string, Shape>>({
      StatefulSet: withSpec(STATEFUL_SET_SPEC),
      Pod: withSpec(POD_SPEC),
      Service: withSpec(SERVICE_SPEC),
      PersistentVolumeClaim: withSpec(PVC_SPEC),
      PersistentVolume: withSpec(PV_SPEC),
      Namespace: withSpec(struct('v1.NamespaceSpec', { finalizers: listOf(str('v1.FinalizerName')) })),
      Node: withSpec(),
      ReplicationController: withSpec(),
      DaemonSet: withSpec(),
      Deployment: withSpec(),
      ReplicaSet: withSpec(),
      HorizontalPodAutoscaler: withSpec(),
      CronJob: withSpec(),
      Job: withSpec(),
      Ingress: withSpec(),
      NetworkPolicy: withSpec(),
      PodDisruptionBudget: withSpec(),
      StorageClass: {
        apiVersion: str(),
        kind: str(),
        metadata: OBJECT_META,
        provisioner: str(),
        parameters: mapOf(str()),
        reclaimPolicy: str('v1.PersistentVolumeReclaimPolicy'),
        mountOptions: strings,
        allowVolumeExpansion: bool,
        volumeBindingMode: str('v1.VolumeBindingMode'),
        allowedTopologies: any,
      },
      ConfigMap: { apiVersion: str(), kind: str(), metadata: OBJECT_META, data: mapOf(str()), binaryData: mapOf(str('[]uint8')), immutable: bool },
      Secret: {
        apiVersion: str(),
        kind: str(),
        metadata: OBJECT_META,
        data: mapOf(str('[]uint8')),
        stringData: mapOf(str()),
        type: str('v1.SecretType'),
        immutable: bool,
      },
      ControllerRevision: { apiVersion: str(), kind: str(), metadata: OBJECT_META, data: any, revision: i64 },
      Event: {
        apiVersion: str(),
        kind: str(),
        metadata: OBJECT_META,
        involvedObject: any,
        reason: str(),
        message: str(),
        source: any,
        firstTimestamp: any,
        lastTimestamp: any,
        count: i32,
        type: str(),
        eventTime: any,
        series: any,
        action: str(),
        related: any,
        reportingComponent: str(),
        reportingInstance: str(),
      },
      ServiceAccount: {
        apiVersion: str(),
        kind: str(),
        metadata: OBJECT_META,
        secrets: any,
        imagePullSecrets: any,
        automountServiceAccountToken: bool,
      },
      Endpoints: { apiVersion: str(), kind: str(), metadata: OBJECT_META, subsets: any },
      EndpointSlice: { apiVersion: str(), kind: str(), metadata: OBJECT_META, addressType: str(), endpoints: any, ports: any },
      Role: { apiVersion: str(), kind: str(), metadata: OBJECT_META, rules: any },
      ClusterRole: { apiVersion: str(), kind: str(), metadata: OBJECT_META, rules: any, aggregationRule: any },
      RoleBinding: { apiVersion: str(), kind: str(), metadata: OBJECT_META, subjects: any, roleRef: any },
      ClusterRoleBinding: { apiVersion: str(), kind: str(), metadata: OBJECT_META, subjects: any, roleRef: any },
    }).map(([kind, fields]) => [kind, struct(kind, fields)]),
  );
  return { kinds: KIND_SHAPES, objectMeta: OBJECT_META };
}

/** How Go's decoder names a JSON value it cannot store: `string`, `object`, `number 1.5`. */
function jsonValue(v: unknown, numberLiteral: boolean): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return numberLiteral ? `number ${JSON.stringify(v)}` : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** The Go type's name as an error prints it: `v1.ObjectMeta`, `[]v1.Container`, `int32`. */
const goTypeName = (shape: Shape) => shape.go;

interface Decoding {
  /** the first wrong type, in key order */
  typeError?: string;
  unknown: string[];
  /** unknown fields are removed as they are found (fieldValidation Warn or Ignore) */
  drop?: boolean;
}

/** Walk `v` as `shape`, `struct` being the innermost Go struct and `path` the fields so far. */
function decode(v: unknown, shape: Shape, struct: string, path: string[], strictPath: string, out: Decoding): void {
  if (out.typeError || v === null || v === undefined || shape.kind === 'any') return;
  const wrong = (numberLiteral = false) =>
    (out.typeError = `json: cannot unmarshal ${jsonValue(v, numberLiteral)} into Go struct field ${struct}.${path.join('.')} of type ${goTypeName(shape)}`);
  switch (shape.kind) {
    case 'string':
      if (typeof v !== 'string') wrong();
      return;
    case 'bool':
      if (typeof v !== 'boolean') wrong();
      return;
    case 'int32':
    case 'int64': {
      const bits = shape.kind === 'int32' ? 31 : 63;
      if (typeof v !== 'number') wrong();
      else if (!Number.isInteger(v) || v < -(2 ** bits) || v >= 2 ** bits) wrong(true);
      return;
    }
    case 'intstr':
      if (typeof v === 'string') return;
      if (typeof v !== 'number') wrong();
      else if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) wrong(true);
      return;
    case 'list':
      if (!Array.isArray(v)) return void wrong();
      v.forEach((item, i) => {
        if (item === null) v[i] = zeroOf(shape.of);
        else decode(item, shape.of, struct, path, `${strictPath}[${i}]`, out);
      });
      return;
    case 'map':
      if (!isObj(v)) return void wrong();
      for (const k of Object.keys(v).sort()) {
        if (v[k] === null) v[k] = zeroOf(shape.of);
        else decode(v[k], shape.of, struct, path, `${strictPath}.${k}`, out);
      }
      return;
    case 'struct':
      if (!isObj(v)) return void wrong();
      for (const k of Object.keys(v).sort()) {
        const field = shape.fields.get(k);
        const at = strictPath ? `${strictPath}.${k}` : k;
        if (field) decode(v[k], field, shape.go.replace(/^.*\./, ''), [...path, k], at, out);
        else if (shape.strict) {
          out.unknown.push(at);
          if (out.drop) delete v[k];
        }
      }
  }
}

/** Go's zero value of an element: what a `null` list item or map value decodes to. */
function zeroOf(shape: Shape): Json {
  switch (shape.kind) {
    case 'struct':
      return {};
    case 'string':
      return '';
    case 'int32':
    case 'int64':
      return 0;
    case 'bool':
      return false;
    default:
      return null;
  }
}

/**
 * The decoder's complaint about a document, or undefined. Text follows `... cannot be handled as a
 * Kind: `. As the API server's decoder does, a `null` item of a list or value of a map becomes its
 * type's zero value (`{}`, `""`, 0) in `o`, so what follows sees objects where it expects them.
 */
export function decodeError(o: KObject): string | undefined {
  const out = decodeFields(o, false);
  if (out.typeError) return out.typeError;
  if (out.unknown.length) return `strict decoding error: ${out.unknown.map((k) => `unknown field "${k}"`).join(', ')}`;
  return undefined;
}

/**
 * The decoder's wrong type, and the unknown fields — removed from `o` when `drop` (the API server's
 * fieldValidation Warn and Ignore decode leniently: what it does not know is dropped, with a warning
 * for Warn).
 */
export function decodeFields(o: KObject, drop: boolean): { typeError?: string; unknown: string[] } {
  if (!isObj(o)) return { unknown: [] };
  const kind = typeof o.kind === 'string' ? o.kind : '';
  // a kind sts does not know is refused by the REST mapper before this; its metadata is still typed
  const { kinds, objectMeta } = kindShapes();
  const shape = kinds.get(kind) ?? struct(kind, { apiVersion: str(), kind: str(), metadata: objectMeta }, false);
  const out: Decoding = { unknown: [], drop };
  decode(o, shape, kind, [], '', out);
  return out;
}
