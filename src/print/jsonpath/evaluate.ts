// JSONPath's evaluator: nodes run against an object, as client-go util/jsonpath's jsonpath.go does
// (FindResults, the walk per node type), and filter comparisons as its forked text/template funcs.go.
import { goV } from './format.js';
import type { ListNode, Node, Param } from './parse.js';
import {
  append,
  GoByte,
  GoFloat,
  isInt64,
  isMap,
  JsonPathError,
  mapValues,
  MAX_JSONPATH_VALUES,
  MAX_RANGE_DEPTH,
  wrap64,
  type Value,
} from './values.js';

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

export class Evaluator {
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
