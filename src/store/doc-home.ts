// Small helpers over the cluster file's records: own entries, and which document keeps an object.
import type { KObject } from '../api/types.js';

/** A record's own entry: a namespace or node may be named `constructor`, which every object has. */
export const own = <T>(r: Record<string, T> | undefined, k: string): T | undefined => (r && Object.hasOwn(r, k) ? r[k] : undefined);

/** The namespace whose document keeps an object: its own, or for a volume its claim's (a bound
 *  volume goes with its claim, so a namespace's StatefulSets are worked on from one document). */
export function docNamespace(o: KObject): string | undefined {
  return o.metadata.namespace ?? (o.kind === 'PersistentVolume' ? o.spec?.claimRef?.namespace : undefined);
}
