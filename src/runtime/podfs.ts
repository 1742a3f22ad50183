// A container's view of files: its mounts (claims → their volume's directory, emptyDir → the
// pod's own directory) over a root of its own that goes with the pod. Paths are walked one
// component at a time with lstat, as the kernel's path walk does (fs/namei.c), so no `..`,
// symlink or dangling link leads out of the pod's roots; mount points stay where they are; every
// write is charged to its volume, which has a quota.
import {
  closeSync,
  fchmodSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  type Stats,
  writeFileSync,
} from 'node:fs';
import { join, normalize, posix, sep } from 'node:path';
import { parseQuantity } from '../api/quantity.js';
import { countFilesChanged } from './files-changed.js';
import { imageInfo, imageName } from './shell/programs/image-table.js';

export interface Mount {
  /** container path, normalized (`/data`) */
  path: string;
  host: string;
  readOnly: boolean;
  /** what `df` shows as its size, and where it comes from */
  size?: string;
  source: string;
}

export type FsReason =
  'ENOENT' | 'EROFS' | 'EACCES' | 'ENOTDIR' | 'EISDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EBUSY' | 'ELOOP' | 'ENOSPC' | 'EINVAL' | 'ENAMETOOLONG' | 'EIO';

export class FsError extends Error {
  constructor(readonly reason: FsReason) {
    super(reason);
  }
}

/** strerror(3), as the commands print it */
export const REASON_TEXT: Record<FsReason, string> = {
  ENOENT: 'No such file or directory',
  EROFS: 'Read-only file system',
  EACCES: 'Permission denied',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EBUSY: 'Device or resource busy',
  ELOOP: 'Too many levels of symbolic links',
  ENOSPC: 'No space left on device',
  EINVAL: 'Invalid argument',
  ENAMETOOLONG: 'File name too long',
  EIO: 'Input/output error',
};

/** The errno behind a failed file operation (ours, or the host's), or undefined when the error is
 *  not one (a bug, to be reported as such). */
export function fsReason(e: unknown): FsReason | undefined {
  if (e instanceof FsError) return e.reason;
  const err = e as NodeJS.ErrnoException | undefined;
  if (!err || typeof err.code !== 'string' || err.syscall === undefined) return undefined;
  if (err.code in REASON_TEXT) return err.code as FsReason;
  return err.code === 'EPERM' ? 'EACCES' : 'EIO';
}

/** strerror text for a failed file operation; anything else is rethrown. */
export function reasonText(e: unknown): string {
  const reason = fsReason(e);
  if (!reason) throw e;
  return REASON_TEXT[reason];
}

export { FILES_CHANGED } from './files-changed.js';

/** Linux's MAXSYMLINKS: links followed in one path walk before ELOOP. */
const MAX_SYMLINKS = 40;

/** The most a volume (claim, emptyDir or the pod's own root) may hold on this machine, whatever
 *  size it claims: volumes are real directories on the disk sts runs on, and a quota keeps a
 *  command in a pod from filling that disk. A smaller declared size is the quota instead. */
export const VOLUME_QUOTA_BYTES = 2 ** 30;

/** What a file takes on disk, as `du` and `df` count it: whole 4 KiB blocks, at least one. */
export const blocksOf = (size: number) => Math.max(4096, Math.ceil(size / 4096) * 4096);

/** Bytes used under a host directory (lstat: links are not followed). */
export function usedBytes(host: string, tick?: () => void): number {
  let total = 4096;
  for (const name of readdirSync(host)) {
    tick?.();
    const st = lstatSync(join(host, name));
    total += st.isDirectory() ? usedBytes(join(host, name), tick) : blocksOf(st.size);
  }
  return total;
}

/** One resolved path: a container path without symlinks, where it lives, and what is there. */
export interface Entry {
  abs: string;
  host: string;
  mount: Mount;
  /** lstat; undefined when nothing is there (its directory is) */
  stat?: Stats;
}

export interface LookupOptions {
  /** follow a symlink in the last component (open, stat), or act on the link itself (lstat, unlink, rename) */
  follow?: boolean;
  /** the caller will change what is there: a read-only mount refuses with EROFS */
  write?: boolean;
}

