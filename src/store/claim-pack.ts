// A namespace document's claims made from its StatefulSets' templates, and the volumes provisioned
// for them, kept derived (store/derived-volumes.ts): under `claims`, by set, each claim's compact
// form with its volume's (`pv`) and when it was bound (`b`). What does not derive exactly stays
// in `objects` in full. A volume read this way is made only when asked for (object-index.ts's Lazy),
// and a save keeps the compact forms a claim and its volume were read with while neither changed.
import type { KObject } from '../api/types.js';
import { claimOrigin, compactClaim, compactVolume, expandClaim, expandVolume, type CompactClaim, type CompactVolume } from './derived-volumes.js';
import { Lazy } from './object-index.js';

export type PackedClaim = CompactClaim & { pv?: CompactVolume; b?: number };

/** A derived volume not made yet: from its claim as read (`cc`, of a copy of its set as read), and
 *  the name of that claim. Fields, not a closure: 100,000 of them are read at once. */
export class LazyVolume extends Lazy {
  constructor(
    ns: string,
    readonly claim: string,
    private readonly cc: PackedClaim,
    private readonly set: KObject,
  ) {
    super(`pvc-${cc.u}`, ns);
  }
  protected make(): KObject {
    return expandVolume(this.cc.pv!, expandClaim(this.cc, this.set, this.home));
  }
}

/** What a namespace's derived claims were read from: the claims, and side by side the packed form
 *  each was read from, its set and its volume; the document's sets by name, as claims derive from
 *  them. Arrays, indexed by claim only when a save asks (a command that only reads builds no map). */
export interface ClaimReads {
  sets: Map<string, string>;
  claims: KObject[];
  forms: PackedClaim[];
  owners: string[];
  volumes: (LazyVolume | undefined)[];
  index?: Map<KObject, number>;
}

/** What of a set its claims derive from (buildClaim in derived-volumes.ts): a status write leaves it. */
function derivedFrom(set: KObject): KObject {
  const { apiVersion, kind, metadata, spec } = set;
  return {
    apiVersion,
    kind,
    metadata: { name: metadata?.name, uid: metadata?.uid },
    spec: { volumeClaimTemplates: spec?.volumeClaimTemplates, selector: spec?.selector },
  } as KObject;
}
const setKey = (set: KObject) => JSON.stringify(derivedFrom(set));

/** The packed form a claim was read with, while it holds: the claim as read (a resourceVersion
 *  changes with every write), and its document's sets as they were for what claims derive from. */
function readForm(pvc: KObject, reads: ClaimReads | undefined, setsAsRead: boolean) {
  if (!reads || !setsAsRead) return undefined;
  const i = (reads.index ??= new Map(reads.claims.map((c, i) => [c, i]))).get(pvc);
  if (i === undefined) return undefined;
  const packed = reads.forms[i];
  // the resourceVersion it was read with (expandClaim's)
  return String(packed.rv) === pvc.metadata.resourceVersion ? { packed, set: reads.owners[i], volume: reads.volumes[i] } : undefined;
}

/** Move the derivable claims (with their volumes and bound times) out of a document's objects; its
 *  volumes may be Lazy ones (none is left: each is kept derived or made). */
