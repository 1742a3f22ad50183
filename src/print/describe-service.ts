// `describe service` and `describe endpointslice`: kubectl's describeService (its Endpoints lines from the
// service's EndpointSlices, formatEndpointSlices) and describeEndpointSliceV1 (pkg/describe/describe.go, 1.33).
import type { Json, KObject } from '../api/types.js';
import type { EventRecord } from '../store/schema.js';
import { annotationLines, events, kv, Lines } from './describe.js';

/** labels.FormatLabels: sorted k=v pairs joined by commas, `<none>` when empty. */
const formatLabels = (m: Record<string, string> | undefined) => kv(m).join(',') || '<none>';

/** formatEndpointSlices: the ready endpoints of the slices' ports named `portName` as ip:port (first
 *  address of each; a slice without ports gives bare addresses), the first three and "+ N more...". */
export function formatEndpointSlices(slices: KObject[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  // as upstream: "more" once any endpoint, ready or not, comes after the third shown
  const visit = (e: Json, text: string) => {
    if (list.length === 3) more = true;
    if (!(e.conditions?.ready === undefined || e.conditions.ready === true)) return;
    if (!more) list.push(text);
    count++;
  };
  const hostPort = (ip: string, port: unknown) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  for (const s of slices) {
    const eps: Json[] = s.endpoints ?? [];
    const ports: Json[] = s.ports ?? [];
    if (!ports.length) for (const e of eps) visit(e, e.addresses[0]);
    for (const p of ports.filter((p) => (p.name ?? '') === portName)) for (const e of eps) visit(e, hostPort(e.addresses[0], p.port));
  }
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

/** describeService: the optional lines only when the object holds their field, as kubectl prints it. */
export function describeService(svc: KObject, slices: KObject[], evs: EventRecord[], now: number): string {
  const l = new Lines();
  const m = svc.metadata;
  const s = svc.spec ?? {};
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  l.add(0, `Name:\t${m.name}`);
  l.add(0, `Namespace:\t${m.namespace}`);
  l.multiline(0, 'Labels', kv(m.labels));
  l.multiline(0, 'Annotations', annotationLines(m.annotations));
  l.add(0, `Selector:\t${formatLabels(s.selector)}`);
  l.add(0, `Type:\t${s.type ?? ''}`);
  if (s.ipFamilyPolicy !== undefined) l.add(0, `IP Family Policy:\t${s.ipFamilyPolicy}`);
  l.add(0, `IP Families:\t${list(s.ipFamilies).join(',') || '<none>'}`);
  l.add(0, `IP:\t${s.clusterIP ?? ''}`);
  l.add(0, `IPs:\t${list(s.clusterIPs).join(',') || '<none>'}`);
  if (list(s.externalIPs).length) l.add(0, `External IPs:\t${list(s.externalIPs).join(',')}`);
  if (s.loadBalancerIP) l.add(0, `Desired LoadBalancer IP:\t${s.loadBalancerIP}`);
  if (s.externalName) l.add(0, `External Name:\t${s.externalName}`);
  const ingress: Json[] = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length)
    l.add(0, `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? ''))).join(', ')}`);
  for (const p of (s.ports ?? []) as Json[]) {
    const name = p.name || '<unset>';
    l.add(0, `Port:\t${name}\t${p.port}/${p.protocol ?? ''}`);
    l.add(0, `TargetPort:\t${p.targetPort ?? 0}/${p.protocol ?? ''}`);
    if (p.nodePort) l.add(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? ''}`);
    l.add(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}`);
  }
  l.add(0, `Session Affinity:\t${s.sessionAffinity ?? ''}`);
  if (s.externalTrafficPolicy) l.add(0, `External Traffic Policy:\t${s.externalTrafficPolicy}`);
  if (s.internalTrafficPolicy !== undefined) l.add(0, `Internal Traffic Policy:\t${s.internalTrafficPolicy}`);
  if (s.healthCheckNodePort) l.add(0, `HealthCheck NodePort:\t${s.healthCheckNodePort}`);
  if (list(s.loadBalancerSourceRanges).length) l.add(0, `LoadBalancer Source Ranges:\t${list(s.loadBalancerSourceRanges).join(',')}`);
  events(l, evs, now);
  return l.text();
}

/** describeEndpointSliceV1: the address type, a ports table, each endpoint's conditions and whereabouts. */
export function describeEndpointSlice(eps: KObject, evs: EventRecord[], now: number): string {
  const l = new Lines();
  l.add(0, `Name:\t${eps.metadata.name}`);
  l.add(0, `Namespace:\t${eps.metadata.namespace}`);
  l.multiline(0, 'Labels', kv(eps.metadata.labels));
  l.multiline(0, 'Annotations', annotationLines(eps.metadata.annotations));
  l.add(0, `AddressType:\t${eps.addressType ?? ''}`);
  const ports: Json[] = eps.ports ?? [];
  if (!ports.length) l.add(0, 'Ports: <unset>');
  else {
    l.add(0, 'Ports:');
    l.add(1, 'Name\tPort\tProtocol');
    l.add(1, '----\t----\t--------');
    for (const p of ports) l.add(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}`);
  }
  const endpoints: Json[] = eps.endpoints ?? [];
  if (!endpoints.length) l.add(0, 'Endpoints: <none>');
  else {
    l.add(0, 'Endpoints:');
    for (const e of endpoints) {
      l.add(1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}`);
      l.add(2, 'Conditions:');
      l.add(3, `Ready:\t${e.conditions?.ready === undefined ? '<unset>' : String(e.conditions.ready)}`);
      l.add(2, `Hostname:\t${e.hostname ?? '<unset>'}`);
      if (e.targetRef) l.add(2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}`);
      l.add(2, `NodeName:\t${e.nodeName ?? '<unset>'}`);
      l.add(2, `Zone:\t${e.zone ?? '<unset>'}`);
    }
  }
  events(l, evs, now);
  return l.text();
}
