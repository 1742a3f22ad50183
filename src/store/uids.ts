// The uids sts makes: a hash of the cluster's id and a counter, shaped as a version-4 UUID, so they
// are unique per cluster yet reproducible; and the counter value of each one made or read, which is
// what a namespace's document keeps instead of 36 characters (store/pod-pack.ts).
import { createHash } from 'node:crypto';
import type { UidNumbers } from './pod-pack.js';

export function uidNumbers(clusterId: () => string): UidNumbers {
  const numbers = new Map<string, number>();
  return {
    numberOf: (uid) => numbers.get(uid),
    uidOf: (n) => {
      const h = createHash('sha1').update(`${clusterId()}/${n}`).digest('hex');
      const uid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
      numbers.set(uid, n);
      return uid;
    },
  };
}
