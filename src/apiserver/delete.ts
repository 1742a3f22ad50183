// Deletion as the API server does it: an object with finalizers, or a pod on a node, is only
// marked (deletionTimestamp); its controller finishes the job (the kubelet stops the pod's
// containers, the PV controller's protection lets a claim or volume go once unused). Cascading
// follows the propagation policy, as the garbage collector would.
import { CliError, notFound } from '../api/errors.js';
import { kindInfo, type KindInfo } from '../api/kinds.js';
import type { Json, KObject, PodRecord, StatefulSet } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { claimNames, podTemplate, setPodLabels } from './pod-object.js';

export interface DeleteOptions {
  cascade?: 'background' | 'foreground' | 'orphan';
  gracePeriod?: number;
}

/** Delete an object the way the API server and garbage collector would. NotFound if missing. */
export function deleteObject(c: Cluster, info: KindInfo, ns: string | undefined, name: string, opts: DeleteOptions = {}): void {
  if (info.kind === 'Pod') {
    const p = c.pod(ns!, name);
    if (!p) throw notFound(info, name);
    deletePod(c, p, opts.gracePeriod);
    return;
  }
  const o = c.get(info.kind, info.namespaced ? ns : undefined, name);
  if (!o) throw notFound(info, name);
  switch (info.kind) {
    case 'StatefulSet':
      deleteStatefulSet(c, o as StatefulSet, opts.cascade ?? 'background', opts.gracePeriod);
      return;
    case 'PersistentVolumeClaim':
      deleteClaim(c, o);
      return;
    case 'PersistentVolume':
      deleteVolume(c, o);
      return;
    case 'Namespace':
      deleteNamespace(c, o, opts.gracePeriod);
      return;
    case 'Node':
      c.loadAll(); // its pods, in every namespace, go with it (the node lifecycle's first pass)
      c.remove('Node', undefined, name);
      return;
    default:
      c.remove(info.kind, o.metadata.namespace, name);
  }
}

function deleteStatefulSet(c: Cluster, set: StatefulSet, cascade: string, grace?: number): void {
  const ns = set.metadata.namespace!;
  const name = set.metadata.name;
  const pods = [...c.podsOf(ns, name).values()];
  const revisions = c.list('ControllerRevision', ns).filter((r) => r.metadata.ownerReferences?.some((o) => o.uid === set.metadata.uid));
  if (cascade === 'orphan') {
    for (const p of pods) releasePod(c, set, p);
    orphanClaims(c, set.metadata.uid);
    for (const r of revisions) c.remove('ControllerRevision', ns, r.metadata.name);
    c.remove('StatefulSet', ns, name);
    return;
  }
  // Claims the set owns (whenDeleted: Delete) are collected once it is gone (see collectClaims).
  for (const p of pods) deletePod(c, p, grace);
  if (cascade === 'foreground' && pods.length) {
    set.metadata.deletionTimestamp = c.timestamp();
    set.metadata.finalizers = ['foregroundDeletion'];
    c.put(set);
    return;
  }
  // Background: the set goes now; its pods finish terminating on their own.
  for (const p of pods) releasePod(c, set, p);
  for (const r of revisions) c.remove('ControllerRevision', ns, r.metadata.name);
  c.remove('StatefulSet', ns, name);
}

/** Detach a pod from its set; it keeps its own copy of what the set and revision gave it. */
function releasePod(c: Cluster, set: StatefulSet, p: PodRecord): void {
  const tpl = podTemplate(c, p);
  const claims = claimNames(c, p);
  p.labels = setPodLabels(tpl, p.name, p.ordinal!, p.revision ?? '');
  if (tpl.metadata?.annotations) p.annotations = { ...tpl.metadata.annotations };
  p.spec = structuredClone(tpl.spec);
  p.spec.hostname = p.name;
  if (set.spec.serviceName) p.spec.subdomain = set.spec.serviceName;
  const vols = (set.spec.volumeClaimTemplates ?? []).map((t, i) => ({ name: t.metadata.name, persistentVolumeClaim: { claimName: claims[i] } }));
  const names = new Set(vols.map((v) => v.name));
  if (vols.length) p.spec.volumes = [...vols, ...(p.spec.volumes ?? []).filter((v: Json) => !names.has(v.name))];
  c.reownPod(p, undefined, undefined);
}

function deleteNamespace(c: Cluster, nsObj: KObject, grace?: number): void {
  const ns = nsObj.metadata.name;
  if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(ns))
    throw new CliError(`Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted`);
  for (const set of c.list('StatefulSet', ns)) deleteStatefulSet(c, set as StatefulSet, 'background', grace);
  for (const p of c.pods(ns)) deletePod(c, p, grace);
  for (const pvc of c.list('PersistentVolumeClaim', ns)) deleteClaim(c, pvc);
  for (const kind of c.kinds())
    if (kindInfo(kind)?.namespaced && !['PersistentVolumeClaim', 'StatefulSet'].includes(kind))
      for (const o of c.list(kind, ns)) c.remove(kind, ns, o.metadata.name);
  c.dropEvents(ns);
  nsObj.metadata.deletionTimestamp = c.timestamp();
  nsObj.status = { phase: 'Terminating' };
  c.put(nsObj);
}

/**
 * Mark a pod deleted (or, with grace period 0 or when it never reached a node, due for removal at
 * once); the kubelet stops its containers and removes it. Returns false if it was already terminating.
 * The grace period is the request's, capped by the pod's terminationGracePeriodSeconds.
 */
export function deletePod(c: Cluster, p: PodRecord, gracePeriodSeconds?: number): boolean {
  if (p.deletingSince !== undefined && gracePeriodSeconds !== 0) return false;
  const grace = gracePeriodSeconds ?? 30;
  p.deletingSince = c.now;
  if (!p.node || grace === 0) {
    p.deletionGrace = 0;
    p.removeAt = c.now;
  } else {
    p.deletionGrace = Math.min(grace, Number(podTemplate(c, p).spec?.terminationGracePeriodSeconds ?? 30));
    delete p.removeAt;
    c.deletedPods.add(p);
  }
  c.touchPod(p);
  return true;
}

/** Mark a claim deleted; its pvc-protection finalizer keeps it Terminating until no pod uses it. */
export function deleteClaim(c: Cluster, pvc: KObject): void {
  if (pvc.metadata.deletionTimestamp) return;
  pvc.metadata.deletionTimestamp = c.timestamp();
  pvc.metadata.deletionGracePeriodSeconds = 0;
  c.put(pvc);
}

/** Mark a volume deleted; pv-protection keeps it while it is Bound to a claim that still exists. */
function deleteVolume(c: Cluster, pv: KObject): void {
  if (pv.metadata.deletionTimestamp) return;
  pv.metadata.deletionTimestamp = c.timestamp();
  pv.metadata.deletionGracePeriodSeconds = 0;
  c.put(pv);
}

/** With --cascade=orphan the garbage collector removes the references to the deleted owner instead. */
function orphanClaims(c: Cluster, ownerUid: string): void {
  for (const pvc of c.list('PersistentVolumeClaim')) {
    const refs = pvc.metadata.ownerReferences;
    if (!refs?.some((r) => r.uid === ownerUid)) continue;
    const rest = refs.filter((r) => r.uid !== ownerUid);
    if (rest.length) pvc.metadata.ownerReferences = rest;
    else delete pvc.metadata.ownerReferences;
    c.put(pvc);
  }
}
