// Where volume contents and pods' own files live: real directories beside the cluster file.
//   <file>.data/volumes/<pv-name>/   one per PersistentVolume (kept or removed with the volume)
//   <file>.data/pods/<pod-uid>/      a pod's writes outside its claims (gone with the pod)
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const dataDir = (statePath: string) => `${statePath}.data`;
export const volumeDir = (statePath: string, pv: string) => join(dataDir(statePath), 'volumes', pv);
export const podDir = (statePath: string, uid: string) => join(dataDir(statePath), 'pods', uid);

/** A fresh volume: formatted like a disk (lost+found) unless its provisioner is a plain host path. */
export function ensureVolumeDir(statePath: string, pv: string, formatted: boolean): string {
  const dir = volumeDir(statePath, pv);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    if (formatted) mkdirSync(join(dir, 'lost+found'));
  }
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
