// The cluster as a root and a document per namespace, packed a few to a file (store/docs.ts,
// store/doc-packs.ts): a command reads only the namespaces it touches, and those with something due
// by the time it brings the cluster to. Shown here by damaging one namespace's document: what does
// not need it goes on, what needs it is refused.
import { readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sts } from '../helpers.js';

const manifest = (ns: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: ${ns}
spec:
  replicas: 2
  serviceName: web
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
`;

let sts: Sts;
beforeEach(() => {
  sts = new Sts();
  for (const ns of ['one', 'two', 'three']) sts.ok(['apply', '-f', '-'], manifest(ns));
  sts.ok('clock settle');
});
afterEach(() => sts.cleanup());

const docs = () => join(`${sts.state}.data`, 'docs');
const root = () => JSON.parse(readFileSync(sts.state, 'utf8'));
/** The file the root names for a namespace's document (its pack's current slot). */
const named = (ns: string): string => root().docs[ns].file;
/** Damage a namespace's document: its line of its pack (the pack's other members are left as they are). */
function damage(ns: string): string {
  const path = join(docs(), named(ns));
  const lines = readFileSync(path, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.startsWith(`"${ns}":`) || l.startsWith(`{"${ns}":`));
  lines[i] = `${lines[i].startsWith('{') ? '{' : ''}"${ns}":{"namespace": "${ns}", "objects": ${lines[i].endsWith(',') ? ',' : '}'}`;
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('one document per namespace', () => {
  it('a command on one namespace never reads another: a damaged one does not stop it', () => {
    damage('three');
    expect(sts.ok('get pods -n one --no-headers').split('\n').filter(Boolean)).toHaveLength(2);
    expect(sts.ok('scale sts web -n one --replicas=3')).toBe('statefulset.apps/web scaled\n');
    expect(sts.ok('clock advance 1m')).toMatch(/^clock advanced 1m0s: now /);
    expect(sts.ok('get pods -n one --no-headers').split('\n').filter(Boolean)).toHaveLength(3);
    expect(sts.ok('get sts -n two --no-headers')).toMatch(/^web +2\/2 /);
    expect(sts.ok('get nodes -o name')).toBe('node/node-1\nnode/node-2\nnode/node-3\n');
  });

  it('a command across namespaces reads them all: the damaged one is named, nothing is written', () => {
    const path = damage('three');
    const root = readFileSync(sts.state, 'utf8');
    const r = sts.run('get pods -A');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(`^error: cluster file "${path.replace(/[.]/g, '\\.')}" is corrupt \\(namespace three: (Unexpected|Expected)`),
    );
    expect(readFileSync(sts.state, 'utf8')).toBe(root);
  });

  it('a namespace with pods in motion is read when the clock reaches them, and only then', () => {
    sts.ok(['apply', '-f', '-'], manifest('four'));
    damage('three');
    // four's pods are due; three is idle and stays unread while time moves
    expect(sts.ok('clock advance 30s')).toMatch(/^clock advanced 30s/);
    expect(sts.ok('get pods -n four --no-headers')).toMatch(/^web-0 +1\/1 +Running .*\nweb-1 +1\/1 +Running /);
  });

  it('a namespace named like a property every object has is a namespace like any other', () => {
    expect(sts.run('--namespace=constructor get pods')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in constructor namespace.\n' });
    sts.ok(['apply', '-f', '-'], manifest('constructor'));
    sts.ok('clock settle');
    expect(sts.ok('get pods -n constructor -o name')).toBe('pod/web-0\npod/web-1\n');
    expect(sts.ok('get pods -A --no-headers').split('\n').filter(Boolean)).toHaveLength(8);
  });
});

describe('two slots per pack', () => {
  /** the files of a namespace's pack: name → [inode, size] */
  const filesOf = (ns: string) => {
    const stem = named(ns).slice(0, -'.a.json'.length);
    return Object.fromEntries(
      readdirSync(docs())
        .filter((f) => f.startsWith(`${stem}.`))
        .map((f) => {
          const st = statSync(join(docs(), f));
          return [f, [st.ino, st.size]];
        }),
    );
  };

  it('a save writes into the spare slot and empties the old one: the same two files, no new one', () => {
    sts.ok('scale sts web -n one --replicas=3');
    const before = filesOf('one');
    const stem = named('one').slice(0, -'.a.json'.length);
    expect(stem).toMatch(/^pack-\d\d$/);
    expect(Object.keys(before).sort()).toEqual([`${stem}.a.json`, `${stem}.b.json`]);
    for (const replicas of [4, 2, 3]) {
      const was = named('one');
      sts.ok(`scale sts web -n one --replicas=${replicas}`);
      const now = named('one');
      expect(now).not.toBe(was);
      const files = filesOf('one');
      expect(Object.keys(files).sort()).toEqual([`${stem}.a.json`, `${stem}.b.json`]);
      expect(files[was]).toEqual([before[was][0], 0]); // emptied, kept
      expect(files[now][0]).toBe(before[now][0]); // rewritten in place
      expect(files[now][1]).toBeGreaterThan(0);
    }
    expect(sts.ok('get pods -n one -o name')).toBe('pod/web-0\npod/web-1\npod/web-2\n');
  });

  it("a save rewrites only the packs in which a document changed: the others' files are as they were", () => {
    const others = ['two', 'three', 'default'].filter((ns) => named(ns).slice(0, 7) !== named('one').slice(0, 7));
    const before = Object.fromEntries(others.map((ns) => [ns, [named(ns), readFileSync(join(docs(), named(ns)), 'utf8')]]));
    expect(others.length).toBeGreaterThan(1);
    sts.ok('scale sts web -n one --replicas=3');
    sts.ok('clock settle');
    sts.ok('clock advance 1m'); // nothing due: nothing written
    for (const ns of others) expect([named(ns), readFileSync(join(docs(), named(ns)), 'utf8')]).toEqual(before[ns]);
  });

  it("a pack's last namespace deleted takes both its files with it", () => {
    sts.ok('scale sts web -n one --replicas=3');
    const stem = named('one').slice(0, -'.a.json'.length);
    expect(Object.keys(root().docs).filter((ns) => root().docs[ns].file.startsWith(`${stem}.`))).toEqual(['one']); // alone in its pack
    sts.ok('delete namespace one');
    sts.ok('clock settle');
    expect(readdirSync(docs()).filter((f) => f.startsWith(`${stem}.`))).toEqual([]);
  });

  it('a writer killed after filling a slot: the next to take the lock over empties it and keeps it', () => {
    sts.ok('scale sts web -n one --replicas=3');
    const spare = Object.keys(filesOf('one')).find((f) => f !== named('one'))!;
    writeFileSync(join(docs(), spare), '{"one":{"namespace":"one","objects":{},"pods":[],"bound":{}}}\n');
    symlinkSync(`${2 ** 22 + 1} sts apply -f web.yaml`, `${sts.state}.lock`); // a pid no process has
    expect(sts.ok('get pods -n one -o name')).toBe('pod/web-0\npod/web-1\npod/web-2\n');
    expect(statSync(join(docs(), spare)).size).toBe(0);
  });
});

describe('namespaces packed together', () => {
  // y and kube-node-lease share a pack (their names hash to the same one of 64)
  beforeEach(() => {
    sts.ok(['apply', '-f', '-'], manifest('y'));
    sts.ok('clock settle');
  });

  it("a command on one namespace copies its pack's others as they were, unread: even a damaged one", () => {
    expect(named('y')).toBe(named('kube-node-lease'));
    damage('kube-node-lease');
    const damaged = readFileSync(join(docs(), named('y')), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('"kube-node-lease":'));
    expect(sts.ok('scale sts web -n y --replicas=3')).toBe('statefulset.apps/web scaled\n');
    const pack = readFileSync(join(docs(), named('y')), 'utf8');
    expect(pack.split('\n').find((l) => l.startsWith('"kube-node-lease":'))).toBe(damaged);
    expect(sts.ok('get pods -n y -o name')).toBe('pod/web-0\npod/web-1\npod/web-2\n');
    expect(sts.run('get cm -n kube-node-lease').stderr).toMatch(/is corrupt \(namespace kube-node-lease: /);
  });

  it("a namespace deleted leaves its pack to the others; the pack is plain JSON, a namespace's document per key", () => {
    sts.ok('delete namespace y');
    sts.ok('clock settle');
    const pack = JSON.parse(readFileSync(join(docs(), named('kube-node-lease')), 'utf8'));
    expect(Object.keys(pack)).toEqual(['kube-node-lease']);
    expect(pack['kube-node-lease'].namespace).toBe('kube-node-lease');
    expect(sts.ok('get cm -n kube-node-lease -o name')).toBe('configmap/kube-root-ca.crt\n');
  });

  it("a namespace in another pack than its name's (a root edited by hand) stays there: a save of that pack keeps it", () => {
    // move two's document into y's pack (two's name hashes to another)
    const r = root();
    const target = r.docs.y.file;
    const two = JSON.parse(readFileSync(join(docs(), r.docs.two.file), 'utf8')).two;
    const pack = JSON.parse(readFileSync(join(docs(), target), 'utf8'));
    pack.two = two;
    writeFileSync(
      join(docs(), target),
      `{${Object.entries(pack)
        .map(([ns, d]) => `${JSON.stringify(ns)}:${JSON.stringify(d)}`)
        .join(',\n')}}\n`,
    );
    unlinkSync(join(docs(), r.docs.two.file));
    r.docs.two.file = target;
    writeFileSync(sts.state, JSON.stringify(r));
    const before = sts.ok('get pods -n two -o name');
    expect(sts.ok('scale sts web -n y --replicas=3')).toBe('statefulset.apps/web scaled\n');
    expect(named('two')).toBe(named('y'));
    expect(sts.ok('get pods -n two -o name')).toBe(before);
    expect(sts.ok('scale sts web -n two --replicas=1')).toBe('statefulset.apps/web scaled\n');
    sts.ok('clock settle');
    expect(sts.ok('get pods -n two -o name')).toBe('pod/web-0\n');
    expect(sts.ok('get pods -n y -o name')).toBe('pod/web-0\npod/web-1\npod/web-2\n');
  });

  it('a cluster saved with a file per namespace (before packs) is read as it is, and each namespace moves into its pack when written', () => {
    // rewrite the layout as sts wrote it before packs: namespace-<ns>.a.json, a document each
    const r = root();
    const packs = new Set<string>(Object.values(r.docs).map((d) => (d as { file: string }).file));
    for (const ns of Object.keys(r.docs)) {
      const doc = JSON.parse(readFileSync(join(docs(), r.docs[ns].file), 'utf8'))[ns];
      // as schema 2 wrote it: each pod whole, no podBase
      doc.pods = doc.pods.map((p: object) => ({ ...doc.podBase, ...p }));
      delete doc.podBase;
      writeFileSync(join(docs(), `namespace-${ns}.a.json`), JSON.stringify(doc));
      r.docs[ns].file = `namespace-${ns}.a.json`;
    }
    r.schema = 2;
    writeFileSync(sts.state, JSON.stringify(r));
    for (const f of packs) unlinkSync(join(docs(), f));
    const columns = 'get pods -A -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name,UID:.metadata.uid,PHASE:.status.phase';
    const before = sts.ok(columns);
    expect(before.split('\n').filter(Boolean)).toHaveLength(9);
    sts.ok('scale sts web -n one --replicas=3');
    expect(named('one')).toMatch(/^pack-\d\d\.a\.json$/);
    expect(named('two')).toBe('namespace-two.a.json');
    expect(root().schema).toBe(3);
    expect(readdirSync(docs()).filter((f) => f.startsWith('namespace-one.'))).toEqual([]);
    sts.ok('clock settle');
    const after = sts.ok(columns).split('\n');
    expect(after.filter((l) => !/^one +web-2 /.test(l)).join('\n')).toBe(before);
    expect(after.find((l) => /^one +web-2 /.test(l))).toMatch(/ Running$/);
  });
});

describe('cluster reset', () => {
  it('empties the slots and keeps them for the next cluster, which writes into the same files; anything else goes', () => {
    const inodes = () => Object.fromEntries(readdirSync(docs()).map((f) => [f, [statSync(join(docs(), f)).ino, statSync(join(docs(), f)).size]]));
    writeFileSync(join(docs(), 'stray.json'), '{}');
    writeFileSync(join(docs(), 'namespace-old.a.json'), '{}'); // a file per namespace, from before packs
    const before = inodes();
    expect(Object.keys(before).length).toBeGreaterThan(4);
    expect(sts.ok('cluster reset --clock manual')).toMatch(/^cluster reset: /);
    const after = inodes();
    const { 'stray.json': stray, 'namespace-old.a.json': old, ...slots } = before;
    expect([stray, old].every(Boolean)).toBe(true);
    expect(after).toEqual(Object.fromEntries(Object.entries(slots).map(([f, [ino]]) => [f, [ino, 0]])));
    expect(sts.ok('get pods -A')).toBe('');
    sts.ok(['apply', '-f', '-'], manifest('one'));
    const file = named('one');
    expect(statSync(join(docs(), file)).ino).toBe(before[file][0]);
    expect(sts.ok('get sts -n one -o name')).toBe('statefulset.apps/web\n');
  });
});
