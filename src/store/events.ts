// The events' list: a repeat of the same reason and message on the same object within the last 50
// counts up (the event recorder's correlator), and the oldest go past a bound (a real cluster
// expires them after an hour; a simulated hour can hold far more).
import type { KObject } from '../api/types.js';
import type { EventRecord } from './schema.js';

/** Events kept at most; the oldest go first. */
const MAX_EVENTS = 5000;
/** How far back a repeat is looked for. */
const LOOK_BACK = 50;
/** The look-back's records are counted in this many buckets of uids (a power of two). */
const BUCKETS = 256;
/** A uid's bucket: its last three characters (a uid's most random part; a missing character is NaN,
 *  0 here). An object or a hand-edited events' document may have none: bucket 0. */
const bucketOf = (uid: string | undefined) =>
  typeof uid === 'string'
    ? (uid.charCodeAt(uid.length - 1) + 31 * uid.charCodeAt(uid.length - 2) + 961 * uid.charCodeAt(uid.length - 3)) & (BUCKETS - 1)
    : 0;

/** An object's reference as an event keeps it. */
type Ref = { kind: string; ns: string; name: string; uid: string };
export type Involved = KObject | Ref;

/**
 * Records events in a list. A big settle records hundreds of thousands and keeps the newest 5,000:
 * a record trimmed off before anything outside saw the list (Cluster.events hands it out) is used
 * again for a later event, so the rest cost no allocation (a quarter of a big settle was GC).
 */
export class EventRecorder {
  private pool: EventRecord[] = [];
  private list?: EventRecord[];
  /** how many records at the head of `list` were handed out (never reused) */
  private seen = 0;

  /** bucket of uids → how many of the list's last LOOK_BACK records are about one in it: none, no
   *  repeat to look for. Counts in a small array, not a map of uids: a map's adds and deletes at each
   *  of a big settle's 600,000 events were a twentieth of it. */
  private readonly recent = new Int32Array(BUCKETS);

  /** Everything in `ev` is seen from now on. */
  expose(ev: EventRecord[]): EventRecord[] {
    if (ev !== this.list) {
      this.recent.fill(0);
      for (let i = Math.max(0, ev.length - LOOK_BACK); i < ev.length; i++) this.recent[bucketOf(ev[i].uid)]++;
    }
    this.list = ev;
    this.seen = ev.length;
    return ev;
  }

  /** Record an event at `now` in the list. */
  record(ev: EventRecord[], involved: Involved, type: EventRecord['type'], reason: string, msg: string, src: string, now: number): void {
    if (ev !== this.list) this.expose(ev);
    // a property read, not `in`: the pods' references are frozen objects, which `in` looks up slowly
    const meta = (involved as KObject).metadata;
    const ref =
      meta !== undefined ? { kind: involved.kind, ns: meta.namespace ?? 'default', name: meta.name, uid: meta.uid as string } : (involved as Ref);
    // newest first, and only until each record of the object's bucket in the look-back was seen: a
    // pod's few events come together, so this stops after a handful instead of looking at all 50
    const bucket = bucketOf(ref.uid);
    let left = this.recent[bucket];
    for (let i = ev.length - 1; left > 0 && i >= Math.max(0, ev.length - LOOK_BACK); i--) {
      const e = ev[i];
      if (e.uid === ref.uid) {
        if (e.reason === reason && e.msg === msg) {
          e.count++;
          e.last = now;
          return;
        }
        left--;
      } else if (bucketOf(e.uid) === bucket) left--;
    }
    const e = this.pool.pop();
    if (e) {
      e.kind = ref.kind;
      e.ns = ref.ns;
      e.name = ref.name;
      e.uid = ref.uid;
      e.type = type;
      e.reason = reason;
      e.msg = msg;
      e.src = src;
      e.first = now;
      e.last = now;
      e.count = 1;
      ev.push(e);
    } else {
      // fields written out (a spread of `ref` here was a third of a big settle); this order is the file's
      ev.push({ kind: ref.kind, ns: ref.ns, name: ref.name, uid: ref.uid, type, reason, msg, src, first: now, last: now, count: 1 });
    }
    this.recent[bucket]++;
    if (ev.length > LOOK_BACK) this.recent[bucketOf(ev[ev.length - LOOK_BACK - 1].uid)]--; // out of the look-back
    // trimmed in batches: shifting the array on every event made big sets quadratic
    if (ev.length > MAX_EVENTS * 1.25) {
      // moved down by hand: splice made a new list and an array of the cut ones (30 MB in a big
      // settle), and copyWithin is V8's generic element-by-element loop
      const cut = ev.length - MAX_EVENTS;
      for (let i = this.seen; i < cut; i++) this.pool.push(ev[i]);
      for (let i = 0; i < MAX_EVENTS; i++) ev[i] = ev[i + cut];
      ev.length = MAX_EVENTS;
      this.seen = Math.max(0, this.seen - cut);
    }
  }
}
