// `sts cp SRC DEST`: copy files and directories between this machine and a pod, as kubectl's cp.go
// does it over tar: file specs `[[namespace/]pod:]path`, `test -d` on a pod destination, tar run in
// the container (runtime/copy.ts), and the local half of the archive here (makeTar, untarAll).
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, normalize, posix, relative } from 'node:path';
import { CliError } from '../api/errors.js';
import { openContainer } from '../runtime/container.js';
import { tarCreate, tarExtract, type TarEntry, type TarResult } from '../runtime/copy.js';
import { Shell } from '../runtime/shell.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { target } from './exec.js';
import { err, io, localPath, setExitCode } from './output.js';
import type { Verb } from './verb.js';

export const cpVerb: Verb = {
  honours: ['container'],
  // ownership and modes are not simulated; a copy in one process has nothing to retry
  ignores: ['no-preserve', 'retries'],
  run: ({ args, opts }) => cp(args, opts),
};

export interface CpOpts extends GlobalOpts {
  container?: string;
}

interface FileSpec {
  podNamespace?: string;
  podName?: string;
  file: string;
}

const SPEC_FORMAT = 'error: filespec must match the canonical format: [[namespace/]pod:]file/path';

/** stripTrailingSlash: one trailing separator goes, except from the root */
const stripTrailingSlash = (f: string) => (f.length > 1 && f.endsWith('/') ? f.slice(0, -1) : f);

/** extractFileSpec: `path`, `pod:path` or `namespace/pod:path`. */
export function extractFileSpec(arg: string): FileSpec {
  const i = arg.indexOf(':');
  if (i === 0) throw new CliError(SPEC_FORMAT);
  if (i < 0) return { file: stripTrailingSlash(arg) };
  const pieces = arg.slice(0, i).split('/');
  const file = stripTrailingSlash(arg.slice(i + 1)).replace(/\\/g, '/');
  if (pieces.length === 1) return { podName: pieces[0], file };
  if (pieces.length === 2) return { podNamespace: pieces[0], podName: pieces[1], file };
  throw new CliError(SPEC_FORMAT);
}

/** stripPathShortcuts: leading `../` and a bare `.` or `..` go, then one leading `/`. */
function stripPathShortcuts(p: string): string {
  let path = p;
  while (path.startsWith('../')) path = path.slice(3);
  if (path === '.' || path === '..') path = '';
  return path.startsWith('/') ? path.slice(1) : path;
}

/** Go's *PathError text for a failed local write: `open /tmp/x: is a directory`. */
function goPathError(op: string, path: string, e: unknown): CliError {
  const texts: Record<string, string> = {
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EEXIST: 'file exists',
    EROFS: 'read-only file system',
  };
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return new CliError(`error: ${op} ${path}: ${texts[code] ?? (e as Error).message}`);
}

/** makeTar: the local file or tree, named as it will be under the destination's directory. */
function makeTar(src: string, destBase: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const walk = (local: string, name: string) => {
    const st = lstatSync(localPath(local));
    if (st.isDirectory()) {
      const files = readdirSync(localPath(local)).sort();
      // only an empty directory gets an entry of its own; tar makes the others as it goes
      if (!files.length) entries.push({ name, type: 'dir' });
      for (const f of files) walk(join(local, f), `${name}/${f}`);
    } else if (st.isSymbolicLink()) entries.push({ name, type: 'symlink', target: readlinkSync(local) });
    else entries.push({ name, type: 'file', data: readFileSync(localPath(local)) });
  };
  walk(normalize(src), destBase);
  return entries;
}

/** untarAll: the archive's members written under the local destination; what it refuses is said. */
function untarAll(entries: TarEntry[], prefix: string, dest: string, spec: { ns: string; pod: string; src: string }): void {
  let symlinkWarned = false;
  for (const e of entries) {
    if (!e.name.startsWith(prefix)) throw new CliError('error: tar contents corrupted');
    const destFile = join(dest, e.name.slice(prefix.length));
    const rel = relative(dest, destFile);
    if (rel.startsWith('..')) {
      err(`warning: file ${JSON.stringify(destFile)} is outside target destination, skipping`);
      continue;
    }
    try {
      mkdirSync(localPath(dirname(destFile)), { recursive: true });
    } catch (x) {
      throw goPathError('mkdir', dirname(destFile), x);
    }
    if (e.type === 'dir') {
      mkdirSync(localPath(destFile), { recursive: true });
      continue;
    }
    if (e.type === 'symlink') {
      if (!symlinkWarned) {
        err(
          `warning: skipping symlink: ${JSON.stringify(destFile)} -> ${JSON.stringify(e.target)} (consider using "sts exec -n ${JSON.stringify(spec.ns)} ${JSON.stringify(spec.pod)} -- tar cf - ${JSON.stringify(spec.src)} | tar xf -")`,
        );
        symlinkWarned = true;
      } else err(`warning: skipping symlink: ${JSON.stringify(destFile)} -> ${JSON.stringify(e.target)}`);
      continue;
    }
    try {
      writeFileSync(localPath(destFile), e.data);
    } catch (x) {
      throw goPathError('open', destFile, x);
    }
  }
}

/** The exec's end: tar's stderr, and a failure ends kubectl with tar's exit code (CheckErr on an ExitError). */
function finish(r: TarResult): void {
  if (r.err) io().stderr.write(r.err);
  if (r.code !== 0) {
    err(`command terminated with exit code ${r.code}`);
    setExitCode(r.code);
  }
}

export async function cp(args: string[], opts: CpOpts): Promise<void> {
  if (args.length !== 2) throw new CliError('error: source and destination are required');
  const [src, dest] = args.map(extractFileSpec);
  if (src.podName && dest.podName) throw new CliError('error: one of src or dest must be a local file specification');
  if (!src.file || !dest.file) throw new CliError('error: filepath can not be empty');
  if (!src.podName && !dest.podName) throw new CliError('error: one of src or dest must be a remote file specification');
  const path = statePath(opts.state);
  const open = (c: Cluster, spec: FileSpec) => {
    const ns = spec.podNamespace || namespaceOf(opts);
    const ctr = target(c, ns, spec.podName!, opts.container);
    return openContainer(c, path, c.pod(ns, spec.podName!)!, ctr);
  };

  if (src.podName) {
    // copyFromPod: `tar cf - SRC` in the pod; its stderr reaches kubectl's stdout (cp.go's TarPipe)
    const r = await withCluster(opts, (c) => tarCreate(open(c, src), src.file));
    if (r.err) io().stdout.write(r.err);
    // kubectl's exit status races with the archive it reads; the archive (empty) wins: exit 0
    const prefix = stripPathShortcuts(posix.normalize(src.file.replace(/^[/\\]+/, '')));
    untarAll(r.entries, prefix, dest.file, { ns: src.podNamespace || namespaceOf(opts), pod: src.podName, src: src.file });
    return;
  }

  // copyToPod
  if (!existsSync(localPath(src.file))) throw new CliError(`error: ${src.file} doesn't exist in local filesystem`);
  const r = await withCluster(opts, (c) => {
    const ctr = open(c, dest);
    let destFile = dest.file;
    if (new Shell(ctr).exec(['test', '-d', dest.file]).code === 0) destFile = posix.join(destFile, basename(src.file));
    const entries = makeTar(src.file, posix.basename(posix.normalize(destFile)));
    for (const e of entries) if (e.type === 'symlink') err(`warning: sts does not copy symlinks into pods: skipping ${e.name} -> ${e.target}`);
    return tarExtract(ctr, entries, posix.dirname(posix.normalize(destFile)));
  });
  finish(r);
}
