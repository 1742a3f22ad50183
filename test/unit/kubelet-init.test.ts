// Init containers in the kubelet's table (controller/kubelet.ts): they run one at a time, in order,
// each for the `start` stage, before the app containers start; faults hit them as the others.
import { describe, expect, it } from 'vitest';
import { podObject } from '../../src/apiserver/pod-object.js';
import { stepFor } from '../../src/controller/kubelet.js';
import { advance } from '../../src/controller/simulate.js';
import { podStatus } from '../../src/print/columns.js';
import type { Cluster } from '../../src/store/cluster.js';
import { cluster, createPod, reasons, T0, trace as traceOf } from './kubelet-harness.js';

/** A pod with two init containers (busybox) before its app container (nginx). */
const runPod = (c: Cluster, name: string) =>
  createPod(c, name, {
    initContainers: [
      { name: 'setup', image: 'busybox:1.36' },
      { name: 'migrate', image: 'busybox:1.36' },
    ],
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  });

/** Where the pod is: its stage, init containers done, waiting reason, and kubectl's STATUS for it. */
function where(c: Cluster, name: string): string {
  const p = c.pod('default', name)!;
  const st = `${p.stage}${p.initDone ? ` init ${p.initDone}` : ''}${p.waitingReason ? `/${p.waitingReason}` : ''}`;
  return `${st} (${podStatus(podObject(c, p), c.now).status})`;
}

const trace = (c: Cluster, name: string, untilS: number) => traceOf(c, name, untilS, (c) => where(c, name));

describe('init containers in the kubelet stage table', () => {
  it('run in order, 2s each (the start stage), then the app container starts 2s later', () => {
    const c = cluster();
    runPod(c, 'web');
    expect(trace(c, 'web', 60)).toEqual([
      '0s Pending (Pending)',
      '1s ContainerCreating (Init:0/2)',
      '3s ContainerCreating init 1 (Init:1/2)',
      '5s ContainerCreating init 2 (PodInitializing)',
      '7s Ready init 2 (Running)',
    ]);
    expect(stepFor(c, c.pod('default', 'web')!)).toBeUndefined();
    expect(c.file.events.filter((e) => e.name === 'web').map((e) => e.msg)).toEqual([
      'Successfully assigned default/web to node-1',
      'Pulling image "busybox:1.36"',
      'Successfully pulled image "busybox:1.36" in 1.234s (1.234s including waiting). Image size: 179064872 bytes.',
      'Created container: setup',
      'Started container setup',
      'Container image "busybox:1.36" already present on machine',
      'Created container: migrate',
      'Started container migrate',
      'Pulling image "nginx:1.25"',
      'Successfully pulled image "nginx:1.25" in 1.234s (1.234s including waiting). Image size: 100924578 bytes.',
      'Created container: app',
      'Started container app',
    ]);
  });

  it('the Pod: Initialized False while they run, then their statuses Completed with the times they ran', () => {
    const c = cluster();
    runPod(c, 'web');
    advance(c, T0 + 4000);
    const running = podObject(c, c.pod('default', 'web')!).status;
    expect(running.phase).toBe('Pending');
    expect(running.conditions.find((x: { type: string }) => x.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [migrate]',
    });
    expect(running.initContainerStatuses.map((s: { state: unknown }) => s.state)).toEqual([
      {
        terminated: expect.objectContaining({
          exitCode: 0,
          reason: 'Completed',
          startedAt: '2026-01-01T00:00:01Z',
          finishedAt: '2026-01-01T00:00:03Z',
        }),
      },
      { running: { startedAt: '2026-01-01T00:00:03Z' } },
    ]);
    expect(running.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    advance(c, T0 + 60_000);
    const done = podObject(c, c.pod('default', 'web')!).status;
    expect(done.conditions.find((x: { type: string }) => x.type === 'Initialized')).toMatchObject({
      status: 'True',
      lastTransitionTime: '2026-01-01T00:00:05Z',
    });
    expect(
      done.initContainerStatuses.map((s: { state: { terminated: { finishedAt: string } }; ready: boolean }) => [
        s.state.terminated.finishedAt,
        s.ready,
      ]),
    ).toEqual([
      ['2026-01-01T00:00:03Z', true],
      ['2026-01-01T00:00:05Z', true],
    ]);
  });

  it('an init image that cannot be pulled: Init:ErrImagePull, Init:ImagePullBackOff, until it can be', () => {
    const c = cluster();
    c.file.faults.images.push('busybox:*');
    runPod(c, 'web');
    expect(trace(c, 'web', 20)).toEqual([
      '0s Pending (Pending)',
      '1s ContainerCreating (Init:0/2)',
      '3s ContainerCreating/ErrImagePull (Init:ErrImagePull)',
      '4s ContainerCreating/ImagePullBackOff (Init:ImagePullBackOff)',
      '14s ContainerCreating/ErrImagePull (Init:ErrImagePull)',
      '15s ContainerCreating/ImagePullBackOff (Init:ImagePullBackOff)',
    ]);
    c.file.faults.images = [];
    expect(trace(c, 'web', 100).slice(1)).toEqual([
      '35s ContainerCreating init 1 (Init:1/2)',
      '37s ContainerCreating init 2 (PodInitializing)',
      '39s Ready init 2 (Running)',
    ]);
  });

  it('a crash fault while initializing crashes the init container that runs: Init:Error, Init:CrashLoopBackOff', () => {
    const c = cluster();
    c.file.faults.pods['default/web'] = 'crash';
    runPod(c, 'web');
    expect(trace(c, 'web', 40)).toEqual([
      '0s Pending (Pending)',
      '1s ContainerCreating (Init:0/2)',
      '4s ContainerCreating/Error (Init:Error)',
      '5s ContainerCreating/CrashLoopBackOff (Init:CrashLoopBackOff)',
      '15s ContainerCreating (Init:0/2)',
      '18s ContainerCreating/Error (Init:Error)',
      '19s ContainerCreating/CrashLoopBackOff (Init:CrashLoopBackOff)',
      '39s ContainerCreating (Init:0/2)',
    ]);
    const p = c.pod('default', 'web')!;
    expect(p.initRestarts).toBe(2);
    expect(podStatus(podObject(c, p), c.now).restarts).toBe('2 (21s ago)');
    expect(reasons(c, 'web')).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created x3', 'Started x3', 'BackOff x2', 'Pulled x2']);
    // lifted: the init containers complete, their restarts no longer counted in RESTARTS
    delete c.file.faults.pods['default/web'];
    expect(trace(c, 'web', 60).slice(1)).toEqual([
      '41s ContainerCreating init 1 (Init:1/2)',
      '43s ContainerCreating init 2 (PodInitializing)',
      '45s Ready init 2 (Running)',
    ]);
    expect(podStatus(podObject(c, p), c.now).restarts).toBe('0');
  });
});
