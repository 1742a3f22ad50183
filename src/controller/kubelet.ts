// The simulated scheduler and kubelet: a pod's life as a table of stage transitions, each with
// the pod it applies to, when it is due and what it does (kwok's Stages: selector, delay, next).
//
//   Pending ──(claims bound, a node fits, +schedule)──▶ ContainerCreating ──(+start)──▶ Running ──(+ready)──▶ Ready
//   deletion: Terminating for +terminate (capped by terminationGracePeriodSeconds), then its containers
//   stop (READY 0/N, a watch row of its own) and it is gone;
//   a pod that was never scheduled goes at once.
//   An image that cannot be pulled (`sts fault image`): ContainerCreating ─▶ ErrImagePull (1s) ─▶
//   ImagePullBackOff (10s, doubling to 5m) ─▶ pull again: ErrImagePull, … or, once it can be, Running.
//   A crashing container (`sts fault crash`): Running (1s, not ready) ─▶ Error (1s) ─▶
//   CrashLoopBackOff (10s, doubling to 5m) ─▶ Running again, restarts counting up.
//   A container that is never ready (`sts fault unready`) stays Running at 0/1.
//   A main process that exits (`kubectl exec POD -- kill 1`, recorded by runtime/ as `killedAt`, or
//   a failed liveness probe): Error (1s) ─▶ Running again; another exit within 10 minutes of the
//   last waits out CrashLoopBackOff first (10s, doubling), as the kubelet's back-off does.
//   Pulls by imagePullPolicy (images.ts; Never and absent: ErrImageNeverPull); a missing configMap or
//   secret volume source: FailedMount with back-off; a missing env source: CreateContainerConfigError
//   (pod-setup.ts). Each waits in ContainerCreating until what it lacks is there.
//   Exec probes (probes.ts) run while the container does: readiness ones decide Running ⇄ Ready.
//   Init containers run first, one at a time, in order, each for +start (pull, run, exit 0), the pod
//   staying ContainerCreating (Init:N/M) until the last is done; the app containers then start as
//   above. A pull fault on an init image fails as above (Init:ErrImagePull); a crash fault while the
//   pod initializes crashes the init container that runs — the first, since none completes while
//   the fault lasts (Init:Error ─▶ Init:CrashLoopBackOff ─▶ run again, its restarts counting up).
import type { PodRecord, Stage } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { backoffMs, claimKeys, initializing, podAnnotations, podContainers, podEvent } from '../apiserver/pod-object.js';
import type { Controller } from './controller.js';
import type { LifeStep, StageTransition } from './stage-table.js';
import { COMPLETION_ROWS } from './completion.js';
import { STAGE_ANNOTATION, stageMs } from './stages.js';
import { hasExecReadiness, newProbeRun, nextProbe, probe, probesDisturbed } from './probes.js';
import { fits, pickNode, unschedulable } from './scheduler.js';
import { ensureImage, failPull, neverPullable, pullBackOff, refuseNeverPull, unpullable } from './images.js';
import { configFailed, configProblem, mounted, mounting, mountFailed, mountProblem } from './pod-setup.js';
import { NODE_DOWN_ROWS, stalledOnDownNode } from './node-down.js';
import { podFault } from './faults.js';
import { PodsInMotion } from './kubelet-queue.js';
import {
  crashBackOff,
  exited,
  initCompleted,
  initCrashed,
  initRestarted,
  killed,
  recentExit,
  restart,
  start,
  startingContainers,
  unhealthy,
} from './container-actions.js';

const ERR_IMAGE_PULL_MS = 1000;
const CRASH_AFTER_MS = 1000;
const EXITED_MS = 1000;

export type { LifeStep, StageTransition } from './stage-table.js';

function readyDelay(c: Cluster, p: PodRecord): number {
  const ann = podAnnotations(c, p);
  if (ann?.[STAGE_ANNOTATION + 'ready'] === undefined) {
    const probe = podContainers(c, p)[0]?.readinessProbe;
    if (probe) return Math.round((Number(probe.initialDelaySeconds) || 0) * 1000);
  }
  return stageMs(c, 'ready', ann);
}

/** Scheduling is due `schedule` after the pod's claims are all bound (undefined while one is not). */
function scheduleDue(c: Cluster, p: PodRecord): number | undefined {
  let ready = p.stageSince;
  const keys = claimKeys(c, p);
  for (let i = 0; i < keys.length; i++) {
    const at = c.file.bound[keys[i]];
    if (at === undefined) return undefined;
    ready = Math.max(ready, at);
  }
  return ready + stageMs(c, 'schedule', podAnnotations(c, p));
}

const isDue = (c: Cluster, at: number | undefined) => at !== undefined && at <= c.now;

