// A pod record made whole: the Pod object the API would return, derived from the record, its
// StatefulSet and the ControllerRevision it was made from (nothing of the template is stored twice).
import { createHash } from 'node:crypto';
import type { Container, Json, KObject, PodRecord, PodTemplate, StatefulSet } from '../api/types.js';
import { iso, type Cluster } from '../store/cluster.js';
import type { EventRecord } from '../store/schema.js';

/** The pod template a ControllerRevision records (its data is a strategic-merge patch of the set). */
export function revisionTemplate(rev: KObject): PodTemplate {
  const { $patch: _, ...tpl } = rev.data.spec.template;
  return tpl as PodTemplate;
}

/** The kubelet's back-off after the nth failed pull or crash: 10 s doubling up to 5 min
 *  (kubelet's backOffPeriod / MaxContainerBackOff); the read model quotes it in its messages. */
export const backoffMs = (failures: number) => Math.min(10_000 * 2 ** (failures - 1), 300_000);

/** The template a pod runs: its revision's for a StatefulSet pod, its own for a standalone one. */
export function podTemplate(c: Cluster, p: PodRecord): PodTemplate {
  if (p.spec) return { metadata: { labels: p.labels, annotations: p.annotations }, spec: p.spec };
  const rev = p.revision ? c.get('ControllerRevision', p.ns, p.revision) : undefined;
  if (rev) return revisionTemplate(rev);
  const set = p.set ? (c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined) : undefined;
  return set?.spec.template ?? { spec: { containers: [] } };
}

/** Record an event about a pod (its involvedObject as the events list shows it): the one place a
 *  pod event's reference is spelt, for the scheduler, the kubelet and the controllers. */
export function podEvent(c: Cluster, p: PodRecord, type: EventRecord['type'], reason: string, msg: string, source: string): void {
  c.event({ kind: 'Pod', ns: p.ns, name: p.name, uid: p.uid }, type, reason, msg, source);
}

export const podAnnotations = (c: Cluster, p: PodRecord) => (p.spec ? p.annotations : podTemplate(c, p).metadata?.annotations);
export const podContainers = (c: Cluster, p: PodRecord): Container[] => podTemplate(c, p).spec?.containers ?? [];
export const podInitContainers = (c: Cluster, p: PodRecord): Container[] => podTemplate(c, p).spec?.initContainers ?? [];

/** Its init containers have not all completed (they run one at a time, in order, once it is on a node). */
export const initializing = (c: Cluster, p: PodRecord) => (p.initDone ?? 0) < podInitContainers(c, p).length;

/** What kubectl says when it picks a pod's container for you (podcmd.FindOrDefaultContainerByName and
 *  allContainerNames): nothing for a pod with one container and no init containers. */
export function defaultedContainerNote(spec: Json, chosen: string): string | undefined {
  const main: Json[] = spec?.containers ?? [];
  const init: Json[] = spec?.initContainers ?? [];
  if (main.length <= 1 && !init.length) return undefined;
  const names = [...main.map((x) => x.name), ...init.map((x) => `${x.name} (init)`)];
  return `Defaulted container "${chosen}" out of: ${names.join(', ')}`;
}

/** Claim names a pod mounts: `<template>-<set>-<ordinal>` for a set's pod, else its PVC volumes. */
export function claimNames(c: Cluster, p: PodRecord): string[] {
  if (!p.spec && p.set !== undefined) {
    const set = c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined;
    return (set?.spec.volumeClaimTemplates ?? []).map((t) => `${t.metadata.name}-${p.set}-${p.ordinal}`);
  }
  return ((p.spec ?? podTemplate(c, p).spec)?.volumes ?? [])
    .map((v: Json) => v?.persistentVolumeClaim?.claimName)
    .filter((n: unknown): n is string => typeof n === 'string');
}

/** Labels of a set's pod: the template's plus the controller's identity labels. */
export function setPodLabels(tpl: PodTemplate, name: string, ord: number, rev: string): Record<string, string> {
  return {
    ...(tpl.metadata?.labels ?? {}),
    'apps.kubernetes.io/pod-index': String(ord),
    'controller-revision-hash': rev,
    'statefulset.kubernetes.io/pod-name': name,
  };
}

export const DEFAULT_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

