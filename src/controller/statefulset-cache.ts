// The StatefulSet controller's views of each set's pods, kept across syncs within one run (one
// Cluster) from the cluster's change feed (`c.podChanges`), like the informer cache upstream's
// controller reads from: a sync looks only at the pods that changed since the last one.
import type { PodRecord, StatefulSet } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { claimNames } from '../apiserver/pod-object.js';
import { SetPods, type PodView } from './statefulset-pods.js';

/** What the controller sees of a pod record (the view decide() reads). */
export function view(c: Cluster, p: PodRecord): PodView {
  return viewOf(c, p, false);
}

/** view(), told whether the pod's set has no claim templates (then a pod without a spec of its own has no claims). */
function viewOf(c: Cluster, p: PodRecord, claimless: boolean): PodView {
  const pending = p.stage === 'Pending' || p.stage === 'ContainerCreating';
  return {
    name: p.name,
    ord: p.ordinal ?? -1,
    rev: p.revision ?? '',
    phase: p.stage === 'Failed' || p.stage === 'Succeeded' ? p.stage : pending ? 'Pending' : 'Running',
    ready: p.stage === 'Ready',
    readySince: p.stage === 'Ready' ? p.stageSince : undefined,
    terminating: p.deletingSince !== undefined,
    claimsMissing: pending && claimsMissing(c, p, claimless),
  };
}

// A set's pod without a spec of its own has the claims of the set's templates (claimNames), and a
// set's templates never change (validateUpdate): none, and there is no set to look up for each pod.
const claimsMissing = (c: Cluster, p: PodRecord, claimless: boolean) =>
  !(claimless && !p.spec) && claimNames(c, p).some((n) => !c.get('PersistentVolumeClaim', p.ns, n));

/** One set's cached pods. */
export interface CachedSet {
  readonly ns: string;
  readonly name: string;
  /** the set these are the pods of: another set of that name (made anew) starts afresh */
  readonly uid: string;
  readonly pods: SetPods;
  /** the record behind each ordinal's view, and its resourceVersion when the view was made */
  readonly records: Map<number, { record: PodRecord; rv: number }>;
  /** adopted pods that still carry their own template (statefulset-sync.ts lets it go) */
  readonly adopted: Set<PodRecord>;
  /** the set has no volumeClaimTemplates */
  readonly claimless: boolean;
  /** ordinals whose record has a spec of its own (edited or adopted pods): their claims are their volumes' */
  readonly ownSpec: Set<number>;
}

interface Cache {
  /** how much of c.podChanges has been read */
  read: number;
  /** by namespace, then name: the feed is hundreds of thousands of changes, and an "ns/name" key made for each was garbage */
  sets: Map<string, Map<string, CachedSet>>;
}

const caches = new WeakMap<Cluster, Cache>();

/**
 * The pods of a set, brought up to date with every pod change since the last call. A pod joins
 * or leaves a set only when the set is made (adopting orphans) or deleted (orphaning them): a set
 * of another uid is indexed afresh, so a change is looked for only where the pod now says it is.
 */
export function cachedSet(c: Cluster, set: StatefulSet): CachedSet {
  const cache = readFeed(c);
  const ns = set.metadata.namespace!;
  const name = set.metadata.name;
  let inNs = cache.sets.get(ns);
  if (!inNs) cache.sets.set(ns, (inNs = new Map()));
  let s = inNs.get(name);
  if (!s || s.uid !== set.metadata.uid) {
    const claimless = !set.spec.volumeClaimTemplates?.length;
    s = { ns, name, uid: set.metadata.uid, pods: new SetPods(), records: new Map(), adopted: new Set(), claimless, ownSpec: new Set() };
    inNs.set(name, s);
    const pods = c.podsOf(ns, name);
    for (const ord of [...pods.keys()].sort((a, b) => a - b)) refresh(c, s, ord, pods);
  }
  return s;
}

/** Read the change feed from where it was left: each changed pod's ordinal is looked at again. */
function readFeed(c: Cluster): Cache {
  let cache = caches.get(c);
  // Sets are indexed from the store when first asked for, so earlier changes do not matter.
  if (!cache) caches.set(c, (cache = { read: c.podChanges.length, sets: new Map() }));
  const feed = c.podChanges;
  // changes come in runs of one set's pods (a sync creating them, a step of the kubelet): its pods
  // are looked up once a run (nothing changes the store while the feed is read)
  let s: CachedSet | undefined;
  let pods: Map<number, PodRecord> | undefined;
  for (; cache.read < feed.length; cache.read++) {
    const p = feed[cache.read];
    if (p.set === undefined || p.ordinal === undefined) continue;
    if (s?.name !== p.set || s.ns !== p.ns) {
      s = cache.sets.get(p.ns)?.get(p.set);
      pods = s && c.podsOf(s.ns, s.name);
    }
    if (s) refresh(c, s, p.ordinal, pods!);
  }
  return cache;
}

/** Make one ordinal's view agree with the store (its record, whether still there, replaced or changed). */
function refresh(c: Cluster, s: CachedSet, ord: number, pods = c.podsOf(s.ns, s.name)): void {
  const p = pods.get(ord);
  const had = s.records.get(ord);
  if (had && had.record === p && had.rv === p.resourceVersion) return;
  if (had && had.record !== p && s.adopted.size) s.adopted.delete(had.record);
  if (!p) {
    s.records.delete(ord);
    s.ownSpec.delete(ord);
    s.pods.remove(ord);
    return;
  }
  if (p.spec) s.ownSpec.add(ord);
  else if (s.ownSpec.size) s.ownSpec.delete(ord);
  if (had) {
    had.record = p;
    had.rv = p.resourceVersion;
  } else s.records.set(ord, { record: p, rv: p.resourceVersion });
  if (p.adopted) s.adopted.add(p);
  else if (s.adopted.size) s.adopted.delete(p);
  // most kubelet steps (bound, containers being created) change nothing the controller sees: the
  // view it has says all a new one would (put would index nothing anew), so none is made
  const old = s.pods.get(ord);
  if (old === undefined || !sameView(c, old, p, s.claimless)) s.pods.put(viewOf(c, p, s.claimless));
}

/** The view says of the pod field by field what viewOf would say now. */
function sameView(c: Cluster, v: PodView, p: PodRecord, claimless: boolean): boolean {
  const pending = p.stage === 'Pending' || p.stage === 'ContainerCreating';
  const ready = p.stage === 'Ready';
  return (
    v.name === p.name &&
    v.ord === (p.ordinal ?? -1) &&
    v.rev === (p.revision ?? '') &&
    v.phase === (p.stage === 'Failed' || p.stage === 'Succeeded' ? p.stage : pending ? 'Pending' : 'Running') &&
    v.ready === ready &&
    v.readySince === (ready ? p.stageSince : undefined) &&
    v.terminating === (p.deletingSince !== undefined) &&
    v.claimsMissing === (pending && claimsMissing(c, p, claimless))
  );
}

/**
 * Whether the claims of Pending pods exist changes with the claims alone, which the pod feed does
 * not show: look again at those (few: the pods on their way up).
 */
export function recheckClaims(c: Cluster, s: CachedSet): void {
  if (s.claimless && !s.ownSpec.size) return; // no pod has claims
  for (const ord of s.pods.pending.between(-Infinity, Infinity)) {
    const v = s.pods.get(ord)!;
    const missing = claimsMissing(c, s.records.get(ord)!.record, s.claimless);
    if (missing !== v.claimsMissing) s.pods.put({ ...v, claimsMissing: missing });
  }
}
