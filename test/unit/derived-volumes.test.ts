// Claims and volumes stored derived (src/store/derived-volumes.ts): real objects as the controllers make
// them (fixtures/derived-volumes/, made by its make.sh) round-trip byte for byte; anything edited is kept whole.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/types.js';
import {
  claimOrigin,
  compactClaim,
  compactVolume,
  expandClaim,
  expandVolume,
  type CompactClaim,
  type CompactVolume,
} from '../../src/store/derived-volumes.js';

interface Fixture {
  sets: Record<string, KObject>;
  /** "<step>/<name>": each claim as it first was at that step (applied, bound, policy, condemned) */
  claims: Record<string, KObject>;
  volumes: Record<string, KObject>;
  /** [volume, claim]: as the two were at the same step */
  pairs: [string, string][];
}
const FIX: Fixture = JSON.parse(readFileSync(new URL('fixtures/derived-volumes/objects.json', import.meta.url), 'utf8'));

const text = (o: unknown) => JSON.stringify(o);
const copy = <T>(o: T): T => structuredClone(o);
const claim = (key: string) => copy(FIX.claims[key]);
const volume = (key: string) => copy(FIX.volumes[key]);
const set = (name: string) => copy(FIX.sets[name]);
/** The set a claim comes from, as the serializer finds it: by name. */
const setOf = (pvc: KObject) => Object.values(FIX.sets).find((s) => claimOrigin(pvc.metadata.name, s))!;
const ms = (iso: string) => Date.parse(iso);
/** What the file holds and what reading it gives back. */
const viaFile = <T>(o: T): T => JSON.parse(JSON.stringify(o));
const bytes = (o: unknown) => Buffer.byteLength(JSON.stringify(o));

function roundTripClaim(pvc: KObject, s = setOf(pvc)): CompactClaim {
  const cc = compactClaim(pvc, s);
  expect(cc, pvc.metadata.name).toBeDefined();
  expect(text(expandClaim(viaFile(cc!), s, pvc.metadata.namespace!))).toBe(text(pvc));
  return cc!;
}

function roundTripVolume(pv: KObject, pvc: KObject): CompactVolume {
  const cv = compactVolume(pv, pvc);
  expect(cv, pv.metadata.name).toBeDefined();
  expect(text(expandVolume(viaFile(cv!), pvc))).toBe(text(pv));
  return cv!;
}

describe('claims made from a template round-trip exactly', () => {
  it.each(Object.keys(FIX.claims))('%s', (key) => {
    roundTripClaim(claim(key));
  });

  it('a Pending claim of the default class keeps identity only', () => {
    const pvc = claim('applied/www-web-0');
    expect(roundTripClaim(pvc)).toEqual({
      o: 0,
      u: pvc.metadata.uid,
      rv: Number(pvc.metadata.resourceVersion),
      c: ms(pvc.metadata.creationTimestamp),
      p: 'Pending',
    });
  });

  it('a Bound claim of the default class: identity only, the phase and volume are the default', () => {
    const pvc = claim('bound/www-web-0');
    expect(roundTripClaim(pvc)).toEqual({
      o: 0,
      u: pvc.metadata.uid,
      rv: Number(pvc.metadata.resourceVersion),
      c: ms(pvc.metadata.creationTimestamp),
    });
  });

  it('the second template of a set whose ordinals start at 5, owned by the set', () => {
    const cc = roundTripClaim(claim('bound/logs-db-6'));
    expect(cc).toMatchObject({ o: 6, t: 1, own: 'set' });
    expect(cc.oa).toBeUndefined(); // the owner came with the pod, before binding
  });

  it('template labels and annotations, a named class: nothing more to keep', () => {
    const cc = roundTripClaim(claim('bound/data-db-5'));
    expect(Object.keys(cc).sort()).toEqual(['c', 'o', 'own', 'rv', 'u']);
  });

  it('an owner added after binding follows the annotations (oa)', () => {
    expect(roundTripClaim(claim('policy/www-web-0'))).toMatchObject({ own: 'set', oa: 1 });
  });

  it('a condemned pod owns its claims: the pod uid is kept', () => {
    const pvc = claim('condemned/data-db-6');
    expect(roundTripClaim(pvc).own).toBe(pvc.metadata.ownerReferences![0].uid);
  });

  it('the class in the beta annotation, another provisioner', () => {
    const cc = roundTripClaim(claim('bound/test-nfs-0'));
    expect(cc).toMatchObject({ pr: 'bdqn' });
    expect(cc.sc).toBeUndefined();
  });

  it('bound to a bigger static volume: its name, size and modes', () => {
    expect(roundTripClaim(claim('applied/d-pool-0'))).toMatchObject({ v: 'pv-large', cap: '10Gi', am: ['ReadWriteOnce', 'ReadWriteMany'] });
  });

  it('a class that is not the built-in default, and no class at all', () => {
    const pvc = claim('bound/www-web-0');
    pvc.spec.storageClassName = 'fast';
    expect(roundTripClaim(pvc).sc).toBe('fast');
    delete pvc.spec.storageClassName;
    expect(roundTripClaim(pvc).sc).toBe('');
  });
});

