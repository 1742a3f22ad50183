// The cluster in memory: indexed objects and pod records over the loaded root and the namespaces'
// documents read so far (store/docs.ts), and the only place that assigns uids, resourceVersions and
// timestamps. A namespace's document is read the first time anything in it is asked for; asking
// for every namespace (a list across them) reads them all. Controllers walk what is loaded
// (`loadedPods`, `loadedList`): what was not read has not changed, and is not due (see dueDocs).
import { kindInfo } from '../api/kinds.js';
import type { KObject, PodRecord } from '../api/types.js';
import { DocTexts, type NsDoc } from './docs.js';
import { unpackClaimsInto, type ClaimReads, type LazyVolume } from './claim-pack.js';
import { unpackPod, type UidNumbers } from './pod-pack.js';
import { uidNumbers } from './uids.js';
import { SetKeys } from './set-keys.js';
import { ObjectIndex } from './object-index.js';
import { PodIndex } from './pod-index.js';
import { EventRecorder, type Involved } from './events.js';
import { podFromFile, podToFile, usageFromFile, type ClusterFile, type EventRecord, type NodeUsage } from './schema.js';
import { docNamespace, own } from './doc-home.js';
import { FinishedPods, finished, recordPhase } from './history.js';
import { iso, parseTime } from './times.js';

export { docNamespace, own, iso, parseTime };

/** Where the documents a root names are read from (store/file.ts). */
export interface DocSource {
  readNs(file: string, ns: string): { doc: NsDoc; text: string };
  /** a namespace's document's text, not parsed (one not read, copied into its pack as it was) */
  nsText(file: string, ns: string): string;
  readEvents(file: string): EventRecord[];
  /** what was read is stale: a save rewrote it */
  forget(): void;
}

export class Cluster {
  private objs = new Map<string, ObjectIndex>();
  /** each kind's index (once made) and whether it is cluster-scoped, found with one lookup: `get`
   *  is asked millions of times in a big settle (made on first ask; asking makes no index) */
  private readonly kindSlots = new Map<string, { clusterScoped: boolean; index?: ObjectIndex }>();
  /** the namespace `need` saw read last (the same one is asked for over and over) */
  private lastNeeded?: string;
  private readonly keys = new SetKeys();
  private readonly podIndex = new PodIndex(this.keys);
  /** anything to save? */
  changed = false;
  /** the gone pods' histories of the loaded namespaces (`sts timeline`; store/history.ts) */
  readonly finishedPods = new FinishedPods();
  /** the cluster file's path, when it has one: pods' files live beside it (store/data-dirs.ts) */
  statePath?: string;
  /** StatefulSets ("ns/name") whose controller must look again */
  readonly dirtySets = new Set<string>();
  /** pods added or changed since load, repeats included (the kubelet keeps an eye on these, and
   *  takes each once): an array, as a set's add at every change was a twentieth of a big settle */
  touchedPods: PodRecord[] = [];
  /** every pod added, changed or removed since load, in order (repeats included): a change feed
   *  that caches over pods (the scheduler's node usage) read from where they last stopped */
  readonly podChanges: PodRecord[] = [];
  /** pods marked deleted whose containers the kubelet has not begun to stop */
  readonly deletedPods = new Set<PodRecord>();
  /** set while a `get -w` runs somewhere: what changed, instant by instant */
  journal?: {
    touched(kind: string, ns: string | undefined, name: string, added?: boolean): void;
    removed(obj: KObject | PodRecord): void;
    flush(): void;
  };
  /** claims that may still change with time alone: Pending ones, and ones being deleted */
  readonly pendingClaims = new Set<KObject>();
  readonly terminatingClaims = new Set<KObject>();
  readonly terminatingVolumes = new Set<KObject>();
  /** volumes a claim could bind (Available, not being deleted): the binder's candidates, without
   *  walking 100,000 bound ones for every pending claim */
  readonly availableVolumes = new Set<KObject>();
  /** StatefulSet "ns/name" → generation whose claim owners were last brought in line (this run) */
  readonly claimOwnersChecked = new Map<string, number>();
  /** a pod or StatefulSet went away since the last garbage collection */
  ownersGone = false;
  /** data to remove once the new state is saved: volume names and pod uids that are gone */
  readonly goneVolumes: string[] = [];
  readonly gonePods: string[] = [];
  /** restarted containers' old writable layers (a pod's uid and the root's directory in its data),
   *  removed once the restart is saved: until then the saved state still names them */
  readonly oldRoots: { uid: string; root: string }[] = [];

