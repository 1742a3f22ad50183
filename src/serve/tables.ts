// `meta.k8s.io/v1 Table`: what kubectl asks for when it prints a table (get, get -o wide, get -w).
// The cells come from the same columns `sts get` prints (print/columns.ts), so the two never differ.
import type { KObject } from '../api/types.js';
import { columnsFor } from '../print/columns.js';

export const TABLE_ACCEPT = /as=Table/;

/** Upstream's spelling of the column names sts prints upper-cased (kubectl upper-cases them again). */
const SPELLED: Record<string, string> = {
  IP: 'IP',
  'CLUSTER-IP': 'Cluster-IP',
  'EXTERNAL-IP': 'External-IP',
  'INTERNAL-IP': 'Internal-IP',
  'PORT(S)': 'Port(s)',
  STORAGECLASS: 'StorageClass',
  VOLUMEATTRIBUTESCLASS: 'VolumeAttributesClass',
  VOLUMEMODE: 'VolumeMode',
  'OS-IMAGE': 'OS-Image',
  'KERNEL-VERSION': 'Kernel-Version',
  'CONTAINER-RUNTIME': 'Container-Runtime',
  RECLAIMPOLICY: 'ReclaimPolicy',
  VOLUMEBINDINGMODE: 'VolumeBindingMode',
  ALLOWVOLUMEEXPANSION: 'AllowVolumeExpansion',
};

/** kubectl prints a column's name upper-cased; the server names it as upstream's printers do. */
const title = (header: string) =>
  header
    .split(' ')
    .map((w) => SPELLED[w] ?? w[0] + w.slice(1).toLowerCase())
    .join(' ');

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function columnDefinitions(kind: string): object[] {
  const cols = columnsFor(kind);
  return [
    ...cols.headers.map((h, i) => ({ name: title(h), type: 'string', format: i === 0 ? 'name' : '', description: '', priority: 0 })),
    ...cols.wide.map((h) => ({ name: title(h), type: 'string', format: '', description: '', priority: 1 })),
  ];
}

/** One row: the cells, and the object as includeObject asks (the default: its metadata only). */
export function tableRow(o: KObject, now: number, include: IncludeObject, full?: KObject): object {
  const { cells, wide } = columnsFor(o.kind).row(o, now);
  const object =
    include === 'None'
      ? undefined
      : include === 'Object'
        ? (full ?? o)
        : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
  return { cells: [...cells, ...wide], ...(object ? { object } : {}) };
}

export function table(kind: string, rows: object[], resourceVersion: string, withColumns = true, cont?: string): object {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion, ...(cont ? { continue: cont } : {}) },
    columnDefinitions: withColumns ? columnDefinitions(kind) : [],
    rows,
  };
}

export const includeObjectOf = (q: URLSearchParams): IncludeObject => {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
};
