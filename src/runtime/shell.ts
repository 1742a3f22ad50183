// A small POSIX-ish shell (dash's messages) and the commands people run in a StatefulSet's pods
// (GNU coreutils' and grep's messages, as in the Debian-based nginx and httpd images): enough for
// the seeds and the tutorial (touch/ls a claim, write each pod's index.html, hostname, nslookup,
// curl), working on the pod's real directories through PodFs, within the budget of limits.ts.
import { readlinkSync, utimesSync } from 'node:fs';
import { posix } from 'node:path';
import { parseQuantity } from '../api/quantity.js';
import type { Container } from './container.js';
import { getentHosts, nslookup } from './dns.js';
import { Budget, limitOf } from './limits.js';
import { type Entry, FsError, fsReason, type LookupOptions, PodFs, REASON_TEXT, reasonText } from './podfs.js';
import { compilePatterns, globMatch, type Pattern, RegexError, RegexUnsupported } from './regex.js';
import { httpGet } from './web.js';

export interface Io {
  out: string;
  err: string;
  code: number;
}

type VarOp = '-' | ':-' | '+' | ':+';
type Part =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean; op?: VarOp; word?: string }
  | { kind: 'cmd'; script: string; quoted: boolean };
type Word = Part[];
type Redirect = { op: '>' | '>>' | '<' | '2>' | '2>&1' | '2>>'; target?: Word };
interface Command {
  words: Word[];
  redirects: Redirect[];
}
type Pipeline = Command[];
type List = { pipeline: Pipeline; then: ';' | '&&' | '||' }[];

class SyntaxError_ extends Error {}

