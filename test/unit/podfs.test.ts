// PodFs (src/runtime/podfs.ts): the path walk, one component at a time with lstat, over a root, a
// claim and a read-only mount laid out as real directories, with links planted from outside as
// a user on the host would plant them; mount points that stay put; each volume's quota.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FsReason, PodFs } from '../../src/runtime/podfs.js';

let dir: string;
let root: string;
let claim: string;
let ro: string;
let outside: string;
let fs: PodFs;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-podfs-'));
  [root, claim, ro, outside] = ['root', 'claim', 'ro', 'outside'].map((d) => join(dir, d));
  for (const d of [root, claim, ro, outside, join(root, 'etc'), join(root, 'data'), join(root, 'ro')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(root, 'etc', 'hostname'), 'web-0\n');
  writeFileSync(join(outside, 'secret'), 'outside\n');
  writeFileSync(join(ro, 'config'), 'x=1\n');
  fs = new PodFs([
    { path: '/', host: root, readOnly: false, source: 'overlay' },
    { path: '/data', host: claim, readOnly: false, size: '64Ki', source: '/dev/pvc-1' },
    { path: '/ro', host: ro, readOnly: true, source: 'tmpfs' },
  ]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The errno a call fails with, or 'ok'. */
function errno(fn: () => unknown): FsReason | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as { reason?: FsReason; code?: FsReason }).reason ?? (e as { code: FsReason }).code;
  }
}

describe('lookup: links are followed only inside the pod', () => {
  it('a plain path maps into its mount; a missing last component is reported, a missing directory is ENOENT', () => {
    expect(fs.lookup('/data/x')).toEqual({ abs: '/data/x', host: join(claim, 'x'), mount: fs.mountOf('/data') });
    expect(fs.lookup('/etc/hostname').stat?.isFile()).toBe(true);
    expect(errno(() => fs.lookup('/nope/x'))).toBe('ENOENT');
    expect(errno(() => fs.lookup('/etc/hostname/x'))).toBe('ENOTDIR');
  });

  it('a relative link is read in the container: `..` stops at its /, never at the host', () => {
    symlinkSync('../etc/hostname', join(claim, 'name'));
    symlinkSync('../../../../../../../../etc/hostname', join(claim, 'up'));
    symlinkSync('../../../../../../../../outside/secret', join(claim, 'secret'));
    expect(fs.lookup('/data/name')).toMatchObject({ abs: '/etc/hostname', host: join(root, 'etc', 'hostname') });
    expect(fs.lookup('/data/up')).toMatchObject({ abs: '/etc/hostname', host: join(root, 'etc', 'hostname') });
    expect(errno(() => fs.lookup('/data/secret'))).toBe('ENOENT');
  });

  it("an absolute link is a host path: followed into the pod's roots, refused anywhere else", () => {
    symlinkSync(join(root, 'etc'), join(claim, 'etc'));
    symlinkSync(join(outside, 'secret'), join(claim, 'secret'));
    symlinkSync(outside, join(claim, 'dir'));
    expect(fs.lookup('/data/etc/hostname')).toMatchObject({ abs: '/etc/hostname' });
    expect(errno(() => fs.lookup('/data/secret'))).toBe('EACCES');
    expect(errno(() => fs.lookup('/data/dir/secret'))).toBe('EACCES');
    expect(errno(() => fs.lookup('/data/dir/new', { write: true }))).toBe('EACCES');
    // the link itself (rm, mv, ls -l) is still there to act on
    expect(fs.lookup('/data/secret', { follow: false }).stat?.isSymbolicLink()).toBe(true);
  });

  it('a dangling link out cannot be written through; a dangling link inside creates its target', () => {
    symlinkSync(join(outside, 'planted'), join(claim, 'out'));
    symlinkSync('new-file', join(claim, 'in'));
    expect(errno(() => fs.writeFile(fs.lookup('/data/out', { write: true }), 'x'))).toBe('EACCES');
    expect(existsSync(join(outside, 'planted'))).toBe(false);
    fs.writeFile(fs.lookup('/data/in', { write: true }), 'inside\n');
    expect(readFileSync(join(claim, 'new-file'), 'utf8')).toBe('inside\n');
  });

  it('a link planted after the walk is not written through (O_NOFOLLOW)', () => {
    const e = fs.lookup('/data/late', { write: true });
    symlinkSync(join(outside, 'late'), join(claim, 'late'));
    expect(errno(() => fs.writeFile(e, 'x'))).toBe('ELOOP');
    expect(existsSync(join(outside, 'late'))).toBe(false);
  });

  it('loops end with ELOOP', () => {
    symlinkSync('b', join(claim, 'a'));
    symlinkSync('a', join(claim, 'b'));
    expect(errno(() => fs.lookup('/data/a'))).toBe('ELOOP');
  });

  it('a link to a part of the root hidden under a mount is not reachable', () => {
    writeFileSync(join(root, 'data', 'hidden'), 'shadowed\n');
    symlinkSync(join(root, 'data', 'hidden'), join(claim, 'hidden'));
    expect(errno(() => fs.lookup('/data/hidden'))).toBe('EACCES');
  });

  it('a fifo planted in a volume is not read (it could block while the cluster is locked)', () => {
    if (spawnSync('mkfifo', [join(claim, 'fifo')]).status !== 0) return;
    expect(errno(() => fs.readFile(fs.lookup('/data/fifo')))).toBe('EACCES');
  });
});

