// POSIX regular expressions as GNU grep reads them (basic and extended, with GNU's \| \+ \? \< \>
// \b \B \w \W \s \S), matched by simulating the NFA (Thompson's construction run as Pike's VM, as in
// RE2): a search costs at most (line length × program size) steps whatever the pattern, so no
// pattern can backtrack for ever, and the caller's `tick` runs between steps to stop a long search
// at the exec deadline. Back-references need backtracking; they are refused. Error texts are
// glibc's regerror() strings (what GNU grep prints).
import { ERR, isWordChar, literal, otherCases, Parser, RegexError, type Assertion, type Node, type Pred } from './regex-parse.js';

export { RegexError, RegexUnsupported } from './regex-parse.js';

type Inst =
  { op: 'char'; p: Pred } | { op: 'split'; x: number; y: number } | { op: 'jmp'; x: number } | { op: 'assert'; a: Assertion } | { op: 'match' };
/** Instructions in one compiled pattern: bounds the work per character of input. */
const MAX_PROGRAM = 20_000;
/** Steps between calls of the caller's tick. */
const TICK_EVERY = 4096;
/** What each piece costs in instructions, stopping as soon as the program would be too big. */
function size(n: Node): number {
  let s: number;
  if (n.k === 'char' || n.k === 'assert') s = 1;
  else if (n.k === 'cat') s = n.items.reduce((t, x) => t + size(x), 0);
  else if (n.k === 'alt') s = n.items.reduce((t, x) => t + size(x) + 2, 0);
  else {
    const one = size(n.node);
    s = n.min * one + (n.max === -1 ? one + 2 : (n.max - n.min) * (one + 1));
  }
  if (s > MAX_PROGRAM) throw new RegexError(ERR.size);
  return s;
}

function compileNode(n: Node, prog: Inst[]): void {
  switch (n.k) {
    case 'char':
      prog.push({ op: 'char', p: n.p });
      return;
    case 'assert':
      prog.push({ op: 'assert', a: n.a });
      return;
    case 'cat':
      for (const x of n.items) compileNode(x, prog);
      return;
    case 'alt': {
      // split L1, next; L1: a; jmp end; next: split L2, … ; last
      const jumps: { op: 'jmp'; x: number }[] = [];
      n.items.forEach((x, i) => {
        if (i < n.items.length - 1) {
          const split = { op: 'split' as const, x: prog.length + 1, y: 0 };
          prog.push(split);
          compileNode(x, prog);
          const j = { op: 'jmp' as const, x: 0 };
          prog.push(j);
          jumps.push(j);
          split.y = prog.length;
        } else compileNode(x, prog);
      });
      for (const j of jumps) j.x = prog.length;
      return;
    }
    case 'rep': {
      for (let k = 0; k < n.min; k++) compileNode(n.node, prog);
      if (n.max === -1) {
        const split = { op: 'split' as const, x: prog.length + 1, y: 0 };
        const top = prog.length;
        prog.push(split);
        compileNode(n.node, prog);
        prog.push({ op: 'jmp', x: top });
        split.y = prog.length;
      } else {
        const splits: { op: 'split'; x: number; y: number }[] = [];
        for (let k = n.min; k < n.max; k++) {
          const split = { op: 'split' as const, x: prog.length + 1, y: 0 };
          prog.push(split);
          splits.push(split);
          compileNode(n.node, prog);
        }
        for (const s of splits) s.y = prog.length;
      }
    }
  }
}

export interface Pattern {
  /** Whether the line holds a match; `tick` is called every few thousand steps. */
  test(line: string, tick: () => void): boolean;
}

export interface PatternOptions {
  /** ERE (grep -E) rather than BRE */
  extended?: boolean;
  /** the patterns are plain strings (grep -F) */
  fixed?: boolean;
  icase?: boolean;
  /** the match must be the whole line (-x) or a whole word (-w) */
  whole?: 'line' | 'word';
}

/** Compile grep's patterns (any of them may match); throws RegexError with regerror's text. */
export function compilePatterns(patterns: string[], opts: PatternOptions = {}): Pattern {
  const nodes = patterns.map((p): Node =>
    opts.fixed ? { k: 'cat', items: Array.from({ length: p.length }, (_, i) => literal(p[i])) } : new Parser(p, !!opts.extended).parse(),
  );
  let node: Node = nodes.length === 1 ? nodes[0] : { k: 'alt', items: nodes };
  if (opts.whole === 'line') node = { k: 'cat', items: [{ k: 'assert', a: 'bol' }, node, { k: 'assert', a: 'eol' }] };
  if (opts.whole === 'word') node = { k: 'cat', items: [{ k: 'assert', a: 'nowordbefore' }, node, { k: 'assert', a: 'nowordafter' }] };
  size(node);
  const prog: Inst[] = [];
  compileNode(node, prog);
  prog.push({ op: 'match' });
  if (opts.icase)
    for (const inst of prog)
      if (inst.op === 'char') {
        const p = inst.p;
        inst.p = (c) => p(c) || otherCases(c).some(p);
      }
  return { test: (line, tick) => search(prog, line, tick) };
}

function holds(a: Assertion, text: string, pos: number): boolean {
  if (a === 'bol') return pos === 0;
  if (a === 'eol') return pos === text.length;
  const before = pos > 0 && isWordChar(text.charCodeAt(pos - 1));
  const after = pos < text.length && isWordChar(text.charCodeAt(pos));
  switch (a) {
    case 'word':
      return before !== after;
    case 'notword':
      return before === after;
    case 'wstart':
      return !before && after;
    case 'wend':
      return before && !after;
    case 'nowordbefore':
      return !before;
    default: // nowordafter
      return !after;
  }
}

/** Pike's VM: every thread advances in step over the text; a state is entered once per position. */
function search(prog: Inst[], text: string, tick: () => void): boolean {
  const n = prog.length;
  let clist = new Int32Array(n);
  let nlist = new Int32Array(n);
  const seen = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n * 2 + 2);
  let steps = 0;
  let found = false;

  /** Follow jumps, splits and assertions from pc at pos, adding the char and match states to list. */
  const add = (list: Int32Array, len: number, start: number, pos: number): number => {
    let sp = 0;
    stack[sp++] = start;
    while (sp) {
      const pc = stack[--sp];
      if (seen[pc] === pos) continue;
      seen[pc] = pos;
      const inst = prog[pc];
      steps++;
      switch (inst.op) {
        case 'jmp':
          stack[sp++] = inst.x;
          break;
        case 'split':
          stack[sp++] = inst.y;
          stack[sp++] = inst.x;
          break;
        case 'assert':
          if (holds(inst.a, text, pos)) stack[sp++] = pc + 1;
          break;
        case 'match':
          found = true;
          break;
        default:
          list[len++] = pc;
      }
    }
    return len;
  };

  let cn = add(clist, 0, 0, 0);
  for (let pos = 0; !found && pos < text.length; pos++) {
    const c = text.charCodeAt(pos);
    let nn = 0;
    for (let t = 0; t < cn; t++) {
      const inst = prog[clist[t]] as { op: 'char'; p: Pred };
      if (inst.p(c)) nn = add(nlist, nn, clist[t] + 1, pos + 1);
    }
    // a match may start at any position
    nn = add(nlist, nn, 0, pos + 1);
    [clist, nlist] = [nlist, clist];
    cn = nn;
    steps += cn;
    if (steps >= TICK_EVERY) {
      steps = 0;
      tick();
    }
  }
  return found;
}

/** Shell pattern matching for a file name (`*`, `?`): the greedy two-pointer walk, no regex. */
export function globMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
