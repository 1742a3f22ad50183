// A pod record as a namespace's document keeps it: what the document already says is left out
// (the namespace; the name of a StatefulSet's pod, `<set>-<ordinal>`; the set's prefix of its
// revision), a uid sts made is kept as its number (uids are a hash of the cluster and a counter),
// times are counted from the document's `t0`, and fields have the file's short names
// (schema.ts POD_FILE_KEYS). 100,000 pods are 100,000 of these: one pass each way.
import type { PodRecord } from '../api/types.js';
import { POD_FILE_KEYS, TO_MEMORY, type PackedPod } from './schema.js';

/** The record's fields that hold times, in ms. */
const TIMES = new Set<string>([
  'createdAt',
  'stageSince',
  'scheduledAt',
  'runningSince',
  'initAt',
  'retryAt',
  'lastExitAt',
  'killedAt',
  'probedAt',
  'deletingSince',
  'removeAt',
  'stoppedAt',
]);
const FILE_KEY: Record<string, string> = POD_FILE_KEYS;

/** What packing needs from the cluster: its uids' numbers. */
export interface UidNumbers {
  /** the counter value a uid was made from, if sts made it */
  numberOf(uid: string): number | undefined;
  /** the uid made from a counter value */
  uidOf(n: number): string;
}

export function packPod(p: PodRecord, t0: number, uids: UidNumbers): PackedPod {
  const out: PackedPod = {};
  if (!(p.set !== undefined && p.ordinal !== undefined && p.name === `${p.set}-${p.ordinal}`)) out.name = p.name;
  const n = uids.numberOf(p.uid);
  if (n !== undefined) out.u = n;
  else out.uid = p.uid;
  const rec = p as unknown as Record<string, unknown>;
  for (const k in rec) {
    const v = rec[k];
    if (k === 'ns' || k === 'name' || k === 'uid' || v === undefined) continue;
    if (k === 'revision' && p.set !== undefined && typeof v === 'string' && v.startsWith(`${p.set}-`)) out.r = v.slice(p.set.length + 1);
    else out[FILE_KEY[k] ?? k] = TIMES.has(k) && typeof v === 'number' ? v - t0 : v;
  }
  return out;
}

export function unpackPod(d: PackedPod, ns: string, t0: number, uids: UidNumbers): PodRecord {
  const set = d.set as string | undefined;
  const p: Record<string, unknown> = {
    ns,
    name: d.name ?? `${set}-${d.ord}`,
    uid: d.uid ?? uids.uidOf(d.u as number),
  };
  for (const k in d) {
    if (k === 'name' || k === 'uid' || k === 'u') continue;
    const v = d[k];
    if (k === 'r') p.revision = `${set}-${v}`;
    else {
      const mem = TO_MEMORY.get(k) ?? k;
      p[mem] = TIMES.has(mem) && typeof v === 'number' ? v + t0 : v;
    }
  }
  return p as unknown as PodRecord;
}

/** A document's `t0`: its earliest pod's creation (so its times are small), whole seconds. */
export function docEpoch(pods: PodRecord[]): number {
  let t0 = Infinity;
  for (const p of pods) if (p.createdAt < t0) t0 = p.createdAt;
  return t0 === Infinity ? 0 : Math.floor(t0 / 1000) * 1000;
}
