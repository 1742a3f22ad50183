// Clearing a pod record's optional fields as the kubelet's steps do at every start and restart.
import type { PodRecord } from '../api/types.js';

/** Delete these fields of the record, skipping the ones it does not have: `delete` of an absent
 *  property still costs a call into the runtime, and a big settle starts 100,000 pods. */
export function forget(p: PodRecord, keys: readonly (keyof PodRecord)[]): void {
  for (const k of keys) if (k in p) delete p[k];
}