  /** the earliest time a controller is next due, for the documents' index: set by the time loop
   *  (undefined: never); -Infinity until it has run (a save then marks every loaded document due) */
  nextDue: number | undefined = -Infinity;
  /** namespaces whose documents have been read (or that have none yet) */
  readonly loadedNs = new Set<string>();
  /** every document has been read (or the cluster came whole: a new one, or schema 1) */
  private allLoaded: boolean;
  /** each loaded document's text as read or saved, or its digest (DocTexts): a save rewrites
   *  only those that changed */
  readonly docTexts = new DocTexts();
  /** what each loaded document's derived claims were read from (a save keeps what did not change) */
  readonly claimReads = new Map<string, ClaimReads>();
  /** each loaded document's usage of nodes as saved (see unloadedUsage) */
  readonly docUsage = new Map<string, NodeUsage>();
  /** what a pod takes of its node, as the scheduler counts it, and whether it has pod (anti-)affinity
   *  terms (set by the scheduler: the store cannot read templates); a save sums the one per
   *  namespace and marks namespaces with the other, which the scheduler then always reads */
  usageOf?: (p: PodRecord) => { node: string; cpu: number; memory: number } | undefined;
  hasAffinity?: (p: PodRecord) => boolean;
  /** namespaces whose documents were read, in order (the scheduler's cache follows it) */
  readonly nsLoads: string[] = [];
  /** objects removed so far (a decision made before a node went must not outlive it) */
  removals = 0;
  private eventList?: EventRecord[];
  private readonly recorder = new EventRecorder();
  /** the events' document's text as read */
  eventsText?: string;

  constructor(
    readonly file: ClusterFile,
    private readonly source?: DocSource,
  ) {
    this.allLoaded = !source || !file.docs;
    file.bound ??= {};
    this.ingest(file.objects, (file.pods ?? []).map(podFromFile));
    if (!file.docs || !source) this.eventList = file.events ?? [];
  }

  /** Index objects and pods read from the file (no new resourceVersions: nothing changed). */
  private ingest(objects: Record<string, KObject[]>, pods: PodRecord[], ns?: string, volumes: LazyVolume[] = []): void {
    for (const [kind, list] of Object.entries(objects)) {
      const m = this.kind(kind);
      for (const o of list) {
        m.set(o);
        if (kind === 'PersistentVolumeClaim') this.indexClaim(o);
        if (kind === 'PersistentVolume') this.indexVolume(o);
      }
      // derived volumes: Bound, not being deleted, so in no index of indexVolume's
      if (kind === 'PersistentVolume') m.setLazy(undefined, volumes);
    }
    for (const pod of pods) {
      this.podIndex.add(pod);
      if (pod.deletingSince !== undefined && pod.removeAt === undefined) this.deletedPods.add(pod);
      // the kubelet keeps an eye on pods it has not seen yet (read now, they may be in motion), and
      // the scheduler's cache counts them in
      if (ns !== undefined) {
        this.touchedPods.push(pod);
        this.podChanges.push(pod);
      }
    }
  }

