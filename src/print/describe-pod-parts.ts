// The parts of `describe pod` (and of a template's describe): a container's block — its state,
// resources, probes, environment and mounts — volumes, QoS and tolerations, as kubectl 1.33 prints
// them (pkg/describe/describe.go: describeContainers, describeStatus, describeResources,
// DescribeProbe, describeVolumes, printTolerationsMultilineWithIndent; qos.GetPodQOS).
import { parseQuantity } from '../api/quantity.js';
import type { Json, KObject } from '../api/types.js';
import { fieldValue, resourceValue } from '../runtime/env.js';
import { rfc1123 } from './age.js';

interface Writer {
  add(indent: number, text: string): void;
}

/** `pod`: the pod whose metadata fieldRefs resolve (kubectl's EnvValueRetriever); none for a template. */
export function envLines(l: Writer, indent: number, c: Json, pod?: KObject): void {
  const from: Json[] = c.envFrom ?? [];
  if (from.length) {
    l.add(indent, 'Environment Variables from:');
    for (const f of from) {
      const ref = f.configMapRef ?? f.secretRef ?? {};
      const kind = f.configMapRef ? 'ConfigMap' : 'Secret';
      const prefix = f.prefix ? ` with prefix '${f.prefix}'` : '';
      l.add(indent + 1, `${ref.name ?? ''}\t${kind}${prefix}\tOptional: ${ref.optional === true}`);
    }
  }
  const e: Json[] = c.env ?? [];
  if (!e.length) {
    l.add(indent, 'Environment:\t<none>');
    return;
  }
  l.add(indent, 'Environment:');
  for (const v of e) {
    const vf = v.valueFrom;
    let text: string;
    if (!vf) text = v.value ?? '';
    else if (vf.fieldRef) text = `${fieldRefValue(pod, vf.fieldRef.fieldPath)} (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})`;
    else if (vf.resourceFieldRef) text = `${resourceValue(c, vf.resourceFieldRef, {}) ?? ''} (${vf.resourceFieldRef.resource})`;
    else if (vf.secretKeyRef)
      text = `<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}`;
    else if (vf.configMapKeyRef)
      text = `<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}`;
    else text = '';
    l.add(indent + 1, `${v.name}:\t${text}`);
  }
}

export function mountLines(l: Writer, indent: number, c: Json): void {
  const ms: Json[] = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
  if (!ms.length) {
    l.add(indent, 'Mounts:\t<none>');
    return;
  }
  l.add(indent, 'Mounts:');
  for (const m of ms) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path="${m.subPath}"`] : [])];
    l.add(indent + 1, `${m.mountPath} from ${m.name} (${flags.join(',')})`);
  }
}

function projectedLines(l: Writer, i: number, p: Json): void {
  l.add(i, 'Type:\tProjected (a volume that contains injected data from multiple sources)');
  for (const s of (p.sources ?? []) as Json[]) {
    if (s.secret) {
      l.add(i, `SecretName:\t${s.secret.name}`);
      l.add(i, `Optional:\t${s.secret.optional ?? false}`);
    } else if (s.downwardAPI) l.add(i, 'DownwardAPI:\ttrue');
    else if (s.configMap) {
      l.add(i, `ConfigMapName:\t${s.configMap.name}`);
      l.add(i, `Optional:\t${s.configMap.optional ?? false}`);
    } else if (s.serviceAccountToken) l.add(i, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}`);
  }
}

