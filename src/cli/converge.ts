// `--wait`: block until the StatefulSets a command touched have converged (or are gone). On a
// manual clock the cluster is settled (time moves); on a real clock sts polls, with a spinner
// on a terminal.
import { CliError } from '../api/errors.js';
import type { StatefulSet } from '../api/types.js';
import { formatDuration } from '../controller/clock.js';
import { settleAll } from '../controller/simulate.js';
import type { Cluster } from '../store/cluster.js';
import { withCluster, type GlobalOpts } from './context.js';
import { delay, io } from './output.js';

export interface Target {
  kind: 'StatefulSet' | 'Pod';
  ns: string;
  name: string;
  /** wait for it to be gone rather than converged */
  gone?: boolean;
  /** the pod that must be gone (a StatefulSet recreates one with the same name) */
  uid?: string;
}

/** Undefined when done, else what is still awaited. */
export function pending(c: Cluster, t: Target): string | undefined {
  if (t.kind === 'Pod') {
    const p = c.pod(t.ns, t.name);
    if (t.gone) return p && (!t.uid || p.uid === t.uid) ? `pod/${t.name} to be deleted` : undefined;
    return p?.stage === 'Ready' ? undefined : `pod/${t.name} to be Ready`;
  }
  const set = c.get('StatefulSet', t.ns, t.name) as StatefulSet | undefined;
  if (t.gone) return set || c.pods(t.ns).some((p) => p.set === t.name) ? `statefulset.apps/${t.name} to be deleted` : undefined;
  if (!set) return undefined;
  const s = set.status ?? {};
  const want = set.spec.replicas;
  const ready = s.readyReplicas ?? 0;
  if ((s.observedGeneration ?? 0) < (set.metadata.generation ?? 1)) return `statefulset.apps/${t.name} spec update to be observed`;
  const pods = [...c.podsOf(t.ns, t.name).values()].sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
  const start = set.spec.ordinals?.start ?? 0;
  const leaving = pods.filter((p) => p.deletingSince !== undefined || (p.ordinal ?? 0) < start || (p.ordinal ?? 0) >= start + want);
  if (leaving.length) return `${leaving[leaving.length - 1].name} to be deleted (${ready}/${want} ready)`;
  const unready = pods.find((p) => p.stage !== 'Ready');
  if (unready) return `${unready.name} to be Ready (${ready}/${want})`;
  if (pods.length < want) {
    const have = new Set(pods.map((p) => p.ordinal));
    let o = start;
    while (have.has(o)) o++;
    return `${t.name}-${o} to be created (${ready}/${want})`;
  }
  const partition = set.spec.updateStrategy.rollingUpdate?.partition ?? 0;
  const updated = s.updatedReplicas ?? 0;
  if (set.spec.updateStrategy.type === 'RollingUpdate' && updated < want - partition)
    return `statefulset.apps/${t.name} roll out: ${updated} of ${want - partition} pods updated`;
  return undefined;
}

/** An ora spinner on stderr, only on a terminal without NO_COLOR / --no-color. */
export async function startSpinner(opts: GlobalOpts): Promise<import('ora').Ora | undefined> {
  // (a terminal that reports no width makes the spinner's redraws run away)
  const { stderr, env } = io();
  if (!stderr.isTTY || !((stderr.columns ?? 0) > 0) || env.NO_COLOR || opts.noColor) return undefined;
  return (await import('ora')).default({ stream: stderr as NodeJS.WriteStream }).start('waiting');
}

/**
 * --wait on a manual clock: settle (time moves until nothing is left to happen, or the timeout in
 * cluster time), then what is still awaited, as the error to give; undefined when all converged.
 * create and apply call it in the transaction that wrote the objects (one load and one save where
 * two would read and write 100,000 pods twice); the other verbs through waitFor.
 */
export function settleManually(c: Cluster, targets: Target[], timeoutMs: number): string | undefined {
  const { settled, elapsed } = settleAll(c, timeoutMs);
  const left = targets.map((t) => pending(c, t)).find((x) => x !== undefined);
  if (!left) return undefined;
  return settled
    ? `error: ${left}: nothing more will happen (see 'sts describe')`
    : `error: timed out after ${formatDuration(elapsed)} waiting for ${left}`;
}

export async function waitFor(opts: GlobalOpts, targets: Target[], timeoutMs: number): Promise<void> {
  if (!targets.length) return;
  const check = (c: Cluster) => targets.map((t) => pending(c, t)).find((x) => x !== undefined);
  const manual = await withCluster(
    opts,
    (c) => {
      if (c.file.clock.mode !== 'manual') return false;
      const problem = settleManually(c, targets, timeoutMs);
      if (problem) throw new CliError(problem);
      return true;
    },
    true,
  );
  if (manual) return;
  const spinner = await startSpinner(opts);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const left = await withCluster(opts, check);
      if (!left) return;
      if (spinner) spinner.text = `waiting for ${left}`;
      if (Date.now() > deadline) throw new CliError(`error: timed out waiting for ${left}`);
      await delay(200);
    }
  } finally {
    spinner?.stop();
  }
}
