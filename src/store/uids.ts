// The uids sts makes: the cluster's id and a counter mixed into 128 bits, shaped as a version-4
// UUID, so they are unique per cluster yet reproducible; and the counter value a uid was made from,
// which is what a namespace's document keeps instead of 36 characters (store/pod-pack.ts).
// The mix is murmur3's finalizer, not a cryptographic hash: a bijection of the counter for each
// word, so two counters never give one uid, 100,000 of them cost microseconds, not a hash each, and
// a uid's counter is found by running its first word's mix backwards (no table of every uid made:
// a Map of 100,000 uid strings was most of a big apply's uid cost, and garbage to collect).
import { sha256Words } from '../api/sha256.js';
import type { UidNumbers } from './pod-pack.js';

/** murmur3's fmix32: a bijection on 32-bit words that spreads every bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The inverse of an odd number modulo 2^32 (Newton's iteration: each step doubles the bits right). */
function inverse(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}
const UNMIX1 = inverse(0x85ebca6b);
const UNMIX2 = inverse(0xc2b2ae35);

/** fmix32 backwards: unfmix32(fmix32(h)) === h. */
function unfmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, UNMIX2);
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, UNMIX1);
  h ^= h >>> 16;
  return h >>> 0;
}

const DIGIT = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
/** The uid's characters, filled in place and made into one string (hex strings concatenated and
 *  sliced made ~20 strings per uid: 100,000 pods read took 78 MB of garbage). */
const chars: number[] = new Array(36).fill(DASH);
/** Write `digits` hex digits of `w` (its low ones) at `at`. */
function put(w: number, digits: number, at: number): void {
  for (let i = digits - 1; i >= 0; i--, w >>>= 4) chars[at + i] = DIGIT[w & 15];
}
/** The value of the hex digits of `s` from `at` to `end` (NaN: not all lowercase hex digits). */
function hexAt(s: string, at: number, end: number): number {
  let w = 0;
  for (let i = at; i < end; i++) {
    const c = s.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return NaN;
    w = w * 16 + d;
  }
  return w;
}

export function uidNumbers(clusterId: () => string): UidNumbers {
  let seeds: number[] = [];
  let unseed0 = 0; // the inverse of the first word's seed
  let seededFor: string | undefined;
  const seed = (): number[] => {
    const id = clusterId();
    if (seededFor !== id) {
      const h = sha256Words(`sts-uid/${id}`);
      seeds = [0, 1, 2, 3].map((i) => h[i] | 1); // odd: multiplying by it is a bijection
      unseed0 = inverse(seeds[0]);
      seededFor = id;
    }
    return seeds;
  };
  const word = (s: number[], n: number, i: number) => fmix32(Math.imul(fmix32((n + i * 0x9e3779b9) >>> 0), s[i]) ^ (s[i] >>> 1));
  return {
    numberOf: (uid) => {
      if (uid.length !== 36) return undefined;
      const w0 = hexAt(uid, 0, 8);
      if (Number.isNaN(w0)) return undefined;
      // the first word is fmix32(fmix32(n) * seed ^ seed >>> 1): undone step by step, the counter
      // it came from; the uid is sts's if that counter's other words are the rest of it (as uidOf
      // lays them out)
      const s = seed();
      const n = unfmix32(Math.imul(unfmix32(w0) ^ (s[0] >>> 1), unseed0));
      const w1 = word(s, n, 1),
        w2 = word(s, n, 2),
        w3 = word(s, n, 3);
      const same =
        uid.charCodeAt(8) === DASH &&
        uid.charCodeAt(13) === DASH &&
        uid.charCodeAt(18) === DASH &&
        uid.charCodeAt(23) === DASH &&
        hexAt(uid, 9, 13) === w1 >>> 16 &&
        hexAt(uid, 14, 18) === (0x4000 | (w1 & 0xfff)) &&
        hexAt(uid, 19, 23) === (0x8000 | (((w2 >>> 28) & 3) << 12) | ((w2 >>> 16) & 0xfff)) &&
        hexAt(uid, 24, 28) === (w2 & 0xffff) &&
        hexAt(uid, 28, 36) === w3;
      return same ? n : undefined;
    },
    uidOf: (n) => {
      const s = seed();
      const w0 = word(s, n, 0),
        w1 = word(s, n, 1),
        w2 = word(s, n, 2),
        w3 = word(s, n, 3);
      // the four words' 32 hex digits as 8-4-4-4-12, the 13th made 4 (the version) and the 17th
      // 8 to b (the variant)
      put(w0, 8, 0);
      put(w1 >>> 16, 4, 9);
      put(4, 1, 14);
      put(w1 & 0xfff, 3, 15);
      put(((w2 >>> 28) & 3) | 8, 1, 19);
      put((w2 >>> 16) & 0xfff, 3, 20);
      put(w2 & 0xffff, 4, 24);
      put(w3, 8, 28);
      return String.fromCharCode.apply(null, chars);
    },
  };
}
