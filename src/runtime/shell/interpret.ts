// The shell's interpreter: runs what parse.ts read, as dash would (lists, `&&`/`||`, pipes,
// redirections, `$?`, expansion and globs, exit statuses), within the exec's budget (limits.ts);
// the commands themselves are looked up in the registry of programs.ts.
import type { Container } from '../container.js';
import { Budget, limitOf } from '../limits.js';
import { type Entry, fsReason, type LookupOptions, PodFs, REASON_TEXT, reasonText } from '../podfs.js';
import { globMatch } from '../regex.js';
import { type Command, type List, parse, type Pipeline, ShellSyntaxError, type Word } from './parse.js';
import { Failed, fail, type Io, type ShellContext } from './program.js';
import { PROGRAMS, SHELLS } from './programs.js';

export type { Io } from './program.js';

/** Where a command's stdout or stderr goes once its redirections are done. */
type Sink = 'out' | 'err' | 'null' | { file: string };

/** One shell in one container; what programs may use of it is ShellContext (program.ts). */
export class Shell implements ShellContext {
  cwd = '/';
  lastCode = 0;
  exited?: number;
  /** stderr of command substitutions, shown with the command they belong to */
  private substErr = '';
  readonly budget: Budget;

  /** A budget is shared with the shells this one starts; a new one starts the exec's clock. */
  constructor(
    readonly ctr: Container,
    budget?: Budget,
  ) {
    this.budget = budget ?? new Budget();
    ctr.fs.tick = () => this.budget.check();
  }

  /** `kubectl exec POD -- ARGV…`: the program runs directly, no shell (so no expansion). */
  exec(argv: string[], stdin = ''): Io {
    const prog = argv[0].split('/').pop()!;
    if (!PROGRAMS.has(prog) || (argv[0].includes('/') && !/^\/(usr\/)?(s?bin)\//.test(argv[0])))
      return {
        out: '',
        err: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown\n`,
        code: 126,
      };
    const shown: Io = { out: '', err: '', code: 0 };
    return this.guard(shown, () => {
      if (!SHELLS.has(prog)) return this.program(prog, argv.slice(1), stdin);
      // the shell is this one, so what it printed before a limit stopped it is kept
      const s = this.shellScript(prog, argv.slice(1), stdin);
      return 'src' in s ? this.run(s.src, s.stdin, shown) : s;
    });
  }

  /** What `sh ARGS` runs: -c's script, a script file, or its input. */
  shellScript(prog: string, args: string[], stdin: string): { src: string; stdin: string } | Io {
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
      return {
        out: '',
        err: `${prog}: 0: cannot open ${file}: ${reason === 'ENOENT' || reason === 'ENOTDIR' ? 'No such file' : REASON_TEXT[reason]}\n`,
        code: 2,
      };
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

  subshell(src: string, stdin: string): Io {
    return this.child().run(src, stdin);
  }

  /** The script's lists in turn, one nesting level deeper; output collects in `acc`. */
  private run(src: string, stdin: string, acc: Io = { out: '', err: '', code: 0 }): Io {
    return this.budget.nested(() => {
      let list: List;
      try {
        list = parse(src);
      } catch (e) {
        if (e instanceof ShellSyntaxError) return { out: acc.out, err: `${acc.err}sh: 1: ${e.message}\n`, code: 2 };
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

  variable(name: string): string | undefined {
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
      const fail = (why: string): Io => ({
        out: '',
        err: `${this.substErr}sh: 1: cannot ${r.op === '<' ? 'open' : 'create'} ${path}: ${why}\n`,
        code: 2,
      });
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
    for (const [fd, data] of [
      [1, res.out],
      [2, res.err],
    ] as const) {
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

  abs(p: string): string {
    return PodFs.abs(p, this.cwd);
  }
  entry(p: string, opts?: LookupOptions): Entry {
    return this.ctr.fs.lookup(this.abs(p), opts);
  }
  /** A file's text, within what a stream may hold. */
  readText(p: string): string {
    const e = this.entry(p);
    if (e.stat?.isFile()) this.budget.fits(e.stat.size);
    return this.ctr.fs.readFile(e).toString('utf8');
  }

  private program(name: string, args: string[], stdin: string): Io {
    this.budget.check();
    const prog = name.split('/').pop()!;
    const run = PROGRAMS.get(prog);
    if (!run) return fail(`sh: 1: ${name}: not found\n`, 127);
    try {
      return run(this, args, stdin, prog);
    } catch (e) {
      if (e instanceof Failed) return fail(e.text, e.code);
      return fail(`${prog}: ${reasonText(e)}\n`);
    }
  }
}
