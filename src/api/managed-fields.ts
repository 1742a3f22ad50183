// Field sets as server-side apply keeps them (structured-merge-diff's fieldpath.Set and its FieldsV1
// wire form): which fields an object or an applied configuration sets, what changed between two
// objects (typed.Comparison), and pruning the fields a manager gave up. Lists merge by the strategic
// merge keys of patch.ts, widened to the list-map-keys upstream's schema declares.
import { mergeKeyFor } from './patch.js';
import { isObj, type Json } from './types.js';
import { canonical } from './validation/fields.js';

/** metadata.managedFields[].fieldsV1: `f:<field>`, `k:<key JSON>`, `v:<value JSON>`; `.` marks a node that is itself a member. */
export interface FieldsV1 {
  [element: string]: FieldsV1;
}

/** A set of member paths, each path's elements (`f:spec`, `k:{"name":"nginx"}`) joined by SEP. */
export type FieldSet = Set<string>;
const SEP = '\u0000';
const join = (path: string[]) => path.join(SEP);

/** Maps and structs upstream declares atomic (`+mapType=atomic`, `+structType=atomic`): owned whole. */
const ATOMIC = new Set(['selector', 'labelSelector', 'namespaceSelector', 'nodeSelector', 'claimRef', 'dataSource', 'dataSourceRef']);
/** Lists of primitives declared `+listType=set`: each value is a member (`v:"…"`). */
const SETS = new Set(['finalizers']);
/** Fields a Go struct always serializes, so an update never "adds" them as a whole (no `.` member). */
const ALWAYS_PRESENT = new Set(['metadata', 'spec', 'template', 'updateStrategy', 'status', 'containers']);
/** Fields the field manager never tracks (stripMetaManager), under metadata. */
const STRIPPED_META = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion']);

type ListType = 'atomic' | 'set' | { keys: string[]; defaults: Record<string, Json> };

/** How a list is tracked: by its merge keys (upstream's list-map-keys: ports add protocol, defaulted to TCP), as a set, or whole. */
function listTypeOf(field: string, items: Json[]): ListType {
  if (SETS.has(field)) return items.every((i) => !isObj(i) && !Array.isArray(i)) ? 'set' : 'atomic';
  const key = mergeKeyFor(field, items);
  if (!key) return 'atomic';
  const type =
    field === 'ports'
      ? { keys: [key, 'protocol'], defaults: { protocol: 'TCP' } }
      : field === 'topologySpreadConstraints'
        ? { keys: ['topologyKey', 'whenUnsatisfiable'], defaults: {} }
        : { keys: [key], defaults: {} };
  return items.every((i) => isObj(i) && Object.hasOwn(i, key)) ? type : 'atomic';
}

/** `k:{"containerPort":80,"protocol":"TCP"}`: the element's keys, sorted by name (fieldpath.KeyByFields). */
function keyElement(item: Record<string, Json>, type: { keys: string[]; defaults: Record<string, Json> }): string {
  const key: Record<string, Json> = {};
  for (const k of [...type.keys].sort()) {
    const v = Object.hasOwn(item, k) ? item[k] : type.defaults[k];
    if (v !== undefined) key[k] = v;
  }
  return `k:${JSON.stringify(key)}`;
}

const isMap = (v: Json, field: string) => isObj(v) && !ATOMIC.has(field);

/**
 * Every member under `v` at `path` (ToFieldSet): leaves, atomic maps and lists, keyed list elements and
 * set values. With `whole`, a map or list that appears as a whole is a member too (an update adding it).
 */
function collect(v: Json, field: string, path: string[], out: FieldSet, whole: boolean): void {
  if (v === undefined) return;
  if (Array.isArray(v)) {
    const type = listTypeOf(field, v);
    if (type === 'atomic' || !v.length) return void out.add(join(path));
    if (whole && path.length && !ALWAYS_PRESENT.has(field)) out.add(join(path));
    for (const item of v) {
      if (type === 'set') out.add(join([...path, `v:${JSON.stringify(item)}`]));
      else {
        const at = [...path, keyElement(item, type)];
        out.add(join(at));
        for (const [k, x] of Object.entries(item as Record<string, Json>)) collect(x, k, [...at, `f:${k}`], out, whole);
      }
    }
    return;
  }
  if (isMap(v, field) && Object.keys(v).length) {
    if (whole && path.length && !ALWAYS_PRESENT.has(field)) out.add(join(path));
    for (const [k, x] of Object.entries(v as Record<string, Json>)) collect(x, k, [...path, `f:${k}`], out, whole);
    return;
  }
  if (path.length) out.add(join(path));
}

