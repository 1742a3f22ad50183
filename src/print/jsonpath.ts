// kubectl's JSONPath: k8s.io/client-go/util/jsonpath (parser.go, jsonpath.go) ported node for
// node, so a template parses, evaluates, fails and prints as kubectl's does — slices are checked
// as `evalArray` checks them (bounds, `step must be > 0`), nothing loops or grows without bound.
import { goJsonEscape } from '../api/go-json.js';
import type { Json } from '../api/types.js';

export class JsonPathError extends Error {
  constructor(
    message: string,
    /** 'parse': kubectl says `error parsing jsonpath …`; 'execute': `error executing jsonpath …` */
    readonly phase: 'parse' | 'execute' = 'parse',
  ) {
    super(message);
  }
}

/** Not kubectl limits: a template that would produce more than this stops with an error instead
 * of holding the cluster lock for minutes (`{range ..}` nested in `{range ..}` is exponential). */
export const MAX_JSONPATH_VALUES = 2_000_000;
export const MAX_JSONPATH_OUTPUT = 64 * 1024 * 1024;
/** Nested sub-parses (filters and unions parse their parts as templates of their own). */
const MAX_PARSE_DEPTH = 50;
/** Nested `{range}`s (each one a level of recursion here). */
const MAX_RANGE_DEPTH = 500;

// ---- values -------------------------------------------------------------------------------------
// A JSON value stands for itself (integers as Go's int64, other numbers as float64, as unstructured
// objects hold them). The template's own literals and a string's bytes have Go types of their own.

/** An integer literal in the template: Go `int`. */
type GoInt = bigint;
/** A float literal in the template: Go `float64` even when integral (`1.0`). */
class GoFloat {
  constructor(readonly value: number) {}
}
/** One byte of a string, as `*` and `..` see strings: Go `uint8`. */
class GoByte {
  constructor(readonly value: number) {}
}
/** `undefined` is Go's zero reflect.Value (what a range with no results runs its body on). */
type Value = Json | GoInt | GoFloat | GoByte | undefined;

const isMap = (v: Value): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoFloat) && !(v instanceof GoByte);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const wrap64 = (n: bigint) => BigInt.asIntN(64, n);
/** Whether a JSON number is an int64 in an unstructured object (otherwise it is a float64). */
const isInt64 = (n: number) => Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63;

// ---- parser (parser.go) -------------------------------------------------------------------------

interface Param {
  known: boolean;
  value: bigint;
  derived: boolean;
}

