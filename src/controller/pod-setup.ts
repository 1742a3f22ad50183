// What keeps a scheduled pod's containers from being created: a configMap or secret volume whose
// source is missing (the volume manager's MountVolume.SetUp, retried with exponential back-off:
// pkg/volume/util/nestedpendingoperations, 500ms doubling to 2m2s), or an env source that is
// (kubelet_pods.go makeEnvironmentVariables: CreateContainerConfigError, retried at each sync).
import type { Container, Json, KObject, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { podEvent, podMemo, podObject, podTemplate } from '../apiserver/pod-object.js';
import { ROOT_CA_CONFIGMAP } from '../store/schema.js';
import { envProblem } from '../runtime/env.js';
import { projectVolume } from '../runtime/volumes.js';

const MOUNT_RETRY_FIRST_MS = 500;
const MOUNT_RETRY_MAX_MS = 122_000;
/** The pod worker's resync after a failed sync (CreateContainerConfigError): about every 10 s. */
export const CONFIG_RETRY_MS = 10_000;

/** Its volumes are mounted once, before its first container (init or app) starts. */
export const mounting = (p: PodRecord) => p.runningSince === undefined && !p.initDone && p.lastExitAt === undefined;

/** A spec without volumes (no list made at every step of every starting pod). */
const NO_VOLUMES: readonly Json[] = Object.freeze([]);
/** A volume filled from a ConfigMap, a Secret or a projection (one function, not a closure per question). */
const fromSource = (v: Json) => v?.configMap || v?.secret || v?.projected;

/** The namespace's kube-root-ca.crt ConfigMap, as c.get gives it: kept in the pod's memo while no
 *  ConfigMap is written or removed (c.writes; the namespace was read before its pods). */
function rootCA(c: Cluster, p: PodRecord): KObject | undefined {
  const memo = podMemo(p);
  const writes = c.writes('ConfigMap');
  const kept = memo.rootCA as { c: Cluster; writes: number; cm: KObject | undefined } | undefined;
  if (kept !== undefined && kept.c === c && kept.writes === writes) return kept.cm;
  const cm = c.get('ConfigMap', p.ns, ROOT_CA_CONFIGMAP);
  memo.rootCA = { c, writes, cm };
  return cm;
}

/** The first volume that cannot be set up: its name and the kubelet's reason. */
export function mountProblem(c: Cluster, p: PodRecord): { volume: string; message: string } | undefined {
  // The common case without building the pod: no volume of its own from a ConfigMap or Secret, and
  // the service account's token volume's one source there (kube-root-ca.crt's ca.crt).
  const spec = podTemplate(c, p).spec;
  const own = ((spec?.volumes ?? NO_VOLUMES) as Json[]).some(fromSource);
  if (!own && (spec?.automountServiceAccountToken === false || rootCA(c, p)?.data?.['ca.crt'] !== undefined)) return undefined;
  const pod = podObject(c, p);
  for (const v of (pod.spec?.volumes ?? []) as Json[]) {
    if (!v?.configMap && !v?.secret && !v?.projected) continue;
    const projection = projectVolume(v, { pod, lookup: (kind, name) => c.get(kind, p.ns, name), token: () => '' });
    if (projection?.missing.length) return { volume: v.name, message: projection.missing[0] };
  }
  return undefined;
}

/** The volume manager failed to set up a volume: say so, and try again after a growing back-off. */
export function mountFailed(c: Cluster, p: PodRecord, at: number): void {
  const problem = mountProblem(c, p)!;
  podEvent(c, p, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${problem.volume}" : ${problem.message}`, 'kubelet');
  p.backoffs = (p.backoffs ?? 0) + 1;
  p.retryAt = at + Math.min(MOUNT_RETRY_FIRST_MS * 2 ** (p.backoffs - 1), MOUNT_RETRY_MAX_MS);
  c.changed = true;
}

/** The retry found the volumes there: the containers are created a `start` stage from now. */
export function mounted(c: Cluster, p: PodRecord, at: number): void {
  delete p.retryAt;
  delete p.backoffs;
  p.stageSince = at;
  c.changed = true;
}

/** Why the kubelet cannot make one of these containers' environment, if it cannot. */
export function configProblem(c: Cluster, p: PodRecord, ctrs: Container[]): string | undefined {
  for (const ctr of ctrs) {
    if (ctr.env === undefined && ctr.envFrom === undefined) continue; // nothing to look up (most containers)
    const why = envProblem(p.ns, ctr, (kind, name) => c.get(kind, p.ns, name));
    if (why) return why;
  }
  return undefined;
}

/** A container cannot be created for want of its env's source: CreateContainerConfigError until it exists. */
export function configFailed(c: Cluster, p: PodRecord, why: string, at: number): void {
  podEvent(c, p, 'Warning', 'Failed', `Error: ${why}`, 'kubelet');
  const changed = p.waitingReason !== 'CreateContainerConfigError' || p.waitingMessage !== why;
  p.waitingReason = 'CreateContainerConfigError';
  p.waitingMessage = why;
  p.retryAt = at + CONFIG_RETRY_MS;
  if (changed) c.touchPod(p);
  else c.changed = true;
}
