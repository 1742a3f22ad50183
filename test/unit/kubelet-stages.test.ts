// The kubelet's table of stage transitions (controller/kubelet.ts) driving one pod through its life
// on a tiny in-memory cluster with a manual clock: which stages it passes and when (kwok's Stages).
import { describe, expect, it } from 'vitest';
import { deletePod } from '../../src/apiserver/delete.js';
import { stepFor } from '../../src/controller/kubelet.js';
import { advance } from '../../src/controller/simulate.js';
import type { Cluster } from '../../src/store/cluster.js';
import { cluster, createPod, reasons, T0, trace as traceOf } from './kubelet-harness.js';

const runPod = (c: Cluster, name: string, image = 'nginx:1.25') => createPod(c, name, { containers: [{ name: 'app', image }] });

/** Where the pod is: its stage, the container's waiting reason, or how its deletion stands. */
function where(c: Cluster, name: string): string {
  const p = c.pod('default', name);
  if (!p) return 'gone';
  if (p.removeAt !== undefined) return `Terminating until ${(p.removeAt - T0) / 1000}s`;
  return p.waitingReason ? `${p.stage}/${p.waitingReason}` : p.stage;
}

const trace = (c: Cluster, name: string, untilS: number) => traceOf(c, name, untilS, (c) => where(c, name));

describe('the kubelet stage table', () => {
  it('a pod is scheduled after 1s, starts 2s later and is Ready at once (no readiness delay)', () => {
    const c = cluster();
    runPod(c, 'web');
    expect(trace(c, 'web', 60)).toEqual(['0s Pending', '1s ContainerCreating', '3s Ready']);
    expect(stepFor(c, c.pod('default', 'web')!)).toBeUndefined();
    expect(reasons(c, 'web')).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
  });

  it('an image that cannot be pulled: ErrImagePull, then a back-off of 10s doubling, until it can be', () => {
    const c = cluster();
    c.file.faults.images.push('nginx:bad*');
    runPod(c, 'web', 'nginx:bad');
    expect(trace(c, 'web', 40)).toEqual([
      '0s Pending',
      '1s ContainerCreating',
      '3s ContainerCreating/ErrImagePull',
      '4s ContainerCreating/ImagePullBackOff',
      '14s ContainerCreating/ErrImagePull',
      '15s ContainerCreating/ImagePullBackOff',
      '35s ContainerCreating/ErrImagePull',
      '36s ContainerCreating/ImagePullBackOff',
    ]);
    c.file.faults.images = [];
    expect(trace(c, 'web', 100)).toEqual(['36s ContainerCreating/ImagePullBackOff', '76s Ready']);
    expect(reasons(c, 'web')).toEqual([
      'Scheduled',
      'Pulling x4',
      'Failed x3',
      'Failed x3',
      'BackOff x3',
      'Failed x3',
      'Pulled',
      'Created',
      'Started',
    ]);
  });

  it('a crashing container: Running, Error 1s later, CrashLoopBackOff, restarted after 10s, then 20s', () => {
    const c = cluster();
    c.file.faults.pods['default/web'] = 'crash';
    runPod(c, 'web');
    expect(trace(c, 'web', 37)).toEqual([
      '0s Pending',
      '1s ContainerCreating',
      '3s Running',
      '4s Running/Error',
      '5s Running/CrashLoopBackOff',
      '15s Running',
      '16s Running/Error',
      '17s Running/CrashLoopBackOff',
      '37s Running',
    ]);
    expect(c.pod('default', 'web')!.restarts).toBe(2);
  });

  it('a container that is never ready stays Running: nothing is due', () => {
    const c = cluster();
    c.file.faults.pods['default/web'] = 'unready';
    runPod(c, 'web');
    expect(trace(c, 'web', 600)).toEqual(['0s Pending', '1s ContainerCreating', '3s Running']);
    expect(stepFor(c, c.pod('default', 'web')!)?.name).toBe('never ready');
  });

  it('a deleted pod stops its containers at once and is gone after the terminate stage (2s)', () => {
    const c = cluster();
    runPod(c, 'web');
    advance(c, T0 + 10_000);
    deletePod(c, c.pod('default', 'web')!);
    advance(c, c.now);
    expect(trace(c, 'web', 60)).toEqual(['10s Terminating until 12s', '12s gone']);
    expect(reasons(c, 'web')).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'Killing']);
  });

  it('a pod deleted before it was scheduled goes at once', () => {
    const c = cluster();
    runPod(c, 'web');
    deletePod(c, c.pod('default', 'web')!);
    advance(c, c.now);
    expect(where(c, 'web')).toBe('gone');
    expect(reasons(c, 'web')).toEqual([]);
  });
});
