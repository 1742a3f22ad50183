// Decoding and validation, with the API server's texts. Decoding errors (wrong JSON types,
// unknown fields) come first, as BadRequest; then field validation, as Invalid.
import { fromLabelSelector, matches } from './labels.js';
import { parseQuantity, QUANTITY_ERROR } from './quantity.js';
import type { FieldError } from './errors.js';
import type { Json, KObject } from './types.js';

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const jsonType = (v: unknown) =>
  Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v === 'object' ? 'object' : typeof v;

const META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers',
  'managedFields', 'selfLink',
]);

const SPEC_FIELDS: Record<string, { go: string; fields: Set<string> }> = {
  StatefulSet: {
    go: 'StatefulSetSpec',
    fields: new Set([
      'replicas', 'selector', 'serviceName', 'template', 'volumeClaimTemplates', 'podManagementPolicy',
      'updateStrategy', 'revisionHistoryLimit', 'minReadySeconds', 'persistentVolumeClaimRetentionPolicy', 'ordinals',
    ]),
  },
  PersistentVolumeClaim: {
    go: 'PersistentVolumeClaimSpec',
    fields: new Set([
      'accessModes', 'selector', 'resources', 'volumeName', 'storageClassName', 'volumeMode', 'dataSource',
      'dataSourceRef', 'volumeAttributesClassName',
    ]),
  },
  Service: {
    go: 'ServiceSpec',
    fields: new Set([
      'ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP',
      'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort',
      'publishNotReadyAddresses', 'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy',
      'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution',
    ]),
  },
};

const TOP_FIELDS: Record<string, Set<string>> = {
  StorageClass: new Set([
    'apiVersion', 'kind', 'metadata', 'provisioner', 'parameters', 'reclaimPolicy', 'mountOptions',
    'allowVolumeExpansion', 'volumeBindingMode', 'allowedTopologies',
  ]),
};

const INT_FIELDS: Record<string, string[]> = {
  StatefulSet: ['replicas', 'revisionHistoryLimit', 'minReadySeconds'],
};

/** Spec fields that must be objects / lists, with the Go type the decoder names. */
const SHAPES: Record<string, Record<string, [kind: 'object' | 'array' | 'string', goType: string]>> = {
  StatefulSet: {
    selector: ['object', '*v1.LabelSelector'],
    template: ['object', 'v1.PodTemplateSpec'],
    volumeClaimTemplates: ['array', '[]v1.PersistentVolumeClaim'],
    updateStrategy: ['object', 'v1.StatefulSetUpdateStrategy'],
    persistentVolumeClaimRetentionPolicy: ['object', '*v1.StatefulSetPersistentVolumeClaimRetentionPolicy'],
    ordinals: ['object', '*v1.StatefulSetOrdinals'],
    serviceName: ['string', 'string'],
    podManagementPolicy: ['string', 'v1.PodManagementPolicyType'],
  },
  PersistentVolumeClaim: { accessModes: ['array', '[]v1.PersistentVolumeAccessMode'], resources: ['object', 'v1.VolumeResourceRequirements'] },
  Service: { ports: ['array', '[]v1.ServicePort'], selector: ['object', 'map[string]string'] },
};

function shapeError(kind: string, go: string, path: string, v: unknown, want: 'object' | 'array' | 'string', goType: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  const ok = want === 'array' ? Array.isArray(v) : want === 'object' ? isObj(v) : typeof v === 'string';
  return ok ? undefined : `json: cannot unmarshal ${jsonType(v)} into Go struct field ${go}.${path} of type ${goType}`;
}

