// A service's endpoints, derived (not stored): the ready pods its selector matches, as the v1 Endpoints
// object and as the EndpointSlice the endpointslice controller (pkg/controller/endpointslice) keeps.
import { hash } from '../api/crypto.js';
import { matches, type Selector } from '../api/labels.js';
import type { Json, KObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { podObject } from './pod-object.js';

export interface Endpoint {
  ip: string;
  pod: string;
  hostname?: string;
  ready: boolean;
}

/** Ready pods behind a service (publishNotReadyAddresses: all pods with an IP). */
export function endpointsOf(c: Cluster, svc: KObject, includeNotReady = false): Endpoint[] {
  const sel = svc.spec?.selector as Record<string, string> | undefined;
  if (!sel || !Object.keys(sel).length) return [];
  const selector: Selector = Object.entries(sel).map(([key, v]) => ({ key, op: 'in' as const, values: [v] }));
  const out: Endpoint[] = [];
  for (const p of c.pods(svc.metadata.namespace)) {
    if (!p.ip || p.deletingSince !== undefined) continue;
    const pod = podObject(c, p);
    if (!matches(selector, pod.metadata.labels)) continue;
    const ready = p.stage === 'Ready';
    if (!ready && !includeNotReady && !svc.spec?.publishNotReadyAddresses) continue;
    const hostname = pod.spec?.subdomain === svc.metadata.name ? pod.spec?.hostname : undefined;
    out.push({ ip: p.ip, pod: p.name, hostname, ready });
  }
  return out.sort((a, b) => (a.pod < b.pod ? -1 : 1));
}

/** The Endpoints object kubectl would show for a service. */
export function endpointsObject(c: Cluster, svc: KObject): KObject {
  const eps = endpointsOf(c, svc, true);
  const ports = ((svc.spec?.ports ?? []) as Json[]).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
    protocol: p.protocol ?? 'TCP',
  }));
  const addr = (e: Endpoint) => ({
    ...(e.hostname ? { hostname: e.hostname } : {}),
    ip: e.ip,
    nodeName: c.pod(svc.metadata.namespace!, e.pod)?.node,
    targetRef: { kind: 'Pod', name: e.pod, namespace: svc.metadata.namespace, uid: c.pod(svc.metadata.namespace!, e.pod)?.uid },
  });
  const ready = eps.filter((e) => e.ready || svc.spec?.publishNotReadyAddresses);
  const notReady = eps.filter((e) => !(e.ready || svc.spec?.publishNotReadyAddresses));
  const subset: Json = {};
  if (ready.length) subset.addresses = ready.map(addr);
  if (notReady.length) subset.notReadyAddresses = notReady.map(addr);
  if (ports.length) subset.ports = ports;
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      uid: svc.metadata.uid,
      resourceVersion: svc.metadata.resourceVersion,
      creationTimestamp: svc.metadata.creationTimestamp,
      ...(svc.metadata.labels ? { labels: { ...svc.metadata.labels } } : {}),
    },
    ...(ready.length || notReady.length ? { subsets: [subset] } : {}),
  };
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
/** The controller's slice name: generateName `<service>-` (cut to 58) and five characters of
 *  utilrand's alphabet, derived from the service's uid so the read model is stable. */
export function endpointSliceName(svc: KObject): string {
  const h = hash('sha256', `endpointslice/${svc.metadata.uid}`, 'buffer');
  let tail = '';
  for (let i = 0; i < 5; i++) tail += ALPHANUMS[h[i] % ALPHANUMS.length];
  return `${`${svc.metadata.name}-`.slice(0, 58)}${tail}`;
}

