// `sts why TYPE/NAME`: the chain of reasons a pod, StatefulSet, claim or node is where it is, read
// from the controllers' own decisions — the StatefulSet controller's decide() (where its walk
// stopped: Decision.blocked), the kubelet's STAGES row and the scheduler's filters (why-pod.ts), the
// persistentvolume controller's bindPlan and pendingReason — never a second copy of their rules.
import { notFound } from '../api/errors.js';
import { kindInfo } from '../api/kinds.js';
import { claimClass } from '../api/storage.js';
import type { KObject, PodRecord, StatefulSet } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { DEFAULT_TOLERATIONS } from '../apiserver/pod-object.js';
import { formatDuration } from './clock.js';
import { nodeDown } from './node-lifecycle.js';
import { FILTERS } from './scheduling/schedule.js';
import { nodeView } from './scheduling/views.js';
import type { PodView } from './scheduling/types.js';
import type { Blocked } from './statefulset.js';
import { decisionFor } from './statefulset-sync.js';
import { bindPlan, claimInUse, claimUsers, pendingReason } from './volumes.js';
import { podReasons, type Reason } from './why-pod.js';

export type { Reason } from './why-pod.js';
export type WhyKind = 'Pod' | 'StatefulSet' | 'PersistentVolumeClaim' | 'Node';

const missing = (kind: string, name: string) => notFound(kindInfo(kind)!, name);

/** What a set waits for at an ordinal, in the words of its rule. */
const WAITS: Record<string, string> = {
  unready: 'to be Running and Ready',
  unavailable: 'to be available (Ready for minReadySeconds)',
  terminating: 'to finish terminating',
  failed: 'to be replaced (it failed)',
  missing: 'to be created',
  'stale-claims': 'to be created, once the garbage collector has deleted the claims its condemned predecessor left (PodClaimIsStale)',
};

/** The set's decision now, as its controller makes it. */
function decision(c: Cluster, set: StatefulSet): { blocked?: Blocked; update: string } {
  const update = set.status?.updateRevision ?? '';
  const revisions = { current: set.status?.currentRevision ?? update, update };
  return { blocked: decisionFor(c, set, revisions).decision.blocked, update };
}

const ordinalName = (set: StatefulSet, ord: number) => `${set.metadata.name}-${ord}`;

/** The reasons for the pod at an ordinal where the set's walk stopped (it may not exist). */
function atOrdinal(c: Cluster, set: StatefulSet, ord: number, depth: number): Reason[] {
  const p = c.podsOf(set.metadata.namespace!, set.metadata.name).get(ord);
  return p ? whyPod(c, p, depth + 1) : missingPod(c, set, ord, depth + 1);
}

/** A pod of the set that does not exist: out of range, or not made yet (and what it waits for). */
function missingPod(c: Cluster, set: StatefulSet, ord: number, depth = 0): Reason[] {
  const name = ordinalName(set, ord);
  const start = set.spec.ordinals?.start ?? 0;
  const R = set.spec.replicas;
  if (ord < start || ord >= start + R)
    return [
      {
        text: `${name} does not exist: statefulset ${set.metadata.name} has ${R} replicas (${R ? `ordinals ${start}–${start + R - 1}` : 'none'}).`,
        fix: ord >= start ? `sts scale sts/${set.metadata.name} --replicas=${ord - start + 1}` : undefined,
      },
    ];
  const { blocked } = decision(c, set);
  if (blocked?.reason === 'deleting') return [{ text: `${name} does not exist: statefulset ${set.metadata.name} is being deleted.` }];
  if (set.spec.podManagementPolicy !== 'Parallel' && blocked?.ord !== undefined && blocked.ord < ord && blocked.reason !== 'partition') {
    const by = blocked.pod ?? ordinalName(set, blocked.ord);
    const head = {
      text: `${name} does not exist yet: OrderedReady creates pods one at a time, in order, and waits for ${by} ${WAITS[blocked.reason]}.`,
    };
    return depth > 8 ? [head] : [head, ...atOrdinal(c, set, blocked.ord, depth)];
  }
  if (blocked?.ord === ord && blocked.reason === 'stale-claims') return [{ text: `${name} does not exist yet: it waits ${WAITS['stale-claims']}.` }];
  const failed = c
    .eventsFor(set.metadata.uid)
    .filter((e) => e.reason === 'FailedCreate' && e.msg.includes(` ${name} `))
    .pop();
  if (failed) return [{ text: `${name} does not exist yet: the StatefulSet controller cannot create it (FailedCreate: ${failed.msg}).` }];
  return [{ text: `${name} does not exist yet: the StatefulSet controller creates it at its next sync.` }];
}