  // ---- documents ----
  /** Read a namespace's document, once, before anything in the namespace is read or written. */
  need(ns: string): void {
    if (this.allLoaded || ns === this.lastNeeded) return;
    this.lastNeeded = ns; // read by the end of this call
    if (this.loadedNs.has(ns)) return;
    this.loadedNs.add(ns);
    const entry = own(this.file.docs, ns);
    if (!entry || !this.source) return;
    const { doc, text } = this.source.readNs(entry.file, ns);
    this.nsLoads.push(ns);
    this.docTexts.remember(ns, text);
    if (doc.usage) this.docUsage.set(ns, usageFromFile(doc.usage));
    const t0 = doc.t0 ?? 0;
    const objects = doc.objects;
    const derived = doc.claims && unpackClaimsInto(ns, objects, doc.claims, this.file.bound);
    if (derived) this.claimReads.set(ns, derived.reads);
    const pods = doc.pods.map((p) => unpackPod(p, ns, t0, this.uids, objects.ControllerRevision, doc.podBase));
    this.ingest(objects, pods, ns, derived ? derived.volumes : []);
    // the full claims' bound times (the derived ones' went in as they were read); for-in: no pair arrays
    for (const claim in doc.bound) this.file.bound[`${ns}/${claim}`] = doc.bound[claim];
    this.finishedPods.read(ns, doc.gone, t0);
  }
  /** The text of a namespace's document not read (a save rewriting its pack copies it as it was). */
  unreadText(ns: string): string {
    return this.source!.nsText(own(this.file.docs, ns)!.file, ns);
  }
  /** A save wrote the documents anew: what was read of them is stale. */
  docsSaved = () => this.source?.forget();
  /** Read every namespace's document (a list across namespaces, a cluster-wide look). */
  loadAll(): void {
    if (this.allLoaded) return;
    for (const ns of Object.keys(this.file.docs ?? {})) this.need(ns);
    this.allLoaded = true;
  }
  /** Read the documents with something due by `target` (before the time loop runs to it). */
  loadDue(target: number): void {
    if (this.allLoaded) return;
    for (const [ns, entry] of Object.entries(this.file.docs ?? {}))
      if (entry.due !== undefined && entry.due <= target && !this.loadedNs.has(ns)) this.need(ns);
  }
  /** What the pods of the namespaces not read take of each node: the root's totals less what the
   *  read documents said when saved (their pods are in memory, counted as they are now). */
  unloadedUsage(): NodeUsage {
    const total: NodeUsage = {};
    if (this.allLoaded) return total;
    Object.assign(total, usageFromFile(this.file.usage));
    for (const usage of this.docUsage.values())
      for (const node in usage) {
        const u = usage[node];
        const t = own(total, node) ?? (total[node] = [0, 0, 0]);
        for (let i = 0; i < 3; i++) t[i] -= u[i];
      }
    return total;
  }
  /** The earliest time something is due in a namespace not read yet (undefined: nothing). */
  unloadedDue(): number | undefined {
    if (this.allLoaded) return undefined;
    let next: number | undefined;
    for (const [ns, entry] of Object.entries(this.file.docs ?? {}))
      if (entry.due !== undefined && !this.loadedNs.has(ns) && (next === undefined || entry.due < next)) next = entry.due;
    return next;
  }
  /** Whether every document is in memory. */
  get whole(): boolean {
    return this.allLoaded;
  }
  /** Loaded objects of every kind, and loaded pods, for a save (store/file.ts). */
  loadedObjects(): IterableIterator<[string, ObjectIndex]> {
    return this.objs.entries();
  }
  private kind(kind: string): ObjectIndex {
    let m = this.objs.get(kind);
    if (!m) {
      this.objs.set(kind, (m = new ObjectIndex()));
      const slot = this.kindSlots.get(kind);
      if (slot) slot.index = m;
    }
    return m;
  }
  /** Pods in memory: the controllers' walk (what was not read has not changed and is not due). */
  loadedPods(): PodRecord[] {
    return this.podIndex.all();
  }
  /** Objects of a kind in memory, for the controllers' walks. */
  loadedList(kind: string): KObject[] {
    const m = this.objs.get(kind);
    return m ? m.values() : [];
  }
  /** How many times objects of a kind were written or removed (caches over a kind compare it). */
  writes(kind: string): number {
    return this.objs.get(kind)?.writes ?? 0;
  }
  /** The events (read on first use). */
  events(): EventRecord[] {
    return this.recorder.expose(this.loadEvents()); // handed out: none of its records is used again
  }
  private loadEvents(): EventRecord[] {
    if (!this.eventList) {
      this.eventList = this.file.eventsFile && this.source ? this.source.readEvents(this.file.eventsFile) : [];
      this.eventsText = JSON.stringify({ events: this.eventList });
    }
    return this.eventList;
  }
  /** Whether the events were read (else they are unchanged). */
  get eventsLoaded(): boolean {
    return this.eventList !== undefined;
  }
  /** Forget a namespace's events (the namespace is deleted). */
  dropEvents(ns: string): void {
    this.eventList = this.events().filter((e) => e.ns !== ns);
    this.changed = true;
  }

