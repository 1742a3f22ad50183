// How libyaml's emitter sees a scalar (emitterc.go yaml_emitter_analyze_scalar: what styles it
// allows), and the style yaml_emitter_select_scalar_style then picks, decided at once (and cached)
// for the printable-ASCII scalars most documents are made of. The emitter itself is goyaml.ts.
import { resolvesToString, sortKeyList, stringStyle, type Style } from './goyaml-resolve.js';

export const SP = 0x20;
export const isBreak = (c: number | undefined) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number | undefined) => c === SP || c === 0x09;
const isBlankz = (c: number) => isBlank(c) || isBreak(c) || c === 0;
/** libyaml's is_printable, on code points (4-byte UTF-8 characters are not "printable"). */
export const isPrintable = (c: number) =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

export interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** yaml_emitter_analyze_scalar */
export function analyze(cps: number[]): Analysis {
  if (!cps.length) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  const starts3 = String.fromCodePoint(...cps.slice(0, 3));
  if (starts3 === '---' || starts3 === '...') blockIndicators = flowIndicators = true;
  let precededByWhitespace = true;
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    const c = cps[i];
    const ch = String.fromCodePoint(c);
    const followedByWhitespace = i + 1 >= n || isBlank(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flowIndicators = blockIndicators = true;
      else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-' && followedByWhitespace) flowIndicators = blockIndicators = true;
    } else if (',?[]{}'.includes(ch)) flowIndicators = true;
    else if (ch === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) flowIndicators = blockIndicators = true;
    if (!isPrintable(c)) special = true;
    if (c === SP) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else previousSpace = previousBreak = false;
    precededByWhitespace = isBlankz(c);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowIndicators) a.flowPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

/** A printable-ASCII scalar as the emitter writes it in block context, unless it folds: its text
 *  (quoted as its style wants) and where its last space is (-1: none), at which it could fold. */
export interface WholeScalar {
  text: string;
  lastSpace: number;
}

/**
 * The scalar `value` of printable ASCII as yaml_emitter_select_scalar_style (in block context, where
 * sts emits every scalar) and its writer make it; null for any other. `requested`: the style asked
 * for, a string's stringStyle when not given. Such a scalar has no breaks and nothing special: the
 * plain style survives unless a leading or trailing space or an indicator forbids it (analyze's
 * blockPlain), single quotes always do. Cached by value: keys and most values repeat.
 */
export function wholeScalar(value: string, requested: Style | undefined, simpleKey: boolean): WholeScalar | null {
  if (requested === undefined && !simpleKey) {
    const word = wordScalar(value);
    if (word) return word;
  }
  const cache = requested === undefined ? (simpleKey ? keyScalars : stringScalars) : requested === 'plain' && !simpleKey ? plainScalars : undefined;
  let whole = cache?.get(value);
  if (whole === undefined) {
    whole = selectWhole(value, requested ?? stringStyle(value), simpleKey);
    if (cache) {
      if (cache.size >= 100_000) cache.clear();
      cache.set(value, whole);
    }
  }
  return whole;
}
const stringScalars = new Map<string, WholeScalar | null>();
const keyScalars = new Map<string, WholeScalar | null>();
const plainScalars = new Map<string, WholeScalar | null>();

/**
 * wholeScalar of the values a list has one of per object (names, uids, IPs, resourceVersions), decided
 * from their characters without the cache, which they would only fill: a word of letters, digits and
 * `-._/` (a `:` inside) that starts with a letter and is none of resolve's words stays plain; digits
 * alone are a number, quoted; digits and dots with two dots or more (an IP) and lowercase letters,
 * digits and dashes with a dash not after an `e` (a uid) read as no number nor timestamp: plain.
 * Undefined for any other (selectWhole decides).
 */
function wordScalar(s: string): WholeScalar | undefined {
  const n = s.length;
  if (!n) return undefined;
  const c0 = s.charCodeAt(0);
  if ((c0 >= 0x61 && c0 <= 0x7a) || (c0 >= 0x41 && c0 <= 0x5a)) {
    for (let i = 1; i < n; i++) {
      const c = s.charCodeAt(i);
      if (!(isAlnum(c) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x2f || (c === 0x3a && i < n - 1))) return undefined;
    }
    return n <= 5 && !resolvesToString(s) ? undefined : { text: s, lastSpace: -1 };
  }
  if (c0 < 0x30 || c0 > 0x39) return undefined;
  let dots = 0;
  let dash = false;
  let other = false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) continue;
    if (c === 0x2e) dots++;
    else if (c === 0x2d) dash ||= s.charCodeAt(i - 1) !== 0x65;
    else if (c >= 0x61 && c <= 0x7a) other = true;
    else return undefined;
  }
  if (!dots && !dash && !other) return { text: `"${s}"`, lastSpace: -1 };
  if (dots >= 2 && !dash && !other) return { text: s, lastSpace: -1 };
  // a uid: no timestamp (four digits and a dash), no dots
  if (dash && !dots && !(n > 4 && s.charCodeAt(4) === 0x2d && /^\d{4}/.test(s))) return { text: s, lastSpace: -1 };
  return undefined;
}
const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