type ListNode = { type: 'list'; nodes: Node[] };
type Node =
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
  for (let i = 0; i < body.length; ) {
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
function parse(template: string): ListNode {
  return new Parser(template, 0).parse();
}

// ---- evaluation (jsonpath.go) -------------------------------------------------------------------

type Result = [values: Value[], err?: string];

/** Go's type name of a value, as `%v is not array or slice` prints `value.Type()`. */
function goTypeName(v: Value): string {
  if (typeof v === 'bigint') return 'int';
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoByte) return 'uint8';
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return isInt64(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return '<nil>';
}

/** A map's values, without keys set to undefined (in memory only: JSON has no such keys). */
const mapValues = (m: Record<string, Json>) => Object.values(m).filter((x) => x !== undefined);

/** Push every item of `src` (a spread would overflow the stack for long lists). */
function append<T>(target: T[], src: readonly T[]): void {
  for (const x of src) target.push(x);
}

class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: Node | undefined;
  private produced = 0;

  private add(n: number): void {
    this.produced += n;
    if (this.produced > MAX_JSONPATH_VALUES)
      throw new JsonPathError(`sts: the template selects more than ${MAX_JSONPATH_VALUES} values; narrow it`, 'execute');
  }

  private count(values: Value[]): Value[] {
    this.add(values.length);
    return values;
  }

  /**
   * FindResults: one list of values per top-level node from `from` on; a range repeats its body
   * per value (upstream re-slices the node list, `nodes[i+1:]`; an index does the same here).
   */
  findResults(data: Value, nodes: Node[], from = 0, depth = 0): Value[][] {
    if (depth > MAX_RANGE_DEPTH) throw new JsonPathError(`sts: ranges nested deeper than ${MAX_RANGE_DEPTH}`, 'execute');
    const cur: Value[] = [data];
    const full: Value[][] = [];
    for (let i = from; i < nodes.length; i++) {
      const node = nodes[i];
      const [results, err] = this.walk(cur, node);
      if (err !== undefined) throw new JsonPathError(err, 'execute');
      this.add(results.length);
      // an end node closes the current block
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = nodes[i];
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length) for (const value of results) append(full, this.findResults(value, nodes, i + 1, depth + 1));
        // with no results the body still runs (on nothing), so the position reaches its end node
        else this.findResults(undefined, nodes, i + 1, depth + 1);
        this.inRange--;
        // resume after the most recent end node
        for (let k = i + 1; k < nodes.length; k++)
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(values: Value[], node: Node): Result {
    switch (node.type) {
      case 'list':
        return this.evalList(values, node);
      case 'text':
        return [[node.text]];
      case 'field':
        return [this.count(this.evalField(values, node.value))];
      case 'array':
        return this.evalArray(values, node.params);
      case 'filter':
        return this.evalFilter(values, node);
      case 'int':
        return [values.map(() => node.value)];
      case 'float':
        return [values.map(() => new GoFloat(node.value))];
      case 'bool':
        return [values.map(() => node.value)];
      case 'wildcard':
        return [this.count(this.evalWildcard(values))];
      case 'recursive':
        return [this.evalRecursive(values)];
      case 'union':
        return this.evalUnion(values, node.nodes);
      case 'identifier':
        return this.evalIdentifier(values, node.name);
    }
  }

  private evalList(values: Value[], node: ListNode): Result {
    let cur = values;
    for (const n of node.nodes) {
      const [next, err] = this.walk(cur, n);
      if (err !== undefined) return [next, err];
      cur = next;
    }
    return [cur];
  }

  private evalIdentifier(input: Value[], name: string): Result {
    switch (name) {
      case 'range':
        this.beginRange++;
        return [input];
      case 'end':
        if (this.inRange > 0) {
          this.endRange++;
          return [[]];
        }
        return [[], 'not in range, nothing to end'];
      default:
        return [input, `unrecognized identifier ${name}`];
    }
  }

  /** Missing keys give nothing (kubectl's printers allow missing keys); a key set to undefined is missing. */
  private evalField(input: Value[], name: string): Value[] {
    const out: Value[] = [];
    for (const v of input) if (isMap(v) && Object.hasOwn(v, name) && v[name] !== undefined) out.push(v[name]);
    return out;
  }

  private evalArray(input: Value[], params: [Param, Param, Param]): Result {
    const result: Value[] = [];
    for (const value of input) {
      if (value === null || value === undefined) continue;
      if (!Array.isArray(value)) return [input, `${goTypeName(value)} is not array or slice`];
      const len = BigInt(value.length);
      let start = params[0].known ? params[0].value : 0n;
      if (start < 0n) start = wrap64(start + len);
      let end = params[1].known ? params[1].value : len;
      if (end < 0n || (end === 0n && params[1].derived)) end = wrap64(end + len);
      // asking for zero elements is allowed through (and, as upstream, ends the whole step)
      if (end === start) return [result];
      if (start >= len || start < 0n) return [input, `array index out of bounds: index ${start}, length ${len}`];
      if (end > len || end < 0n) return [input, `array index out of bounds: index ${wrap64(end - 1n)}, length ${len}`];
      if (start > end) return [input, `starting index ${start} is greater than ending index ${end}`];
      let step = 1;
      if (params[2].known) {
        if (params[2].value <= 0n) return [input, 'step must be > 0'];
        step = params[2].value > len ? value.length : Number(params[2].value);
      }
      for (let i = Number(start); i < Number(end); i += step) result.push(value[i]);
    }
    return [this.count(result)];
  }

  private evalUnion(input: Value[], nodes: ListNode[]): Result {
    const result: Value[] = [];
    for (const n of nodes) {
      const [values, err] = this.evalList(input, n);
      if (err !== undefined) return [input, err];
      append(result, values);
    }
    return [result];
  }

  private evalWildcard(input: Value[]): Value[] {
    const out: Value[] = [];
    for (const v of input) {
      if (Array.isArray(v)) append(out, v);
      else if (isMap(v)) append(out, mapValues(v));
      else if (typeof v === 'string') for (const b of Buffer.from(v, 'utf8')) out.push(new GoByte(b));
    }
    return out;
  }

  /** `..`: every value that has children (maps, lists, non-empty strings), depth first. */
  private evalRecursive(input: Value[]): Value[] {
    const out: Value[] = [];
    const stack = [...input].reverse();
    while (stack.length) {
      const v = stack.pop();
      const kids = Array.isArray(v) ? v : isMap(v) ? mapValues(v) : undefined;
      if (typeof v === 'string' && v.length) out.push(v);
      if (!kids?.length) continue;
      out.push(v);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      if (out.length > MAX_JSONPATH_VALUES) this.add(out.length);
    }
    return this.count(out);
  }

  private evalFilter(input: Value[], node: { left: ListNode; right: ListNode; operator: string }): Result {
    const results: Value[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) return [input, `${goV(value)} is not array or slice and cannot be filtered`];
      for (const item of value) {
        const [lefts, lerr] = this.evalList([item], node.left);
        if (node.operator === 'exists') {
          if (lefts.length) results.push(item);
          continue;
        }
        if (lerr !== undefined) return [input, lerr];
        if (lefts.length === 0) continue;
        if (lefts.length > 1) return [input, 'can only compare one element at a time'];
        const [rights, rerr] = this.evalList([item], node.right);
        if (rerr !== undefined) return [input, rerr];
        if (rights.length === 0) continue;
        if (rights.length > 1) return [input, 'can only compare one element at a time'];
        const [pass, err] = compare(node.operator, lefts[0], rights[0]);
        if (err !== undefined) return [results, err];
        if (pass) results.push(item);
      }
    }
    return [this.count(results)];
  }
}

