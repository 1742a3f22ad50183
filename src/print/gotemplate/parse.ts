// Go's text/template lexer and parser (text/template/parse: lex.go, parse.go, node.go), for the
// language kubectl's -o go-template docs use: fields, variables, pipelines, range/if/with/else. As
// Go's parser does, it refuses a function that is not defined, so it needs the function table.
import { FUNCS } from './funcs.js';

export class TemplateError extends Error {}

export type Node =
  | { t: 'text'; text: string }
  | { t: 'action'; pipe: Pipe; line: number }
  | { t: 'if' | 'with'; pipe: Pipe; body: Node[]; else: Node[] | undefined; line: number }
  | { t: 'range'; pipe: Pipe; body: Node[]; else: Node[] | undefined; line: number };

export interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: Cmd[];
}

/** Where a node starts in the source and how Go prints it, for `output:LINE:COL: executing … at <NODE>`. */
export interface At {
  pos: number;
  text: string;
}

export interface Cmd {
  args: Arg[];
  at: At;
}

export type Arg =
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
            arg = {
              t: 'field',
              path: f.v.slice(1).split('.'),
              recv: arg,
              at: {
                pos: f.pos,
                text: `(${toks
                  .slice(start, pos - 2)
                  .map((x) => x.raw)
                  .join(' ')})${f.v}`,
              },
            };
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
    cmds.push({
      args: cmd,
      at: {
        pos: toks[first].pos,
        text: toks
          .slice(first, pos)
          .map((x) => x.raw)
          .join(' '),
      },
    });
  };
  while (pos < toks.length) {
    if (toks[pos].v === '|') {
      close();
      cmd = [];
      first = ++pos;
      continue;
    }
    if (toks[pos].v === ',' || toks[pos].v === ')' || toks[pos].v === '=' || toks[pos].v === ':=')
      throw bad(`unexpected "${toks[pos].v}" in operand`);
    cmd.push(parseArg());
  }
  close();
  return { decl, assign, cmds };
}

export function parse(src: string): Node[] {
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
        const pipe = parsePipe(
          tokens(body.slice(word.length), it.line, it.pos + (it.text.length - it.text.trimStart().length) + word.length),
          it.line,
          word === 'range' || word === 'with' || word === 'if',
        );
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
      if (word === 'define' || word === 'template' || word === 'block')
        throw new TemplateError(`template: output:${it.line}: {{${word}}} is not supported by sts`);
      nodes.push({
        t: 'action',
        pipe: parsePipe(tokens(body, it.line, it.pos + (it.text.length - it.text.trimStart().length)), it.line, true),
        line: it.line,
      });
      if (single) return { nodes, end: '' };
    }
    if (until.length) throw new TemplateError(`template: output:${items.length}: unexpected EOF`);
    return { nodes, end: '' };
  };
  return block([]).nodes;
}
