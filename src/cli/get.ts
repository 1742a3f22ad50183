// `sts get`: fetch the objects the arguments name, then hand them to the printer for -o.
import { CliError } from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { nameOf, printJson, printTable, printYaml } from '../print/printers.js';
import { withCluster, type GlobalOpts } from './context.js';
import { err, Failures, out } from './output.js';
import { getObject, listObjects, matchesFields, parseFieldSelector, parseLabelSelector, parseResourceArgs } from './resources.js';
import { JsonPathError, select } from '../print/jsonpath.js';

export interface GetOpts extends GlobalOpts {
  output?: string;
  fieldSelector?: string;
  sortBy?: string;
  allNamespaces?: boolean;
  selector?: string;
  showLabels?: boolean;
  headers?: boolean;
  showKind?: boolean;
}

export const OUTPUTS = ['json', 'name', 'wide', 'yaml'];

export function checkOutput(o: string | undefined, allowed = OUTPUTS): void {
  if (o !== undefined && !allowed.includes(o))
    throw new CliError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed.join(',')}`);
}

export async function get(args: string[], opts: GetOpts): Promise<void> {
  if (!args.length)
    throw new CliError(
      'You must specify the type of resource to get. Use "sts api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.',
      'get',
    );
  checkOutput(opts.output);
  const reqs = parseResourceArgs(args, { allowAll: true });
  const selector = parseLabelSelector(opts.selector);
  const fields = parseFieldSelector(opts.fieldSelector, reqs.map((r) => r.info));
  if (selector && reqs.some((r) => r.names)) throw new CliError('error: name cannot be provided when a selector is specified');
  const ns = opts.allNamespaces ? undefined : opts.namespace || 'default';
  const failures = new Failures();
  if (reqs.some((r) => r.info.kind === 'Endpoints')) err('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice');
  await withCluster(opts, async (c) => {
    const groups: { info: KindInfo; objs: KObject[] }[] = [];
    const add = (info: KindInfo, o: KObject) => {
      const last = groups[groups.length - 1];
      if (last?.info === info) last.objs.push(o);
      else groups.push({ info, objs: [o] });
    };
    for (const r of reqs) {
      if (r.names) for (const n of r.names) failures.try(() => add(r.info, getObject(c, r.info, ns ?? 'default', n)));
      else for (const o of listObjects(c, r.info, ns, selector)) if (!fields || matchesFields(fields, o)) add(r.info, o);
    }
    if (opts.sortBy) for (const g of groups) g.objs = sortBy(g.objs, opts.sortBy);
    const objs = groups.flatMap((g) => g.objs);
    const single = reqs.length === 1 && reqs[0].names?.length === 1 && objs.length === 1;
    switch (opts.output) {
      case 'json':
        if (objs.length || !failures.list.length) out(printJson(objs, single));
        break;
      case 'yaml':
        if (objs.length || !failures.list.length) out(await printYaml(objs, single));
        break;
      case 'name':
        out(objs.map(nameOf).join('\n'));
        break;
      default: {
        if (!objs.length) {
          if (!failures.list.length) {
            const clusterScoped = reqs.every((r) => !r.info.namespaced);
            err(ns === undefined || clusterScoped ? 'No resources found' : `No resources found in ${ns} namespace.`);
          }
          break;
        }
        const withKind = opts.showKind || new Set(groups.map((g) => g.info)).size > 1;
        const tables = groups.map((g) =>
          printTable(g.info.kind, g.objs, {
            now: c.now,
            wide: opts.output === 'wide',
            showLabels: opts.showLabels,
            noHeaders: opts.headers === false,
            withKind,
            withNamespace: ns === undefined,
          }),
        );
        out(tables.join(opts.headers === false ? '' : '\n'));
      }
    }
  });
  failures.report();
}

/** --sort-by=JSONPATH: numbers numerically, the rest as text; objects without the field first. */
function sortBy(objs: KObject[], path: string): KObject[] {
  let keyed: { o: KObject; k: unknown }[];
  try {
    keyed = objs.map((o) => ({ o, k: select(path, o)[0] }));
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(`error: couldn't find any field with path "${path}" in the list of objects`);
    throw e;
  }
  return keyed
    .sort((a, b) => {
      if (a.k === undefined) return b.k === undefined ? 0 : -1;
      if (b.k === undefined) return 1;
      if (typeof a.k === 'number' && typeof b.k === 'number') return a.k - b.k;
      return String(a.k) < String(b.k) ? -1 : String(a.k) > String(b.k) ? 1 : 0;
    })
    .map((x) => x.o);
}
