// The three patch types kubectl sends: strategic merge (lists of named things merge by key),
// JSON merge (RFC 7386) and JSON patch (RFC 6902). Each returns a new object. Malformed patches
// are refused with the API server's texts (apimachinery strategicpatch, evanphx/json-patch), and
// keys such as `__proto__` are plain data: every read and write goes through own properties.
import { CliError } from './errors.js';
import { isObj, type Json } from './types.js';

/** An own property, never one inherited from Object.prototype. */
const own = (o: Json, k: string): Json => (isObj(o) && Object.hasOwn(o, k) ? o[k] : undefined);
/** Set an own property (plain assignment of `__proto__` would replace the prototype instead). */
function put(o: Record<string, Json>, k: string, v: Json): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}
/** A shallow copy that keeps every own key, `__proto__` included. */
function copy(o: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (isObj(o)) for (const [k, v] of Object.entries(o)) put(out, k, v);
  return out;
}

/** Merge keys of the lists a strategic merge patch merges instead of replacing (by field name). */
const MERGE_KEYS = new Map<string, string>([
  ['containers', 'name'],
  ['initContainers', 'name'],
  ['ephemeralContainers', 'name'],
  ['volumes', 'name'],
  ['volumeMounts', 'mountPath'],
  ['volumeDevices', 'devicePath'],
  ['env', 'name'],
  ['imagePullSecrets', 'name'],
  ['hostAliases', 'ip'],
  ['ownerReferences', 'uid'],
  ['conditions', 'type'],
  ['topologySpreadConstraints', 'topologyKey'],
]);

/** Container ports merge by containerPort, service ports by port. */
export function mergeKeyFor(field: string, items: Json[]): string | undefined {
  if (field === 'ports') return items.some((i) => isObj(i) && Object.hasOwn(i, 'containerPort')) ? 'containerPort' : 'port';
  return MERGE_KEYS.get(field);
}

/** Not an API limit: the API server's JSON decoder stops at 10,000 levels; sts stops earlier, at a
 * depth no object has, so that no recursion here or after can exhaust the stack. */
export const MAX_PATCH_DEPTH = 1000;

export class PatchError extends Error {}

/** What the API server answers (BadRequest) for a malformed patch (interpretStrategicMergePatchError). */
const badRequest = (msg: string) => new CliError(`Error from server (BadRequest): ${msg}`);
/** A strategic-merge failure the API server passes on as is: status 500 without a reason. */
const serverError = (msg: string) => new CliError(`Error from server: ${msg}`);

