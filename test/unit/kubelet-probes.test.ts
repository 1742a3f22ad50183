// The kubelet's rows for exits and exec probes (controller/kubelet.ts STAGES, controller/probes.ts),
// on a tiny cluster with a manual clock whose pods have real files (a temp state path): a main
// process killed from inside, readiness probes deciding Running ⇄ Ready per container, a liveness
// probe restarting its container, and probes that stop running once their answer cannot change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../src/api/types.js';
import { podContainers, podObject } from '../../src/apiserver/pod-object.js';
import { stepFor } from '../../src/controller/kubelet.js';
import { advance } from '../../src/controller/simulate.js';
import { openContainer } from '../../src/runtime/container.js';
import { Shell } from '../../src/runtime/shell.js';
import { Cluster } from '../../src/store/cluster.js';
import { cluster as withFiles, createPod, T0, trace as traceOf } from './kubelet-harness.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A cluster whose pods have files: the transaction sets statePath (cli/context.ts). */
function cluster(): Cluster {
  const dir = mkdtempSync(join(tmpdir(), 'sts-probes-'));
  dirs.push(dir);
  return withFiles(join(dir, 'cluster.json'));
}

const runPod = (c: Cluster, containers: Json[]) => createPod(c, 'p', { containers });

/** `kubectl exec p -c CONTAINER -- sh -c SCRIPT`, as its own command: the controllers settle after it. */
function exec(c: Cluster, script: string, container?: string): string {
  const p = c.pod('default', 'p')!;
  const ctr = podContainers(c, p).find((x) => !container || x.name === container)!;
  const r = new Shell(openContainer(c, c.statePath!, p, ctr)).script(script);
  advance(c, c.now);
  return r.out + r.err;
}

/** Stage, waiting reason, READY and RESTARTS as `get pods` would derive them. */
function where(c: Cluster): string {
  const p = c.pod('default', 'p')!;
  const st = podObject(c, p).status.containerStatuses ?? [];
  const ready = st.filter((s: Json) => s.ready).length;
  return `${p.waitingReason ? `${p.stage}/${p.waitingReason}` : p.stage} ${ready}/${st.length} ${p.restarts ?? 0}`;
}

const trace = (c: Cluster, untilS: number) => traceOf(c, 'p', untilS, where);

const events = (c: Cluster) => c.file.events.map((e) => `${e.reason}${e.count > 1 ? ` x${e.count}` : ''}: ${e.msg}`);

describe('a main process that exits (kill 1)', () => {
  it('Error for 1s, restarted at once; killed again within 10 minutes: CrashLoopBackOff first', () => {
    const c = cluster();
    runPod(c, [{ name: 'app', image: 'registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10' }]);
    advance(c, T0 + 10_000);
    expect(exec(c, 'pkill java')).toBe('');
    // Error for 1s, then started again (and Ready at once: no readiness delay)
    expect(trace(c, 60)).toEqual(['10s Running/Error 0/1 0', '11s Ready 1/1 1']);
    expect(podObject(c, c.pod('default', 'p')!).status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 143, reason: 'Error' });
    advance(c, T0 + 30_000);
    exec(c, 'kill 1');
    expect(trace(c, 60)).toEqual(['30s Running/Error 0/1 1', '31s Running/CrashLoopBackOff 0/1 1', '41s Ready 1/1 2']);
    expect(events(c).filter((e) => e.startsWith('BackOff'))).toEqual([
      `BackOff: Back-off restarting failed container app in pod p_default(${c.pod('default', 'p')!.uid})`,
    ]);
  });

  it('the back-off is forgotten after 10 minutes without an exit', () => {
    const c = cluster();
    runPod(c, [{ name: 'app', image: 'nginx' }]);
    advance(c, T0 + 10_000);
    exec(c, 'kill 1');
    advance(c, T0 + 20_000);
    advance(c, T0 + 700_000);
    exec(c, 'kill 1');
    expect(trace(c, 800)).toEqual(['700s Running/Error 0/1 1', '701s Ready 1/1 2']);
  });
});

