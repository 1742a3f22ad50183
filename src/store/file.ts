// The cluster file on disk: where it is, its lock (lock.ts), load with checks, and a save that leaves
// the old state or the new, never a part: the kubelet's checkpoint store (pkg/kubelet/util/store/
// filestore.go, writeFile) writes aside, fsyncs, renames, and removes the temp file on any error.
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../api/errors.js';
import { Cluster, type DocSource } from './cluster.js';
import { ensureDir, fixDataDirMode } from './data-dirs.js';
import { DocReader, readEventsDoc, removeWritten, retireSuperseded, sweepDocs, writeAll, writeDocs, type SaveIo } from './docs.js';
import { newKubeconfig } from './kubeconfig.js';
import { acquireLock, errnoText, LOCK_TIMEOUT_MS, liveSts, type LockOptions } from './lock.js';
import { SCHEMA_VERSION, shapeProblem, type ClusterFile } from './schema.js';
import { splitState } from './split.js';
import { finishRestore } from './snapshot-commit.js';

export type { SaveIo } from './docs.js';

export { pidAlive } from './lock.js';

/** The cluster file: only its owner may read or write it. */
const FILE_MODE = 0o600;

export { statePath } from './state-path.js';

/**
 * Take the cluster file's lock (see lock.ts) and return its release. Taking over from a holder that
 * died also clears the temp file it may have been writing.
 */
export function lock(path: string, timeoutMs = LOCK_TIMEOUT_MS, about: Pick<LockOptions, 'command' | 'statsFile' | 'notice'> = {}): () => void {
  return acquireLock(path, {
    ...about,
    timeoutMs,
    afterTakeover: () => {
      finishRestore(path, stateTarget(path)); // a restore killed after its decision (store/snapshot-commit.ts)
      removeDeadTemps(path);
      removeUnnamedDocs(path);
    },
  });
}

const corrupt = (path: string, why: string) =>
  new CliError(`error: cluster file "${path}" is corrupt (${why}); sts left it untouched. Move it away, or start over with 'sts cluster reset'`);

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
    throw corrupt(path, (e as Error).message);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Number.isSafeInteger(data.schema) || data.schema < 1)
    throw corrupt(path, 'no schema version');
  if (data.schema > SCHEMA_VERSION)
    throw new CliError(
      `error: cluster file "${path}" has schema version ${data.schema}, newer than this sts understands (${SCHEMA_VERSION}); upgrade sts to use it`,
    );
  const problem = shapeProblem(data);
  if (problem) throw corrupt(path, problem);
  data.pods ??= [];
  data.bound ??= {};
  data.faults ??= { images: [], pods: {} };
  data.faults.pods ??= {};
  data.features ??= {};
  data.kubeconfig ??= newKubeconfig(); // files from before `sts config`
  return data;
}

const nodeIo: SaveIo = { writeSync, fsyncSync };

/** Where a root's documents are read from. */
export function docSource(path: string): DocSource {
  const target = stateTarget(path);
  const reader = new DocReader(target);
  return {
    readNs: (file, ns) => reader.readNs(file, ns),
    nsText: (file, ns) => reader.text(file, ns),
    readEvents: (file) => readEventsDoc(target, file),
    forget: () => reader.forget(),
  };
}

/** The root file a path names, through symlinks: its documents are beside it, so a link switched
 *  from one cluster to another takes the other's documents with it. */
export const stateTarget = (path: string) => resolveLink(path).target;

/** The cluster at `path` (its root read; documents as they are asked for), or undefined when there is none yet. */
export function open(path: string): Cluster | undefined {
  const file = load(path);
  return file && new Cluster(file, docSource(path));
}

/**
 * Save a cluster: the documents that changed, each into its spare slot, then the root that names them
 * (see store/docs.ts); the old documents are emptied (or removed) once the new root is in place. A
 * failure anywhere leaves the previous state whole and fails the command.
 */
