// Ords (statefulset-pods.ts), the sorted ordinals a set's views are indexed by: under random adds and
// deletes, and with many elements, its head moving as the lowest leave (pods change in ordinal order)
// and the array compacted once most of it is gone. It answers as a scan of a sorted array would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ords } from '../../src/controller/statefulset-pods.js';

/** Every answer of `o` against the set `ref`, over [lo, hi]. */
function expectSame(o: Ords, ref: Set<number>, lo: number, hi: number, k: number): void {
  const inRange = [...ref].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
  const gaps = Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i).filter((x) => !ref.has(x));
  expect(o.size).toBe(ref.size);
  expect(o.between(lo, hi)).toEqual(inRange);
  expect(o.count(lo, hi)).toBe(inRange.length);
  expect(o.first(lo, hi)).toBe(inRange[0]);
  expect(o.last(lo, hi)).toBe(inRange.at(-1));
  expect(o.top(lo, hi, k)).toEqual([...inRange].reverse().slice(0, k));
  expect(o.missing(lo, hi)).toEqual(gaps);
  expect(o.firstMissing(lo, hi)).toBe(gaps[0]);
  expect(o.lastMissing(lo, hi)).toBe(gaps.at(-1));
  for (let x = lo; x <= hi; x++) expect(o.has(x)).toBe(ref.has(x));
}

describe('Ords', () => {
  it('answers as a scan of a sorted array would', () => {
    const range = fc.integer({ min: -2, max: 14 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 12 })), { maxLength: 40 }), range, range, fc.nat(5), (ops, lo, hi, k) => {
        const o = new Ords();
        const ref = new Set<number>();
        for (const [add, x] of ops) {
          if (add) {
            o.add(x);
            ref.add(x);
          } else {
            o.delete(x);
            ref.delete(x);
          }
        }
        expectSame(o, ref, lo, hi, k);
      }),
      { seed: 13, numRuns: 3_000 },
    );
  });
});

describe('Ords with many elements', () => {
  it('answers as a scan after the lowest leave one by one, past compaction, and come back lower', () => {
    const o = new Ords();
    const ref = new Set<number>();
    for (let x = 0; x < 100; x++) {
      o.add(x);
      ref.add(x);
    }
    for (let x = 0; x < 90; x++) {
      o.delete(x);
      ref.delete(x);
      if (x % 7 === 0) expectSame(o, ref, -1, 101, 5);
    }
    for (const x of [80, 85, 3, 89, 95, 200]) {
      o.add(x);
      ref.add(x);
      expectSame(o, ref, -1, 101, 5);
    }
    for (const x of [3, 80, 85, 89, 90, 91]) {
      o.delete(x);
      ref.delete(x);
      expectSame(o, ref, -1, 201, 3);
    }
  });

  it('answers as a scan under random adds and deletes, mostly of the lowest', () => {
    const range = fc.integer({ min: -2, max: 130 });
    const op = fc.oneof(
      fc.tuple(fc.constant('add' as const), fc.integer({ min: 0, max: 120 })),
      fc.tuple(fc.constant('delete' as const), fc.integer({ min: 0, max: 120 })),
      fc.constant(['lowest'] as const),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.array(op, { maxLength: 200 }), range, range, fc.nat(5), (fill, ops, lo, hi, k) => {
        const o = new Ords();
        const ref = new Set<number>();
        for (let x = 0; x < fill; x++) {
          o.add(x);
          ref.add(x);
        }
        for (const [what, x] of ops) {
          if (what === 'add') {
            o.add(x);
            ref.add(x);
          } else {
            const y = what === 'delete' ? x : Math.min(...ref);
            o.delete(y);
            ref.delete(y);
          }
        }
        expectSame(o, ref, lo, hi, k);
      }),
      { seed: 29, numRuns: 500 },
    );
  });
});
