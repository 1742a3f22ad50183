// One kind's objects in memory, by namespace then name: a lookup builds no "ns/name" key string (the
// kubelet and the controllers look templates up millions of times in a big settle), and a
// namespace's objects are listed without walking the others'.
import type { KObject } from '../api/types.js';

export class ObjectIndex {
  private readonly byNs = new Map<string, Map<string, KObject>>();
  private count = 0;
  /** writes so far (put, remove, a status written in place): a cache over the kind compares it */
  writes = 0;

  get size(): number {
    return this.count;
  }
  /** ns undefined: a cluster-scoped object */
  get(ns: string | undefined, name: string): KObject | undefined {
    return this.byNs.get(ns ?? '')?.get(name);
  }
  has(ns: string | undefined, name: string): boolean {
    return this.byNs.get(ns ?? '')?.has(name) ?? false;
  }
  set(o: KObject): void {
    const ns = o.metadata.namespace ?? '';
    let m = this.byNs.get(ns);
    if (!m) this.byNs.set(ns, (m = new Map()));
    if (!m.has(o.metadata.name)) this.count++;
    m.set(o.metadata.name, o);
  }
  delete(ns: string | undefined, name: string): boolean {
    const m = this.byNs.get(ns ?? '');
    if (!m?.delete(name)) return false;
    this.count--;
    return true;
  }
  values(): KObject[] {
    const all: KObject[] = [];
    for (const m of this.byNs.values()) for (const o of m.values()) all.push(o);
    return all;
  }
  /** A namespace's objects (ns undefined: the cluster-scoped ones). */
  valuesIn(ns: string | undefined): KObject[] {
    const m = this.byNs.get(ns ?? '');
    return m ? [...m.values()] : [];
  }
}
