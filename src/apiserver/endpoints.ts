// A service's endpoints, derived (not stored): the ready pods its selector matches.
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
