// Cluster DNS as CoreDNS answers it: services (<svc>.<ns>.svc.cluster.local: the cluster IP, or
// the ready pods' IPs for a headless one) and pods behind a headless service
// (<hostname>.<subdomain>.<ns>.svc.cluster.local), with the pod's search path for short names.
import type { Cluster } from '../store/cluster.js';
import { endpointsOf } from '../apiserver/endpoints.js';

export const DNS_SERVER = '10.96.0.10';
const DNS_SERVER_NAME = 'kube-dns.kube-system.svc.cluster.local';

export interface Answer {
  name: string;
  ips: string[];
}

function lookup(c: Cluster, fqdn: string): string[] | undefined {
  const m = /^(.+)\.svc\.cluster\.local$/.exec(fqdn);
  if (!m) return undefined;
  const parts = m[1].split('.');
  if (parts.length === 2) {
    const [svc, ns] = parts;
    const s = c.get('Service', ns, svc);
    if (!s) return undefined;
    if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') return [s.spec.clusterIP];
    return endpointsOf(c, s).map((e) => e.ip);
  }
  if (parts.length === 3) {
    const [host, sub, ns] = parts;
    const s = c.get('Service', ns, sub);
    if (s?.spec?.clusterIP !== 'None') return undefined;
    const e = endpointsOf(c, s).find((x) => x.hostname === host);
    return e ? [e.ip] : undefined;
  }
  return undefined;
}

/** Resolve a name as a pod in namespace `ns` would (search path, ndots 5). */
export function resolveName(c: Cluster, ns: string, name: string): Answer | undefined {
  const n = name.replace(/\.$/, '');
  const candidates =
    name.endsWith('.') || n.split('.').length > 5 ? [n] : [`${n}.${ns}.svc.cluster.local`, `${n}.svc.cluster.local`, `${n}.cluster.local`, n];
  for (const cand of candidates) {
    const ips = lookup(c, cand);
    if (ips?.length) return { name: cand, ips };
  }
  return undefined;
}

export function nslookup(c: Cluster, ns: string, name: string): { out: string; code: number } {
  const head = `Server:\t\t${DNS_SERVER}\nAddress:\t${DNS_SERVER}#53\n\n`;
  const a = resolveName(c, ns, name);
  if (!a) return { out: `${head}** server can't find ${name}: NXDOMAIN\n\n`, code: 1 };
  return { out: head + a.ips.map((ip) => `Name:\t${a.name}\nAddress: ${ip}\n`).join('') + '\n', code: 0 };
}

/** The name a PTR query for `ip` gets: a headless service's pod by hostname, or a service's cluster IP. */
export function reverseName(c: Cluster, ip: string): string | undefined {
  if (ip === DNS_SERVER) return DNS_SERVER_NAME;
  for (const s of c.list('Service')) {
    const ns = s.metadata.namespace!;
    if (s.spec?.clusterIP === ip) return `${s.metadata.name}.${ns}.svc.cluster.local`;
    if (s.spec?.clusterIP !== 'None') continue;
    const e = endpointsOf(c, s).find((x) => x.ip === ip && x.hostname);
    if (e) return `${e.hostname}.${s.metadata.name}.${ns}.svc.cluster.local`;
  }
  return undefined;
}

/** busybox's own nslookup up to 1.28 (networking/nslookup.c, print_host): the name as asked, each
 *  address with its reverse name; newer busybox and bind's print what nslookup() does. */
export function nslookupBusybox(c: Cluster, ns: string, name: string): { out: string; err: string; code: number } {
  const host = (header: string, asked: string, ips: string[]) =>
    `${header.padEnd(10)} ${asked}\n` +
    ips.map((ip, i) => `Address ${i + 1}: ${ip}${((r) => (r ? ` ${r}` : ''))(reverseName(c, ip))}\n`).join('') +
    '\n';
  const head = host('Server:', DNS_SERVER, [DNS_SERVER]);
  const a = resolveName(c, ns, name);
  if (!a) return { out: head, err: `nslookup: can't resolve '${name}'\n`, code: 1 };
  return { out: head + host('Name:', name, a.ips), err: '', code: 0 };
}

export function getentHosts(c: Cluster, ns: string, name: string): { out: string; code: number } {
  if (name === 'localhost') return { out: '::1             localhost\n', code: 0 };
  const a = resolveName(c, ns, name);
  if (!a) return { out: '', code: 2 };
  return { out: a.ips.map((ip) => `${ip.padEnd(15)} ${a.name}\n`).join(''), code: 0 };
}
