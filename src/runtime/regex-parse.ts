// The parser of grep's patterns (POSIX basic and extended syntax with GNU's extensions) into a
// small syntax tree, with glibc's regerror() texts; regex.ts compiles and runs the tree.
export class RegexError extends Error {}

/** Refused on purpose (not a syntax error): said differently by grep. */
export class RegexUnsupported extends Error {}

export type Pred = (c: number) => boolean;
export type Assertion = 'bol' | 'eol' | 'word' | 'notword' | 'wstart' | 'wend' | 'nowordbefore' | 'nowordafter';
export type Node =
  | { k: 'char'; p: Pred }
  | { k: 'assert'; a: Assertion }
  | { k: 'cat'; items: Node[] }
  | { k: 'alt'; items: Node[] }
  /** max -1: unbounded */
  | { k: 'rep'; node: Node; min: number; max: number };

export const ERR = {
  paren: 'Unmatched ( or \\(',
  rparen: 'Unmatched ) or \\)',
  bracket: 'Unmatched [, [^, [:, [., or [=',
  brace: 'Unmatched \\{',
  badbr: 'Invalid content of \\{\\}',
  range: 'Invalid range end',
  ctype: 'Invalid character class name',
  escape: 'Trailing backslash',
  backref: 'Invalid back reference',
  size: 'Regular expression too big',
};

/** RE_DUP_MAX: the largest count in an interval. */
const DUP_MAX = 0x7fff;
/** Group nesting and quantifiers stacked on one atom, so the parser's and compiler's recursion
 *  stays far from the stack's end whatever the pattern. */
const MAX_GROUP_DEPTH = 100;
const MAX_STACKED_QUANTIFIERS = 8;

const code = (s: string) => s.charCodeAt(0);
const inRange = (c: number, lo: string, hi: string) => c >= code(lo) && c <= code(hi);
export const isWordChar = (c: number) =>
  inRange(c, 'a', 'z') || inRange(c, 'A', 'Z') || inRange(c, '0', '9') || c === 95 || (c > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c)));
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

const CLASSES: Record<string, Pred> = {
  alpha: (c) => inRange(c, 'a', 'z') || inRange(c, 'A', 'Z') || (c > 127 && /\p{L}/u.test(String.fromCharCode(c))),
  digit: (c) => inRange(c, '0', '9'),
  alnum: (c) => CLASSES.alpha(c) || CLASSES.digit(c),
  upper: (c) => inRange(c, 'A', 'Z') || (c > 127 && /\p{Lu}/u.test(String.fromCharCode(c))),
  lower: (c) => inRange(c, 'a', 'z') || (c > 127 && /\p{Ll}/u.test(String.fromCharCode(c))),
  space: isSpace,
  blank: (c) => c === 32 || c === 9,
  punct: (c) => c > 32 && c < 127 && !CLASSES.alnum(c),
  print: (c) => c >= 32 && c !== 127,
  graph: (c) => c > 32 && c !== 127,
  cntrl: (c) => c < 32 || c === 127,
  xdigit: (c) => CLASSES.digit(c) || inRange(c, 'a', 'f') || inRange(c, 'A', 'F'),
};

/** The other cases of one UTF-16 unit (those that are one unit too). */
export function otherCases(c: number): number[] {
  if (c < 128) return inRange(c, 'a', 'z') ? [c - 32] : inRange(c, 'A', 'Z') ? [c + 32] : [];
  const s = String.fromCharCode(c);
  return [s.toLowerCase(), s.toUpperCase()].filter((x) => x.length === 1 && code(x) !== c).map(code);
}

