// Go's text/template, as kubectl's -o go-template and --template use it (cli-runtime printers/template.go:
// missingkey=default, the extra functions `exists` and `base64decode`): lexer, parser and evaluator for
// the language the docs use — fields, variables, pipelines, range/if/with/else, define-free templates.

export class TemplateError extends Error {}

type Node =
  | { t: 'text'; text: string }
  | { t: 'action'; pipe: Pipe; line: number }
  | { t: 'if' | 'with'; pipe: Pipe; body: Node[]; else: Node[] | undefined; line: number }
  | { t: 'range'; pipe: Pipe; body: Node[]; else: Node[] | undefined; line: number };

interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: Cmd[];
}

/** Where a node starts in the source and how Go prints it, for `output:LINE:COL: executing … at <NODE>`. */
interface At {
  pos: number;
  text: string;
}

interface Cmd {
  args: Arg[];
  at: At;
}

type Arg =
  | { t: 'field'; path: string[]; recv?: Arg; at: At }
  | { t: 'var'; name: string; path: string[]; at: At }
  | { t: 'dot' }
  | { t: 'nil' }
  | { t: 'lit'; value: unknown }
  | { t: 'ident'; name: string; at: At }
  | { t: 'pipe'; pipe: Pipe };

// ---- lexing: split into text and actions, honouring {{- and -}} trim markers and comments

interface Action {
  text: string;
  line: number;
  /** offset of `text` in the source */
  pos: number;
}

function split(src: string): (string | Action)[] {
  const out: (string | Action)[] = [];
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push(src.slice(i));
      break;
    }
    let text = src.slice(i, open);
    let j = open + 2;
    if (src[j] === '-' && /\s/.test(src[j + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      j += 1;
    }
    out.push(text);
    line += (src.slice(i, open).match(/\n/g) ?? []).length;
    const close = findClose(src, j, line);
    let body = src.slice(j, close);
    let k = close + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      const m = /^\s*/.exec(src.slice(k))!;
      k += m[0].length;
    }
    if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(body)) out.push({ text: body, line, pos: j });
    line += (src.slice(open, k).match(/\n/g) ?? []).length;
    i = k;
  }
  return out;
}

/** The `}}` that closes an action, skipping quoted strings. */
function findClose(src: string, from: number, line: number): number {
  let q: string | undefined;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (q) {
      if (c === '\\' && q !== '`') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === '`' || c === "'") q = c;
    else if (c === '}' && src[i + 1] === '}') return i;
  }
  throw new TemplateError(`template: output:${(src.match(/\n/g) ?? []).length + 1}: unclosed action started at output:${line}`);
}

type Tok = { k: 'str' | 'num' | 'char' | 'field' | 'var' | 'ident' | 'punct'; v: string; pos: number; raw: string };

function tokens(text: string, line: number, base: number): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const bad = (what: string) => new TemplateError(`template: output:${line}: ${what}`);
  while (i < text.length) {
    const c = text[i];
    const from = i;
    const push = (k: Tok['k'], v: string, len: number) => {
      out.push({ k, v, pos: base + from, raw: text.slice(from, from + len) });
      i = from + len;
    };
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw bad('unterminated quoted string');
      push('str', JSON.parse(text.slice(i, j + 1)), j + 1 - i);
    } else if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) throw bad('unterminated raw quoted string');
      push('str', text.slice(i + 1, j), j + 1 - i);
    } else if (c === "'") {
      const m = /^'(\\.|[^'\\])'/.exec(text.slice(i));
      if (!m) throw bad('unterminated character constant');
      push('char', m[1].startsWith('\\') ? JSON.parse(`"${m[1]}"`) : m[1], m[0].length);
    } else if (c === '(' || c === ')' || c === '|' || c === ',') {
      push('punct', c, 1);
    } else if (c === ':' && text[i + 1] === '=') {
      push('punct', ':=', 2);
    } else if (c === '=') {
      push('punct', '=', 1);
    } else {
      const m = /^(\$[\w]*(\.[\w]+)*|(\.[\w]+)+|\.|[+-]?(0x[\da-fA-F]+|\d+(\.\d*)?([eE][+-]?\d+)?)|[A-Za-z_]\w*(\.[\w]+)*)/.exec(text.slice(i));
      if (!m) throw bad(`unexpected ${JSON.stringify(c)} in command`);
      const w = m[0];
      push(w.startsWith('$') ? 'var' : w.startsWith('.') ? 'field' : /^[+-]?\d|^[+-]?0x/.test(w) ? 'num' : 'ident', w, w.length);
    }
  }
  return out;
}

