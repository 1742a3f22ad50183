// `sts get`: fetch the objects the arguments name, then hand them to the printer for -o.
import { CliError, namesAcrossNamespaces } from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { nameOf, printJson, printTable, printYaml, sortKeys } from '../print/printers.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, Failures, out, write } from './output.js';
import { getObject, hasObject, listObjects, matchesFields, parseFieldSelector, parseLabelSelector, requestsFor } from './resources.js';
import { formatValue, JsonPathError, select } from '../print/jsonpath.js';
import { table } from '../print/tabwriter.js';
import type { Verb } from './verb.js';
import { printJsonPath, templateOf } from './templates.js';
import { goJsonEscape } from '../api/go-json.js';
import { goPrint, goTemplate, TemplateError } from '../print/gotemplate.js';

export interface GetOpts extends GlobalOpts {
  filename?: string[];
  recursive?: boolean;
  labelColumns?: string[];
  chunkSize?: string;
  watch?: boolean;
  watchOnly?: boolean;
  requestTimeout?: string;
  outputWatchEvents?: boolean;
  output?: string;
  template?: string;
  fieldSelector?: string;
  sortBy?: string;
  allNamespaces?: boolean;
  selector?: string;
  showLabels?: boolean;
  noHeaders?: boolean;
  ignoreNotFound?: boolean;
  showKind?: boolean;
}

/** Colour like kubecolor: only on a terminal, never with NO_COLOR or --no-color. */
export function useColor(opts: GlobalOpts): boolean {
  return !!process.stdout.isTTY && !process.env.NO_COLOR && !opts.noColor;
}

export const OUTPUTS = [
  'custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file',
  'name', 'template', 'templatefile', 'wide', 'yaml',
];
const GO_TEMPLATE: Record<string, string> = { 'go-template': 'go-template', template: 'go-template', 'go-template-file': 'go-template-file', templatefile: 'go-template-file' };

