// Where volume contents and pods' own files live: real directories beside the cluster file, private
// to the user (0700, as kubelet keeps /var/lib/kubelet/pods), and how directories get made.
//   <file>.data/volumes/<pv-name>/   one per PersistentVolume (kept or removed with the volume)
//   <file>.data/pods/<pod-uid>/      a pod's writes outside its claims (gone with the pod)
import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../api/errors.js';

/** Directories sts makes: only their owner may enter them (the cluster's data can hold secrets). */
export const DIR_MODE = 0o700;

export const dataDir = (statePath: string) => `${statePath}.data`;
export const volumeDir = (statePath: string, pv: string) => join(dataDir(statePath), 'volumes', pv);
export const podDir = (statePath: string, uid: string) => join(dataDir(statePath), 'pods', uid);

/** mkdir -p, one level at a time (Node's recursive mkdirSync can spin forever on odd filesystems);
 *  the directories it makes are private. Existing ones are left as they are. */
export function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    mkdirSync(dir, DIR_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new CliError(`error: cannot create directory "${dir}": ${(e as Error).message}`);
  }
}

/** Make the data directory private again if it is not (made by an older sts, or by a plain
 *  recursive mkdir under the umask); called on save. One stat when it already is. */
export function fixDataDirMode(statePath: string): void {
  const dir = dataDir(statePath);
  try {
    if ((statSync(dir).mode & 0o777) !== DIR_MODE) chmodSync(dir, DIR_MODE);
  } catch {
    /* no data yet, or not ours to change: the save itself succeeded */
  }
}

/** A fresh volume: formatted like a disk (lost+found) unless its provisioner is a plain host path. */
export function ensureVolumeDir(statePath: string, pv: string, formatted: boolean): string {
  const dir = volumeDir(statePath, pv);
  if (!existsSync(dir)) {
    ensureDir(dir);
    if (formatted) mkdirSync(join(dir, 'lost+found'), DIR_MODE);
  }
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
