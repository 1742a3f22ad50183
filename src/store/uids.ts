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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** A word's 8 hex digits, from a table (toString and padStart per word were a tenth of creating pods). */
const hex8 = (w: number) => HEX[w >>> 24] + HEX[(w >>> 16) & 255] + HEX[(w >>> 8) & 255] + HEX[w & 255];
const hex4 = (w: number) => HEX[(w >>> 8) & 255] + HEX[w & 255];
const hex3 = (w: number) => '0123456789abcdef'[w >>> 8] + HEX[w & 255];
const VARIANT = ['8', '9', 'a', 'b'];

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
      // the 32 hex digits of the four words, shaped as 8-4-4-4-12 with the version (4) and variant
      // (8–b) digits in place, put together from the words (not sliced from one string of them)
      const w1 = word(1);
      const w2 = word(2);
      const uid = `${hex8(word(0))}-${hex4(w1 >>> 16)}-4${hex3(w1 & 0xfff)}-${VARIANT[(w2 >>> 28) & 3]}${hex3((w2 >>> 16) & 0xfff)}-${hex4(w2 & 0xffff)}${hex8(word(3))}`;
      numbers.set(uid, n);
      return uid;
    },
  };
}