describe('mount points stay where they are', () => {
  it('cannot be removed, nor a directory holding one; nothing leaves or enters a read-only mount', () => {
    expect(fs.isMountPoint('/data')).toBe(true);
    expect(fs.holdsMount('/')).toBe(true);
    expect(errno(() => fs.remove(fs.lookup('/data', { follow: false }), true))).toBe('EBUSY');
    expect(errno(() => fs.rename(fs.lookup('/data'), fs.lookup('/x')))).toBe('EBUSY');
    expect(errno(() => fs.rename(fs.lookup('/ro/config'), fs.lookup('/ro/moved')))).toBe('EROFS');
    expect(errno(() => fs.remove(fs.lookup('/ro/config', { follow: false })))).toBe('EROFS');
    expect(errno(() => fs.lookup('/ro/new', { write: true }))).toBe('EROFS');
    expect(existsSync(join(ro, 'config'))).toBe(true);
  });
});

describe('quota', () => {
  it('a volume holds what it claims (64Ki here), counted in 4 KiB blocks as df counts; removing frees it', () => {
    // the claim's own directory is one block
    expect(fs.usedBy(fs.mountOf('/data'))).toBe(4096);
    fs.writeFile(fs.lookup('/data/a'), Buffer.alloc(40 * 1024));
    expect(errno(() => fs.writeFile(fs.lookup('/data/b'), Buffer.alloc(24 * 1024)))).toBe('ENOSPC');
    expect(existsSync(join(claim, 'b'))).toBe(false);
    fs.writeFile(fs.lookup('/data/b'), Buffer.alloc(20 * 1024));
    expect(errno(() => fs.writeFile(fs.lookup('/data/a'), 'more', true))).toBe('ENOSPC');
    fs.remove(fs.lookup('/data/a', { follow: false }));
    fs.writeFile(fs.lookup('/data/a'), 'more', true);
    expect(fs.usedBy(fs.mountOf('/data'))).toBe(4096 + 20 * 1024 + 4096);
  });

  it('a volume that claims more than 1 GiB still holds 1 GiB here', () => {
    expect(fs.quotaOf({ path: '/big', host: claim, readOnly: false, size: '100Gi', source: 'x' })).toBe(2 ** 30);
    expect(fs.quotaOf(fs.mountOf('/'))).toBe(2 ** 30);
  });
});
