// The three patch types kubectl sends: strategic merge (lists of named things merge by key),
// JSON merge (RFC 7386) and JSON patch (RFC 6902). Each returns a new object.
import type { Json } from './types.js';

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merge keys of the lists a strategic merge patch merges instead of replacing (by field name). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  env: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  topologySpreadConstraints: 'topologyKey',
};

/** Container ports merge by containerPort, service ports by port. */
function mergeKeyFor(field: string, items: Json[]): string | undefined {
  if (field === 'ports') return items.some((i) => isObj(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

export class PatchError extends Error {}

export function strategicMerge(target: Json, patch: Json): Json {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Json = isObj(target) ? { ...target } : {};
  const retain: string[] | undefined = patch.$retainKeys;
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue; // $setElementOrder/…, $retainKeys: directives, not fields
    if (v === null) delete out[k];
    else if (Array.isArray(v)) {
      const key = mergeKeyFor(k, v);
      out[k] = key && Array.isArray(out[k]) ? mergeList(out[k], v, key) : structuredClone(v.filter((i) => !(isObj(i) && i.$patch)));
    } else if (isObj(v)) {
      const merged = strategicMerge(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k) && !(k in patch)) delete out[k];
  return out;
}

function mergeList(current: Json[], patch: Json[], key: string): Json[] {
  if (patch.some((i) => isObj(i) && i.$patch === 'replace')) return structuredClone(patch.filter((i) => !(isObj(i) && i.$patch === 'replace')));
  const out = [...current];
  for (const item of patch) {
    if (!isObj(item) || item[key] === undefined) {
      out.push(structuredClone(item));
      continue;
    }
    const i = out.findIndex((x) => isObj(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = strategicMerge(out[i], item);
    else out.push(strategicMerge({}, item));
  }
  return out;
}

export function jsonMerge(target: Json, patch: Json): Json {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Json = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMerge(out[k], v);
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

function parentOf(doc: Json, parts: string[], op: string, path: string): { parent: Json; last: string } {
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
    if (cur === undefined) throw new PatchError(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, last: parts[parts.length - 1] };
}

function getAt(doc: Json, path: string): Json {
  let cur = doc;
  for (const p of pointer(path)) cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
  return cur;
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const op of ops) {
    const path: string = op.path ?? '';
    const parts = pointer(path);
    const remove = () => {
      const { parent, last } = parentOf(doc, parts, op.op, path);
      if (Array.isArray(parent)) {
        const i = Number(last);
        if (!(i >= 0 && i < parent.length)) throw new PatchError(`jsonpatch remove operation does not apply: doc is missing path: "${path}": missing value`);
        return parent.splice(i, 1)[0];
      }
      if (!isObj(parent) || !(last in parent)) throw new PatchError(`jsonpatch remove operation does not apply: doc is missing path: "${path}": missing value`);
      const v = parent[last];
      delete parent[last];
      return v;
    };
    const add = (value: Json, p = parts) => {
      if (!p.length) {
        doc = value;
        return;
      }
      const { parent, last } = parentOf(doc, p, op.op, path);
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : Number(last);
        if (!(i >= 0 && i <= parent.length)) throw new PatchError(`jsonpatch add operation does not apply: doc is missing path: "${path}": missing value`);
        parent.splice(i, 0, value);
      } else if (isObj(parent)) parent[last] = value;
      else throw new PatchError(`jsonpatch add operation does not apply: doc is missing path: "${path}": missing value`);
    };
    switch (op.op) {
      case 'add':
        add(structuredClone(op.value));
        break;
      case 'remove':
        remove();
        break;
      case 'replace':
        remove();
        add(structuredClone(op.value));
        break;
      case 'move': {
        const from = pointer(op.from);
        const v = getAt(doc, op.from);
        if (v === undefined) throw new PatchError(`jsonpatch move operation does not apply: doc is missing from path: "${op.from}": missing value`);
        const { parent, last } = parentOf(doc, from, 'move', op.from);
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        add(v);
        break;
      }
      case 'copy': {
        const v = getAt(doc, op.from);
        if (v === undefined) throw new PatchError(`jsonpatch copy operation does not apply: doc is missing from path: "${op.from}": missing value`);
        add(structuredClone(v));
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, path)) !== JSON.stringify(op.value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

/** The JSON merge patch that turns `from` into `to` (what `edit` sends). */
export function createMergePatch(from: Json, to: Json): Json {
  const patch: Json = {};
  for (const [k, v] of Object.entries(to ?? {})) {
    if (JSON.stringify(from?.[k]) === JSON.stringify(v)) continue;
    patch[k] = isObj(v) && isObj(from?.[k]) ? createMergePatch(from[k], v) : v;
  }
  for (const k of Object.keys(from ?? {})) if (!(k in (to ?? {}))) patch[k] = null;
  return patch;
}
