// JSONPath's parser: a template's text and `{actions}` into nodes, as client-go util/jsonpath's
// parser.go and node.go do it (the same errors, the same sub-parses for filters and unions).
import { append, INT64_MAX, INT64_MIN, JsonPathError, MAX_PARSE_DEPTH, wrap64, type GoInt } from './values.js';

export interface Param {
  known: boolean;
  value: bigint;
  derived: boolean;
}

export type ListNode = { type: 'list'; nodes: Node[] };
export type Node =
  | ListNode
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'identifier'; name: string }
  | { type: 'int'; value: GoInt }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'array'; params: [Param, Param, Param] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] };

const EOF = -1;
const list = (): ListNode => ({ type: 'list', nodes: [] });
const parseError = (msg: string) => new JsonPathError(msg, 'parse');

const isSpace = (r: number) => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isDigit = (r: number) => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) => r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));
const isTerminator = (r: number) => isSpace(r) || isEndOfLine(r) || r === EOF || '.,[]$@{}'.includes(String.fromCodePoint(r));

/** Go's %#U: `U+007E '~'` (the character only when printable). */
function formatRune(r: number): string {
  const hex = `U+${r.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(r);
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch) ? `${hex} '${ch}'` : hex;
}

/** strconv.Atoi: an optional sign and decimal digits within int64. */
function atoi(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

const DICT_KEY = /^'([^']*)'$/;
const SLICE_OPERATOR = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/;

class Parser {
  private pos = 0;
  private start = 0;
  private width = 0;
  readonly root: ListNode = list();

  constructor(
    private readonly input: string,
    private readonly depth: number,
  ) {}

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  /** parseText / parseLeftDelim / parseInsideAction / parseRightDelim, as one loop (upstream
   * recurses once per token, which a long template would turn into a stack overflow here). */
  parse(): ListNode {
    let cur: ListNode | undefined; // inside an action when set
    for (;;) {
      if (!cur) {
        const open = this.input.indexOf('{', this.pos);
        this.pos = open < 0 ? this.input.length : open;
        if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consumeText() });
        if (open < 0) return this.root;
        this.pos += 1;
        this.consumeText();
        cur = list();
        this.root.nodes.push(cur);
        continue;
      }
      if (this.input.startsWith('}', this.pos)) {
        this.pos += 1;
        this.consumeText();
        cur = undefined;
        continue;
      }
      if (this.input.startsWith('[?(', this.pos)) {
        this.parseFilter(cur);
        continue;
      }
      if (this.input.startsWith('..', this.pos)) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw parseError('unclosed action');
      if (r === 0x20 || r === 0x40 /* @ */ || r === 0x24 /* $ */) this.consumeText();
      else if (r === 0x5b /* [ */) this.parseArray(cur);
      else if (r === 0x22 || r === 0x27) this.parseQuote(cur, r);
      else if (r === 0x2e /* . */) this.parseField(cur);
      else if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else throw parseError(`unrecognized character in action: ${formatRune(r)}`);
    }
  }

  /** parseAction: a part of the template parsed as an action of its own. */
  private sub(text: string): ListNode {
    if (this.depth >= MAX_PARSE_DEPTH) throw parseError(`sts: jsonpath nested deeper than ${MAX_PARSE_DEPTH} levels`);
    return new Parser(`{${text}}`, this.depth + 1).parse().nodes[0] as ListNode;
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.length && cur.nodes[cur.nodes.length - 1].type === 'recursive') throw parseError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === 0x2b || r === 0x2d) this.next();
    for (;;) {
      const c = this.next();
      if (c !== 0x2e && !isDigit(c)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const i = atoi(value);
    if (i !== undefined) {
      cur.nodes.push({ type: 'int', value: i });
      return;
    }
    // strconv.ParseFloat of signs, digits and dots
    const f = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(f)) throw parseError(`cannot parse number ${value}`);
    cur.nodes.push({ type: 'float', value: f });
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw parseError('unterminated array');
      if (r === 0x5d /* ] */) break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', nodes: parts.map((s) => this.sub(`[${s.replace(/^ +| +$/g, '')}]`)) });
      return;
    }

    const key = DICT_KEY.exec(text);
    if (key) {
      append(cur.nodes, this.sub(`.${key[1]}`).nodes);
      return;
    }

    const m = SLICE_OPERATOR.exec(text);
    if (!m) throw parseError(`invalid array index ${text}`);
    const params: [Param, Param, Param] = [0, 1, 2].map(() => ({ known: false, value: 0n, derived: false })) as [Param, Param, Param];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params[i].known = false;
        else {
          const n = atoi(v);
          if (n === undefined) throw parseError(`array index ${v} is not a number`);
          params[i] = { known: true, value: n, derived: false };
        }
      } else if (i === 1) params[i] = { known: true, value: wrap64(params[0].value + 1n), derived: true };
    }
    cur.nodes.push({ type: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw parseError('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29 /* ) */ && begin === end) break;
    }
    if (this.next() !== 0x5d) throw parseError('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) cur.nodes.push({ type: 'filter', left: this.sub(text), right: list(), operator: 'exists' });
    else cur.nodes.push({ type: 'filter', left: this.sub(m[1]), right: this.sub(m[3]), operator: m[2] });
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw parseError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw parseError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance());
    const value = this.consumeText();
    cur.nodes.push(value === '*' ? { type: 'wildcard' } : { type: 'field', value: value.replaceAll('\\', '') });
  }

  /** Scan to the next terminator that is not escaped. */
  private advance(): boolean {
    const r = this.next();
    if (r === 0x5c /* \ */) this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** UnquoteExtend: strconv.Unquote that also takes single quotes; undefined for invalid syntax. */
function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0];
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  const body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  for (let i = 0; i < body.length;) {
    const c = body[i];
    if (c === quote) return undefined;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    i += 2;
    if (Object.hasOwn(SIMPLE_ESCAPES, e)) out += SIMPLE_ESCAPES[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      const v = parseInt(hex, 16);
      if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) return undefined;
      out += String.fromCodePoint(v);
      i += n;
    } else if (e >= '0' && e <= '7') {
      const oct = e + body.slice(i, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = parseInt(oct, 8);
      if (v > 255) return undefined;
      out += String.fromCharCode(v);
      i += 2;
    } else if (e === "'" || e === '"') {
      if (e !== quote) return undefined;
      out += e;
    } else return undefined;
  }
  return out;
}

/** Parse a whole template (text and `{actions}`), as jsonpath.Parse does. */
export function parse(template: string): ListNode {
  return new Parser(template, 0).parse();
}