/** Drop what the field manager does not track: apiVersion, kind, server-set metadata; status, or all but status for the status subresource. */
export function stripped(set: FieldSet, subresource?: string): FieldSet {
  const out: FieldSet = new Set();
  for (const p of set) {
    const [first, second] = p.split(SEP);
    if (first === 'f:apiVersion' || first === 'f:kind') continue;
    if (first === 'f:metadata' && second !== undefined && STRIPPED_META.has(second.slice(2))) continue;
    if ((first === 'f:status') !== (subresource === 'status')) continue;
    out.add(p);
  }
  return out;
}

/** The members an applied configuration sets (typed.TypedValue.ToFieldSet), untracked fields left out. */
export function appliedFields(obj: Json, subresource?: string): FieldSet {
  const out: FieldSet = new Set();
  collect(obj, '', [], out, false);
  return stripped(out, subresource);
}

/** What turned `before` into `after` (typed.Comparison): members added or modified, and members removed. */
export function compareFields(before: Json, after: Json, subresource?: string): { changed: FieldSet; removed: FieldSet } {
  const changed: FieldSet = new Set();
  const removed: FieldSet = new Set();
  const walk = (a: Json, b: Json, field: string, path: string[]) => {
    if (a === undefined && b === undefined) return;
    if (a === undefined) return collect(b, field, path, changed, true);
    if (b === undefined) {
      collect(a, field, path, removed, true);
      if (path.length) removed.add(join(path));
      return;
    }
    if (isMap(a, field) && isMap(b, field)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], k, [...path, `f:${k}`]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const type = listTypeOf(field, [...a, ...b]);
      if (type === 'set') {
        const was = new Set(a.map((x) => JSON.stringify(x)));
        const now = new Set(b.map((x) => JSON.stringify(x)));
        for (const x of now) if (!was.has(x)) changed.add(join([...path, `v:${x}`]));
        for (const x of was) if (!now.has(x)) removed.add(join([...path, `v:${x}`]));
        return;
      }
      if (type !== 'atomic') {
        const byKey = (l: Json[]) => new Map(l.map((i) => [keyElement(i, type), i]));
        const [was, now] = [byKey(a), byKey(b)];
        for (const k of new Set([...was.keys(), ...now.keys()])) {
          const at = [...path, k];
          if (!was.has(k)) changed.add(join(at));
          if (!now.has(k)) removed.add(join(at));
          for (const f of new Set([...Object.keys(was.get(k) ?? {}), ...Object.keys(now.get(k) ?? {})]))
            walk(was.get(k)?.[f], now.get(k)?.[f], f, [...at, `f:${f}`]);
        }
        return;
      }
    }
    if (canonical(a) !== canonical(b)) {
      if (isMap(b, field) || (Array.isArray(b) && listTypeOf(field, b) !== 'atomic')) {
        // a leaf became a map or list (or back): the old member goes, the new members come
        collect(a, field, path, removed, true);
        collect(b, field, path, changed, true);
      } else changed.add(join(path));
    }
  };
  walk(before, after, '', []);
  return { changed: stripped(changed, subresource), removed: stripped(removed, subresource) };
}

/** Every proper prefix of the set's paths (the nodes under which some member lies). */
function prefixes(set: FieldSet): Set<string> {
  const out = new Set<string>();
  for (const p of set) {
    const parts = p.split(SEP);
    for (let i = 1; i < parts.length; i++) out.add(join(parts.slice(0, i)));
  }
  return out;
}

/**
 * `obj` without the members of `remove`, except where `keep` still owns the member or something under it
 * (merge.Updater.prune: RemoveItems, then addBackOwnedItems). A map or list left empty by removal goes too.
 */
