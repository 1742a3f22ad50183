// A pod record as a namespace's document keeps it: what the document already says is left out
// (the namespace; the name of a StatefulSet's pod, `<set>-<ordinal>`; the set's prefix of its
// revision), a uid sts made is kept as its number (uids are a hash of the cluster and a counter),
// times are counted from the document's `t0`, and fields have the file's short names
// (schema.ts POD_FILE_KEYS). 100,000 pods are 100,000 of these: one pass each way, one lookup a
// field, and no string made to compare a name or revision with.
import type { KObject, PodRecord } from '../api/types.js';
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

/** A field as the other side names it, and whether it holds a time. */
interface Field {
  name: string;
  time: boolean;
}
/** A record's field as the file names it (fields not here keep their name and hold no time). */
const TO_FILE = new Map<string, Field>([...Object.keys(FILE_KEY), ...TIMES].map((k) => [k, { name: FILE_KEY[k] ?? k, time: TIMES.has(k) }]));
/** A file's field as the record names it (the same rule backwards). */
const FROM_FILE = new Map<string, Field>(
  [...TO_MEMORY.keys(), ...TIMES].map((k) => {
    const mem = TO_MEMORY.get(k) ?? k;
    return [k, { name: mem, time: TIMES.has(mem) }];
  }),
);

/** What packing needs from the cluster: its uids' numbers. */
export interface UidNumbers {
  /** the counter value a uid was made from, if sts made it */
  numberOf(uid: string): number | undefined;
  /** the uid made from a counter value */
  uidOf(n: number): string;
}

/** Whether `s` is `${prefix}-${n}`, without making that string (a save asks for every pod). */
function isNumbered(s: string, prefix: string, n: number): boolean {
  const at = prefix.length + 1;
  // only what String(n) spells as plain digits is read here; anything else is compared as text
  if (!Number.isSafeInteger(n) || n < 0 || s.length - at > 15) return s === `${prefix}-${n}`;
  if (s.length <= at || !s.startsWith(prefix) || s.charCodeAt(at - 1) !== 45) return false;
  if (s.charCodeAt(at) === 48 && s.length > at + 1) return false; // a leading zero
  let v = 0;
  for (let i = at; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  return v === n;
}

export function packPod(p: PodRecord, t0: number, uids: UidNumbers): PackedPod {
  const out: PackedPod = {};
  if (!(p.set !== undefined && p.ordinal !== undefined && isNumbered(p.name, p.set, p.ordinal))) out.name = p.name;
  const n = uids.numberOf(p.uid);
  if (n !== undefined) out.u = n;
  else out.uid = p.uid;
  const rec = p as unknown as Record<string, unknown>;
  for (const k in rec) {
    const v = rec[k];
    if (k === 'ns' || k === 'name' || k === 'uid' || v === undefined) continue;
    const set = p.set;
    if (k === 'revision' && set !== undefined && typeof v === 'string' && v.startsWith(set) && v.charCodeAt(set.length) === 45)
      out.r = v.slice(set.length + 1);
    else {
      const f = TO_FILE.get(k);
      if (f === undefined) out[k] = v;
      else out[f.name] = f.time && typeof v === 'number' ? v - t0 : v;
    }
  }
  return out;
}

/** The revision unpacked last: a document's pods mostly share one, so they share its string. */
let lastRevision: { set: string; short: string; revisions?: readonly KObject[]; revision: string } = { set: '', short: '', revision: '' };

/**
 * The fields every one of a document's packed pods has with the same value, when it has two pods or
 * more (a set's pods made together share their set, revision, stage and times): written once, as
 * the document's `podBase`, and left out of each pod (`withoutBase`) — half of a settled pod's
 * text. Never a pod's own name, uid or ordinal, nor an object.
 */
export function podBase(pods: readonly PackedPod[]): PackedPod | undefined {
  if (pods.length < 2) return undefined;
  const first = pods[0];
  let base: PackedPod | undefined;
  for (const k in first) {
    const v = first[k];
    if (k === 'name' || k === 'uid' || k === 'u' || k === 'ord' || (typeof v === 'object' && v !== null)) continue;
    let same = true;
    for (let i = 1; same && i < pods.length; i++) same = pods[i][k] === v;
    if (same) (base ??= {})[k] = v;
  }
  return base;
}

/** A packed pod without what its document's podBase says for all. */
export function withoutBase(p: PackedPod, base: PackedPod): PackedPod {
  const out: PackedPod = {};
  for (const k in p) if (!Object.hasOwn(base, k)) out[k] = p[k];
  return out;
}

/** `revisions`: the document's ControllerRevisions, whose names a pod's revision is spelt with;
 *  `base`: the document's podBase, the fields its pods share. */
export function unpackPod(d: PackedPod, ns: string, t0: number, uids: UidNumbers, revisions?: readonly KObject[], base?: PackedPod): PodRecord {
  const set = (d.set ?? base?.set) as string | undefined;
  const p: Record<string, unknown> = {
    ns,
    name: d.name ?? `${set}-${d.ord}`,
    uid: d.uid ?? uids.uidOf(d.u as number),
  };
  if (base !== undefined) unpackFields(p, base, set, t0, revisions);
  unpackFields(p, d, set, t0, revisions);
  return p as unknown as PodRecord;
}

function unpackFields(p: Record<string, unknown>, d: PackedPod, set: string | undefined, t0: number, revisions?: readonly KObject[]): void {
  for (const k in d) {
    if (k === 'name' || k === 'uid' || k === 'u') continue;
    const v = d[k];
    if (k === 'r') p.revision = revisionOf(set, v, revisions);
    else {
      const f = FROM_FILE.get(k);
      if (f === undefined) p[k] = v;
      else p[f.name] = f.time && typeof v === 'number' ? v + t0 : v;
    }
  }
}

/** `${set}-${short}`: the very string its ControllerRevision's name is when there is one (the
 *  kubelet looks the revision up by name millions of times in a big settle, and a string of its own
 *  is compared with the index's key character by character each time), and the same string as last
 *  time when it is the same revision. */
function revisionOf(set: string | undefined, short: unknown, revisions: readonly KObject[] | undefined): string {
  const last = lastRevision;
  if (typeof set === 'string' && typeof short === 'string' && set === last.set && short === last.short && revisions === last.revisions)
    return last.revision;
  let revision = `${set}-${short}`;
  for (const r of revisions ?? [])
    if (r.metadata.name === revision) {
      revision = r.metadata.name;
      break;
    }
  if (typeof set === 'string' && typeof short === 'string') lastRevision = { set, short, revisions, revision };
  return revision;
}

/** A document's `t0`: its earliest pod's creation (so its times are small), whole seconds. */
export function docEpoch(pods: PodRecord[]): number {
  let t0 = Infinity;
  for (const p of pods) if (p.createdAt < t0) t0 = p.createdAt;
  return t0 === Infinity ? 0 : Math.floor(t0 / 1000) * 1000;
}
