// Service cluster IPs, as the API server's allocator gives them out of the service range 10.96.0.0/12:
// in order from a counter, skipping addresses Services asked for themselves; an address asked for must
// be a valid IPv4 address of the range that no Service has yet (released addresses are not reused).
import { invalidError } from '../api/errors.js';
import type { Cluster } from '../store/cluster.js';

const RANGE = '10.96.0.0/12';
const BASE = ((10 << 24) | (96 << 16)) >>> 0;
const SIZE = 1 << 20;

const ipv4 = (ip: string): number | undefined => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m || m.slice(1).some((p) => Number(p) > 255 || (p.length > 1 && p.startsWith('0')))) return undefined;
  return m.slice(1).reduce((n, p) => n * 256 + Number(p), 0);
};

/** The counter's nth address: 10.96.0.1 (the kubernetes Service) is the 0th, kube-dns's 10.96.0.10 the 9th. */
const nth = (n: number) => `10.96.${Math.floor(n / 254)}.${(n % 254) + 1}`;

/** Whether the counter has handed `ip` out already. */
function counted(c: Cluster, ip: string): boolean {
  const m = /^10\.96\.(\d+)\.(\d+)$/.exec(ip);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 254) return false;
  return Number(m[1]) * 254 + Number(m[2]) - 1 <= c.file.seq.clusterIP;
}

/** The next free address. */
export function allocateClusterIP(c: Cluster): string {
  const reserved = new Set(c.file.seq.reservedIPs ?? []);
  let ip: string;
  do ip = nth(++c.file.seq.clusterIP);
  while (reserved.has(ip));
  return ip;
}

/** A Service's own `clusterIP`: refused as the allocator refuses it (not an IP, not in the range, taken), else kept from others. */
export function reserveClusterIP(c: Cluster, name: string, ip: string): void {
  if (ip === 'None') return;
  const n = ipv4(ip);
  if (n === undefined)
    throw invalidError('Service', name, [
      { path: 'spec.clusterIPs[0]', type: 'Invalid', value: ip, detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' },
    ]);
  const refuse = (why: string) =>
    invalidError('Service', name, [
      {
        path: 'spec.clusterIPs',
        type: 'Invalid',
        value: [ip],
        shown: `[]string{${JSON.stringify(ip)}}`,
        detail: `failed to allocate IP ${ip}: ${why}`,
      },
    ]);
  if (n < BASE || n >= BASE + SIZE) throw refuse(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${RANGE}`);
  const reserved = c.file.seq.reservedIPs ?? [];
  if (reserved.includes(ip) || counted(c, ip)) throw refuse('provided IP is already allocated');
  c.file.seq.reservedIPs = [...reserved, ip];
}
