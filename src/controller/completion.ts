// Pods that complete (pkg/kubelet/kuberuntime computePodActions, ShouldContainerBeRestarted): a
// main process that exits ends the pod when its restartPolicy says not to restart it — Never, or
// OnFailure after exit 0 — in phase Succeeded (every container exited 0) or Failed. StatefulSet pods
// are always Always. A shell image's process (runtime/main-process.ts) exits as soon as it starts.
import type { PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { podContainers, podTemplate } from '../apiserver/pod-object.js';
import { exitAtStart } from '../runtime/main-process.js';
import type { StageTransition } from './stage-table.js';

/** The pod's restartPolicy as the kubelet reads it (absent or unknown: Always). */
export function restartPolicy(c: Cluster, p: PodRecord): 'Always' | 'OnFailure' | 'Never' {
  if (p.set !== undefined) return 'Always';
  const policy = podTemplate(c, p).spec?.restartPolicy;
  return policy === 'Never' || policy === 'OnFailure' ? policy : 'Always';
}

/** The main process exited (killedAt) and the policy does not restart it. */
const ends = (c: Cluster, p: PodRecord) =>
  p.killedAt !== undefined && (restartPolicy(c, p) === 'Never' || (restartPolicy(c, p) === 'OnFailure' && (p.exitCode ?? 1) === 0));

/** The container is terminated for good: its exit is the pod's last, its probes stop. */
function terminated(_c: Cluster, p: PodRecord, at: number): void {
  p.lastExitAt = at;
  p.exitCode ??= 1;
  for (const k of ['killedAt', 'waitingReason', 'backoffs', 'probedAt', 'probesQuiet', 'probes', 'unready'] as const) delete p[k];
}

/** Rows of the kubelet's table (kubelet.ts STAGES), ahead of its restart after an exit. */
export const COMPLETION_ROWS: readonly StageTransition[] = (['Running', 'Ready'] as const).flatMap((from): StageTransition[] => [
  { name: 'completed', from, when: (c, p) => ends(c, p) && p.exitCode === 0, after: (_c, p) => p.killedAt, to: 'Succeeded', do: terminated },
  { name: 'failed', from, when: (c, p) => ends(c, p) && p.exitCode !== 0, after: (_c, p) => p.killedAt, to: 'Failed', do: terminated },
]);

/**
 * The containers (re)started at `at`: a pod that is not restarted Always whose every container's
 * process ends at once (a shell image with no terminal, or its command run to its end) exits now,
 * with the first non-zero status, if any.
 */
export function exitsAtStart(c: Cluster, p: PodRecord, at: number): void {
  if (restartPolicy(c, p) === 'Always') return;
  const codes = podContainers(c, p).map((ctr) => exitAtStart(c, p, ctr));
  if (!codes.length || codes.some((code) => code === undefined)) return;
  p.killedAt = at;
  p.exitCode = codes.find((code) => code !== 0) ?? 0;
}
