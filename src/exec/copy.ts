// The container's side of `kubectl cp`: what `tar cf - PATH` and `tar -xmf - -C DIR` (GNU tar, as in
// the nginx and httpd images) do to the pod's files, through PodFs so every path stays inside its
// mount and what is written under a claim lands in the claim's volume. The archive is a list of entries.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { Container } from './container.js';
import { FsError, PodFs, REASON_TEXT } from './podfs.js';

/** One member of the archive: its name as tar stores it (relative, `/`-separated). */
export type TarEntry = { name: string; type: 'dir' } | { name: string; type: 'file'; data: Buffer } | { name: string; type: 'symlink'; target: string };

/** What the command wrote to stderr and its exit status. */
export interface TarResult {
  err: string;
  code: number;
}

const FAILED = 'tar: Exiting with failure status due to previous errors\n';

const reason = (e: unknown) =>
  e instanceof FsError
    ? REASON_TEXT[e.reason]
    : ({ ENOENT: 'No such file or directory', ENOTDIR: 'Not a directory', EISDIR: 'Is a directory', EEXIST: 'File exists', EACCES: 'Permission denied' } as Record<string, string>)[
        (e as NodeJS.ErrnoException).code ?? ''
      ] ?? 'Input/output error';

/** The names under a container directory: its own files, and the mounts whose mount point is in it. */
function children(ctr: Container, abs: string, host: string): string[] {
  const names = new Set(readdirSync(host));
  if (abs === '/') names.delete('.sts-seeded');
  for (const m of ctr.fs.mounts) if (m.path !== '/' && posix.dirname(m.path) === abs) names.add(posix.basename(m.path));
  return [...names].sort();
}

/** `tar cf - PATH`, run in the container's root directory. */
export function tarCreate(ctr: Container, path: string): { entries: TarEntry[] } & TarResult {
  let err = '';
  let failed = false;
  // tar stores names without the leading '/' (safer_name_suffix), and says so once
  const member = path.replace(/^\/+/, '');
  if (member !== path) err += "tar: Removing leading '/' from member names\n";
  const entries: TarEntry[] = [];
  const walk = (abs: string, name: string, shown: string) => {
    let host: string;
    try {
      host = ctr.fs.resolve(abs).host;
      if (!existsSync(host)) throw new FsError('ENOENT');
    } catch (e) {
      err += `tar: ${shown}: Cannot stat: ${reason(e)}\n`;
      failed = true;
      return;
    }
    const st = lstatSync(host);
    if (st.isSymbolicLink()) entries.push({ name, type: 'symlink', target: readlinkSync(host) });
    else if (st.isDirectory()) {
      entries.push({ name, type: 'dir' });
      for (const child of children(ctr, abs, host))
        walk(abs === '/' ? `/${child}` : `${abs}/${child}`, name ? `${name}/${child}` : child, shown.endsWith('/') ? `${shown}${child}` : `${shown}/${child}`);
    } else entries.push({ name, type: 'file', data: readFileSync(host) });
  };
  const top = posix.normalize(member || '.').replace(/\/$/, '');
  walk(PodFs.abs(path, '/'), top === '.' ? '' : top, path);
  return { entries, err: failed ? err + FAILED : err, code: failed ? 2 : 0 };
}

/** `tar -xmf - -C DIR`: directories made as needed, files replaced. */
export function tarExtract(ctr: Container, entries: TarEntry[], dir: string): TarResult {
  const base = PodFs.abs(dir, '/');
  try {
    const { host } = ctr.fs.resolve(base);
    if (!existsSync(host) || !lstatSync(host).isDirectory()) throw Object.assign(new Error('missing'), { code: existsSync(host) ? 'ENOTDIR' : 'ENOENT' });
  } catch (e) {
    return { err: `tar: ${dir}: Cannot open: ${reason(e)}\ntar: Error is not recoverable: exiting now\n`, code: 2 };
  }
  let err = '';
  const mkdirs = (abs: string) => {
    if (abs === base || abs === '/') return;
    mkdirs(posix.dirname(abs));
    const { host } = ctr.fs.resolve(abs, true);
    if (!existsSync(host)) mkdirSync(host);
  };
  for (const e of entries) {
    const abs = PodFs.abs(e.name, base);
    try {
      mkdirs(posix.dirname(abs));
      const { host } = ctr.fs.resolve(abs, true);
      if (e.type === 'dir') {
        if (!existsSync(host)) mkdirSync(host);
      } else if (e.type === 'file') writeFileSync(host, e.data);
      // a symlink could point anywhere on the machine that runs sts: not made (see cp.ts)
    } catch (x) {
      err += `tar: ${e.name}: Cannot ${e.type === 'dir' ? 'mkdir' : 'open'}: ${reason(x)}\n`;
    }
  }
  return err ? { err: err + FAILED, code: 2 } : { err: '', code: 0 };
}
