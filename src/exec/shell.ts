// A small POSIX-ish shell and the commands people run in a StatefulSet's pods: enough for the
// seeds and the tutorial (touch/ls a claim, write each pod's index.html, hostname, nslookup,
// curl), working on the pod's real directories through PodFs.
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { parseQuantity } from '../api/quantity.js';
import type { Container } from './container.js';
import { getentHosts, nslookup } from './dns.js';
import { FsError, PodFs, REASON_TEXT } from './podfs.js';
import { httpGet } from './web.js';

export interface Io {
  out: string;
  err: string;
  code: number;
}

type Part = { kind: 'lit'; text: string; quoted: boolean } | { kind: 'var'; name: string; quoted: boolean } | { kind: 'cmd'; script: string; quoted: boolean };
type Word = Part[];
type Redirect = { op: '>' | '>>' | '<' | '2>' | '2>&1' | '2>>'; target?: Word };
interface Command {
  words: Word[];
  redirects: Redirect[];
}
type Pipeline = Command[];
type List = { pipeline: Pipeline; then: ';' | '&&' | '||' }[];

class SyntaxError_ extends Error {}

// ---------------------------------------------------------------- parsing

function parse(src: string): List {
  let i = 0;
  const list: List = [];
  let pipeline: Pipeline = [];
  let cmd: Command = { words: [], redirects: [] };
  let pendingRedirect: Redirect | undefined;

  const endCommand = () => {
    if (pendingRedirect) throw new SyntaxError_('Syntax error: newline unexpected');
    if (cmd.words.length || cmd.redirects.length) pipeline.push(cmd);
    cmd = { words: [], redirects: [] };
  };
  const endPipeline = (then: ';' | '&&' | '||') => {
    endCommand();
    if (pipeline.length) list.push({ pipeline, then });
    else if (then !== ';') throw new SyntaxError_(`Syntax error: "${then}" unexpected`);
    pipeline = [];
  };

  const readSub = (): string => {
    // after "$(": up to the matching ")"
    let depth = 1;
    const start = i;
    while (i < src.length) {
      const ch = src[i];
      if (ch === "'") {
        i = src.indexOf("'", i + 1);
        if (i < 0) throw new SyntaxError_('Syntax error: Unterminated quoted string');
      } else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) {
        i++;
        return src.slice(start, i - 1);
      }
      i++;
    }
    throw new SyntaxError_('Syntax error: end of file unexpected (expecting ")")');
  };
  const readVar = (quoted: boolean): Part => {
    // after "$"
    if (src[i] === '(') {
      i++;
      return { kind: 'cmd', script: readSub(), quoted };
    }
    if (src[i] === '{') {
      const end = src.indexOf('}', i);
      if (end < 0) throw new SyntaxError_('Syntax error: Missing }');
      const name = src.slice(i + 1, end);
      i = end + 1;
      return { kind: 'var', name, quoted };
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])/.exec(src.slice(i));
    if (!m) return { kind: 'lit', text: '$', quoted };
    i += m[1].length;
    return { kind: 'var', name: m[1], quoted };
  };

  const readWord = (): Word => {
    const parts: Word = [];
    let lit = '';
    const flush = (quoted: boolean) => {
      if (lit) parts.push({ kind: 'lit', text: lit, quoted });
      lit = '';
    };
    while (i < src.length && !/[\s;&|<>()]/.test(src[i])) {
      const ch = src[i];
      if (ch === "'") {
        flush(false);
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new SyntaxError_('Syntax error: Unterminated quoted string');
        parts.push({ kind: 'lit', text: src.slice(i + 1, end), quoted: true });
        i = end + 1;
      } else if (ch === '"') {
        flush(false);
        i++;
        let q = '';
        const qflush = () => {
          parts.push({ kind: 'lit', text: q, quoted: true });
          q = '';
        };
        for (;;) {
          if (i >= src.length) throw new SyntaxError_('Syntax error: Unterminated quoted string');
          const c = src[i];
          if (c === '"') {
            i++;
            break;
          }
          if (c === '\\' && i + 1 < src.length && '"\\$`'.includes(src[i + 1])) {
            q += src[i + 1];
            i += 2;
          } else if (c === '$') {
            i++;
            qflush();
            parts.push(readVar(true));
          } else {
            q += c;
            i++;
          }
        }
        qflush();
      } else if (ch === '\\') {
        lit += src[i + 1] ?? '';
        i += 2;
      } else if (ch === '$') {
        flush(false);
        i++;
        parts.push(readVar(false));
      } else {
        lit += ch;
        i++;
      }
    }
    flush(false);
    return parts;
  };

  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === '\n' || ch === ';') {
      i++;
      endPipeline(';');
    } else if (ch === '#' && (i === 0 || /\s/.test(src[i - 1]))) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('&&', i)) {
      i += 2;
      endPipeline('&&');
    } else if (src.startsWith('||', i)) {
      i += 2;
      endPipeline('||');
    } else if (ch === '|') {
      i++;
      endCommand();
      if (!pipeline.length) throw new SyntaxError_('Syntax error: "|" unexpected');
    } else if (ch === '&') {
      i++; // background jobs: run in the foreground
      endPipeline(';');
    } else if (src.startsWith('2>&1', i)) {
      i += 4;
      cmd.redirects.push({ op: '2>&1' });
    } else if (src.startsWith('2>>', i) || src.startsWith('2>', i) || src.startsWith('>>', i) || ch === '>' || ch === '<') {
      const op = (['2>>', '2>', '>>', '>', '<'] as const).find((o) => src.startsWith(o, i))!;
      i += op.length;
      pendingRedirect = { op };
      cmd.redirects.push(pendingRedirect);
      while (src[i] === ' ') i++;
      const w = readWord();
      if (!w.length) throw new SyntaxError_('Syntax error: newline unexpected');
      pendingRedirect.target = w;
      pendingRedirect = undefined;
    } else if (ch === '(' || ch === ')') {
      throw new SyntaxError_(`Syntax error: "${ch}" unexpected`);
    } else {
      cmd.words.push(readWord());
    }
  }
  endPipeline(';');
  return list;
}

