// The formats themselves: table (plain, wide, labels), name, json, yaml; printer.ts chooses among
// them (kubectl's printers package: HumanReadablePrinter, NamePrinter, JSONPrinter, YAMLPrinter).
import { kindInfo, qualifiedSingular } from '../api/kinds.js';
import type { Json, KObject } from '../api/types.js';
import { age } from './age.js';
import { columnsFor, labelColumnHeader, labelColumnValue } from './columns.js';
import { goJsonEscape, typedJson } from './gojson.js';
import { goYaml, goYamlList } from './goyaml.js';
import type { Run } from './object-list.js';
import { tableLines } from './tabwriter.js';

export interface TableOptions {
  now: number;
  wide?: boolean;
  showLabels?: boolean;
  noHeaders?: boolean;
  /** prefix NAME with kind[.group]/ (several kinds in one get, or --show-kind) */
  withKind?: boolean;
  /** NAMESPACE column first (-A) */
  withNamespace?: boolean;
  /** -L: one column per label key */
  labelColumns?: string[];
}

const labelsText = (l: Record<string, string> | undefined) =>
  l && Object.keys(l).length
    ? Object.entries(l)
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join(',')
    : '<none>';

/** withKind etc. as for printTable; `watch`: the layout `get -w` has always had (no events' wide layout). */
export interface LayoutOptions extends TableOptions {
  watch?: boolean;
}

/**
 * One kind's columns, shared by `get`'s tables and `get -w`'s rows (kubectl prints both with its
 * one table printer, printers.HumanReadablePrinter): the header, and a row per object at `now`.
 */
export function tableLayout(kind: string, o: Omit<LayoutOptions, 'now'>): { header: string[]; row(obj: KObject, now: number): string[] } {
  const cols = columnsFor(kind);
  const info = kindInfo(kind);
  const nsCol = o.withNamespace && info?.namespaced !== false;
  const header = [...cols.headers, ...(o.wide ? cols.wide : [])];
  for (const k of o.labelColumns ?? []) header.push(labelColumnHeader(k));
  if (o.showLabels) header.push('LABELS');
  if (nsCol) header.unshift('NAMESPACE');
  const prefix = o.withKind ? `${info ? qualifiedSingular(info) : kind.toLowerCase()}/` : '';
  // events: wide columns go in the middle (SUBOBJECT, SOURCE before MESSAGE; FIRST SEEN, COUNT, NAME after);
  // sts's watch never had this layout, and its output is kept as it was
  const eventsWide = kind === 'Event' && o.wide && !o.watch;
  if (eventsWide) header.splice(nsCol ? 5 : 4, 1, 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME');
  const row = (obj: KObject, now: number): string[] => {
    const r = cols.row(obj, now);
    const cells = [...r.cells, ...(o.wide ? r.wide : [])];
    if (eventsWide) {
      cells.splice(4, 0, '', obj.source?.component ?? '');
      cells.push(age(obj.firstTimestamp, now), String(obj.count ?? 1), obj.metadata.name);
    }
    cells[0] = prefix + cells[0];
    for (const k of o.labelColumns ?? []) cells.push(labelColumnValue(obj, k));
    if (o.showLabels) cells.push(labelsText(obj.metadata.labels));
    return nsCol ? [obj.metadata.namespace ?? '', ...cells] : cells;
  };
  return { header, row };
}

/** One kind's table. */
export function printTable(kind: string, objs: KObject[], o: TableOptions): string {
  return [...tableOf({ kind, length: objs.length, at: (i) => objs[i] }, o)].join('');
}

/** One kind's table, line by line; each object is made, turned into its row and let go. */
export function tableOf(run: Run, o: TableOptions): Iterable<string> {
  const layout = tableLayout(run.kind, o);
  const rows: string[][] = o.noHeaders ? [] : [layout.header];
  for (let i = 0; i < run.length; i++) rows.push(layout.row(run.at(i), o.now));
  return tableLines(rows);
}

export function nameOf(obj: KObject): string {
  const info = kindInfo(obj.kind);
  if (info) return `${qualifiedSingular(info)}/${obj.metadata.name}`;
  // a kind sts does not store (a Scale): the group of its own apiVersion, as NamePrinter reads the object's GVK
  const slash = String(obj.apiVersion ?? '').indexOf('/');
  return `${obj.kind.toLowerCase()}${slash > 0 ? `.${obj.apiVersion.slice(0, slash)}` : ''}/${obj.metadata.name}`;
}

export function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Json = {};
    for (const k of Object.keys(v).sort()) {
      if (v[k] === undefined) continue;
      // defineProperty: a key named __proto__ is data, not the object's prototype
      if (k === '__proto__') Object.defineProperty(out, k, { value: sortKeys(v[k]), enumerable: true, writable: true, configurable: true });
      else out[k] = sortKeys(v[k]);
    }
    return out;
  }
  return v;
}

