// The simulated scheduler and kubelet: a pod's life as stages with durations (like kwok's stages).
//
//   Pending ──(claims bound, +schedule)──▶ ContainerCreating ──(+start)──▶ Running ──(+ready)──▶ Ready
//   deletion: Terminating for +terminate (capped by terminationGracePeriodSeconds), then gone;
//   a pod that was never scheduled goes at once.
//   An image that cannot be pulled (`sts fault image`): ContainerCreating ─▶ ErrImagePull (1s) ─▶
//   ImagePullBackOff (10s, doubling to 5m) ─▶ pull again: ErrImagePull, … or, once it can be, Running.
//   A crashing container (`sts fault crash`): Running (1s, not ready) ─▶ Error (1s) ─▶
//   CrashLoopBackOff (10s, doubling to 5m) ─▶ Running again, restarts counting up.
//   A container that is never ready (`sts fault unready`) stays Running at 0/1.
import type { PodRecord, Stage } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { backoffMs, claimNames, podAnnotations, podContainers } from '../apiserver/pod-object.js';

/** Stage durations in seconds. Override per cluster (`sts cluster stages`) or per pod by annotation. */
export const STAGE_DEFAULTS: Record<string, number> = {
  provision: 1,
  schedule: 1,
  start: 2,
  ready: 0,
  terminate: 2,
};

export const STAGE_HELP: Record<string, string> = {
  provision: 'a claim whose StorageClass exists is Bound to a new volume this long after it is created',
  schedule: 'a Pending pod is assigned to a node this long after its claims are all Bound',
  start: 'ContainerCreating lasts this long (image pull and container start)',
  ready: 'a Running container becomes Ready this long after it starts (a readinessProbe\'s initialDelaySeconds wins)',
  terminate: 'a deleted pod stays Terminating this long (at most its terminationGracePeriodSeconds)',
};

/** Pod (template) annotation that overrides one stage, e.g. `stages.sts.dev/start: 10s`. */
export const STAGE_ANNOTATION = 'stages.sts.dev/';

function parseSeconds(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
}

/** Duration of a stage in ms for this pod: pod annotation, else cluster setting, else default. */
export function stageMs(c: Cluster, stage: string, annotations?: Record<string, string>): number {
  const a = annotations?.[STAGE_ANNOTATION + stage];
  const fromPod = a === undefined ? undefined : parseSeconds(a);
  const s = fromPod ?? c.file.stages[stage] ?? STAGE_DEFAULTS[stage];
  return Math.round(s * 1000);
}

/** Nothing will happen to this pod with time alone. */
export function isSteady(p: PodRecord): boolean {
  return p.deletingSince === undefined && (p.stage === 'Ready' || p.stage === 'Failed' || p.stage === 'Succeeded');
}

/** When this pod's next lifecycle step is due, or undefined if it waits on something else. */
export function nextTransition(c: Cluster, p: PodRecord): number | undefined {
  if (p.removeAt !== undefined) return p.removeAt;
  if (p.deletingSince !== undefined) return p.deletingSince;
  switch (p.stage) {
    case 'Pending': {
      let ready = p.stageSince;
      for (const claim of claimNames(c, p)) {
        const at = c.file.bound[`${p.ns}/${claim}`];
        if (at === undefined) return undefined;
        ready = Math.max(ready, at);
      }
      return ready + stageMs(c, 'schedule', podAnnotations(c, p));
    }
    case 'ContainerCreating':
      if (p.waitingReason === 'ErrImagePull') return p.stageSince + ERR_IMAGE_PULL_MS;
      if (p.waitingReason === 'ImagePullBackOff') return p.stageSince + backoffMs(p.backoffs ?? 1);
      return p.stageSince + stageMs(c, 'start', podAnnotations(c, p));
    case 'Running': {
      if (p.waitingReason === 'Error') return p.stageSince + EXITED_MS;
      if (p.waitingReason === 'CrashLoopBackOff') return p.stageSince + backoffMs(p.backoffs ?? 1);
      const fault = podFault(c, p);
      if (fault === 'crash') return p.stageSince + CRASH_AFTER_MS;
      if (fault === 'unready') return undefined;
      return p.stageSince + readyDelay(c, p);
    }
    default:
      return undefined;
  }
}

