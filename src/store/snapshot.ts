// `sts snapshot`: whole copies of the cluster (the root, its documents, volume data and pods' files)
// kept beside it, and a restore that puts one back all or nothing (store/snapshot-commit.ts). The
// caller holds the cluster's lock. Layout:
//   <file>.snapshots/<NAME>/snapshot.json   name, when taken, the cluster's clock then, bytes
//   <file>.snapshots/<NAME>/root.json       the root file as saved
//   <file>.snapshots/<NAME>/docs/           the documents that root names
//   <file>.snapshots/<NAME>/volumes/, pods/ the volume data and pods' files (as <file>.data/ has them)
import {
  closeSync,
  cpSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../api/errors.js';
import { DIR_MODE, dataDir, ensureDir } from './data-dirs.js';
import { docsDir } from './docs.js';
import { load } from './file.js';
import type { ClusterFile } from './schema.js';
import { finishRestore, markCommitted, RESTORED_ROOT, restoreDir, switchedDirs } from './snapshot-commit.js';

export const snapshotsDir = (statePath: string) => `${statePath}.snapshots`;
const META = 'snapshot.json';

export interface SnapshotInfo {
  name: string;
  /** wall-clock time it was taken (ms) */
  created: number;
  /** the cluster's clock then */
  clock: { mode: 'real' | 'manual'; now: number };
  /** bytes of the root, documents and data */
  bytes: number;
}

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
/** Why a name cannot name a snapshot (it becomes a directory's name). */
export function snapshotNameProblem(name: string): string | undefined {
  return NAME.test(name)
    ? undefined
    : `error: invalid snapshot name "${name}": letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63 characters`;
}

const notFound = (name: string) => new CliError(`error: snapshot "${name}" not found`);

function bytesIn(path: string): number {
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.size;
  let n = 0;
  for (const e of readdirSync(path)) n += bytesIn(join(path, e));
  return n;
}

const copyTree = (from: string, to: string) => {
  if (existsSync(from)) cpSync(from, to, { recursive: true, verbatimSymlinks: true, errorOnExist: true, force: false, preserveTimestamps: true });
};

function writeSynced(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Finish a restore a killed command left half done (see store/snapshot-commit.ts). */
export const recoverRestore = (statePath: string, target: string) => finishRestore(statePath, target);

/** Copy the cluster as saved into a new snapshot. */
export function saveSnapshot(statePath: string, target: string, name: string, now = Date.now()): SnapshotInfo {
  const root = load(statePath);
  if (!root) throw new CliError(`error: there is no cluster at ${statePath} to take a snapshot of`);
  const dir = join(snapshotsDir(statePath), name);
  if (existsSync(dir)) throw new CliError(`error: snapshot "${name}" already exists (delete it first: sts snapshot delete ${name})`);
  ensureDir(snapshotsDir(statePath));
  const tmp = join(snapshotsDir(statePath), `.${name}.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, DIR_MODE);
    writeSynced(join(tmp, RESTORED_ROOT), readFileSync(target, 'utf8'));
    // only the documents the root names (a killed save may have left others); namespaces share packs
    const named = new Set([...Object.values(root.docs ?? {}).map((d) => d.file), ...(root.eventsFile ? [root.eventsFile] : [])]);
    mkdirSync(join(tmp, 'docs'), DIR_MODE);
    for (const f of named) cpSync(join(docsDir(target), f), join(tmp, 'docs', f));
    copyTree(join(dataDir(statePath), 'volumes'), join(tmp, 'volumes'));
    copyTree(join(dataDir(statePath), 'pods'), join(tmp, 'pods'));
    const info: SnapshotInfo = { name, created: now, clock: { mode: root.clock.mode, now: root.clock.now }, bytes: bytesIn(tmp) };
    writeSynced(join(tmp, META), JSON.stringify(info));
    renameSync(tmp, dir);
    return info;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof CliError) throw e;
    throw new CliError(`error: could not save snapshot "${name}": ${(e as Error).message}`);
  }
}

function readInfo(statePath: string, name: string): SnapshotInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(join(snapshotsDir(statePath), name, META), 'utf8')) as SnapshotInfo;
    return typeof info.created === 'number' && typeof info.clock?.now === 'number' ? { ...info, name } : undefined;
  } catch {
    return undefined;
  }
}

/** The snapshots, oldest first (directories without a readable description are not snapshots). */
export function listSnapshots(statePath: string): SnapshotInfo[] {
  const dir = snapshotsDir(statePath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .map((n) => readInfo(statePath, n))
    .filter((i): i is SnapshotInfo => i !== undefined)
    .sort((a, b) => a.created - b.created || a.name.localeCompare(b.name));
}

export function deleteSnapshot(statePath: string, name: string): void {
  const dir = join(snapshotsDir(statePath), name);
  if (!readInfo(statePath, name)) throw notFound(name);
  // out of sight in one step, then removed
  const doomed = join(snapshotsDir(statePath), `.${name}.${process.pid}.deleting`);
  renameSync(dir, doomed);
  rmSync(doomed, { recursive: true, force: true });
}

/**
 * The snapshot's root, its counters moved up to the live cluster's where those are ahead: a
 * resourceVersion, uid or address handed out since the snapshot is never handed out again (a client
 * that saw version 39 must never see a newer object at 28; the garbage collector matches owners by uid).
 */
function withLiveCounters(rootText: string, statePath: string): string {
  let live: ClusterFile['seq'] | undefined;
  try {
    live = (JSON.parse(readFileSync(statePath, 'utf8')) as ClusterFile).seq;
  } catch {
    return rootText; // no live cluster (or one refused as corrupt): nothing handed out to keep clear of
  }
  const root = JSON.parse(rootText) as ClusterFile;
  const seq = root.seq;
  if (!live || !seq) return rootText;
  seq.uid = Math.max(seq.uid, live.uid);
  seq.rv = Math.max(seq.rv, live.rv);
  seq.clusterIP = Math.max(seq.clusterIP, live.clusterIP);
  for (const [node, n] of Object.entries(live.podIP ?? {})) seq.podIP[node] = Math.max(seq.podIP[node] ?? 0, n);
  const reserved = [...new Set([...(seq.reservedIPs ?? []), ...(live.reservedIPs ?? [])])];
  if (reserved.length) seq.reservedIPs = reserved;
  return JSON.stringify(root);
}

/**
 * Put a snapshot back: build the restored copy beside the live cluster (<file>.restore/), mark the
 * decision, then switch with renames (store/snapshot-commit.ts). Any failure before the mark leaves
 * the live cluster as it was. `afterStep` is the tests' hook (see finishRestore).
 */
export function restoreSnapshot(statePath: string, target: string, name: string, afterStep?: (step: number) => void): SnapshotInfo {
  finishRestore(statePath, target);
  const info = readInfo(statePath, name);
  if (!info) throw notFound(name);
  const from = join(snapshotsDir(statePath), name);
  const dir = restoreDir(statePath);
  try {
    mkdirSync(dir, DIR_MODE);
    writeSynced(join(dir, RESTORED_ROOT), withLiveCounters(readFileSync(join(from, RESTORED_ROOT), 'utf8'), statePath));
    for (const { staged } of switchedDirs(statePath, target)) {
      if (existsSync(join(from, staged))) copyTree(join(from, staged), join(dir, staged));
      else mkdirSync(join(dir, staged), DIR_MODE);
    }
    ensureDir(dataDir(statePath));
    ensureDir(dataDir(target));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new CliError(`error: could not restore snapshot "${name}": ${(e as Error).message}; the cluster is unchanged`);
  }
  markCommitted(statePath);
  afterStep?.(0);
  finishRestore(statePath, target, afterStep);
  return info;
}