// ---------------------------------------------------------------- running

const PROGRAMS = [
  'echo', 'cat', 'ls', 'touch', 'mkdir', 'rm', 'rmdir', 'cp', 'mv', 'pwd', 'cd', 'hostname', 'env', 'printenv', 'df',
  'whoami', 'id', 'date', 'sleep', 'true', 'false', 'exit', 'nslookup', 'getent', 'curl', 'wget', 'wc', 'head', 'tail',
  'grep', 'sort', 'uname', 'sh', 'bash', 'ash', 'test', '[',
];

export class Shell {
  cwd = '/';
  private lastCode = 0;
  private exited?: number;

  constructor(private readonly ctr: Container) {}

  /** `kubectl exec POD -- ARGV…`: the program runs directly, no shell (so no expansion). */
  exec(argv: string[], stdin = ''): Io {
    const prog = argv[0].split('/').pop()!;
    if (!PROGRAMS.includes(prog) || (argv[0].includes('/') && !/^\/(usr\/)?(s?bin)\//.test(argv[0])))
      return {
        out: '',
        err: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown\n`,
        code: 126,
      };
    return this.program(prog, argv.slice(1), stdin);
  }

  /** Run a script, as `sh -c SCRIPT` would. */
  script(src: string, stdin = ''): Io {
    let list: List;
    try {
      list = parse(src);
    } catch (e) {
      if (e instanceof SyntaxError_) return { out: '', err: `sh: 1: ${e.message}\n`, code: 2 };
      throw e;
    }
    let out = '';
    let err = '';
    let skip: ';' | '&&' | '||' | undefined;
    for (const { pipeline, then } of list) {
      const run = skip === undefined || (skip === '&&' && this.lastCode === 0) || (skip === '||' && this.lastCode !== 0) || skip === ';';
      if (run) {
        const r = this.pipeline(pipeline, stdin);
        out += r.out;
        err += r.err;
        this.lastCode = r.code;
        stdin = '';
        if (this.exited !== undefined) return { out, err, code: this.exited };
      }
      skip = then;
    }
    return { out, err, code: this.lastCode };
  }

  private pipeline(p: Pipeline, stdin: string): Io {
    let input = stdin;
    let err = '';
    let last: Io = { out: '', err: '', code: 0 };
    for (const cmd of p) {
      last = this.command(cmd, input);
      err += last.err;
      input = last.out;
    }
    return { out: last.out, err, code: last.code };
  }

  private expandWord(w: Word): string[] {
    let s = '';
    let quoted = false;
    let unquotedSubst = false;
    for (const part of w) {
      if (part.quoted) quoted = true;
      if (part.kind === 'lit') s += part.text;
      else if (part.kind === 'var') {
        s += part.name === '?' ? String(this.lastCode) : part.name === '$' ? '1' : part.name === '#' ? '0' : (this.ctr.env[part.name] ?? '');
        if (!part.quoted) unquotedSubst = true;
      } else {
        s += this.script(part.script).out.replace(/\n+$/, '');
        if (!part.quoted) unquotedSubst = true;
      }
    }
    if (unquotedSubst && !quoted) return s.split(/\s+/).filter(Boolean);
    if (!quoted && /[*?]/.test(s)) return this.glob(s);
    return [s];
  }

  /** `*` and `?` in the last path segment. */
  private glob(pattern: string): string[] {
    const slash = pattern.lastIndexOf('/');
    const dir = slash >= 0 ? pattern.slice(0, slash) || '/' : '.';
    const base = pattern.slice(slash + 1);
    const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    try {
      const { host } = this.ctr.fs.resolve(PodFs.abs(dir, this.cwd));
      const names = readdirSync(host)
        .filter((n) => !n.startsWith('.') && re.test(n))
        .sort();
      if (!names.length) return [pattern];
      return names.map((n) => (slash >= 0 ? `${pattern.slice(0, slash)}/${n}` : n));
    } catch {
      return [pattern];
    }
  }

  private command(cmd: Command, stdin: string): Io {
    const argv = cmd.words.flatMap((w) => this.expandWord(w));
    let input = stdin;
    for (const r of cmd.redirects)
      if (r.op === '<') {
        const path = this.expandWord(r.target!)[0];
        try {
          input = readFileSync(this.ctr.fs.resolve(PodFs.abs(path, this.cwd)).host, 'utf8');
        } catch {
          return { out: '', err: `sh: 1: cannot open ${path}: No such file\n`, code: 2 };
        }
      }
    const res = argv.length ? this.program(argv[0], argv.slice(1), input) : { out: '', err: '', code: 0 };
    let { out, err } = res;
    for (const r of cmd.redirects) {
      if (r.op === '<') continue;
      if (r.op === '2>&1') {
        out += err;
        err = '';
        continue;
      }
      const path = this.expandWord(r.target!)[0];
      const data = r.op.startsWith('2') ? err : out;
      if (path === '/dev/null') {
        if (r.op.startsWith('2')) err = '';
        else out = '';
        continue;
      }
      try {
        const { host } = this.ctr.fs.resolve(PodFs.abs(path, this.cwd), true);
        if (r.op.endsWith('>>')) appendFileSync(host, data);
        else writeFileSync(host, data);
      } catch (e) {
        return { out: '', err: `sh: 1: cannot create ${path}: ${e instanceof FsError ? REASON_TEXT[e.reason] : 'Directory nonexistent'}\n`, code: 2 };
      }
      if (r.op.startsWith('2')) err = '';
      else out = '';
    }
    return { out, err, code: res.code };
  }

  // ---------------------------------------------------------------- programs

  private abs(p: string): string {
    return PodFs.abs(p, this.cwd);
  }
  private host(p: string, forWrite = false): string {
    return this.ctr.fs.resolve(this.abs(p), forWrite).host;
  }

  private program(name: string, args: string[], stdin: string): Io {
    const ok = (out = ''): Io => ({ out, err: '', code: 0 });
    const fail = (err: string, code = 1): Io => ({ out: '', err, code });
    const prog = name.split('/').pop()!;
    try {
      switch (prog) {
        case 'echo': {
          const noNl = args[0] === '-n';
          return ok(args.slice(noNl ? 1 : 0).join(' ') + (noNl ? '' : '\n'));
        }
        case 'true':
          return ok();
        case 'false':
          return { out: '', err: '', code: 1 };
        case 'exit':
          this.exited = Number(args[0] ?? this.lastCode) || 0;
          return { out: '', err: '', code: this.exited };
        case 'sleep':
          return ok(); // the cluster's clock does not move inside a command
        case 'pwd':
          return ok(`${this.cwd}\n`);
        case 'cd': {
          const target = this.abs(args[0] ?? '/root');
          try {
            if (!statSync(this.host(target)).isDirectory()) throw new FsError('ENOENT');
          } catch {
            return fail(`sh: 1: cd: can't cd to ${args[0]}\n`, 2);
          }
          this.cwd = target;
          return ok();
        }
        case 'whoami':
          return ok('root\n');
        case 'id':
          return ok('uid=0(root) gid=0(root) groups=0(root)\n');
        case 'uname':
          return ok(args.includes('-a') ? `Linux ${this.ctr.hostname} 6.1.0-sts #1 SMP x86_64 GNU/Linux\n` : args.includes('-n') ? `${this.ctr.hostname}\n` : 'Linux\n');
        case 'date':
          return ok(`${new Date(this.ctr.c.now).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4')}\n`);
        case 'hostname':
          if (args.includes('-f') || args.includes('--fqdn')) return ok(`${this.ctr.fqdn}\n`);
          if (args.includes('-i')) return ok(`${this.ctr.record.ip ?? ''}\n`);
          return ok(`${this.ctr.hostname}\n`);
        case 'env':
        case 'printenv': {
          if (prog === 'printenv' && args.length) {
            const v = this.ctr.env[args[0]];
            return v === undefined ? { out: '', err: '', code: 1 } : ok(`${v}\n`);
          }
          return ok(Object.entries(this.ctr.env).map(([k, v]) => `${k}=${v}\n`).join(''));
        }
        case 'sh':
        case 'bash':
        case 'ash': {
          const c = args.indexOf('-c');
          const sub = new Shell(this.ctr);
          sub.cwd = this.cwd;
          if (c >= 0) {
            if (args[c + 1] === undefined) return fail(`${prog}: 0: -c requires an argument\n`, 2);
            return sub.script(args[c + 1]);
          }
          return sub.script(stdin);
        }
        case 'cat':
          return this.cat(args, stdin);
        case 'ls':
          return this.ls(args);
        case 'touch':
          return this.each(args, 'touch', (p) => {
            const h = this.host(p, true);
            if (existsSync(h)) utimesSync(h, new Date(), new Date());
            else writeFileSync(h, '', { flag: 'a' });
          }, (p, why) => `touch: cannot touch '${p}': ${why}\n`);
        case 'mkdir': {
          const parents = args.includes('-p');
          return this.each(args, 'mkdir', (p) => {
            const h = this.host(p, true);
            if (existsSync(h)) {
              if (parents && statSync(h).isDirectory()) return;
              throw Object.assign(new Error('exists'), { code: 'EEXIST' });
            }
            mkdirSync(h, { recursive: parents });
          }, (p, why) => `mkdir: cannot create directory '${p}': ${why}\n`);
        }
        case 'rm': {
          const flags = args.filter((a) => a.startsWith('-')).join('');
          const recursive = /[rR]/.test(flags);
          const force = flags.includes('f');
          return this.each(args, 'rm', (p) => {
            const abs = this.abs(p);
            if (this.ctr.fs.mounts.some((m) => m.path === abs)) throw Object.assign(new Error('busy'), { code: 'EBUSY' });
            const h = this.host(p, true);
            if (!existsSync(h)) {
              if (force) return;
              throw Object.assign(new Error('missing'), { code: 'ENOENT' });
            }
            if (lstatSync(h).isDirectory() && !recursive) throw Object.assign(new Error('dir'), { code: 'EISDIR' });
            rmSync(h, { recursive: true, force: true });
          }, (p, why) => `rm: cannot remove '${p}': ${why}\n`);
        }
        case 'rmdir':
          return this.each(args, 'rmdir', (p) => rmSync(this.host(p, true)), (p, why) => `rmdir: failed to remove '${p}': ${why}\n`);
        case 'cp':
        case 'mv': {
          const paths = args.filter((a) => !a.startsWith('-'));
          if (paths.length !== 2) return fail(`${prog}: missing file operand\n`);
          const [from, to] = paths;
          const src = this.host(from);
          if (!existsSync(src)) return fail(`${prog}: cannot stat '${from}': No such file or directory\n`);
          let dst = this.host(to, true);
          if (existsSync(dst) && statSync(dst).isDirectory()) dst = this.host(`${this.abs(to)}/${from.split('/').pop()}`, true);
          if (prog === 'mv') renameSync(src, dst);
          else copyFileSync(src, dst);
          return ok();
        }
        case 'df':
          return ok(this.df(args.includes('-h')));
        case 'nslookup': {
          const name = args.find((a) => !a.startsWith('-'));
          if (!name) return fail('Usage: nslookup NAME\n');
          const r = nslookup(this.ctr.c, this.ctr.pod.metadata.namespace!, name);
          return { out: r.out, err: '', code: r.code };
        }
        case 'getent': {
          if (args[0] !== 'hosts' && args[0] !== 'ahosts') return fail(`Unknown database: ${args[0] ?? ''}\n`, 1);
          if (!args[1]) return fail('', 1);
          const r = getentHosts(this.ctr.c, this.ctr.pod.metadata.namespace!, args[1]);
          return { out: r.out, err: '', code: r.code };
        }
        case 'curl':
        case 'wget':
          return this.fetch(prog, args);
        case 'wc':
        case 'head':
        case 'tail':
        case 'grep':
        case 'sort':
          return this.text(prog, args, stdin);
        case 'test':
        case '[':
          return this.test(prog === '[' ? args.slice(0, -1) : args);
        default:
          return fail(`sh: 1: ${name}: not found\n`, 127);
      }
    } catch (e) {
      if (e instanceof FsError) return fail(`${prog}: ${REASON_TEXT[e.reason]}\n`);
      throw e;
    }
  }

  /** Run fn on every non-flag argument, collecting coreutils-style errors. */
  private each(args: string[], prog: string, fn: (p: string) => void, msg: (p: string, why: string) => string): Io {
    const paths = args.filter((a) => !a.startsWith('-'));
    if (!paths.length) return { out: '', err: `${prog}: missing operand\n`, code: 1 };
    let err = '';
    for (const p of paths) {
      try {
        fn(p);
      } catch (e) {
        const code = e instanceof FsError ? e.reason : (e as NodeJS.ErrnoException).code;
        const why =
          code === 'EEXIST' ? 'File exists'
          : code === 'EISDIR' ? 'Is a directory'
          : code === 'EBUSY' ? 'Device or resource busy'
          : code === 'ENOTEMPTY' ? 'Directory not empty'
          : code === 'EROFS' ? 'Read-only file system'
          : code === 'EACCES' ? 'Permission denied'
          : 'No such file or directory';
        err += msg(p, why);
      }
    }
    return { out: '', err, code: err ? 1 : 0 };
  }

  private cat(args: string[], stdin: string): Io {
    const files = args.filter((a) => a !== '-');
    if (!files.length) return { out: stdin, err: '', code: 0 };
    let out = '';
    let err = '';
    for (const f of files) {
      try {
        const h = this.host(f);
        if (statSync(h).isDirectory()) err += `cat: ${f}: Is a directory\n`;
        else out += readFileSync(h, 'utf8');
      } catch (e) {
        err += `cat: ${f}: ${e instanceof FsError ? REASON_TEXT[e.reason] : 'No such file or directory'}\n`;
      }
    }
    return { out, err, code: err ? 1 : 0 };
  }

  private ls(args: string[]): Io {
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
    const files: string[] = [];
    const dirs: string[] = [];
    for (const t of targets) {
      try {
        const h = this.host(t);
        if (!existsSync(h)) throw new FsError('ENOENT');
        if (statSync(h).isDirectory() && !dirOnly) dirs.push(t);
        else files.push(t);
      } catch (e) {
        err += `ls: cannot access '${t}': ${e instanceof FsError ? REASON_TEXT[e.reason] : 'No such file or directory'}\n`;
        code = 2;
      }
    }
    if (files.length) out += long ? this.longList(files.map((f) => ({ name: f, host: this.host(f) }))) : files.sort().map((f) => `${f}\n`).join('');
    dirs.sort().forEach((d, i) => {
      if (files.length || i > 0) out += '\n';
      if (targets.length > 1) out += `${d}:\n`;
      const h = this.host(d);
      let names = readdirSync(h).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (!all && !almost) names = names.filter((n) => !n.startsWith('.'));
      if (d === '/' || this.abs(d) === '/') names = names.filter((n) => n !== '.sts-seeded');
      const entries = names.map((n) => ({ name: n, host: `${h}/${n}` }));
      if (all) entries.unshift({ name: '.', host: h }, { name: '..', host: h });
      if (long) {
        const blocks = entries.reduce((s, e) => s + Math.ceil((lstatSync(e.host).blocks ?? 0) / 2), 0);
        out += `total ${blocks}\n${this.longList(entries)}`;
      } else out += entries.map((e) => `${e.name}\n`).join('');
    });
    return { out, err, code };
  }

  private longList(entries: { name: string; host: string }[]): string {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const rows = entries.map((e) => {
      const st = lstatSync(e.host);
      const dir = st.isDirectory();
      const perm = (m: number) => `${m & 4 ? 'r' : '-'}${m & 2 ? 'w' : '-'}${m & 1 ? 'x' : '-'}`;
      const mode = `${dir ? 'd' : st.isSymbolicLink() ? 'l' : '-'}${perm(st.mode >> 6)}${perm(st.mode >> 3)}${perm(st.mode)}`;
      const t = st.mtime;
      const when = `${months[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2)} ${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
      return [mode, String(st.nlink), 'root', 'root', String(st.size), when, e.name];
    });
    const w = [1, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => `${r[0]} ${r[1].padStart(w[0])} ${r[2]} ${r[3]} ${r[4].padStart(w[2])} ${r[5]} ${r[6]}\n`).join('');
  }

  private df(human: boolean): string {
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
    const du = (dir: string): number => {
      let total = 4096;
      for (const n of readdirSync(dir)) {
        const st = lstatSync(`${dir}/${n}`);
        total += st.isDirectory() ? du(`${dir}/${n}`) : Math.max(4096, Math.ceil(st.size / 4096) * 4096);
      }
      return total;
    };
    const rows = [...this.ctr.fs.mounts]
      .reverse()
      .filter((m) => m.source !== 'tmpfs' || m.path !== '/')
      .map((m) => {
        const size = m.path === '/' ? 59 * 2 ** 30 : (parseQuantity(m.size) ?? 2 ** 30);
        const used = Math.min(du(m.host), size);
        const pct = `${Math.max(1, Math.ceil((used / size) * 100))}%`;
        return [m.source, fmt(size), fmt(used), fmt(size - used), pct, m.path];
      });
    const header = human ? ['Filesystem', 'Size', 'Used', 'Avail', 'Use%', 'Mounted on'] : ['Filesystem', '1K-blocks', 'Used', 'Available', 'Use%', 'Mounted on'];
    const all = [header, ...rows];
    const min = [15, 4, 5, 5, 4]; // coreutils' column widths
    const w = min.map((m, i) => Math.max(m, ...all.map((r) => r[i].length)));
    return all.map((r) => `${r[0].padEnd(w[0])} ${r.slice(1, 5).map((x, i) => x.padStart(w[i + 1])).join(' ')} ${r[5]}\n`).join('');
  }

  private fetch(prog: 'curl' | 'wget', args: string[]): Io {
    const url = args.find((a) => /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?(\/.*)?$/.test(a) && !a.startsWith('-'));
    if (!url) return { out: '', err: prog === 'curl' ? "curl: try 'curl --help' for more information\n" : 'wget: missing URL\n', code: 2 };
    const r = httpGet(this.ctr, url, prog === 'wget' ? 'Wget' : 'curl/8.11.1');
    if (r.error) {
      if (prog === 'wget') return { out: '', err: r.error.wget, code: 1 };
      return { out: '', err: args.some((a) => /^-[a-zA-Z]*s/.test(a)) && !args.some((a) => /^-[a-zA-Z]*S/.test(a)) ? '' : r.error.curl, code: r.error.code };
    }
    if (prog === 'wget') {
      const o = args.findIndex((a) => a === '-O' || a.endsWith('O-') || a.startsWith('-O'));
      const toStdout = args.includes('-O-') || args.includes('-qO-') || (o >= 0 && (args[o] === '-O' ? args[o + 1] === '-' : args[o].endsWith('-')));
      if (toStdout) return { out: r.body!, err: '', code: r.status! >= 400 ? 8 : 0 };
      const file = o >= 0 && args[o] === '-O' ? args[o + 1] : 'index.html';
      writeFileSync(this.host(file, true), r.body!);
      return { out: '', err: args.some((a) => a.startsWith('-q')) ? '' : `saving to '${file}'\n`, code: 0 };
    }
    return { out: r.body!, err: '', code: 0 };
  }

  private text(prog: string, args: string[], stdin: string): Io {
    const files = args.filter((a, i) => !a.startsWith('-') && !(prog !== 'grep' && args[i - 1] === '-n') && !(prog === 'grep' && i === args.findIndex((x) => !x.startsWith('-'))));
    let input = stdin;
    if (files.length) {
      const r = this.cat(files, '');
      if (r.code) return r;
      input = r.out;
    }
    const lines = input.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const n = Number(args[args.indexOf('-n') + 1]) || 10;
    switch (prog) {
      case 'wc': {
        const l = lines.length;
        const w = input.split(/\s+/).filter(Boolean).length;
        const c = Buffer.byteLength(input);
        if (args.includes('-l')) return { out: `${l}\n`, err: '', code: 0 };
        if (args.includes('-w')) return { out: `${w}\n`, err: '', code: 0 };
        if (args.includes('-c')) return { out: `${c}\n`, err: '', code: 0 };
        return { out: `${String(l).padStart(7)} ${String(w).padStart(7)} ${String(c).padStart(7)}\n`, err: '', code: 0 };
      }
      case 'head':
        return { out: lines.slice(0, n).map((x) => `${x}\n`).join(''), err: '', code: 0 };
      case 'tail':
        return { out: lines.slice(-n).map((x) => `${x}\n`).join(''), err: '', code: 0 };
      case 'sort':
        return { out: [...lines].sort().map((x) => `${x}\n`).join(''), err: '', code: 0 };
      default: {
        const pattern = args.find((a) => !a.startsWith('-')) ?? '';
        const re = new RegExp(pattern, args.includes('-i') ? 'i' : '');
        const invert = args.includes('-v');
        const hits = lines.filter((x) => re.test(x) !== invert);
        return { out: hits.map((x) => `${x}\n`).join(''), err: '', code: hits.length ? 0 : 1 };
      }
    }
  }

  private test(args: string[]): Io {
    const r = (b: boolean): Io => ({ out: '', err: '', code: b ? 0 : 1 });
    const exists = (p: string) => {
      try {
        return existsSync(this.host(p));
      } catch {
        return false;
      }
    };
    if (args.length === 2 && args[0] === '-e') return r(exists(args[1]));
    if (args.length === 2 && args[0] === '-f') return r(exists(args[1]) && statSync(this.host(args[1])).isFile());
    if (args.length === 2 && args[0] === '-d') return r(exists(args[1]) && statSync(this.host(args[1])).isDirectory());
    if (args.length === 2 && args[0] === '-z') return r(args[1] === '');
    if (args.length === 2 && args[0] === '-n') return r(args[1] !== '');
    if (args.length === 3 && args[1] === '=') return r(args[0] === args[2]);
    if (args.length === 3 && args[1] === '!=') return r(args[0] !== args[2]);
    if (args.length === 1) return r(args[0] !== '');
    return r(false);
  }
}