export function removeFields(obj: Json, remove: FieldSet, keep: FieldSet): Json {
  const under = prefixes(remove);
  const kept = prefixes(keep);
  const gone = (p: string) => remove.has(p) && !keep.has(p) && !kept.has(p);
  const walk = (v: Json, field: string, path: string[]): Json => {
    if (Array.isArray(v)) {
      const type = listTypeOf(field, v);
      if (type === 'atomic') return v;
      const out = v.filter((item) => {
        const at = join([...path, type === 'set' ? `v:${JSON.stringify(item)}` : keyElement(item, type)]);
        return !gone(at);
      });
      if (type === 'set') return out.length || !v.length ? out : undefined;
      const next = out.map((item) => walk(item, '', [...path, keyElement(item, type)]) ?? {});
      return next.length || !v.length ? next : undefined;
    }
    if (!isMap(v, field)) return v;
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, Json>)) {
      const at = join([...path, `f:${k}`]);
      if (gone(at)) continue;
      const next = under.has(at) ? walk(x, k, [...path, `f:${k}`]) : x;
      if (next !== undefined) out[k] = next;
    }
    return Object.keys(out).length || !Object.keys(v).length ? out : undefined;
  };
  return walk(obj, '', []) ?? {};
}

/** Order of FieldsV1 keys as upstream serializes a set: `.` first, then fields, keys, values, each sorted. */
const RANK: Record<string, number> = { '.': 0, f: 1, k: 2, v: 3, i: 4 };
const rank = (e: string) => RANK[e === '.' ? '.' : e[0]] ?? 5;
const byElement = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

/** The set in its wire form (fieldpath.Set.ToJSON). */
export function toFieldsV1(set: FieldSet): FieldsV1 {
  const root: FieldsV1 = {};
  for (const p of set) {
    let node = root;
    for (const e of p.split(SEP)) node = node[e] ??= {};
  }
  // a member with members under it says so with `.`
  for (const p of set) {
    let node = root;
    for (const e of p.split(SEP)) node = node[e];
    if (Object.keys(node).some((k) => k !== '.')) node['.'] = {};
  }
  const sorted = (n: FieldsV1): FieldsV1 =>
    Object.fromEntries(
      Object.keys(n)
        .sort(byElement)
        .map((k) => [k, sorted(n[k])]),
    );
  return sorted(root);
}

/** The wire form read back into a set (fieldpath.Set.FromJSON). */
export function fromFieldsV1(fields: FieldsV1 | undefined): FieldSet {
  const out: FieldSet = new Set();
  const walk = (n: FieldsV1, path: string[]) => {
    for (const [k, child] of Object.entries(n ?? {})) {
      if (k === '.') {
        out.add(join(path));
        continue;
      }
      const at = [...path, k];
      if (!Object.keys(child ?? {}).length) out.add(join(at));
      else walk(child, at);
    }
  };
  walk(fields ?? {}, []);
  return out;
}

/** The FieldsV1 of everything an applied configuration sets: what its manager would own. */
export function fieldSet(obj: Json): FieldsV1 {
  return toFieldsV1(appliedFields(obj));
}

/** A member as conflicts print it (fieldpath.Path.String): `.spec.template.spec.containers[name="nginx"].image`. */
export function pathString(member: string): string {
  const goValue = (v: Json) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  return member
    .split(SEP)
    .map((e) => {
      if (e.startsWith('f:')) return `.${e.slice(2)}`;
      if (e.startsWith('v:')) return `[=${goValue(JSON.parse(e.slice(2)))}]`;
      if (e.startsWith('k:'))
        return `[${Object.entries(JSON.parse(e.slice(2)) as Record<string, Json>)
          .map(([k, v]) => `${k}=${goValue(v)}`)
          .join(',')}]`;
      return `[${e.slice(2)}]`;
    })
    .join('');
}

export const union = (...sets: FieldSet[]): FieldSet => new Set(sets.flatMap((s) => [...s]));
export const difference = (a: FieldSet, b: FieldSet): FieldSet => new Set([...a].filter((p) => !b.has(p)));
export const intersection = (a: FieldSet, b: FieldSet): FieldSet => new Set([...a].filter((p) => b.has(p)));

/** Members in the order conflicts list them (fieldpath.Set.Iterate: sorted path by path). */
export function sortedMembers(set: FieldSet): string[] {
  const cmp = (a: string, b: string) => {
    const [x, y] = [a.split(SEP), b.split(SEP)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = byElement(x[i], y[i]);
      if (c) return c;
    }
    return x.length - y.length;
  };
  return [...set].sort(cmp);
}
