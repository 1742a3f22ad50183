// One printer per output format: table (plain, wide, labels), name, json, yaml.
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

/** One kind's table. */
export function printTable(kind: string, objs: KObject[], o: TableOptions): string {
  const cols = columnsFor(kind);
  const info = kindInfo(kind);
  const nsCol = o.withNamespace && info?.namespaced !== false;
  const rows: string[][] = [];
  if (!o.noHeaders) {
    const h = [...cols.headers, ...(o.wide ? cols.wide : [])];
    for (const k of o.labelColumns ?? []) h.push(labelColumnHeader(k));
    if (o.showLabels) h.push('LABELS');
    rows.push(nsCol ? ['NAMESPACE', ...h] : h);
  }
  const prefix = o.withKind ? `${info ? qualifiedSingular(info) : kind.toLowerCase()}/` : '';
  // events: wide columns go in the middle (SUBOBJECT, SOURCE before MESSAGE; FIRST SEEN, COUNT, NAME after)
  const eventsWide = kind === 'Event' && o.wide;
  if (eventsWide && rows.length) rows[0].splice(nsCol ? 5 : 4, 1, 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME');
  for (const obj of objs) {
    const r = cols.row(obj, o.now);
    const cells = [...r.cells, ...(o.wide ? r.wide : [])];
    if (eventsWide) {
      cells.splice(4, 0, '', obj.source?.component ?? '');
      cells.push(age(obj.firstTimestamp, o.now), String(obj.count ?? 1), obj.metadata.name);
    }
    cells[0] = prefix + cells[0];
    for (const k of o.labelColumns ?? []) cells.push(labelColumnValue(obj, k));
    if (o.showLabels) cells.push(labelsText(obj.metadata.labels));
    rows.push(nsCol ? [obj.metadata.namespace ?? '', ...cells] : cells);
  }
  return table(rows);
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
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) Object.defineProperty(out, k, { value: sortKeys(v[k]), enumerable: true, writable: true, configurable: true });
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
  return goYaml(single ? objs[0] : asList(objs));
}
