// The formats themselves: table (plain, wide, labels), name, json, yaml; printer.ts chooses among
// them (kubectl's printers package: HumanReadablePrinter, NamePrinter, JSONPrinter, YAMLPrinter).
import { kindInfo, qualifiedSingular } from '../api/kinds.js';
import type { Json, KObject } from '../api/types.js';
import { age } from './age.js';
import { columnsFor, labelColumnHeader, labelColumnValue } from './columns.js';
import { goJsonEscape, typedJson } from './gojson.js';
import { goYaml } from './goyaml.js';
import { table } from './tabwriter.js';

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
  const layout = tableLayout(kind, o);
  const rows = objs.map((obj) => layout.row(obj, o.now));
  return table(o.noHeaders ? rows : [layout.header, ...rows]);
}

export function nameOf(obj: KObject): string {
  const info = kindInfo(obj.kind);
  return `${info ? qualifiedSingular(info) : obj.kind.toLowerCase()}/${obj.metadata.name}`;
}

export function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Json = {};
    // defineProperty: a key named __proto__ is data, not the object's prototype
    for (const k of Object.keys(v).sort())
      if (v[k] !== undefined) Object.defineProperty(out, k, { value: sortKeys(v[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

const asList = (objs: KObject[]) => ({ apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } });

/** Objects read back from the API (unstructured: keys sorted), as kubectl's JSON printer writes them. */
export function printJson(objs: KObject[], single: boolean): string {
  return `${goJsonEscape(JSON.stringify(sortKeys(single ? objs[0] : asList(objs)), null, 4))}\n`;
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
