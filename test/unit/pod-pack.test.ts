// A pod record packed for its namespace's document and read back (src/store/pod-pack.ts): uids sts
// made are kept as their counter (found again from the uid alone, src/store/uids.ts), a set's pod's
// name and revision prefix are left out only when they are exactly what the set would give.
import { describe, expect, it } from 'vitest';
import type { PodRecord } from '../../src/api/types.js';
import { packPod, podBase, unpackPod, withoutBase } from '../../src/store/pod-pack.js';
import { uidNumbers } from '../../src/store/uids.js';
import { docShapeProblem } from '../../src/store/schema.js';

const uids = uidNumbers(() => 'c0ffee');
const t0 = 1_700_000_000_000;
const record = (over: Partial<PodRecord>): PodRecord =>
  ({
    ns: 'web',
    name: 'db-3',
    uid: uids.uidOf(42),
    set: 'db',
    ordinal: 3,
    revision: 'db-5d9f',
    createdAt: t0 + 2000,
    stage: 'Ready',
    stageSince: t0 + 5000,
    ...over,
  }) as PodRecord;
const roundTrip = (p: PodRecord) => unpackPod(JSON.parse(JSON.stringify(packPod(p, t0, uids))), p.ns, t0, uids);

describe('uids', () => {
  it('gives the counter back from the uid alone, for any counter', () => {
    for (const n of [1, 2, 99, 104_247, 2 ** 31, 2 ** 32 - 1]) expect(uidNumbers(() => 'c0ffee').numberOf(uids.uidOf(n))).toBe(n);
  });
  it('knows no counter for a uid it did not make', () => {
    const other = uidNumbers(() => 'another cluster').uidOf(42);
    const made = uids.uidOf(42);
    for (const uid of [
      other,
      '00000000-0000-4000-8000-000000000001',
      made.toUpperCase(),
      `${made.slice(0, 35)}${made[35] === '0' ? '1' : '0'}`,
      made.replace(/-/g, '_'),
      `${made}0`,
      '',
    ])
      expect(uids.numberOf(uid)).toBeUndefined();
  });
});

describe('packPod', () => {
  it('leaves out what the document already says, and reads it back the same', () => {
    const p = record({});
    expect(packPod(p, t0, uids)).toEqual({ u: 42, set: 'db', ord: 3, r: '5d9f', c: 2000, st: 'Ready', t: 5000 });
    expect(roundTrip(p)).toEqual(p);
  });
  it("keeps a name or revision that is not the set's own spelling", () => {
    for (const name of ['db-03', 'db-3x', 'dbx3', 'db-', 'db-30', 'other']) {
      const p = record({ name });
      expect(packPod(p, t0, uids).name).toBe(name);
      expect(roundTrip(p)).toEqual(p);
    }
    const p = record({ revision: 'dbx5d9f', uid: 'not-sts-made' });
    expect(packPod(p, t0, uids)).toMatchObject({ rev: 'dbx5d9f', uid: 'not-sts-made' });
    expect(roundTrip(p)).toEqual(p);
  });
  it('reads a revision shared by pods in a row as the same text', () => {
    const a = roundTrip(record({})),
      b = roundTrip(record({ name: 'db-4', ordinal: 4, revision: 'db-77aa' })),
      c = roundTrip(record({ name: 'db-5', ordinal: 5 }));
    expect([a.revision, b.revision, c.revision]).toEqual(['db-5d9f', 'db-77aa', 'db-5d9f']);
  });
});

describe("a document's podBase", () => {
  const pods = [0, 1, 2].map((ord) =>
    record({ name: `db-${ord}`, ordinal: ord, uid: uids.uidOf(40 + ord), node: `node-${ord}`, labels: { a: 'b' } } as Partial<PodRecord>),
  );
  const packed = pods.map((p) => packPod(p, t0, uids));

  it('holds what every pod has alike, never a name, uid, ordinal or object; each pod keeps the rest', () => {
    const base = podBase(packed)!;
    expect(base).toEqual({ set: 'db', r: '5d9f', c: 2000, st: 'Ready', t: 5000 });
    expect(packed.map((p) => withoutBase(p, base))).toEqual([0, 1, 2].map((ord) => ({ u: 40 + ord, ord, node: `node-${ord}`, labels: { a: 'b' } })));
    const text = JSON.stringify({ podBase: base, pods: packed.map((p) => withoutBase(p, base)) });
    const read = JSON.parse(text);
    expect(read.pods.map((d: Record<string, unknown>) => unpackPod(d, 'web', t0, uids, undefined, read.podBase))).toEqual(pods);
  });

  it('is none for a single pod, or when no field is alike', () => {
    expect(podBase(packed.slice(0, 1))).toBeUndefined();
    expect(
      podBase([
        { u: 1, ord: 0, st: 'Ready' },
        { u: 2, ord: 1, st: 'Pending' },
      ]),
    ).toBeUndefined();
    expect(podBase([{ name: 'a', st: 'Ready' }, { name: 'b' }])).toBeUndefined(); // missing from one is not alike
  });
});

describe("a document's pods are checked with its podBase", () => {
  const doc = (pods: unknown[], podBase?: unknown) => ({
    namespace: 'web',
    objects: {},
    pods,
    bound: {},
    ...(podBase === undefined ? {} : { podBase }),
  });
  it('a field the base gives all of them may be missing from each', () => {
    expect(docShapeProblem(doc([{ u: 1 }, { u: 2 }], { st: 'Ready', c: 0, t: 5 }))).toBeUndefined();
    expect(docShapeProblem(doc([{ u: 1, st: 'Pending' }], { st: 'Ready', c: 0, t: 5 }))).toBeUndefined();
  });
  it('one missing from the pod and its base, or of the wrong type, or a base that is no object, is refused', () => {
    expect(docShapeProblem(doc([{ u: 1, c: 0, t: 5 }]))).toBe('pods[0].st is missing');
    expect(docShapeProblem(doc([{ u: 1, st: 'Ready' }, { u: 2 }], { c: 0, t: 5 }))).toBe('pods[1].st is missing');
    expect(docShapeProblem(doc([{ u: 1 }], { st: 'Ready', c: 'soon', t: 5 }))).toBe('pods[0].c is a string, not a number');
    expect(docShapeProblem(doc([{ u: 1 }], [1]))).toBe('podBase is an array, not an object');
  });
});
