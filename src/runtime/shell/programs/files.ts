// The file commands, as GNU coreutils word them (the Debian-based nginx and httpd images): cat, ls,
// touch, mkdir, rm, rmdir, cp, mv, df; working on the pod's real directories through PodFs.
import { readlinkSync, utimesSync } from 'node:fs';
import { posix } from 'node:path';
import { parseQuantity } from '../../../api/quantity.js';
import { type Entry, FsError, fsReason, REASON_TEXT, reasonText } from '../../podfs.js';
import { Failed, type Io, ok, operands, type Program, type ShellContext } from '../program.js';

/** Run fn on every operand, collecting coreutils-style errors. */
function each(args: string[], prog: string, fn: (p: string) => void, msg: (p: string, why: string) => string): Io {
  const paths = operands(args);
  if (!paths.length) return { out: '', err: `${prog}: missing operand\n`, code: 1 };
  let err = '';
  for (const p of paths) {
    try {
      fn(p);
    } catch (e) {
      if (e instanceof Failed) err += e.text;
      else err += msg(p, reasonText(e));
    }
  }
  return { out: '', err, code: err ? 1 : 0 };
}

function mkdir(sh: ShellContext, p: string, parents: boolean): void {
  const fs = sh.ctr.fs;
  const abs = sh.abs(p);
  if (!parents) return fs.mkdir(sh.entry(abs, { follow: false, write: true }));
  let at = '';
  for (const name of abs.split('/').filter(Boolean)) {
    sh.budget.check(); // each level walks the path again: a deep -p is quadratic
    at += `/${name}`;
    const e = fs.lookup(at);
    if (e.stat?.isDirectory() || (!e.stat && fs.isMountPoint(e.abs))) continue;
    if (e.stat) throw new FsError(at === abs ? 'EEXIST' : 'ENOTDIR');
    // a dangling link is not made into a directory (mkdir(2) does not follow it)
    fs.mkdir(fs.lookup(at, { follow: false, write: true }));
  }
}

