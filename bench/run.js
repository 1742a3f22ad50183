#!/usr/bin/env node
// Benchmark: what a command costs over bare Node start-up, and how reconcile scales with pods.
// Usage: npm run bench [-- --pods 1000,5000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'sts.js');
const dir = mkdtempSync(join(tmpdir(), 'sts-bench-'));
const state = join(dir, 'cluster.json');
const arg = process.argv.indexOf('--pods');
const sizes = (arg > 0 ? process.argv[arg + 1] : '100,1000').split(',').map(Number);

function time(argv, input) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { env: { ...process.env, STS_STATE: state }, input, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return ms;
}
const median = (f, n = 7) => {
  const xs = Array.from({ length: n }, f).sort((a, b) => a - b);
  return xs[Math.floor(n / 2)];
};
const sts = (...a) => [bin, ...a];
const row = (what, ms, extra = '') => console.log(`${what.padEnd(52)} ${ms.toFixed(0).padStart(7)} ms ${extra}`);

const empty = join(dir, 'empty.mjs');
writeFileSync(empty, '');
const base = median(() => time([empty]));
row('node empty.mjs (baseline)', base);
time(sts('cluster', 'reset', '--clock', 'manual'));
time(sts('apply', '-f', join(root, 'fixtures/web/web.yaml')));
time(sts('clock', 'settle'));
for (const [label, argv] of [
  ['sts --help', sts('--help')],
  ['sts get pods (2 pods)', sts('get', 'pods')],
  ['sts get pod,pvc -o wide (2 pods)', sts('get', 'pod,pvc', '-o', 'wide')],
  ['sts describe sts web', sts('describe', 'sts', 'web')],
  ['sts apply -f web.yaml (unchanged)', sts('apply', '-f', join(root, 'fixtures/web/web.yaml'))],
]) {
  const ms = median(() => time(argv));
  row(label, ms, `(+${(ms - base).toFixed(0)} ms over node)`);
}

for (const n of sizes) {
  time(sts('cluster', 'reset', '--clock', 'manual'));
  const manifest = (policy) =>
    [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: big',
      'spec:',
      `  replicas: ${n}`,
      `  podManagementPolicy: ${policy}`,
      '  selector:',
      '    matchLabels:',
      '      app: big',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: big',
      '    spec:',
      '      containers:',
      '      - name: c',
      '        image: nginx',
      '  volumeClaimTemplates:',
      '  - metadata:',
      '      name: data',
      '    spec:',
      '      accessModes: [ReadWriteOnce]',
      '      resources:',
      '        requests:',
      '          storage: 1Gi',
    ].join('\n');
  // a node runs at most 110 pods (the kubelet's default): enough nodes for the set and one more pod
  const nodes = String(Math.max(3, Math.ceil((n + 1) / 100)));
  time(sts('cluster', 'nodes', nodes));
  time(sts('apply', '-f', '-'), manifest('Parallel'));
  row(`Parallel ${n} pods: clock settle`, time(sts('clock', 'settle')));
  row(
    `  get pods (${n} pods)`,
    median(() => time(sts('get', 'pods')), 3),
  );
  row(
    `  clock advance 1s with nothing to do (${n} pods)`,
    median(() => time(sts('clock', 'advance', '1s')), 3),
  );
  row(`  scale to ${n + 1} and settle`, time(sts('scale', 'sts', 'big', `--replicas=${n + 1}`, '--wait')));
  console.log(`${''.padEnd(52)} cluster file ${(statSync(state).size / 1e6).toFixed(1)} MB`);
  if (n <= 1000) {
    time(sts('cluster', 'reset', '--clock', 'manual'));
    time(sts('cluster', 'nodes', nodes));
    time(sts('apply', '-f', '-'), manifest('OrderedReady'));
    row(`OrderedReady ${n} pods: clock settle`, time(sts('clock', 'settle', '--timeout', '100h')));
  }
}
rmSync(dir, { recursive: true, force: true });
