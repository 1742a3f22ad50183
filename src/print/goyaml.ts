// YAML exactly as kubectl writes it: sigs.k8s.io/yaml's JSONToYAML, i.e. go-yaml v2's encoder
// (encode.go stringv, resolve.go, sorter.go) and libyaml's emitter (emitterc.go) for JSON values:
// keys in go-yaml's "natural" order, scalars quoted, folded at 80 columns and chomped as it does.
import type { Json } from '../api/types.js';
import { goNumber, stringStyle, type Style } from './goyaml-resolve.js';
import { analyze, isBreak, isPrintable, keyOrder, SP, wholeScalar, type KeyOrder, type WholeScalar } from './goyaml-style.js';

export { goNumber, keyLess } from './goyaml-resolve.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
/** Indentation, by width. */
const SPACES = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));
/** A line break and the indentation after it: one piece of text, not two. */
const BREAK_SPACES = SPACES.map((s) => `\n${s}`);

const ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

class Emitter {
  private buf = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  // the context of the node being emitted (yaml_emitter_emit_node's arguments)
  private mappingContext = false;
  private simpleKeyContext = false;

  text(): string {
    return this.buf;
  }

  /** The text so far, no longer kept (a streamed list's). */
  take(): string {
    const text = this.buf;
    this.buf = '';
    return text;
  }

