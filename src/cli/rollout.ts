// `sts rollout status|history|undo|restart|pause|resume` for StatefulSets, with kubectl's texts.
import { kindInfo } from '../api/kinds.js';
import { CliError, notFound, timedOutWaiting } from '../api/errors.js';
import { strategicMerge } from '../api/patch.js';
import type { KObject, StatefulSet } from '../api/types.js';
import { canonical } from '../api/validation.js';
import { formatDuration, parseDuration } from '../controller/clock.js';
import { revisionTemplate } from '../apiserver/pod-object.js';
import { ownedRevisions } from '../controller/revisions.js';
import { advance } from '../controller/simulate.js';
import { Lines, podTemplateLines } from '../print/describe.js';
import { tabwrite } from '../print/tabwriter.js';
import { writeBack } from '../apiserver/objects.js';
import type { Cluster } from '../store/cluster.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { pending, startSpinner, waitFor } from './converge.js';
import { delay, out } from './output.js';
import { printerFor } from '../print/printer.js';
import { namedTargets } from './resources.js';
import { flag, type Verb } from './verb.js';

export const statusVerb: Verb = { honours: ['revision', 'timeout', 'watch'], run: ({ args, opts }) => status(args, opts) };
export const historyVerb: Verb = { honours: ['revision'], run: ({ args, opts }) => history(args, opts) };
export const undoVerb: Verb = { honours: ['to-revision'], run: ({ args, opts }) => undo(args, opts) };
export const restartVerb: Verb = {
  flags: [
    flag('--wait', 'bool', 'false', 'sts: wait until the restart has rolled out.'),
    flag('--timeout', 'duration', '0s', 'sts: how long --wait waits (default 1h).'),
  ],
  run: ({ args, opts }) => restart(args, opts),
};
export const pauseVerb: Verb = { run: ({ args, opts }) => pauseResume(args, 'pausing', opts) };
export const resumeVerb: Verb = { run: ({ args, opts }) => pauseResume(args, 'resuming', opts) };

export interface RolloutOpts extends GlobalOpts {
  watch?: boolean;
  timeout?: string;
  revision?: number;
  toRevision?: number;
  wait?: boolean;
}

/** The one StatefulSet a rollout subcommand acts on. */
function target(args: string[], verb: string): string {
  if (!args.length) throw new CliError('error: required resource not specified');
  const ts = namedTargets(args, `rollout ${verb}`);
  if (ts.length !== 1) throw new CliError(`error: rollout ${verb} takes exactly one resource`, `rollout ${verb}`);
  const t = ts[0];
  if (t.info.kind !== 'StatefulSet')
    throw new CliError(
      `error: no ${verb === 'history' ? 'history viewer' : 'rollbacker'} has been implemented for "${t.info.kind}": sts simulates StatefulSets`,
    );
  return t.name;
}

function getSet(c: Cluster, ns: string, name: string): StatefulSet {
  const set = c.get('StatefulSet', ns, name) as StatefulSet | undefined;
  if (!set) throw notFound(kindInfo('StatefulSet')!, name);
  return set;
}

/** kubectl's StatefulSet status viewer: the line to print, and whether the rollout is done. */
export function rolloutStatus(set: StatefulSet): { msg: string; done: boolean } {
  const spec = set.spec;
  const s = set.status ?? {};
  if (spec.updateStrategy.type !== 'RollingUpdate') throw new CliError('error: rollout status is only available for RollingUpdate strategy type');
  if (!s.observedGeneration || (set.metadata.generation ?? 0) > s.observedGeneration)
    return { msg: 'Waiting for statefulset spec update to be observed...', done: false };
  const ready = s.readyReplicas ?? 0;
  if (ready < spec.replicas) return { msg: `Waiting for ${spec.replicas - ready} pods to be ready...`, done: false };
  const ru = spec.updateStrategy.rollingUpdate;
  if (ru) {
    const partition = ru.partition ?? 0;
    const updated = s.updatedReplicas ?? 0;
    if (updated < spec.replicas - partition)
      return {
        msg: `Waiting for partitioned roll out to finish: ${updated} out of ${spec.replicas - partition} new pods have been updated...`,
        done: false,
      };
    return { msg: `partitioned roll out complete: ${updated} new pods have been updated...`, done: true };
  }
  if (s.updateRevision !== s.currentRevision)
    return {
      msg: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...`,
      done: false,
    };
  return { msg: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...`, done: true };
}

/** How far `rollout status` moves a manual clock when no --timeout bounds it. */
const MANUAL_LIMIT_MS = 3_600_000;

