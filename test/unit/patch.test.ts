// Patch semantics: strategic merge by key, JSON merge (RFC 7386), JSON patch (RFC 6902).
import { describe, expect, it } from 'vitest';
import { createMergePatch, jsonMerge, jsonPatch, strategicMerge } from '../../src/api/patch.js';

const sts = {
  spec: {
    replicas: 2,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'www', mountPath: '/www' }] },
          { name: 'side', image: 'busybox' },
        ],
      },
    },
  },
};

describe('strategic merge', () => {
  it('merges containers by name and keeps what the patch does not name', () => {
    const out = strategicMerge(sts, { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } } });
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:2', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'www', mountPath: '/www' }] },
      { name: 'side', image: 'busybox' },
    ]);
    expect(sts.spec.template.spec.containers[0].image).toBe('nginx:1');
  });
  it('appends new keys, deletes with $patch: delete and null, replaces with $patch: replace', () => {
    const add = strategicMerge(sts, { spec: { template: { spec: { containers: [{ name: 'third', image: 'x' }] } } } });
    expect(add.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['nginx', 'side', 'third']);
    const del = strategicMerge(sts, { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } });
    expect(del.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['nginx']);
    expect(strategicMerge(sts, { spec: { template: { metadata: { labels: null } } } }).spec.template.metadata).toEqual({});
    const rep = strategicMerge(sts, { spec: { template: { $patch: 'replace', spec: { containers: [] } } } });
    expect(rep.spec.template).toEqual({ spec: { containers: [] } });
  });
});

describe('JSON merge and JSON patch', () => {
  it('merge patch replaces lists and deletes nulls', () => {
    const out = jsonMerge(sts, { spec: { replicas: null, template: { spec: { containers: [{ name: 'only' }] } } } });
    expect(out.spec.replicas).toBeUndefined();
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only' }]);
  });
  it('json patch: add, replace, remove, move, copy, test', () => {
    const out = jsonPatch(sts, [
      { op: 'replace', path: '/spec/replicas', value: 5 },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'z' } },
      { op: 'remove', path: '/spec/template/spec/containers/1' },
      { op: 'copy', from: '/spec/replicas', path: '/spec/copied' },
      { op: 'move', from: '/spec/copied', path: '/spec/moved' },
      { op: 'test', path: '/spec/moved', value: 5 },
    ]);
    expect(out.spec.replicas).toBe(5);
    expect(out.spec.moved).toBe(5);
    expect(out.spec.copied).toBeUndefined();
    expect(out.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['nginx', 'z']);
    expect(() => jsonPatch(sts, [{ op: 'test', path: '/spec/replicas', value: 9 }])).toThrow('testing value /spec/replicas failed');
  });
  it('createMergePatch gives the difference that jsonMerge re-applies', () => {
    const to = { a: 1, b: { c: 2 }, e: [1] };
    const from = { a: 1, b: { c: 3, d: 4 }, f: true };
    const p = createMergePatch(from, to);
    expect(p).toEqual({ b: { c: 2, d: null }, e: [1], f: null });
    expect(jsonMerge(from, p)).toEqual(to);
  });
});
