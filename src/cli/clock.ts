// `sts clock`: show the cluster's clock, move it forward, or settle until nothing is left to do.
import { CliError } from '../api/errors.js';
import type { StatefulSet } from '../api/types.js';
import { durationProblem, formatDuration, parseDuration } from '../controller/clock.js';
import { advance, settleAll } from '../controller/simulate.js';
import { claimClass } from '../api/storage.js';
import type { Cluster } from '../store/cluster.js';
import { claimNames } from '../apiserver/pod-object.js';
import { withCluster, type GlobalOpts } from './context.js';
import { err, out } from './output.js';
import { flag, type Verb } from './verb.js';
import { pending } from './converge.js';

export function duration(text: string, flag: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0) throw new CliError(`error: invalid ${flag} "${text}": ${durationProblem(text) ?? 'must not be negative'}`);
  return ms;
}

/** Timestamps are RFC 3339 with four-digit years (Go's Time.MarshalJSON refuses later ones). */
const LAST_TIMESTAMP = Date.parse('9999-12-31T23:59:59Z');

/** Refuse to move the clock past the last time an object can carry. */
export function checkReach(c: Cluster, ms: number, what: string): void {
  if (c.now + ms > LAST_TIMESTAMP)
    throw new CliError(
      `error: ${what} would move the cluster's clock past 9999-12-31T23:59:59Z (now ${c.timestamp()}), the last time a Kubernetes timestamp can show`,
    );
}

export const clockVerb: Verb = { run: ({ opts }) => showClock(opts) };
export const advanceVerb: Verb = {
  help: { usage: 'sts clock advance DURATION', examples: '  # Half a minute passes in the cluster\n  sts clock advance 30s' },
  run: async ({ args, opts }) => {
    if (args.length !== 1) throw new CliError('error: clock advance takes one duration (e.g. 30s, 5m, 1h30m)', 'clock advance');
    return advanceClock(args[0], opts);
  },
};
export const settleVerb: Verb = {
  flags: [flag('--timeout', 'string', '1h', 'Give up after this much cluster time.')],
  run: ({ opts }) => settleClock(opts),
};

export async function showClock(opts: GlobalOpts): Promise<void> {
  await withCluster(opts, (c) => out(`mode: ${c.file.clock.mode}\nnow:  ${c.timestamp()}`));
}

export async function advanceClock(by: string, opts: GlobalOpts): Promise<void> {
  const ms = duration(by, 'duration');
  await withCluster(opts, (c) => {
    checkReach(c, ms, `clock advance ${by}`);
    advance(c, c.now + ms);
    out(`clock advanced ${formatDuration(ms)}: now ${c.timestamp()}`);
  });
}

/** Why a set has not converged, when time alone will not change it. */
function stuckReasons(c: Cluster): string[] {
  const reasons: string[] = [];
  for (const set of c.list('StatefulSet') as StatefulSet[]) {
    const ns = set.metadata.namespace!;
    const left = pending(c, { kind: 'StatefulSet', ns, name: set.metadata.name });
    if (!left) continue;
    let why = '';
    for (const p of c.podsOf(ns, set.metadata.name).values()) {
      if (p.stage !== 'Pending') continue;
      for (const n of claimNames(c, p)) {
        const pvc = c.get('PersistentVolumeClaim', ns, n);
        if (pvc?.status?.phase !== 'Pending') continue;
        const cls = claimClass(pvc);
        why =
          cls && !c.get('StorageClass', undefined, cls)
            ? `: pod ${p.name} waits for claim ${n}, whose storageclass "${cls}" does not exist (sts create storageclass ${cls})`
            : `: pod ${p.name} waits for claim ${n} to be bound`;
        break;
      }
      if (why) break;
    }
    reasons.push(`statefulset.apps/${set.metadata.name} in ${ns} is not converged (waiting for ${left})${why}`);
  }
  return reasons;
}

export async function settleClock(opts: GlobalOpts & { timeout?: string }): Promise<void> {
  const timeout = duration(opts.timeout ?? '1h', '--timeout');
  await withCluster(
    opts,
    (c) => {
      // settling stops early when nothing is left to do; only a timeout that could be reached is refused
      const { settled, elapsed } = settleAll(c, Math.min(timeout, LAST_TIMESTAMP - c.now));
      if (!settled) throw new CliError(`error: timed out after ${formatDuration(elapsed)}: the cluster is still changing (now ${c.timestamp()})`);
      out(`settled after ${formatDuration(elapsed)}: now ${c.timestamp()}`);
      for (const r of stuckReasons(c)) err(`Warning: ${r}`);
    },
    true,
  );
}
