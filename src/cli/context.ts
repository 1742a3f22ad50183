// Running a command against the cluster file: lock, load, catch the simulation up to now, act,
// let the controllers react, save atomically.
import { targetTime } from '../controller/clock.js';
import { advance } from '../controller/simulate.js';
import type { NsChoice } from '../store/apiserver.js';
import { Cluster } from '../store/cluster.js';
import { podDir, removeDir, volumeDir } from '../store/data-dirs.js';
import { load, lock, save, statePath } from '../store/file.js';
import { Journal, watcherFiles } from '../store/watch-journal.js';
import { newClusterFile } from '../store/schema.js';

export interface GlobalOpts {
  state?: string;
  namespace?: string;
  noColor?: boolean;
}

export function nsChoice(opts: GlobalOpts): NsChoice {
  return { name: opts.namespace || 'default', explicit: !!opts.namespace };
}

/** Save the state; only then, when it no longer names them, remove the data of gone volumes and pods. */
function commit(path: string, c: Cluster): void {
  save(path, c.toFile());
  for (const pv of c.goneVolumes) removeDir(volumeDir(path, pv));
  for (const uid of c.gonePods) removeDir(podDir(path, uid));
}

/**
 * Open the cluster (creating it on first use), bring it to now, run `fn`, let the controllers act on
 * what it changed, and save if anything did. Nothing is saved if `fn` throws, unless `keepTime`:
 * then a command that only moved time forward (a wait that timed out) keeps what time did.
 */
export async function withCluster<T>(opts: GlobalOpts, fn: (c: Cluster) => T | Promise<T>, keepTime = false, dryRun = false): Promise<T> {
  const path = statePath(opts.state);
  const release = lock(path);
  try {
    const file = load(path);
    const c = new Cluster(file ?? newClusterFile('real'));
    if (!file) c.changed = true;
    const watchers = dryRun ? [] : watcherFiles(path);
    if (watchers.length) c.journal = new Journal(c, watchers);
    advance(c, targetTime(c.file));
    let result: T;
    try {
      result = await fn(c);
    } catch (e) {
      if (keepTime && c.changed) commit(path, c);
      throw e;
    }
    if (dryRun) return result; // --dry-run: everything checked and shown, nothing kept
    advance(c, c.now);
    c.journal?.flush();
    if (c.changed) commit(path, c);
    return result;
  } finally {
    release();
  }
}
