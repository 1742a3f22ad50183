// The cluster as a root and one document per namespace (store/docs.ts): a command reads only the
// namespaces it touches, and those with something due by the time it brings the cluster to. Shown
// here by damaging one namespace's document: what does not need it goes on, what needs it is refused.
import { readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
/** Damage a namespace's document (the one the root names: its other slot is an empty spare). */
function damage(ns: string): string {
  const name: string = JSON.parse(readFileSync(sts.state, 'utf8')).docs[ns].file;
  writeFileSync(join(docs(), name), '{"namespace": "three", "objects": ');
  return join(docs(), name);
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
    expect(r.stderr).toMatch(new RegExp(`^error: cluster file "${path.replace(/[.]/g, '\\.')}" is corrupt \\(Unexpected end of JSON input`));
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

describe('two slots per document', () => {
  const named = (ns: string): string => JSON.parse(readFileSync(sts.state, 'utf8')).docs[ns].file;
  /** namespace one's files: name → [inode, size] */
  const filesOf = (ns: string) =>
    Object.fromEntries(
      readdirSync(docs())
        .filter((f) => f.startsWith(`namespace-${ns}.`))
        .map((f) => {
          const st = statSync(join(docs(), f));
          return [f, [st.ino, st.size]];
        }),
    );

  it('a save writes into the spare slot and empties the old one: the same two files, no new one', () => {
    sts.ok('scale sts web -n one --replicas=3');
    const before = filesOf('one');
    expect(Object.keys(before).sort()).toEqual(['namespace-one.a.json', 'namespace-one.b.json']);
    for (const replicas of [4, 2, 3]) {
      const was = named('one');
      sts.ok(`scale sts web -n one --replicas=${replicas}`);
      const now = named('one');
      expect(now).not.toBe(was);
      const files = filesOf('one');
      expect(Object.keys(files).sort()).toEqual(['namespace-one.a.json', 'namespace-one.b.json']);
      expect(files[was]).toEqual([before[was][0], 0]); // emptied, kept
      expect(files[now][0]).toBe(before[now][0]); // rewritten in place
      expect(files[now][1]).toBeGreaterThan(0);
    }
    expect(sts.ok('get pods -n one -o name')).toBe('pod/web-0\npod/web-1\npod/web-2\n');
  });

  it('a namespace deleted takes both its files with it', () => {
    sts.ok('scale sts web -n one --replicas=3');
    sts.ok('delete namespace one');
    sts.ok('clock settle');
    expect(filesOf('one')).toEqual({});
  });

  it('a writer killed after filling a slot: the next to take the lock over empties it and keeps it', () => {
    sts.ok('scale sts web -n one --replicas=3');
    const spare = Object.keys(filesOf('one')).find((f) => f !== named('one'))!;
    writeFileSync(join(docs(), spare), '{"namespace":"one","objects":{},"pods":[],"bound":{}}');
    symlinkSync(`${2 ** 22 + 1} sts apply -f web.yaml`, `${sts.state}.lock`); // a pid no process has
    expect(sts.ok('get pods -n one -o name')).toBe('pod/web-0\npod/web-1\npod/web-2\n');
    expect(statSync(join(docs(), spare)).size).toBe(0);
  });
});