/** Go's %v of a decoded JSON value (`map[$patch:foo name:c]`), as strategicpatch's errors print it. */
function goV(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isObj(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goV(v[k])}`)
      .join(' ')}]`;
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

/** Go's %s of a directive's value: a string as is, anything else as `%!s(int64=5)`. */
function goS(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return `%!s(${Number.isInteger(v) ? 'int64' : 'float64'}=${v})`;
  if (typeof v === 'boolean') return `%!s(bool=${v})`;
  if (v === null) return '%!s(<nil>)';
  return `%!s(${Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}'}=${goV(v)})`;
}

const unknownPatchType = (directive: Json, m: Json) => serverError(`unknown patch type: ${goS(directive)} in map: ${goV(m)}`);

function checkDepth(v: Json): void {
  // iterative, so a patch nested deeper than the stack is measured, not followed
  const stack: [Json, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (d > MAX_PATCH_DEPTH) throw badRequest(`sts: the patch is nested deeper than ${MAX_PATCH_DEPTH} levels`);
    for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
}

export function strategicMerge(target: Json, patch: Json): Json {
  checkDepth(patch);
  return mergeMap(target, patch);
}

function mergeMap(target: Json, patch: Json): Json {
  if (!isObj(patch)) return structuredClone(patch);
  if (Object.hasOwn(patch, '$patch')) {
    const directive = patch.$patch;
    if (directive === 'replace') {
      const rest = copy(patch);
      delete rest.$patch;
      return structuredClone(rest);
    }
    if (directive === 'delete') return undefined;
    throw unknownPatchType(directive, patch);
  }
  const out = copy(target);
  retainKeys(out, patch);
  for (const [k, v] of Object.entries(patch)) {
    // directives, not fields: $retainKeys, $setElementOrder/…, $deleteFromPrimitiveList/…
    if (k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) delete out[k];
    else if (Array.isArray(v)) {
      const key = mergeKeyFor(k, v);
      const current = own(out, k);
      put(
        out,
        k,
        key && Array.isArray(current) ? mergeList(current, v, key) : structuredClone(v.filter((i) => !(isObj(i) && Object.hasOwn(i, '$patch')))),
      );
    } else if (isObj(v)) {
      const merged = mergeMap(own(out, k), v);
      if (merged === undefined) delete out[k];
      else put(out, k, merged);
    } else put(out, k, v);
  }
  return out;
}

/** `$retainKeys`: a list naming every field the patch sets; fields of the target not named go. */
function retainKeys(out: Record<string, Json>, patch: Record<string, Json>): void {
  if (!Object.hasOwn(patch, '$retainKeys')) return;
  const list = patch.$retainKeys;
  if (!Array.isArray(list)) throw badRequest('invalid patch format of retainKeys');
  const keep = new Set<Json>(list);
  for (const [k, v] of Object.entries(patch))
    if (v !== null && !k.startsWith('$') && !keep.has(k)) throw badRequest('invalid patch format of retainKeys');
  for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
}

function mergeList(current: Json[], patch: Json[], key: string): Json[] {
  // the elements of a list merged by key are maps (sliceElementType)
  if ([...current, ...patch].some((i) => !isObj(i))) throw serverError(`list element types are not identical: ${goV([current, patch])}`);
  let out = [...current];
  let replace = false;
  const items: Record<string, Json>[] = [];
  for (const item of patch as Record<string, Json>[]) {
    if (!Object.hasOwn(item, '$patch')) {
      items.push(item);
      continue;
    }
    const directive = item.$patch;
    if (directive === 'delete') {
      if (!Object.hasOwn(item, key)) throw serverError(`map: ${goV(item)} does not contain declared merge key: ${key}`);
      out = out.filter((x) => own(x, key) !== item[key]);
    } else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw serverError('merging lists cannot yet be specified in the patch');
    else throw unknownPatchType(directive, item);
  }
  if (replace) return structuredClone(items);
  for (const item of items) {
    if (!Object.hasOwn(item, key)) throw serverError(`map: ${goV(item)} does not contain declared merge key: ${key}`);
    const i = out.findIndex((x) => own(x, key) === item[key]);
    if (i >= 0) out[i] = mergeMap(out[i], item);
    else out.push(mergeMap({}, item));
  }
  return out;
}

export function jsonMerge(target: Json, patch: Json): Json {
  checkDepth(patch);
  return mergePatch(target, patch);
}

function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return structuredClone(patch);
  const out = copy(target);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else put(out, k, mergePatch(own(out, k), v));
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A list index as json-patch reads one (strconv.Atoi; negative counts from the end), else NaN. */
function index(p: string, length: number): number {
  if (!/^[+-]?[0-9]+$/.test(p)) return NaN;
  const i = Number(p);
  return i < 0 ? i + length : i;
}

/** One step down a document: a list by index, a map by own key. */
const child = (cur: Json, p: string): Json => (Array.isArray(cur) ? cur[index(p, cur.length)] : own(cur, p));

function parentOf(doc: Json, parts: string[], op: string, path: string): { parent: Json; last: string } {
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    cur = child(cur, p);
    if (cur === undefined) throw new PatchError(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, last: parts[parts.length - 1] };
}

function getAt(doc: Json, path: string): Json {
  let cur = doc;
  for (const p of pointer(path)) cur = child(cur, p);
  return cur;
}

/** An operation's field that must be a string (evanphx/json-patch's Path and From). */
function stringField(op: Record<string, Json>, field: 'path' | 'from', kind: string): string {
  const v = own(op, field);
  if (field === 'path') {
    if (typeof v !== 'string') throw new PatchError(`${kind} operation failed to decode path: missing value`);
    return v;
  }
  if (v === undefined || v === null) throw new PatchError(`${kind} operation failed to decode from: operation, missing from field: missing value`);
  if (typeof v !== 'string')
    throw new PatchError(`${kind} operation failed to decode from: json: cannot unmarshal ${goJsonType(v)} into Go value of type string`);
  return v;
}

const goJsonType = (v: Json) => (Array.isArray(v) ? 'array' : isObj(v) ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v);

export function jsonPatch(target: Json, ops: Json): Json {
  // the whole patch is decoded before any operation applies (jsonpatch.DecodePatch)
  if (!Array.isArray(ops)) throw badRequest(`json: cannot unmarshal ${goJsonType(ops)} into Go value of type jsonpatch.Patch`);
  for (const op of ops)
    if (op !== null && !isObj(op)) throw badRequest(`json: cannot unmarshal ${goJsonType(op)} into Go value of type jsonpatch.Operation`);
  checkDepth(ops);
  let doc = structuredClone(target);
  for (const raw of ops as (Record<string, Json> | null)[]) {
    const op = raw ?? {};
    const kind = typeof own(op, 'op') === 'string' ? (op.op as string) : 'unknown';
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(kind)) throw new PatchError(`Unexpected kind: ${kind}`);
    const path = stringField(op, 'path', kind);
    const parts = pointer(path);
    const value = own(op, 'value') ?? null;
    const remove = () => {
      if (!parts.length) throw new PatchError(`jsonpatch remove operation does not apply: doc is missing path: "": missing value`);
      const { parent, last } = parentOf(doc, parts, kind, path);
      if (Array.isArray(parent)) {
        const i = index(last, parent.length);
        if (!(i >= 0 && i < parent.length))
          throw new PatchError(`jsonpatch remove operation does not apply: doc is missing path: "${path}": missing value`);
        return parent.splice(i, 1)[0];
      }
      if (!isObj(parent) || !Object.hasOwn(parent, last))
        throw new PatchError(`jsonpatch remove operation does not apply: doc is missing path: "${path}": missing value`);
      const v = parent[last];
      delete parent[last];
      return v;
    };
    const add = (v: Json, p = parts) => {
      if (!p.length) {
        doc = v;
        return;
      }
      const { parent, last } = parentOf(doc, p, kind, path);
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : index(last, parent.length + 1);
        if (!(i >= 0 && i <= parent.length))
          throw new PatchError(`jsonpatch add operation does not apply: doc is missing path: "${path}": missing value`);
        parent.splice(i, 0, v);
      } else if (isObj(parent)) put(parent, last, v);
      else throw new PatchError(`jsonpatch add operation does not apply: doc is missing path: "${path}": missing value`);
    };
    switch (kind) {
      case 'add':
        add(structuredClone(value));
        break;
      case 'remove':
        remove();
        break;
      case 'replace':
        remove();
        add(structuredClone(value));
        break;
      case 'move': {
        const fromPath = stringField(op, 'from', kind);
        const from = pointer(fromPath);
        const v = getAt(doc, fromPath);
        if (v === undefined) throw new PatchError(`jsonpatch move operation does not apply: doc is missing from path: "${fromPath}": missing value`);
        if (!from.length) throw new PatchError(`jsonpatch move operation does not apply: doc is missing from path: "": missing value`);
        const { parent, last } = parentOf(doc, from, 'move', fromPath);
        if (Array.isArray(parent)) parent.splice(index(last, parent.length), 1);
        else delete parent[last];
        add(v);
        break;
      }
      case 'copy': {
        const fromPath = stringField(op, 'from', kind);
        const v = getAt(doc, fromPath);
        if (v === undefined) throw new PatchError(`jsonpatch copy operation does not apply: doc is missing from path: "${fromPath}": missing value`);
        add(structuredClone(v));
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, path) ?? null) !== JSON.stringify(value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
    }
  }
  return doc;
}

/** The JSON merge patch that turns `from` into `to` (what `edit` sends). */
export function createMergePatch(from: Json, to: Json): Json {
  const patch: Record<string, Json> = {};
  for (const [k, v] of Object.entries(to ?? {})) {
    const was = own(from, k);
    if (JSON.stringify(was) === JSON.stringify(v)) continue;
    put(patch, k, isObj(v) && isObj(was) ? createMergePatch(was, v) : v);
  }
  if (isObj(from)) for (const k of Object.keys(from)) if (!isObj(to) || !Object.hasOwn(to, k)) put(patch, k, null);
  return patch;
}
