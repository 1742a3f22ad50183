// The uids sts makes: the cluster's id and a counter mixed into 128 bits, shaped as a version-4
// UUID, so they are unique per cluster yet reproducible; and the counter value of each one made or
// read, which is what a namespace's document keeps instead of 36 characters (store/pod-pack.ts).
// The mix is murmur3's finalizer, not a cryptographic hash: a bijection of the counter for each
// word, so two counters never give one uid, and 100,000 of them cost microseconds, not a hash each.
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

const DIGIT = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
/** The uid's characters, filled in place and made into one string (hex strings concatenated and
 *  sliced made ~20 strings per uid: 100,000 pods read took 78 MB of garbage). */
const chars: number[] = new Array(36).fill(DASH);
/** Write `digits` hex digits of `w` (its low ones) at `at`. */
function put(w: number, digits: number, at: number): void {
  for (let i = digits - 1; i >= 0; i--, w >>>= 4) chars[at + i] = DIGIT[w & 15];
}

export function uidNumbers(clusterId: () => string): UidNumbers {
  const numbers = new Map<string, number>();
  let seeds: number[] | undefined;
  let seededFor: string | undefined;
  return {
    numberOf: (uid) => numbers.get(uid),
    uidOf: (n) => {
      const id = clusterId();
      if (seededFor !== id) {
        const h = sha256Words(`sts-uid/${id}`);
        seeds = [0, 1, 2, 3].map((i) => h[i] | 1); // odd: multiplying by it is a bijection
        seededFor = id;
      }
      const s = seeds!;
      const word = (i: number) => fmix32(Math.imul(fmix32((n + i * 0x9e3779b9) >>> 0), s[i]) ^ (s[i] >>> 1));
      // the four words' 32 hex digits as 8-4-4-4-12, the 13th made 4 (the version) and the 17th
      // 8 to b (the variant)
      const w0 = word(0),
        w1 = word(1),
        w2 = word(2),
        w3 = word(3);
      put(w0, 8, 0);
      put(w1 >>> 16, 4, 9);
      put(4, 1, 14);
      put(w1 & 0xfff, 3, 15);
      put(((w2 >>> 28) & 3) | 8, 1, 19);
      put((w2 >>> 16) & 0xfff, 3, 20);
      put(w2 & 0xffff, 4, 24);
      put(w3, 8, 28);
      const uid = String.fromCharCode.apply(null, chars);
      numbers.set(uid, n);
      return uid;
    },
  };
}