export function checkOutput(o: string | undefined, allowed = OUTPUTS): void {
  if (o === undefined) return;
  const format = o.split('=')[0];
  if (!allowed.includes(format) || (['jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'custom-columns', 'custom-columns-file'].includes(format) && !o.includes('=')))
    throw new CliError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed.join(',')}`);
}

/** kubectl's template printer flags: `-o go-template=TPL`, `-o go-template --template TPL`, or `--template TPL` alone. */
function goTemplatePrinter(output: string, flag: string | undefined): (data: unknown) => string {
  const [format, ...rest] = output.split('=');
  const text = rest.length ? rest.join('=') : flag;
  if (text === undefined || text === '') throw new CliError('error: template format specified but no template given');
  const src = GO_TEMPLATE[format] === 'go-template-file' ? templateOf(`${format}=${text}`) : text;
  let run: (data: unknown) => string;
  try {
    run = goTemplate(src);
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`error: error parsing template ${src}, ${e.message}`);
    throw e;
  }
  return (data) => {
    try {
      return run(data);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      // kubectl prints this on stdout too, "as it is way easier to debug" (printers/template.go)
      write(
        `Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${src}\n` +
          `\traw data was:\n\t\t${goJsonEscape(JSON.stringify(sortKeys(data as KObject)))}\n\tobject given to template engine was:\n\t\t${goPrint(data)}\n\n`,
      );
      throw new CliError(`error: error executing template ${JSON.stringify(src)}: ${e.message}`);
    }
  };
}

export const getVerb: Verb = {
  honours: [
    'all-namespaces', 'field-selector', 'filename', 'ignore-not-found', 'label-columns', 'no-headers', 'output', 'output-watch-events', 'recursive',
    'selector', 'show-kind', 'show-labels', 'sort-by', 'template', 'watch', 'watch-only',
  ],
  ignores: ['chunk-size', 'server-print'],
  run: ({ args, opts }) => get(args, opts),
};

export async function get(args: string[], opts: GetOpts): Promise<void> {
  if (!args.length && !opts.filename)
    throw new CliError(
      'You must specify the type of resource to get. Use "sts api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "sts explain <resource>" for a detailed description of that resource (e.g. sts explain pods).',
      'get',
    );
  const output = opts.output ?? (opts.template !== undefined ? 'go-template' : undefined);
  checkOutput(output);
  const printTemplate = output && GO_TEMPLATE[output.split('=')[0]] ? goTemplatePrinter(output, opts.template) : undefined;
  const reqs = await requestsFor(args, opts, { allowAll: true });
  const selector = parseLabelSelector(opts.selector);
  const fields = parseFieldSelector(opts.fieldSelector, reqs.map((r) => r.info));
  if (selector && reqs.some((r) => r.names)) throw new CliError('error: name cannot be provided when a selector is specified');
  if (opts.allNamespaces && reqs.some((r) => r.names)) throw namesAcrossNamespaces();
  if (opts.watch || opts.watchOnly) {
    if (reqs.length !== 1) throw new CliError('error: you may only specify a single resource type');
    if (opts.sortBy) err('warning: --watch requested, --sort-by will be ignored for watch events received');
    const { watch } = await import('./watch.js');
    return watch(reqs[0], opts, selector, fields ? (o) => matchesFields(fields, o) : undefined);
  }
  const failures = new Failures();
  if (reqs.some((r) => r.info.kind === 'Endpoints')) err('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice');
  await withCluster(opts, async (c) => {
    const ns = opts.allNamespaces ? undefined : namespaceOf(opts);
    const groups: { info: KindInfo; objs: KObject[] }[] = [];
    const add = (info: KindInfo, o: KObject) => {
      const last = groups[groups.length - 1];
      if (last?.info === info) last.objs.push(o);
      else groups.push({ info, objs: [o] });
    };
    for (const r of reqs) {
      if (r.names)
        for (const n of r.names)
          failures.try(() => {
            // --ignore-not-found: a missing name is no error (and, for a whole list, prints nothing)
            const where = r.ns ?? ns ?? namespaceOf(opts);
            if (opts.ignoreNotFound && !hasObject(c, r.info, where, n)) return;
            add(r.info, getObject(c, r.info, where, n));
          });
      else for (const o of listObjects(c, r.info, ns, selector)) if (!fields || matchesFields(fields, o)) add(r.info, o);
    }
    if (opts.sortBy) for (const g of groups) g.objs = sortBy(g.objs, opts.sortBy);
    const objs = groups.flatMap((g) => g.objs);
    const single = reqs.length === 1 && reqs[0].names?.length === 1 && objs.length === 1;
    const data = single ? objs[0] : { apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } };
    switch (printTemplate ? 'go-template' : output?.split('=')[0]) {
      case 'go-template':
        write(printTemplate!(data));
        break;
      case 'jsonpath-as-json':
        write(printJsonPath(templateOf(output!), data, true));
        break;
      case 'json':
        if (objs.length || !failures.list.length) out(printJson(objs, single));
        break;
      case 'yaml':
        if (objs.length || !failures.list.length) out(await printYaml(objs, single));
        break;
      case 'name':
        out(objs.map(nameOf).join('\n'));
        break;
      case 'jsonpath':
      case 'jsonpath-file':
        write(printJsonPath(templateOf(output!), data));
        break;
      case 'custom-columns':
      case 'custom-columns-file':
        if (objs.length) out(printCustomColumns(templateOf(output!), output!.startsWith('custom-columns-file'), objs, !opts.noHeaders));
        else if (!failures.list.length) err(ns === undefined ? 'No resources found' : `No resources found in ${ns} namespace.`);
        break;
      default: {
        if (!objs.length) {
          if (!failures.list.length && !opts.ignoreNotFound) {
            const clusterScoped = reqs.every((r) => !r.info.namespaced);
            err(ns === undefined || clusterScoped ? 'No resources found' : `No resources found in ${ns} namespace.`);
          }
          break;
        }
        const withKind = opts.showKind || new Set(groups.map((g) => g.info)).size > 1;
        const tables = groups.map((g) =>
          printTable(g.info.kind, g.objs, {
            now: c.now,
            wide: output === 'wide',
            showLabels: opts.showLabels,
            noHeaders: opts.noHeaders,
            withKind,
            withNamespace: ns === undefined,
            labelColumns: (opts.labelColumns ?? []).flatMap((l) => l.split(',')).filter(Boolean),
          }),
        );
        const text = tables.join(opts.noHeaders ? '' : '\n');
        out(useColor(opts) ? (await import('../print/color.js')).colorize(text, !opts.noHeaders) : text);
      }
    }
  });
  failures.report();
}




/** -o custom-columns=HEADER:PATH,… (or a file: headers on the first line, paths on the second). */
function printCustomColumns(spec: string, fromFile: boolean, objs: KObject[], headers: boolean): string {
  let cols: [string, string][];
  if (fromFile) {
    const [h = '', p = ''] = spec.split('\n').filter((l) => l.trim());
    const hs = h.trim().split(/\s+/);
    const ps = p.trim().split(/\s+/);
    if (hs.length !== ps.length) throw new CliError(`error: expected ${hs.length} columns, saw ${ps.length}`);
    cols = hs.map((x, i) => [x, ps[i]]);
  } else
    cols = spec.split(',').map((part) => {
      const i = part.indexOf(':');
      if (i < 0) throw new CliError(`error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
      return [part.slice(0, i), part.slice(i + 1)];
    });
  const rows = objs.map((o) =>
    cols.map(([, path]) => {
      let vals: unknown[];
      try {
        vals = select(path.startsWith('.') || path.startsWith('{') ? path : `.${path}`, o);
      } catch (e) {
        if (e instanceof JsonPathError) throw new CliError(`error: ${e.message}`);
        throw e;
      }
      return vals.length ? vals.map(formatValue).join(',') : '<none>';
    }),
  );
  return table(headers ? [cols.map(([h]) => h), ...rows] : rows);
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
