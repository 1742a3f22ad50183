// Figure 2, kills: SIGKILL mutating commands (apply, scale, delete, clock advance, create) at a
// uniformly random point of their own run time. The run time is measured by running the same
// command to completion on a copy of the cluster first; that run's result is also the "after"
// state. After the kill, what `sts get … -o json` and `sts clock` show must equal the state before
// or the state after (a file whose bytes did not change is the state before, unread), the next
// command (a write) must succeed, and no `*.tmp` file or lock may be left once it has.
import { Lane, SetupError, sameState, stateDiff } from './lane.mjs';
import { internalError, stackTrace } from './findings.mjs';
import { percentile, pool, prng } from './proc.mjs';

const setYaml = (replicas, note) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  annotations:
    soak/note: "${note}"
spec:
  serviceName: nginx
  replicas: ${replicas}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

const cmYaml = (name, v) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  v: "${v}"\n`;

/** The mutating command for step i. */
function chooseCommand(rng, lane, i) {
  const tag = `${lane}-${i}`;
  switch (rng.pick(['apply', 'scale', 'delete', 'clock', 'create'])) {
    case 'apply':
      return rng.next() < 0.5
        ? { type: 'apply', argv: ['apply', '-f', '-'], input: cmYaml(`kc-${rng.int(0, 4)}`, tag) }
        : { type: 'apply', argv: ['apply', '-f', '-'], input: setYaml(rng.int(1, 3), tag) };
    case 'scale':
      return { type: 'scale', argv: ['scale', 'statefulset', 'web', `--replicas=${rng.int(1, 3)}`] };
    case 'delete':
      return rng.next() < 0.5
        ? { type: 'delete', argv: ['delete', 'pod', `web-${rng.int(0, 1)}`] }
        : { type: 'delete', argv: ['delete', 'configmap', `kc-${rng.int(0, 4)}`, '--ignore-not-found'] };
    case 'clock':
      return { type: 'clock advance', argv: ['clock', 'advance', `${rng.int(1, 15)}s`] };
    default:
      return rng.next() < 0.5
        ? { type: 'create', argv: ['create', 'configmap', `kn-${tag}`, `--from-literal=i=${i}`] }
        : { type: 'create', argv: ['create', 'namespace', `kn-${tag}`] };
  }
}

export async function kills({ root, target, lanes, seed, findings, log = () => {} }) {
  const perLane = Array.from({ length: lanes }, (_, l) => Math.floor(target / lanes) + (l < target % lanes ? 1 : 0));
  const stats = { kills: 0, completed: 0, before: 0, after: 0, bad: 0, nextFailed: 0, tmp: 0, locks: 0, byType: {}, durations: {} };
  await pool(perLane, lanes, async (want, l) => {
    const rng = prng(seed * 31 + l);
    const lane = new Lane(root, `kills-${l}`);
    const ref = new Lane(root, `kills-${l}-ref`);
    const before = new Lane(root, `kills-${l}-before`);
    await lane.setupWeb();
    // the comparison can tell states apart: a completed create is not the state before it
    before.restoreFrom(lane.stateDir);
    ref.restoreFrom(lane.stateDir);
    await ref.ok(['create', 'configmap', 'soak-selftest']);
    if (sameState(await before.dump(), await ref.dump()))
      throw new SetupError('kills: the state comparison cannot tell a created object from its absence');
    let got = 0;
    for (let i = 0; got < want && i < want * 4; i++) {
      const cmd = chooseCommand(rng, l, i);
      before.restoreFrom(lane.stateDir);
      const beforeHash = lane.hash();
      ref.restoreFrom(lane.stateDir);
      const full = await ref.run(cmd.argv, { input: cmd.input });
      (stats.durations[cmd.type] ??= []).push(full.ms);
      const at = rng.next() * full.ms;
      const r = await lane.run(cmd.argv, { input: cmd.input, killAfterMs: at });
      const what = { command: cmd.argv, input: cmd.input };
      if (r.killed) {
        got++;
        stats.kills++;
        stats.byType[cmd.type] = (stats.byType[cmd.type] ?? 0) + 1;
      } else {
        stats.completed++;
        const text = r.stderr + r.stdout;
        if (stackTrace(text) || internalError(text)) findings.add('kills', 'crash', { ...what, text, detail: text });
      }
      const where = `killed at ${at.toFixed(0)} of ${full.ms.toFixed(0)} ms`;
      // the same bytes are the same state; any other state is read through sts and compared with
      // the state before and the state after, both read through sts as well
      if (lane.hash() === beforeHash) stats.before++;
      else {
        const seen = await lane.dump();
        if (sameState(seen, await before.dump())) stats.before++;
        else if (sameState(seen, await ref.dump())) stats.after++;
        else {
          stats.bad++;
          const [b, a] = [await before.dump(), await ref.dump()];
          const detail = seen.ok
            ? `${where}: state is neither before nor after — vs before: ${stateDiff(b, seen)} | vs after: ${stateDiff(a, seen)}`
            : `${where}: the state cannot be read: ${seen.result.stderr.trim()}`;
          findings.add('kills', 'bad state', { ...what, text: seen.ok ? 'neither' : seen.result.stderr, detail });
        }
      }
      const next = await lane.run(['label', 'namespace', 'default', `soak-next=${l}-${i}`, '--overwrite'], { timeoutMs: 60_000 });
      if (next.code !== 0) {
        stats.nextFailed++;
        findings.add('kills', 'next command failed', {
          command: next.argv,
          text: next.stderr,
          detail: `after ${cmd.argv.join(' ')} ${where}: exit ${next.code} after ${next.ms.toFixed(0)} ms: ${next.stderr.trim()}`,
        });
      }
      const left = lane.leftovers();
      if (left.tmp.length || left.locks.length) {
        stats.tmp += left.tmp.length;
        stats.locks += left.locks.length;
        findings.add('kills', 'leftovers', {
          ...what,
          text: left.tmp.length ? 'tmp' : 'lock',
          detail: `${where}; after the next command: ${[...left.tmp, ...left.locks].map((p) => p.split('/').pop()).join(', ')}`,
        });
      }
      // start over when the cluster is unusable (so the rest of the run still measures something),
      // and now and then anyway, so that commands keep the size they were measured at
      if (next.code !== 0 || (i + 1) % 100 === 0) await lane.setupWeb();
      if ((i + 1) % 50 === 0) log(`kills: lane ${l}: ${got}/${want}`);
    }
  });
  const durations = Object.fromEntries(Object.entries(stats.durations).map(([k, v]) => [k, percentile(v, 50)]));
  return { ...stats, durations, leftovers: stats.tmp + stats.locks };
}
