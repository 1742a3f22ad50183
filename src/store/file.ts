// The cluster file on disk: where it is, an exclusive lock, load with checks, atomic save.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CliError } from '../api/errors.js';
import { newKubeconfig } from './kubeconfig.js';
import { SCHEMA_VERSION, type ClusterFile } from './schema.js';

export function statePath(flag?: string): string {
  const p = flag || process.env.STS_STATE || join(homedir(), '.sts', 'cluster.json');
  return resolve(p);
}

/** mkdir -p, one level at a time (Node's recursive mkdirSync can spin forever on odd filesystems). */
function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new CliError(`error: cannot create directory "${dir}" for the cluster file: ${(e as Error).message}`);
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the exclusive lock beside the file (`cluster.json.lock`, holding our pid). Concurrent sts
 * processes wait their turn; a lock left by a dead process is taken over. Returns the release.
 */
export function lock(path: string, timeoutMs = 30_000): () => void {
  ensureDir(dirname(path));
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.removeListener('exit', release);
        try {
          unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new CliError(`error: cannot lock cluster file "${path}": ${(e as Error).message}`);
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(lockPath, 'utf8'));
    } catch {
      continue; // released between our attempts
    }
    if (Number.isInteger(holder) && holder > 0 && !pidAlive(holder)) {
      // Stale: its owner died mid-command. Its writes were atomic, so the file itself is intact.
      try {
        if (Number(readFileSync(lockPath, 'utf8')) === holder) unlinkSync(lockPath);
      } catch {
        /* someone else cleaned it */
      }
      continue;
    }
    if (Date.now() > deadline)
      throw new CliError(`error: cluster file "${path}" is locked by process ${holder} (${lockPath}); try again when it finishes`);
    sleep(5 + Math.random() * 10);
  }
}

/** Read and check the file; undefined when it does not exist yet. Never modifies it. */
export function load(path: string): ClusterFile | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`error: cannot read cluster file "${path}": ${(e as Error).message}`);
  }
  let data: ClusterFile;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CliError(
      `error: cluster file "${path}" is corrupt (${(e as Error).message}); sts left it untouched. Move it away, or start over with 'sts cluster reset'`,
    );
  }
  if (typeof data !== 'object' || data === null || typeof data.schema !== 'number')
    throw new CliError(
      `error: cluster file "${path}" is corrupt (no schema version); sts left it untouched. Move it away, or start over with 'sts cluster reset'`,
    );
  if (data.schema > SCHEMA_VERSION)
    throw new CliError(
      `error: cluster file "${path}" has schema version ${data.schema}, newer than this sts understands (${SCHEMA_VERSION}); upgrade sts to use it`,
    );
  if (!data.clock || !Array.isArray(data.pods) || typeof data.objects !== 'object')
    throw new CliError(
      `error: cluster file "${path}" is corrupt (missing clock, pods or objects); sts left it untouched. Move it away, or start over with 'sts cluster reset'`,
    );
  data.faults ??= { images: [], pods: {} };
  data.faults.pods ??= {};
  data.features ??= {};
  data.kubeconfig ??= newKubeconfig(); // files from before `sts config`
  return data;
}

/** Write to a temp file, fsync, rename over the old one: readers see the old or the new state, never half. */
export function save(path: string, data: ClusterFile): void {
  ensureDir(dirname(path));
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(data));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dfd = openSync(dirname(path), 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* directories cannot be fsynced everywhere */
  }
}
