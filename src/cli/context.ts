// Running a command against the cluster file: lock, load, catch the simulation up to now, act,
// let the controllers react, save atomically.
import { join } from 'node:path';
import { targetTime } from '../controller/clock.js';
import { advance } from '../controller/simulate.js';
import type { NsChoice } from '../apiserver/objects.js';
import { Cluster } from '../store/cluster.js';
import { podDir, removeDir, volumeDir } from '../store/data-dirs.js';
import { load, lock, open, saveCluster, statePath } from '../store/file.js';
import { Journal, watcherFiles } from '../apiserver/watch-journal.js';
import { contextNamespace, newKubeconfig, type Kubeconfig } from '../store/kubeconfig.js';
import { holdOutput, invocationArgv, io, lockNotice } from './output.js';
import { newClusterFile } from '../store/schema.js';

export interface GlobalOpts {
  state?: string;
  /** -n; withCluster fills it in from the current context when it was not given */
  namespace?: string;
  /** whether -n gave the namespace (set by withCluster) */
  namespaceExplicit?: boolean;
  noColor?: boolean;
}

/** The namespace a command works in. Only -n is explicit: a manifest's own namespace may differ from
 *  the context's, not from -n's (clientcmd's Namespace() returns the override flag as its second value). */
export function nsChoice(opts: GlobalOpts): NsChoice {
  return { name: namespaceOf(opts), explicit: !!opts.namespaceExplicit };
}

/** The namespace a command works in, once withCluster has settled it (reading it before is a bug:
 *  the context's namespace is only known once the file is loaded). */
export function namespaceOf(opts: GlobalOpts): string {
  if (opts.namespaceExplicit === undefined || !opts.namespace) throw new Error('the namespace was read before withCluster settled it');
  return opts.namespace;
}

/** -n wins, else the current context's namespace, else default; decided once per command (a verb may
 *  open the cluster many times, and must keep working in the namespace it started in). */
function resolveNamespace(opts: GlobalOpts, k: Kubeconfig): void {
  if (opts.namespaceExplicit !== undefined) return;
  opts.namespaceExplicit = !!opts.namespace;
  if (!opts.namespace) opts.namespace = contextNamespace(k);
}

/** Settle the namespace without opening the cluster, for what kubectl does client-side (a client
 *  dry run reads only the kubeconfig). */
export function settleNamespace(opts: GlobalOpts): void {
  resolveNamespace(opts, load(statePath(opts.state))?.kubeconfig ?? newKubeconfig());
}

/** Take the cluster file's lock for this invocation: the lock names its command line, and
 *  STS_LOCK_STATS (diagnostics) gets how long it waited. */
export function lockCluster(path: string): () => void {
  return lock(path, undefined, { command: invocationArgv(), statsFile: io().env.STS_LOCK_STATS, notice: lockNotice() });
}

/**
 * Save the state; only then show watchers what changed (still under the lock, so their journals
 * follow commit order: a command that fails or dies before this point has shown nothing), and
 * remove the data of gone volumes and pods and restarted containers' old roots, which the state no
 * longer names.
 */
async function commit(path: string, c: Cluster, journal: Journal | undefined): Promise<void> {
  journal?.flush(); // the last instant's changes, as saved
  // Test-only (the kill tests): die as if killed between the command's work and its save.
  if (io().env.STS_TEST_CRASH_BEFORE_SAVE === '1') process.kill(process.pid, 'SIGKILL');
  await saveCluster(path, c);
  journal?.publish();
  for (const pv of c.goneVolumes) removeDir(volumeDir(path, pv));
  for (const uid of c.gonePods) removeDir(podDir(path, uid));
  for (const { uid, root } of c.oldRoots) removeDir(join(podDir(path, uid), root));
}

/**
 * Open the cluster (creating it on first use), settle `opts.namespace`, bring it to now, run `fn`,
 * let the controllers act on what it changed, and save if anything did. Nothing is saved if `fn`
 * throws, unless `keepTime`: then a command that only moved time forward (a wait that timed out)
 * keeps what time did. Watchers see exactly what is saved, once it is.
 */
export async function withCluster<T>(opts: GlobalOpts, fn: (c: Cluster) => T | Promise<T>, keepTime = false, dryRun = false): Promise<T> {
  const path = statePath(opts.state);
  const release = lockCluster(path);
  const output = holdOutput();
  const save = async (c: Cluster, journal: Journal | undefined) => {
    try {
      await commit(path, c, journal);
    } catch (e) {
      output.drop(); // nothing was kept: say nothing was done
      throw e;
    }
  };
  try {
    const opened = open(path);
    const c = opened ?? new Cluster(newClusterFile('real'));
    c.statePath = path;
    if (!opened) c.changed = true;
    resolveNamespace(opts, c.file.kubeconfig);
    const watchers = dryRun ? [] : watcherFiles(path);
    // what changed, kept in memory until the save: see commit
    const journal = watchers.length ? new Journal(c, watchers) : undefined;
    c.journal = journal;
    advance(c, targetTime(c.file)); // reads the namespaces with something due by then; the others wait, unread
    let result: T;
    try {
      result = await fn(c);
    } catch (e) {
      if (keepTime && c.changed) await save(c, journal);
      throw e;
    }
    if (dryRun) return result; // --dry-run: everything checked and shown, nothing kept
    advance(c, c.now);
    if (c.changed) await save(c, journal);
    return result;
  } finally {
    release();
    output.flush();
  }
}
