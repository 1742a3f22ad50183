// The events' list: a repeat of the same reason and message on the same object within the last 50
// counts up (the event recorder's correlator), and the oldest go past a bound (a real cluster
// expires them after an hour; a simulated hour can hold far more).
import type { KObject } from '../api/types.js';
import type { EventRecord } from './schema.js';

/** Events kept at most; the oldest go first. */
const MAX_EVENTS = 5000;

export type Involved = KObject | { kind: string; ns: string; name: string; uid: string };

/** Record an event at `now` in the list. */
export function recordEvent(
  ev: EventRecord[],
  involved: Involved,
  type: EventRecord['type'],
  reason: string,
  msg: string,
  src: string,
  now: number,
): void {
  const ref =
    'metadata' in involved
      ? { kind: involved.kind, ns: involved.metadata.namespace ?? 'default', name: involved.metadata.name, uid: involved.metadata.uid }
      : involved;
  for (let i = ev.length - 1; i >= Math.max(0, ev.length - 50); i--) {
    const e = ev[i];
    if (e.uid === ref.uid && e.reason === reason && e.msg === msg) {
      e.count++;
      e.last = now;
      return;
    }
  }
  // fields written out (a spread of `ref` here was a third of a big settle)
  ev.push({ kind: ref.kind, ns: ref.ns, name: ref.name, uid: ref.uid, type, reason, msg, src, first: now, last: now, count: 1 });
  // trimmed in batches: shifting the array on every event made big sets quadratic
  if (ev.length > MAX_EVENTS * 1.25) ev.splice(0, ev.length - MAX_EVENTS);
}
