// `sts snapshot save|list|restore|delete NAME`: the cluster and its volume data copied aside and put
// back all or nothing (store/snapshot.ts), under the cluster's lock, so a lesson or a test can go
// back to a known point. A snapshot is the state as last saved: on a real clock, the next command
// catches it up to now.
import { CliError } from '../api/errors.js';
import { humanDuration } from '../print/age.js';
import { table } from '../print/tabwriter.js';
import { iso } from '../store/cluster.js';
import { stateTarget, statePath } from '../store/file.js';
import { publishReset } from '../apiserver/watch-journal.js';
import { deleteSnapshot, listSnapshots, recoverRestore, restoreSnapshot, saveSnapshot, snapshotNameProblem } from '../store/snapshot.js';
import { lockCluster, type GlobalOpts } from './context.js';
import { io, out } from './output.js';
import type { Verb } from './verb.js';

/** Run under the cluster's lock, a restore a killed command left half done finished first. */
function locked<T>(opts: GlobalOpts, fn: (path: string, target: string) => T): T {
  const path = statePath(opts.state);
  const release = lockCluster(path);
  try {
    recoverRestore(path, stateTarget(path));
    return fn(path, stateTarget(path));
  } finally {
    release();
  }
}

function oneName(args: string[], verb: string): string {
  if (args.length !== 1) throw new CliError(`error: snapshot ${verb} takes one NAME (sts snapshot ${verb} NAME)`, `snapshot ${verb}`);
  const problem = snapshotNameProblem(args[0]);
  if (problem) throw new CliError(problem);
  return args[0];
}

export const saveVerb: Verb = {
  help: {
    short: 'Save the cluster and its volume data as a snapshot',
    usage: 'sts snapshot save NAME',
    examples: '  # Keep the cluster as it is now\n  sts snapshot save before-upgrade',
  },
  run: async ({ args, opts }) => {
    const name = oneName(args, 'save');
    locked(opts, (path, target) => saveSnapshot(path, target, name));
    out(`snapshot "${name}" saved`);
  },
};

export const listVerb: Verb = {
  help: { short: 'List the snapshots of the cluster', usage: 'sts snapshot list' },
  run: async ({ args, opts }) => {
    if (args.length) throw new CliError('error: snapshot list takes no arguments', 'snapshot list');
    const snaps = locked(opts, (path) => listSnapshots(path));
    if (!snaps.length) {
      io().stderr.write('No snapshots found.\n');
      return;
    }
    const now = Date.now();
    const rows = snaps.map((s) => [
      s.name,
      `${humanDuration(Math.max(0, now - s.created))} ago`,
      `${iso(s.clock.now)} (${s.clock.mode})`,
      size(s.bytes),
    ]);
    out(table([['NAME', 'CREATED', 'CLUSTER TIME', 'SIZE'], ...rows]).replace(/\n$/, ''));
  },
};

export const restoreVerb: Verb = {
  help: {
    short: 'Put the cluster and its volume data back as a snapshot has them',
    usage: 'sts snapshot restore NAME',
    examples: '  # Back to the known point\n  sts snapshot restore before-upgrade',
  },
  run: async ({ args, opts }) => {
    const name = oneName(args, 'restore');
    // Test-only (the crash tests): die after this step of the switch, as if killed there.
    const crashAt = io().env.STS_TEST_CRASH_IN_RESTORE;
    const hook = crashAt === undefined ? undefined : (step: number) => void (String(step) === crashAt && process.kill(process.pid, 'SIGKILL'));
    const info = locked(opts, (path, target) => {
      const restored = restoreSnapshot(path, target, name, hook);
      publishReset(path, restored.clock.now); // still under the lock: watchers learn it before any later change
      return restored;
    });
    out(`snapshot "${name}" restored (cluster time ${iso(info.clock.now)})`);
  },
};

export const deleteVerb: Verb = {
  help: { short: 'Delete a snapshot', usage: 'sts snapshot delete NAME' },
  run: async ({ args, opts }) => {
    const name = oneName(args, 'delete');
    locked(opts, (path) => deleteSnapshot(path, name));
    out(`snapshot "${name}" deleted`);
  },
};

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  const units = ['Ki', 'Mi', 'Gi'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}