/** The (next) pull is due `start` into ContainerCreating, or when the pull back-off ends. */
const pullDue = (c: Cluster, p: PodRecord) =>
  p.stageSince + (p.waitingReason === 'ImagePullBackOff' ? backoffMs(p.backoffs ?? 1) : stageMs(c, 'start', podAnnotations(c, p)));

function bindToNode(c: Cluster, p: PodRecord, at: number): void {
  p.node = pickNode(c, p);
  p.scheduledAt = at;
  podEvent(c, p, 'Normal', 'Scheduled', `Successfully assigned ${p.ns}/${p.name} to ${p.node}`, 'default-scheduler');
  // Watchers see the binding (still Pending, now on a node) before the kubelet's update.
  c.touchPod(p);
  c.journal?.flush();
}

/** A round of exec probes: the pod becomes Ready or not, or its container is killed. */
function probed(c: Cluster, p: PodRecord, at: number): void {
  const r = probe(c, p, at);
  if (r.kill) {
    p.killedAt = at;
    p.exitCode = 137;
    c.touchPod(p);
  } else if (r.ready !== undefined) enter(c, p, r.ready ? 'Ready' : 'Running', at);
  // a round that changed nothing a Pod shows is kept (probedAt, the counts), but not a new version
  else c.changed = true;
}

/**
 * A pod marked deleted (apiserver/delete.ts) stops its containers: within its grace period, or
 * as soon as the `terminate` stage allows (its preStop and SIGTERM handling).
 */
function beginTermination(c: Cluster, p: PodRecord): void {
  c.deletedPods.delete(p);
  p.removeAt = p.deletingSince! + Math.min((p.deletionGrace ?? 30) * 1000, stageMs(c, 'terminate', podAnnotations(c, p)));
  if (p.stage !== 'Succeeded' && p.stage !== 'Failed')
    for (const ctr of podContainers(c, p)) podEvent(c, p, 'Normal', 'Killing', `Stopping container ${ctr.name}`, 'kubelet');
  c.touchPod(p);
}

/**
 * Its containers have stopped: the kubelet reports them terminated (READY 0/N, still Terminating)
 * before the pod goes, and watchers see that update as its own row (the kubelet's status update,
 * then the API's deletion), the DELETED row carrying the same last state.
 */
function removed(c: Cluster, p: PodRecord, at: number): void {
  if (p.runningSince !== undefined && p.stoppedAt === undefined) {
    p.stoppedAt = at;
    c.touchPod(p);
    c.journal?.flush();
  }
  c.removePod(p);
}