export function packClaims(
  doc: { objects: Record<string, (KObject | Lazy)[]>; bound: Record<string, number> },
  reads?: ClaimReads,
): Record<string, PackedClaim[]> | undefined {
  const sets = (doc.objects.StatefulSet ?? []) as KObject[];
  const claims = (doc.objects.PersistentVolumeClaim ?? []) as KObject[];
  const allVolumes = doc.objects.PersistentVolume ?? [];
  const made = () => {
    if (allVolumes.some((pv) => pv instanceof Lazy)) doc.objects.PersistentVolume = allVolumes.map((pv) => (pv instanceof Lazy ? pv.object : pv));
  };
  if (!sets.length || !claims.length) return (made(), undefined);
  const setsAsRead = reads !== undefined && reads.sets.size === sets.length && sets.every((s) => reads.sets.get(s.metadata.name) === setKey(s));
  const volumes = new Map<string, KObject | Lazy>();
  for (const pv of allVolumes)
    if (pv instanceof LazyVolume) volumes.set(pv.claim, pv);
    else if (!(pv instanceof Lazy) && pv.spec?.claimRef?.name) volumes.set(pv.spec.claimRef.name, pv);
  const packed: Record<string, PackedClaim[]> = {};
  const fullClaims: KObject[] = [];
  const derivedVolumes = new Set<KObject | Lazy>();
  for (const pvc of claims) {
    const name = pvc.metadata.name;
    let cc: PackedClaim | undefined;
    let owner: string | undefined;
    const r = readForm(pvc, reads, setsAsRead);
    if (r) {
      // unchanged since read: the form it was read with (which rebuilt it byte for byte then)
      const { pv: _pv, b: _b, ...form } = r.packed;
      cc = form;
      owner = r.set;
    } else
      for (const set of sets) {
        if (!claimOrigin(name, set)) continue;
        cc = compactClaim(pvc, set);
        if (cc) {
          owner = set.metadata.name;
          break;
        }
      }
    if (!cc || !owner) {
      fullClaims.push(pvc);
      continue;
    }
    const entry = volumes.get(name);
    if (r && r.volume && entry === r.volume && !r.volume.isMade) {
      cc.pv = r.packed.pv;
      derivedVolumes.add(entry);
    } else {
      const pv = entry instanceof Lazy ? entry.object : entry;
      const cv = pv && pv.spec.claimRef.uid === pvc.metadata.uid ? compactVolume(pv, pvc) : undefined;
      if (cv) {
        cc.pv = cv;
        derivedVolumes.add(entry!);
      }
    }
    const at = doc.bound[name];
    if (at !== undefined) {
      cc.b = at;
      delete doc.bound[name];
    }
    (packed[owner] ??= []).push(cc);
  }
  if (!Object.keys(packed).length) return (made(), undefined);
  if (fullClaims.length) doc.objects.PersistentVolumeClaim = fullClaims;
  else delete doc.objects.PersistentVolumeClaim;
  const fullVolumes = allVolumes.filter((pv) => !derivedVolumes.has(pv)).map((pv) => (pv instanceof Lazy ? pv.object : pv));
  if (fullVolumes.length) doc.objects.PersistentVolume = fullVolumes;
  else delete doc.objects.PersistentVolume;
  return packed;
}

/** The claims a document keeps derived, rebuilt, with their volumes (made when asked for), their
 *  bound times and what they were read from. With `boundTimes` (the cluster's, by `<ns>/<claim>`),
 *  the bound times go straight there (100,000 claims fill no object of their own on the way). */
export function unpackClaims(
  ns: string,
  packed: Record<string, PackedClaim[]>,
  sets: KObject[],
  boundTimes?: Record<string, number>,
): { claims: KObject[]; volumes: LazyVolume[]; bound: Record<string, number>; reads: ClaimReads } {
  const claims: KObject[] = [];
  const reads: ClaimReads = { sets: new Map(sets.map((s) => [s.metadata.name, setKey(s)])), claims, forms: [], owners: [], volumes: [] };
  const out = { claims, volumes: [] as LazyVolume[], bound: {} as Record<string, number>, reads };
  for (const [setName, list] of Object.entries(packed)) {
    const set = sets.find((s) => s.metadata.name === setName);
    if (!set) throw new Error(`claims of StatefulSet "${setName}", which the document does not have`);
    // a volume is made from its claim as read, which may have changed by then: from a copy of the set
    let asRead: KObject | undefined;
    // no rest pattern to part `pv` and `b` from the claim's own keys: expandClaim reads only its own
    for (const cc of list) {
      const pvc = expandClaim(cc, set, ns);
      const name = pvc.metadata.name;
      out.claims.push(pvc);
      let volume: LazyVolume | undefined;
      if (cc.pv) out.volumes.push((volume = new LazyVolume(ns, name, cc, (asRead ??= structuredClone(derivedFrom(set))))));
      if (cc.b !== undefined) {
        if (boundTimes) boundTimes[`${ns}/${name}`] = cc.b;
        else out.bound[name] = cc.b;
      }
      reads.forms.push(cc);
      reads.owners.push(setName);
      reads.volumes.push(volume);
    }
  }
  return out;
}

/** unpackClaims into a document's objects as read (bound times as unpackClaims puts them): its claims after the ones kept in full, its
 *  volumes (returned, to be made when asked for) after the full ones. */
export function unpackClaimsInto(
  ns: string,
  objects: Record<string, KObject[]>,
  packed: Record<string, PackedClaim[]>,
  boundTimes?: Record<string, number>,
) {
  const derived = unpackClaims(ns, packed, objects.StatefulSet ?? [], boundTimes);
  const claims = (objects.PersistentVolumeClaim ??= []);
  for (const pvc of derived.claims) claims.push(pvc);
  objects.PersistentVolume ??= [];
  return derived;
}