/** a parameter name after `$` (sticky: read where the scan is) */
const NAME = /[A-Za-z_][A-Za-z0-9_]*|[?$#0-9]/y;

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
      // ${NAME}, and ${NAME-WORD} ${NAME:-WORD} ${NAME+WORD} ${NAME:+WORD} with a literal WORD
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#])(?:(:?[-+])(.*))?$/s.exec(src.slice(i + 1, end));
      if (!m) throw new SyntaxError_('Bad substitution');
      i = end + 1;
      return { kind: 'var', name: m[1], quoted, ...(m[2] ? { op: m[2] as VarOp, word: m[3] } : {}) };
    }
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) return { kind: 'lit', text: '$', quoted };
    i += m[0].length;
    return { kind: 'var', name: m[0], quoted };
  };

  const readWord = (): Word => {
    const parts: Word = [];
    let lit = '';
    const flush = (quoted: boolean) => {
      if (lit) parts.push({ kind: 'lit', text: lit, quoted });
      lit = '';
    };
    // dash's blanks are space, tab and newline only: \r, \v or a BOM are part of a word
    while (i < src.length && !/[ \t\n;&|<>()]/.test(src[i])) {
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
    } else if (ch === '#' && (i === 0 || /[ \t\n]/.test(src[i - 1]))) {
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
const SHELLS = ['sh', 'bash', 'ash'];

/** Where a command's stdout or stderr goes once its redirections are done. */
type Sink = 'out' | 'err' | 'null' | { file: string };

/** An error a program reports in its own words (`rm: cannot remove …`), ending it with a status. */
class Failed extends Error {
  constructor(
    readonly text: string,
    readonly code = 1,
  ) {
    super(text);
  }
}

export class Shell {
  cwd = '/';
  private lastCode = 0;
  private exited?: number;
  /** stderr of command substitutions, shown with the command they belong to */
  private substErr = '';
  private readonly budget: Budget;

  /** A budget is shared with the shells this one starts; a new one starts the exec's clock. */
  constructor(
    private readonly ctr: Container,
    budget?: Budget,
  ) {
    this.budget = budget ?? new Budget();
    ctr.fs.tick = () => this.budget.check();
  }

  /** `kubectl exec POD -- ARGV…`: the program runs directly, no shell (so no expansion). */
  exec(argv: string[], stdin = ''): Io {
    const prog = argv[0].split('/').pop()!;
    if (!PROGRAMS.includes(prog) || (argv[0].includes('/') && !/^\/(usr\/)?(s?bin)\//.test(argv[0])))
      return {
        out: '',
        err: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown\n`,
        code: 126,
      };
    const shown: Io = { out: '', err: '', code: 0 };
    return this.guard(shown, () => {
      if (!SHELLS.includes(prog)) return this.program(prog, argv.slice(1), stdin);
      // the shell is this one, so what it printed before a limit stopped it is kept
      const s = this.shellScript(prog, argv.slice(1), stdin);
      return 'src' in s ? this.run(s.src, s.stdin, shown) : s;
    });
  }

  /** What `sh ARGS` runs: -c's script, a script file, or its input. */
  private shellScript(prog: string, args: string[], stdin: string): { src: string; stdin: string } | Io {
    const c = args.indexOf('-c');
    if (c >= 0) {
      if (args[c + 1] === undefined) return { out: '', err: `${prog}: 0: -c requires an argument\n`, code: 2 };
      return { src: args[c + 1], stdin };
    }
    const file = args.find((a) => !a.startsWith('-'));
    if (file === undefined) return { src: stdin, stdin: '' };
    try {
      return { src: this.readText(file), stdin };
    } catch (e) {
      const reason = fsReason(e);
      if (!reason) throw e;
      return { out: '', err: `${prog}: 0: cannot open ${file}: ${reason === 'ENOENT' || reason === 'ENOTDIR' ? 'No such file' : REASON_TEXT[reason]}\n`, code: 2 };
    }
  }

  /** Run a script, as `sh -c SCRIPT` would. */
  script(src: string, stdin = ''): Io {
    const shown: Io = { out: '', err: '', code: 0 };
    return this.guard(shown, () => this.run(src, stdin, shown));
  }

  /** A limit ends the whole command: what it had shown stays, the limit's message follows. */
  private guard(shown: Io, fn: () => Io): Io {
    try {
      return fn();
    } catch (e) {
      const limit = limitOf(e);
      if (!limit) throw e;
      return { out: shown.out, err: shown.err + limit.text, code: limit.code };
    }
  }

  /** A child shell (`sh -c`, `$( )`): the same files and budget, its own exit. */
  private child(): Shell {
    const sub = new Shell(this.ctr, this.budget);
    sub.cwd = this.cwd;
    return sub;
  }

  /** The script's lists in turn, one nesting level deeper; output collects in `acc`. */
  private run(src: string, stdin: string, acc: Io = { out: '', err: '', code: 0 }): Io {
    return this.budget.nested(() => {
      let list: List;
      try {
        list = parse(src);
      } catch (e) {
        if (e instanceof SyntaxError_) return { out: acc.out, err: `${acc.err}sh: 1: ${e.message}\n`, code: 2 };
        throw e;
      }
      let skip: ';' | '&&' | '||' | undefined;
      for (const { pipeline, then } of list) {
        const run = skip === undefined || (skip === '&&' && this.lastCode === 0) || (skip === '||' && this.lastCode !== 0) || skip === ';';
        if (run) {
          const r = this.pipeline(pipeline, stdin);
          acc.out = this.budget.bound(acc.out + r.out);
          acc.err = this.budget.bound(acc.err + r.err);
          this.lastCode = r.code;
          stdin = '';
          if (this.exited !== undefined) return { ...acc, code: this.exited };
        }
        skip = then;
      }
      return { ...acc, code: this.lastCode };
    });
  }

  private pipeline(p: Pipeline, stdin: string): Io {
    let input = stdin;
    let err = '';
    let last: Io = { out: '', err: '', code: 0 };
    for (const cmd of p) {
      last = this.command(cmd, input);
      err = this.budget.bound(err + last.err);
      input = last.out;
    }
    return { out: last.out, err, code: last.code };
  }

  private variable(name: string): string | undefined {
    if (name === '?') return String(this.lastCode);
    if (name === '$') return '1';
    if (name === '#') return '0';
    return Object.hasOwn(this.ctr.env, name) ? this.ctr.env[name] : undefined;
  }

  private expandWord(w: Word): string[] {
    let s = '';
    let quoted = false;
    let unquotedSubst = false;
    for (const part of w) {
      if (part.quoted) quoted = true;
      if (part.kind === 'lit') s += part.text;
      else if (part.kind === 'var') {
        const value = this.variable(part.name);
        const set = part.op?.startsWith(':') ? !!value : value !== undefined;
        s += part.op === undefined ? (value ?? '') : part.op.endsWith('-') ? (set ? value! : part.word!) : set ? part.word! : '';
        if (!part.quoted) unquotedSubst = true;
      } else {
        const r = this.child().run(part.script, '');
        this.substErr = this.budget.bound(this.substErr + r.err);
        s += r.out.replace(/\n+$/, '');
        if (!part.quoted) unquotedSubst = true;
      }
      this.budget.bound(s);
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
    let names: string[];
    try {
      const d = this.entry(dir);
      names = d.stat?.isDirectory() ? this.ctr.fs.list(d) : [];
    } catch (e) {
      reasonText(e);
      names = [];
    }
    names = names.filter((n) => !n.startsWith('.') && globMatch(base, n)).sort();
    if (!names.length) return [pattern];
    return names.map((n) => (slash >= 0 ? `${pattern.slice(0, slash)}/${n}` : n));
  }

  /**
   * One simple command: expand, do its redirections in order (files are created or truncated
   * before it runs, as dash does them), run it, send its output where the redirections said.
   */
  private command(cmd: Command, stdin: string): Io {
    this.budget.check();
    this.substErr = '';
    const argv = cmd.words.flatMap((w) => this.expandWord(w));
    let input = stdin;
    const sinks: Record<1 | 2, Sink> = { 1: 'out', 2: 'err' };
    for (const r of cmd.redirects) {
      if (r.op === '2>&1') {
        sinks[2] = sinks[1];
        continue;
      }
      const path = this.expandWord(r.target!)[0] ?? '';
      const fail = (why: string): Io => ({ out: '', err: `${this.substErr}sh: 1: cannot ${r.op === '<' ? 'open' : 'create'} ${path}: ${why}\n`, code: 2 });
      if (r.op === '<') {
        try {
          input = this.readText(path);
        } catch (e) {
          const reason = fsReason(e);
          if (!reason) throw e;
          return fail(reason === 'ENOENT' || reason === 'ENOTDIR' ? 'No such file' : REASON_TEXT[reason]);
        }
        continue;
      }
      const fd = r.op.startsWith('2') ? 2 : 1;
      if (path === '/dev/null') {
        sinks[fd] = 'null';
        continue;
      }
      try {
        const e = this.entry(path, { write: true });
        if (!r.op.endsWith('>>') || !e.stat) this.ctr.fs.writeFile(e, '');
        sinks[fd] = { file: e.abs };
      } catch (e) {
        const reason = fsReason(e);
        if (!reason) throw e;
        return fail(reason === 'ENOENT' || reason === 'ENOTDIR' ? 'Directory nonexistent' : REASON_TEXT[reason]);
      }
    }
    const res = argv.length ? this.program(argv[0], argv.slice(1), input) : { out: '', err: '', code: 0 };
    const shown = { out: '', err: this.substErr };
    let code = res.code;
    for (const [fd, data] of [[1, res.out], [2, res.err]] as const) {
      const sink = sinks[fd];
      if (sink === 'null' || !data) continue;
      if (sink === 'out' || sink === 'err') shown[sink] += data;
      else
        try {
          this.ctr.fs.writeFile(this.ctr.fs.lookup(sink.file), data, true);
        } catch (e) {
          shown.err += `sh: 1: cannot create ${sink.file}: ${reasonText(e)}\n`;
          code = code || 2;
        }
    }
    return { out: shown.out, err: shown.err, code };
  }

  // ---------------------------------------------------------------- files

  private abs(p: string): string {
    return PodFs.abs(p, this.cwd);
  }
  private entry(p: string, opts?: LookupOptions): Entry {
    return this.ctr.fs.lookup(this.abs(p), opts);
  }
  /** A file's text, within what a stream may hold. */
  private readText(p: string): string {
    const e = this.entry(p);
    if (e.stat?.isFile()) this.budget.fits(e.stat.size);
    return this.ctr.fs.readFile(e).toString('utf8');
  }

  private program(name: string, args: string[], stdin: string): Io {
    this.budget.check();
    const ok = (out = ''): Io => ({ out, err: '', code: 0 });
    const fail = (err: string, code = 1): Io => ({ out: '', err, code });
    const prog = name.split('/').pop()!;
    try {
      switch (prog) {
        case 'echo': {
          const noNl = args[0] === '-n';
          return ok(this.budget.bound(args.slice(noNl ? 1 : 0).join(' ') + (noNl ? '' : '\n')));
        }
        case 'true':
          return ok();
        case 'false':
          return { out: '', err: '', code: 1 };
        case 'exit': {
          if (args[0] !== undefined && !/^\d+$/.test(args[0])) return fail(`sh: 1: exit: Illegal number: ${args[0]}\n`, 2);
          this.exited = args[0] === undefined ? this.lastCode : Number(args[0]) & 255;
          return { out: '', err: '', code: this.exited };
        }
        case 'sleep':
          return ok(); // the cluster's clock does not move inside a command
        case 'pwd':
          return ok(`${this.cwd}\n`);
        case 'cd': {
          const target = this.abs(args[0] ?? '/root');
          try {
            if (!this.entry(target).stat?.isDirectory()) throw new FsError('ENOENT');
          } catch (e) {
            reasonText(e);
            return fail(`sh: 1: cd: can't cd to ${args[0] ?? '/root'}\n`, 2);
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
            const v = this.variable(args[0]);
            return v === undefined || !/^[A-Za-z_]/.test(args[0]) ? { out: '', err: '', code: 1 } : ok(`${v}\n`);
          }
          return ok(Object.entries(this.ctr.env).map(([k, v]) => `${k}=${v}\n`).join(''));
        }
        case 'sh':
        case 'bash':
        case 'ash': {
          const s = this.shellScript(prog, args, stdin);
          return 'src' in s ? this.child().run(s.src, s.stdin) : s;
        }
        case 'cat':
          return this.cat(args, stdin);
        case 'ls':
          return this.ls(args);
        case 'touch':
          return this.each(args, 'touch', (p) => {
            const e = this.entry(p, { write: true });
            if (e.stat) utimesSync(e.host, new Date(), new Date());
            else this.ctr.fs.writeFile(e, '');
          }, (p, why) => `touch: cannot touch '${p}': ${why}\n`);
        case 'mkdir':
          return this.each(args, 'mkdir', (p) => this.mkdir(p, args.includes('-p')), (p, why) => `mkdir: cannot create directory '${p}': ${why}\n`);
        case 'rm':
          return this.rm(args);
        case 'rmdir':
          return this.each(args, 'rmdir', (p) => {
            const e = this.entry(p, { follow: false });
            if (!e.stat) throw new FsError('ENOENT');
            if (!e.stat.isDirectory()) throw new FsError('ENOTDIR');
            this.ctr.fs.remove(e);
          }, (p, why) => `rmdir: failed to remove '${p}': ${why}\n`);
        case 'cp':
        case 'mv':
          return this.copyOrMove(prog, args);
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
        case 'grep':
          return this.grep(args, stdin);
        case 'wc':
        case 'head':
        case 'tail':
        case 'sort':
          return this.text(prog, args, stdin);
        case 'test':
        case '[':
          return this.test(prog === '[' ? args.slice(0, -1) : args);
        default:
          return fail(`sh: 1: ${name}: not found\n`, 127);
      }
    } catch (e) {
      if (e instanceof Failed) return fail(e.text, e.code);
      return fail(`${prog}: ${reasonText(e)}\n`);
    }
  }

  /** Run fn on every operand, collecting coreutils-style errors. */
  private each(args: string[], prog: string, fn: (p: string) => void, msg: (p: string, why: string) => string): Io {
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

  private mkdir(p: string, parents: boolean): void {
    const fs = this.ctr.fs;
    const abs = this.abs(p);
    if (!parents) return fs.mkdir(this.entry(abs, { follow: false, write: true }));
    let at = '';
    for (const name of abs.split('/').filter(Boolean)) {
      this.budget.check(); // each level walks the path again: a deep -p is quadratic
      at += `/${name}`;
      const e = fs.lookup(at);
      if (e.stat?.isDirectory() || (!e.stat && fs.isMountPoint(e.abs))) continue;
      if (e.stat) throw new FsError(at === abs ? 'EEXIST' : 'ENOTDIR');
      // a dangling link is not made into a directory (mkdir(2) does not follow it)
      fs.mkdir(fs.lookup(at, { follow: false, write: true }));
    }
  }

  private rm(args: string[]): Io {
    const flags = args.filter((a) => a.startsWith('-') && a !== '-').join('');
    const recursive = /[rR]/.test(flags);
    const force = flags.includes('f');
    const paths = operands(args);
    if (!paths.length && force) return { out: '', err: '', code: 0 };
    return this.each(args, 'rm', (p) => {
      const abs = this.abs(p);
      if (abs === '/' && recursive)
        throw new Failed("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
      let e: Entry;
      try {
        e = this.entry(abs, { follow: false });
      } catch (x) {
        if (force && fsReason(x) === 'ENOENT') return;
        throw x;
      }
      if (!e.stat) {
        if (force) return;
        throw new FsError('ENOENT');
      }
      if (this.ctr.fs.holdsMount(e.abs)) throw new FsError('EBUSY');
      if (e.stat.isDirectory() && !recursive) throw new FsError('EISDIR');
      this.ctr.fs.remove(e, true);
    }, (p, why) => `rm: cannot remove '${p}': ${why}\n`);
  }

  /**
   * cp and mv, as coreutils do them: into a directory when the target is one; mv renames within a
   * volume and copies then removes across volumes (rename's EXDEV); neither moves, replaces nor
   * removes a mount point, and mv takes nothing out of a read-only mount.
   */
  private copyOrMove(prog: 'cp' | 'mv', args: string[]): Io {
    const fs = this.ctr.fs;
    const flags = args.filter((a) => a.startsWith('-') && a !== '-').join('');
    const recursive = prog === 'mv' || /[rRa]/.test(flags);
    const paths = operands(args);
    if (paths.length < 2)
      return { out: '', err: paths.length ? `${prog}: missing destination file operand after '${paths[0]}'\n` : `${prog}: missing file operand\n`, code: 1 };
    const target = paths.pop()!;
    let into: Entry | undefined;
    try {
      const t = this.entry(target);
      if (t.stat?.isDirectory()) into = t;
    } catch (e) {
      reasonText(e);
    }
    if (paths.length > 1 && !into) return { out: '', err: `${prog}: target '${target}' is not a directory\n`, code: 1 };
    let err = '';
    for (const from of paths) {
      const shownTo = into ? `${target.replace(/\/+$/, '')}/${posix.basename(this.abs(from))}` : target;
      const cannot = (why: string) =>
        prog === 'mv'
          ? `mv: cannot move '${from}' to '${shownTo}': ${why}\n`
          : why === REASON_TEXT.ENOSPC
            ? `cp: error writing '${shownTo}': ${why}\n`
            : `cp: cannot create regular file '${shownTo}': ${why}\n`;
      try {
        let src: Entry;
        try {
          src = this.entry(from, { follow: prog === 'cp' && !recursive });
          if (!src.stat) throw new FsError('ENOENT');
        } catch (e) {
          throw new Failed(`${prog}: cannot stat '${from}': ${reasonText(e)}\n`);
        }
        if (src.stat.isDirectory() && !recursive) throw new Failed(`cp: -r not specified; omitting directory '${from}'\n`);
        const dst = into ? fs.lookup(`${into.abs === '/' ? '' : into.abs}/${posix.basename(this.abs(from))}`, { follow: false }) : this.entry(target, { follow: false });
        if (dst.abs === src.abs) throw new Failed(`${prog}: '${from}' and '${shownTo}' are the same file\n`);
        if (src.stat.isDirectory() && (dst.abs + '/').startsWith(src.abs + '/'))
          throw new Failed(prog === 'mv' ? `mv: cannot move '${from}' to a subdirectory of itself, '${shownTo}'\n` : `cp: cannot copy a directory, '${from}', into itself, '${shownTo}'\n`);
        if (dst.stat?.isDirectory() && !src.stat.isDirectory()) throw new Failed(`${prog}: cannot overwrite directory '${shownTo}' with non-directory\n`);
        if (dst.stat && !dst.stat.isDirectory() && src.stat.isDirectory())
          throw new Failed(`${prog}: cannot overwrite non-directory '${shownTo}' with directory '${from}'\n`);
        if (prog === 'mv') {
          if (fs.holdsMount(src.abs) || fs.isMountPoint(dst.abs)) throw new FsError('EBUSY');
          if (src.mount.readOnly || dst.mount.readOnly) throw new FsError('EROFS');
          if (src.mount.host === dst.mount.host) fs.rename(src, dst);
          else {
            this.copyTree(src, dst, cannot);
            fs.remove(src, true);
          }
        } else {
          if (dst.mount.readOnly) throw new FsError('EROFS');
          this.copyTree(src, dst, cannot);
        }
      } catch (e) {
        if (e instanceof Failed) err += e.text;
        else err += cannot(reasonText(e));
      }
    }
    return { out: '', err, code: err ? 1 : 0 };
  }

  /** Copy a file, link or tree (links as links, mount points' contents as directories). */
  private copyTree(src: Entry, dst: Entry, cannot: (why: string) => string): void {
    const fs = this.ctr.fs;
    this.budget.check();
    if (src.stat!.isSymbolicLink()) {
      if (dst.stat) fs.remove(dst);
      fs.symlink(fs.lookup(dst.abs, { follow: false }), readlinkSync(src.host));
    } else if (src.stat!.isDirectory()) {
      if (!dst.stat) fs.mkdir(dst);
      for (const name of fs.list(src).sort()) {
        const from = fs.lookup(`${src.abs === '/' ? '' : src.abs}/${name}`, { follow: false });
        const to = fs.lookup(`${dst.abs}/${name}`, { follow: false });
        if (to.stat?.isDirectory() !== from.stat?.isDirectory() && to.stat) throw new Failed(cannot(REASON_TEXT[to.stat.isDirectory() ? 'EISDIR' : 'ENOTDIR']));
        this.copyTree(from, to, cannot);
      }
    } else {
      const data = fs.readFile(src);
      // a link where the copy goes is written through, as open(2) does: lookup judges where it leads
      fs.writeFile(dst.stat?.isSymbolicLink() ? fs.lookup(dst.abs, { write: true }) : dst, data);
    }
  }

  private cat(args: string[], stdin: string): Io {
    const files = args.filter((a) => a !== '-');
    if (!files.length) return { out: stdin, err: '', code: 0 };
    let out = '';
    let err = '';
    for (const f of files) {
      try {
        out = this.budget.bound(out + this.readText(f));
      } catch (e) {
        err += `cat: ${f}: ${reasonText(e)}\n`;
      }
    }
    return { out, err, code: err ? 1 : 0 };
  }

  private ls(args: string[]): Io {
    const fs = this.ctr.fs;
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
        const e = this.entry(t, { follow: !long && !dirOnly });
        if (!e.stat) throw new FsError('ENOENT');
        if (e.stat.isDirectory() && !dirOnly) dirs.push({ name: t, e });
        else files.push({ name: t, e });
      } catch (e) {
        err += `ls: cannot access '${t}': ${reasonText(e)}\n`;
        code = 2;
      }
    }
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (files.length) out += long ? this.longList(files) : files.map((f) => `${f.name}\n`).join('');
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
        out += `total ${blocks}\n${this.longList(entries)}`;
      } else out += entries.map((x) => `${x.name}\n`).join('');
      this.budget.bound(out);
    });
    return { out, err, code };
  }

  private longList(entries: { name: string; e: Entry }[]): string {
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
    const rows = [...this.ctr.fs.mounts]
      .reverse()
      .filter((m) => m.source !== 'tmpfs' || m.path !== '/')
      .map((m) => {
        const size = m.path === '/' ? 59 * 2 ** 30 : (parseQuantity(m.size) ?? 2 ** 30);
        const used = Math.min(this.ctr.fs.usedBy(m), size);
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
    const url = args.find((a, i) => /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?(\/.*)?$/.test(a) && !a.startsWith('-') && !/^-([a-zA-Z]*[Oo]|-output|-output-document)$/.test(args[i - 1] ?? ''));
    if (!url) return { out: '', err: prog === 'curl' ? "curl: try 'curl --help' for more information\n" : 'wget: missing URL\n', code: 2 };
    const r = httpGet(this.ctr, url, prog === 'wget' ? 'Wget' : 'curl/8.11.1');
    if (r.error) {
      if (prog === 'wget') return { out: '', err: r.error.wget, code: 1 };
      return { out: '', err: args.some((a) => /^-[a-zA-Z]*s/.test(a)) && !args.some((a) => /^-[a-zA-Z]*S/.test(a)) ? '' : r.error.curl, code: r.error.code };
    }
    if (prog === 'wget') {
      // -O FILE, -OFILE, -qO FILE, -O- (stdout)
      const o = args.findIndex((a) => /^-[a-zA-Z]*O/.test(a));
      const attached = o >= 0 ? args[o].slice(args[o].indexOf('O') + 1) : '';
      const file = o < 0 ? 'index.html' : attached || args[o + 1];
      if (file === undefined) return { out: '', err: "wget: option requires an argument -- 'O'\n", code: 1 };
      if (file === '-') return { out: r.body!, err: '', code: r.status! >= 400 ? 8 : 0 };
      try {
        this.ctr.fs.writeFile(this.entry(file, { write: true }), r.body!);
      } catch (e) {
        return { out: '', err: `wget: can't open '${file}': ${reasonText(e)}\n`, code: 1 };
      }
      return { out: '', err: args.some((a) => a.startsWith('-q')) ? '' : `saving to '${file}'\n`, code: 0 };
    }
    return { out: r.body!, err: '', code: 0 };
  }

  private text(prog: string, args: string[], stdin: string): Io {
    const files = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-n');
    let input = stdin;
    if (files.length) {
      const r = this.cat(files, '');
      if (r.code) return r;
      input = r.out;
    }
    const lines = input.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const count = args.includes('-n') ? args[args.indexOf('-n') + 1] : args.find((a) => /^-\d+$/.test(a))?.slice(1);
    const n = Number(count) || 10;
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
      default:
        return { out: [...lines].sort().map((x) => `${x}\n`).join(''), err: '', code: 0 };
    }
  }

  /**
   * GNU grep: basic (default), extended (-E) or fixed (-F) patterns, any of several (-e, or lines
   * of one); -i -v -c -l -q -n -x -w -h -H -s. Patterns run on the linear-time engine in regex.ts,
   * checked against the exec's deadline as they go.
   */
  private grep(args: string[], stdin: string): Io {
    const usage = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    const LONG: Record<string, string> = {
      '--extended-regexp': 'E', '--fixed-strings': 'F', '--basic-regexp': 'G', '--ignore-case': 'i', '--invert-match': 'v',
      '--count': 'c', '--files-with-matches': 'l', '--quiet': 'q', '--silent': 'q', '--line-number': 'n', '--line-regexp': 'x',
      '--word-regexp': 'w', '--no-filename': 'h', '--with-filename': 'H', '--no-messages': 's',
    };
    const opts = new Set<string>();
    const patterns: string[] = [];
    const operandsLeft: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--') {
        operandsLeft.push(...args.slice(i + 1));
        break;
      }
      if (a.startsWith('--')) {
        const [name, value] = a.split(/=(.*)/s);
        if (name === '--regexp') {
          const v = value ?? args[++i];
          if (v === undefined) return { out: '', err: `grep: option '--regexp' requires an argument\n${usage}`, code: 2 };
          patterns.push(v);
        } else if (Object.hasOwn(LONG, name)) opts.add(LONG[name]);
        else return { out: '', err: `grep: unrecognized option '${a}'\n${usage}`, code: 2 };
        continue;
      }
      if (!a.startsWith('-') || a === '-') {
        operandsLeft.push(a);
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === 'e') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { out: '', err: `grep: option requires an argument -- 'e'\n${usage}`, code: 2 };
          patterns.push(v);
          break;
        }
        if ('oABCrRLmabfTZzU'.includes(f)) return { out: '', err: `grep: -${f} is not supported in sts's pods\n`, code: 2 };
        if (!'EFGivyclqnxwhHs'.includes(f)) return { out: '', err: `grep: invalid option -- '${f}'\n${usage}`, code: 2 };
        opts.add(f === 'y' ? 'i' : f);
      }
    }
    if (!patterns.length) {
      if (!operandsLeft.length) return { out: '', err: usage, code: 2 };
      patterns.push(operandsLeft.shift()!);
    }
    let pattern: Pattern;
    try {
      pattern = compilePatterns(patterns.flatMap((p) => p.split('\n')), {
        extended: opts.has('E'),
        fixed: opts.has('F'),
        icase: opts.has('i'),
        whole: opts.has('x') ? 'line' : opts.has('w') ? 'word' : undefined,
      });
    } catch (e) {
      if (e instanceof RegexError || e instanceof RegexUnsupported) return { out: '', err: `grep: ${e.message}\n`, code: 2 };
      throw e;
    }
    const files = operandsLeft.length ? operandsLeft : ['-'];
    const named = opts.has('H') || (files.length > 1 && !opts.has('h'));
    const tick = () => this.budget.check();
    let out = '';
    let err = '';
    let matched = false;
    for (const f of files) {
      let input: string;
      try {
        input = f === '-' ? stdin : this.readText(f);
      } catch (e) {
        if (!opts.has('s')) err += `grep: ${f}: ${reasonText(e)}\n`;
        else reasonText(e);
        continue;
      }
      const label = f === '-' ? '(standard input)' : f;
      const lines = input.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      let count = 0;
      for (let n = 0; n < lines.length; n++) {
        if (pattern.test(lines[n], tick) === opts.has('v')) continue;
        count++;
        matched = true;
        if (opts.has('q')) return { out: '', err: '', code: 0 };
        if (opts.has('l')) break;
        if (!opts.has('c')) out = this.budget.bound(`${out}${named ? `${label}:` : ''}${opts.has('n') ? `${n + 1}:` : ''}${lines[n]}\n`);
      }
      if (opts.has('c')) out += `${named ? `${label}:` : ''}${count}\n`;
      else if (opts.has('l') && count) out += `${label}\n`;
    }
    return { out, err, code: err ? 2 : matched ? 0 : 1 };
  }

  private test(args: string[]): Io {
    const r = (b: boolean): Io => ({ out: '', err: '', code: b ? 0 : 1 });
    const stat = (p: string) => {
      try {
        return this.entry(p).stat;
      } catch (e) {
        reasonText(e);
        return undefined;
      }
    };
    if (args.length === 2 && args[0] === '-e') return r(!!stat(args[1]));
    if (args.length === 2 && args[0] === '-f') return r(!!stat(args[1])?.isFile());
    if (args.length === 2 && args[0] === '-d') return r(!!stat(args[1])?.isDirectory());
    if (args.length === 2 && args[0] === '-z') return r(args[1] === '');
    if (args.length === 2 && args[0] === '-n') return r(args[1] !== '');
    if (args.length === 3 && args[1] === '=') return r(args[0] === args[2]);
    if (args.length === 3 && args[1] === '!=') return r(args[0] !== args[2]);
    if (args.length === 1) return r(args[0] !== '');
    return r(false);
  }
}

/** The arguments that are not options (`-` is one; after `--` all are). */
function operands(args: string[]): string[] {
  const dash = args.indexOf('--');
  const before = dash >= 0 ? args.slice(0, dash) : args;
  return [...before.filter((a) => !a.startsWith('-') || a === '-'), ...(dash >= 0 ? args.slice(dash + 1) : [])];
}
