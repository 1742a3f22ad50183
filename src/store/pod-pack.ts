// A pod record as a namespace's document keeps it: what the document already says is left out
// (the namespace; the name of a StatefulSet's pod, `<set>-<ordinal>`; the set's prefix of its
// revision), a uid sts made is kept as its number (uids are a hash of the cluster and a counter),
// and times are counted from the document's `t0`. 100,000 pods are 100,000 of these.
import type { PackedPod, StoredPod } from './schema.js';

/** The file keys (schema.ts POD_FILE_KEYS) that hold times, in ms. */
const TIME_KEYS = ['c', 't', 'sc', 'ru', 'ia', 'ra', 'lt', 'k', 'pb', 'del', 'gone', 'sp'] as const;

/** What packing needs from the cluster: its uids' numbers. */
export interface UidNumbers {
  /** the counter value a uid was made from, if sts made it */
  numberOf(uid: string): number | undefined;
  /** the uid made from a counter value */
  uidOf(n: number): string;
}

export function packPod(s: StoredPod, t0: number, uids: UidNumbers): PackedPod {
  const out: PackedPod = {};
  const setPod = s.set !== undefined && s.ord !== undefined;
  if (!(setPod && s.name === `${s.set}-${s.ord}`)) out.name = s.name;
  const n = uids.numberOf(s.uid);
  if (n !== undefined) out.u = n;
  else out.uid = s.uid;
  for (const [k, v] of Object.entries(s)) {
    if (k === 'ns' || k === 'name' || k === 'uid' || v === undefined) continue;
    if (k === 'rev' && s.set !== undefined && typeof v === 'string' && v.startsWith(`${s.set}-`)) out.r = v.slice(s.set.length + 1);
    else if ((TIME_KEYS as readonly string[]).includes(k) && typeof v === 'number') out[k] = v - t0;
    else out[k] = v;
  }
  return out;
}

export function unpackPod(d: PackedPod, ns: string, t0: number, uids: UidNumbers): StoredPod {
  const set = d.set as string | undefined;
  const s: Record<string, unknown> = {
    ns,
    name: d.name ?? `${set}-${d.ord}`,
    uid: d.uid ?? uids.uidOf(d.u as number),
  };
  for (const [k, v] of Object.entries(d)) {
    if (k === 'name' || k === 'uid' || k === 'u') continue;
    if (k === 'r') s.rev = `${set}-${v}`;
    else if ((TIME_KEYS as readonly string[]).includes(k) && typeof v === 'number') s[k] = v + t0;
    else s[k] = v;
  }
  return s as unknown as StoredPod;
}

/** A document's `t0`: its earliest pod's creation (so its times are small), whole seconds. */
export function docEpoch(pods: StoredPod[]): number {
  let t0 = Infinity;
  for (const p of pods) if (typeof p.c === 'number' && p.c < t0) t0 = p.c;
  return t0 === Infinity ? 0 : Math.floor(t0 / 1000) * 1000;
}
