// The kubelet's env resolution (makeEnvironmentVariables, expansion) and volume projection
// (configmap/secret/downwardapi/projected plugins, the atomic writer), as pure functions.
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Container, KObject } from '../../src/api/types.js';
import { addServiceAccountVolume, apiAccessVolumeName } from '../../src/apiserver/pod-object.js';
import { containerEnv, expand, fieldValue, formatMap, resourceValue } from '../../src/runtime/env.js';
import { currentProjection, projectVolume, writeProjection } from '../../src/runtime/volumes.js';

const cm = (name: string, data: Record<string, string>, binaryData?: Record<string, string>): KObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data, ...(binaryData ? { binaryData } : {}) }) as KObject;
const secret = (name: string, plain: Record<string, string>): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'ns' },
    data: Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  }) as KObject;
const objects = [cm('cfg', { 'a.conf': 'x=1\n', b: 'two' }, { bin: Buffer.from([0, 1]).toString('base64') }), secret('db', { password: 's3cr3t' })];
const lookup = (kind: 'ConfigMap' | 'Secret', name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'ns', uid: 'u-1', labels: { app: 'web', tier: 'front' }, annotations: { note: 'say "hi"' } },
  spec: {
    nodeName: 'node-1',
    serviceAccountName: 'default',
    containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '500m', memory: '1Gi' } } }],
  },
  status: { podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }], hostIP: '172.18.0.2' },
} as unknown as KObject;
const ctr = (extra: Partial<Container>): Container => ({ name: 'c', image: 'x', ...extra });
const ctx = { pod, lookup, token: () => 'tok' };

describe('env (kubelet makeEnvironmentVariables)', () => {
  it('$(VAR) expands defined names, keeps undefined ones, $$ escapes', () => {
    const vars = (n: string) => ({ A: 'a', B: 'b' })[n];
    expect(expand('$(A)-$(B)', vars)).toBe('a-b');
    expect(expand('$(NOPE) $$(A) $$ $x $(unclosed', vars)).toBe('$(NOPE) $(A) $ $x $(unclosed');
  });

  it('envFrom first (with its prefix), then env in order; later names replace earlier ones', () => {
    const env = containerEnv(
      pod,
      ctr({
        envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'P_' }, { secretRef: { name: 'db' } }],
        env: [
          { name: 'password', value: 'override' },
          { name: 'URL', value: 'http://$(P_b):$(PORT)' },
          { name: 'PORT', value: '80' },
        ],
      }),
      lookup,
    );
    expect(env).toEqual([
      { name: 'P_a.conf', value: 'x=1\n' },
      { name: 'P_b', value: 'two' },
      { name: 'P_bin', value: '\u0000\u0001' },
      { name: 'password', value: 'override' },
      { name: 'URL', value: 'http://two:$(PORT)' },
      { name: 'PORT', value: '80' },
    ]);
  });

  it('valueFrom: configMapKeyRef, secretKeyRef (decoded), a missing optional key is unset', () => {
    const env = containerEnv(
      pod,
      ctr({
        env: [
          { name: 'B', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'b' } } },
          { name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          { name: 'N', valueFrom: { secretKeyRef: { name: 'nope', key: 'x', optional: true } } },
        ],
      }),
      lookup,
    );
    expect(env).toEqual([
      { name: 'B', value: 'two' },
      { name: 'P', value: 's3cr3t' },
    ]);
  });

  it('fieldRef: the pod fields the downward API offers', () => {
    expect(fieldValue(pod, 'metadata.name')).toBe('web-0');
    expect(fieldValue(pod, 'metadata.namespace')).toBe('ns');
    expect(fieldValue(pod, 'metadata.uid')).toBe('u-1');
    expect(fieldValue(pod, "metadata.labels['tier']")).toBe('front');
    expect(fieldValue(pod, "metadata.annotations['note']")).toBe('say "hi"');
    expect(fieldValue(pod, 'spec.nodeName')).toBe('node-1');
    expect(fieldValue(pod, 'spec.serviceAccountName')).toBe('default');
    expect(fieldValue(pod, 'status.podIP')).toBe('10.244.1.2');
    expect(fieldValue(pod, 'status.podIPs')).toBe('10.244.1.2');
    expect(fieldValue(pod, 'status.hostIP')).toBe('172.18.0.2');
  });

  it('labels and annotations as files: k="v" lines sorted, Go quoting, no final newline', () => {
    expect(formatMap({ tier: 'front', app: 'web' })).toBe('app="web"\ntier="front"');
    expect(formatMap({ note: 'say "hi"\n' })).toBe('note="say \\"hi\\"\\n"');
  });

  it('resourceFieldRef: divisor, rounded up; an unset limit is the node allocatable', () => {
    const c = ctr({ resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '250m' } } });
    expect(resourceValue(c, { resource: 'limits.cpu' })).toBe('1');
    expect(resourceValue(c, { resource: 'limits.cpu', divisor: '1m' })).toBe('500');
    expect(resourceValue(c, { resource: 'requests.cpu', divisor: '1m' })).toBe('250');
    expect(resourceValue(c, { resource: 'limits.memory', divisor: '1Mi' })).toBe('1024');
    expect(resourceValue(ctr({}), { resource: 'limits.memory', divisor: '1Gi' }, { memory: '8Gi' })).toBe('8');
  });
});

