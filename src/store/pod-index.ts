// The pod records in memory: by namespace then name, and a StatefulSet's by ordinal. No key string is
// built for a lookup, and the namespace looked up last is kept at hand: the kubelet and the
// scheduler ask for pods millions of times in a big settle, mostly a namespace's one after another.
import type { PodRecord } from '../api/types.js';
import type { SetKeys } from './set-keys.js';

export class PodIndex {
  private byNs = new Map<string, Map<string, PodRecord>>();
  private bySet = new Map<string, Map<number, PodRecord>>();
  /** the namespace found last and its pods (a namespace's map, once made, is never replaced) */
  private lastNs?: string;
  private lastPods?: Map<string, PodRecord>;

  constructor(private readonly keys: SetKeys) {}

  /** A namespace's pods (undefined: none were ever indexed). */
  private inNs(ns: string): Map<string, PodRecord> | undefined {
    if (ns === this.lastNs) return this.lastPods;
    const m = this.byNs.get(ns);
    if (m) {
      this.lastNs = ns;
      this.lastPods = m;
    }
    return m;
  }
  get(ns: string, name: string): PodRecord | undefined {
    return this.inNs(ns)?.get(name);
  }
  add(p: PodRecord): void {
    let m = this.inNs(p.ns);
    if (!m) this.byNs.set(p.ns, (m = new Map()));
    m.set(p.name, p);
    if (p.set !== undefined && p.ordinal !== undefined) {
      const k = this.keys.of(p.ns, p.set);
      let s = this.bySet.get(k);
      if (!s) this.bySet.set(k, (s = new Map()));
      s.set(p.ordinal, p);
    }
  }
  /** Remove this very record by its name (a replacement with the same name stays): whether it was there. */
  delete(p: PodRecord): boolean {
    const m = this.inNs(p.ns);
    if (m?.get(p.name) !== p) return false;
    m.delete(p.name);
    return true;
  }
  /** Take a pod out of its set's ordinals (it stays under its name). */
  unindexSet(p: PodRecord): void {
    if (p.set === undefined || p.ordinal === undefined) return;
    const m = this.bySet.get(this.keys.of(p.ns, p.set));
    if (m?.get(p.ordinal) === p) m.delete(p.ordinal);
  }
  /** A set's pods by ordinal (undefined: none). */
  ofSet(ns: string, set: string): Map<number, PodRecord> | undefined {
    return this.bySet.get(this.keys.of(ns, set));
  }
  list(ns: string): PodRecord[] {
    const m = this.inNs(ns);
    return m ? [...m.values()] : [];
  }
  all(): PodRecord[] {
    const all: PodRecord[] = [];
    for (const m of this.byNs.values()) for (const p of m.values()) all.push(p);
    return all;
  }
}