describe('provisioned volumes round-trip exactly', () => {
  const provisioned = FIX.pairs.filter(([pv]) => FIX.volumes[pv].metadata.name.startsWith('pvc-'));
  it.each(provisioned)('%s with %s', (pv, pvc) => {
    roundTripVolume(volume(pv), claim(pvc));
  });

  it('Delete: only the uid and offsets from the claim', () => {
    const pvc = claim('bound/www-web-0');
    const pv = volume(FIX.pairs.find(([, c]) => c === 'bound/www-web-0')![0]);
    expect(roundTripVolume(pv, pvc)).toEqual({
      u: pv.metadata.uid,
      rv: Number(pv.metadata.resourceVersion) - Number(pvc.metadata.resourceVersion),
      c: ms(pv.metadata.creationTimestamp) - ms(pvc.metadata.creationTimestamp),
      crv: Number(pv.spec.claimRef.resourceVersion) - Number(pvc.metadata.resourceVersion),
    });
  });

  it('a Retain class and a csi volume', () => {
    const [pv, pvc] = FIX.pairs.find(([, c]) => c === 'bound/test-nfs-0')!;
    expect(volume(pv).spec.csi).toBeDefined();
    expect(roundTripVolume(volume(pv), claim(pvc)).r).toBe('Retain');
  });
});

describe('bytes', () => {
  const pvc = claim('bound/www-web-0');
  const pv = volume(FIX.pairs.find(([, c]) => c === 'bound/www-web-0')![0]);

  it('a bound claim and its volume take under 180 bytes (full: over 1,600)', () => {
    expect(bytes(pvc) + bytes(pv)).toBeGreaterThan(1600);
    expect(bytes(compactClaim(pvc, setOf(pvc))) + bytes(compactVolume(pv, pvc))).toBeLessThanOrEqual(180);
  });

  it('still at 100,000 pods: 6-digit ordinals, 8-digit resourceVersions, owned by the set', () => {
    const s = set('web');
    const big = expandClaim({ o: 123_456, u: pvc.metadata.uid, rv: 12_345_678, c: ms(pvc.metadata.creationTimestamp), own: 'set' }, s, 'default');
    const bigPv = expandVolume({ u: pv.metadata.uid, rv: -1, c: 4000, crv: -3 }, big);
    expect(bytes(roundTripClaim(big, s)) + bytes(roundTripVolume(bigPv, big))).toBeLessThanOrEqual(180);
  });
});

