// Decoding and validation, with the API server's texts. Decoding errors (wrong JSON types,
// unknown fields) come first, as BadRequest; then field validation, as Invalid.
import { fromLabelSelector, matches } from './labels.js';
import { parseQuantity, QUANTITY_ERROR } from './quantity.js';
import type { FieldError } from './errors.js';
import type { Json, KObject } from './types.js';

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

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
const struct = (go: string, fields: Record<string, Shape>, strict = true): Struct => ({ kind: 'struct', go, fields: new Map(Object.entries(fields)), strict });
const strings = listOf(str());
const resourceList = mapOf(any, 'v1.ResourceList');

const OWNER_REFERENCE = struct('v1.OwnerReference', {
  apiVersion: str(), kind: str(), name: str(), uid: str('types.UID'), controller: bool, blockOwnerDeletion: bool,
});
const OBJECT_META = struct('v1.ObjectMeta', {
  name: str(), generateName: str(), namespace: str(), selfLink: str(), uid: str('types.UID'), resourceVersion: str(),
  generation: i64, creationTimestamp: str(), deletionTimestamp: str(), deletionGracePeriodSeconds: i64,
  labels: mapOf(str()), annotations: mapOf(str()), ownerReferences: listOf(OWNER_REFERENCE), finalizers: strings, managedFields: any,
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
    initialDelaySeconds: i32, timeoutSeconds: i32, periodSeconds: i32, successThreshold: i32, failureThreshold: i32,
    terminationGracePeriodSeconds: i64,
  },
  false,
);
const CONTAINER = struct(
  'v1.Container',
  {
    name: str(), image: str(), command: strings, args: strings, workingDir: str(),
    ports: listOf(struct('v1.ContainerPort', { name: str(), hostPort: i32, containerPort: i32, protocol: str('v1.Protocol'), hostIP: str() })),
    env: listOf(struct('v1.EnvVar', { name: str(), value: str(), valueFrom: any })),
    resources: struct('v1.ResourceRequirements', { limits: resourceList, requests: resourceList, claims: any }),
    volumeMounts: listOf(
      struct('v1.VolumeMount', { name: str(), readOnly: bool, mountPath: str(), subPath: str(), mountPropagation: str('v1.MountPropagationMode'), subPathExpr: str(), recursiveReadOnly: any }),
    ),
    livenessProbe: PROBE, readinessProbe: PROBE, startupProbe: PROBE, lifecycle: any,
    terminationMessagePath: str(), terminationMessagePolicy: str('v1.TerminationMessagePolicy'), imagePullPolicy: str('v1.PullPolicy'),
    stdin: bool, stdinOnce: bool, tty: bool,
  },
  false,
);
const POD_SPEC = struct(
  'v1.PodSpec',
  {
    containers: listOf(CONTAINER), initContainers: listOf(CONTAINER), volumes: listOf(struct('v1.Volume', { name: str() }, false)),
    restartPolicy: str('v1.RestartPolicy'), terminationGracePeriodSeconds: i64, activeDeadlineSeconds: i64, dnsPolicy: str('v1.DNSPolicy'),
    nodeSelector: mapOf(str()), serviceAccountName: str(), nodeName: str(), hostname: str(), subdomain: str(), schedulerName: str(),
    securityContext: struct('v1.PodSecurityContext', {}, false), readinessGates: any, priority: i32,
  },
  false,
);
const POD_TEMPLATE_SPEC = struct('v1.PodTemplateSpec', { metadata: OBJECT_META, spec: POD_SPEC });
const PVC_SPEC = struct('v1.PersistentVolumeClaimSpec', {
  accessModes: listOf(str('v1.PersistentVolumeAccessMode')), selector: LABEL_SELECTOR,
  resources: struct('v1.VolumeResourceRequirements', { limits: resourceList, requests: resourceList }),
  volumeName: str(), storageClassName: str(), volumeMode: str('v1.PersistentVolumeMode'), dataSource: any, dataSourceRef: any,
  volumeAttributesClassName: str(),
});
const PVC = struct('v1.PersistentVolumeClaim', { apiVersion: str(), kind: str(), metadata: OBJECT_META, spec: PVC_SPEC, status: any });
const STATEFUL_SET_SPEC = struct('v1.StatefulSetSpec', {
  replicas: i32, selector: LABEL_SELECTOR, template: POD_TEMPLATE_SPEC, volumeClaimTemplates: listOf(PVC), serviceName: str(),
  podManagementPolicy: str('v1.PodManagementPolicyType'),
  updateStrategy: struct('v1.StatefulSetUpdateStrategy', {
    type: str('v1.StatefulSetUpdateStrategyType'),
    rollingUpdate: struct('v1.RollingUpdateStatefulSetStrategy', { partition: i32, maxUnavailable: intstr }),
  }),
  revisionHistoryLimit: i32, minReadySeconds: i32,
  persistentVolumeClaimRetentionPolicy: struct('v1.StatefulSetPersistentVolumeClaimRetentionPolicy', {
    whenDeleted: str('v1.PersistentVolumeClaimRetentionPolicyType'), whenScaled: str('v1.PersistentVolumeClaimRetentionPolicyType'),
  }),
  ordinals: struct('v1.StatefulSetOrdinals', { start: i32 }),
});
const SERVICE_SPEC = struct('v1.ServiceSpec', {
  ports: listOf(struct('v1.ServicePort', { name: str(), protocol: str('v1.Protocol'), appProtocol: str(), port: i32, targetPort: intstr, nodePort: i32 })),
  selector: mapOf(str()), clusterIP: str(), clusterIPs: strings, type: str('v1.ServiceType'), externalIPs: strings,
  sessionAffinity: str('v1.ServiceAffinity'), loadBalancerIP: str(), loadBalancerSourceRanges: strings, externalName: str(),
  externalTrafficPolicy: str('v1.ServiceExternalTrafficPolicy'), healthCheckNodePort: i32, publishNotReadyAddresses: bool,
  sessionAffinityConfig: any, ipFamilies: listOf(str('v1.IPFamily')), ipFamilyPolicy: str('v1.IPFamilyPolicy'),
  allocateLoadBalancerNodePorts: bool, loadBalancerClass: str(), internalTrafficPolicy: str('v1.ServiceInternalTrafficPolicy'),
  trafficDistribution: str(),
});
const PV_SPEC = struct(
  'v1.PersistentVolumeSpec',
  {
    capacity: resourceList, accessModes: listOf(str('v1.PersistentVolumeAccessMode')), claimRef: struct('v1.ObjectReference', { kind: str(), namespace: str(), name: str(), uid: str('types.UID'), apiVersion: str(), resourceVersion: str(), fieldPath: str() }),
    persistentVolumeReclaimPolicy: str('v1.PersistentVolumeReclaimPolicy'), storageClassName: str(), mountOptions: strings,
    volumeMode: str('v1.PersistentVolumeMode'), volumeAttributesClassName: str(),
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
    Node: withSpec(), ReplicationController: withSpec(), DaemonSet: withSpec(), Deployment: withSpec(), ReplicaSet: withSpec(),
    HorizontalPodAutoscaler: withSpec(), CronJob: withSpec(), Job: withSpec(), Ingress: withSpec(), NetworkPolicy: withSpec(),
    PodDisruptionBudget: withSpec(),
    StorageClass: {
      apiVersion: str(), kind: str(), metadata: OBJECT_META, provisioner: str(), parameters: mapOf(str()),
      reclaimPolicy: str('v1.PersistentVolumeReclaimPolicy'), mountOptions: strings, allowVolumeExpansion: bool,
      volumeBindingMode: str('v1.VolumeBindingMode'), allowedTopologies: any,
    },
    ConfigMap: { apiVersion: str(), kind: str(), metadata: OBJECT_META, data: mapOf(str()), binaryData: mapOf(str('[]uint8')), immutable: bool },
    Secret: { apiVersion: str(), kind: str(), metadata: OBJECT_META, data: mapOf(str('[]uint8')), stringData: mapOf(str()), type: str('v1.SecretType'), immutable: bool },
    ControllerRevision: { apiVersion: str(), kind: str(), metadata: OBJECT_META, data: any, revision: i64 },
    Event: {
      apiVersion: str(), kind: str(), metadata: OBJECT_META, involvedObject: any, reason: str(), message: str(), source: any,
      firstTimestamp: any, lastTimestamp: any, count: i32, type: str(), eventTime: any, series: any, action: str(), related: any,
      reportingComponent: str(), reportingInstance: str(),
    },
    ServiceAccount: { apiVersion: str(), kind: str(), metadata: OBJECT_META, secrets: any, imagePullSecrets: any, automountServiceAccountToken: bool },
    Endpoints: { apiVersion: str(), kind: str(), metadata: OBJECT_META, subsets: any },
    Role: { apiVersion: str(), kind: str(), metadata: OBJECT_META, rules: any },
    ClusterRole: { apiVersion: str(), kind: str(), metadata: OBJECT_META, rules: any, aggregationRule: any },
    RoleBinding: { apiVersion: str(), kind: str(), metadata: OBJECT_META, subjects: any, roleRef: any },
    ClusterRoleBinding: { apiVersion: str(), kind: str(), metadata: OBJECT_META, subjects: any, roleRef: any },
  }).map(([kind, fields]) => [kind, struct(kind, fields)]),
);

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
        else if (shape.strict) out.unknown.push(at);
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
  if (!isObj(o)) return undefined;
  const kind = typeof o.kind === 'string' ? o.kind : '';
  // a kind sts does not know is refused by the REST mapper before this; its metadata is still typed
  const shape = KIND_SHAPES.get(kind) ?? struct(kind, { apiVersion: str(), kind: str(), metadata: OBJECT_META }, false);
  const out: Decoding = { unknown: [] };
  decode(o, shape, kind, [], '', out);
  if (out.typeError) return out.typeError;
  if (out.unknown.length) return `strict decoding error: ${out.unknown.map((k) => `unknown field "${k}"`).join(', ')}`;
  return undefined;
}