function qosClass(containers: Json[]): string {
  const res = containers.map((c) => c.resources ?? {});
  if (res.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = res.every(
    (r) => r.limits?.cpu && r.limits?.memory && (!r.requests || (r.requests.cpu === r.limits.cpu && r.requests.memory === r.limits.memory)),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** `nginx:1.25` → `docker.io/library/nginx`: the repository an image ID names (no tag). */
function imageRepo(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return repo.includes('/') ? repo : `docker.io/library/${repo}`;
}
const shortId = (uid: string, name: string) => createHash('sha256').update(`${uid}/${name}`).digest('hex');

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

export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** `kube-api-access-` and five characters of the pod's uid (the plugin picks them at random; derived
 *  here so the read model is stable), in the alphabet of utilrand.String. */
export function apiAccessVolumeName(uid: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const h = createHash('sha256').update(`kube-api-access/${uid}`).digest();
  return `kube-api-access-${[...h.subarray(0, 5)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** What the ServiceAccount admission plugin adds to a pod (plugin/pkg/admission/serviceaccount):
 *  the projected token volume, mounted read-only in every container that has nothing there yet.
 *  Derived, never stored; a spec that already has it (written back by replace) is left alone. */
export function addServiceAccountVolume(spec: Json, uid: string): void {
  if (spec.automountServiceAccountToken === false) return;
  const vols: Json[] = spec.volumes ?? [];
  let name = vols.find((v) => typeof v?.name === 'string' && v.name.startsWith('kube-api-access-') && v.projected)?.name;
  if (!name) {
    name = apiAccessVolumeName(uid);
    spec.volumes = [
      ...vols,
      {
        name,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      },
    ];
  }
  for (const ctr of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Json[]) {
    const ms: Json[] = ctr.volumeMounts ?? [];
    if (ms.some((m) => m?.mountPath === SERVICE_ACCOUNT_MOUNT)) continue;
    ctr.volumeMounts = [...ms, { mountPath: SERVICE_ACCOUNT_MOUNT, name, readOnly: true }];
  }
}

const imageID = (p: PodRecord, image: string) => `${imageRepo(image)}@sha256:${shortId(p.uid, image).slice(0, 64)}`;

/**
 * The init containers' statuses: the first `initDone` completed (exit 0), the next one running (or
 * failing to pull, or crashing), the rest waiting. The completed ones' times are spread evenly from
 * the pod's scheduling to `initAt` (exact when each took the `start` stage, as without faults).
 */
function initContainerStatuses(p: PodRecord, inits: Json[], initDone: number): Json[] {
  const since = p.scheduledAt!;
  const span = initDone ? ((p.initAt ?? since) - since) / initDone : 0;
  const startOf = (k: number) => (k === initDone ? (p.initAt ?? since) : Math.round(since + k * span));
  return inits.map((ctr, k) => {
    const id = `containerd://${shortId(`${p.uid}/init/${p.initRestarts ?? 0}`, ctr.name)}`;
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
    const ran = { ...base, imageID: imageID(p, ctr.image), containerID: id };
    if (k < initDone) {
      const terminated = { containerID: id, exitCode: 0, reason: 'Completed', startedAt: iso(startOf(k)), finishedAt: iso(startOf(k + 1)) };
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
            startedAt: iso(down ? p.stageSince : p.lastExitAt),
            finishedAt: iso(p.lastExitAt),
          }
        : undefined;
    if (p.waitingReason === 'Error') return { ...ran, ready: false, restartCount, started: false, state: { terminated: crashed }, lastState: {} };
    if (p.waitingReason === 'CrashLoopBackOff') {
      const message = `back-off ${Math.round(backoffMs(p.backoffs ?? 1) / 1000)}s restarting failed container=${ctr.name} pod=${p.name}_${p.ns}(${p.uid})`;
      const state = { waiting: { reason: 'CrashLoopBackOff', message } };
      return { ...ran, ready: false, restartCount, started: false, state, lastState: crashed ? { terminated: crashed } : {} };
    }
    const state = { running: { startedAt: iso(p.stageSince) } };
    return { ...ran, ready: false, restartCount, started: true, state, lastState: crashed ? { terminated: crashed } : {} };
  });
}

