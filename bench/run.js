#!/usr/bin/env node
// Benchmark: what a command costs over bare Node start-up (paired runs, medians), and how commands
// scale with the cluster (1,000 to 100,000 pods): a table per scenario, as the README shows it.
// Usage: npm run bench [-- --sizes 1000,10000,100000] [--runs 21] [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'sts.js');
const dir = mkdtempSync(join(tmpdir(), 'sts-bench-'));
const state = join(dir, 'cluster.json');
const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const quick = process.argv.includes('--quick');
const sizes = opt('sizes', quick ? '1000,10000' : '1000,10000,100000')
  .split(',')
  .map(Number);
const runs = Number(opt('runs', quick ? '7' : '21'));
/** Fresh clusters made for each size's creation figures (medians). */
const CREATIONS = 3;
// GNU time gives a child's peak memory; without it the column says n/a
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Run a command; its wall time (ms) and, with GNU time, its peak resident memory (MB). */
function run(argv, input) {
  const args = gnuTime ? ['-f', '%M', process.execPath, ...argv] : argv;
  const t = process.hrtime.bigint();
  // stdout goes nowhere: 100,000 pods as YAML are more than a string can hold
  const r = spawnSync(gnuTime ?? process.execPath, args, {
    env: { ...process.env, STS_STATE: state },
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  const kb = gnuTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { ms, mb: kb / 1024 };
}
const sts = (...a) => [bin, ...a];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const mb = (x) => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(0)} MB`);

/** The state's size without volume data: the root and its documents. */
function stateBytes() {
  let bytes = statSync(state).size;
  const docs = join(`${state}.data`, 'docs');
  if (existsSync(docs)) for (const f of readdirSync(docs)) bytes += statSync(join(docs, f)).size;
  return bytes;
}

/** `sets` namespaces ns1…, each with one StatefulSet s<i> of `replicas` pods (nginx; a claim each with `claims`). */
function manifest(sets, replicas, { policy = 'Parallel', claims = false } = {}) {
  const docs = [];
  for (let i = 1; i <= sets; i++) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns${i}`);
    docs.push(
      [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        `  name: s${i}`,
        `  namespace: ns${i}`,
        'spec:',
        `  replicas: ${replicas}`,
        `  podManagementPolicy: ${policy}`,
        `  serviceName: s${i}`,
        '  selector:',
        '    matchLabels:',
        `      app: s${i}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app: s${i}`,
        '    spec:',
        '      containers:',
        '      - name: c',
        '        image: nginx',
        ...(claims
          ? [
              '  volumeClaimTemplates:',
              '  - metadata:',
              '      name: data',
              '    spec:',
              '      accessModes: [ReadWriteOnce]',
              '      resources:',
              '        requests:',
              '          storage: 1Gi',
            ]
          : []),
      ].join('\n'),
    );
  }
  return docs.join('\n---\n');
}

/** A fresh cluster with nodes enough for `pods` (500 pods per node, 3 nodes at least, 250 at most). */
function fresh(pods) {
  run(sts('cluster', 'reset', '--clock', 'manual'));
  run(sts('cluster', 'nodes', String(Math.min(250, Math.max(3, Math.ceil((pods + 1) / 400)))), '--pods', '500'));
}

