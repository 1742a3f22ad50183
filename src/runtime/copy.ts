// The container's side of `kubectl cp`: what `tar cf - PATH` and `tar -xmf - -C DIR` (GNU tar, as in
// the nginx and httpd images) do to the pod's files, through PodFs so every path is walked as the
// container sees it (links that lead out refused), what is written under a claim lands in the
// claim's volume and counts against its quota. The archive is a list of entries.
import { readlinkSync } from 'node:fs';
import { posix } from 'node:path';
import type { Container } from './container.js';
import { type Entry, FsError, fsReason, PodFs, reasonText } from './podfs.js';

/** One member of the archive: its name as tar stores it (relative, `/`-separated). */
export type TarEntry =
  { name: string; type: 'dir' } | { name: string; type: 'file'; data: Buffer } | { name: string; type: 'symlink'; target: string };

/** What the command wrote to stderr and its exit status. */
export interface TarResult {
  err: string;
  code: number;
}

const FAILED = 'tar: Exiting with failure status due to previous errors\n';

/** `tar cf - PATH`, run in the container's root directory: links are archived as links. */
export function tarCreate(ctr: Container, path: string): { entries: TarEntry[] } & TarResult {
  const fs = ctr.fs;
  let err = '';
  let failed = false;
  // tar stores names without the leading '/' (safer_name_suffix), and says so once
  const member = path.replace(/^\/+/, '');
  if (member !== path) err += "tar: Removing leading '/' from member names\n";
  const entries: TarEntry[] = [];
  const walk = (abs: string, name: string, shown: string) => {
    let e: Entry;
    try {
      e = fs.lookup(abs, { follow: false });
      if (!e.stat) throw new FsError('ENOENT');
    } catch (x) {
      err += `tar: ${shown}: Cannot stat: ${reasonText(x)}\n`;
      failed = true;
      return;
    }
    const st = e.stat;
    if (st.isSymbolicLink()) entries.push({ name, type: 'symlink', target: readlinkSync(e.host) });
    else if (st.isDirectory()) {
      entries.push({ name, type: 'dir' });
      for (const child of fs.list(e).sort())
        walk(
          abs === '/' ? `/${child}` : `${abs}/${child}`,
          name ? `${name}/${child}` : child,
          shown.endsWith('/') ? `${shown}${child}` : `${shown}/${child}`,
        );
    } else
      try {
        entries.push({ name, type: 'file', data: fs.readFile(e) });
      } catch (x) {
        err += `tar: ${shown}: Cannot open: ${reasonText(x)}\n`;
        failed = true;
      }
  };
  const top = posix.normalize(member || '.').replace(/\/$/, '');
  walk(PodFs.abs(path, '/'), top === '.' ? '' : top, path);
  return { entries, err: failed ? err + FAILED : err, code: failed ? 2 : 0 };
}

/** `tar -xmf - -C DIR`: directories made as needed, files replaced (a link where a file goes is
 *  removed first, as GNU tar unlinks what it extracts over; it is never written through). */
export function tarExtract(ctr: Container, entries: TarEntry[], dir: string): TarResult {
  const fs = ctr.fs;
  const base = PodFs.abs(dir, '/');
  try {
    const e = fs.lookup(base);
    if (!e.stat) throw new FsError('ENOENT');
    if (!e.stat.isDirectory()) throw new FsError('ENOTDIR');
  } catch (e) {
    return { err: `tar: ${dir}: Cannot open: ${reasonText(e)}\ntar: Error is not recoverable: exiting now\n`, code: 2 };
  }
  let err = '';
  /** a directory, made unless it is there (a link to one inside the pod will do) */
  const mkdirs = (abs: string) => {
    if (abs === base || abs === '/') return;
    mkdirs(posix.dirname(abs));
    const e = fs.lookup(abs);
    if (e.stat?.isDirectory() || (!e.stat && fs.isMountPoint(e.abs))) return;
    if (e.stat) throw new FsError('EEXIST');
    fs.mkdir(fs.lookup(abs, { follow: false, write: true }));
  };
  for (const e of entries) {
    const abs = PodFs.abs(e.name, base);
    try {
      mkdirs(posix.dirname(abs));
      if (e.type === 'dir') mkdirs(abs);
      else if (e.type === 'file') {
        let at = fs.lookup(abs, { follow: false, write: true });
        if (at.stat?.isSymbolicLink()) {
          fs.remove(at);
          at = fs.lookup(abs, { follow: false, write: true });
        }
        fs.writeFile(at, e.data);
      }
      // a symlink could point anywhere on the machine that runs sts: not made (see cp.ts)
    } catch (x) {
      const why = reasonText(x);
      err += `tar: ${e.name}: Cannot ${e.type === 'dir' ? 'mkdir' : fsReason(x) === 'ENOSPC' ? 'write' : 'open'}: ${why}\n`;
    }
  }
  return err ? { err: err + FAILED, code: 2 } : { err: '', code: 0 };
}
