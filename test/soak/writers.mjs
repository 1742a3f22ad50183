// Figure 1, concurrent writers: W processes × M mutations each against one cluster file, all at
// once; every acknowledged mutation (exit 0) must be visible afterwards (no lost update).
// Half the mutations create objects of their own, half label one shared object (read-modify-write
// of the same object under the lock). Lock wait per command is what sts itself measured
// (STS_LOCK_STATS), or, from an sts without that, latency under contention minus the median
// latency of the same command run alone.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Lane } from './lane.mjs';
import { internalError, stackTrace } from './findings.mjs';
import { percentile } from './proc.mjs';

const NS = 'soak';

function mutation(w, j, ns = NS) {
  return j % 2 === 0
    ? { kind: 'create', name: `w${w}-${j}`, argv: ['create', 'configmap', `w${w}-${j}`, '-n', ns, `--from-literal=j=${j}`] }
    : { kind: 'label', name: `w${w}-${j}`, argv: ['label', 'configmap', 'shared', '-n', ns, `w${w}-${j}=v${j}`] };
}

export async function concurrentWriters({ root, writers, mutations, findings, log = () => {} }) {
  const statsFile = join(root, 'writers-lock-waits');
  const lane = new Lane(root, 'writers', { STS_LOCK_STATS: statsFile });
  await lane.ok(['cluster', 'reset', '--clock', 'manual']);
  for (const ns of [NS, 'solo']) {
    await lane.ok(['create', 'namespace', ns]);
    await lane.ok(['create', 'configmap', 'shared', '-n', ns]);
  }

  // alone: what each kind of command costs without anyone else waiting for the lock
  const solo = { create: [], label: [] };
  for (let j = 0; j < 12; j++) {
    const m = mutation(0, j, 'solo');
    solo[m.kind].push((await lane.ok(m.argv)).ms);
  }
  const soloMedian = { create: percentile(solo.create, 50), label: percentile(solo.label, 50) };
  log(`writers: alone, create ${soloMedian.create.toFixed(0)} ms, label ${soloMedian.label.toFixed(0)} ms; starting ${writers} × ${mutations}`);

  rmSync(statsFile, { force: true });
  const results = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let j = 0; j < mutations; j++) {
        const m = mutation(w, j);
        const r = await lane.run(m.argv, { timeoutMs: 120_000 });
        results.push({ ...m, r });
      }
    }),
  );
  const wallMs = Date.now() - t0;
  const measured = existsSync(statsFile) ? readFileSync(statsFile, 'utf8').split('\n').filter(Boolean).map(Number) : [];

  const acked = results.filter((x) => x.r.code === 0);
  const rejected = results.filter((x) => x.r.code !== 0);
  for (const x of rejected) {
    const text = x.r.stderr + x.r.stdout;
    const category = stackTrace(text) || internalError(text) ? 'crash' : x.r.timedOut ? 'hang' : 'rejected';
    findings.add('writers', category, {
      command: x.argv,
      text: text || `exit ${x.r.code} ${x.r.signal ?? ''}`,
      detail: `exit ${x.r.code} after ${x.r.ms.toFixed(0)} ms: ${text.trim()}`,
    });
  }

  const get = await lane.run(['get', 'configmaps', '-n', NS, '-o', 'json']);
  let lost = 0;
  let phantoms = 0;
  if (get.code !== 0) {
    findings.add('writers', 'lost', { command: get.argv, text: get.stderr, detail: 'could not read the result' });
    lost = acked.length;
  } else {
    const items = JSON.parse(get.stdout).items;
    const names = new Set(items.map((i) => i.metadata.name));
    const labels = items.find((i) => i.metadata.name === 'shared')?.metadata.labels ?? {};
    const visible = (x) => (x.kind === 'create' ? names.has(x.name) : labels[x.name] === `v${x.name.split('-')[1]}`);
    for (const x of results) {
      const seen = visible(x);
      if (x.r.code === 0 && !seen) {
        lost++;
        if (lost <= 3) findings.add('writers', 'lost', { command: x.argv, detail: `acknowledged (exit 0) but not visible afterwards` });
      }
      if (x.r.code !== 0 && seen) {
        phantoms++;
        findings.add('writers', 'phantom', { command: x.argv, detail: `failed (exit ${x.r.code}) but its change is visible: ${x.r.stderr.trim()}` });
      }
    }
  }
  const left = lane.leftovers();
  if (left.tmp.length || left.locks.length)
    findings.add('writers', 'leftovers', { command: 'after the writers', detail: `left behind: ${[...left.tmp, ...left.locks].join(', ')}` });

  const latency = results.map((x) => x.r.ms);
  const fromSts = measured.length >= results.length;
  const wait = fromSts ? measured : results.map((x) => Math.max(0, x.r.ms - soloMedian[x.kind]));
  const stats = (xs) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.max(0, ...xs) });
  return {
    writers,
    mutations,
    commands: results.length,
    acknowledged: acked.length,
    rejected: rejected.length,
    lost,
    phantoms,
    leftovers: left.tmp.length + left.locks.length,
    wallMs,
    soloMs: soloMedian,
    latency: stats(latency),
    lockWait: stats(wait),
    lockWaitSource: fromSts ? 'measured by sts (STS_LOCK_STATS)' : 'estimated: latency − latency alone',
  };
}