/** What the set's rolling update says of a pod that is on an older revision. */
function revisionReason(c: Cluster, set: StatefulSet, p: PodRecord): Reason[] {
  const { blocked, update } = decision(c, set);
  if (!update || p.revision === update || p.deletingSince !== undefined) return [];
  const sts = `sts/${set.metadata.name}`;
  if (blocked?.reason === 'partition' && (p.ordinal ?? 0) < blocked.ord!)
    return [
      {
        text: `${p.name} stays on revision ${p.revision}, not ${update}: rollingUpdate.partition is ${set.spec.updateStrategy.rollingUpdate?.partition}, so only ordinals ${blocked.ord} and up are updated.`,
        fix: `sts patch ${sts} -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'`,
      },
    ];
  if (blocked?.reason === 'on-delete')
    return [
      {
        text: `${p.name} stays on revision ${p.revision}, not ${update}: updateStrategy OnDelete replaces a pod only once it is deleted.`,
        fix: `sts delete pod ${p.name}`,
      },
    ];
  if (blocked?.pod && blocked.pod !== p.name)
    return [{ text: `${p.name} is on revision ${p.revision}, not ${update}: the rolling update waits for ${blocked.pod} ${WAITS[blocked.reason]}.` }];
  return [];
}

function whyPod(c: Cluster, p: PodRecord, depth = 0): Reason[] {
  const own = podReasons(c, p, whyClaim);
  const set = p.set ? (c.get('StatefulSet', p.ns, p.set) as StatefulSet | undefined) : undefined;
  return set && depth === 0 ? [...own, ...revisionReason(c, set, p)] : own;
}

function whySet(c: Cluster, set: StatefulSet): Reason[] {
  const name = set.metadata.name;
  const ns = set.metadata.namespace!;
  const s = set.status ?? {};
  const count = `${s.readyReplicas ?? 0}/${set.spec.replicas} Ready`;
  const { blocked, update } = decision(c, set);
  if (blocked?.reason === 'deleting') return [{ text: `statefulset ${name} is being deleted: its pods go first (${c.podsOf(ns, name).size} left).` }];
  if (blocked?.reason === 'partition') {
    const held = [...c.podsOf(ns, name).values()].filter((p) => (p.ordinal ?? 0) < blocked.ord! && p.revision !== update).map((p) => p.name);
    return [
      {
        text: `statefulset ${name} (${count}) is updated down to its partition: rollingUpdate.partition ${set.spec.updateStrategy.rollingUpdate?.partition} keeps ${held.join(', ')} on revision ${s.currentRevision}.`,
        fix: `sts patch sts/${name} -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'`,
      },
    ];
  }
  if (blocked?.reason === 'on-delete')
    return [
      { text: `statefulset ${name} (${count}) has pods on an older revision: updateStrategy OnDelete replaces a pod only once it is deleted.` },
    ];
  if (blocked?.reason === 'max-unavailable')
    return [
      {
        text: `statefulset ${name} (${count}) waits: the rolling update has no room under maxUnavailable ${set.spec.updateStrategy.rollingUpdate?.maxUnavailable}.`,
      },
    ];
  if (blocked?.ord !== undefined) {
    const at = blocked.pod ?? ordinalName(set, blocked.ord);
    return [{ text: `statefulset ${name} (${count}) waits for ${at} ${WAITS[blocked.reason]}.` }, ...atOrdinal(c, set, blocked.ord, 0)];
  }
  // Parallel: nothing holds the controller; a pod that is not Ready has its own reasons
  const unready = [...c.podsOf(ns, name).values()].sort((a, b) => a.ordinal! - b.ordinal!).find((p) => p.stage !== 'Ready');
  if (unready)
    return [{ text: `statefulset ${name} (${count}): the controller has nothing to do; ${unready.name} is not Ready.` }, ...whyPod(c, unready, 1)];
  return [{ text: `statefulset ${name} is converged: ${count}, every pod on revision ${update}.` }];
}

