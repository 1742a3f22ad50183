// Switching the live cluster to a restored copy (store/snapshot.ts), so that a command killed at any
// point leaves the old cluster or the new one whole. The copy is built in <file>.restore/; a COMMIT
// mark written there is the decision. Before it, the copy is thrown away; after it, the switch is
// rolled forward, each step a rename that is done at most once: the data directories (volumes, pods'
// files, documents), then the root. Whoever holds the lock next finishes it (finishRestore, run
// when the lock is taken over from a dead holder, and by every snapshot command).
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './data-dirs.js';

export const restoreDir = (statePath: string) => `${statePath}.restore`;
const COMMIT = 'COMMIT';
/** The restored root inside the restore directory. */
export const RESTORED_ROOT = 'root.json';

/** What is switched, in order: a staged directory and the live one it replaces. */
export function switchedDirs(statePath: string, target: string): { staged: string; live: string }[] {
  return [
    { staged: 'volumes', live: join(dataDir(statePath), 'volumes') },
    { staged: 'pods', live: join(dataDir(statePath), 'pods') },
    { staged: 'docs', live: join(dataDir(target), 'docs') },
  ];
}

/** Decide: from here on the restore happens, even if this process dies. */
export function markCommitted(statePath: string): void {
  writeFileSync(join(restoreDir(statePath), COMMIT), '');
}

/**
 * Finish (or throw away) a restore left half done. `afterStep` is a test hook: called after each
 * rename with its number (1, 2, …), so a test can kill the process between any two.
 */
export function finishRestore(statePath: string, target: string, afterStep?: (step: number) => void): void {
  const dir = restoreDir(statePath);
  if (!existsSync(dir)) return;
  if (!existsSync(join(dir, COMMIT))) {
    rmSync(dir, { recursive: true, force: true }); // never decided: the live cluster is untouched
    return;
  }
  let step = 0;
  const done = () => afterStep?.(++step);
  for (const { staged, live } of switchedDirs(statePath, target)) {
    const from = join(dir, staged);
    if (!existsSync(from)) continue; // switched already
    const old = join(dir, `old-${staged}`);
    if (existsSync(live) && !existsSync(old)) {
      renameSync(live, old);
      done();
    } else if (existsSync(live)) rmSync(live, { recursive: true, force: true }); // a partial move cannot be; a copy made since
    renameSync(from, live);
    done();
  }
  const root = join(dir, RESTORED_ROOT);
  if (existsSync(root)) {
    renameSync(root, target);
    done();
  }
  // everything is in place: the old data goes (COMMIT last, so a crash here only leaves litter to remove)
  for (const { staged } of switchedDirs(statePath, target)) rmSync(join(dir, `old-${staged}`), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