/** The table. Rows for one step are tried in order; the first whose selector holds is taken. */
export const STAGES: readonly StageTransition[] = [
  ...NODE_DOWN_ROWS,
  { name: 'removed', from: 'Terminating', after: (_c, p) => p.removeAt, do: removed },
  { name: 'stopping', from: 'Deleted', after: (_c, p) => p.deletingSince, do: beginTermination },
  {
    name: 'scheduled',
    from: 'Pending',
    when: (c, p) => !isDue(c, scheduleDue(c, p)) || fits(c, p),
    after: scheduleDue,
    to: 'ContainerCreating',
    do: bindToNode,
  },
  // no node fits (scheduler.ts): it waits, tried again whenever the loop looks (FailedScheduling meanwhile)
  { name: 'unschedulable', from: 'Pending', after: () => undefined },
  // an init container that crashed (crash fault): Init:Error, Init:CrashLoopBackOff, run again
  {
    name: 'init crash back-off',
    from: 'ContainerCreating',
    waiting: 'Error',
    after: (_c, p) => p.lastExitAt! + EXITED_MS,
    do: (c, p) => {
      crashBackOff(c, p);
      c.touchPod(p);
    },
  },
  {
    name: 'init restarted',
    from: 'ContainerCreating',
    waiting: 'CrashLoopBackOff',
    after: (_c, p) => p.lastExitAt! + EXITED_MS + backoffMs(p.backoffs ?? 1),
    to: 'ContainerCreating',
    do: initRestarted,
  },
  {
    name: 'pull back-off',
    from: 'ContainerCreating',
    waiting: 'ErrImagePull',
    after: (_c, p) => p.stageSince + ERR_IMAGE_PULL_MS,
    to: 'ContainerCreating',
    do: (c, p) => pullBackOff(c, p, startingContainers(c, p)),
  },
  // a configMap or secret volume's source is missing: FailedMount, retried with back-off
  {
    name: 'mount failed',
    from: 'ContainerCreating',
    when: (c, p) => mounting(p) && !!mountProblem(c, p),
    after: (_c, p) => p.retryAt ?? p.stageSince,
    do: mountFailed,
  },
  {
    name: 'mounted',
    from: 'ContainerCreating',
    when: (_c, p) => mounting(p) && p.retryAt !== undefined && !p.waitingReason,
    after: (_c, p) => p.retryAt,
    do: mounted,
  },
  {
    name: 'pull failed',
    from: 'ContainerCreating',
    when: (c, p) => unpullable(c, startingContainers(c, p)).length > 0,
    after: pullDue,
    to: 'ContainerCreating',
    do: (c, p) => failPull(c, p, startingContainers(c, p)),
  },
  // pull policy Never and the node lacks the image: it waits until the image is there
  {
    name: 'never pulled',
    from: 'ContainerCreating',
    when: (c, p) => neverPullable(c, p, startingContainers(c, p)).length > 0,
    after: (c, p) => (p.waitingReason === 'ErrImageNeverPull' ? undefined : pullDue(c, p)),
    to: 'ContainerCreating',
    do: (c, p) => refuseNeverPull(c, p, neverPullable(c, p, startingContainers(c, p))),
  },
  // an env source is missing: CreateContainerConfigError, tried again at each sync
  {
    name: 'config error',
    from: 'ContainerCreating',
    when: (c, p) => configProblem(c, p, startingContainers(c, p)) !== undefined,
    after: (c, p) => (p.waitingReason === 'CreateContainerConfigError' ? p.retryAt : pullDue(c, p)),
    do: (c, p, at) => {
      for (const ctr of startingContainers(c, p)) ensureImage(c, p, ctr);
      configFailed(c, p, configProblem(c, p, startingContainers(c, p))!, at);
    },
  },
  {
    name: 'init crashed',
    from: 'ContainerCreating',
    when: (c, p) => initializing(c, p) && podFault(c, p) === 'crash',
    after: (c, p) => pullDue(c, p) + CRASH_AFTER_MS,
    do: initCrashed,
  },
  { name: 'init completed', from: 'ContainerCreating', when: initializing, after: pullDue, to: 'ContainerCreating', do: initCompleted },
  {
    name: 'started ready',
    from: 'ContainerCreating',
    when: (c, p) => readyDelay(c, p) === 0 && !podFault(c, p) && !hasExecReadiness(c, p),
    after: pullDue,
    to: 'Ready',
    do: start,
  },
  { name: 'started', from: 'ContainerCreating', after: pullDue, to: 'Running', do: start },
  {
    name: 'restarted after exit',
    from: 'Running',
    waiting: 'Error',
    when: (_c, p) => !p.backoffs,
    after: (_c, p) => p.stageSince + EXITED_MS,
    to: 'Running',
    do: restart,
  },
  { name: 'crash back-off', from: 'Running', waiting: 'Error', after: (_c, p) => p.stageSince + EXITED_MS, to: 'Running', do: crashBackOff },
  {
    name: 'restarted',
    from: 'Running',
    waiting: 'CrashLoopBackOff',
    after: (_c, p) => p.stageSince + backoffMs(p.backoffs ?? 1),
    to: 'Running',
    do: restart,
  },
  {
    name: 'crashed',
    from: 'Running',
    when: (c, p) => podFault(c, p) === 'crash',
    after: (_c, p) => p.stageSince + CRASH_AFTER_MS,
    to: 'Running',
    do: (_c, p, at) => exited(p, at),
  },
  { name: 'never ready', from: 'Running', when: (c, p) => podFault(c, p) === 'unready', after: () => undefined },
  ...COMPLETION_ROWS,
  ...(['Running', 'Ready'] as const).map((from): StageTransition => ({
    name: 'exited',
    from,
    when: (_c, p) => p.killedAt !== undefined,
    after: (_c, p) => p.killedAt,
    to: 'Running',
    do: (_c, p, at) => killed(p, at),
  })),
  { name: 'probed, not ready', from: 'Running', when: (_c, p) => p.unready !== undefined, after: nextProbe, do: probed, probes: true },
  {
    name: 'ready',
    from: 'Running',
    after: (c, p) => p.stageSince + readyDelay(c, p),
    to: 'Ready',
    do: (_c, p, at) => void (recentExit(p, at) || delete p.backoffs),
  },
  { name: 'probed', from: 'Ready', when: (_c, p) => p.probedAt !== undefined, after: nextProbe, do: probed, probes: true },
];

const lifeStep = (p: PodRecord): LifeStep => (p.removeAt !== undefined ? 'Terminating' : p.deletingSince !== undefined ? 'Deleted' : p.stage);

