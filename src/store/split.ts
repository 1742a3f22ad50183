// A cluster in memory split into what a save writes (store/docs.ts): the root, and the packs
// (store/doc-packs.ts) in which a namespace's document was read and changed, added or removed. A
// pack's members that were not read are copied into it as they were; other packs are named as
// they were.
import type { KObject, PodRecord } from '../api/types.js';
import { docNamespace, own, type Cluster } from './cluster.js';
import { eventsDocName, packDocName, type DocEntry, type DocWrites, type NsDoc } from './docs.js';
import { isPack, packStem, packText, slotStem } from './doc-packs.js';
import { packClaims } from './claim-pack.js';
import { Lazy } from './object-index.js';
import { docEpoch, packPod, podBase, withoutBase } from './pod-pack.js';
import { SCHEMA_VERSION, usageToFile, type ClusterFile, type NodeUsage } from './schema.js';

/** The root and the documents to write, and what to remember once they are saved (the texts the
 *  next save of this cluster compares with). */
export function splitState(c: Cluster): { root: ClusterFile; docs: DocWrites; saved: () => void } {
  const written = new Map<string, string>();
  const gen = (c.file.gen ?? 0) + 1;
  const docs: DocWrites = { write: new Map(), superseded: [] };
  const rootObjects: Record<string, KObject[]> = {};
  const buckets = new Map<string, NsDoc>();
  const bucket = (ns: string) => {
    let b = buckets.get(ns);
    if (!b) buckets.set(ns, (b = { namespace: ns, t0: 0, objects: {}, pods: [], bound: {} }));
    return b;
  };
  // A document is written whole: every namespace with something in memory must have been read
  // (the cluster reads one before anything in it is written; this makes sure of it).
  const homes = new Set<string>();
  for (const [, m] of c.loadedObjects()) for (const o of m.entries()) homes.add(o instanceof Lazy ? o.home : (docNamespace(o) ?? ''));
  // pods come a namespace at a time (Cluster.loadedPods): a namespace looked up once a run, not once a pod
  let runNs: string | undefined;
  let pods = c.loadedPods();
  for (let i = 0; i < pods.length; i++) if (pods[i].ns !== runNs) homes.add((runNs = pods[i].ns));
  const reads = c.nsLoads.length;
  for (const ns of homes) if (ns) c.need(ns);
  if (c.nsLoads.length !== reads) pods = c.loadedPods(); // a document read just now brought pods

  const before = c.file.docs ?? {};
  const waiting = new Set<string>(); // namespaces with a pod or claim that waits on others, not on time
  const affinity = new Set<string>(); // namespaces with a pod with pod (anti-)affinity terms
  // a volume not made since read stays unmade here: packClaims keeps it derived or makes it
  for (const [kind, m] of c.loadedObjects()) {
    for (const o of m.entries()) {
      const ns = o instanceof Lazy ? o.home : docNamespace(o);
      if (ns === undefined) (rootObjects[kind] ??= []).push(o as KObject);
      else (bucket(ns).objects[kind] ??= []).push(o as KObject); // a Lazy one only until packClaims
    }
  }
  for (const pvc of c.pendingClaims) waiting.add(pvc.metadata.namespace!);
  const podsByNs = new Map<string, PodRecord[]>();
  let list: PodRecord[] = [];
  runNs = undefined;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i];
    if (p.ns !== runNs) {
      const known = podsByNs.get((runNs = p.ns));
      if (known) list = known;
      else podsByNs.set(p.ns, (list = []));
    }
    list.push(p);
    if (p.stage === 'Pending' && p.node === undefined && p.deletingSince === undefined) waiting.add(p.ns);
    if (c.hasAffinity ? c.hasAffinity(p) : own(before, p.ns)?.aff) affinity.add(p.ns);
  }
  // what each namespace's pods take of the nodes, and all of them (the namespaces not read, as saved)
  const usage = c.unloadedUsage();
  const usageByNs = new Map<string, NodeUsage>();
  const docUsage = (ns: string) => {
    bucket(ns);
    let u = usageByNs.get(ns);
    if (!u) usageByNs.set(ns, (u = {}));
    return u;
  };
  const add = (into: NodeUsage, node: string, pods: number, cpu: number, memory: number) => {
    const t = own(into, node) ?? (into[node] = [0, 0, 0]);
    t[0] += pods;
    t[1] += cpu;
    t[2] += memory;
  };
  if (!c.usageOf)
    // no controller ran, so no pod moved: what the documents said stands
    for (const [ns, was] of c.docUsage)
      for (const [node, u] of Object.entries(was)) {
        add(docUsage(ns), node, ...u);
        add(usage, node, ...u);
      }
  else {
    let into: NodeUsage = {};
    runNs = undefined;
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i];
      const u = c.usageOf(p);
      if (!u) continue;
      if (p.ns !== runNs) into = docUsage((runNs = p.ns));
      add(into, u.node, 1, u.cpu, u.memory);
      add(usage, u.node, 1, u.cpu, u.memory);
    }
  }
  for (const [node, u] of Object.entries(usage)) if (u[0] <= 0) delete usage[node];
  for (const [ns, u] of usageByNs) bucket(ns).usage = usageToFile(u);
  // pods are packed as their document is written (below): a document's packed pods are then
  // garbage before the next is packed, not 100,000 objects kept alive (and copied) through the save
  for (const [ns, pods] of podsByNs) bucket(ns).t0 = docEpoch(pods);
  // gone pods' histories go with a document that is written anyway (a namespace left empty has none)
  for (const ns of c.finishedPods.namespaces()) {
    const b = buckets.get(ns);
    const gone = b && c.finishedPods.stored(ns, b.t0 ?? 0);
    if (gone) b.gone = gone;
  }
  // for-in, not entries: 100,000 claims' times make no pairs; a namespace's keys come together
  // (read or bound a document at a time), so its bucket is looked up once a run, not once a key
  const bound = c.file.bound;
  let lastNs: string | undefined;
  let into: Record<string, number> = {};
  for (const k in bound) {
    const i = k.indexOf('/');
    const ns = k.slice(0, i);
    if (ns !== lastNs) into = bucket((lastNs = ns)).bound;
    into[k.slice(i + 1)] = bound[k];
  }

  // The index: loaded namespaces as they are now, the others as they were (in a pack rewritten, its new file).
  const index: Record<string, DocEntry> = {};
  const due = (ns: string) => (waiting.has(ns) ? c.now : c.nextDue === -Infinity ? c.now : c.nextDue);
  // A namespace stays in the pack its entry names (its name's pack, unless the root was edited by
  // hand); one new, or in a file of its own from before packs, goes to its name's.
  const stemOf = (ns: string) => {
    const file = own(before, ns)?.file;
    return file !== undefined && isPack(file) ? slotStem(file) : packStem(ns);
  };
  const current = new Map<string, string>(); // pack → its file now
  for (const [ns, entry] of Object.entries(before)) {
    if (isPack(entry.file)) current.set(slotStem(entry.file), entry.file);
    if (!buckets.has(ns) && !c.loadedNs.has(ns) && !c.whole) index[ns] = { ...entry };
  }
  const texts = new Map<string, string>(); // the loaded namespaces' documents
  const changed = new Set<string>(); // packs with a member added, changed or gone
  const superseded = new Set<string>();
  for (const [ns, doc] of buckets) {
    const claims = packClaims(doc, c.claimReads.get(ns));
    if (claims) doc.claims = claims;
    const pods = podsByNs.get(ns);
    if (pods) {
      const packed = pods.map((s) => packPod(s, doc.t0!, c.uids));
      const base = podBase(packed);
      if (base) doc.podBase = base;
      doc.pods = base ? packed.map((p) => withoutBase(p, base)) : packed;
    }
    const text = JSON.stringify(doc);
    doc.pods = [];
    texts.set(ns, text);
    const old = own(before, ns);
    // a document from before packs moves into its pack
    if (!old || !isPack(old.file) || !c.docTexts.same(ns, text)) {
      changed.add(stemOf(ns));
      written.set(ns, text);
    }
    index[ns] = { file: old?.file ?? '' };
    const at = due(ns);
    if (at !== undefined) index[ns].due = at;
    if (affinity.has(ns)) index[ns].aff = true;
  }
  for (const ns of Object.keys(before)) if (!own(index, ns)) changed.add(stemOf(ns));
  // a pack with a change is written whole: its members in name order, those not read copied as they were
  const members = new Map<string, string[]>();
  for (const ns in index) {
    const stem = stemOf(ns);
    if (!changed.has(stem)) continue;
    const list = members.get(stem);
    if (list) list.push(ns);
    else members.set(stem, [ns]);
  }
  // a file of its own from before packs goes once its namespace is gone or written into its pack
  for (const [ns, old] of Object.entries(before)) if (!isPack(old.file) && (!own(index, ns) || changed.has(stemOf(ns)))) superseded.add(old.file);
  for (const stem of changed) {
    const was = current.get(stem);
    if (was) superseded.add(was);
    const names = members.get(stem);
    if (!names) continue; // its last member gone: the pack goes
    const file = packDocName(stem, was);
    docs.write.set(file, packText(names.sort().map((ns) => [ns, texts.get(ns) ?? c.unreadText(ns)])));
    for (const ns of names) index[ns].file = file;
  }
  docs.superseded.push(...superseded);

  let eventsFile = c.file.eventsFile;
  let eventsText: string | undefined;
  if (c.eventsLoaded) {
    const text = JSON.stringify({ events: c.events() });
    if (text !== c.eventsText || !eventsFile) {
      if (eventsFile) docs.superseded.push(eventsFile);
      eventsFile = eventsDocName(eventsFile);
      docs.write.set(eventsFile, text);
      eventsText = text;
    }
  }

  const f = c.file;
  const rootUsage = Object.keys(usage).length ? usageToFile(usage) : undefined;
  const root = {
    schema: SCHEMA_VERSION,
    id: f.id,
    clock: f.clock,
    seq: f.seq,
    stages: f.stages,
    objects: rootObjects,
    faults: f.faults,
    features: f.features,
    kubeconfig: f.kubeconfig,
    ...(f.dataChangedAt ? { dataChangedAt: f.dataChangedAt } : {}),
    gen,
    docs: index,
    ...(rootUsage ? { usage: rootUsage } : {}),
    ...(eventsFile ? { eventsFile } : {}),
  } as ClusterFile;
  const saved = () => {
    c.docsSaved();
    c.docTexts.rememberSaved(written);
    for (const ns of buckets.keys()) c.docUsage.set(ns, usageByNs.get(ns) ?? {});
    if (eventsText !== undefined) c.eventsText = eventsText;
    c.file.gen = gen;
    c.file.docs = index;
    c.file.eventsFile = eventsFile;
    c.file.usage = rootUsage ?? {};
  };
  return { root, docs, saved };
}