export async function saveCluster(path: string, c: Cluster, io: SaveIo = nodeIo): Promise<void> {
  const { target, stat } = resolveLink(path);
  if (stat) refuseReadOnly(path, target, stat);
  const { root, docs, saved } = splitState(c);
  try {
    await writeDocs(target, docs, io, FILE_MODE);
  } catch (e) {
    throw new CliError(`error: could not save the cluster file ${path}: ${errnoText(e)}; the previous state is kept`);
  }
  try {
    save(path, root, io);
  } catch (e) {
    await removeWritten(target, [...docs.write.keys()]);
    throw e;
  }
  saved();
  await retireSuperseded(target, docs.superseded, docs.write);
}

/** Documents no root names: left by a writer killed between writing them and its root. */
function removeUnnamedDocs(path: string): void {
  try {
    const root = load(path);
    // a root with no documents (one `cluster reset` wrote) names none: those left are all unnamed
    if (root)
      sweepDocs(stateTarget(path), new Set([...Object.values(root.docs ?? {}).map((d) => d.file), ...(root.eventsFile ? [root.eventsFile] : [])]));
  } catch {
    /* a corrupt root is refused by the command itself; nothing is removed */
  }
}

/**
 * Write the whole state to a temp file beside the file (through a symlink: beside its target, which
 * is what gets replaced, so the link stays a link), fsync it, rename it over the old one: readers
 * see the old or the new state, never half. A write cut short or failing (ENOSPC, EDQUOT, EIO…)
 * removes the temp file and fails the command; the old state is kept. A read-only file is refused.
 * A file of another mode is replaced by one of mode 0600.
 */
export function save(path: string, data: ClusterFile, io: SaveIo = nodeIo): void {
  const { target, stat } = resolveLink(path);
  if (stat) refuseReadOnly(path, target, stat);
  ensureDir(dirname(target));
  const tmp = tempOf(target, process.pid);
  const text = Buffer.from(JSON.stringify(data));
  let fd: number | undefined;
  try {
    fd = openTemp(tmp);
    writeAll(io, fd, text);
    io.fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        /* the error that matters is e */
      }
    try {
      unlinkSync(tmp);
    } catch {
      /* never made */
    }
    throw new CliError(`error: could not save the cluster file ${path}: ${errnoText(e)}; the previous state is kept`);
  }
  try {
    const dfd = openSync(dirname(target), 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* directories cannot be fsynced everywhere */
  }
  fixDataDirMode(path);
}

/** The temp file, new and private (one a dead process with our pid left is replaced). */
function openTemp(tmp: string): number {
  try {
    return openSync(tmp, 'wx', FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    unlinkSync(tmp);
    return openSync(tmp, 'wx', FILE_MODE);
  }
}

const tempOf = (target: string, pid: number) => `${target}.${pid}.tmp`;

/** Remove temp files of writers that are no longer running (killed mid-save); the lock is ours. */
function removeDeadTemps(path: string): void {
  try {
    const { target } = resolveLink(path);
    const prefix = `${basename(target)}.`;
    for (const name of readdirSync(dirname(target))) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const pid = name.slice(prefix.length, -'.tmp'.length);
      if (/^\d+$/.test(pid) && !liveSts(Number(pid))) unlinkSync(join(dirname(target), name));
    }
  } catch {
    /* a leftover stays for the next takeover; the command goes on */
  }
}

/** Follow a symlinked cluster file to the file it names (through every link; a dangling one names
 *  the file to create), with that file's stat when it exists: one lstat for a plain file. */
function resolveLink(path: string): { target: string; stat?: Stats } {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return { target: p }; // not there yet
    }
    if (!st.isSymbolicLink()) return { target: p, stat: st };
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new CliError(`error: could not save the cluster file ${path}: too many levels of symbolic links (ELOOP); the previous state is kept`);
}

/** A file its user may not write is one they want kept as it is (chmod a-w): never replace it,
 *  even where a rename could (the directory is writable, or we are root). */
function refuseReadOnly(path: string, target: string, st: Stats): void {
  const uid = process.getuid?.();
  let writable: boolean;
  if (uid === undefined || uid === 0 || uid === st.uid) writable = (st.mode & 0o200) !== 0;
  else
    try {
      accessSync(target, constants.W_OK);
      writable = true;
    } catch {
      writable = false;
    }
  if (!writable) throw new CliError(`error: the cluster file ${path} is read-only; sts will not replace it`);
}
