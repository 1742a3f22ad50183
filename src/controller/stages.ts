// How long each step of a pod's (and a claim's) life takes: the defaults, what `sts cluster stages`
// overrides per cluster, and the per-pod annotations (kwok's Stage `delay`, as settings).
import type { Cluster } from '../store/cluster.js';

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
  start: 'ContainerCreating lasts this long (image pull and container start); so does each init container (pull, run, exit 0)',
  ready: "a Running container becomes Ready this long after it starts (a readinessProbe's initialDelaySeconds wins)",
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
