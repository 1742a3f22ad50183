// `sts events`: kubectl's events command (pkg/cmd/events): a namespace's events oldest first by
// when they were last seen, `--for TYPE/NAME`, `--types`, and `-w` (what is there, then each new or
// repeated event as the simulation records it, followed through the watch journal like `get -w`).
import { CliError } from '../api/errors.js';
import { apiVersionOf, kindInfo, type KindInfo } from '../api/kinds.js';
import type { Json, KObject } from '../api/types.js';
import { parseDuration } from '../controller/clock.js';
import { humanDuration } from '../print/age.js';
import { PRINT_FLAGS_OUTPUTS } from '../print/printer.js';
import { nameOf, printTypedJson, printYaml } from '../print/printers.js';
import { table } from '../print/tabwriter.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { registerWatcher } from '../apiserver/watch-journal.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, io, out } from './output.js';
import { listObjects, resolveType } from './resources.js';
import { followJournal } from './watch.js';
import type { Verb } from './verb.js';

export const eventsVerb: Verb = {
  honours: ['all-namespaces', 'for', 'no-headers', 'output', 'types', 'watch'],
  ignores: ['allow-missing-template-keys', 'chunk-size', 'show-managed-fields'],
  run: ({ opts }) => events(opts),
};

export interface EventsOpts extends GlobalOpts {
  allNamespaces?: boolean;
  for?: string;
  noHeaders?: boolean;
  output?: string;
  types?: string[];
  watch?: boolean;
  requestTimeout?: string;
}

/** decodeResourceTypeName: `--for` names one object as TYPE/NAME. */
function parseFor(arg: string): { info: KindInfo; name: string } {
  if (!arg.includes('/')) throw new CliError('error: --for must be in resource/name form');
  const seg = arg.split('/');
  if (seg.length !== 2) throw new CliError('error: arguments in resource/name form may not have more than one slash');
  return { info: resolveType(seg[0].toLowerCase()), name: seg[1] };
}

/** getInterval: first seen, or `last (xN over first)` for a repeated event. */
function interval(e: KObject, now: number): string {
  const since = (t: string) => humanDuration(now - Date.parse(t));
  return (e.count ?? 1) > 1 ? `${since(e.lastTimestamp)} (x${e.count} over ${since(e.firstTimestamp)})` : since(e.firstTimestamp);
}

/** EventPrinter's row; the object as Kind/name. */
function row(e: KObject, now: number, allNamespaces: boolean): string[] {
  const cells = [interval(e, now), e.type, e.reason, `${e.involvedObject?.kind}/${e.involvedObject?.name}`, String(e.message ?? '').trim()];
  return allNamespaces ? [e.metadata.namespace ?? '', ...cells] : cells;
}

const HEADER = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];

export async function events(opts: EventsOpts): Promise<void> {
  const target = opts.for !== undefined ? parseFor(opts.for) : undefined;
  const format = opts.output;
  if (format !== undefined) {
    if (!PRINT_FLAGS_OUTPUTS.includes(format.split('=')[0]))
      throw new CliError(
        `error: unable to match a printer suitable for the output format "${format}", allowed formats are: ${PRINT_FLAGS_OUTPUTS.join(',')}`,
      );
    if (!['json', 'yaml', 'name'].includes(format))
      throw new CliError(`error: sts events does not support -o ${format.split('=')[0]}; use -o json, yaml or name`);
  }
  const types = [...new Set(opts.types ?? [])].sort();
  if (types.some((t) => !['normal', 'warning'].includes(t.toLowerCase()))) throw new CliError('error: valid --types are Normal or Warning');
  const all = !!opts.allNamespaces;
  const wanted = (e: KObject) =>
    e.kind === 'Event' &&
    (all || e.metadata.namespace === namespaceOf(opts)) &&
    (!types.length || types.some((t) => t.toLowerCase() === String(e.type).toLowerCase())) &&
    (!target ||
      (e.involvedObject?.kind === target.info.kind &&
        e.involvedObject?.apiVersion === apiVersionOf(target.info) &&
        e.involvedObject?.name === target.name));
  const info = kindInfo('Event')!;
  const list = (c: Cluster) => listObjects(c, info, all ? undefined : namespaceOf(opts)).filter(wanted);
  if (opts.watch) return watchEvents(opts, list, wanted);

  const { items, now } = await withCluster(opts, (c) => ({ items: list(c), now: c.now }));
  if (!items.length) {
    err(all ? 'No events found.' : `No events found in ${namespaceOf(opts)} namespace.`);
    return;
  }
  // SortableEvents, by last seen (stable here: kubectl's sort.Sort may reorder events of the same second)
  const sorted = items
    .map((e, i) => ({ e, i, t: Date.parse(e.lastTimestamp) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
  const eventList = { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: sorted };
  switch (format) {
    case 'json':
      return out(printTypedJson(eventList));
    case 'yaml':
      return out(await printYaml([eventList as Json], true));
    case 'name':
      return out(sorted.map(nameOf).join('\n'));
  }
  const rows = sorted.map((e) => row(e, now, all));
  out(table(opts.noHeaders ? rows : [[...(all ? ['NAMESPACE'] : []), ...HEADER], ...rows]));
}

/**
 * runWatch: the events there are (in the API's list order), then each one recorded from now on;
 * every event is its own tabwriter flush, the header going with the first.
 */
async function watchEvents(opts: EventsOpts, list: (c: Cluster) => KObject[], wanted: (e: KObject) => boolean): Promise<void> {
  const all = !!opts.allNamespaces;
  let headed = !!opts.noHeaders;
  let printed = 0;
  const print = async (e: KObject, now: number) => {
    printed++;
    switch (opts.output) {
      case 'json':
        return out(printTypedJson(e));
      case 'yaml':
        return out(`${printed > 1 ? '---\n' : ''}${await printYaml([e], true)}`);
      case 'name':
        return out(nameOf(e));
    }
    const rows = [row(e, now, all)];
    if (!headed) rows.unshift([...(all ? ['NAMESPACE'] : []), ...HEADER]);
    headed = true;
    out(table(rows));
  };
  const timeout = opts.requestTimeout === undefined || opts.requestTimeout === '0' ? Infinity : parseDuration(opts.requestTimeout);
  if (timeout === undefined) throw new CliError(`error: invalid argument "${opts.requestTimeout}" for "--request-timeout" flag`);
  const start = Date.now();
  const { watcher, initial, now, real } = await withCluster(opts, (c) => {
    const initial = list(c);
    return { watcher: registerWatcher(statePath(opts.state), { signals: !io().signal }), initial, now: c.now, real: c.file.clock.mode === 'real' };
  });
  try {
    for (const e of initial) await print(e, now);
    await followJournal(opts, watcher.file, real, start + timeout, async (lines) => {
      for (const l of lines) if (l.type !== 'DELETED' && wanted(l.obj)) await print(l.obj, l.t);
    });
  } finally {
    watcher.close();
  }
}