/** The decoder's complaint about a document, or undefined. Text follows `... cannot be handled as a Kind: `. */
export function decodeError(o: KObject): string | undefined {
  const m = (o.metadata ?? {}) as Json;
  if (!isObj(m)) return `json: cannot unmarshal ${jsonType(m)} into Go struct field ${o.kind}.metadata of type v1.ObjectMeta`;
  if (m.name !== undefined && typeof m.name !== 'string')
    return `json: cannot unmarshal ${jsonType(m.name)} into Go struct field ObjectMeta.metadata.name of type string`;
  if (m.namespace !== undefined && typeof m.namespace !== 'string')
    return `json: cannot unmarshal ${jsonType(m.namespace)} into Go struct field ObjectMeta.metadata.namespace of type string`;
  for (const f of ['labels', 'annotations'] as const) {
    const v = m[f];
    if (v === undefined || v === null) continue;
    if (!isObj(v)) return `json: cannot unmarshal ${jsonType(v)} into Go struct field ObjectMeta.metadata.${f} of type map[string]string`;
    for (const x of Object.values(v))
      if (typeof x !== 'string') return `json: cannot unmarshal ${jsonType(x)} into Go struct field ObjectMeta.metadata.${f} of type string`;
  }
  for (const k of Object.keys(m)) if (!META_FIELDS.has(k)) return `strict decoding error: unknown field "metadata.${k}"`;
  const top = TOP_FIELDS[o.kind];
  if (top) for (const k of Object.keys(o)) if (!top.has(k)) return `strict decoding error: unknown field "${k}"`;
  const sf = SPEC_FIELDS[o.kind];
  if (sf && o.spec !== undefined) {
    if (!isObj(o.spec)) return `json: cannot unmarshal ${jsonType(o.spec)} into Go struct field ${o.kind}.spec of type v1.${sf.go}`;
    for (const f of INT_FIELDS[o.kind] ?? []) {
      const v = o.spec[f];
      if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isInteger(v)))
        return `json: cannot unmarshal ${jsonType(v)} into Go struct field ${sf.go}.spec.${f} of type int32`;
    }
    for (const [f, [want, goType]] of Object.entries(SHAPES[o.kind] ?? {})) {
      const e = shapeError(o.kind, sf.go, `spec.${f}`, o.spec[f], want, goType);
      if (e) return e;
    }
    if (o.kind === 'StatefulSet') {
      const tpl = o.spec.template;
      if (isObj(tpl)) {
        if (tpl.spec !== undefined && tpl.spec !== null && !isObj(tpl.spec))
          return `json: cannot unmarshal ${jsonType(tpl.spec)} into Go struct field PodTemplateSpec.spec.template.spec of type v1.PodSpec`;
        const cs = isObj(tpl.spec) ? tpl.spec.containers : undefined;
        const e = shapeError(o.kind, 'PodSpec', 'spec.template.spec.containers', cs, 'array', '[]v1.Container');
        if (e) return e;
      }
      for (const t of Array.isArray(o.spec.volumeClaimTemplates) ? o.spec.volumeClaimTemplates : [])
        if (!isObj(t)) return `json: cannot unmarshal ${jsonType(t)} into Go struct field StatefulSetSpec.spec.volumeClaimTemplates of type v1.PersistentVolumeClaim`;
    }
    const unknown = Object.keys(o.spec).filter((k) => !sf.fields.has(k));
    if (unknown.length) return `strict decoding error: ${unknown.map((k) => `unknown field "spec.${k}"`).join(', ')}`;
  }
  if (o.kind === 'Pod' && isObj(o.spec)) {
    const e = shapeError('Pod', 'PodSpec', 'spec.containers', o.spec.containers, 'array', '[]v1.Container');
    if (e) return e;
  }
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
  if (name === undefined || name === '') return [{ path, type: 'Required', detail: 'name or generateName is required' }];
  const n = String(name);
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
    errs.push(...nonNegative(us.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
    errs.push(...maxUnavailableErrors(us.rollingUpdate?.maxUnavailable));
  } else {
    errs.push({ path: 'spec.updateStrategy', type: 'Invalid', value: us, detail: "must be 'RollingUpdate' or 'OnDelete'" });
  }
  const rp = s.persistentVolumeClaimRetentionPolicy ?? {};
  for (const f of ['whenDeleted', 'whenScaled'])
    if (!['Retain', 'Delete'].includes(rp[f]))
      errs.push({ path: `spec.persistentVolumeClaimRetentionPolicy.${f}`, type: 'Unsupported', value: rp[f], supported: ['Retain', 'Delete'] });
  errs.push(...nonNegative(s.replicas, 'spec.replicas'));
  if (typeof s.replicas === 'number' && s.replicas > MAX_SIMULATED_REPLICAS)
    errs.push({ path: 'spec.replicas', type: 'Invalid', value: s.replicas, detail: `sts simulates at most ${MAX_SIMULATED_REPLICAS} replicas per StatefulSet` });
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(s.ordinals?.start, 'spec.ordinals.start'));
  const sel = s.selector;
  if (!isObj(sel)) errs.push({ path: 'spec.selector', type: 'Required' });
  else if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)
    errs.push({ path: 'spec.selector', type: 'Invalid', value: sel, detail: 'empty selector is invalid for statefulset' });
  const tpl = s.template;
  if (!isObj(tpl)) errs.push({ path: 'spec.template', type: 'Required' });
  else {
    const labels = tpl.metadata?.labels ?? {};
    if (isObj(sel) && !matches(fromLabelSelector(sel), labels))
      errs.push({ path: 'spec.template.metadata.labels', type: 'Invalid', value: labels, detail: '`selector` does not match template `labels`' });
    errs.push(...labelErrors(labels, 'spec.template.labels'));
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
  errs.push(...labelErrors(o.metadata.labels, 'metadata.labels'));
  switch (o.kind) {
    case 'StatefulSet':
      errs.push(...validateStatefulSet(o));
      break;
    case 'PersistentVolumeClaim':
      errs.push(...validateClaimSpec(o.spec));
      break;
    case 'Pod':
      errs.push(...validatePodSpec(o.spec));
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
