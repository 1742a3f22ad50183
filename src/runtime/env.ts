// A container's environment as the kubelet makes it (kubelet_pods.go makeEnvironmentVariables):
// envFrom first, then env in order, `$(VAR)` expanded against what is defined so far
// (third_party/forked/golang/expansion), values from ConfigMaps, Secrets, the downward API.
import { goQuote } from '../api/go-json.js';
import { parseQuantity } from '../api/quantity.js';
import type { Container, Json, KObject } from '../api/types.js';

/** Looks a ConfigMap or Secret up in the pod's namespace. */
export type SourceLookup = (kind: 'ConfigMap' | 'Secret', name: string) => KObject | undefined;

/** What a node offers a container without limits (the kubelet puts allocatable in their place). */
export const NODE_ALLOCATABLE: Record<string, string> = { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' };

/** Kubernetes' `$(VAR)` expansion: `$$` is a literal `$`, an undefined `$(X)` stays as it is. */
export function expand(input: string, vars: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i++;
        continue;
      }
      const name = input.slice(i + 2, close);
      const v = vars(name);
      out += v ?? `$(${name})`;
      i = close;
    } else {
      out += `$${next}`;
      i++;
    }
  }
  return out;
}

/** A key of a ConfigMap (data, or binaryData base64-decoded) or a Secret (data, base64-decoded), as bytes. */
export function sourceBytes(o: KObject | undefined, key: string): Buffer | undefined {
  if (!o) return undefined;
  if (o.kind === 'Secret') return typeof o.data?.[key] === 'string' ? Buffer.from(o.data[key], 'base64') : undefined;
  if (typeof o.data?.[key] === 'string') return Buffer.from(o.data[key], 'utf8');
  if (typeof o.binaryData?.[key] === 'string') return Buffer.from(o.binaryData[key], 'base64');
  return undefined;
}

/** The same, as text (what an environment variable gets). */
export const sourceValue = (o: KObject | undefined, key: string): string | undefined => sourceBytes(o, key)?.toString('utf8');

/** Every key of a ConfigMap or Secret with its value as text. */
export function sourceEntries(o: KObject): [string, string][] {
  const keys = [...Object.keys(o.data ?? {}), ...(o.kind === 'ConfigMap' ? Object.keys(o.binaryData ?? {}) : [])];
  return keys.map((k) => [k, sourceValue(o, k) ?? '']);
}

/** fieldpath.FormatMap: `k="v"` lines sorted by key, without a final newline. */
export const formatMap = (m: Record<string, string> | undefined) =>
  Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${goQuote(m![k])}`)
    .join('\n');

/** A downward API field of the pod (fieldpath.ExtractFieldPathAsString and the kubelet's podIP/hostIP). */
export function fieldValue(pod: KObject, path: string): string | undefined {
  const m = pod.metadata;
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (sub) return (m[sub[1]] as Record<string, string> | undefined)?.[sub[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return m.name;
    case 'metadata.namespace':
      return m.namespace;
    case 'metadata.uid':
      return m.uid;
    case 'metadata.labels':
      return formatMap(m.labels);
    case 'metadata.annotations':
      return formatMap(m.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((p: Json) => p.ip).join(',');
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return (pod.status?.hostIPs ?? []).map((p: Json) => p.ip).join(',');
  }
  return undefined;
}

/** resourceFieldRef (resource.ExtractContainerResourceValue): cpu in whole divisors rounded up
 *  (millicores compared), memory and storage likewise; an unset limit is the node's allocatable. */
export function resourceValue(ctr: Container | undefined, ref: Json, allocatable: Record<string, string> = NODE_ALLOCATABLE): string | undefined {
  const [kind, name] = String(ref.resource ?? '').split('.', 2) as [string, string];
  if ((kind !== 'limits' && kind !== 'requests') || !name) return undefined;
  const res = (ctr?.resources ?? {}) as Json;
  let q = res[kind]?.[name];
  if (q === undefined && kind === 'limits') q = allocatable[name];
  if (q === undefined && kind === 'requests') q = res.limits?.[name] ?? (name === 'cpu' ? '0' : '0');
  const value = parseQuantity(q) ?? 0;
  const divisor = parseQuantity(ref.divisor ?? '1') || 1;
  // compare in millis for cpu so 250m / 1m is exactly 250
  const ratio = name === 'cpu' ? Math.round(value * 1000) / Math.round(divisor * 1000) : value / divisor;
  return String(Math.ceil(ratio - 1e-9));
}

export interface EnvVar {
  name: string;
  value: string;
}

/** The variables a container's env and envFrom define, in order (later ones replace earlier). */
export function containerEnv(pod: KObject, ctr: Container, lookup: SourceLookup, base: Record<string, string> = {}): EnvVar[] {
  const out = new Map<string, string>();
  const defined = (n: string) => out.get(n) ?? base[n];
  for (const from of (ctr.envFrom ?? []) as Json[]) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref?.name) continue;
    const o = lookup(from.configMapRef ? 'ConfigMap' : 'Secret', ref.name);
    if (!o) continue;
    for (const [k, v] of sourceEntries(o)) out.set(`${from.prefix ?? ''}${k}`, v);
  }
  for (const e of (ctr.env ?? []) as Json[]) {
    if (!e?.name) continue;
    const vf = e.valueFrom;
    let v: string | undefined;
    if (!vf) v = expand(String(e.value ?? ''), defined);
    else if (vf.configMapKeyRef) v = sourceValue(lookup('ConfigMap', vf.configMapKeyRef.name), vf.configMapKeyRef.key);
    else if (vf.secretKeyRef) v = sourceValue(lookup('Secret', vf.secretKeyRef.name), vf.secretKeyRef.key);
    else if (vf.fieldRef) v = fieldValue(pod, vf.fieldRef.fieldPath);
    else if (vf.resourceFieldRef) {
      const target = vf.resourceFieldRef.containerName
        ? ((pod.spec?.containers ?? []) as Container[]).find((x) => x.name === vf.resourceFieldRef.containerName)
        : ctr;
      v = resourceValue(target, vf.resourceFieldRef);
    }
    // a missing optional key leaves the variable unset (a required one keeps the container from starting)
    if (v !== undefined) out.set(e.name, v);
  }
  return [...out].map(([name, value]) => ({ name, value }));
}

/**
 * Why the kubelet cannot make a container's environment (kubelet_pods.go makeEnvironmentVariables):
 * a ConfigMap or Secret, or a key in one, that env or envFrom needs and that is not optional.
 * The container is not created (CreateContainerConfigError) while this says something.
 */
export function envProblem(ns: string, ctr: Container, lookup: SourceLookup): string | undefined {
  for (const from of (ctr.envFrom ?? []) as Json[]) {
    const ref = from?.configMapRef ?? from?.secretRef;
    if (!ref?.name || ref.optional) continue;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    if (!lookup(kind, ref.name)) return `${kind.toLowerCase()} "${ref.name}" not found`;
  }
  for (const e of (ctr.env ?? []) as Json[]) {
    const ref = e?.valueFrom?.configMapKeyRef ?? e?.valueFrom?.secretKeyRef;
    if (!ref?.name || ref.optional) continue;
    const kind = e.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret';
    const o = lookup(kind, ref.name);
    if (!o) return `${kind.toLowerCase()} "${ref.name}" not found`;
    if (sourceValue(o, ref.key) === undefined) return `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`;
  }
  return undefined;
}
