// The events' list: a repeat of the same reason and message on the same object within the last 50
// counts up (the event recorder's correlator), and the oldest go past a bound (a real cluster
// expires them after an hour; a simulated hour can hold far more).
import type { KObject } from '../api/types.js';
import type { EventRecord } from './schema.js';

/** Events kept at most; the oldest go first. */
const MAX_EVENTS = 5000;
/** How far back a repeat is looked for. */
const LOOK_BACK = 50;

export type Involved = KObject | { kind: string; ns: string; name: string; uid: string };

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
  /** how many records were trimmed off the list's head since it was exposed: a record's place in
   *  `newest` counts them too, so trimming moves nothing there */
  private base = 0;

  /** uid → the place (base + index) of the newest record about it. Every object with a record in the
   *  look-back has its entry; one further back is stale and ignored. Updating an entry in place costs
   *  less than counting each object's records in and out of the look-back (a big settle records
   *  600,000 events); the map is made again from the look-back whenever the list is trimmed. */
  private newest = new Map<string, number>();

  /** Everything in `ev` is seen from now on. */
  expose(ev: EventRecord[]): EventRecord[] {
    if (ev !== this.list) {
      this.list = ev;
      this.base = 0;
      this.indexLookBack(ev);
    }
    this.seen = ev.length;
    return ev;
  }

  private indexLookBack(ev: EventRecord[]): void {
    this.newest.clear();
    for (let i = Math.max(0, ev.length - LOOK_BACK); i < ev.length; i++) this.newest.set(ev[i].uid, this.base + i);
  }

  /** Record an event at `now` in the list. */
  record(ev: EventRecord[], involved: Involved, type: EventRecord['type'], reason: string, msg: string, src: string, now: number): void {
    if (ev !== this.list) this.expose(ev);
    let kind: string, ns: string, name: string, uid: string;
    if ('metadata' in involved) {
      kind = involved.kind;
      ns = involved.metadata.namespace ?? 'default';
      name = involved.metadata.name;
      uid = involved.metadata.uid;
    } else ({ kind, ns, name, uid } = involved);
    // newest first, from the object's newest record within the look-back: none there, nothing to look at
    const from = ev.length > LOOK_BACK ? ev.length - LOOK_BACK : 0;
    const at = this.newest.get(uid);
    if (at !== undefined)
      for (let i = at - this.base; i >= from; i--) {
        const e = ev[i];
        if (e.uid === uid && e.reason === reason && e.msg === msg) {
          e.count++;
          e.last = now;
          return;
        }
      }
    const e = this.pool.pop();
    if (e) {
      e.kind = kind;
      e.ns = ns;
      e.name = name;
      e.uid = uid;
      e.type = type;
      e.reason = reason;
      e.msg = msg;
      e.src = src;
      e.first = now;
      e.last = now;
      e.count = 1;
      ev.push(e);
    } else {
      // fields written out (a spread here was a third of a big settle); this order is the file's
      ev.push({ kind, ns, name, uid, type, reason, msg, src, first: now, last: now, count: 1 });
    }
    this.newest.set(uid, this.base + ev.length - 1);
    // trimmed in batches: shifting the array on every event made big sets quadratic
    if (ev.length > MAX_EVENTS * 1.25) {
      // moved down by hand: splice made a new list and an array of the cut ones (30 MB in a big
      // settle), and copyWithin is V8's generic element-by-element loop
      const cut = ev.length - MAX_EVENTS;
      for (let i = this.seen; i < cut; i++) this.pool.push(ev[i]);
      for (let i = 0; i < MAX_EVENTS; i++) ev[i] = ev[i + cut];
      ev.length = MAX_EVENTS;
      this.seen = Math.max(0, this.seen - cut);
      this.base += cut;
      this.indexLookBack(ev); // what was trimmed off leaves the map
    }
  }
}