// ---- comparisons (third_party/forked/golang/template/funcs.go) -----------------------------------

type Basic = { kind: 'bool'; v: boolean } | { kind: 'int' | 'uint'; v: bigint } | { kind: 'float'; v: number } | { kind: 'string'; v: string };
const BAD_TYPE = 'invalid type for comparison';
const INCOMPATIBLE = 'incompatible types for comparison';

function basic(v: Value): Basic | undefined {
  if (typeof v === 'boolean') return { kind: 'bool', v };
  if (typeof v === 'bigint') return { kind: 'int', v };
  if (v instanceof GoByte) return { kind: 'uint', v: BigInt(v.value) };
  if (v instanceof GoFloat) return { kind: 'float', v: v.value };
  if (typeof v === 'number') return isInt64(v) ? { kind: 'int', v: BigInt(v) } : { kind: 'float', v };
  if (typeof v === 'string') return { kind: 'string', v };
  return undefined;
}

/** Go compares strings by their UTF-8 bytes. */
const lessString = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) < 0;

function equal(a: Value, b: Value): [boolean, string?] {
  const x = basic(a);
  if (!x) return [false, BAD_TYPE];
  const y = basic(b);
  if (!y) return [false, BAD_TYPE];
  if (x.kind !== y.kind) {
    const ints = (x.kind === 'int' && y.kind === 'uint') || (x.kind === 'uint' && y.kind === 'int');
    return ints ? [x.v === y.v] : [false, INCOMPATIBLE];
  }
  return [x.v === y.v];
}

function less(a: Value, b: Value): [boolean, string?] {
  const x = basic(a);
  if (!x) return [false, BAD_TYPE];
  const y = basic(b);
  if (!y) return [false, BAD_TYPE];
  if (x.kind !== y.kind) {
    const ints = (x.kind === 'int' && y.kind === 'uint') || (x.kind === 'uint' && y.kind === 'int');
    return ints ? [(x.v as bigint) < (y.v as bigint)] : [false, INCOMPATIBLE];
  }
  if (x.kind === 'bool') return [false, BAD_TYPE];
  if (x.kind === 'string') return [lessString(x.v, y.v as string)];
  return [x.v < (y.v as number | bigint)];
}

function compare(op: string, a: Value, b: Value): [boolean, string?] {
  switch (op) {
    case '<':
      return less(a, b);
    case '>': {
      const [lt, err] = less(a, b);
      if (err) return [false, err];
      if (lt) return [false];
      const [eq, err2] = equal(a, b);
      return err2 ? [false, err2] : [!eq];
    }
    case '==':
      return equal(a, b);
    case '!=': {
      const [eq, err] = equal(a, b);
      return [!eq, err];
    }
    case '<=': {
      const [lt, err] = less(a, b);
      if (lt || err) return [lt, err];
      return equal(a, b);
    }
    case '>=': {
      const [lt, err] = less(a, b);
      return err ? [false, err] : [!lt];
    }
    default:
      return [false, `unrecognized filter operator ${op}`];
  }
}

// ---- printing -----------------------------------------------------------------------------------

/** strconv.FormatFloat(f, 'g', -1, 64): what fmt's %v prints for a float64. */
function goFloat(f: number): string {
  if (Object.is(f, -0)) return '-0';
  if (f === 0) return '0';
  const [mant, exp] = f.toExponential().split('e');
  const e = Number(exp);
  // shortest %g: %e when the exponent is < -4 or >= 6 (the default precision), %f otherwise
  if (e >= -4 && e < 6) return String(f);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** fmt.Fprint of a scalar: what a template prints for a value that is not a map or a list. */
function scalarText(v: Value): string {
  if (v === undefined) return '<no value>';
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof GoFloat) return goFloat(v.value);
  if (v instanceof GoByte) return String(v.value);
  if (typeof v === 'number') return isInt64(v) ? BigInt(v).toString() : goFloat(v);
  return String(v);
}