  private indexVolume(pv: KObject, gone = false): void {
    this.terminatingVolumes.delete(pv);
    this.availableVolumes.delete(pv);
    if (gone) return;
    if (pv.metadata.deletionTimestamp) this.terminatingVolumes.add(pv);
    else if (pv.status?.phase === 'Available') this.availableVolumes.add(pv);
  }

  private indexClaim(pvc: KObject, gone = false): void {
    this.pendingClaims.delete(pvc);
    this.terminatingClaims.delete(pvc);
    if (gone) return;
    if (pvc.metadata.deletionTimestamp) this.terminatingClaims.add(pvc);
    else if (pvc.status?.phase === 'Pending') this.pendingClaims.add(pvc);
  }

  get now(): number {
    return this.file.clock.now;
  }
  set now(ms: number) {
    if (ms !== this.file.clock.now) this.changed = true;
    this.file.clock.now = ms;
  }

  /** The whole cluster as one file (schema 1's shape: every document read). */
  toFile(): ClusterFile {
    this.loadAll();
    const objects: Record<string, KObject[]> = {};
    for (const [kind, m] of this.objs) if (m.size) objects[kind] = m.values();
    const { docs: _docs, eventsFile: _events, gen: _gen, ...rest } = this.file;
    return { ...rest, schema: 1, objects, pods: this.podIndex.all().map(podToFile), events: this.events() };
  }

  // ---- ids and time ----
  uid(): string {
    return this.uids.uidOf(++this.file.seq.uid);
  }
  /** The uids sts made and the counter values they were made from (documents keep the number). */
  readonly uids: UidNumbers = uidNumbers(() => this.file.id);
  nextRv(): string {
    this.changed = true;
    return String(++this.file.seq.rv);
  }
  timestamp(ms = this.now): string {
    return iso(ms);
  }

  // ---- objects (everything but pods) ----
  get(kind: string, ns: string | undefined, name: string): KObject | undefined {
    let slot = this.kindSlots.get(kind);
    if (!slot) this.kindSlots.set(kind, (slot = { clusterScoped: kindInfo(kind)?.namespaced === false, index: this.objs.get(kind) }));
    const scoped = slot.clusterScoped ? undefined : ns;
    if (scoped !== undefined) this.need(scoped);
    const found = slot.index?.get(scoped, name);
    // a volume bound to a claim is kept in the claim's namespace's document: look there too
    if (!found && kind === 'PersistentVolume' && !this.allLoaded) {
      this.loadAll();
      return this.objs.get(kind)?.get(undefined, name);
    }
    return found;
  }
  /** Kinds that have stored objects. */
  kinds(): string[] {
    this.loadAll();
    return [...this.objs.keys()].filter((k) => this.objs.get(k)!.size > 0);
  }
  list(kind: string, ns?: string): KObject[] {
    if (ns !== undefined) this.need(ns);
    else if (kindInfo(kind)?.namespaced !== false || kind === 'PersistentVolume') this.loadAll();
    const m = this.objs.get(kind);
    if (!m) return [];
    return ns === undefined ? m.values() : m.valuesIn(ns);
  }
  /** Store (create or replace) an object, bumping its resourceVersion. */
  put(o: KObject): KObject {
    const home = docNamespace(o);
    if (home !== undefined) this.need(home);
    const m = this.kind(o.kind);
    const ns = o.metadata.namespace;
    this.journal?.touched(o.kind, ns, o.metadata.name, !m.has(ns, o.metadata.name));
    o.metadata.resourceVersion = this.nextRv();
    const old = m.get(ns, o.metadata.name);
    if (o.kind === 'PersistentVolumeClaim') {
      if (old && old !== o) this.indexClaim(old, true);
      this.indexClaim(o);
    }
    if (o.kind === 'PersistentVolume') {
      if (old) this.indexVolume(old, true);
      this.indexVolume(o);
    }
    m.set(o);
    m.writes++;
    if (o.kind === 'StatefulSet') this.dirtySets.add(this.keys.of(o.metadata.namespace, o.metadata.name));
    return o;
  }
  remove(kind: string, ns: string | undefined, name: string): void {
    if (ns !== undefined) this.need(ns);
    const m = this.objs.get(kind);
    const gone = m?.get(ns, name);
    if (gone) {
      // a deletion is a change of its own, with its own resourceVersion (a watch resumes after it)
      gone.metadata.resourceVersion = this.nextRv();
      this.journal?.removed(gone);
    }
    if (gone && kind === 'PersistentVolumeClaim') this.indexClaim(gone, true);
    if (gone && kind === 'StatefulSet') this.ownersGone = true;
    if (gone && kind === 'PersistentVolume') this.indexVolume(gone, true);
    if (m?.delete(ns, name)) {
      m.writes++;
      this.changed = true;
      this.removals++;
      if (kind === 'PersistentVolume') this.goneVolumes.push(name);
    }
  }