describe('what derivation does not rebuild is stored in full', () => {
  const bound = () => claim('bound/data-db-5');
  const edits: [string, (pvc: KObject) => void][] = [
    ['a label added', (p) => (p.metadata.labels!.extra = 'x')],
    ['an annotation added', (p) => (p.metadata.annotations!.note = 'x')],
    ['resized', (p) => (p.spec.resources.requests.storage = '4Gi')],
    ['a resize in progress (status conditions)', (p) => (p.status.conditions = [{ type: 'Resizing', status: 'True' }])],
    ['being deleted', (p) => (p.metadata.deletionTimestamp = p.metadata.creationTimestamp)],
    ['a second owner', (p) => p.metadata.ownerReferences!.push({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'y' })],
    [
      'labels moved to the end (another key order)',
      (p) => {
        const { labels, ...rest } = p.metadata;
        p.metadata = { ...rest, labels: labels! };
      },
    ],
    ['a timestamp with a fraction of a second', (p) => (p.metadata.creationTimestamp = p.metadata.creationTimestamp.replace('Z', '.5Z'))],
    ['a resourceVersion that is no integer', (p) => (p.metadata.resourceVersion = 'NaN')],
    ['a finalizer added', (p) => p.metadata.finalizers!.push('example.com/keep')],
    ['Lost', (p) => (p.status.phase = 'Lost')],
  ];
  it.each(edits)('claim: %s', (_, edit) => {
    const pvc = bound();
    edit(pvc);
    expect(compactClaim(pvc, set('db'))).toBeUndefined();
  });

  const setEdits: [string, (s: KObject) => void][] = [
    ['template labels changed', (s) => (s.spec.volumeClaimTemplates[0].metadata.labels.tier = 'other')],
    ['template size changed', (s) => (s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1Gi')],
    ['template renamed', (s) => (s.spec.volumeClaimTemplates[0].metadata.name = 'other')],
    ['no templates', (s) => delete s.spec.volumeClaimTemplates],
    ['the set recreated (another uid)', (s) => (s.metadata.uid = '00000000-0000-4000-8000-000000000000')],
  ];
  it.each(setEdits)('set: %s', (_, edit) => {
    const s = set('db');
    edit(s);
    expect(compactClaim(bound(), s)).toBeUndefined();
  });

  it('names that are no claim of the set', () => {
    const s = set('web');
    for (const name of ['www-web-01', 'www-web-', 'www-web-x', 'www-webs-0', 'data-web-0', 'www-web-0-0'])
      expect(claimOrigin(name, s), name).toBeUndefined();
    expect(claimOrigin('www-web-12', s)).toEqual({ tpl: 0, ord: 12 });
  });

  it('a claim made by hand, with the name a template would give it', () => {
    const pvc = claim('bound/www-web-0');
    pvc.metadata.labels = { mine: 'yes' };
    expect(compactClaim(pvc, set('web'))).toBeUndefined();
  });

  it('volumes: static, Released, edited, or their claim resized', () => {
    const [pvKey, pvcKey] = FIX.pairs.find(([, c]) => c === 'bound/data-db-6')!;
    expect(compactVolume(volume('applied/pv-large'), claim('applied/d-pool-0'))).toBeUndefined();
    expect(compactVolume(volume(`released/${FIX.volumes[pvKey].metadata.name}`), claim('condemned/data-db-6'))).toBeUndefined();
    const labelled = volume(pvKey);
    labelled.metadata.labels = { x: 'y' };
    expect(compactVolume(labelled, claim(pvcKey))).toBeUndefined();
    const resized = claim(pvcKey);
    resized.spec.resources.requests.storage = '4Gi';
    expect(compactVolume(volume(pvKey), resized)).toBeUndefined();
    expect(compactVolume(volume(pvKey), claim('bound/data-db-5'))).toBeUndefined(); // another claim
  });
});

describe('property: a compact form, when there is one, is the object itself', () => {
  // mutations as edits, patches and hostile files make them: any value at any path, keys removed or moved
  const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.jsonValue());
  const mutation = fc.record({
    path: fc.array(fc.oneof(fc.nat(6), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }),
    v: value,
    op: fc.nat(2),
  });

  function mutate(o: any, { path, v, op }: { path: (number | string)[]; v: unknown; op: number }): void {
    let at = o;
    for (const step of path.slice(0, -1)) {
      const keys = at && typeof at === 'object' ? Object.keys(at) : [];
      if (!keys.length) return;
      at = at[typeof step === 'number' ? keys[step % keys.length] : step];
    }
    if (!at || typeof at !== 'object') return;
    const keys = Object.keys(at);
    const last = path[path.length - 1];
    const key = typeof last === 'number' && keys.length ? keys[last % keys.length] : String(last);
    if (op === 0) at[key] = v;
    else if (op === 1) delete at[key];
    else if (key in at) {
      const moved = at[key]; // to the end: the same object in another key order
      delete at[key];
      at[key] = moved;
    }
  }

  it('claims and their sets', () => {
    const keys = Object.keys(FIX.claims);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.array(mutation, { maxLength: 3 }),
        fc.array(mutation, { maxLength: 2 }),
        (key, claimEdits, setEdits) => {
          const pvc = claim(key);
          const s = copy(setOf(pvc));
          for (const m of claimEdits) mutate(pvc, m);
          for (const m of setEdits) mutate(s, m);
          const cc = compactClaim(pvc, s);
          if (cc !== undefined) expect(text(expandClaim(viaFile(cc), s, pvc.metadata.namespace!))).toBe(text(pvc));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('volumes and their claims', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIX.pairs),
        fc.array(mutation, { maxLength: 3 }),
        fc.array(mutation, { maxLength: 2 }),
        ([pvKey, pvcKey], pvEdits, pvcEdits) => {
          const pv = volume(pvKey);
          const pvc = claim(pvcKey);
          for (const m of pvEdits) mutate(pv, m);
          for (const m of pvcEdits) mutate(pvc, m);
          const cv = compactVolume(pv, pvc);
          if (cv !== undefined) expect(text(expandVolume(viaFile(cv), pvc))).toBe(text(pv));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