/** json.Marshal of an unstructured value: map keys sorted, Go's HTML-safe escapes. */
export function goJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map((x) => goJson(x ?? null)).join(',')}]`;
  if (isMap(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${goJsonEscape(JSON.stringify(k))}:${goJson(v[k])}`)
      .join(',')}}`;
  if (typeof v === 'number') return isInt64(v) ? BigInt(v).toString() : (JSON.stringify(v) ?? 'null');
  return goJsonEscape(JSON.stringify(v) ?? 'null');
}


/** Go's %v of a value (`map[a:1 b:[x y]]`), as filter errors print it. */
function goV(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goV(v[k])}`)
      .join(' ')}]`;
  if (v === null) return '<nil>';
  if (v === undefined) return '<invalid reflect.Value>';
  return scalarText(v);
}

/** strconv.Quote: Go's double-quoted string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) out += ch;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x80) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Go's %#v of an unstructured value: `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}`. */
export function goSyntax(v: Json): string {
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (isMap(v))
    return `map[string]interface {}{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${goQuote(k)}:${goSyntax(v[k])}`)
      .join(', ')}}`;
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  return scalarText(v);
}

// ---- entry points -------------------------------------------------------------------------------

/** How custom columns and `wait --for=jsonpath` show a value: maps and lists as JSON, null as nothing. */
export function formatValue(v: Json): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Evaluate a whole template (kubectl's `-o jsonpath=…`): each node's values, joined by a space. */
export function jsonpath(template: string, data: Json): string {
  const root = parse(template);
  let out = '';
  // PrintResults: maps and lists as JSON, the rest as text, values of one node joined by a space
  for (const results of new Evaluator().findResults(data, root.nodes))
    results.forEach((r, i) => {
      out += (Array.isArray(r) || isMap(r) ? goJson(r) : scalarText(r)) + (i < results.length - 1 ? ' ' : '');
      if (out.length > MAX_JSONPATH_OUTPUT) throw new JsonPathError(`sts: the template prints more than ${MAX_JSONPATH_OUTPUT} characters; narrow it`, 'execute');
    });
  return out;
}

/** json.MarshalIndent(v, "", "    ") of an unstructured value. */
function goJsonIndent(v: Json, indent: string): string {
  const inner = `${indent}    `;
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => inner + goJsonIndent(x ?? null, inner)).join(',\n')}\n${indent}]` : '[]';
  if (isMap(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return keys.length ? `{\n${keys.map((k) => `${inner}${goJsonEscape(JSON.stringify(k))}: ${goJsonIndent(v[k], inner)}`).join(',\n')}\n${indent}}` : '{}';
  }
  return goJson(v);
}

/** `-o jsonpath-as-json=TEMPLATE`: each node's values as one indented JSON list (EnableJSONOutput). */
export function jsonpathAsJson(template: string, data: Json): string {
  const root = parse(template);
  let out = '';
  for (const results of new Evaluator().findResults(data, root.nodes)) {
    const values = results.map((r) => (r instanceof GoFloat || r instanceof GoByte ? r.value : typeof r === 'bigint' ? Number(r) : (r ?? null)));
    out += `${goJsonIndent(values, '')}\n`;
    if (out.length > MAX_JSONPATH_OUTPUT) throw new JsonPathError(`sts: the template prints more than ${MAX_JSONPATH_OUTPUT} characters; narrow it`, 'execute');
  }
  return out;
}

/** The values one path selects (for --sort-by, custom columns, wait --for=jsonpath): `{.a.b}` or `.a.b`. */
export function select(path: string, data: Json): Json[] {
  const p = path.trim();
  const root = parse(p.startsWith('{') ? p : `{${p}}`);
  return new Evaluator().findResults(data, root.nodes).flat() as Json[];
}

/**
 * kubectl's message for a failed `-o jsonpath=TEMPLATE` (cli-runtime's JSONPathPrinter): a parse
 * error names the template; an execution error also prints the object it was given, as Go's %#v.
 */
export function jsonPathPrinterError(template: string, e: JsonPathError, data: Json): string {
  if (e.phase === 'parse') return `error: error parsing jsonpath ${template}, ${e.message}`;
  return (
    `error: error executing jsonpath ${goQuote(template)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
    `\ttemplate was:\n\t\t${template}\n` +
    `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n\n`
  );
}