function table(title, header, rows) {
  console.log(`\n${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((h, i) => (i ? '---:' : '---')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

// ---- start-up: paired runs against node on an empty file ----
const empty = join(dir, 'empty.mjs');
writeFileSync(empty, '');
run(sts('cluster', 'reset', '--clock', 'manual'));
run(sts('apply', '-f', join(root, 'fixtures/web/web.yaml')));
run(sts('clock', 'settle'));
const startRows = [];
for (const [label, argv] of [
  ['sts --help', sts('--help')],
  ['sts get pods', sts('get', 'pods')],
  ['sts get pod,pvc -o wide', sts('get', 'pod,pvc', '-o', 'wide')],
  ['sts describe sts web', sts('describe', 'sts', 'web')],
  ['sts apply -f web.yaml (unchanged)', sts('apply', '-f', join(root, 'fixtures/web/web.yaml'))],
]) {
  const base = [];
  const cmd = [];
  for (let i = 0; i < runs; i++) {
    base.push(run([empty]).ms);
    cmd.push(run(argv).ms);
  }
  const b = median(base);
  const m = median(cmd);
  startRows.push([label, fmt(b), fmt(m), `${(m / b).toFixed(2)}×`]);
}
table(`Start-up on a 2-pod cluster (${runs} paired runs, medians)`, ['command', 'node empty.mjs', 'sts', 'ratio'], startRows);

// ---- scale: Parallel sets of 100, no volumes ----
const scaleRows = [];
const jsonRows = [];
for (const n of sizes) {
  const sets = Math.max(1, Math.round(n / 100));
  // creation three times over on a fresh cluster (this machine's speed drifts from run to run):
  // the medians of apply, settle and both, and the most memory either took; the last one stays
  const made = Array.from({ length: CREATIONS }, () => {
    fresh(n);
    const apply = run(sts('apply', '-f', '-'), manifest(sets, 100));
    const settle = run(sts('clock', 'settle'));
    return { apply: apply.ms, settle: settle.ms, both: apply.ms + settle.ms, mb: Math.max(apply.mb, settle.mb) };
  });
  const apply = { ms: median(made.map((x) => x.apply)) };
  const settle = { ms: median(made.map((x) => x.settle)) };
  const both = median(made.map((x) => x.both));
  const peak = Math.max(...made.map((x) => x.mb));
  const bytes = stateBytes();
  const reps = n >= 100_000 ? 3 : 5;
  const m = (argv) => median(Array.from({ length: reps }, () => run(argv).ms));
  const getAll = m(sts('get', 'pods', '-A'));
  const getNs = m(sts('get', 'pods', '-n', 'ns1'));
  const idle = m(sts('clock', 'advance', '1s'));
  const scale = run(sts('scale', 'sts', 's1', '-n', 'ns1', `--replicas=101`)).ms;
  run(sts('clock', 'settle'));
  scaleRows.push([
    n.toLocaleString('en'),
    fmt(apply.ms),
    fmt(settle.ms),
    fmt(both),
    mb(peak),
    fmt(getAll),
    fmt(getNs),
    fmt(scale),
    fmt(idle),
    `${Math.round(bytes / n)} B`,
  ]);
  const json = run(sts('get', 'pods', '-A', '-o', 'json'));
  const yaml = run(sts('get', 'pods', '-A', '-o', 'yaml'));
  jsonRows.push([n.toLocaleString('en'), fmt(json.ms), mb(json.mb), fmt(yaml.ms), mb(yaml.mb)]);
  // the same creation as one command: apply --wait settles in the transaction that wrote the sets
  const oneCommand = median(
    Array.from({ length: CREATIONS }, () => {
      fresh(n);
      return run(sts('apply', '-f', '-', '--wait'), manifest(sets, 100)).ms;
    }),
  );
  scaleRows[scaleRows.length - 1].splice(4, 0, fmt(oneCommand));
}
table(
  'Parallel StatefulSets of 100 pods, one per namespace, no volumes',
  [
    'pods',
    'apply (creates the pods)',
    'clock settle',
    'both',
    'apply --wait (one command)',
    'peak memory',
    'get pods -A',
    'get pods -n ns1',
    'scale sts s1 -n ns1',
    'clock advance 1s (idle)',
    'state per pod',
  ],
  scaleRows,
);
table('The same, printed whole', ['pods', 'get pods -A -o json', 'peak memory', '-o yaml', 'peak memory'], jsonRows);

// ---- scale: with one claim per pod (default class, provisioned) ----
const claimRows = [];
for (const n of sizes) {
  const sets = Math.max(1, Math.round(n / 100));
  fresh(n);
  const apply = run(sts('apply', '-f', '-'), manifest(sets, 100, { claims: true }));
  const settle = run(sts('clock', 'settle'));
  const getPvc = median(Array.from({ length: 3 }, () => run(sts('get', 'pvc', '-A')).ms));
  claimRows.push([
    n.toLocaleString('en'),
    fmt(apply.ms),
    fmt(settle.ms),
    mb(Math.max(apply.mb, settle.mb)),
    fmt(getPvc),
    `${Math.round(stateBytes() / n)} B`,
  ]);
}
table(
  'The same with a volumeClaimTemplate (n claims, n volumes)',
  ['pods', 'apply (creates the pods and claims)', 'clock settle', 'peak memory', 'get pvc -A', 'state per pod'],
  claimRows,
);

// ---- OrderedReady: one set, pods one after another ----
const orderedRows = [];
for (const n of sizes.filter((s) => s <= 10_000)) {
  fresh(n);
  run(sts('apply', '-f', '-'), manifest(1, n, { policy: 'OrderedReady' }));
  const settle = run(sts('clock', 'settle', '--timeout', '1000h'));
  orderedRows.push([n.toLocaleString('en'), fmt(settle.ms), `${((settle.ms * 1000) / n).toFixed(0)} µs`]);
}
table('One OrderedReady StatefulSet', ['pods', 'settle', 'per pod'], orderedRows);

rmSync(dir, { recursive: true, force: true });