const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && LABEL_RE.test(s);
}

/** Name rules per kind (StatefulSets and namespaces: label; services: DNS-1035; most others: subdomain). */
export function nameErrors(kind: string, name: unknown, path = 'metadata.name'): FieldError[] {
  if (name === undefined || name === null || name === '') return [{ path, type: 'Required', detail: 'name or generateName is required' }];
  const n = typeof name === 'string' ? name : JSON.stringify(name);
  if (kind === 'StatefulSet' || kind === 'Namespace') {
    const errs: FieldError[] = [];
    if (n.length > 63) errs.push({ path, type: 'Invalid', value: n, detail: 'must be no more than 63 characters' });
    if (!LABEL_RE.test(n)) errs.push({ path, type: 'Invalid', value: n, detail: DNS1123_LABEL_MSG });
    return errs;
  }
  if (kind === 'Service') {
    const errs: FieldError[] = [];
    if (n.length > 63) errs.push({ path, type: 'Invalid', value: n, detail: 'must be no more than 63 characters' });
    if (!DNS1035_RE.test(n)) errs.push({ path, type: 'Invalid', value: n, detail: DNS1035_MSG });
    return errs;
  }
  if (n.length > 253) return [{ path, type: 'Invalid', value: n, detail: 'must be no more than 253 characters' }];
  if (!SUBDOMAIN_RE.test(n)) return [{ path, type: 'Invalid', value: n, detail: DNS1123_SUBDOMAIN_MSG }];
  return [];
}

