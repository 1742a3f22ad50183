// `--wait`: block until the StatefulSets a command touched have converged (or are gone). On a
// manual clock the cluster is settled (time moves); on a real clock sts polls, with a spinner
// on a terminal.
import { CliError } from '../api/errors.js';
import type { StatefulSet } from '../api/types.js';
import { formatDuration } from '../controller/clock.js';
import { settleAll } from '../controller/simulate.js';
import type { Cluster } from '../store/cluster.js';
import { withCluster, type GlobalOpts } from './context.js';

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
    return p?.st === 'Ready' ? undefined : `pod/${t.name} to be Ready`;
  }
  const set = c.get('StatefulSet', t.ns, t.name) as StatefulSet | undefined;
  if (t.gone) return set || c.pods(t.ns).some((p) => p.set === t.name) ? `statefulset.apps/${t.name} to be deleted` : undefined;
  if (!set) return undefined;
  const s = set.status ?? {};
  const want = set.spec.replicas;
  const pods = [...c.podsOf(t.ns, t.name).values()];
  const ready = s.readyReplicas ?? 0;
  if ((s.observedGeneration ?? 0) < (set.metadata.generation ?? 1)) return `statefulset.apps/${t.name} spec update to be observed`;
  if (pods.length !== want || pods.some((p) => p.del !== undefined)) return `statefulset.apps/${t.name}: ${pods.length} pods, want ${want} (${ready}/${want} ready)`;
  if (ready < want) {
    const next = pods.filter((p) => p.st !== 'Ready').sort((a, b) => (a.ord ?? 0) - (b.ord ?? 0))[0];
    return `${next ? `${next.name} to be Ready` : `statefulset.apps/${t.name}`} (${ready}/${want})`;
  }
  const partition = set.spec.updateStrategy.rollingUpdate?.partition ?? 0;
  const updated = s.updatedReplicas ?? 0;
  if (set.spec.updateStrategy.type === 'RollingUpdate' && updated < want - partition)
    return `statefulset.apps/${t.name} roll out: ${updated} of ${want - partition} pods updated`;
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(opts: GlobalOpts, targets: Target[], timeoutMs: number): Promise<void> {
  if (!targets.length) return;
  const check = (c: Cluster) => targets.map((t) => pending(c, t)).find((x) => x !== undefined);
  const manual = await withCluster(opts, (c) => {
    if (c.file.clock.mode !== 'manual') return false;
    const { settled, elapsed } = settleAll(c, timeoutMs);
    const left = check(c);
    if (left) throw new CliError(settled ? `error: ${left}: nothing more will happen (see 'sts describe')` : `error: timed out after ${formatDuration(elapsed)} waiting for ${left}`);
    return true;
  });
  if (manual) return;
  const useSpinner = process.stderr.isTTY && !process.env.NO_COLOR && !process.argv.includes('--no-color');
  const spinner = useSpinner ? (await import('ora')).default({ stream: process.stderr }).start('waiting') : undefined;
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const left = await withCluster(opts, check);
      if (!left) return;
      if (spinner) spinner.text = `waiting for ${left}`;
      if (Date.now() > deadline) throw new CliError(`error: timed out waiting for ${left}`);
      await sleep(200);
    }
  } finally {
    spinner?.stop();
  }
}