/** The persistentvolume controller's view of a claim: its plan to bind it, or why it cannot. */
function whyClaim(c: Cluster, ns: string, name: string): Reason[] {
  const pvc = c.get('PersistentVolumeClaim', ns, name);
  const claim = `claim ${name}`;
  if (!pvc) return [{ text: `${claim} does not exist yet: the StatefulSet controller creates a pod's claims before the pod.` }];
  if (pvc.metadata.deletionTimestamp) {
    const users = claimInUse(c, pvc) ? claimUsers(c, pvc) : [];
    return [
      users.length
        ? { text: `${claim} is Terminating: pvc-protection keeps it while ${users.join(', ')} uses it.`, fix: `sts delete pod ${users[0]}` }
        : { text: `${claim} is Terminating: nothing uses it, so pvc-protection lets it go.` },
    ];
  }
  if (pvc.status?.phase === 'Bound') return [{ text: `${claim} is Bound to volume ${pvc.spec.volumeName}.` }];
  const plan = bindPlan(c, pvc);
  if (plan)
    return [
      {
        text: `${claim} is Pending: ${plan.volume ? `it is bound to volume ${plan.volume.metadata.name}` : `StorageClass "${plan.cls!.metadata.name}" provisions a volume for it`}${plan.at <= c.now ? ' now' : ` in ${formatDuration(plan.at - c.now)}`}.`,
      },
    ];
  const why = pendingReason(c, pvc);
  const cls = claimClass(pvc);
  if (why?.reason === 'ProvisioningFailed')
    return [{ text: `${claim} is Pending: StorageClass "${cls}" does not exist (ProvisioningFailed).`, fix: `sts create storageclass ${cls}` }];
  if (why?.reason === 'WaitForFirstConsumer')
    return [{ text: `${claim} is Pending: StorageClass "${cls}" binds only once a pod uses the claim (WaitForFirstConsumer), and none does.` }];
  if (why) return [{ text: `${claim} is Pending: no PersistentVolume matches it and it names no StorageClass (${why.reason}).` }];
  return [{ text: `${claim} is Pending: StorageClass "${cls}" provisions nothing, and no Available PersistentVolume matches the claim.` }];
}

function whyNode(c: Cluster, node: KObject): Reason[] {
  const name = node.metadata.name;
  const ready = (node.status?.conditions ?? []).find((x: { type: string }) => x.type === 'Ready')?.status;
  const pods = c.pods().filter((p) => p.node === name && p.deletingSince === undefined);
  const out: Reason[] = [];
  if (nodeDown(c, name))
    out.push({
      text:
        ready === 'True'
          ? `${name} is down: its kubelet posts no status (fault node); the node lifecycle controller marks it NotReady once its grace period runs out.`
          : `${name} is NotReady: its kubelet posts no status (fault node), so the node lifecycle controller taints it and evicts its pods.`,
      fix: `sts fault node ${name} up`,
    });
  // what the scheduler's node filters say to a pod that asks nothing special
  const plain: PodView = { ns: 'default', name: '', labels: {}, tolerations: DEFAULT_TOLERATIONS, requests: { cpu: 0, memory: 0, pods: 0 } };
  const view = nodeView(node);
  // (the first filter that refuses is the node's verdict, as in the scheduler's filtersFor)
  for (const [plugin, filter] of FILTERS) {
    const r = filter(plain, view, { nodes: [view], placed: [], namespaceLabels: {} });
    if (!r) continue;
    const cordoned = plugin === 'NodeUnschedulable';
    out.push({
      text: `${name} takes no new pods${cordoned ? ' (SchedulingDisabled): it is cordoned, and' : ':'} the scheduler's ${plugin} filter refuses them (${r.reasons.join(', ')}).`,
      fix: cordoned ? `sts uncordon ${name}` : undefined,
    });
    break;
  }
  const running = `${pods.length} pod${pods.length === 1 ? '' : 's'} run${pods.length === 1 ? 's' : ''} on it${pods.length ? ` (${pods.map((p) => p.name).join(', ')})` : ''}`;
  if (!out.length) out.push({ text: `${name} is ${ready === 'True' ? 'Ready' : `not Ready (${ready ?? 'Unknown'})`} and schedulable: ${running}.` });
  else out.push({ text: `Meanwhile ${running}.` });
  return out;
}

/** The chain for one object; NotFound as kubectl says it, unless it is a pod its set would make. */
export function why(c: Cluster, kind: WhyKind, ns: string, name: string): Reason[] {
  switch (kind) {
    case 'Pod': {
      const p = c.pod(ns, name);
      if (p) return whyPod(c, p);
      for (const set of c.list('StatefulSet', ns) as StatefulSet[]) {
        const m = name.startsWith(`${set.metadata.name}-`) && /^(0|[1-9]\d*)$/.exec(name.slice(set.metadata.name.length + 1));
        if (m) return missingPod(c, set, Number(m[1]));
      }
      throw missing('Pod', name);
    }
    case 'StatefulSet': {
      const set = c.get('StatefulSet', ns, name) as StatefulSet | undefined;
      if (!set) throw missing('StatefulSet', name);
      return whySet(c, set);
    }
    case 'PersistentVolumeClaim':
      if (!c.get('PersistentVolumeClaim', ns, name)) throw missing('PersistentVolumeClaim', name);
      return whyClaim(c, ns, name);
    case 'Node': {
      const node = c.get('Node', undefined, name);
      if (!node) throw missing('Node', name);
      return whyNode(c, node);
    }
  }
}