  /** One character (code point). */
  private put(s: string): void {
    this.buf += s;
    this.column++;
  }
  private putBreak(): void {
    this.buf += '\n';
    this.column = 0;
  }
  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.buf += String.fromCodePoint(c);
      this.column = 0;
    }
  }
  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      if (indent < BREAK_SPACES.length) {
        this.buf += BREAK_SPACES[indent];
        this.column = indent;
        this.whitespace = this.indention = true;
        return;
      }
      this.putBreak();
    }
    if (this.column < indent) {
      this.buf += SPACES[indent - this.column] ?? ' '.repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }
  /** An indicator: ASCII, one column a character. */
  private writeIndicator(s: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.buf += s;
    this.column += s.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  document(v: unknown): void {
    this.node(v, false, false);
    this.writeIndent(); // implicit document end
  }

  /**
   * document() of kubectl's List around these items, the items emitted as they are read and the
   * text given out after each of them: node() of the List's map and of its sequence of items,
   * unrolled so that the emitter can stop between items.
   */
  *list(items: Iterable<unknown>, length: number): Generator<string> {
    const order = keyOrder(LIST);
    this.mappingContext = this.simpleKeyContext = false;
    this.increaseIndent(false, false);
    for (let i = 0; i < order.keys.length; i++) {
      if (order.keys[i] !== 'items') {
        this.entry(order, i, LIST[order.keys[i]]);
        continue;
      }
      this.key(order, i);
      this.mappingContext = true;
      this.simpleKeyContext = false;
      if (!length) this.sequence([], 0);
      else {
        this.increaseIndent(false, this.mappingContext && !this.indention);
        for (const item of items) {
          this.item(item);
          yield this.take();
        }
        this.popIndent();
      }
    }
    this.popIndent();
    this.writeIndent();
    yield this.take();
  }

  /** A value as JSON has it (what goYaml's round trip through JSON makes of it: toJSON called, a
   *  number that is not finite null; undefined and functions dropped from maps, null in lists). */
  private node(value: unknown, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    const v = isObject(value) && typeof value.toJSON === 'function' ? (value.toJSON as () => unknown)() : value;
    if (Array.isArray(v)) this.sequence(v, v.length);
    else if (isObject(v)) this.mapping(v);
    else if (typeof v === 'string') this.scalar(v);
    else if (typeof v === 'number') this.word(Number.isFinite(v) ? goNumber(v) : 'null');
    else if (typeof v === 'boolean') this.word(v ? 'true' : 'false');
    else this.word('null');
  }

  /** A number, a boolean or null: scalar(text, 'plain') of a word that stays plain (digits, signs,
   *  a point, an exponent; letters) and, with no space, never folds. */
  private word(text: string): void {
    this.buf += this.whitespace ? text : ` ${text}`;
    this.column += text.length + (this.whitespace ? 0 : 1);
    this.whitespace = false;
    this.indention = false;
  }

  private sequence(items: Iterable<unknown>, length: number): void {
    if (this.flowLevel > 0 || !length) {
      this.writeIndicator('[', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator(']', false, false, false);
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) this.item(item);
    this.popIndent();
  }

  private item(v: unknown): void {
    this.writeIndent();
    this.writeIndicator('-', true, false, true);
    this.node(v, false, false);
  }

  private mapping(obj: Record<string, unknown>): void {
    const order = keyOrder(obj);
    const { keys } = order;
    // what JSON drops (undefined, functions) is no entry: a map of only those is empty
    let first = 0;
    while (first < keys.length && dropped(obj[keys[first]])) first++;
    if (this.flowLevel > 0 || first === keys.length) {
      this.writeIndicator('{', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator('}', false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (let i = first; i < keys.length; i++) {
      const v = obj[keys[i]];
      if (!dropped(v)) this.entry(order, i, v);
    }
    this.popIndent();
  }

  /** A map's ith key (in order) and its value. */
  private entry(order: KeyOrder, i: number, v: unknown): void {
    this.key(order, i);
    if (typeof v !== 'string') return this.node(v, true, false);
    // node(v, true, false) of a string: the whole scalar this key's value was last time, if the same
    this.mappingContext = true;
    this.simpleKeyContext = false;
    const whole = order.recent[i].of(v);
    if (!whole || !this.writeWhole(whole)) this.scalar(v);
  }

  private key(order: KeyOrder, i: number): void {
    const k = order.keys[i];
    this.writeIndent();
    const text = order.keyTexts[i];
    if (text !== null) {
      // node(k, true, true) of a whole scalar (just indented: no space before it; a simple key never
      // folds), then writeIndicator(':', false, false, false)
      this.mappingContext = this.simpleKeyContext = true;
      this.buf += text;
      this.column += text.length;
      this.whitespace = this.indention = false;
    } else if (order.simple[i]) {
      this.node(k, true, true);
      this.writeIndicator(':', false, false, false);
    } else {
      this.writeIndicator('?', true, false, true);
      this.node(k, true, false);
      this.writeIndent();
      this.writeIndicator(':', true, false, true);
    }
  }

  /** yaml_emitter_select_scalar_style, then the writer for the style. */
  private scalar(value: string, requested?: Style): void {
    if (this.whole(value, requested)) return;
    const cps = [...value].map((c) => c.codePointAt(0)!);
    const a = analyze(cps);
    let style = requested ?? stringStyle(value);
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = 'single';
      if (!cps.length && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuoted) style = 'double';
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === 'plain') this.plain(cps, allowBreaks);
    else if (style === 'single') this.singleQuoted(cps, allowBreaks);
    else if (style === 'double') this.doubleQuoted(cps, allowBreaks);
    else this.literal(cps);
    this.popIndent();
  }

  /**
   * A scalar of printable ASCII (most of them), written at once when it cannot fold here: what the
   * writers below write character by character. It folds only at a space past BEST_WIDTH, and only
   * outside simple keys.
   */
  private whole(value: string, requested: Style | undefined): boolean {
    const whole = wholeScalar(value, requested, this.simpleKeyContext);
    return !!whole && this.writeWhole(whole);
  }

  /** Write a whole scalar unless it would fold here (false: nothing written). */
  private writeWhole(whole: WholeScalar): boolean {
    const lead = this.whitespace ? 0 : 1;
    if (whole.lastSpace >= 0 && !this.simpleKeyContext && this.column + lead + whole.lastSpace > BEST_WIDTH) return false;
    this.buf += lead ? ` ${whole.text}` : whole.text;
    this.column += lead + whole.text.length;
    this.whitespace = false;
    this.indention = false;
    return true;
  }

  private plain(cps: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (c === SP) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && cps[i + 1] !== SP) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (c === SP) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] !== SP) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    // (libyaml's is_bom looks at the start of the value, whatever the position: a leading BOM escapes everything)
    const bom = cps[0] === 0xfeff;
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const e = ESCAPES[c];
        if (e !== undefined) this.put(e);
        else {
          const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter);
          for (const d of c.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
        }
        spaces = false;
      } else if (c === SP) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          this.writeIndent();
          if (cps[i + 1] === SP) this.put('\\');
        } else this.put(' ');
        spaces = true;
      } else {
        this.put(String.fromCodePoint(c));
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(cps: number[]): void {
    this.writeIndicator('|', true, false, false);
    // yaml_emitter_write_block_scalar_hints
    if (cps[0] === SP || isBreak(cps[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const n = cps.length;
    const chomp = !isBreak(cps[n - 1]) ? '-' : n === 1 || isBreak(cps[n - 2]) ? '+' : '';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
/** What JSON.stringify leaves out of a map. */
const dropped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** One YAML document, as `yaml.Marshal` of the object's JSON (so `undefined` fields are dropped). */
export function goYaml(v: unknown): string {
  const e = new Emitter();
  e.document(JSON.parse(JSON.stringify(v ?? null)) as Json);
  return e.text();
}

/** kubectl's List around its items (the items themselves streamed by Emitter.list). */
const LIST: Record<string, unknown> = { apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } };

/** goYaml of kubectl's List around these items, item by item as they are made (a long list is never
 *  one string, nor all its objects at once). */
export const goYamlList = (items: Iterable<unknown>, length: number): Iterable<string> => new Emitter().list(items, length);