const missingAsUndefined =
  (fn: (host: string) => Stats) =>
  (host: string): Stats | undefined => {
    try {
      return fn(host);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
const lstatOrMissing = missingAsUndefined(lstatSync);
const statOrMissing = missingAsUndefined(statSync);

export class PodFs {
  /** longest container path first, so /usr/share/nginx/html wins over / */
  readonly mounts: Mount[];
  /** called while walking a large tree (the exec's deadline) */
  tick?: () => void;
  /** bytes in use per volume directory, counted once, then kept up to date by our own writes */
  private readonly used = new Map<string, number>();
  /** noted that a command changed the pod's files (FILES_CHANGED) */
  private noted = false;
  /** each mount's host directory as given and as the kernel names it (a link target may use either) */
  private readonly hostNames: { mount: Mount; dir: string }[];

  constructor(mounts: Mount[]) {
    this.mounts = [...mounts].sort((a, b) => b.path.length - a.path.length);
    this.hostNames = this.mounts.flatMap((mount) => {
      const names = [normalize(mount.host)];
      if (existsSync(mount.host)) names.push(realpathSync(mount.host));
      return [...new Set(names)].map((dir) => ({ mount, dir }));
    });
  }

  /** Normalize a container path against the working directory. */
  static abs(path: string, cwd: string): string {
    const p = posix.normalize(path.startsWith('/') ? path : posix.join(cwd, path));
    return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
  }

  mountOf(abs: string): Mount {
    return this.mounts.find((m) => m.path === '/' || abs === m.path || abs.startsWith(`${m.path}/`))!;
  }

  /** Whether a path is a mount point, or a directory with one somewhere below it. */
  holdsMount(abs: string): boolean {
    return this.mounts.some((m) => m.path !== '/' && (abs === '/' || m.path === abs || m.path.startsWith(`${abs}/`)));
  }

  isMountPoint(abs: string): boolean {
    return abs === '/' || this.mounts.some((m) => m.path === abs);
  }

  /** Where a symlink-free container path lives on this machine. */
  private place(abs: string): { host: string; mount: Mount } {
    const mount = this.mountOf(abs);
    const rel = mount.path === '/' ? abs.slice(1) : abs.slice(mount.path.length + 1);
    return { mount, host: rel ? join(mount.host, ...rel.split('/')) : mount.host };
  }

  /**
   * Resolve a normalized container path component by component. A symlink met on the way is
   * followed as the container's kernel would: a relative target from the link's own directory in
   * the container (so `..` stops at the container's `/`); an absolute target is a path on this
   * machine (only sts's host can plant one), followed only into one of this pod's roots, else
   * EACCES. Missing directories on the way give ENOENT, files ENOTDIR, loops ELOOP.
   */
  lookup(path: string, { follow = true, write = false }: LookupOptions = {}): Entry {
    let rest = path.split('/').filter(Boolean);
    let abs = '/';
    let hops = 0;
    let entry: Entry = { abs, ...this.place(abs) };
    entry.stat = lstatOrMissing(entry.host);
    while (rest.length) {
      const name = rest.shift()!;
      const next = abs === '/' ? `/${name}` : `${abs}/${name}`;
      const at = this.place(next);
      // a volume's own directory is sts's, never a link to follow or refuse
      const stat = at.host === at.mount.host ? statOrMissing(at.host) : lstatOrMissing(at.host);
      if (!stat) {
        // the directories a mount point sits in exist in the container even when the root lacks them
        if (rest.length && this.holdsMount(next)) {
          abs = next;
          continue;
        }
        if (rest.length) throw new FsError('ENOENT');
        entry = { abs: next, ...at };
        break;
      }
      if (stat.isSymbolicLink() && (rest.length || follow)) {
        if (++hops > MAX_SYMLINKS) throw new FsError('ELOOP');
        const target = readlinkSync(at.host);
        const into = target.startsWith('/') ? this.containerPathOf(target, at.mount) : posix.normalize(`${abs}/${target}`);
        rest = [...into.split('/').filter(Boolean), ...rest];
        abs = '/';
        entry = { abs, ...this.place(abs) };
        entry.stat = lstatOrMissing(entry.host);
        continue;
      }
      if (rest.length && !stat.isDirectory()) throw new FsError('ENOTDIR');
      abs = next;
      entry = { abs, ...at, stat };
    }
    if (write && entry.mount.readOnly) throw new FsError('EROFS');
    return entry;
  }

  /** The container path of a host path inside one of this pod's roots (a planted absolute link's
   *  target); through the link's own mount when that holds it, so a read-only view stays one. */
  private containerPathOf(target: string, from: Mount): string {
    const t = normalize(target);
    const candidates = [...this.hostNames.filter((h) => h.mount === from), ...this.hostNames.filter((h) => h.mount !== from)];
    for (const { mount, dir } of candidates) {
      if (t !== dir && !t.startsWith(dir + sep)) continue;
      const rel = t
        .slice(dir.length + 1)
        .split(sep)
        .filter(Boolean)
        .join('/');
      const abs = mount.path === '/' ? `/${rel}` : rel ? `${mount.path}/${rel}` : mount.path;
      // a part of the root hidden under another mount is not reachable in the container
      if (this.mountOf(abs) === mount) return abs;
    }
    throw new FsError('EACCES');
  }

  /** The host path for a container path (symlinks resolved, refused when they lead out). */
  resolve(abs: string, forWrite = false): { host: string; mount: Mount } {
    const e = this.lookup(abs, { write: forWrite });
    return { host: e.host, mount: e.mount };
  }

  /** The names in a directory: its own entries, and the mount points in it. */
  list(dir: Entry): string[] {
    const names = new Set(readdirSync(dir.host));
    if (dir.abs === '/') names.delete('.sts-seeded');
    for (const m of this.mounts) if (m.path !== '/' && posix.dirname(m.path) === dir.abs) names.add(posix.basename(m.path));
    return [...names];
  }

  // ------------------------------------------------------------ writes, within each volume's quota

  /** Count up FILES_CHANGED next to the pod's root (sts's own directory, out of the container's reach). */
  private noteChange(): void {
    const root = this.noted ? undefined : this.mounts.find((m) => m.path === '/');
    this.noted = true;
    if (root && existsSync(root.host)) countFilesChanged(join(root.host, '..'));
  }

  quotaOf(m: Mount): number {
    const declared = parseQuantity(m.size);
    return declared !== undefined && declared > 0 ? Math.min(declared, VOLUME_QUOTA_BYTES) : VOLUME_QUOTA_BYTES;
  }

  usedBy(m: Mount): number {
    let used = this.used.get(m.host);
    if (used === undefined) this.used.set(m.host, (used = usedBytes(m.host, this.tick)));
    return used;
  }

  /** Take (or give back) bytes of a volume: ENOSPC when they are not there. */
  private charge(m: Mount, bytes: number): void {
    this.noteChange();
    const used = this.usedBy(m);
    if (bytes > 0 && used + bytes > this.quotaOf(m)) throw new FsError('ENOSPC');
    this.used.set(m.host, Math.max(0, used + bytes));
  }

  /** A regular file's contents. Opened with O_NOFOLLOW (lookup has followed any link there, so one
   *  found now was planted since) and O_NONBLOCK; a fifo or device planted from outside, which
   *  could block or never end while the cluster is locked, is not read. */
  readFile(e: Entry): Buffer {
    if (!e.stat) throw new FsError('ENOENT');
    if (e.stat.isDirectory()) throw new FsError('EISDIR');
    if (!e.stat.isFile()) throw new FsError('EACCES');
    const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
    const fd = openSync(e.host, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    try {
      if (!fstatSync(fd).isFile()) throw new FsError('EACCES');
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Create or replace a file's contents (or add to them), opened as readFile opens. */
  writeFile(e: Entry, data: string | Buffer, append = false): void {
    if (e.mount.readOnly) throw new FsError('EROFS');
    if (e.stat?.isDirectory()) throw new FsError('EISDIR');
    if (e.stat && !e.stat.isFile()) throw new FsError('EACCES');
    const before = e.stat ? e.stat.size : 0;
    const size = (append ? before : 0) + (typeof data === 'string' ? Buffer.byteLength(data) : data.length);
    this.charge(e.mount, blocksOf(size) - (e.stat ? blocksOf(before) : 0));
    const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, O_NOFOLLOW, O_NONBLOCK } = constants;
    const fd = openSync(e.host, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | (append ? O_APPEND : O_TRUNC), 0o644);
    try {
      writeFileSync(fd, data);
    } finally {
      closeSync(fd);
    }
  }

  mkdir(e: Entry): void {
    if (e.mount.readOnly) throw new FsError('EROFS');
    if (e.stat || this.isMountPoint(e.abs)) throw new FsError('EEXIST');
    this.charge(e.mount, 4096);
    mkdirSync(e.host);
  }

  /** A symbolic link, as cp -r and mv copy one: its target text, to be judged when it is used. */
  symlink(e: Entry, target: string): void {
    if (e.mount.readOnly) throw new FsError('EROFS');
    if (e.stat) throw new FsError('EEXIST');
    this.charge(e.mount, 4096);
    symlinkSync(target, e.host);
  }

  /** Remove a file, link or (recursive) tree; never a mount point or a tree that holds one. */
  remove(e: Entry, recursive = false): void {
    if (this.holdsMount(e.abs)) throw new FsError('EBUSY');
    if (e.mount.readOnly) throw new FsError('EROFS');
    if (!e.stat) throw new FsError('ENOENT');
    const freed = e.stat.isDirectory() ? usedBytes(e.host, this.tick) : blocksOf(e.stat.size);
    if (e.stat.isDirectory() && !recursive && readdirSync(e.host).length) throw new FsError('ENOTEMPTY');
    rmSync(e.host, { recursive: true });
    this.charge(e.mount, -freed);
  }

  /** chmod(2) on what lookup found; the host file keeps its owner's rw (rwx for a directory), so
   *  sts can still read and remove it; no set-id bits. O_NOFOLLOW: a link planted since is refused. */
  chmod(e: Entry, mode: number): void {
    if (!e.stat) throw new FsError('ENOENT');
    if (e.mount.readOnly) throw new FsError('EROFS');
    if (!e.stat.isFile() && !e.stat.isDirectory()) throw new FsError('EACCES');
    const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
    this.noteChange();
    const fd = openSync(e.host, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    try {
      fchmodSync(fd, (mode & 0o777) | (e.stat.isDirectory() ? 0o700 : 0o600));
    } finally {
      closeSync(fd);
    }
  }

  /** rename(2) within one volume; the caller copies across volumes, as mv does on EXDEV. */
  rename(from: Entry, to: Entry): void {
    if (this.holdsMount(from.abs) || this.isMountPoint(to.abs)) throw new FsError('EBUSY');
    if (from.mount.readOnly || to.mount.readOnly) throw new FsError('EROFS');
    if (from.mount.host !== to.mount.host) throw new FsError('EINVAL');
    const replaced = to.stat && !to.stat.isDirectory() ? blocksOf(to.stat.size) : 0;
    renameSync(from.host, to.host);
    this.charge(to.mount, -replaced);
  }
}

/** mkdir -p under a root of the pod's own, stopping at anything that is not a plain directory:
 *  a link planted there must not lead the runtime's own writes out of the pod. */
export function makeDirs(root: string, rel: string): boolean {
  let dir = root;
  for (const name of rel.split('/').filter(Boolean)) {
    dir = join(dir, name);
    const st = lstatOrMissing(dir);
    if (!st) mkdirSync(dir);
    else if (!st.isDirectory()) return false;
  }
  return true;
}

/** Write a file the runtime provides, unless a link or directory sits where it goes. */
function provide(root: string, rel: string, data: string, mode = 0o644): void {
  if (!makeDirs(root, posix.dirname(rel))) return;
  const { O_WRONLY, O_CREAT, O_TRUNC, O_NOFOLLOW } = constants;
  let fd: number;
  try {
    fd = openSync(join(root, ...rel.split('/')), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode);
  } catch (e) {
    if (fsReason(e)) return;
    throw e;
  }
  try {
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** The marker of a seeded root: the names of the images whose tools it was given, one a line. */
function seededImages(root: string): string[] | undefined {
  const st = lstatOrMissing(join(root, '.sts-seeded'));
  if (!st) return undefined;
  return st.isFile() && st.size < 4096 ? readFileSync(join(root, '.sts-seeded'), 'utf8').split('\n').filter(Boolean) : [];
}

/** Lay down a few files an image would have (nginx's and httpd's pages) once per pod root, and
 *  once per image the tools its probes run (image-table.ts; a pod's containers share the root). */
export function seedRoot(root: string, images: string[], hostname: string, hostsLine: string): void {
  const seeded = seededImages(root);
  const toolsFor = images.map(imageName).filter((n) => !seeded?.includes(n));
  if (seeded && !toolsFor.length) return;
  if (!seeded) {
    for (const d of ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'tmp', 'usr', 'var']) makeDirs(root, d);
    provide(root, 'etc/hostname', `${hostname}\n`);
    provide(root, 'etc/hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n${hostsLine}\n`);
  }
  for (const image of images) {
    const info = imageInfo(image);
    if (!seeded) for (const [path, text] of Object.entries(info?.files ?? {})) provide(root, path.slice(1), text);
    if (toolsFor.includes(imageName(image)))
      for (const [tool, path] of Object.entries(info?.tools ?? {}))
        provide(root, path.slice(1), `#!/bin/sh\n# ${tool}: part of the ${imageName(image)} image (simulated by sts)\n`, 0o755);
  }
  provide(root, '.sts-seeded', [...(seeded ?? []), ...toolsFor].map((n) => `${n}\n`).join(''));
}