const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelErrors(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    const parts = k.split('/');
    const name = parts.length === 2 ? parts[1] : parts[0];
    const prefix = parts.length === 2 ? parts[0] : undefined;
    if (parts.length > 2 || !QUALIFIED_NAME_RE.test(name) || name.length > 63 || (prefix !== undefined && !SUBDOMAIN_RE.test(prefix)))
      errs.push({
        path,
        type: 'Invalid',
        value: k,
        detail:
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      });
    if (v.length > 63 || !LABEL_VALUE_RE.test(v))
      errs.push({
        path,
        type: 'Invalid',
        value: v,
        detail:
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      });
  }
  return errs;
}

/** errs.push(...more) without a spread, which overflows the stack for very long lists. */
function pushAll(errs: FieldError[], more: FieldError[]): void {
  for (const e of more) errs.push(e);
}

/** ValidateLabelSelector (apimachinery metav1 validation): operators, values, keys. */
function labelSelectorErrors(sel: Json, path: string): FieldError[] {
  const errs = labelErrors(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((e: Json, i: number) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values: Json[] = e.values ?? [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (!values.length) errs.push({ path: `${at}.values`, type: 'Required', detail: "must be specified when `operator` is 'In' or 'NotIn'" });
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length) errs.push({ path: `${at}.values`, type: 'Forbidden', detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    } else errs.push({ path: `${at}.operator`, type: 'Invalid', value: e.operator ?? '', detail: 'not a valid selector operator' });
    pushAll(errs, labelErrors({ [e.key ?? '']: '' }, `${at}.key`));
  });
  return errs;
}

const nonNegative = (v: unknown, path: string): FieldError[] =>
  typeof v === 'number' && v < 0 ? [{ path, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' }] : [];

/** Not an API limit: what one cluster file can hold (a real API server allows up to 2^31-1). */
export const MAX_SIMULATED_REPLICAS = 1_000_000;

function maxUnavailableErrors(v: unknown): FieldError[] {
  const path = 'spec.updateStrategy.rollingUpdate.maxUnavailable';
  if (v === undefined) return [];
  if (typeof v === 'number') {
    if (v < 0) return [{ path, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' }];
    if (v === 0) return [{ path, type: 'Invalid', value: v, detail: 'cannot be 0' }];
    return [];
  }
  const s = String(v);
  if (!/^[0-9]+%$/.test(s))
    return [
      {
        path,
        type: 'Invalid',
        value: s,
        detail: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      },
    ];
  const n = Number(s.slice(0, -1));
  if (n === 0) return [{ path, type: 'Invalid', value: s, detail: 'cannot be 0' }];
  if (n > 100) return [{ path, type: 'Invalid', value: s, detail: 'must not be greater than 100%' }];
  return [];
}

function validateStatefulSet(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  if (s.serviceName && !isDns1123Label(String(s.serviceName)))
    errs.push({ path: 'spec.serviceName', type: 'Invalid', value: s.serviceName, detail: DNS1123_LABEL_MSG });
  if (!['OrderedReady', 'Parallel'].includes(s.podManagementPolicy))
    errs.push({ path: 'spec.podManagementPolicy', type: 'Invalid', value: s.podManagementPolicy, detail: "must be 'OrderedReady' or 'Parallel'" });
  const us = s.updateStrategy ?? {};
  if (us.type === 'OnDelete') {
    if (us.rollingUpdate !== undefined)
      errs.push({ path: 'spec.updateStrategy.rollingUpdate', type: 'Invalid', value: us, detail: "only allowed for updateStrategy 'RollingUpdate'" });
  } else if (us.type === 'RollingUpdate') {
    pushAll(errs, nonNegative(us.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
    pushAll(errs, maxUnavailableErrors(us.rollingUpdate?.maxUnavailable));
  } else {
    errs.push({ path: 'spec.updateStrategy', type: 'Invalid', value: us, detail: "must be 'RollingUpdate' or 'OnDelete'" });
  }
  const rp = s.persistentVolumeClaimRetentionPolicy ?? {};
  for (const f of ['whenDeleted', 'whenScaled'])
    if (!['Retain', 'Delete'].includes(rp[f]))
      errs.push({ path: `spec.persistentVolumeClaimRetentionPolicy.${f}`, type: 'Unsupported', value: rp[f], supported: ['Retain', 'Delete'] });
  pushAll(errs, nonNegative(s.replicas, 'spec.replicas'));
  if (typeof s.replicas === 'number' && s.replicas > MAX_SIMULATED_REPLICAS)
    errs.push({ path: 'spec.replicas', type: 'Invalid', value: s.replicas, detail: `sts simulates at most ${MAX_SIMULATED_REPLICAS} replicas per StatefulSet` });
  pushAll(errs, nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  pushAll(errs, nonNegative(s.ordinals?.start, 'spec.ordinals.start'));
  const sel = s.selector;
  if (!isObj(sel)) errs.push({ path: 'spec.selector', type: 'Required' });
  else if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)
    errs.push({ path: 'spec.selector', type: 'Invalid', value: sel, detail: 'empty selector is invalid for statefulset' });
  const selectorErrs = isObj(sel) ? labelSelectorErrors(sel, 'spec.selector') : [];
  pushAll(errs, selectorErrs);
  const tpl = s.template;
  if (!isObj(tpl)) errs.push({ path: 'spec.template', type: 'Required' });
  else {
    const labels = tpl.metadata?.labels ?? {};
    if (isObj(sel) && !selectorErrs.length && !matches(fromLabelSelector(sel), labels))
      errs.push({ path: 'spec.template.metadata.labels', type: 'Invalid', value: labels, detail: '`selector` does not match template `labels`' });
    pushAll(errs, labelErrors(labels, 'spec.template.labels'));
    const rpol = tpl.spec?.restartPolicy;
    if (rpol !== undefined && rpol !== 'Always')
      errs.push({ path: 'spec.template.spec.restartPolicy', type: 'Unsupported', value: rpol, supported: ['Always'] });
    if (tpl.spec?.activeDeadlineSeconds !== undefined)
      errs.push({ path: 'spec.template.spec.activeDeadlineSeconds', type: 'Forbidden', detail: 'activeDeadlineSeconds in StatefulSet is not Supported' });
  }
  return errs;
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** PVC spec rules; also used for claims made from volumeClaimTemplates. */
export function validateClaimSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const modes = spec?.accessModes;
  if (!Array.isArray(modes) || modes.length === 0)
    errs.push({ path: `${path}.accessModes`, type: 'Required', detail: 'at least 1 access mode is required' });
  else
    for (const m of modes)
      if (!ACCESS_MODES.includes(m)) errs.push({ path: `${path}.accessModes`, type: 'Unsupported', value: m, supported: ACCESS_MODES });
  const storage = spec?.resources?.requests?.storage;
  if (storage === undefined) errs.push({ path: `${path}.resources[storage]`, type: 'Required' });
  else if (parseQuantity(storage) === undefined)
    errs.push({ path: `${path}.resources.requests[storage]`, type: 'Invalid', value: storage, detail: QUANTITY_ERROR });
  else if ((parseQuantity(storage) ?? 0) <= 0)
    errs.push({ path: `${path}.resources.requests[storage]`, type: 'Invalid', value: storage, detail: 'must be greater than zero' });
  return errs;
}

/** Pod spec rules the API server applies to a pod when it is created. */
export function validatePodSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const cs = spec?.containers;
  if (!Array.isArray(cs) || cs.length === 0) return [{ path: `${path}.containers`, type: 'Required' }];
  cs.forEach((c: Json, i: number) => {
    if (!c?.name) errs.push({ path: `${path}.containers[${i}].name`, type: 'Required' });
    if (!c?.image) errs.push({ path: `${path}.containers[${i}].image`, type: 'Required' });
  });
  return errs;
}

export function validate(o: KObject): FieldError[] {
  const errs = nameErrors(o.kind, o.metadata.name);
  pushAll(errs, labelErrors(o.metadata.labels, 'metadata.labels'));
  switch (o.kind) {
    case 'StatefulSet':
      pushAll(errs, validateStatefulSet(o));
      break;
    case 'PersistentVolumeClaim':
      pushAll(errs, validateClaimSpec(o.spec));
      break;
    case 'Pod':
      pushAll(errs, validatePodSpec(o.spec));
      break;
    case 'StorageClass':
      if (!o.provisioner) errs.push({ path: 'provisioner', type: 'Required' });
      if (!['Delete', 'Retain'].includes(o.reclaimPolicy))
        errs.push({ path: 'reclaimPolicy', type: 'Unsupported', value: o.reclaimPolicy, supported: ['Delete', 'Retain'] });
      if (!['Immediate', 'WaitForFirstConsumer'].includes(o.volumeBindingMode))
        errs.push({ path: 'volumeBindingMode', type: 'Unsupported', value: o.volumeBindingMode, supported: ['Immediate', 'WaitForFirstConsumer'] });
      break;
    case 'PersistentVolume': {
      const cap = o.spec?.capacity?.storage;
      if (cap === undefined) errs.push({ path: 'spec.capacity', type: 'Required' });
      else if (parseQuantity(cap) === undefined)
        errs.push({ path: 'spec.capacity[storage]', type: 'Invalid', value: cap, detail: QUANTITY_ERROR });
      if (!Array.isArray(o.spec?.accessModes) || !o.spec.accessModes.length)
        errs.push({ path: 'spec.accessModes', type: 'Required' });
      break;
    }
    case 'Service': {
      const s = o.spec ?? {};
      const headless = s.clusterIP === 'None';
      if (!headless && s.type !== 'ExternalName' && (!Array.isArray(s.ports) || !s.ports.length))
        errs.push({ path: 'spec.ports', type: 'Required' });
      (Array.isArray(s.ports) ? s.ports : []).forEach((p: Json, i: number) => {
        const port = p.port ?? 0;
        if (!(port >= 1 && port <= 65535))
          errs.push({ path: `spec.ports[${i}].port`, type: 'Invalid', value: port, detail: 'must be between 1 and 65535, inclusive' });
      });
      if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(s.type))
        errs.push({ path: 'spec.type', type: 'Unsupported', value: s.type, supported: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] });
      break;
    }
  }
  return errs;
}

const STS_MUTABLE = [
  'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy', 'minReadySeconds',
];

/** Update rules: for StatefulSets only the mutable spec fields may change. */
export function validateUpdate(oldObj: KObject, newObj: KObject): FieldError[] {
  if (newObj.kind !== 'StatefulSet') return [];
  const strip = (spec: Json) => {
    const c = { ...spec };
    for (const f of STS_MUTABLE) delete c[f];
    return canonical(c);
  };
  if (strip(oldObj.spec) !== strip(newObj.spec))
    return [
      {
        path: 'spec',
        type: 'Forbidden',
        detail:
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      },
    ];
  return [];
}

/** JSON with sorted keys: for equality checks and hashing. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