/** The full Pod object as `get -o yaml` shows it. */
export function podObject(c: Cluster, p: PodRecord): KObject {
  const tpl = podTemplate(c, p);
  const spec: Json = structuredClone(tpl.spec ?? {});
  const metadata: Json = {
    name: p.name,
    namespace: p.ns,
    uid: p.uid,
    resourceVersion: String(p.resourceVersion),
    creationTimestamp: iso(p.createdAt),
  };
  const set = p.set !== undefined ? (c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined) : undefined;
  if (set) {
    metadata.generateName = `${p.set}-`;
    metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: p.set, uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
    ];
  }
  if (!p.spec && p.set !== undefined && p.ordinal !== undefined) {
    // Made from its revision: the controller's identity labels, hostname and claim volumes.
    metadata.labels = setPodLabels(tpl, p.name, p.ordinal, p.revision ?? '');
    if (tpl.metadata?.annotations) metadata.annotations = { ...tpl.metadata.annotations };
    spec.hostname = p.name;
    if (set?.spec.serviceName) spec.subdomain = set.spec.serviceName;
    const claimVols = (set?.spec.volumeClaimTemplates ?? []).map((t) => ({
      name: t.metadata.name,
      persistentVolumeClaim: { claimName: `${t.metadata.name}-${p.set}-${p.ordinal}` },
    }));
    const names = new Set(claimVols.map((v) => v.name));
    const rest = (spec.volumes ?? []).filter((v: Json) => !names.has(v.name));
    if (claimVols.length || rest.length) spec.volumes = [...claimVols, ...rest];
  } else {
    if (p.labels) metadata.labels = { ...p.labels };
    if (p.annotations) metadata.annotations = { ...p.annotations };
  }
  if (p.deletingSince !== undefined) {
    metadata.deletionTimestamp = iso(p.removeAt ?? p.deletingSince);
    metadata.deletionGracePeriodSeconds = Math.round(((p.removeAt ?? p.deletingSince) - p.deletingSince) / 1000);
  }
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  addServiceAccountVolume(spec, p.uid);
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  spec.tolerations ??= DEFAULT_TOLERATIONS;
  if (p.node) spec.nodeName = p.node;

  const containers: Json[] = spec.containers ?? [];
  const scheduled = p.scheduledAt !== undefined;
  const started = p.runningSince !== undefined;
  // containers stopped by a deletion (the kubelet's last report before the pod goes) are not ready
  const ready = p.stage === 'Ready' && p.stoppedAt === undefined;
  const cond = (type: string, ok: boolean, since: number | undefined, reason?: string) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: iso(since ?? p.createdAt),
    ...(reason ? { reason } : {}),
  });
  const status: Json = {
    phase: p.stage === 'Ready' || p.stage === 'Running' ? 'Running' : p.stage === 'ContainerCreating' ? 'Pending' : p.stage,
    qosClass: qosClass(containers),
  };
  if (scheduled && p.stage === 'Pending') {
    // bound to a node, the kubelet has not reported yet
    status.conditions = [cond('PodScheduled', true, p.scheduledAt)];
  } else if (!scheduled) {
    // the scheduler's last word (controller/scheduler.ts): claims it cannot bind, or no node fits
    const failed = c
      .eventsFor(p.uid)
      .filter((e) => e.reason === 'FailedScheduling')
      .reduce<EventRecord | undefined>((a, e) => (!a || e.last >= a.last ? e : a), undefined);
    status.conditions = failed
      ? [
          {
            type: 'PodScheduled',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: iso(failed.first),
            reason: 'Unschedulable',
            message: failed.msg,
          },
        ]
      : [];
  } else {
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
    const node = c.get('Node', undefined, p.node!);
    const hostIP = node?.status?.addresses?.find((a: Json) => a.type === 'InternalIP')?.address;
    if (hostIP) {
      status.hostIP = hostIP;
      status.hostIPs = [{ ip: hostIP }];
    }
    status.startTime = iso(p.scheduledAt!);
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
              startedAt: iso(p.runningSince ?? p.lastExitAt),
              finishedAt: iso(p.lastExitAt),
            },
          }
        : undefined;
    // a pod whose readiness exec probes decide (controller/probes.ts): the containers not in `unready` are
    const containerReady = (name: string) =>
      ready ||
      (p.stage === 'Running' && p.stoppedAt === undefined && started && !p.waitingReason && Array.isArray(p.unready) && !p.unready.includes(name));
    status.containerStatuses = containers.map((ctr) => {
      const id = `containerd://${shortId(`${p.uid}/${p.restarts ?? 0}`, ctr.name)}`;
      let state: Json;
      let lastState: Json = {};
      if (!started) state = { waiting: initialized ? waitingState(p, ctr.image, inits.length > 0) : { reason: 'PodInitializing' } };
      // a pod that completed (controller/completion.ts): its container's exit is its state for good
      else if (completed && lastRun) state = { terminated: { ...lastRun.terminated, containerID: id } };
      else if (p.stoppedAt !== undefined) {
        // stopped within its grace period: the main process exited on SIGTERM
        const terminated = { containerID: id, exitCode: 0, reason: 'Completed', startedAt: iso(p.runningSince!), finishedAt: iso(p.stoppedAt) };
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
        state = { running: { startedAt: iso(p.runningSince!) } };
        if (lastRun) lastState = { terminated: { ...lastRun.terminated, containerID: id } };
      }
      return {
        name: ctr.name,
        image: ctr.image,
        imageID: started ? imageID(p, ctr.image) : '',
        ...(started ? { containerID: id } : {}),
        ready: containerReady(ctr.name),
        restartCount: p.restarts ?? 0,
        started: started && !p.waitingReason && p.stoppedAt === undefined,
        state,
        lastState,
      };
    });
    if (inits.length) status.initContainerStatuses = initContainerStatuses(p, inits, initDone);
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status };
}
