// `sts why` for a pod that exists: the kubelet's own answer (the row of its STAGES table that
// applies to the pod now, kubelet.ts stepFor) and, while it is Pending, the scheduler's (its
// filters) and the volume controller's (why a claim is not bound), put into words.
import type { PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { claimNames, podContainers, podInitContainers } from '../apiserver/pod-object.js';
import { formatDuration } from './clock.js';
import { podFault } from './faults.js';
import { globMatch, unpullable } from './images.js';
import { nextTransition, stepFor } from './kubelet.js';
import { configProblem, mountProblem } from './pod-setup.js';
import { execReadiness } from './probes.js';
import { placement } from './scheduler.js';
import { snapshot } from './scheduling/cache.js';
import { ERR_UNSCHEDULABLE } from './scheduling/node-plugins.js';
import { filtersFor } from './scheduling/schedule.js';
import { indexOf } from './scheduling/snapshot.js';
import { podView } from './scheduling/views.js';

/** One link of the chain: a sentence naming the rule, and the command that would move it on. */
export interface Reason {
  text: string;
  fix?: string;
}

/** Why a claim is where it is (why.ts: the volume controller's answer). */
export type ClaimWhy = (c: Cluster, ns: string, name: string) => Reason[];

const quote = (s: string) => (/^[\w./:@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const inTime = (c: Cluster, at: number | undefined) => (at === undefined ? '' : at <= c.now ? ' now' : ` in ${formatDuration(at - c.now)}`);

/** The scheduler's filters over every node for this pod: the command that would let one take it. */
function schedulingFix(c: Cluster, p: PodRecord): string | undefined {
  const view = snapshot(c);
  const filter = filtersFor(podView(c, p), view);
  const nodes = indexOf(view).nodes.sorted;
  const refusals = nodes.map((n) => ({ node: n.name, reasons: filter(n)?.reasons ?? [] }));
  const cordoned = refusals.find((r) => r.reasons.includes(ERR_UNSCHEDULABLE));
  if (cordoned) return `sts uncordon ${cordoned.node}`;
  if (!nodes.length || refusals.some((r) => r.reasons.some((x) => /anti-affinity|Insufficient|Too many pods/.test(x))))
    return `sts cluster nodes ${nodes.length + 1}`;
  return undefined;
}

/** The images the kubelet cannot pull for this pod, and the fault patterns that say so. */
function pullFailure(c: Cluster, p: PodRecord): Reason {
  const images = unpullable(c, [...podInitContainers(c, p), ...podContainers(c, p)]);
  const patterns = c.file.faults.images.filter((pat) => images.some((img) => globMatch(pat, img)));
  const state = p.waitingReason === 'ImagePullBackOff' ? 'ImagePullBackOff' : 'ErrImagePull';
  const next = nextTransition(c, p);
  return {
    text:
      `${p.name} is ContainerCreating (${state}): image ${images.map((i) => `"${i}"`).join(', ')} cannot be pulled` +
      `${patterns.length ? ` (fault image ${patterns.map((x) => `"${x}"`).join(', ')})` : ''}; the kubelet retries with a doubling back-off${next === undefined ? '' : `, next${inTime(c, next)}`}.`,
    fix: patterns.length ? `sts fault image ${quote(patterns[0])} --clear` : undefined,
  };
}

/** While Pending: its claims first (the scheduler's VolumeBinding waits for them), then the nodes. */
function pendingReasons(c: Cluster, p: PodRecord, row: string, claimWhy: ClaimWhy): Reason[] {
  const unbound = claimNames(c, p).filter((n) => c.file.bound[`${p.ns}/${n}`] === undefined);
  if (unbound.length) {
    const list = unbound.map((n) => `claim ${n}`).join(', ');
    return [
      { text: `${p.name} is Pending: the scheduler places a pod only once its claims are bound (VolumeBinding), and ${list} is not.` },
      ...unbound.flatMap((n) => claimWhy(c, p.ns, n)),
    ];
  }
  if (row === 'unschedulable') {
    const d = placement(c, p);
    // the filters' verdicts (FitError), without DefaultPreemption's: every pod here has the same priority
    const msg = ('message' in d ? d.message : '').split('. preemption: ')[0];
    return [{ text: `${p.name} is Pending (FailedScheduling): no node passes the scheduler's filters: ${msg}.`, fix: schedulingFix(c, p) }];
  }
  return [{ text: `${p.name} is Pending: a node fits and the scheduler binds it to one${inTime(c, nextTransition(c, p))}.` }];
}

const CRASH_ROWS = new Set(['init crash back-off', 'init restarted', 'crash back-off', 'restarted', 'crashed', 'restarted after exit', 'exited']);

/** Why the pod is where it is, from the kubelet's row for it (and the scheduler's while Pending). */
export function podReasons(c: Cluster, p: PodRecord, claimWhy: ClaimWhy): Reason[] {
  const row = stepFor(c, p)?.name;
  const next = nextTransition(c, p);
  const fault = podFault(c, p);
  const on = p.node ? ` on ${p.node}` : '';
  const heal = fault ? `sts fault heal ${p.name}` : undefined;
  if (row === 'node down')
    return [
      { text: `${p.name} is stuck${on}: the node is down (fault node), so its kubelet takes no step for it.`, fix: `sts fault node ${p.node} up` },
    ];
  if (row === 'removed' || row === 'stopping')
    return [{ text: `${p.name} is Terminating: its containers stop within its grace period and it is removed${inTime(c, next ?? p.removeAt)}.` }];
  if (p.stage === 'Pending') return pendingReasons(c, p, row ?? '', claimWhy);
  if (row === 'pull failed' || row === 'pull back-off') return [pullFailure(c, p)];
  if (row === 'never pulled')
    return [{ text: `${p.name} is ContainerCreating (ErrImageNeverPull): its image is not on ${p.node} and imagePullPolicy is Never.` }];
  if (row === 'mount failed' || row === 'mounted') {
    const m = mountProblem(c, p);
    return [
      {
        text: `${p.name} is ContainerCreating (FailedMount): volume "${m?.volume ?? '?'}" cannot be set up: ${m?.message ?? 'retrying'}; the kubelet retries${inTime(c, next)}.`,
      },
    ];
  }
  if (row === 'config error') {
    const why = configProblem(c, p, podContainers(c, p)) ?? p.waitingMessage;
    return [{ text: `${p.name} is ContainerCreating (CreateContainerConfigError): ${why}; the kubelet retries${inTime(c, next)}.` }];
  }
  if (row && CRASH_ROWS.has(row)) {
    const cause = fault === 'crash' ? 'its container keeps exiting (fault crash)' : 'its container exited';
    const state = p.waitingReason === 'CrashLoopBackOff' ? ' (CrashLoopBackOff)' : '';
    return [{ text: `${p.name} is not Ready${state}: ${cause}, ${p.restarts ?? 0} restarts; the kubelet restarts it${inTime(c, next)}.`, fix: heal }];
  }
  if (p.stage === 'ContainerCreating') {
    const init = row === 'init completed' ? ` (init container ${(p.initDone ?? 0) + 1} of ${podInitContainers(c, p).length})` : '';
    return [{ text: `${p.name} is ContainerCreating${on}${init}: its containers start${inTime(c, next)}.` }];
  }
  const ready = `${p.stage === 'Ready' ? podContainers(c, p).length : 0}/${podContainers(c, p).length}`;
  if (row === 'never ready')
    return [
      {
        text: `${p.name} is Running but not Ready (${ready})${on}: its readiness probe fails (fault unready), for ${formatDuration(c.now - p.stageSince)} now.`,
        fix: heal,
      },
    ];
  if (row === 'probed, not ready') {
    const probe = execReadiness(c, p)[0];
    const cmd = probe ? ` (exec: ${probe.command.join(' ')})` : '';
    return [
      { text: `${p.name} is Running but not Ready (${ready})${on}: its readiness probe${cmd} fails; the kubelet probes again${inTime(c, next)}.` },
    ];
  }
  if (row === 'ready') return [{ text: `${p.name} is Running${on}, not Ready yet: its readiness check passes${inTime(c, next)}.` }];
  if (p.stage === 'Ready') return [{ text: `${p.name} is Running and Ready${on}: its containers started and its readiness check passes.` }];
  if (p.stage === 'Succeeded' || p.stage === 'Failed')
    return [{ text: `${p.name} has ${p.stage === 'Failed' ? 'failed' : 'succeeded'}: its main process exited.` }];
  return [{ text: `${p.name} is ${p.stage}${on}${row ? ` (next: ${row}${inTime(c, next)})` : ''}.` }];
}