/** The row that applies to this pod now, if any (Ready, Failed and Succeeded have none). */
export function stepFor(c: Cluster, p: PodRecord): StageTransition | undefined {
  const from = lifeStep(p);
  // an index, not find() or for-of: no closure or iterator made at each of the millions of calls of a big settle
  for (let i = 0; i < STAGES.length; i++) {
    const t = STAGES[i];
    if (t.from === from && (t.waiting === undefined || t.waiting === p.waitingReason) && (!t.when || t.when(c, p))) return t;
  }
  return undefined;
}

/** When this pod's next lifecycle step is due, or undefined if it waits on something else. */
export function nextTransition(c: Cluster, p: PodRecord): number | undefined {
  return stepFor(c, p)?.after(c, p);
}

/** Carry out the step that nextTransition said is due at `at`. */
export function transition(c: Cluster, p: PodRecord, at: number): void {
  carryOut(c, p, stepFor(c, p), at);
}

function carryOut(c: Cluster, p: PodRecord, step: StageTransition | undefined, at: number): void {
  if (step && !step.probes) probesDisturbed(c, p);
  step?.do?.(c, p, at);
  if (step?.to) enter(c, p, step.to, at);
}

function enter(c: Cluster, p: PodRecord, st: Stage, at: number): void {
  p.stage = st;
  p.stageSince = at;
  c.touchPod(p);
}

/** The container exits now (crash fault): restarts count up; the back-off grows with each crash. */
export function crash(c: Cluster, p: PodRecord, at: number): void {
  exited(p, at);
  enter(c, p, 'Running', at);
}

/** A Ready pod made unready (unready fault): its readiness probe starts failing. */
export function markUnready(c: Cluster, p: PodRecord): void {
  unhealthy(c, p);
  if (p.stage === 'Ready') enter(c, p, 'Running', c.now);
}

/** What stepFor reads besides the pods themselves, as counters that move whenever it changes between
 *  the time loop's report and nextDue of an instant: the clock, any object written (resourceVersions),
 *  any pod touched, added or removed (the change feed) or namespace read. */
const stamp = (c: Cluster) => `${c.now} ${c.file.seq.rv} ${c.podChanges.length} ${c.removals} ${c.nsLoads.length}`;

/**
 * The scheduler and kubelet as one controller. Its queue: the pods still in motion (kubelet-queue.ts).
 */
export function kubelet(c: Cluster): Controller {
  newProbeRun(c);
  const active = new PodsInMotion(c);
  // report's walk: the earliest step due, and the state it saw
  let noted: { stamp: string; next: number | undefined } | undefined;
  return {
    name: 'kubelet',
    // Pods marked deleted since it last looked begin to stop at once (their grace period starts then).
    sync(c) {
      if (!c.deletedPods.size) return false;
      for (const p of [...c.deletedPods]) {
        if (c.pod(p.ns, p.name) === p && p.removeAt === undefined && !stalledOnDownNode(c, p)) beginTermination(c, p);
        c.deletedPods.delete(p);
      }
      return true;
    },
    // The scheduler retries a pod it cannot place whenever it looks, and says so each time: here,
    // once per instant that settles. The same walk notes when the next step is due, for nextDue.
    report(c) {
      active.look(c);
      const before = stamp(c); // a namespace read during the walk (pod affinity) moves it
      let next: number | undefined;
      active.forEach((p) => {
        const t = nextTransition(c, p);
        if (t === undefined) {
          if (p.stage === 'Pending') unschedulable(c, p);
        } else if (next === undefined || t < next) next = t;
      });
      noted = { stamp: before, next };
    },
    nextDue(c) {
      active.look(c);
      // Nothing changed since report walked the table (the other controllers' nextDue between only
      // read; one that reads a namespace moves the stamp): every pod's step and its time are the
      // same, and a second walk's side effects would be none (nextProbe wakes a pod once; the
      // scheduler keeps its decision for the instant). unschedulable's events are read by no row.
      if (noted !== undefined && noted.stamp === stamp(c)) return noted.next;
      let next: number | undefined;
      active.forEach((p) => {
        const t = nextTransition(c, p);
        if (t !== undefined && (next === undefined || t < next)) next = t;
      });
      return next;
    },
    due(c) {
      noted = undefined;
      active.look(c); // pods of a namespace read as the clock reached its due time are due too
      active.forEach((p) => {
        if (!active.current(c, p)) return;
        // nextTransition then transition, finding the row once: nothing between the two would
        // change it (a row's `after` changes no field a selector reads: nextProbe wakes a quiet
        // pod's probedAt, which stays set; the scheduler's decision is kept for the instant)
        const step = stepFor(c, p);
        const t = step?.after(c, p);
        if (t !== undefined && t <= c.now) carryOut(c, p, step, c.now);
      });
    },
  };
}
