// A document's derived claims as a save finds them (src/store/claim-pack.ts): a claim unchanged since
// read keeps the form it was read with, its volume stays unmade until asked for, and anything that
// changed is derived again (or kept whole) exactly as without what was read.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/types.js';
import { packClaims, unpackClaimsInto, type LazyVolume } from '../../src/store/claim-pack.js';
import { Lazy } from '../../src/store/object-index.js';
import FIX from './fixtures/derived-volumes/objects.json';

const ns = 'default';
const fix = FIX as unknown as {
  sets: Record<string, KObject>;
  claims: Record<string, KObject>;
  volumes: Record<string, KObject>;
  pairs: [string, string][];
};
const pairs = fix.pairs.filter(([, c]) => c.startsWith('bound/') && c.includes('-db-'));

/** A document with the db set, its bound claims and their volumes, as a save packs it. */
function saved() {
  const doc = {
    objects: {
      StatefulSet: [structuredClone(fix.sets.db)],
      PersistentVolumeClaim: pairs.map(([, c]) => structuredClone(fix.claims[c])),
      PersistentVolume: pairs.map(([v]) => structuredClone(fix.volumes[v])),
    } as Record<string, KObject[]>,
    bound: { [fix.claims[pairs[0][1]].metadata.name]: 1000 } as Record<string, number>,
  };
  const claims = packClaims(doc)!;
  return JSON.parse(JSON.stringify({ ...doc, claims }));
}

/** That document read back: its objects (volumes Lazy) and what they were read from. */
function read() {
  const doc = saved();
  const derived = unpackClaimsInto(ns, doc.objects, doc.claims);
  const objects: Record<string, (KObject | Lazy)[]> = { ...doc.objects, PersistentVolume: [...doc.objects.PersistentVolume, ...derived.volumes] };
  return { doc, derived, objects, bound: { ...doc.bound, ...derived.bound } };
}

/** Save what was read: with what it was read from, and (the oracle) with every volume made and nothing read. */
function save(r: ReturnType<typeof read>) {
  const plain = {
    objects: { ...r.objects, PersistentVolume: r.objects.PersistentVolume.map((v) => (v instanceof Lazy ? v.object : v)) },
    bound: { ...r.bound },
  };
  const bare = structuredClone(plain);
  const oracle = { claims: packClaims(bare), ...bare };
  const withReads = { objects: { ...r.objects }, bound: { ...r.bound } };
  const claims = packClaims(withReads, r.derived.reads);
  return { text: JSON.stringify({ claims, ...withReads }), oracle: JSON.stringify(oracle) };
}

describe('a save keeps what a claim was read with', () => {
  it('unchanged: the same forms, no volume made', () => {
    const r = read();
    expect(r.derived.volumes).toHaveLength(pairs.length);
    const withReads = { objects: { ...r.objects }, bound: { ...r.bound } };
    expect(JSON.stringify(packClaims(withReads, r.derived.reads))).toBe(JSON.stringify(r.doc.claims));
    expect(r.derived.volumes.every((v: LazyVolume) => !v.isMade)).toBe(true);
    expect(withReads.objects.PersistentVolume).toBeUndefined();
  });

  it('a volume made when asked for is the one derived before', () => {
    const r = read();
    const [v] = r.derived.volumes;
    expect(JSON.stringify(v.object)).toBe(JSON.stringify(fix.volumes[pairs[0][0]]));
  });

  it('a claim written since is derived again; a volume changed is kept whole', () => {
    const r = read();
    const pvcs = r.doc.objects.PersistentVolumeClaim as KObject[];
    pvcs[0].metadata.resourceVersion = '999999'; // written (still derivable)
    pvcs[1].metadata.labels = { ...pvcs[1].metadata.labels, edited: 'yes' }; // edited: kept whole
    pvcs[1].metadata.resourceVersion = '1000000';
    const v = r.derived.volumes[2].object; // made and changed
    v.spec.persistentVolumeReclaimPolicy = 'Retain';
    v.metadata.labels = { x: 'y' };
    const { text, oracle } = save(r);
    expect(text).toBe(oracle);
    expect(text).toContain('"edited":"yes"');
    expect(text).toContain('"x":"y"');
  });

  it("a set's template changed: nothing read is kept", () => {
    const r = read();
    const set = r.doc.objects.StatefulSet[0] as KObject;
    set.spec.volumeClaimTemplates[0].metadata.labels = { new: 'label' };
    set.metadata.resourceVersion = '5';
    const { text, oracle } = save(r);
    expect(text).toBe(oracle);
  });

  it("a set's status written: its claims keep their forms", () => {
    const r = read();
    const set = r.doc.objects.StatefulSet[0] as KObject;
    set.status = { replicas: 42 };
    set.metadata.resourceVersion = '5';
    const withReads = { objects: { ...r.objects }, bound: { ...r.bound } };
    expect(JSON.stringify(packClaims(withReads, r.derived.reads))).toBe(JSON.stringify(r.doc.claims));
    expect(r.derived.volumes.every((v) => !v.isMade)).toBe(true);
  });
});
