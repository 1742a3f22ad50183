// The kubelet's queue (controller/kubelet-queue.ts): the pods in motion, which skips re-checking
// that each is still its name's record unless a pod was removed or a newcomer came.
import { describe, expect, it } from 'vitest';
import type { PodRecord } from '../../src/api/types.js';
import { memoOf, podEvent, podTemplate } from '../../src/apiserver/pod-object.js';
import { PodsInMotion } from '../../src/controller/kubelet-queue.js';
import { cluster, createPod } from './kubelet-harness.js';

const names = (q: PodsInMotion) => {
  const out: string[] = [];
  q.forEach((p) => out.push(`${p.name}:${p.uid.slice(0, 4)}`));
  return out;
};
const spec = { containers: [{ name: 'app', image: 'nginx:1.25' }] };

describe('the pods in motion', () => {
  it('takes pods touched since, in order, and drops one removed', () => {
    const c = cluster();
    const q = new PodsInMotion(c);
    createPod(c, 'a', spec);
    createPod(c, 'b', spec);
    q.look(c);
    const [a, b] = [c.pod('default', 'a')!, c.pod('default', 'b')!];
    expect(names(q)).toEqual([`a:${a.uid.slice(0, 4)}`, `b:${b.uid.slice(0, 4)}`]);
    c.removePod(a);
    expect(q.current(c, b)).toBe(true);
    expect(q.current(c, a)).toBe(false);
    q.look(c);
    expect(names(q)).toEqual([`b:${b.uid.slice(0, 4)}`]);
  });

  it('drops a record another record of its name replaced, with no removal in between', () => {
    const c = cluster();
    const q = new PodsInMotion(c);
    createPod(c, 'a', spec);
    q.look(c);
    const old = c.pod('default', 'a')!;
    const replacement: PodRecord = { ...old, uid: 'ffff0000-0000-0000-0000-000000000000' };
    c.addPod(replacement);
    q.look(c);
    expect(names(q)).toEqual(['a:ffff']);
  });

  it('drops pods that became steady, touched or not', () => {
    const c = cluster();
    const q = new PodsInMotion(c);
    createPod(c, 'a', spec);
    q.look(c);
    const p = c.pod('default', 'a')!;
    p.stage = 'Ready';
    q.look(c);
    expect(names(q)).toEqual([]);
  });

  it('gives a memo to the pods in motion only: reading a record (a template, an event) makes none', () => {
    const c = cluster();
    createPod(c, 'moving', spec);
    createPod(c, 'steady', spec);
    const steady = c.pod('default', 'steady')!;
    steady.stage = 'Ready';
    c.touchedPods = c.touchedPods.filter((p) => p !== steady);
    podTemplate(c, steady);
    podEvent(c, steady, 'Normal', 'Seen', 'read only', 'test');
    new PodsInMotion(c).look(c);
    expect(memoOf(c.pod('default', 'moving')!)).toBeDefined();
    expect(memoOf(steady)).toBeUndefined();
  });
});