// ---- parsing

function parsePipe(toks: Tok[], line: number, allowDecl: boolean): Pipe {
  let pos = 0;
  const decl: string[] = [];
  let assign = false;
  if (allowDecl) {
    const save = pos;
    const names: string[] = [];
    while (toks[pos]?.k === 'var' && !toks[pos].v.includes('.')) {
      names.push(toks[pos].v);
      pos++;
      if (toks[pos]?.v === ',') pos++;
      else break;
    }
    if (names.length && (toks[pos]?.v === ':=' || toks[pos]?.v === '=')) {
      assign = toks[pos].v === '=';
      decl.push(...names);
      pos++;
    } else pos = save;
  }
  const bad = (what: string) => new TemplateError(`template: output:${line}: ${what}`);
  const parseArg = (): Arg => {
    const tok = toks[pos++];
    if (!tok) throw bad('missing value for command');
    let arg: Arg;
    switch (tok.k) {
      case 'str':
        arg = { t: 'lit', value: tok.v };
        break;
      case 'char':
        arg = { t: 'lit', value: tok.v.codePointAt(0) };
        break;
      case 'num':
        arg = { t: 'lit', value: Number(tok.v) };
        break;
      case 'field': {
        // Go places a chain of fields at its second link (parse.go operand: newChain at peek().pos)
        const path = tok.v.slice(1).split('.');
        arg = tok.v === '.' ? { t: 'dot' } : { t: 'field', path, at: { pos: tok.pos + (path.length > 1 ? path[0].length + 1 : 0), text: tok.v } };
        break;
      }
      case 'var': {
        const [name, ...path] = tok.v.split('.');
        arg = { t: 'var', name, path, at: { pos: tok.pos + (path.length ? name.length : 0), text: tok.v } };
        break;
      }
      case 'ident':
        if (tok.v === 'true' || tok.v === 'false') arg = { t: 'lit', value: tok.v === 'true' };
        else if (tok.v === 'nil') arg = { t: 'nil' };
        else if (!Object.hasOwn(FUNCS, tok.v)) throw bad(`function "${tok.v}" not defined`);
        else arg = { t: 'ident', name: tok.v, at: { pos: tok.pos, text: tok.v } };
        break;
      default:
        if (tok.v === '(') {
          const start = pos;
          let depth = 1;
          while (pos < toks.length && depth) {
            if (toks[pos].v === '(') depth++;
            if (toks[pos].v === ')') depth--;
            pos++;
          }
          if (depth) throw bad('unclosed left paren');
          arg = { t: 'pipe', pipe: parsePipe(toks.slice(start, pos - 1), line, false) };
          // a field of a parenthesized value: (index .a 0).name
          if (toks[pos]?.k === 'field' && toks[pos].v !== '.') {
            const f = toks[pos++];
            arg = { t: 'field', path: f.v.slice(1).split('.'), recv: arg, at: { pos: f.pos, text: `(${toks.slice(start, pos - 2).map((x) => x.raw).join(' ')})${f.v}` } };
          }
          break;
        }
        throw bad(`unexpected "${tok.v}" in operand`);
    }
    return arg;
  };
  const cmds: Cmd[] = [];
  let cmd: Arg[] = [];
  let first = pos;
  const close = () => {
    if (!cmd.length) throw bad(cmds.length ? 'missing command' : 'missing value for command');
    cmds.push({ args: cmd, at: { pos: toks[first].pos, text: toks.slice(first, pos).map((x) => x.raw).join(' ') } });
  };
  while (pos < toks.length) {
    if (toks[pos].v === '|') {
      close();
      cmd = [];
      first = ++pos;
      continue;
    }
    if (toks[pos].v === ',' || toks[pos].v === ')' || toks[pos].v === '=' || toks[pos].v === ':=') throw bad(`unexpected "${toks[pos].v}" in operand`);
    cmd.push(parseArg());
  }
  close();
  return { decl, assign, cmds };
}

