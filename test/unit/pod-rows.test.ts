// `get pods` builds each row from a pod's summary (apiserver's podSummary), not its whole object:
// here both give the same row — every column, wide, labels, -L — at every stage of the kubelet's
// table (the harness's traces: faults, init containers, deletion) and for any record state at all.
import { describe, expect, it } from 'vitest';
import type { Json, KObject, PodRecord } from '../../src/api/types.js';
import { deletePod } from '../../src/apiserver/delete.js';
import { podObject, podSummary } from '../../src/apiserver/pod-object.js';
import { advance } from '../../src/controller/simulate.js';
import { podStatus } from '../../src/print/columns.js';
import { nameOf, tableLayout } from '../../src/print/printers.js';
import type { Cluster } from '../../src/store/cluster.js';
import { cluster, createPod, T0, trace } from './kubelet-harness.js';
import { newSim } from './sim-builders.js';

const layout = tableLayout('Pod', {
  wide: true,
  showLabels: true,
  withNamespace: true,
  labelColumns: ['app', 'apps.kubernetes.io/pod-index', 'missing'],
});

/** What a table, -o name and a label selector read of a pod. */
const seen = (o: KObject, now: number) => ({ row: layout.row(o, now), name: nameOf(o), labels: o.metadata.labels, status: podStatus(o, now) });

/** Every pod's summary reads as its object does; how many pods were compared. */
function compareAll(c: Cluster): number {
  const pods = c.pods();
  for (const p of pods) expect(seen(podSummary(c, p), c.now), `${p.name} ${JSON.stringify(p)}`).toEqual(seen(podObject(c, p), c.now));
  return pods.length;
}

/** Follow a pod through its due transitions up to `untilS`, comparing all pods at each: the
 *  STATUS column it passes through. */
function follow(c: Cluster, name: string, untilS: number): string[] {
  const statuses = trace(c, name, untilS, (c) => {
    compareAll(c);
    const p = c.pod('default', name);
    return p ? layout.row(podSummary(c, p), c.now)[3] : 'gone';
  });
  return [...new Set(statuses.map((s) => s.split(' ')[1]))];
}

/** Delete the pod and follow it until it is gone. */
function deleteAndFollow(c: Cluster, name: string): string[] {
  deletePod(c, c.pod('default', name)!);
  advance(c, c.now);
  return follow(c, name, (c.now - T0) / 1000 + 120);
}

const app = (image = 'nginx:1.25') => ({ containers: [{ name: 'app', image }] });
const withInits = {
  initContainers: [
    { name: 'setup', image: 'busybox:1.36' },
    { name: 'proxy', image: 'envoy:1', restartPolicy: 'Always' },
    { name: 'migrate', image: 'busybox:1.36' },
  ],
  containers: [
    { name: 'app', image: 'nginx:1.25' },
    { name: 'log', image: 'busybox:1.36' },
  ],
};

