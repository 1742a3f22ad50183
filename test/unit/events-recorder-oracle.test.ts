// The events' correlator (src/store/events.ts) against the rule spelt out plainly: a repeat of an
// object's reason and message among the last 50 records counts up the newest such record; past
// 6,250 records the list is cut to the newest 5,000. Random streams long enough to be cut many times.
import { describe, expect, it } from 'vitest';
import { EventRecorder } from '../../src/store/events.js';
import type { EventRecord } from '../../src/store/schema.js';

function oracle(ev: EventRecord[], uid: string, reason: string, msg: string, now: number): void {
  for (let i = ev.length - 1; i >= Math.max(0, ev.length - 50); i--) {
    const e = ev[i];
    if (e.uid === uid && e.reason === reason && e.msg === msg) {
      e.count++;
      e.last = now;
      return;
    }
  }
  ev.push({ kind: 'Pod', ns: 'default', name: uid, uid, type: 'Normal', reason, msg, src: 'kubelet', first: now, last: now, count: 1 });
  if (ev.length > 6250) ev.splice(0, ev.length - 5000);
}

/** A small deterministic generator (a failure can be replayed). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('EventRecorder, against the plain rule', () => {
  // messages: how many a reason says (a controller's SuccessfulCreate says a new one for each pod)
  for (const [seed, objects, messages] of [
    [1, 3, 2],
    [2, 40, 2],
    [3, 400, 2],
    [4, 2, 30],
    [5, 20, 300],
  ])
    it(`keeps the same list as the plain rule (${objects} objects, ${messages} messages, seed ${seed})`, () => {
      const next = random(seed);
      const r = new EventRecorder();
      const ev: EventRecord[] = [];
      const want: EventRecord[] = [];
      for (let t = 0; t < 20000; t++) {
        const uid = `uid-${Math.floor(next() * objects)}`;
        const reason = next() < 0.5 ? 'Pulled' : 'Started';
        const msg =
          messages === 2 ? (next() < 0.8 ? 'same' : 'other') : `create Pod web-${Math.floor(next() * messages)} in StatefulSet web successful`;
        r.record(ev, { kind: 'Pod', ns: 'default', name: uid, uid }, 'Normal', reason, msg, 'kubelet', t);
        oracle(want, uid, reason, msg, t);
        // now and then the list is handed out (its records are never reused after that)
        if (t % 3001 === 0) expect(r.expose(ev)).toBe(ev);
      }
      expect(ev.map((e) => ({ ...e }))).toEqual(want);
    });
});