describe('volume projection (configmap, secret, downwardapi, projected plugins)', () => {
  it('a file per key, binaryData too, secrets decoded, defaultMode 0644', () => {
    const cfg = projectVolume({ name: 'v', configMap: { name: 'cfg' } }, ctx)!;
    expect(cfg.files.map((f) => [f.path, f.data.toString('base64'), f.mode.toString(8)])).toEqual([
      ['a.conf', Buffer.from('x=1\n').toString('base64'), '644'],
      ['b', Buffer.from('two').toString('base64'), '644'],
      ['bin', 'AAE=', '644'],
    ]);
    const sec = projectVolume({ name: 'v', secret: { secretName: 'db', defaultMode: 0o400 } }, ctx)!;
    expect(sec.files.map((f) => [f.path, f.data.toString(), f.mode])).toEqual([['password', 's3cr3t', 0o400]]);
  });

  it('items choose keys and paths, with their own mode', () => {
    const p = projectVolume({ name: 'v', configMap: { name: 'cfg', items: [{ key: 'b', path: 'dir/b.txt', mode: 0o600 }] } }, ctx)!;
    expect(p.files.map((f) => [f.path, f.data.toString(), f.mode])).toEqual([['dir/b.txt', 'two', 0o600]]);
  });

  it('a missing source: optional is empty, else the FailedMount message', () => {
    expect(projectVolume({ name: 'v', configMap: { name: 'gone', optional: true } }, ctx)).toEqual({
      files: [],
      missing: [],
      sources: ['ConfigMap/gone'],
    });
    expect(projectVolume({ name: 'v', configMap: { name: 'gone' } }, ctx)!.missing).toEqual(['configmap "gone" not found']);
    expect(projectVolume({ name: 'v', secret: { secretName: 'gone' } }, ctx)!.missing).toEqual(['secret "gone" not found']);
  });

  it('the service-account volume: token, ca.crt, namespace', () => {
    const spec = { containers: [{ name: 'c', image: 'x' }] } as Record<string, unknown>;
    addServiceAccountVolume(spec, 'u-1');
    const vols = spec.volumes as KObject[];
    expect(vols.map((v) => v.name)).toEqual([apiAccessVolumeName('u-1')]);
    const objs = [...objects, cm('kube-root-ca.crt', { 'ca.crt': 'PEM' })];
    const p = projectVolume(vols[0], { ...ctx, lookup: (k, n) => objs.find((o) => o.kind === k && o.metadata.name === n) })!;
    expect(p.files.map((f) => [f.path, f.data.toString(), f.mode])).toEqual([
      ['token', 'tok', 420],
      ['ca.crt', 'PEM', 420],
      ['namespace', 'ns', 420],
    ]);
    // twice is once (a replaced pod carries them already)
    addServiceAccountVolume(spec, 'u-1');
    expect((spec.volumes as unknown[]).length).toBe(1);
    expect((spec.containers as Container[])[0].volumeMounts).toEqual([
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: apiAccessVolumeName('u-1'), readOnly: true },
    ]);
    expect(apiAccessVolumeName('u-1')).toMatch(/^kube-api-access-[b-z2-9]{5}$/);
  });
});

describe('the atomic writer', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('..data links to a timestamped directory; each top-level name links into ..data; an update swaps them', () => {
    dir = mkdtempSync(join(tmpdir(), 'sts-aw-'));
    const t0 = Date.UTC(2026, 0, 13, 10, 0, 0);
    writeProjection(
      dir,
      [
        { path: 'a/b', data: Buffer.from('1'), mode: 0o600 },
        { path: 'c', data: Buffer.from('2'), mode: 0o644 },
      ],
      t0,
    );
    const first = readlinkSync(join(dir, '..data'));
    expect(first).toMatch(/^\.\.2026_01_13_10_00_00\.\d{9}$/);
    expect(readdirSync(dir).sort()).toEqual([first, '..data', 'a', 'c'].sort());
    expect(readlinkSync(join(dir, 'a'))).toBe('..data/a');
    expect(statSync(join(dir, 'a', 'b')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'c'), 'utf8')).toBe('2');
    // not yet synced: kept as it is
    expect(writeProjection(dir, [{ path: 'c', data: Buffer.from('3'), mode: 0o644 }], t0 + 1000, false)).toBe(false);
    expect(readFileSync(join(dir, 'c'), 'utf8')).toBe('2');
    // the same files: nothing written
    expect(writeProjection(dir, currentProjection(dir)!, t0 + 2000)).toBe(false);
    expect(writeProjection(dir, [{ path: 'c', data: Buffer.from('3'), mode: 0o644 }], t0 + 60_000)).toBe(true);
    const second = readlinkSync(join(dir, '..data'));
    expect(second).toMatch(/^\.\.2026_01_13_10_01_00\.\d{9}$/);
    expect(readdirSync(dir).sort()).toEqual([second, '..data', 'c'].sort());
    expect(readFileSync(join(dir, 'c'), 'utf8')).toBe('3');
  });
});