const asList = (objs: KObject[]) => ({ apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } });

/** Objects read back from the API (unstructured: keys sorted), as kubectl's JSON printer writes them. */
export function printJson(objs: KObject[], single: boolean): string {
  return `${goJsonEscape(JSON.stringify(sortKeys(single ? objs[0] : asList(objs)), null, 4))}\n`;
}

/**
 * sortKeys for JSON.stringify (which drops what is undefined either way), several times faster for
 * the many maps of one shape a list has: each shape's copy is made by a function compiled for it,
 * an object literal with its keys in order. A shape with a key named __proto__ (which a literal
 * would take for the prototype), or one past the cache's size, is sorted by sortKeys.
 */
function sortedForJson(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortedForJson);
  if (!v || typeof v !== 'object') return v;
  let at = shapes;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    let next = at.next.get(k);
    if (!next) {
      if (++shapeCount > 50_000) return sortKeys(v);
      at.next.set(k, (next = { next: new Map() }));
    }
    at = next;
  }
  at.copy ??= copierOf(Object.keys(v).sort());
  return at.copy ? at.copy(v, sortedForJson) : sortKeys(v);
}

type Copier = (v: Json, each: (x: Json) => Json) => Json;
interface Shape {
  next: Map<string, Shape>;
  copy?: Copier | null;
}
const shapes: Shape = { next: new Map() };
let shapeCount = 0;

function copierOf(keys: string[]): Copier | null {
  if (keys.includes('__proto__')) return null;
  const q = (k: string) => JSON.stringify(k);
  return new Function('v', 'each', `return { ${keys.map((k) => `${q(k)}: each(v[${q(k)}])`).join(', ')} };`) as Copier;
}

/** What JSON.stringify writes around a List's items (at their depth, 8 spaces), and around a batch of them. */
const JSON_LIST_HEAD = '{\n    "apiVersion": "v1",\n    "items": [\n';
const JSON_LIST_TAIL = '\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';
const BATCH_HEAD = '{\n    "items": [\n';
const BATCH_TAIL = '\n    ]\n}';
const BATCH = 16;

/** printJson of a List, a few items at a time as they are made: the same text, never in one
 *  string. Each batch is stringified at the items' depth, so JSON.stringify does the indenting. */
export function* jsonListOf(objs: Iterable<KObject>): Generator<string> {
  let batch: Json[] = [];
  let first = true;
  const text = () => {
    const json = JSON.stringify({ items: batch }, null, 4);
    const items = goJsonEscape(json.slice(BATCH_HEAD.length, json.length - BATCH_TAIL.length));
    const head = first ? JSON_LIST_HEAD : ',\n';
    first = false;
    batch = [];
    return head + items;
  };
  for (const o of objs) {
    batch.push(sortedForJson(o));
    if (batch.length === BATCH) yield text();
  }
  if (batch.length) yield text();
  yield first ? printJson([], false) : JSON_LIST_TAIL;
}

/** An object kubectl builds itself (create configmap, events' list): fields in Go struct order. */
export const printTypedJson = (obj: Json): string => typedJson(obj);

/** kubectl's YAML printer (JSON, then sigs.k8s.io/yaml's JSONToYAML: go-yaml v2's keys and quoting). */
export async function printYaml(objs: KObject[], single: boolean): Promise<string> {
  return yamlText(objs, single);
}

/** printYaml for the printers of printer.ts, which are synchronous. */
export function yamlText(objs: KObject[], single: boolean): string {
  return goYaml(single ? objs[0] : asList(objs));
}

/** yamlText of a List, in chunks as its items are made. */
export const yamlListOf = (objs: Iterable<KObject>, length: number): Iterable<string> => goYamlList(objs, length);
