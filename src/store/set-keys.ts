// The "ns/name" keys of StatefulSets (Cluster.dirtySets, its pods by set), each made once: a pod
// touched makes its set dirty, and a big settle touches pods 600,000 times (a new key string each
// time was 70 MB of garbage, hashed again on every add).

export class SetKeys {
  private byNs = new Map<string, Map<string, string>>();
  /** the key made or found last: a set's pods are touched one after another */
  private last = { ns: '', name: '', key: '' };

  /** The key of `name` in `ns` (no namespace: the name). */
  of(ns: string | undefined, name: string): string {
    if (!ns) return name;
    const last = this.last;
    if (name === last.name && ns === last.ns) return last.key;
    let names = this.byNs.get(ns);
    if (!names) this.byNs.set(ns, (names = new Map()));
    let k = names.get(name);
    if (k === undefined) names.set(name, (k = `${ns}/${name}`));
    last.ns = ns;
    last.name = name;
    last.key = k;
    return k;
  }
}