function readyDelay(c: Cluster, p: PodRecord): number {
  const ann = podAnnotations(c, p);
  if (ann?.[STAGE_ANNOTATION + 'ready'] === undefined) {
    const probe = podContainers(c, p)[0]?.readinessProbe;
    if (probe) return Math.round((Number(probe.initialDelaySeconds) || 0) * 1000);
  }
  return stageMs(c, 'ready', ann);
}

const ERR_IMAGE_PULL_MS = 1000;
const CRASH_AFTER_MS = 1000;
const EXITED_MS = 1000;

export const podFault = (c: Cluster, p: PodRecord) => c.file.faults.pods[`${p.ns}/${p.name}`];

/** The container exits (crash fault): restarts count up; the back-off grows with each crash. */
export function crash(c: Cluster, p: PodRecord, at: number): void {
  p.lastExitAt = at;
  p.backoffs = (p.backoffs ?? 0) + 1;
  p.waitingReason = 'Error';
  enter(c, p, 'Running', at);
}
/** The kubelet's image pull back-off: 10s, doubling, at most 5 minutes. */

/** `nginx:bad*` style patterns: * and ? as in a shell. */
export function globMatch(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(text);
}

const unpullable = (c: Cluster, p: PodRecord) =>
  podContainers(c, p)
    .map((ctr) => ctr.image as string)
    .filter((img) => c.file.faults.images.some((pat) => globMatch(pat, img)));