  // ---- pods ----
  pod(ns: string, name: string): PodRecord | undefined {
    this.need(ns);
    return this.podIndex.get(ns, name);
  }
  pods(ns?: string): PodRecord[] {
    if (ns === undefined) {
      this.loadAll();
      return this.podIndex.all();
    }
    this.need(ns);
    return this.podIndex.list(ns);
  }
  /** Pods owned by a StatefulSet, by ordinal. */
  podsOf(ns: string, set: string): Map<number, PodRecord> {
    this.need(ns);
    return this.podIndex.ofSet(ns, set) ?? new Map();
  }
  addPod(p: PodRecord): void {
    this.need(p.ns);
    this.podIndex.add(p);
    this.journal?.touched('Pod', p.ns, p.name, true);
    this.touchPod(p);
  }
  /** A status write: no new object, but watchers see it. */
  statusChanged(o: KObject): void {
    o.metadata.resourceVersion = this.nextRv();
    const m = this.objs.get(o.kind);
    if (m) m.writes++;
    if (o.kind === 'PersistentVolume') this.indexVolume(o);
    if (o.kind === 'PersistentVolumeClaim') this.indexClaim(o);
    this.journal?.touched(o.kind, o.metadata.namespace, o.metadata.name);
  }
  /** A pod changed: new resourceVersion, and its set's controller must look again. */
  touchPod(p: PodRecord): void {
    this.changed = true; // nextRv's, without a string made
    p.resourceVersion = ++this.file.seq.rv;
    recordPhase(p, this.now);
    if (this.journal && this.podIndex.get(p.ns, p.name) === p) this.journal.touched('Pod', p.ns, p.name);
    this.touchedPods.push(p);
    this.podChanges.push(p);
    if (p.set) this.dirtySets.add(this.keys.of(p.ns, p.set));
  }
  removePod(p: PodRecord): void {
    // A replacement with the same name may already exist: remove this very record only.
    if (this.podIndex.get(p.ns, p.name) === p) {
      this.ownersGone = true;
      p.resourceVersion = ++this.file.seq.rv; // nextRv's (changed is set below), without a string
      this.journal?.removed(p);
      this.podIndex.delete(p);
    }
    this.gonePods.push(p.uid);
    this.finishedPods.add(p.ns, finished(p, this.now));
    this.podChanges.push(p);
    this.podIndex.unindexSet(p);
    this.changed = true;
    if (p.set) this.dirtySets.add(this.keys.of(p.ns, p.set));
  }
  /** Release a pod from its StatefulSet (orphan cascade) or adopt one (the caller sets set/ord). */
  reownPod(p: PodRecord, set: string | undefined, ord: number | undefined): void {
    this.podIndex.unindexSet(p);
    p.set = set;
    p.ordinal = ord;
    this.podIndex.add(p);
    this.touchPod(p);
  }

  // ---- events ----
  /** Record an event; a repeat of the same reason and message on the same object counts up. */
  event(involved: Involved, type: EventRecord['type'], reason: string, msg: string, src: string): void {
    this.recorder.record(this.loadEvents(), involved, type, reason, msg, src, this.now);
    this.changed = true;
  }
  eventsFor(uid: string): EventRecord[] {
    return this.events().filter((e) => e.uid === uid);
  }
}
