// `sts get`: fetch the objects the arguments name, then hand them to the printer for -o.
import { CliError, namesAcrossNamespaces } from '../api/errors.js';
import type { KObject } from '../api/types.js';
import { preloadPrinters, printerFor, type PrintFlags } from '../print/printer.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, Failures, io, out } from './output.js';
import { getObject, hasObject, listObjects, matchesFields, parseFieldSelector, parseLabelSelector, requestsFor } from './resources.js';
import { emit, readTemplate } from './templates.js';
import type { Verb } from './verb.js';

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
  return !!io().stdout.isTTY && !io().env.NO_COLOR && !opts.noColor;
}

/** config view checks its -o with get's check (kubectl's one PrintFlags). */
export { checkOutput } from '../print/printer.js';

/** The printer flags of get (and of get -w), from its options. */
function printFlagsOf(opts: GetOpts): PrintFlags {
  return {
    output: opts.output,
    template: opts.template,
    readTemplate,
    noHeaders: opts.noHeaders,
    showLabels: opts.showLabels,
    labelColumns: opts.labelColumns,
    showKind: opts.showKind,
    sortBy: opts.sortBy,
    allNamespaces: opts.allNamespaces,
    watch: opts.watch || opts.watchOnly,
    watchEvents: opts.outputWatchEvents,
  };
}

export const getVerb: Verb = {
  honours: [
    'all-namespaces',
    'field-selector',
    'filename',
    'ignore-not-found',
    'label-columns',
    'no-headers',
    'output',
    'output-watch-events',
    'recursive',
    'selector',
    'show-kind',
    'show-labels',
    'sort-by',
    'template',
    'watch',
    'watch-only',
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
  const flags = printFlagsOf(opts);
  await preloadPrinters(flags);
  const printer = printerFor(flags);
  const reqs = await requestsFor(args, opts, { allowAll: true });
  const selector = parseLabelSelector(opts.selector);
  const fields = parseFieldSelector(
    opts.fieldSelector,
    reqs.map((r) => r.info),
  );
  if (selector && reqs.some((r) => r.names)) throw new CliError('error: name cannot be provided when a selector is specified');
  if (opts.allNamespaces && reqs.some((r) => r.names)) throw namesAcrossNamespaces();
  if (opts.watch || opts.watchOnly) {
    if (reqs.length !== 1) throw new CliError('error: you may only specify a single resource type');
    if (opts.sortBy) err('warning: --watch requested, --sort-by will be ignored for watch events received');
    const { watch } = await import('./watch.js');
    return watch(reqs[0], opts, printer, selector, fields ? (o) => matchesFields(fields, o) : undefined);
  }
  const failures = new Failures();
  if (reqs.some((r) => r.info.kind === 'Endpoints')) err('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice');
  // loaded before the lock is taken: only tables on a terminal are coloured
  const colorize = printer.kind === 'table' && useColor(opts) ? (await import('../print/color.js')).colorize : undefined;
  await withCluster(opts, (c) => {
    const ns = opts.allNamespaces ? undefined : namespaceOf(opts);
    const objs: KObject[] = [];
    for (const r of reqs) {
      if (r.names)
        for (const n of r.names)
          failures.try(() => {
            // --ignore-not-found: a missing name is no error (and, for a whole list, prints nothing)
            const where = r.ns ?? ns ?? namespaceOf(opts);
            if (opts.ignoreNotFound && !hasObject(c, r.info, where, n)) return;
            objs.push(getObject(c, r.info, where, n));
          });
      else for (const o of listObjects(c, r.info, ns, selector)) if (!fields || matchesFields(fields, o)) objs.push(o);
    }
    const single = reqs.length === 1 && reqs[0].names?.length === 1 && objs.length === 1;
    const print = () => printer.print(objs, { now: c.now, single });
    // what an empty result prints is get's business, not the printer's (kubectl's get prints "No resources found")
    if (objs.length) {
      if (colorize) return out(colorize(print(), !opts.noHeaders));
      return emit(print);
    }
    switch (printer.kind) {
      case 'json':
      case 'yaml':
        if (!failures.list.length) emit(print);
        return;
      case 'custom-columns':
        if (!failures.list.length) err(ns === undefined ? 'No resources found' : `No resources found in ${ns} namespace.`);
        return;
      case 'table':
        if (!failures.list.length && !opts.ignoreNotFound) {
          const clusterScoped = reqs.every((r) => !r.info.namespaced);
          err(ns === undefined || clusterScoped ? 'No resources found' : `No resources found in ${ns} namespace.`);
        }
        return;
      default:
        return emit(print);
    }
  });
  failures.report();
}
