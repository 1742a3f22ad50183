// One kind's objects in memory, by namespace then name: a lookup builds no "ns/name" key string (the
// kubelet and the controllers look templates up millions of times in a big settle), and a
// namespace's objects are listed without walking the others'.
import type { KObject } from '../api/types.js';

/** An object kept as it was read and made only when something asks for it (a volume derived with
 *  its claim: `get pvc -A` builds no volumes). Made once; the index then holds the object itself. */
export abstract class Lazy {
  private made?: KObject;
  constructor(
    /** its name, and the namespace of the document it was read from */
    readonly name: string,
    readonly home: string,
  ) {}
  protected abstract make(): KObject;
  get object(): KObject {
    return (this.made ??= this.make());
  }
  /** whether anything asked for it (and so may have changed it) */
  get isMade(): boolean {
    return this.made !== undefined;
  }
}

export class ObjectIndex {
  private readonly byNs = new Map<string, Map<string, KObject | Lazy>>();
  private count = 0;
  /** writes so far (put, remove, a status written in place): a cache over the kind compares it */
  writes = 0;
  /** the namespace found last and its objects (a namespace's map, once made, is never replaced):
   *  lookups come in runs of one namespace's objects */
  private lastNs?: string;
  private lastMap?: Map<string, KObject | Lazy>;
  /** lazy entries given in batches, placed when the index is first looked at or written: a command
   *  that reads 100,000 claims' documents and asks for no volume (`get pvc -A`) indexes none of
   *  their volumes (a map of 100,000 names was a tenth of it) */
  private later: { ns: string | undefined; entries: readonly Lazy[] }[] = [];

  private inNs(ns: string): Map<string, KObject | Lazy> | undefined {
    if (this.later.length) this.placeLater();
    if (ns === this.lastNs) return this.lastMap;
    const m = this.byNs.get(ns);
    if (m) {
      this.lastNs = ns;
      this.lastMap = m;
    }
    return m;
  }

  get size(): number {
    if (this.later.length) this.placeLater();
    return this.count;
  }
  /** ns undefined: a cluster-scoped object */
  get(ns: string | undefined, name: string): KObject | undefined {
    const m = this.inNs(ns ?? '');
    const o = m?.get(name);
    return o instanceof Lazy ? made(m!, o) : o;
  }
  has(ns: string | undefined, name: string): boolean {
    return this.inNs(ns ?? '')?.has(name) ?? false;
  }
  set(o: KObject): void {
    this.place(o.metadata.namespace, o.metadata.name, o);
  }
  /** Keep objects to be made when asked for (ns undefined: cluster-scoped ones), placed in the
   *  index when it is next used. */
  setLazy(ns: string | undefined, entries: readonly Lazy[]): void {
    if (entries.length) this.later.push({ ns, entries });
  }
  private placeLater(): void {
    const later = this.later;
    this.later = [];
    for (const { ns, entries } of later) for (let i = 0; i < entries.length; i++) this.place(ns, entries[i].name, entries[i]);
  }
  private place(ns: string | undefined, name: string, o: KObject | Lazy): void {
    let m = this.inNs(ns ?? '');
    if (!m) this.byNs.set(ns ?? '', (m = new Map()));
    // one lookup, not has() then set(): the size says whether the name was new
    const before = m.size;
    m.set(name, o);
    this.count += m.size - before;
  }
  delete(ns: string | undefined, name: string): boolean {
    const m = this.inNs(ns ?? '');
    if (!m?.delete(name)) return false;
    this.count--;
    return true;
  }
  values(): KObject[] {
    if (this.later.length) this.placeLater();
    const all: KObject[] = [];
    for (const m of this.byNs.values()) for (const o of m.values()) all.push(o instanceof Lazy ? made(m, o) : o);
    return all;
  }
  /** A namespace's objects (ns undefined: the cluster-scoped ones). */
  valuesIn(ns: string | undefined): KObject[] {
    if (this.later.length) this.placeLater();
    const m = this.byNs.get(ns ?? '');
    const all: KObject[] = [];
    if (m) for (const o of m.values()) all.push(o instanceof Lazy ? made(m, o) : o);
    return all;
  }
  /** Every entry as it is, the ones not asked for yet unmade (a save: store/split.ts). */
  entries(): (KObject | Lazy)[] {
    if (this.later.length) this.placeLater();
    const all: (KObject | Lazy)[] = [];
    for (const m of this.byNs.values()) for (const o of m.values()) all.push(o);
    return all;
  }
}

/** Make a lazy entry, in its place (a Map keeps the order of a key set again). */
function made(m: Map<string, KObject | Lazy>, o: Lazy): KObject {
  const obj = o.object;
  m.set(o.name, obj);
  return obj;
}