function parse(src: string): Node[] {
  const items = split(src);
  let i = 0;
  /** Nodes up to one of `until`; with `single`, just the next action or block (an {{else if}}'s if). */
  const block = (until: string[], single = false): { nodes: Node[]; end: string; endPipe?: Action } => {
    const nodes: Node[] = [];
    while (i < items.length) {
      const it = items[i++];
      if (typeof it === 'string') {
        if (it) nodes.push({ t: 'text', text: it });
        continue;
      }
      const body = it.text.trim();
      const word = /^[a-z]+/.exec(body)?.[0] ?? '';
      if (word === 'end' || word === 'else') {
        if (!until.includes(word)) throw new TemplateError(`template: output:${it.line}: unexpected {{${word}}}`);
        const lead = it.text.length - it.text.trimStart().length + word.length;
        return { nodes, end: word, endPipe: { text: body.slice(word.length), line: it.line, pos: it.pos + lead } };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        const pipe = parsePipe(tokens(body.slice(word.length), it.line, it.pos + (it.text.length - it.text.trimStart().length) + word.length), it.line, word === 'range' || word === 'with' || word === 'if');
        const inner = block(['end', 'else']);
        let elseNodes: Node[] | undefined;
        if (inner.end === 'else') {
          const rest = inner.endPipe!.text.trim();
          if (rest.startsWith('if') && word === 'if') {
            // {{else if X}} is {{else}}{{if X}}…{{end}}, the two sharing one {{end}}
            const e = inner.endPipe!;
            i--;
            items[i] = { text: rest, line: e.line, pos: e.pos + e.text.length - e.text.trimStart().length };
            elseNodes = block([], true).nodes;
          } else elseNodes = block(['end']).nodes;
        }
        nodes.push({ t: word, pipe, body: inner.nodes, else: elseNodes, line: it.line } as Node);
        if (single) return { nodes, end: '' };
        continue;
      }
      if (word === 'define' || word === 'template' || word === 'block') throw new TemplateError(`template: output:${it.line}: {{${word}}} is not supported by sts`);
      nodes.push({ t: 'action', pipe: parsePipe(tokens(body, it.line, it.pos + (it.text.length - it.text.trimStart().length)), it.line, true), line: it.line });
      if (single) return { nodes, end: '' };
    }
    if (until.length) throw new TemplateError(`template: output:${items.length}: unexpected EOF`);
    return { nodes, end: '' };
  };
  return block([]).nodes;
}

// ---- evaluation