export class Parser {
  private i = 0;
  /** groups closed so far (a back-reference may name only those) */
  private closed = 0;
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly ere: boolean,
  ) {}

  parse(): Node {
    const node = this.alt();
    if (this.i < this.src.length) throw new RegexError(ERR.rparen); // the only thing alt() stops at
    return node;
  }

  private at(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }
  private atAlt(): boolean {
    return this.at(this.ere ? '|' : '\\|');
  }
  private atClose(): boolean {
    return this.at(this.ere ? ')' : '\\)');
  }

  private alt(): Node {
    const items = [this.seq()];
    while (this.atAlt()) {
      this.i += this.ere ? 1 : 2;
      items.push(this.seq());
    }
    return items.length === 1 ? items[0] : { k: 'alt', items };
  }

  /** The length of a quantifier here, or 0. */
  private quantifier(): number {
    const s = this.src;
    const i = this.i;
    if (s[i] === '*') return 1;
    if (this.ere) {
      if (s[i] === '+' || s[i] === '?') return 1;
      if (s[i] === '{' && /[0-9,]/.test(s[i + 1] ?? '')) return 1;
      return 0;
    }
    return s[i] === '\\' && (s[i + 1] === '+' || s[i + 1] === '?' || s[i + 1] === '{') ? 2 : 0;
  }

  private seq(): Node {
    const items: Node[] = [];
    const src = this.src;
    /** whether an atom (something a quantifier could apply to) has been read in this sequence */
    let atoms = 0;
    while (this.i < src.length && !this.atAlt() && !this.atClose()) {
      const ch = src[this.i];
      if (ch === '^' && (this.ere || atoms === 0)) {
        this.i++;
        items.push({ k: 'assert', a: 'bol' });
        continue;
      }
      if (ch === '$' && (this.ere || this.endsSequence(this.i + 1))) {
        this.i++;
        items.push({ k: 'assert', a: 'eol' });
        continue;
      }
      // a quantifier with nothing before it is an ordinary character (GNU)
      let atom: Node;
      if (atoms === 0 && this.quantifier()) {
        const len = this.quantifier();
        atom = literal(src.slice(this.i + len - 1, this.i + len));
        this.i += len;
      } else atom = this.atom();
      atoms++;
      for (let stacked = 0, len = this.quantifier(); len; len = this.quantifier()) {
        if (++stacked > MAX_STACKED_QUANTIFIERS) throw new RegexError(ERR.size);
        atom = this.repeat(atom, len);
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0] : { k: 'cat', items };
  }

  /** In a basic RE, `$` is an anchor only at the end of the pattern or before `\)` or `\|`. */
  private endsSequence(j: number): boolean {
    return j === this.src.length || this.src.startsWith('\\)', j) || this.src.startsWith('\\|', j);
  }

  private repeat(node: Node, len: number): Node {
    const op = this.src[this.i + len - 1];
    this.i += len;
    if (op === '*') return { k: 'rep', node, min: 0, max: -1 };
    if (op === '+') return { k: 'rep', node, min: 1, max: -1 };
    if (op === '?') return { k: 'rep', node, min: 0, max: 1 };
    // {m}, {m,}, {m,n}, {,n}
    const close = this.ere ? '}' : '\\}';
    const m = /^(\d*)(,(\d*))?/.exec(this.src.slice(this.i))!;
    this.i += m[0].length;
    if (!this.at(close)) throw new RegexError(this.i >= this.src.length ? ERR.brace : ERR.badbr);
    this.i += close.length;
    if (m[1] === '' && m[2] === undefined) throw new RegexError(ERR.badbr);
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
    if (min > DUP_MAX || max > DUP_MAX) throw new RegexError(ERR.size);
    if (max !== -1 && max < min) throw new RegexError(ERR.badbr);
    return { k: 'rep', node, min, max };
  }

  private atom(): Node {
    const src = this.src;
    const ch = src[this.i];
    const open = this.ere ? ch === '(' : this.at('\\(');
    if (open) {
      this.i += this.ere ? 1 : 2;
      if (++this.depth > MAX_GROUP_DEPTH) throw new RegexError(ERR.size);
      const node = this.alt();
      if (!this.atClose()) throw new RegexError(ERR.paren);
      this.i += this.ere ? 1 : 2;
      this.depth--;
      this.closed++;
      return node;
    }
    if (ch === '.') {
      this.i++;
      return { k: 'char', p: () => true };
    }
    if (ch === '[') return this.bracket();
    if (ch === '\\') {
      const next = src[this.i + 1];
      if (next === undefined) throw new RegexError(ERR.escape);
      this.i += 2;
      if (/[1-9]/.test(next)) {
        if (Number(next) > this.closed) throw new RegexError(ERR.backref);
        throw new RegexUnsupported('back-references are not supported');
      }
      const assertions: Record<string, Assertion> = { '<': 'wstart', '>': 'wend', b: 'word', B: 'notword', '`': 'bol', "'": 'eol' };
      if (assertions[next]) return { k: 'assert', a: assertions[next] };
      if (next === 'w') return { k: 'char', p: isWordChar };
      if (next === 'W') return { k: 'char', p: (c) => !isWordChar(c) };
      if (next === 's') return { k: 'char', p: isSpace };
      if (next === 'S') return { k: 'char', p: (c) => !isSpace(c) };
      return literal(next);
    }
    this.i++;
    return literal(ch);
  }

  /** `[…]`: members, ranges, `[:class:]`, `[.c.]` and `[=c=]`; `]` first and `-` first or last are members. */
  private bracket(): Node {
    const src = this.src;
    this.i++;
    const negate = src[this.i] === '^';
    if (negate) this.i++;
    const preds: Pred[] = [];
    const singles = new Set<number>();
    let first = true;
    /** one member: a character, or a class (returned as a predicate) */
    const member = (): number | Pred => {
      if (src[this.i] === '[' && ':.='.includes(src[this.i + 1] ?? '-')) {
        const kind = src[this.i + 1];
        const end = src.indexOf(`${kind}]`, this.i + 2);
        if (end < 0) throw new RegexError(ERR.bracket);
        const name = src.slice(this.i + 2, end);
        this.i = end + 2;
        if (kind === ':') {
          const p = CLASSES[name];
          if (!p) throw new RegexError(ERR.ctype);
          return p;
        }
        if (name.length !== 1) throw new RegexError('Invalid collation character');
        return code(name);
      }
      if (this.i >= src.length) throw new RegexError(ERR.bracket);
      return code(src[this.i++]);
    };
    for (;;) {
      if (this.i >= src.length) throw new RegexError(ERR.bracket);
      if (src[this.i] === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      const lo = member();
      if (typeof lo === 'function') {
        preds.push(lo);
        continue;
      }
      if (src[this.i] === '-' && src[this.i + 1] !== ']' && this.i + 1 < src.length) {
        this.i++;
        const hi = member();
        if (typeof hi === 'function' || hi < lo) throw new RegexError(ERR.range);
        preds.push((c) => c >= lo && c <= hi);
      } else singles.add(lo);
    }
    const inSet = (c: number) => singles.has(c) || preds.some((p) => p(c));
    return { k: 'char', p: negate ? (c) => !inSet(c) : inSet };
  }
}

export function literal(ch: string): Node {
  const c = code(ch);
  return { k: 'char', p: (x) => x === c };
}
