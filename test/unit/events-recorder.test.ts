// The events' correlator (src/store/events.ts): a repeat of an object's reason and message within the
// last 50 events counts up the newest such record, however the object's events and others' interleave.
import { describe, expect, it } from 'vitest';
import { EventRecorder } from '../../src/store/events.js';
import type { EventRecord } from '../../src/store/schema.js';

const pod = (n: number) => ({ kind: 'Pod', ns: 'default', name: `web-${n}`, uid: `uid-${n}` });

describe('EventRecorder', () => {
  it("counts up a repeat behind the object's other events and others' ones", () => {
    const ev: EventRecord[] = [];
    const r = new EventRecorder();
    r.record(ev, pod(0), 'Normal', 'Pulled', 'image pulled', 'kubelet', 1);
    for (let i = 1; i < 10; i++) r.record(ev, pod(i), 'Normal', 'Pulled', 'image pulled', 'kubelet', 2);
    r.record(ev, pod(0), 'Normal', 'Created', 'created', 'kubelet', 3);
    r.record(ev, pod(0), 'Normal', 'Pulled', 'other message', 'kubelet', 4);
    r.record(ev, pod(0), 'Normal', 'Pulled', 'image pulled', 'kubelet', 5);
    expect(ev.length).toBe(12);
    expect(ev[0]).toMatchObject({ uid: 'uid-0', reason: 'Pulled', msg: 'image pulled', count: 2, first: 1, last: 5 });
  });
  it('records a repeat anew once the first one is more than 50 events back', () => {
    const ev: EventRecord[] = [];
    const r = new EventRecorder();
    r.record(ev, pod(0), 'Normal', 'Pulled', 'image pulled', 'kubelet', 1);
    for (let i = 1; i <= 50; i++) r.record(ev, pod(i), 'Normal', 'Pulled', 'image pulled', 'kubelet', 2);
    r.record(ev, pod(0), 'Normal', 'Pulled', 'image pulled', 'kubelet', 3);
    expect(ev.length).toBe(52);
    expect(ev[0].count).toBe(1);
    expect(ev[51]).toMatchObject({ uid: 'uid-0', count: 1, first: 3 });
  });
  it('counts up within the window of a list read from a file', () => {
    const r = new EventRecorder();
    const ev: EventRecord[] = [];
    new EventRecorder().record(ev, pod(0), 'Warning', 'BackOff', 'back-off', 'kubelet', 1);
    for (let i = 1; i < 49; i++) new EventRecorder().record(ev, pod(i), 'Normal', 'Started', 'started', 'kubelet', 1);
    r.record(ev, pod(0), 'Warning', 'BackOff', 'back-off', 'kubelet', 9);
    expect(ev.length).toBe(49);
    expect(ev[0]).toMatchObject({ count: 2, last: 9 });
  });
});