type Scope = { vars: [string, unknown][] };

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
function truth(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** fmt's %v of a value decoded from JSON (kubectl's unstructured objects: integers stay integers). */
export function goPrint(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFloat(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goPrint(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

function goFloat(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  const s = v.toExponential();
  const [m, e] = s.split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 21) return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}

/** Go's fmt.Sprintf for the verbs templates use: %s %v %d %q %f %x %t %%, with widths. */
export function sprintf(format: string, args: unknown[]): string {
  let n = 0;
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_, flags: string, width?: string, prec?: string, verb?: string) => {
    if (verb === '%') return '%';
    if (n >= args.length) return `%!${verb}(MISSING)`;
    const a = args[n++];
    let s: string;
    switch (verb) {
      case 'd':
        s = typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${typeof a}=${goPrint(a)})`;
        break;
      case 'f':
        s = typeof a === 'number' ? a.toFixed(prec === undefined ? 6 : Number(prec)) : `%!f(${typeof a}=${goPrint(a)})`;
        break;
      case 'q':
        s = JSON.stringify(typeof a === 'string' ? a : goPrint(a));
        break;
      case 'x':
        s = typeof a === 'number' ? a.toString(16) : Buffer.from(String(a)).toString('hex');
        break;
      case 't':
        s = String(a);
        break;
      default:
        s = goPrint(a);
    }
    if (prec !== undefined && verb === 's') s = s.slice(0, Number(prec));
    if (width) s = flags.includes('-') ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes('0') && verb !== 's' ? '0' : ' ');
    return s;
  }) + (n < args.length ? `%!(EXTRA ${args.slice(n).map((a) => `${typeof a === 'number' ? 'float64' : typeof a}=${goPrint(a)}`).join(', ')})` : '');
}

function compare(a: unknown, b: unknown, name: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (name === 'eq' || name === 'ne') return a === b ? 0 : 1;
  throw new Error(`error calling ${name}: incompatible types for comparison`);
}

const FUNCS: Record<string, (...a: unknown[]) => unknown> = {
  and: (...a) => a.find((x) => !truth(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truth(x)) ?? a[a.length - 1],
  not: (a) => !truth(a),
  len: (a) => {
    if (typeof a === 'string' || Array.isArray(a)) return a.length;
    if (isMap(a)) return Object.keys(a).length;
    throw new Error(`error calling len: len of type ${a === null || a === undefined ? '<nil>' : typeof a}`);
  },
  index: (a, ...keys) => {
    let v = a;
    for (const k of keys) {
      if (Array.isArray(v)) {
        if (typeof k !== 'number' || k < 0 || k >= v.length) throw new Error(`error calling index: index out of range: ${goPrint(k)}`);
        v = v[k];
      } else if (isMap(v)) v = Object.hasOwn(v, String(k)) ? v[String(k)] : undefined;
      else if (v === undefined || v === null) throw new Error('error calling index: index of untyped nil');
      else throw new Error(`error calling index: can't index item of type ${typeof v}`);
    }
    return v;
  },
  slice: (a, ...idx) => {
    if (typeof a !== 'string' && !Array.isArray(a)) throw new Error(`error calling slice: can't slice item of type ${typeof a}`);
    const [i = 0, j = a.length] = idx as number[];
    return a.slice(i, j);
  },
  print: (...a) => a.map((x, i) => (i > 0 && typeof x !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + goPrint(x)).join(''),
  println: (...a) => `${a.map(goPrint).join(' ')}\n`,
  printf: (f, ...a) => sprintf(String(f), a),
  eq: (a, ...b) => b.some((x) => compare(a, x, 'eq') === 0),
  ne: (a, b) => compare(a, b, 'ne') !== 0,
  lt: (a, b) => compare(a, b, 'lt') < 0,
  le: (a, b) => compare(a, b, 'le') <= 0,
  gt: (a, b) => compare(a, b, 'gt') > 0,
  ge: (a, b) => compare(a, b, 'ge') >= 0,
  html: (...a) => a.map(goPrint).join('').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!),
  js: (...a) => a.map(goPrint).join('').replace(/[\\'"<>&=]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' })[c]!),
  urlquery: (...a) => encodeURIComponent(a.map(goPrint).join('')).replace(/%20/g, '+'),
  // kubectl's additions (cli-runtime printers/template.go)
  base64decode: (a) => Buffer.from(String(a), 'base64').toString('utf8'),
  exists: (a, ...keys) => {
    let v = a;
    for (const k of keys) {
      if (!isMap(v) || !Object.hasOwn(v, String(k))) return false;
      v = v[String(k)];
    }
    return true;
  },
};

/** An execution error at a node: the message is completed with the node's line, column and text. */
class Located extends Error {
  constructor(
    readonly at: At,
    message: string,
  ) {
    super(message);
  }
}

class Exec {
  out = '';
  constructor(private readonly src: string) {}

  /** Fields of a value decoded from JSON: every value is an `interface {}` to Go. */
  field(recv: unknown, path: string[], at: At): unknown {
    let v = recv;
    for (const p of path) {
      if (isMap(v)) v = Object.hasOwn(v, p) ? v[p] : undefined;
      else if (v === undefined) return undefined;
      else if (v === null) throw new Located(at, `nil pointer evaluating interface {}.${p}`);
      else throw new Located(at, `can't evaluate field ${p} in type interface {}`);
    }
    return v;
  }

  /** `template: output:LINE:COL: executing "output" at <NODE>: MESSAGE` (text/template's ErrorContext). */
  located(e: Located): TemplateError {
    const before = this.src.slice(0, e.at.pos);
    const nl = before.lastIndexOf('\n');
    const line = (before.match(/\n/g) ?? []).length + 1;
    return new TemplateError(`template: output:${line}:${nl < 0 ? e.at.pos : e.at.pos - nl - 1}: executing "output" at <${e.at.text}>: ${e.message}`);
  }

