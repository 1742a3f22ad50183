// `sts get`: fetch the objects the arguments name, then hand them to the printer for -o.
import { CliError, namesAcrossNamespaces } from '../api/errors.js';
import { podObject, podSummary } from '../apiserver/pod-object.js';
import { listPodRecords } from '../apiserver/read.js';
import { checkSubresource, readSubresource } from '../apiserver/scale.js';
import { ObjectList } from '../print/object-list.js';
import { preloadPrinters, printerFor, PrintError, type PrintContext, type PrintFlags, type ResourcePrinter } from '../print/printer.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, Failures, io, out, write, writeChunks } from './output.js';
import { getObject, hasObject, listObjects, matchesFields, parseFieldSelector, parseLabelSelector, requestsFor } from './resources.js';
import { readTemplate } from './templates.js';
import type { Verb } from './verb.js';

export interface GetOpts extends GlobalOpts {
  showManagedFields?: boolean;
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
  subresource?: string;
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
    showManagedFields: opts.showManagedFields,
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
    'subresource',
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
  // the builder's Subresource (a watch's builder has none): named objects only; a manifest's objects are read whole (their infos carry none)
  const sub = opts.filename?.length ? undefined : opts.subresource || undefined;
  if (sub && reqs.some((r) => !r.names)) throw new CliError('error: subresource cannot be used when bulk resources are specified');
  const failures = new Failures();
  if (reqs.some((r) => r.info.kind === 'Endpoints')) err('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice');
  // loaded before the lock is taken: only tables on a terminal are coloured
  const colorize = printer.kind === 'table' && useColor(opts) ? (await import('../print/color.js')).colorize : undefined;
  const found = await withCluster(opts, (c) => {
    const ns = opts.allNamespaces ? undefined : namespaceOf(opts);
    const objs = new ObjectList();
    // kubectl's multipleGVKsRequested over its infos: a table asked from the server is an info for each
    // list (empty or not) and for each named object found, so `get sts,svc` names kinds with no set left
    const infoKinds = new Set(reqs.filter((r) => !r.names).map((r) => r.info.kind));
    for (const r of reqs) {
      if (r.names)
        for (const n of r.names)
          failures.try(() => {
            // --ignore-not-found: a missing name is no error (and, for a whole list, prints nothing)
            const where = r.ns ?? ns ?? namespaceOf(opts);
            if (sub) checkSubresource(r.info, sub);
            if (opts.ignoreNotFound && !hasObject(c, r.info, where, n)) return;
            const obj = getObject(c, r.info, where, n);
            objs.push(sub ? readSubresource(obj, sub) : obj);
            infoKinds.add(r.info.kind);
          });
      else if (r.info.kind === 'Pod') {
        // pods are made when printed (after the save and the lock), one at a time, from their records
        // as read now (copies: the controllers settle once more before the save); a table's rows need
        // only their summaries, a whole pod may quote the scheduler's event (read now, under the lock)
        let pods = listPodRecords(c, ns, selector);
        if (fields) pods = pods.filter((p) => matchesFields(fields, podObject(c, p)));
        const read = pods.map((p) => ({ ...p }));
        if (!printer.rowsOnly && read.length) c.events();
        const make = printer.rowsOnly ? podSummary : podObject;
        objs.pushMade('Pod', read.length, (i) => make(c, read[i]));
      } else for (const o of listObjects(c, r.info, ns, selector)) if (!fields || matchesFields(fields, o)) objs.push(o);
    }
    const single = reqs.length === 1 && reqs[0].names?.length === 1 && objs.length === 1;
    const withKind = infoKinds.size > 1;
    // what an empty result prints is get's business, not the printer's (kubectl's get prints "No resources found")
    if (objs.length) return { objs, ctx: { now: c.now, single, withKind } };
    switch (printer.kind) {
      case 'json':
      case 'yaml':
        return failures.list.length ? undefined : { objs, ctx: { now: c.now, single } };
      case 'custom-columns':
        if (!failures.list.length) err(ns === undefined ? 'No resources found' : `No resources found in ${ns} namespace.`);
        return undefined;
      case 'table':
        if (!failures.list.length && !opts.ignoreNotFound) {
          const clusterScoped = reqs.every((r) => !r.info.namespaced);
          err(ns === undefined || clusterScoped ? 'No resources found' : `No resources found in ${ns} namespace.`);
        }
        return undefined;
      default:
        return { objs, ctx: { now: c.now, single } };
    }
  });
  // printed once the cluster is saved and unlocked (pods are made from the records read): a long list
  // goes out as it is made, never held whole, and a slow reader holds no lock
  if (found) await printList(printer, found.objs, found.ctx, colorize && found.objs.length ? (text) => colorize(text, !opts.noHeaders) : undefined);
  failures.report();
}

/** Print get's list: in chunks as it is made, or (coloured for a terminal) as one text. */
async function printList(printer: ResourcePrinter, objs: ObjectList, ctx: PrintContext, colorize?: (text: string) => string): Promise<void> {
  const chunks = printer.chunks ? printer.chunks(objs, ctx) : [printer.print(objs.toArray(), ctx)];
  if (colorize) return out(colorize([...chunks].join('')));
  try {
    await writeChunks(chunks);
  } catch (e) {
    // what kubectl writes to stdout before a template's error
    if (e instanceof PrintError) write(e.stdout);
    throw e;
  }
}