function failPull(c: Cluster, p: PodRecord, at: number, images: string[]): void {
  const ref = { kind: 'Pod', ns: p.ns, name: p.name, uid: p.uid };
  for (const img of images) {
    const full = img.includes('/') ? img : `docker.io/library/${img}`;
    c.event(ref, 'Normal', 'Pulling', `Pulling image "${img}"`, 'kubelet');
    c.event(
      ref,
      'Warning',
      'Failed',
      `Failed to pull image "${img}": rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`,
      'kubelet',
    );
  }
  c.event(ref, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
  p.waitingReason = 'ErrImagePull';
  p.backoffs = (p.backoffs ?? 0) + 1;
  p.stageSince = at;
  c.touchPod(p);
}

function pickNode(c: Cluster, p: PodRecord): string {
  const nodes = c.list('Node').map((n) => n.metadata.name).sort();
  let h = p.ordinal ?? 0;
  for (const ch of p.set ?? p.name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return nodes[(h + (p.ordinal ?? 0)) % nodes.length] ?? 'node-1';
}

function allocateIP(c: Cluster, node: string): string {
  const i = Number(/(\d+)$/.exec(node)?.[1] ?? 1);
  const k = (c.file.seq.podIP[node] = (c.file.seq.podIP[node] ?? 1) + 1) - 2;
  return `10.244.${i + 3 * Math.floor(k / 253)}.${2 + (k % 253)}`;
}

function enter(c: Cluster, p: PodRecord, st: Stage, at: number): void {
  p.stage = st;
  p.stageSince = at;
  c.touchPod(p);
}

/** Carry out the step that nextTransition said is due at `at`. */
export function transition(c: Cluster, p: PodRecord, at: number): void {
  if (p.removeAt !== undefined) {
    c.removePod(p);
    return;
  }
  if (p.deletingSince !== undefined) {
    beginTermination(c, p);
    return;
  }
  const ref = { kind: 'Pod', ns: p.ns, name: p.name, uid: p.uid };
  switch (p.stage) {
    case 'Pending': {
      p.node = pickNode(c, p);
      p.scheduledAt = at;
      c.event(ref, 'Normal', 'Scheduled', `Successfully assigned ${p.ns}/${p.name} to ${p.node}`, 'default-scheduler');
      // Watchers see the binding (still Pending, now on a node) before the kubelet's update.
      c.touchPod(p);
      c.journal?.flush();
      enter(c, p, 'ContainerCreating', at);
      break;
    }
    case 'ContainerCreating': {
      if (p.waitingReason === 'ErrImagePull') {
        for (const img of unpullable(c, p)) c.event(ref, 'Normal', 'BackOff', `Back-off pulling image "${img}"`, 'kubelet');
        c.event(ref, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet');
        p.waitingReason = 'ImagePullBackOff';
        p.stageSince = at;
        c.touchPod(p);
        break;
      }
      const bad = unpullable(c, p);
      if (bad.length) {
        failPull(c, p, at, bad);
        break;
      }
      delete p.waitingReason;
      delete p.backoffs;
      p.ip = allocateIP(c, p.node!);
      p.runningSince = at;
      for (const ctr of podContainers(c, p)) {
        c.event(ref, 'Normal', 'Pulled', `Container image "${ctr.image}" already present on machine`, 'kubelet');
        c.event(ref, 'Normal', 'Created', `Created container: ${ctr.name}`, 'kubelet');
        c.event(ref, 'Normal', 'Started', `Started container ${ctr.name}`, 'kubelet');
      }
      const fault = podFault(c, p);
      if (fault === 'unready')
        c.event(ref, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet');
      enter(c, p, readyDelay(c, p) === 0 && !fault ? 'Ready' : 'Running', at);
      break;
    }
    case 'Running': {
      if (p.waitingReason === 'Error') {
        p.waitingReason = 'CrashLoopBackOff';
        for (const ctr of podContainers(c, p))
          c.event(ref, 'Warning', 'BackOff', `Back-off restarting failed container ${ctr.name} in pod ${p.name}_${p.ns}(${p.uid})`, 'kubelet');
        enter(c, p, 'Running', at);
        break;
      }
      if (p.waitingReason === 'CrashLoopBackOff') {
        // restart the container
        delete p.waitingReason;
        p.runningSince = at;
        p.restarts = (p.restarts ?? 0) + 1;
        for (const ctr of podContainers(c, p)) {
          c.event(ref, 'Normal', 'Pulled', `Container image "${ctr.image}" already present on machine`, 'kubelet');
          c.event(ref, 'Normal', 'Created', `Created container: ${ctr.name}`, 'kubelet');
          c.event(ref, 'Normal', 'Started', `Started container ${ctr.name}`, 'kubelet');
        }
        enter(c, p, 'Running', at);
        break;
      }
      if (podFault(c, p) === 'crash') {
        crash(c, p, at);
        break;
      }
      delete p.backoffs;
      enter(c, p, 'Ready', at);
      break;
    }
  }
}

/** A Ready pod made unready (unready fault): its readiness probe starts failing. */
export function markUnready(c: Cluster, p: PodRecord): void {
  c.event({ kind: 'Pod', ns: p.ns, name: p.name, uid: p.uid }, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet');
  if (p.stage === 'Ready') enter(c, p, 'Running', c.now);
}

/** Begin stopping every pod marked deleted since the kubelet last looked. Returns whether it did. */
export function stopDeletedPods(c: Cluster): boolean {
  if (!c.deletedPods.size) return false;
  for (const p of [...c.deletedPods]) {
    if (c.pod(p.ns, p.name) === p && p.removeAt === undefined) beginTermination(c, p);
    c.deletedPods.delete(p);
  }
  return true;
}

/**
 * A pod marked deleted (apiserver/delete.ts) stops its containers: within its grace period, or
 * as soon as the `terminate` stage allows (its preStop and SIGTERM handling).
 */
function beginTermination(c: Cluster, p: PodRecord): void {
  c.deletedPods.delete(p);
  p.removeAt = p.deletingSince! + Math.min((p.deletionGrace ?? 30) * 1000, stageMs(c, 'terminate', podAnnotations(c, p)));
  for (const ctr of podContainers(c, p)) c.event({ kind: 'Pod', ns: p.ns, name: p.name, uid: p.uid }, 'Normal', 'Killing', `Stopping container ${ctr.name}`, 'kubelet');
  c.touchPod(p);
}