  lookup(scope: Scope, name: string, at: At): unknown {
    for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i][0] === name) return scope.vars[i][1];
    throw new Located(at, `undefined variable: ${name}`);
  }

  arg(a: Arg, dot: unknown, scope: Scope): unknown {
    switch (a.t) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'lit':
        return a.value;
      case 'field':
        return this.field(a.recv ? this.arg(a.recv, dot, scope) : dot, a.path, a.at);
      case 'var':
        return this.field(this.lookup(scope, a.name, a.at), a.path, a.at);
      case 'pipe':
        return this.pipe(a.pipe, dot, scope);
      case 'ident':
        return this.call({ args: [a], at: a.at }, dot, scope);
    }
  }

  /** A function call; in a pipeline the previous command's value is the last argument. */
  call(cmd: Cmd, dot: unknown, scope: Scope, piped?: { value: unknown }): unknown {
    const [head, ...args] = cmd.args as [Extract<Arg, { t: 'ident' }>, ...Arg[]];
    const vals = args.map((x) => this.arg(x, dot, scope));
    if (piped) vals.push(piped.value);
    try {
      return FUNCS[head.name](...vals);
    } catch (e) {
      throw new Located(cmd.at, `error calling ${head.name}: ${(e as Error).message.replace(/^error calling \w+: /, '')}`);
    }
  }

  command(cmd: Cmd, dot: unknown, scope: Scope, piped: boolean, prev: unknown): unknown {
    const [head, ...rest] = cmd.args;
    if (head.t === 'ident') return this.call(cmd, dot, scope, piped ? { value: prev } : undefined);
    if (rest.length || piped) throw new Located(cmd.at, `can't give argument to non-function ${cmd.args[0] && 'at' in head ? head.at.text : ''}`);
    return this.arg(head, dot, scope);
  }

  pipe(p: Pipe, dot: unknown, scope: Scope): unknown {
    let v: unknown;
    p.cmds.forEach((cmd, i) => (v = this.command(cmd, dot, scope, i > 0, v)));
    if (p.decl.length === 1) {
      if (p.assign) this.setVar(scope, p.decl[0], v);
      else scope.vars.push([p.decl[0], v]);
    }
    return v;
  }

  setVar(scope: Scope, name: string, v: unknown): void {
    for (let i = scope.vars.length - 1; i >= 0; i--)
      if (scope.vars[i][0] === name) {
        scope.vars[i][1] = v;
        return;
      }
    throw new TemplateError(`template: output: undefined variable: ${name}`);
  }

  run(nodes: Node[], dot: unknown, scope: Scope): void {
    for (const n of nodes) {
      const mark = scope.vars.length;
      this.node(n, dot, scope);
      if (n.t !== 'action') scope.vars.length = mark;
    }
  }

  node(n: Node, dot: unknown, scope: Scope): void {
    switch (n.t) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.pipe(n.pipe, dot, scope);
        if (!n.pipe.decl.length) this.out += goPrint(v);
        return;
      }
      case 'if':
      case 'with': {
        const mark = scope.vars.length;
        const v = this.pipe(n.pipe, dot, scope);
        if (truth(v)) this.run(n.body, n.t === 'with' ? v : dot, scope);
        else if (n.else) this.run(n.else, dot, scope);
        scope.vars.length = mark;
        return;
      }
      case 'range': {
        const mark = scope.vars.length;
        const pipe = { ...n.pipe, decl: [] };
        const v = this.pipe(pipe, dot, scope);
        const entries: [unknown, unknown][] = Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : isMap(v)
            ? Object.keys(v)
                .sort()
                .map((k) => [k, v[k]])
            : typeof v === 'number' && Number.isInteger(v)
              ? Array.from({ length: Math.max(0, v) }, (_, i) => [i, i])
              : v === undefined || v === null
                ? []
                : (() => {
                    throw new Located(n.pipe.cmds[0].at, `range can't iterate over ${goPrint(v)}`);
                  })();
        if (!entries.length) {
          if (n.else) this.run(n.else, dot, scope);
          return;
        }
        for (const [k, x] of entries) {
          if (n.pipe.decl.length === 1) scope.vars.push([n.pipe.decl[0], x]);
          else if (n.pipe.decl.length === 2) scope.vars.push([n.pipe.decl[0], k], [n.pipe.decl[1], x]);
          this.run(n.body, x, scope);
          scope.vars.length = mark;
        }
        return;
      }
    }
  }
}

/** Parse once, then execute against `data` (the object, or a List of them). */
export function goTemplate(src: string): (data: unknown) => string {
  const nodes = parse(src);
  return (data) => {
    const ex = new Exec(src);
    try {
      ex.run(nodes, data, { vars: [['$', data]] });
    } catch (e) {
      if (e instanceof Located) throw ex.located(e);
      throw e;
    }
    return ex.out;
  };
}
