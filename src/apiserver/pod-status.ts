// The status the kubelet reports for a pod record (phase, conditions, container states), derived as
// the read model asks for it: whole for podObject, without IDs and host details for podSummary.
import { hash } from '../api/crypto.js';
import { imageID } from '../api/images.js';
import type { Json, PodRecord } from '../api/types.js';
import { iso, type Cluster } from '../store/cluster.js';
import type { EventRecord } from '../store/schema.js';

/** The kubelet's back-off after the nth failed pull or crash: 10 s doubling up to 5 min
 *  (kubelet's backOffPeriod / MaxContainerBackOff); the read model quotes it in its messages. */
export const backoffMs = (failures: number) => Math.min(10_000 * 2 ** (failures - 1), 300_000);

function qosClass(containers: Json[]): string {
  const res = containers.map((c) => c.resources ?? {});
  if (res.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = res.every(
    (r) => r.limits?.cpu && r.limits?.memory && (!r.requests || (r.requests.cpu === r.limits.cpu && r.requests.memory === r.limits.memory)),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

// crypto.hash: the one-shot digest, several times faster than createHash for a few bytes (a list of
// 100,000 pods hashes their container IDs)
const shortId = (uid: string, name: string) => hash('sha256', `${uid}/${name}`, 'hex');

/** A container not started yet: its pull failing, or being created (kubelet's defaultWaitingState:
 *  PodInitializing in a pod with init containers). */
function waitingState(p: PodRecord, image: string, hasInits = false): Json {
  if (p.waitingReason === 'ErrImagePull') return { reason: 'ErrImagePull', message: `failed to pull and unpack image "${image}": not found` };
  if (p.waitingReason === 'ImagePullBackOff') return { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
  if (p.waitingReason === 'ErrImageNeverPull')
    return { reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` };
  if (p.waitingReason === 'CreateContainerConfigError') return { reason: 'CreateContainerConfigError', message: p.waitingMessage ?? '' };
  return { reason: hasInits ? 'PodInitializing' : 'ContainerCreating' };
}

/** iso() of a pod's times, cached by the second: a list's pods share a few seconds, which its
 *  100,000 objects would otherwise format again for every condition and container of each. */
const isoCache = new Map<number, string>();
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  let text = isoCache.get(second);
  if (text === undefined) {
    text = iso(ms);
    if (isoCache.size >= 4096) isoCache.clear();
    isoCache.set(second, text);
  }
  return text;
}

/**
 * The init containers' statuses: the first `initDone` completed (exit 0), the next one running (or
 * failing to pull, or crashing), the rest waiting. The completed ones' times are spread evenly from
 * the pod's scheduling to `initAt` (exact when each took the `start` stage, as without faults).
 * Without `full`, no container or image IDs (podSummary).
 */
function initContainerStatuses(p: PodRecord, inits: Json[], initDone: number, full: boolean): Json[] {
  const since = p.scheduledAt!;
  const span = initDone ? ((p.initAt ?? since) - since) / initDone : 0;
  const startOf = (k: number) => (k === initDone ? (p.initAt ?? since) : Math.round(since + k * span));
  return inits.map((ctr, k) => {
    const id = full ? `containerd://${shortId(`${p.uid}/init/${p.initRestarts ?? 0}`, ctr.name)}` : '';
    const base = { name: ctr.name, image: ctr.image };
    if (k > initDone)
      return {
        ...base,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'PodInitializing' } },
        lastState: {},
      };
    const ran = { ...base, imageID: full ? imageID(ctr.image) : '', containerID: id };
    if (k < initDone) {
      const terminated = {
        containerID: id,
        exitCode: 0,
        reason: 'Completed',
        startedAt: isoTime(startOf(k)),
        finishedAt: isoTime(startOf(k + 1)),
      };
      return { ...ran, ready: true, restartCount: 0, started: false, state: { terminated }, lastState: {} };
    }
    const restartCount = p.initRestarts ?? 0;
    if (p.waitingReason === 'ErrImagePull' || p.waitingReason === 'ImagePullBackOff')
      return { ...base, imageID: '', ready: false, restartCount, started: false, state: { waiting: waitingState(p, ctr.image) }, lastState: {} };
    // while it is down, the stage's clock still tells when the run that ended began
    const down = p.waitingReason === 'Error' || p.waitingReason === 'CrashLoopBackOff';
    const crashed =
      p.lastExitAt !== undefined
        ? {
            containerID: id,
            exitCode: p.exitCode ?? 1,
            reason: 'Error',
            startedAt: isoTime(down ? p.stageSince : p.lastExitAt),
            finishedAt: isoTime(p.lastExitAt),
          }
        : undefined;
    if (p.waitingReason === 'Error') return { ...ran, ready: false, restartCount, started: false, state: { terminated: crashed }, lastState: {} };
    if (p.waitingReason === 'CrashLoopBackOff') {
      const message = `back-off ${Math.round(backoffMs(p.backoffs ?? 1) / 1000)}s restarting failed container=${ctr.name} pod=${p.name}_${p.ns}(${p.uid})`;
      const state = { waiting: { reason: 'CrashLoopBackOff', message } };
      return { ...ran, ready: false, restartCount, started: false, state, lastState: crashed ? { terminated: crashed } : {} };
    }
    const state = { running: { startedAt: isoTime(p.stageSince) } };
    return { ...ran, ready: false, restartCount, started: true, state, lastState: crashed ? { terminated: crashed } : {} };
  });
}

/**
 * A pod's FailedScheduling events, in order: the events indexed by uid once per list of them (a list
 * of 100,000 pending pods would otherwise go through every event for each). The index holds while
 * the list has the same length and the same first and last event: events are only added at the
 * end and trimmed from the front, and a repeat updates its event in place (read when used).
 */
function failedScheduling(c: Cluster, uid: string): EventRecord[] {
  const events = c.events();
  const [first, last] = [events[0], events[events.length - 1]];
  let index = failedIndex.get(events);
  if (!index || index.length !== events.length || index.first !== first || index.last !== last) {
    const byUid = new Map<string, EventRecord[]>();
    for (const e of events)
      if (e.reason === 'FailedScheduling') {
        const list = byUid.get(e.uid);
        if (list) list.push(e);
        else byUid.set(e.uid, [e]);
      }
    index = { length: events.length, first, last, byUid };
    failedIndex.set(events, index);
  }
  return index.byUid.get(uid) ?? [];
}
const failedIndex = new WeakMap<EventRecord[], { length: number; first?: EventRecord; last?: EventRecord; byUid: Map<string, EventRecord[]> }>();

/** The status the kubelet reports for the record; without `full`, what podSummary leaves out. */
export function podStatus(c: Cluster, p: PodRecord, spec: Json, full: boolean): Json {
  const containers: Json[] = spec.containers ?? [];
  const scheduled = p.scheduledAt !== undefined;
  const started = p.runningSince !== undefined;
  // containers stopped by a deletion (the kubelet's last report before the pod goes) are not ready
  const ready = p.stage === 'Ready' && p.stoppedAt === undefined;
  const cond = (type: string, ok: boolean, since: number | undefined, reason?: string) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: isoTime(since ?? p.createdAt),
    ...(reason ? { reason } : {}),
  });
  const status: Json = {
    phase: p.stage === 'Ready' || p.stage === 'Running' ? 'Running' : p.stage === 'ContainerCreating' ? 'Pending' : p.stage,
  };
  if (full) status.qosClass = qosClass(containers);
  if (scheduled && p.stage === 'Pending') {
    // bound to a node, the kubelet has not reported yet
    status.conditions = [cond('PodScheduled', true, p.scheduledAt)];
    return status;
  }
  if (!scheduled) {
    // the scheduler's last word (controller/scheduler.ts): claims it cannot bind, or no node fits
    const failed = full
      ? failedScheduling(c, p.uid).reduce<EventRecord | undefined>((a, e) => (!a || e.last >= a.last ? e : a), undefined)
      : undefined;
    status.conditions = failed
      ? [
          {
            type: 'PodScheduled',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: isoTime(failed.first),
            reason: 'Unschedulable',
            message: failed.msg,
          },
        ]
      : [];
    return status;
  }
  const completed = p.stage === 'Succeeded' || p.stage === 'Failed';
  const readySince = p.stoppedAt ?? (ready || p.unready || completed ? p.stageSince : p.runningSince);
  const notReady = completed ? 'PodCompleted' : 'ContainersNotReady';
  const inits: Json[] = spec.initContainers ?? [];
  const initDone = Math.min(p.initDone ?? 0, inits.length);
  const initialized = initDone === inits.length;
  status.conditions = [
    // with init containers the sandbox is up before the first of them runs
    cond('PodReadyToStartContainers', started || inits.length > 0, inits.length ? p.scheduledAt : (p.runningSince ?? p.scheduledAt)),
    initialized
      ? cond('Initialized', true, p.initAt ?? p.scheduledAt)
      : {
          ...cond('Initialized', false, p.scheduledAt, 'ContainersNotInitialized'),
          message: `containers with incomplete status: [${inits
            .slice(initDone)
            .map((x) => x.name)
            .join(' ')}]`,
        },
    cond('Ready', ready, readySince ?? p.scheduledAt, ready ? undefined : notReady),
    cond('ContainersReady', ready, readySince ?? p.scheduledAt, ready ? undefined : notReady),
    cond('PodScheduled', true, p.scheduledAt),
  ];
  if (full) {
    const node = c.get('Node', undefined, p.node!);
    const hostIP = node?.status?.addresses?.find((a: Json) => a.type === 'InternalIP')?.address;
    if (hostIP) {
      status.hostIP = hostIP;
      status.hostIPs = [{ ip: hostIP }];
    }
  }
  status.startTime = isoTime(p.scheduledAt!);
  if (p.ip) {
    status.podIP = p.ip;
    status.podIPs = [{ ip: p.ip }];
  }
  const exitCode = p.exitCode ?? 1;
  const lastRun =
    p.lastExitAt !== undefined
      ? {
          terminated: {
            exitCode,
            reason: exitCode === 0 ? 'Completed' : 'Error',
            startedAt: isoTime(p.runningSince ?? p.lastExitAt),
            finishedAt: isoTime(p.lastExitAt),
          },
        }
      : undefined;
  // a pod whose readiness exec probes decide (controller/probes.ts): the containers not in `unready` are
  const containerReady = (name: string) =>
    ready ||
    (p.stage === 'Running' && p.stoppedAt === undefined && started && !p.waitingReason && Array.isArray(p.unready) && !p.unready.includes(name));
  status.containerStatuses = containers.map((ctr) => {
    const id = full ? `containerd://${shortId(`${p.uid}/${p.restarts ?? 0}`, ctr.name)}` : '';
    let state: Json;
    let lastState: Json = {};
    if (!started) state = { waiting: initialized ? waitingState(p, ctr.image, inits.length > 0) : { reason: 'PodInitializing' } };
    // a pod that completed (controller/completion.ts): its container's exit is its state for good
    else if (completed && lastRun) state = { terminated: { ...lastRun.terminated, containerID: id } };
    else if (p.stoppedAt !== undefined) {
      // stopped within its grace period: the main process exited on SIGTERM
      const terminated = {
        containerID: id,
        exitCode: 0,
        reason: 'Completed',
        startedAt: isoTime(p.runningSince!),
        finishedAt: isoTime(p.stoppedAt),
      };
      state = { terminated };
      if (lastRun) lastState = { terminated: { ...lastRun.terminated, containerID: id } };
    } else if (p.waitingReason === 'Error') state = lastRun;
    else if (p.waitingReason === 'CrashLoopBackOff') {
      state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${Math.round(backoffMs(p.backoffs ?? 1) / 1000)}s restarting failed container=${ctr.name} pod=${p.name}_${p.ns}(${p.uid})`,
        },
      };
      lastState = lastRun ? { terminated: { ...lastRun.terminated, containerID: id } } : {};
    } else {
      state = { running: { startedAt: isoTime(p.runningSince!) } };
      if (lastRun) lastState = { terminated: { ...lastRun.terminated, containerID: id } };
    }
    return {
      name: ctr.name,
      image: ctr.image,
      imageID: started && full ? imageID(ctr.image) : '',
      ...(started ? { containerID: id } : {}),
      ready: containerReady(ctr.name),
      restartCount: p.restarts ?? 0,
      started: started && !p.waitingReason && p.stoppedAt === undefined,
      state,
      lastState,
    };
  });
  if (inits.length) status.initContainerStatuses = initContainerStatuses(p, inits, initDone, full);
  return status;
}
