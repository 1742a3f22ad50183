// A namespace document's claims made from its StatefulSets' templates, and the volumes provisioned
// for them, kept derived (store/derived-volumes.ts): under `claims`, by set, each claim's compact
// form with its volume's (`pv`) and when it was bound (`b`). What does not derive exactly stays
// in `objects` in full.
import type { KObject } from '../api/types.js';
import { claimOrigin, compactClaim, compactVolume, expandClaim, expandVolume, type CompactClaim, type CompactVolume } from './derived-volumes.js';

export type PackedClaim = CompactClaim & { pv?: CompactVolume; b?: number };

/** Move the derivable claims (with their volumes and bound times) out of a document's objects. */
export function packClaims(doc: { objects: Record<string, KObject[]>; bound: Record<string, number> }): Record<string, PackedClaim[]> | undefined {
  const sets = doc.objects.StatefulSet ?? [];
  const claims = doc.objects.PersistentVolumeClaim;
  if (!sets.length || !claims?.length) return undefined;
  const volumes = new Map<string, KObject>();
  for (const pv of doc.objects.PersistentVolume ?? []) if (pv.spec?.claimRef?.name) volumes.set(pv.spec.claimRef.name, pv);
  const packed: Record<string, PackedClaim[]> = {};
  const fullClaims: KObject[] = [];
  const derivedVolumes = new Set<KObject>();
  for (const pvc of claims) {
    const name = pvc.metadata.name;
    let cc: PackedClaim | undefined;
    let owner: KObject | undefined;
    for (const set of sets) {
      if (!claimOrigin(name, set)) continue;
      cc = compactClaim(pvc, set);
      if (cc) {
        owner = set;
        break;
      }
    }
    if (!cc || !owner) {
      fullClaims.push(pvc);
      continue;
    }
    const pv = volumes.get(name);
    const cv = pv && pv.spec.claimRef.uid === pvc.metadata.uid ? compactVolume(pv, pvc) : undefined;
    if (cv) {
      cc.pv = cv;
      derivedVolumes.add(pv!);
    }
    const at = doc.bound[name];
    if (at !== undefined) {
      cc.b = at;
      delete doc.bound[name];
    }
    (packed[owner.metadata.name] ??= []).push(cc);
  }
  if (!Object.keys(packed).length) return undefined;
  if (fullClaims.length) doc.objects.PersistentVolumeClaim = fullClaims;
  else delete doc.objects.PersistentVolumeClaim;
  const fullVolumes = (doc.objects.PersistentVolume ?? []).filter((pv) => !derivedVolumes.has(pv));
  if (fullVolumes.length) doc.objects.PersistentVolume = fullVolumes;
  else delete doc.objects.PersistentVolume;
  return packed;
}

/** The claims and volumes a document keeps derived, rebuilt, with their bound times. */
export function unpackClaims(
  ns: string,
  packed: Record<string, PackedClaim[]>,
  sets: KObject[],
): { claims: KObject[]; volumes: KObject[]; bound: Record<string, number> } {
  const out = { claims: [] as KObject[], volumes: [] as KObject[], bound: {} as Record<string, number> };
  for (const [setName, list] of Object.entries(packed)) {
    const set = sets.find((s) => s.metadata.name === setName);
    if (!set) throw new Error(`claims of StatefulSet "${setName}", which the document does not have`);
    // no rest pattern to part `pv` and `b` from the claim's own keys: expandClaim reads only its own
    for (const cc of list) {
      const pvc = expandClaim(cc, set, ns);
      out.claims.push(pvc);
      if (cc.pv) out.volumes.push(expandVolume(cc.pv, pvc));
      if (cc.b !== undefined) out.bound[pvc.metadata.name] = cc.b;
    }
  }
  return out;
}