/** A uid of its own for a derived object (uuid-shaped, from the owner's uid). */
function derivedUid(what: string, uid: string | undefined): string {
  const h = hash('sha256', `${what}/${uid}`, 'hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Labels the controller puts on a slice (setEndpointSliceLabels): the service's own, the headless
 *  mark, then the two reserved ones. */
function sliceLabels(svc: KObject): Record<string, string> {
  const RESERVED = ['kubernetes.io/service-name', 'endpointslice.kubernetes.io/managed-by'];
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!RESERVED.includes(k)) labels[k] = v;
  if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  else delete labels['service.kubernetes.io/headless'];
  labels['kubernetes.io/service-name'] = svc.metadata.name;
  labels['endpointslice.kubernetes.io/managed-by'] = 'endpointslice-controller.k8s.io';
  return labels;
}

/**
 * The EndpointSlice of a service with a selector: every matching pod with an IP that has not finished
 * (ShouldPodBeInEndpoints, terminating ones included), its conditions as podToEndpoint sets them; the
 * service's ports with their target ports. Without endpoints, the controller's placeholder: no ports,
 * `endpoints: null`.
 */
export function endpointSliceObject(c: Cluster, svc: KObject): KObject {
  const ns = svc.metadata.namespace!;
  const sel = (svc.spec?.selector ?? {}) as Record<string, string>;
  const selector: Selector = Object.entries(sel).map(([key, v]) => ({ key, op: 'in' as const, values: [v] }));
  const publish = !!svc.spec?.publishNotReadyAddresses;
  const endpoints: Json[] = [];
  const pods: KObject[] = [];
  for (const p of c.pods(ns)) {
    if (!p.ip || p.stage === 'Succeeded' || p.stage === 'Failed') continue;
    const pod = podObject(c, p);
    if (!matches(selector, pod.metadata.labels)) continue;
    pods.push(pod);
    const terminating = p.deletingSince !== undefined;
    const serving = p.stage === 'Ready' && p.stoppedAt === undefined;
    const hostname = pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name ? pod.spec.hostname : undefined;
    const zone = p.node ? c.get('Node', undefined, p.node)?.metadata.labels?.['topology.kubernetes.io/zone'] : undefined;
    endpoints.push({
      addresses: [p.ip],
      conditions: { ready: publish || (serving && !terminating), serving, terminating },
      ...(hostname ? { hostname } : {}),
      ...(p.node ? { nodeName: p.node } : {}),
      targetRef: { kind: 'Pod', name: p.name, namespace: ns, uid: p.uid },
      ...(zone ? { zone } : {}),
    });
  }
  endpoints.sort((a, b) => (a.targetRef.name < b.targetRef.name ? -1 : 1));
  /** findPort: a named target port is the container port of that name (in the first pod that has it) */
  const targetPort = (sp: Json): number => {
    if (typeof sp.targetPort === 'number') return sp.targetPort;
    for (const pod of pods)
      for (const ctr of (pod.spec?.containers ?? []) as Json[])
        for (const cp of (ctr.ports ?? []) as Json[])
          if (cp.name === sp.targetPort && (cp.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return cp.containerPort;
    return sp.port;
  };
  const ports = ((svc.spec?.ports ?? []) as Json[]).map((sp) => ({
    name: sp.name ?? '',
    port: targetPort(sp),
    protocol: sp.protocol ?? 'TCP',
    ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
  }));
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: endpointSliceName(svc),
      generateName: `${svc.metadata.name}-`,
      namespace: ns,
      uid: derivedUid('endpointslice', svc.metadata.uid),
      resourceVersion: svc.metadata.resourceVersion,
      generation: 1,
      creationTimestamp: svc.metadata.creationTimestamp,
      labels: sliceLabels(svc),
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    addressType: 'IPv4',
    endpoints: endpoints.length ? endpoints : null,
    ...(endpoints.length && ports.length ? { ports } : {}),
  };
}

/** The API server's own slice for an Endpoints it keeps itself (the `kubernetes` service's, marked
 *  skip-mirror): endpointSliceFromEndpoints in pkg/controlplane/reconcilers, named as the Endpoints. */
export function mirroredEndpointSlice(ep: KObject): KObject {
  const subset: Json = ep.subsets?.[0] ?? {};
  const endpoint = (ready: boolean) => (a: Json) => ({
    addresses: [a.ip],
    conditions: { ready },
    ...(a.targetRef ? { targetRef: a.targetRef } : {}),
    ...(a.nodeName ? { nodeName: a.nodeName } : {}),
  });
  const endpoints = [...(subset.addresses ?? []).map(endpoint(true)), ...(subset.notReadyAddresses ?? []).map(endpoint(false))];
  const ports = ((subset.ports ?? []) as Json[]).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: ep.metadata.name,
      namespace: ep.metadata.namespace,
      uid: derivedUid('endpointslice', ep.metadata.uid),
      resourceVersion: ep.metadata.resourceVersion,
      generation: 1,
      creationTimestamp: ep.metadata.creationTimestamp,
      labels: { 'kubernetes.io/service-name': ep.metadata.name },
    },
    addressType: 'IPv4',
    endpoints: endpoints.length ? endpoints : null,
    ...(ports.length ? { ports } : {}),
  };
}