function rm(sh: ShellContext, args: string[]): Io {
  const flags = args.filter((a) => a.startsWith('-') && a !== '-').join('');
  const recursive = /[rR]/.test(flags);
  const force = flags.includes('f');
  const paths = operands(args);
  if (!paths.length && force) return { out: '', err: '', code: 0 };
  return each(
    args,
    'rm',
    (p) => {
      const abs = sh.abs(p);
      if (abs === '/' && recursive)
        throw new Failed("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
      let e: Entry;
      try {
        e = sh.entry(abs, { follow: false });
      } catch (x) {
        if (force && fsReason(x) === 'ENOENT') return;
        throw x;
      }
      if (!e.stat) {
        if (force) return;
        throw new FsError('ENOENT');
      }
      if (sh.ctr.fs.holdsMount(e.abs)) throw new FsError('EBUSY');
      if (e.stat.isDirectory() && !recursive) throw new FsError('EISDIR');
      sh.ctr.fs.remove(e, true);
    },
    (p, why) => `rm: cannot remove '${p}': ${why}\n`,
  );
}

/**
 * cp and mv, as coreutils do them: into a directory when the target is one; mv renames within a
 * volume and copies then removes across volumes (rename's EXDEV); neither moves, replaces nor
 * removes a mount point, and mv takes nothing out of a read-only mount.
 */
function copyOrMove(sh: ShellContext, prog: 'cp' | 'mv', args: string[]): Io {
  const fs = sh.ctr.fs;
  const flags = args.filter((a) => a.startsWith('-') && a !== '-').join('');
  const recursive = prog === 'mv' || /[rRa]/.test(flags);
  const paths = operands(args);
  if (paths.length < 2)
    return {
      out: '',
      err: paths.length ? `${prog}: missing destination file operand after '${paths[0]}'\n` : `${prog}: missing file operand\n`,
      code: 1,
    };
  const target = paths.pop()!;
  let into: Entry | undefined;
  try {
    const t = sh.entry(target);
    if (t.stat?.isDirectory()) into = t;
  } catch (e) {
    reasonText(e);
  }
  if (paths.length > 1 && !into) return { out: '', err: `${prog}: target '${target}' is not a directory\n`, code: 1 };
  let err = '';
  for (const from of paths) {
    const shownTo = into ? `${target.replace(/\/+$/, '')}/${posix.basename(sh.abs(from))}` : target;
    const cannot = (why: string) =>
      prog === 'mv'
        ? `mv: cannot move '${from}' to '${shownTo}': ${why}\n`
        : why === REASON_TEXT.ENOSPC
          ? `cp: error writing '${shownTo}': ${why}\n`
          : `cp: cannot create regular file '${shownTo}': ${why}\n`;
    try {
      let src: Entry;
      try {
        src = sh.entry(from, { follow: prog === 'cp' && !recursive });
        if (!src.stat) throw new FsError('ENOENT');
      } catch (e) {
        throw new Failed(`${prog}: cannot stat '${from}': ${reasonText(e)}\n`);
      }
      if (src.stat.isDirectory() && !recursive) throw new Failed(`cp: -r not specified; omitting directory '${from}'\n`);
      const dst = into
        ? fs.lookup(`${into.abs === '/' ? '' : into.abs}/${posix.basename(sh.abs(from))}`, { follow: false })
        : sh.entry(target, { follow: false });
      if (dst.abs === src.abs) throw new Failed(`${prog}: '${from}' and '${shownTo}' are the same file\n`);
      if (src.stat.isDirectory() && (dst.abs + '/').startsWith(src.abs + '/'))
        throw new Failed(
          prog === 'mv'
            ? `mv: cannot move '${from}' to a subdirectory of itself, '${shownTo}'\n`
            : `cp: cannot copy a directory, '${from}', into itself, '${shownTo}'\n`,
        );
      if (dst.stat?.isDirectory() && !src.stat.isDirectory())
        throw new Failed(`${prog}: cannot overwrite directory '${shownTo}' with non-directory\n`);
      if (dst.stat && !dst.stat.isDirectory() && src.stat.isDirectory())
        throw new Failed(`${prog}: cannot overwrite non-directory '${shownTo}' with directory '${from}'\n`);
      if (prog === 'mv') {
        if (fs.holdsMount(src.abs) || fs.isMountPoint(dst.abs)) throw new FsError('EBUSY');
        if (src.mount.readOnly || dst.mount.readOnly) throw new FsError('EROFS');
        if (src.mount.host === dst.mount.host) fs.rename(src, dst);
        else {
          copyTree(sh, src, dst, cannot);
          fs.remove(src, true);
        }
      } else {
        if (dst.mount.readOnly) throw new FsError('EROFS');
        copyTree(sh, src, dst, cannot);
      }
    } catch (e) {
      if (e instanceof Failed) err += e.text;
      else err += cannot(reasonText(e));
    }
  }
  return { out: '', err, code: err ? 1 : 0 };
}

/** Copy a file, link or tree (links as links, mount points' contents as directories). */
function copyTree(sh: ShellContext, src: Entry, dst: Entry, cannot: (why: string) => string): void {
  const fs = sh.ctr.fs;
  sh.budget.check();
  if (src.stat!.isSymbolicLink()) {
    if (dst.stat) fs.remove(dst);
    fs.symlink(fs.lookup(dst.abs, { follow: false }), readlinkSync(src.host));
  } else if (src.stat!.isDirectory()) {
    if (!dst.stat) fs.mkdir(dst);
    for (const name of fs.list(src).sort()) {
      const from = fs.lookup(`${src.abs === '/' ? '' : src.abs}/${name}`, { follow: false });
      const to = fs.lookup(`${dst.abs}/${name}`, { follow: false });
      if (to.stat?.isDirectory() !== from.stat?.isDirectory() && to.stat)
        throw new Failed(cannot(REASON_TEXT[to.stat.isDirectory() ? 'EISDIR' : 'ENOTDIR']));
      copyTree(sh, from, to, cannot);
    }
  } else {
    const data = fs.readFile(src);
    // a link where the copy goes is written through, as open(2) does: lookup judges where it leads
    fs.writeFile(dst.stat?.isSymbolicLink() ? fs.lookup(dst.abs, { write: true }) : dst, data);
  }
}

export function cat(sh: ShellContext, args: string[], stdin: string): Io {
  const files = args.filter((a) => a !== '-');
  if (!files.length) return { out: stdin, err: '', code: 0 };
  let out = '';
  let err = '';
  for (const f of files) {
    try {
      out = sh.budget.bound(out + sh.readText(f));
    } catch (e) {
      err += `cat: ${f}: ${reasonText(e)}\n`;
    }
  }
  return { out, err, code: err ? 1 : 0 };
}

function ls(sh: ShellContext, args: string[]): Io {
  const fs = sh.ctr.fs;
  const flags = args.filter((a) => a.startsWith('-') && a !== '-').join('');
  const long = flags.includes('l');
  const all = flags.includes('a');
  const almost = flags.includes('A');
  const dirOnly = flags.includes('d');
  const paths = args.filter((a) => !a.startsWith('-') || a === '-');
  const targets = paths.length ? paths : ['.'];
  let out = '';
  let err = '';
  let code = 0;
  const files: { name: string; e: Entry }[] = [];
  const dirs: { name: string; e: Entry }[] = [];
  for (const t of targets) {
    try {
      // like GNU ls, a link named on the command line is listed itself with -l or -d
      const e = sh.entry(t, { follow: !long && !dirOnly });
      if (!e.stat) throw new FsError('ENOENT');
      if (e.stat.isDirectory() && !dirOnly) dirs.push({ name: t, e });
      else files.push({ name: t, e });
    } catch (e) {
      err += `ls: cannot access '${t}': ${reasonText(e)}\n`;
      code = 2;
    }
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (files.length) out += long ? longList(files) : files.map((f) => `${f.name}\n`).join('');
  dirs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  dirs.forEach(({ name, e: dir }, i) => {
    if (files.length || i > 0) out += '\n';
    if (targets.length > 1) out += `${name}:\n`;
    let names = fs.list(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!all && !almost) names = names.filter((n) => !n.startsWith('.'));
    const entries = names.map((n) => ({ name: n, e: fs.lookup(`${dir.abs === '/' ? '' : dir.abs}/${n}`, { follow: false }) }));
    if (all) entries.unshift({ name: '.', e: dir }, { name: '..', e: dir });
    if (long) {
      const blocks = entries.reduce((s, x) => s + Math.ceil((x.e.stat?.blocks ?? 0) / 2), 0);
      out += `total ${blocks}\n${longList(entries)}`;
    } else out += entries.map((x) => `${x.name}\n`).join('');
    sh.budget.bound(out);
  });
  return { out, err, code };
}

function longList(entries: { name: string; e: Entry }[]): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const rows = entries.map(({ name, e }) => {
    const st = e.stat!;
    const dir = st.isDirectory();
    const link = st.isSymbolicLink();
    const perm = (m: number) => `${m & 4 ? 'r' : '-'}${m & 2 ? 'w' : '-'}${m & 1 ? 'x' : '-'}`;
    const mode = `${dir ? 'd' : link ? 'l' : '-'}${perm(st.mode >> 6)}${perm(st.mode >> 3)}${perm(st.mode)}`;
    const t = st.mtime;
    const when = `${months[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2)} ${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
    return [mode, String(st.nlink), 'root', 'root', String(st.size), when, link ? `${name} -> ${readlinkSync(e.host)}` : name];
  });
  const w = [1, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0]} ${r[1].padStart(w[0])} ${r[2]} ${r[3]} ${r[4].padStart(w[2])} ${r[5]} ${r[6]}\n`).join('');
}

function df(sh: ShellContext, human: boolean): string {
  const fmt = (bytes: number) => {
    if (!human) return String(Math.ceil(bytes / 1024));
    // coreutils: round up, switching unit once the rounded value would reach 1024; one decimal below 10
    const units = ['K', 'M', 'G', 'T'];
    let v = bytes / 1024;
    let u = 0;
    while (Math.ceil(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return v < 10 ? `${(Math.ceil(v * 10) / 10).toFixed(1)}${units[u]}` : `${Math.ceil(v)}${units[u]}`;
  };
  const rows = [...sh.ctr.fs.mounts]
    .reverse()
    .filter((m) => m.source !== 'tmpfs' || m.path !== '/')
    .map((m) => {
      const size = m.path === '/' ? 59 * 2 ** 30 : (parseQuantity(m.size) ?? 2 ** 30);
      const used = Math.min(sh.ctr.fs.usedBy(m), size);
      const pct = `${Math.max(1, Math.ceil((used / size) * 100))}%`;
      return [m.source, fmt(size), fmt(used), fmt(size - used), pct, m.path];
    });
  const header = human
    ? ['Filesystem', 'Size', 'Used', 'Avail', 'Use%', 'Mounted on']
    : ['Filesystem', '1K-blocks', 'Used', 'Available', 'Use%', 'Mounted on'];
  const all = [header, ...rows];
  const min = [15, 4, 5, 5, 4]; // coreutils' column widths
  const w = min.map((m, i) => Math.max(m, ...all.map((r) => r[i].length)));
  return all
    .map(
      (r) =>
        `${r[0].padEnd(w[0])} ${r
          .slice(1, 5)
          .map((x, i) => x.padStart(w[i + 1]))
          .join(' ')} ${r[5]}\n`,
    )
    .join('');
}

/** A chmod MODE applied to a file's mode: octal (`755`) or symbolic (`u+x`, `go-w`, `a=r,u+w`); undefined if invalid. */
export function applyMode(spec: string, mode: number, dir: boolean): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let m = mode & 0o7777;
  for (const clause of spec.split(',')) {
    const c = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!c) return undefined;
    const who = c[1] === '' || c[1].includes('a') ? 'ugo' : c[1];
    const mask = (who.includes('u') ? 0o4700 : 0) | (who.includes('g') ? 0o2070 : 0) | (who.includes('o') ? 0o1007 : 0);
    for (const [, op, perms] of c[2].matchAll(/([-+=])([rwxXst]*)/g)) {
      let bits = 0;
      for (const p of perms) {
        if (p === 'r') bits |= 0o444;
        if (p === 'w') bits |= 0o222;
        if (p === 'x' || (p === 'X' && (dir || m & 0o111))) bits |= 0o111;
        if (p === 's') bits |= 0o6000;
        if (p === 't') bits |= 0o1000;
      }
      bits &= mask;
      m = op === '+' ? m | bits : op === '-' ? m & ~bits : (m & ~mask) | bits;
    }
  }
  return m;
}

/** chmod [-R] MODE FILE…, in coreutils' words. */
const chmod: Program = (sh, args) => {
  const flags = args.filter((a) => /^-[Rvcf]+$/.test(a)).join('');
  const rest = args.filter((a) => !/^-[Rvcf]+$/.test(a) && a !== '--');
  if (!rest.length) return { out: '', err: "chmod: missing operand\nTry 'chmod --help' for more information.\n", code: 1 };
  const [spec, ...paths] = rest;
  if (!paths.length) return { out: '', err: `chmod: missing operand after '${spec}'\nTry 'chmod --help' for more information.\n`, code: 1 };
  if (applyMode(spec, 0, false) === undefined)
    return { out: '', err: `chmod: invalid mode: '${spec}'\nTry 'chmod --help' for more information.\n`, code: 1 };
  const fs = sh.ctr.fs;
  const change = (e: Entry) => {
    sh.budget.check();
    fs.chmod(e, applyMode(spec, e.stat?.mode ?? 0, !!e.stat?.isDirectory())!);
    if (flags.includes('R') && e.stat?.isDirectory())
      for (const name of fs.list(e)) {
        const child = fs.lookup(`${e.abs === '/' ? '' : e.abs}/${name}`, { follow: false });
        if (child.stat && !child.stat.isSymbolicLink()) change(child);
      }
  };
  let err = '';
  for (const p of paths) {
    let e: Entry;
    try {
      e = sh.entry(p);
      if (!e.stat) throw new FsError('ENOENT');
    } catch (x) {
      err += `chmod: cannot access '${p}': ${reasonText(x)}\n`;
      continue;
    }
    try {
      change(e);
    } catch (x) {
      err += `chmod: changing permissions of '${p}': ${reasonText(x)}\n`;
    }
  }
  return { out: '', err, code: err ? 1 : 0 };
};

export const files: Record<string, Program> = {
  chmod,
  cat,
  ls,
  touch: (sh, args) =>
    each(
      args,
      'touch',
      (p) => {
        const e = sh.entry(p, { write: true });
        if (e.stat) utimesSync(e.host, new Date(), new Date());
        else sh.ctr.fs.writeFile(e, '');
      },
      (p, why) => `touch: cannot touch '${p}': ${why}\n`,
    ),
  mkdir: (sh, args) =>
    each(
      args,
      'mkdir',
      (p) => mkdir(sh, p, args.includes('-p')),
      (p, why) => `mkdir: cannot create directory '${p}': ${why}\n`,
    ),
  rm,
  rmdir: (sh, args) =>
    each(
      args,
      'rmdir',
      (p) => {
        const e = sh.entry(p, { follow: false });
        if (!e.stat) throw new FsError('ENOENT');
        if (!e.stat.isDirectory()) throw new FsError('ENOTDIR');
        sh.ctr.fs.remove(e);
      },
      (p, why) => `rmdir: failed to remove '${p}': ${why}\n`,
    ),
  cp: (sh, args) => copyOrMove(sh, 'cp', args),
  mv: (sh, args) => copyOrMove(sh, 'mv', args),
  df: (sh, args) => ok(df(sh, args.includes('-h'))),
};
