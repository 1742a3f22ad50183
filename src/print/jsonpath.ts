// kubectl's JSONPath dialect: `{.items[*].metadata.name}`, `{range .items[*]}…{end}`, `..`,
// filters `[?(@.status.phase=="Running")]`, slices, string literals `{"\t"}`. Results of one
// expression are joined by a space; maps and lists print as JSON; missing keys print nothing.
import type { Json } from '../api/types.js';

export class JsonPathError extends Error {}

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'index'; indices: number[] }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; left: Step[]; op?: string; right?: Json | Step[] }
  | { kind: 'union'; names: string[] };

type Node = { kind: 'text'; text: string } | { kind: 'expr'; path: Step[] | { literal: string } } | { kind: 'range'; path: Step[]; body: Node[] };

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parsePath(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const s = src.trim();
  if (s[0] === '$') i = 1;
  if (s[i] === '@') i++;
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      const m = /^[A-Za-z0-9_\-/]+|^\*/.exec(s.slice(i));
      steps.push({ kind: 'recursive', name: m ? m[0] : '*' });
      i += m ? m[0].length : 0;
    } else if (s[i] === '.') {
      i++;
      if (s[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      // field names may escape dots: .metadata.labels.apps\.kubernetes\.io/pod-index
      const m = /^(?:[A-Za-z0-9_\-/]|\\\.)+/.exec(s.slice(i));
      if (!m) {
        if (i >= s.length || s[i] === '[') continue;
        throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(s.slice(i))}`);
      }
      steps.push({ kind: 'field', name: m[0].replace(/\\\./g, '.') });
      i += m[0].length;
    } else if (s[i] === '[') {
      const close = matchBracket(s, i);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (inner.startsWith('?(')) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^['"]/.test(inner)) steps.push({ kind: 'union', names: inner.split(',').map((x) => x.trim().slice(1, -1)) });
      else if (inner.includes(':')) {
        const [a, b, c] = inner.split(':').map((x) => (x.trim() === '' ? undefined : Number(x)));
        steps.push({ kind: 'slice', start: a, end: b, step: c });
      } else steps.push({ kind: 'index', indices: inner.split(',').map((x) => Number(x.trim())) });
    } else if (s[i] === ' ') i++;
    else {
      const m = /^[A-Za-z0-9_\-/]+/.exec(s.slice(i));
      if (!m) throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(s.slice(i))}`);
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    }
  }
  return steps;
}

function matchBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') {
      depth--;
      if (depth === 0 && ch === ']') return i;
    }
  }
  throw new JsonPathError('unclosed array expect ]');
}

function parseFilter(expr: string): Step {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(expr.trim());
  if (!m) return { kind: 'filter', left: parsePath(expr) };
  const [, l, op, r] = m;
  let right: Json | Step[];
  const rt = r.trim();
  if (/^["']/.test(rt)) right = rt.slice(1, -1);
  else if (/^-?\d+(\.\d+)?$/.test(rt)) right = Number(rt);
  else if (rt === 'true' || rt === 'false') right = rt === 'true';
  else right = parsePath(rt);
  return { kind: 'filter', left: parsePath(l), op, right };
}

function parseTemplate(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ kind: 'text', text: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ kind: 'text', text: tpl.slice(i, open) });
    let close = open + 1;
    let quote = '';
    for (; close < tpl.length; close++) {
      const ch = tpl[close];
      if (quote) {
        if (ch === '\\') close++;
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '}') break;
    }
    if (close >= tpl.length) throw new JsonPathError('unclosed action');
    const action = tpl.slice(open + 1, close).trim();
    i = close + 1;
    if (action.startsWith('range ')) {
      const node: Node = { kind: 'range', path: parsePath(action.slice(6)), body: [] };
      stack[stack.length - 1].push(node);
      stack.push(node.body);
    } else if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (/^["']/.test(action)) {
      stack[stack.length - 1].push({ kind: 'expr', path: { literal: JSON.parse(action.startsWith("'") ? `"${action.slice(1, -1)}"` : action) } });
    } else stack[stack.length - 1].push({ kind: 'expr', path: parsePath(action) });
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range');
  return root;
}

function children(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  if (isObj(v)) return Object.values(v);
  return [];
}

function recurse(v: Json, name: string, out: Json[]): void {
  if (isObj(v)) {
    if (name === '*') out.push(...Object.values(v));
    else if (name in v) out.push(v[name]);
  }
  for (const c of children(v)) recurse(c, name, out);
}

function evalSteps(steps: Step[], roots: Json[], root: Json): Json[] {
  let cur = roots;
  for (const st of steps) {
    const next: Json[] = [];
    for (const v of cur) {
      switch (st.kind) {
        case 'field':
          if (isObj(v) && st.name in v) next.push(v[st.name]);
          break;
        case 'union':
          if (isObj(v)) for (const n of st.names) if (n in v) next.push(v[n]);
          break;
        case 'recursive':
          recurse(v, st.name, next);
          break;
        case 'wildcard':
          next.push(...children(v));
          break;
        case 'index':
          if (Array.isArray(v))
            for (const i of st.indices) {
              const j = i < 0 ? v.length + i : i;
              if (j < 0 || j >= v.length) throw new JsonPathError(`array index out of bounds: index ${i}, length ${v.length}`);
              next.push(v[j]);
            }
          break;
        case 'slice':
          if (Array.isArray(v)) {
            const n = v.length;
            const norm = (x: number | undefined, d: number) => (x === undefined ? d : x < 0 ? Math.max(0, n + x) : Math.min(n, x));
            const step = st.step ?? 1;
            for (let i = norm(st.start, 0); i < norm(st.end, n); i += step) next.push(v[i]);
          }
          break;
        case 'filter':
          for (const item of Array.isArray(v) ? v : [v]) {
            const left = evalSteps(st.left, [item], root);
            if (!st.op) {
              if (left.length) next.push(item);
              continue;
            }
            const right = Array.isArray(st.right) ? evalSteps(st.right as Step[], [item], root)[0] : st.right;
            if (left.some((l) => compare(l, st.op!, right))) next.push(item);
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}

function compare(l: Json, op: string, r: Json): boolean {
  switch (op) {
    case '==':
      return l === r || String(l) === String(r);
    case '!=':
      return String(l) !== String(r);
    case '<':
      return Number(l) < Number(r);
    case '>':
      return Number(l) > Number(r);
    case '<=':
      return Number(l) <= Number(r);
    case '>=':
      return Number(l) >= Number(r);
    case '=~':
      return new RegExp(String(r)).test(String(l));
  }
  return false;
}

export function formatValue(v: Json): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function run(nodes: Node[], data: Json, root: Json): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'expr') {
      if ('literal' in n.path) out += n.path.literal;
      else out += evalSteps(n.path, [data], root).map(formatValue).join(' ');
    } else for (const item of evalSteps(n.path, [data], root)) out += run(n.body, item, root);
  }
  return out;
}

/** Evaluate a whole template (kubectl's `-o jsonpath=…`). */
export function jsonpath(template: string, data: Json): string {
  return run(parseTemplate(template), data, data);
}

/** The values one path selects (for --sort-by, custom columns, wait --for=jsonpath). */
export function select(path: string, data: Json): Json[] {
  const p = path.trim().replace(/^\{/, '').replace(/\}$/, '');
  return evalSteps(parsePath(p), [data], data);
}