function selectWhole(s: string, requested: Style, simpleKey: boolean): WholeScalar | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return null;
  }
  // literal is asked for text with breaks only
  const style = requested !== 'plain' ? requested : !s.length ? (simpleKey ? 'single' : 'plain') : blockPlainAscii(s) ? 'plain' : 'single';
  const text = style === 'plain' ? s : style === 'single' ? `'${s.replace(/'/g, "''")}'` : `"${s.replace(/["\\]/g, '\\$&')}"`;
  return { text, lastSpace: text.lastIndexOf(' ') };
}

/** analyze's blockPlain for printable ASCII text: no leading or trailing space, no block indicator. */
function blockPlainAscii(s: string): boolean {
  const n = s.length;
  if (s[0] === ' ' || s[n - 1] === ' ') return false;
  const start = s.slice(0, 3);
  if (start === '---' || start === '...') return false;
  const spaceAfter = (i: number) => i + 1 >= n || s[i + 1] === ' ';
  const first = s[0];
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '?' || first === ':' || first === '-') && spaceAfter(0)) return false;
  for (let i = 1; i < n; i++) {
    const ch = s[i];
    if (ch === ':' && spaceAfter(i)) return false;
    if (ch === '#' && s[i - 1] === ' ') return false;
  }
  return true;
}

/** A map's keys in go-yaml's order; for each, whether it is a simple key (yaml_emitter_check_simple_key:
 *  one line, at most 128 bytes) and, if so, its text when that is a whole scalar. */
export interface KeyOrder {
  keys: string[];
  simple: boolean[];
  /** its text when that is a whole scalar, with the `:` after it */
  keyTexts: (string | null)[];
  /** the string values each key last had in maps of this shape (a few), as whole scalars: the maps
   *  of a list mostly repeat their values (kind, status, image), found here without hashing them */
  recent: Recent[];
}

/** A few values and their whole scalars, the oldest replaced first. */
class Recent {
  private readonly values: string[] = [];
  private readonly wholes: (WholeScalar | null)[] = [];
  private next = 0;
  private hit = 0;
  /** The whole scalar of a string value (null: it is none), remembered among the last few. */
  of(v: string): WholeScalar | null {
    // most keys keep one value (kind, apiVersion, status): the one found last time, first
    if (this.values[this.hit] === v) return this.wholes[this.hit];
    const i = this.values.indexOf(v);
    if (i >= 0) {
      this.hit = i;
      return this.wholes[i];
    }
    const whole = wholeScalar(v, undefined, false);
    this.values[this.next] = v;
    this.wholes[this.next] = whole;
    this.next = (this.next + 1) % RECENT;
    return whole;
  }
}
const RECENT = 8;

/** keyOrder of a map's keys (those Object.keys gives, in its order), cached: the maps of a list
 *  have a few shapes, sorted once each. The cache is a tree of the keys in turn (no key list is
 *  made to look one up). */
export function keyOrder(map: Record<string, unknown>): KeyOrder {
  let at = shapes;
  for (const k in map) {
    if (!Object.hasOwn(map, k)) continue;
    // (a key is mostly followed by one key: compared first, the keys being the same strings, before the map)
    let next = at.key === k ? at.child : at.next.get(k);
    if (!next) {
      if (++shapeCount > 50_000) return sortedOrder(Object.keys(map));
      at.next.set(k, (next = { next: new Map() }));
      if (at.key === undefined) [at.key, at.child] = [k, next];
    }
    at = next;
  }
  return (at.order ??= sortedOrder(Object.keys(map)));
}

function sortedOrder(own: string[]): KeyOrder {
  const keys = sortKeyList(own);
  const simple = keys.map((k) => !/[\n\r\u0085\u2028\u2029]/.test(k) && Buffer.byteLength(k) <= 128);
  const texts = keys.map((k, i) => (simple[i] ? (wholeScalar(k, undefined, true)?.text ?? null) : null));
  return { keys, simple, keyTexts: texts.map((t) => (t === null ? null : `${t}:`)), recent: keys.map(() => new Recent()) };
}

interface Shape {
  next: Map<string, Shape>;
  /** the first key seen after this one, and its shape (also in `next`) */
  key?: string;
  child?: Shape;
  order?: KeyOrder;
}
const shapes: Shape = { next: new Map() };
let shapeCount = 0;
