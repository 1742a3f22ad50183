// The mark a command leaves when it changes a pod's files, for its exec probes (controller/probes.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** In a pod's directory: how many commands have changed its files, a count its exec probes compare
 *  with the one they last read. Only ever counted up: a transaction that is not saved leaves it as
 *  it was, and the saved pod record still says what its probes saw. */
export const FILES_CHANGED = 'files-changed';

/** The count in a pod's FILES_CHANGED (0: none yet; -1: a mark without a count, from an older sts). */
export function filesChangedCount(podDirectory: string): number {
  let text: string;
  try {
    text = readFileSync(join(podDirectory, FILES_CHANGED), 'utf8');
  } catch {
    return 0;
  }
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : -1;
}

/** A command changed the pod's files (sts's own directory, out of the container's reach). */
export function countFilesChanged(podDirectory: string): void {
  writeFileSync(join(podDirectory, FILES_CHANGED), `${Math.max(0, filesChangedCount(podDirectory)) + 1}\n`);
}
