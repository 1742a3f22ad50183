// What the kubelet does to a pod's containers at a step of its table (kubelet.ts): start them (the
// image manager's pull, Created, Started), restart them after an exit with a back-off that grows
// with each exit, and run the init containers one at a time (kuberuntime_manager.go SyncPod).
import type { PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { initializing, podContainers, podEvent, podInitContainers } from '../apiserver/pod-object.js';
import { exitsAtStart } from './completion.js';
import { freshRoot, probesStart } from './probes.js';
import { allocateIP } from './scheduler.js';
import { ensureImage } from './images.js';
import { podFault } from './faults.js';
import { forget } from './record-fields.js';

/** What a container that starts leaves behind of its waiting; and an init container that completes, of its exits. */
const WAITING = ['waitingReason', 'waitingMessage', 'retryAt', 'backoffs'] as const;
const INIT_DONE = ['waitingReason', 'waitingMessage', 'retryAt', 'backoffs', 'lastExitAt', 'exitCode', 'initRestarts'] as const;

/** The kubelet forgets a container's back-off once it has not exited for 2 × MaxContainerBackOff. */
const BACKOFF_RESET_MS = 600_000;

/** The containers the kubelet is starting now: the next init container while the pod initializes. */
export const startingContainers = (c: Cluster, p: PodRecord) =>
  initializing(c, p) ? podInitContainers(c, p).slice(p.initDone ?? 0, (p.initDone ?? 0) + 1) : podContainers(c, p);

/** The Created and Started messages of a container name, made once: every pod of a set says the same. */
const startTexts = new Map<string, { created: string; started: string }>();
function startText(name: string): { created: string; started: string } {
  let t = startTexts.get(name);
  if (t === undefined) {
    if (startTexts.size >= 1000) startTexts.clear(); // a long-lived process stays bounded
    startTexts.set(name, (t = { created: `Created container: ${name}`, started: `Started container ${name}` }));
  }
  return t;
}

function containersStarted(c: Cluster, p: PodRecord): void {
  for (const ctr of startingContainers(c, p)) {
    ensureImage(c, p, ctr);
    const texts = startText(ctr.name);
    podEvent(c, p, 'Normal', 'Created', texts.created, 'kubelet');
    podEvent(c, p, 'Normal', 'Started', texts.started, 'kubelet');
  }
}

export const unhealthy = (c: Cluster, p: PodRecord) =>
  podEvent(c, p, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet');

export function start(c: Cluster, p: PodRecord, at: number): void {
  forget(p, WAITING);
  p.ip ??= allocateIP(c, p.node!); // the sandbox's: an init container may have had it first
  p.runningSince = at;
  containersStarted(c, p);
  probesStart(c, p, at);
  if (podFault(c, p) === 'unready') unhealthy(c, p);
  exitsAtStart(c, p, at);
}

export const recentExit = (p: PodRecord, at: number) => p.lastExitAt !== undefined && at - p.lastExitAt < BACKOFF_RESET_MS;

/** The container exits (crash fault): restarts count up; the back-off grows with each crash. */
export function exited(p: PodRecord, at: number): void {
  p.backoffs = (recentExit(p, at) ? (p.backoffs ?? 0) : 0) + 1;
  p.lastExitAt = at;
  delete p.exitCode;
  p.waitingReason = 'Error';
}

/** Its main process ended (killed, or by a failed liveness probe): restarted at once the first
 *  time; another exit within 10 minutes of the last waits out a growing back-off. */
export function killed(p: PodRecord, at: number): void {
  if (recentExit(p, at)) p.backoffs = (p.backoffs ?? 0) + 1;
  else delete p.backoffs;
  p.lastExitAt = at;
  delete p.killedAt;
  p.waitingReason = 'Error';
}

export function crashBackOff(c: Cluster, p: PodRecord): void {
  p.waitingReason = 'CrashLoopBackOff';
  for (const ctr of startingContainers(c, p))
    podEvent(c, p, 'Warning', 'BackOff', `Back-off restarting failed container ${ctr.name} in pod ${p.name}_${p.ns}(${p.uid})`, 'kubelet');
}

export function restart(c: Cluster, p: PodRecord, at: number): void {
  delete p.waitingReason;
  p.runningSince = at;
  p.restarts = (p.restarts ?? 0) + 1;
  freshRoot(c, p);
  containersStarted(c, p);
  probesStart(c, p, at);
  exitsAtStart(c, p, at);
}

/** The init container that runs exits 0: the next one starts (the stage's clock restarts). */
export function initCompleted(c: Cluster, p: PodRecord, at: number): void {
  if (p.lastExitAt === undefined) containersStarted(c, p); // one that crashed said so when it (re)started
  p.initDone = (p.initDone ?? 0) + 1;
  p.initAt = at;
  p.ip ??= allocateIP(c, p.node!); // the pod's network is up while its init containers run
  forget(p, INIT_DONE);
}

/** The init container that runs exits 1 (crash fault); the stage's clock keeps its start. */
export function initCrashed(c: Cluster, p: PodRecord, at: number): void {
  if (p.lastExitAt === undefined) containersStarted(c, p);
  exited(p, at);
  c.touchPod(p);
}

export function initRestarted(c: Cluster, p: PodRecord): void {
  delete p.waitingReason;
  p.initRestarts = (p.initRestarts ?? 0) + 1;
  containersStarted(c, p);
}