export function volumeLines(l: Writer, indent: number, vols: Json[] | undefined): void {
  if (!vols?.length) {
    l.add(indent, 'Volumes:\t<none>');
    return;
  }
  l.add(indent, 'Volumes:');
  for (const v of vols) {
    l.add(indent + 1, `${v.name}:`);
    const i = indent + 2;
    if (v.persistentVolumeClaim) {
      l.add(i, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      l.add(i, `ClaimName:\t${v.persistentVolumeClaim.claimName}`);
      l.add(i, `ReadOnly:\t${v.persistentVolumeClaim.readOnly ?? false}`);
    } else if (v.emptyDir) {
      l.add(i, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
      l.add(i, `Medium:\t${v.emptyDir.medium ?? ''}`);
      l.add(i, `SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}`);
    } else if (v.configMap) {
      l.add(i, 'Type:\tConfigMap (a volume populated by a ConfigMap)');
      l.add(i, `Name:\t${v.configMap.name}`);
      l.add(i, `Optional:\t${v.configMap.optional ?? false}`);
    } else if (v.secret) {
      l.add(i, 'Type:\tSecret (a volume populated by a Secret)');
      l.add(i, `SecretName:\t${v.secret.secretName}`);
      l.add(i, `Optional:\t${v.secret.optional ?? false}`);
    } else if (v.downwardAPI) {
      l.add(i, 'Type:\tDownwardAPI (a volume populated by information about the pod)');
      l.add(i, 'Items:');
      for (const it of (v.downwardAPI.items ?? []) as Json[])
        l.add(i + 1, `${it.fieldRef ? it.fieldRef.fieldPath : (it.resourceFieldRef?.resource ?? '')} -> ${it.path}`);
    } else if (v.projected) projectedLines(l, i, v.projected);
    else if (v.hostPath) {
      l.add(i, 'Type:\tHostPath (bare host directory volume)');
      l.add(i, `Path:\t${v.hostPath.path}`);
      l.add(i, `HostPathType:\t${v.hostPath.type ?? ''}`);
    } else {
      const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
      l.add(i, `Type:\t${kind}`);
    }
  }
}

/** Port or ports, and host ports: `80/TCP`, several joined by `, ` (no port names in 1.33). */
function portLines(l: Writer, c: Json): void {
  const ps: Json[] = c.ports ?? [];
  const port = ps.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
  const host = ps.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
  l.add(2, port.includes(',') ? `Ports:\t${port}` : `Port:\t${port || '<none>'}`);
  l.add(2, host.includes(',') ? `Host Ports:\t${host}` : `Host Port:\t${host || '<none>'}`);
}

/** describeContainerCommand: the title alone, then each word (and each line of it) below. */
function commandLines(l: Writer, c: Json): void {
  for (const [title, words] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as const) {
    if (!Array.isArray(words) || !words.length) continue;
    l.add(2, `${title}:`);
    for (const w of words) for (const line of String(w).split('\n')) l.add(3, line);
  }
}

const GO_ZERO_TIME = 'Mon, 01 Jan 0001 00:00:00 +0000';
const goTime = (t: string | undefined) => (t ? rfc1123(t) : GO_ZERO_TIME);

/** describeStatus: Running (+Started), Waiting (+Reason), Terminated (+Reason, Message, Exit Code, Signal, Started, Finished). */
function stateLines(l: Writer, label: string, s: Json): void {
  if (s?.running) {
    l.add(2, `${label}:\tRunning`);
    l.add(3, `Started:\t${goTime(s.running.startedAt)}`);
  } else if (s?.waiting) {
    l.add(2, `${label}:\tWaiting`);
    if (s.waiting.reason) l.add(3, `Reason:\t${s.waiting.reason}`);
  } else if (s?.terminated) {
    const t = s.terminated;
    l.add(2, `${label}:\tTerminated`);
    if (t.reason) l.add(3, `Reason:\t${t.reason}`);
    if (t.message) l.add(3, `Message:\t${t.message}`);
    l.add(3, `Exit Code:\t${t.exitCode ?? 0}`);
    if (t.signal > 0) l.add(3, `Signal:\t${t.signal}`);
    l.add(3, `Started:\t${goTime(t.startedAt)}`);
    l.add(3, `Finished:\t${goTime(t.finishedAt)}`);
  } else l.add(2, `${label}:\tWaiting`);
}

/** describeResources: `Limits:` then `Requests:`, each resource sorted by name. */
export function resourceLines(l: Writer, indent: number, r: Json): void {
  for (const [title, list] of [
    ['Limits', r?.limits],
    ['Requests', r?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (!names.length) continue;
    l.add(indent, `${title}:`);
    for (const n of names) l.add(indent + 1, `${n}:\t${list[n]}`);
  }
}

/** Go's url.URL{Scheme, Host, Path}.String() for an httpGet probe. */
function probeURL(h: Json): string {
  const port = h.port === undefined || h.port === null ? '' : String(h.port);
  const host = h.host ?? '';
  const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
  const scheme = String(h.scheme ?? '').toLowerCase();
  let path = encodeURI(String(h.path ?? ''))
    .replace(/\?/g, '%3F')
    .replace(/#/g, '%23');
  if (path && !path.startsWith('/') && hostPort) path = `/${path}`;
  const authority = hostPort || path ? `//${hostPort}` : '';
  return `${scheme ? `${scheme}:` : ''}${authority}${path}`;
}

/** DescribeProbe (kubectl 1.33: `#success`/`#failure`; later versions spell the thresholds out). */
export function probeText(p: Json): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) return `http-get ${probeURL(p.httpGet)} ${attrs}`;
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/**
 * One container's block (describeContainers' loop body): a pod's, with its status when it has one,
 * or a template's (`template`: the name one space further in, no status).
 */
export function containerLines(l: Writer, c: Json, status: Json | undefined, template = false, pod?: KObject): void {
  l.add(1, `${template ? ' ' : ''}${c.name}:`);
  if (status) l.add(2, `Container ID:\t${status.containerID ?? ''}`);
  l.add(2, `Image:\t${c.image ?? ''}`);
  if (status) l.add(2, `Image ID:\t${status.imageID ?? ''}`);
  portLines(l, c);
  commandLines(l, c);
  if (status) {
    stateLines(l, 'State', status.state);
    if (status.lastState?.terminated) stateLines(l, 'Last State', status.lastState);
    l.add(2, `Ready:\t${status.ready ? 'True' : 'False'}`);
    l.add(2, `Restart Count:\t${status.restartCount ?? 0}`);
  }
  resourceLines(l, 2, c.resources);
  if (c.livenessProbe) l.add(2, `Liveness:\t${probeText(c.livenessProbe)}`);
  if (c.readinessProbe) l.add(2, `Readiness:\t${probeText(c.readinessProbe)}`);
  if (c.startupProbe) l.add(2, `Startup:\t${probeText(c.startupProbe)}`);
  envLines(l, 2, c, pod);
  mountLines(l, 2, c);
}

/** fieldpath.ExtractFieldPathAsString: only metadata fields resolve there (spec.nodeName and
 *  status.podIP are the kubelet's to fill in, so describe shows them empty). */
function fieldRefValue(pod: KObject | undefined, path: string): string {
  return pod && path.startsWith('metadata.') ? (fieldValue(pod, path) ?? '') : '';
}

/** qos.GetPodQOS, for a Pod object without status.qosClass: from its cpu and memory requests and limits. */
export function podQOS(spec: Json): string {
  const requests: Record<string, number> = {};
  const limits: Record<string, number> = {};
  let guaranteed = true;
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])] as Json[]) {
    const add = (into: Record<string, number>, list: Json) => {
      const found = new Set<string>();
      for (const name of ['cpu', 'memory']) {
        const v = parseQuantity(list?.[name]) ?? 0;
        if (v === 0) continue;
        into[name] = (into[name] ?? 0) + v;
        found.add(name);
      }
      return found;
    };
    // a Pod's requests default to its limits (SetDefaults_Pod)
    add(requests, { ...c.resources?.limits, ...c.resources?.requests });
    if (add(limits, c.resources?.limits).size < 2) guaranteed = false;
  }
  if (!Object.keys(requests).length && !Object.keys(limits).length) return 'BestEffort';
  if (guaranteed && Object.entries(requests).every(([k, v]) => limits[k] === v) && Object.keys(requests).length === Object.keys(limits).length)
    return 'Guaranteed';
  return 'Burstable';
}

/** A toleration as printTolerationsMultilineWithIndent writes it: `key=value:Effect op=Exists for 300s`. */
function tolerationText(t: Json): string {
  let s = `${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

/** The tolerations' lines, sorted by key as kubectl sorts them. */
export const tolerationItems = (ts: Json[] | undefined): string[] =>
  [...(ts ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0)).map(tolerationText);