export async function status(args: string[], opts: RolloutOpts): Promise<void> {
  const name = target(args, 'status');
  const timeout = opts.timeout === undefined || opts.timeout === '0s' || opts.timeout === '0' ? Infinity : parseDuration(opts.timeout);
  if (timeout === undefined)
    throw new CliError(`error: invalid argument "${opts.timeout}" for "--timeout" flag: time: invalid duration "${opts.timeout}"`);
  let last = '';
  const show = (msg: string) => {
    if (msg !== last) out(msg);
    last = msg;
  };
  // On a manual clock the cluster's time is moved forward here, a second at a time, as the watch
  // would see it happen; on a real clock sts polls.
  const manual = await withCluster(
    opts,
    (c) => {
      const ns = namespaceOf(opts);
      const first = rolloutStatus(getSet(c, ns, name));
      show(first.msg);
      if (first.done || opts.watch === false) return true;
      if (c.file.clock.mode !== 'manual') return false;
      const start = c.now;
      // kubectl waits for ever; a manual clock moved here must stop somewhere (a pod in image pull
      // back-off keeps something due for ever, and this loop holds the lock): an hour, as clock settle
      const limit = timeout === Infinity ? MANUAL_LIMIT_MS : timeout;
      for (;;) {
        const { idle } = advance(c, Math.min(c.now + 1000, start + limit), false);
        const set = c.get('StatefulSet', ns, name) as StatefulSet | undefined;
        if (!set) throw new CliError('error: object has been deleted');
        const st = rolloutStatus(set);
        show(st.msg);
        if (st.done) return true;
        if (c.now >= start + timeout) throw timedOutWaiting();
        if (c.now >= start + limit)
          throw new CliError(
            `error: the rollout has not finished after ${formatDuration(limit)} of the cluster's time (now ${c.timestamp()}); see 'sts why sts/${name}' (or give --timeout)`,
          );
        if (idle && c.dirtySets.size === 0)
          throw new CliError(
            `error: the rollout cannot progress: nothing more will happen on this cluster without a change (now ${c.timestamp()}, after ${formatDuration(c.now - start)}; see 'sts describe sts/${name}')`,
          );
      }
    },
    true,
  );
  if (manual) return;
  const ns = namespaceOf(opts);
  const deadline = Date.now() + timeout;
  const spinner = await startSpinner(opts);
  try {
    for (;;) {
      await delay(200);
      const { st, left } = await withCluster(opts, (c) => {
        const set = c.get('StatefulSet', ns, name) as StatefulSet | undefined;
        if (!set) throw new CliError('error: object has been deleted');
        return { st: rolloutStatus(set), left: pending(c, { kind: 'StatefulSet', ns, name }) };
      });
      if (spinner) {
        if (st.msg !== last) {
          // a status line goes above the spinner
          spinner.stop();
          show(st.msg);
          spinner.start(`waiting for ${left ?? name}`);
        } else spinner.text = `waiting for ${left ?? name}`;
      } else show(st.msg);
      if (st.done) return;
      if (Date.now() > deadline) throw timedOutWaiting();
    }
  } finally {
    spinner?.stop();
  }
}

export async function history(args: string[], opts: RolloutOpts): Promise<void> {
  const name = target(args, 'history');
  await withCluster(opts, (c) => {
    const ns = namespaceOf(opts);
    const revs = ownedRevisions(c, getSet(c, ns, name));
    if (opts.revision) {
      const n = opts.revision;
      const rev = revs.find((r) => r.revision === n);
      if (!rev) throw new CliError('error: unable to find the specified revision');
      const l = new Lines();
      podTemplateLines(l, revisionTemplate(rev));
      out(`statefulset.apps/${name} with revision #${n}\n${l.raw()}\n`);
      return;
    }
    if (!revs.length) {
      out(`statefulset.apps/${name} \nNo rollout history found.`);
      return;
    }
    const rows = revs.map((r) => `${r.revision}\t${r.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>'}`);
    out(`statefulset.apps/${name} \n${tabwrite(['REVISION\tCHANGE-CAUSE', ...rows].join('\n') + '\n', { minWidth: 0, padding: 2 })}\n`);
  });
}

export async function undo(args: string[], opts: RolloutOpts): Promise<void> {
  const name = target(args, 'undo');
  const to = opts.toRevision ?? 0;
  if (to < 0) throw new CliError(`error: revision must be a positive integer: ${to}`);
  await withCluster(opts, (c) => {
    const ns = namespaceOf(opts);
    const set = getSet(c, ns, name);
    const revs = ownedRevisions(c, set);
    let rev: KObject | undefined;
    if (to === 0) {
      if (revs.length <= 1) throw new CliError('error: no last revision to roll back to');
      rev = revs[revs.length - 2];
    } else {
      rev = revs.find((r) => r.revision === to);
      if (!rev) throw new CliError(`error: unable to find specified revision ${to} in history`);
    }
    const next = strategicMerge(structuredClone(set), rev.data);
    if (canonical(next.spec.template) === canonical(set.spec.template)) {
      out(`statefulset.apps/${name} skipped rollback (current template already matches revision ${rev.revision})`);
      return;
    }
    // (kubectl 1.34 warns here about a last-applied-configuration annotation; 1.33 has no such text)
    writeBack(c, set, next, 'rollout undo');
    out(printerFor({ operation: 'rolled back' }).print([set]));
  });
}

export async function restart(args: string[], opts: RolloutOpts): Promise<void> {
  const name = target(args, 'restart');
  await withCluster(opts, (c) => {
    const set = getSet(c, namespaceOf(opts), name);
    const next = strategicMerge(structuredClone(set), {
      spec: {
        template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date(c.now).toISOString().replace(/\.\d+Z$/, 'Z') } } },
      },
    });
    writeBack(c, set, next, 'rollout restart');
    out(printerFor({ operation: 'restarted' }).print([set]));
  });
  if (opts.wait) {
    const timeout = opts.timeout === undefined || opts.timeout === '0s' ? 3_600_000 : parseDuration(opts.timeout);
    if (timeout === undefined) throw new CliError(`error: invalid argument "${opts.timeout}" for "--timeout" flag`);
    await waitFor(opts, [{ kind: 'StatefulSet', ns: namespaceOf(opts), name }], timeout);
  }
}

/** pause and resume: kubectl refuses them for StatefulSets, client-side. */
export async function pauseResume(args: string[], verb: 'pausing' | 'resuming', opts: RolloutOpts): Promise<void> {
  const name = target(args, verb === 'pausing' ? 'pause' : 'resume');
  await withCluster(opts, (c) => getSet(c, namespaceOf(opts), name));
  throw new CliError(`error: statefulsets.apps "${name}" ${verb} is not supported`);
}