describe('a pod summary gives the rows its whole object gives', () => {
  it('through a pod’s life: scheduled, created, Ready, deleted, gone', () => {
    const c = cluster();
    createPod(c, 'web', app());
    expect(follow(c, 'web', 60)).toEqual(['Pending', 'ContainerCreating', 'Running']);
    expect(deleteAndFollow(c, 'web')).toEqual(['Terminating', 'gone']);
  });

  it('through crashes and back-offs, and a container never ready', () => {
    const c = cluster();
    c.file.faults.pods['default/crash'] = 'crash';
    c.file.faults.pods['default/unready'] = 'unready';
    createPod(c, 'crash', app());
    createPod(c, 'unready', app());
    expect(follow(c, 'crash', 80)).toEqual(['Pending', 'ContainerCreating', 'Running', 'Error', 'CrashLoopBackOff']);
    expect(deleteAndFollow(c, 'crash')).toEqual(['Terminating', 'gone']);
    expect(compareAll(c)).toBe(1);
  });

  it('through an image that cannot be pulled', () => {
    const c = cluster();
    c.file.faults.images.push('nginx:bad*');
    createPod(c, 'pull', app('nginx:bad'));
    expect(follow(c, 'pull', 60)).toEqual(['Pending', 'ContainerCreating', 'ErrImagePull', 'ImagePullBackOff']);
  });

  it('through init containers (one a sidecar) and their failures, and deletions while they run', () => {
    const c = cluster();
    createPod(c, 'init', withInits);
    expect(follow(c, 'init', 60)).toEqual(['Pending', 'Init:0/3', 'Init:2/3', 'PodInitializing', 'Running']);
    c.file.faults.pods['default/crashinit'] = 'crash';
    createPod(c, 'crashinit', withInits);
    expect(follow(c, 'crashinit', 75)).toEqual(['Pending', 'Init:0/3', 'Init:Error', 'Init:CrashLoopBackOff']);
    expect(deleteAndFollow(c, 'crashinit')).toEqual(['Terminating', 'gone']);
    c.file.faults.images.push('busybox:*');
    createPod(c, 'pullinit', withInits);
    expect(follow(c, 'pullinit', 120)).toEqual(['Pending', 'Init:0/3', 'Init:ErrImagePull', 'Init:ImagePullBackOff']);
    expect(deleteAndFollow(c, 'pullinit')).toEqual(['Terminating', 'gone']);
  });

  it("a StatefulSet's pods: the revision's labels, the controller's identity labels, IPs and nodes", () => {
    const c = newSim({ replicas: 3, podManagementPolicy: 'Parallel' });
    for (let t = 0; t <= 30; t++) {
      advance(c, T0 + t * 1000);
      expect(compareAll(c)).toBe(3);
    }
    const row = layout.row(podSummary(c, c.pod('default', 'web-2')!), c.now);
    expect([...row.slice(0, 6), ...row.slice(10, 13)]).toEqual(['default', 'web-2', '1/1', 'Running', '0', '30s', 'nginx', '2', '']);
    expect(row[13]).toMatch(/^app=nginx,apps.kubernetes.io\/pod-index=2,controller-revision-hash=web-\w+,statefulset.kubernetes.io\/pod-name=web-2$/);
  });

  it('any state a record can be in: every stage with every waiting reason, init progress, exits, stops and deletions', () => {
    const c = cluster();
    createPod(c, 'many', withInits);
    createPod(c, 'one', app());
    const set = newSim({ replicas: 1 });
    advance(set, T0 + 10_000);
    const random = mulberry32(14);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const at = () => T0 + Math.floor(random() * 600) * 500;
    const stages: PodRecord['stage'][] = ['Pending', 'ContainerCreating', 'Running', 'Ready', 'Failed', 'Succeeded'];
    const reasons: PodRecord['waitingReason'][] = [
      undefined,
      'ErrImagePull',
      'ImagePullBackOff',
      'ErrImageNeverPull',
      'CreateContainerConfigError',
      'Error',
      'CrashLoopBackOff',
    ];
    let compared = 0;
    for (const stage of stages)
      for (const waitingReason of reasons)
        for (let k = 0; k < 40; k++) {
          const [cl, p] = pick([
            [c, c.pod('default', 'many')!],
            [c, c.pod('default', 'one')!],
            [set, set.pod('default', 'web-0')!],
          ] as [Cluster, PodRecord][]);
          const scheduledAt = pick([undefined, at()]);
          const deletingSince = pick([undefined, undefined, at()]);
          const state: Partial<PodRecord> = {
            stage,
            waitingReason,
            stageSince: at(),
            scheduledAt,
            node: scheduledAt === undefined ? undefined : 'node-1',
            ip: pick([undefined, '10.244.1.9']),
            runningSince: pick([undefined, at()]),
            restarts: pick([undefined, 0, 3]),
            initDone: pick([undefined, 0, 1, 2, 3]),
            initAt: pick([undefined, at()]),
            initRestarts: pick([undefined, 2]),
            lastExitAt: pick([undefined, at()]),
            exitCode: pick([undefined, 0, 137]),
            backoffs: pick([undefined, 1, 4]),
            stoppedAt: pick([undefined, undefined, at()]),
            unready: pick([undefined, [], ['app'], ['app', 'log']]),
            deletingSince,
            removeAt: deletingSince === undefined ? undefined : pick([undefined, deletingSince + 30_000]),
            waitingMessage: pick([undefined, 'configmap "x" not found']),
          };
          Object.assign(p, state);
          expect(seen(podSummary(cl, p), cl.now), JSON.stringify(state)).toEqual(seen(podObject(cl, p), cl.now));
          compared++;
        }
    expect(compared).toBe(6 * 7 * 40);
  });

  it('a standalone pod has its own labels, or none', () => {
    const c = cluster();
    createPod(c, 'plain', app());
    const p = c.pod('default', 'plain')!;
    expect(podSummary(c, p).metadata.labels).toEqual(podObject(c, p).metadata.labels);
    (p as Json).labels = { tier: 'web' };
    expect(podSummary(c, p).metadata.labels).toEqual({ tier: 'web' });
    expect(seen(podSummary(c, p), c.now)).toEqual(seen(podObject(c, p), c.now));
  });
});

/** A small seeded PRNG: the same states every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
