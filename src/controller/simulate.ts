// Moving the simulation through time: a discrete-event loop over the controllers. At each instant
// every controller syncs until none acts; then time jumps to the earliest time one of them is due
// (a pod stage, a claim binding, a pod becoming available), never past the target.
import type { Cluster } from '../store/cluster.js';
import type { Controller } from './controller.js';
import { disruptionController } from './disruption.js';
import { garbageCollector } from './garbage-collector.js';
import { kubelet } from './kubelet.js';
import { teachStore } from './scheduling/cache.js';
import { namespaceController } from './namespace-controller.js';
import { nodeLifecycleController } from './node-lifecycle.js';
import { statefulSetController } from './statefulset-controller.js';
import { persistentVolumeController, volumeProtectionController } from './volume-controller.js';

const MAX_ROUNDS_PER_INSTANT = 100_000;

/**
 * The controllers, in the order they sync within a round (the order events are recorded in):
 * the StatefulSet controller, the kubelet stopping deleted pods, binding, garbage collection, then
 * the deletions that wait on the others (claims, volumes, namespaces).
 */
export function controllers(c: Cluster): Controller[] {
  teachStore(c);
  return [
    statefulSetController(),
    nodeLifecycleController(),
    kubelet(c),
    persistentVolumeController,
    garbageCollector,
    volumeProtectionController,
    namespaceController,
    disruptionController,
  ];
}

/** Run every controller at the current instant until none has anything left to do. */
export function settle(c: Cluster, all: Controller[] = controllers(c)): void {
  for (let round = 0; round < MAX_ROUNDS_PER_INSTANT; round++) {
    let acted = false;
    for (const ctl of all) if (ctl.sync(c)) acted = true;
    if (!acted) return;
  }
}

export interface AdvanceResult {
  /** nothing is left to happen with time alone */
  idle: boolean;
}

/** Bring the simulation forward to `target` (ms); with untilIdle, stop as soon as nothing is left to happen. */
export function advance(c: Cluster, target: number, untilIdle = false): AdvanceResult {
  const all = controllers(c);
  for (;;) {
    c.loadDue(c.now); // namespaces not read yet with something due by now
    settle(c, all);
    c.journal?.flush();
    for (const ctl of all) ctl.report?.(c);
    let next = c.unloadedDue() ?? Infinity;
    for (const ctl of all) {
      const t = ctl.nextDue(c);
      if (t !== undefined && t < next) next = t;
    }
    c.nextDue = next === Infinity ? undefined : next;
    if (next === Infinity || next > target) {
      if (target > c.now && !(untilIdle && next === Infinity)) c.now = target;
      return { idle: next === Infinity };
    }
    c.now = Math.max(c.now, next);
    c.loadDue(c.now);
    for (const ctl of all) ctl.due?.(c);
  }
}

/**
 * Advance until nothing is left to do, or `timeoutMs` of cluster time passed. Returns whether it
 * settled (false: something time will not fix, e.g. a claim whose class does not exist, is pending).
 */
export function settleAll(c: Cluster, timeoutMs: number): { settled: boolean; elapsed: number } {
  const start = c.now;
  const r = advance(c, start + timeoutMs, true);
  return { settled: r.idle, elapsed: c.now - start };
}