describe('exec readiness probes', () => {
  const readiness = (command: string[], extra: Json = {}) => ({ exec: { command }, initialDelaySeconds: 5, periodSeconds: 10, ...extra });

  it('not ready until the probe passes; failing failureThreshold times makes it unready; a passing one, ready again', () => {
    const c = cluster();
    runPod(c, [{ name: 'app', image: 'nginx', readinessProbe: readiness(['cat', '/tmp/ready']) }]);
    // failing from the start: probed at 8s, 18s, 28s; then nothing changes until the files do
    expect(trace(c, 600)).toEqual([
      '0s Pending 0/0 0',
      '1s ContainerCreating 0/1 0',
      '3s Running 0/1 0',
      '8s Running 0/1 0',
      '18s Running 0/1 0',
      '28s Running 0/1 0',
    ]);
    expect(stepFor(c, c.pod('default', 'p')!)?.name).toBe('probed, not ready');
    advance(c, T0 + 100_000);
    exec(c, 'touch /tmp/ready');
    expect(trace(c, 600)).toEqual(['100s Running 0/1 0', '108s Ready 1/1 0']);
    advance(c, T0 + 200_000);
    exec(c, 'rm /tmp/ready');
    expect(trace(c, 600)).toEqual(['200s Ready 1/1 0', '208s Ready 1/1 0', '218s Ready 1/1 0', '228s Running 0/1 0']);
    expect(events(c).filter((e) => e.startsWith('Unhealthy'))).toEqual([
      'Unhealthy x6: Readiness probe failed: cat: /tmp/ready: No such file or directory',
    ]);
  });

  it("per container: a tool's file moved away fails its probe (1/2); moved back, ready (2/2)", () => {
    const c = cluster();
    runPod(c, [
      { name: 'mysql', image: 'mysql:5.7', readinessProbe: readiness(['mysql', '-h', '127.0.0.1', '-e', 'SELECT 1'], { periodSeconds: 2 }) },
      { name: 'xtrabackup', image: 'gcr.io/google-samples/xtrabackup:1.0' },
    ]);
    expect(trace(c, 60)).toEqual(['0s Pending 0/0 0', '1s ContainerCreating 0/2 0', '3s Running 1/2 0', '8s Ready 2/2 0']);
    advance(c, T0 + 20_000);
    exec(c, 'mv /usr/bin/mysql /usr/bin/mysql.off', 'mysql');
    expect(trace(c, 60)).toEqual(['20s Ready 2/2 0', '22s Ready 2/2 0', '24s Ready 2/2 0', '26s Running 1/2 0']);
    const pod = podObject(c, c.pod('default', 'p')!);
    expect(pod.status.containerStatuses.map((s: Json) => `${s.name} ${s.ready}`)).toEqual(['mysql false', 'xtrabackup true']);
    expect(pod.status.conditions.find((x: Json) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    expect(events(c).at(-1)).toBe(
      'Unhealthy x3: Readiness probe failed: OCI runtime exec failed: exec failed: unable to start container process: exec: "mysql": executable file not found in $PATH: unknown',
    );
    advance(c, T0 + 40_000);
    exec(c, 'mv /usr/bin/mysql.off /usr/bin/mysql', 'mysql');
    expect(trace(c, 60)).toEqual(['40s Running 1/2 0', '42s Ready 2/2 0']);
  });

  it('successThreshold: that many passes in a row before it is ready', () => {
    const c = cluster();
    runPod(c, [{ name: 'app', image: 'busybox', readinessProbe: readiness(['true'], { successThreshold: 3 }) }]);
    expect(trace(c, 60)).toEqual([
      '0s Pending 0/0 0',
      '1s ContainerCreating 0/1 0',
      '3s Running 0/1 0',
      '8s Running 0/1 0',
      '18s Running 0/1 0',
      '28s Ready 1/1 0',
    ]);
  });
});

describe('exec liveness and startup probes', () => {
  it('a liveness probe failing failureThreshold times: the container is killed and restarted', () => {
    const c = cluster();
    runPod(c, [
      { name: 'liveness', image: 'busybox', livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 } },
    ]);
    exec(c, 'true');
    advance(c, T0 + 3000);
    exec(c, 'touch /tmp/healthy');
    expect(trace(c, 20)).toEqual(['3s Ready 1/1 0', '8s Ready 1/1 0']);
    exec(c, 'rm /tmp/healthy');
    expect(trace(c, 30)).toEqual([
      '8s Ready 1/1 0',
      '13s Ready 1/1 0',
      '18s Ready 1/1 0',
      '23s Running/Error 0/1 0',
      '24s Ready 1/1 1',
      '29s Ready 1/1 1',
    ]);
    // restarted, it finds the same files: probed again from 29s
    expect(events(c).filter((e) => /Unhealthy|Killing/.test(e))).toEqual([
      'Unhealthy x4: Liveness probe failed: cat: /tmp/healthy: No such file or directory',
      'Killing: Container liveness failed liveness probe, will be restarted',
    ]);
    expect(podObject(c, c.pod('default', 'p')!).status.containerStatuses[0].lastState.terminated.exitCode).toBe(137);
  });

  it("a restarted container starts from its image again: the ZooKeeper page's deleted zookeeper-ready is back", () => {
    const c = cluster();
    const probe = { exec: { command: ['sh', '-c', 'zookeeper-ready 2181'] }, initialDelaySeconds: 10, timeoutSeconds: 5 };
    runPod(c, [
      { name: 'kubernetes-zookeeper', image: 'registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10', readinessProbe: probe, livenessProbe: probe },
    ]);
    expect(trace(c, 60)).toEqual(['0s Pending 0/0 0', '1s ContainerCreating 0/1 0', '3s Running 0/1 0', '13s Ready 1/1 0']);
    advance(c, T0 + 20_000);
    expect(exec(c, 'rm /opt/zookeeper/bin/zookeeper-ready; echo hi > /tmp/scratch')).toBe('');
    expect(trace(c, 60)).toEqual([
      '20s Ready 1/1 0',
      '23s Ready 1/1 0',
      '33s Ready 1/1 0',
      '43s Running/Error 0/1 0',
      '44s Running 0/1 1',
      '54s Ready 1/1 1',
    ]);
    expect(events(c).filter((e) => /Unhealthy|Killing/.test(e))).toEqual([
      'Unhealthy x3: Liveness probe failed: sh: 1: zookeeper-ready: not found',
      'Unhealthy x3: Readiness probe failed: sh: 1: zookeeper-ready: not found',
      'Killing: Container kubernetes-zookeeper failed liveness probe, will be restarted',
    ]);
    expect(exec(c, 'ls /tmp; ls /opt/zookeeper/bin')).toBe('zkOk.sh\nzookeeper-ready\n');
  });

  it('readiness waits for the startup probe', () => {
    const c = cluster();
    runPod(c, [
      {
        name: 'app',
        image: 'busybox',
        startupProbe: { exec: { command: ['test', '-e', '/tmp/up'] }, periodSeconds: 10, failureThreshold: 30 },
        readinessProbe: { exec: { command: ['true'] }, periodSeconds: 10 },
      },
    ]);
    // the startup probe fails at 3s (its first round, no initial delay), 13s, 23s, …
    expect(trace(c, 30)).toEqual(['0s Pending 0/0 0', '1s ContainerCreating 0/1 0', '3s Running 0/1 0', '13s Running 0/1 0', '23s Running 0/1 0']);
    exec(c, 'touch /tmp/up');
    expect(trace(c, 50)).toEqual(['23s Running 0/1 0', '33s Running 0/1 0', '43s Ready 1/1 0']);
  });
});

describe('a transaction that is never saved (a command that fails after the catch-up, --dry-run=server)', () => {
  /** The cluster as the file would load it again: what was saved, nothing of what came after. */
  const reload = (c: Cluster, file: string) => Object.assign(new Cluster(JSON.parse(file)), { statePath: c.statePath });

  it('leaves the probes their FILES_CHANGED mark: the saved pod still sees the change', () => {
    const c = cluster();
    runPod(c, [{ name: 'app', image: 'busybox', readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5 } }]);
    exec(c, 'touch /tmp/ready');
    expect(trace(c, 60)).toEqual(['0s Pending 0/0 0', '1s ContainerCreating 0/1 0', '3s Ready 1/1 0']);
    advance(c, T0 + 20_000);
    exec(c, 'rm /tmp/ready');
    const saved = JSON.stringify(c.toFile());
    // the catch-up of a command that then fails: its probes read the files, and nothing is kept
    const lost = reload(c, saved);
    advance(lost, T0 + 60_000);
    expect(where(lost)).toBe('Running 0/1 0');
    const again = reload(c, saved);
    expect(trace(again, 60)).toEqual(['20s Ready 1/1 0', '23s Ready 1/1 0', '28s Ready 1/1 0', '33s Running 0/1 0']);
  });

  it('keeps the container its files until the restart is saved; the restarted one starts afresh', () => {
    const c = cluster();
    const liveness = { exec: { command: ['cat', '/tmp/alive'] }, periodSeconds: 5, failureThreshold: 1 };
    runPod(c, [{ name: 'app', image: 'busybox', livenessProbe: liveness }]);
    exec(c, 'touch /tmp/alive; echo kept > /tmp/scratch');
    advance(c, T0 + 20_000);
    exec(c, 'rm /tmp/alive');
    const saved = JSON.stringify(c.toFile());
    const lost = reload(c, saved);
    advance(lost, T0 + 30_000);
    // killed, restarted without /tmp/alive, killed again
    expect(where(lost)).toBe('Running/CrashLoopBackOff 0/1 1');
    const again = reload(c, saved);
    expect(where(again)).toBe('Ready 1/1 0');
    expect(exec(again, 'cat /tmp/scratch')).toBe('kept\n');
    // restarted at 24s without /tmp/alive, and killed again at once
    expect(trace(again, 25)).toEqual(['20s Ready 1/1 0', '23s Running/Error 0/1 0', '24s Running/Error 0/1 1', '25s Running/CrashLoopBackOff 0/1 1']);
    expect(exec(again, 'ls /tmp')).toBe('');
    expect(again.oldRoots).toEqual([{ uid: again.pod('default', 'p')!.uid, root: 'rootfs' }]);
  });
});
