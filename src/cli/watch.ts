// `get -w`: the current list, then one row per change as the simulation moves, printed by get's printer
// in kubectl's watch format (header once; widths only grow). On a real clock this process drives the
// simulation; on a manual clock it shows what other sts commands cause.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CliError } from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import { matches, type Selector } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import type { ResourcePrinter } from '../print/printer.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { requestTimeoutMs } from './flags.js';
import { parseJournal, registerWatcher, type WatchLine } from '../apiserver/watch-journal.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import type { GetOpts } from './get.js';
import { delay, io, out } from './output.js';
import { getObject, listObjects, type ResourceRequest } from './resources.js';

export interface WatchOpts extends GetOpts {
  watch?: boolean;
  watchOnly?: boolean;
  requestTimeout?: string;
  outputWatchEvents?: boolean;
}

export async function watch(
  req: ResourceRequest,
  opts: WatchOpts,
  printer: ResourcePrinter,
  selector: Selector | undefined,
  fields: ((o: KObject) => boolean) | undefined,
): Promise<void> {
  const info: KindInfo = req.info;
  let ns: string | undefined; // known once the file is open (the context's namespace)
  const timeout = requestTimeoutMs(opts.requestTimeout) || Infinity;
  const wanted = (o: KObject) =>
    o.kind === info.kind &&
    (ns === undefined || !info.namespaced || o.metadata.namespace === ns) &&
    (!req.names || req.names.includes(o.metadata.name)) &&
    (!selector || matches(selector, o.metadata.labels)) &&
    (!fields || fields(o));
  const start = Date.now();
  const { watcher, initial, now, real } = await withCluster(opts, (c) => {
    ns = opts.allNamespaces ? undefined : namespaceOf(opts);
    // first what may fail (NotFound), then the journal: both under the lock, so it holds what follows the list
    const initial = initialObjects(c, req, namespaceOf(opts), ns, selector, fields, !!opts.watchOnly);
    return {
      watcher: registerWatcher(statePath(opts.state), { signals: !io().signal }), // in `sts shell`, ^C ends the watch, not the process
      initial,
      now: c.now,
      real: c.file.clock.mode === 'real',
    };
  });
  try {
    out(printer.print(initial, { now, initial: true }));
    // one print per event: each row is aged at its event's time (kubectl's watch prints each event alone)
    await followJournal(opts, watcher.file, real, start + timeout, async (lines) =>
      out(
        lines
          .filter((l) => wanted(l.obj))
          .map((l) => printer.print([l.obj], { now: l.t, eventType: l.type }))
          .join(''),
      ),
    );
  } finally {
    watcher.close();
  }
}

/**
 * What the watch starts from, as kubectl's builder lists or gets it: named objects (a missing one is
 * NotFound, before anything is printed), else the collection. --watch-only prints none of them.
 */
function initialObjects(
  c: Cluster,
  req: ResourceRequest,
  nsOfNames: string,
  ns: string | undefined,
  selector: Selector | undefined,
  fields: ((o: KObject) => boolean) | undefined,
  watchOnly: boolean,
): KObject[] {
  const objs = req.names
    ? req.names.map((n) => getObject(c, req.info, req.ns ?? nsOfNames, n))
    : listObjects(c, req.info, ns, selector).filter((o) => !fields || fields(o));
  return watchOnly ? [] : objs;
}

/**
 * Follow a watcher's journal (`file`, from registerWatcher in the transaction that took the initial
 * list, so all it holds came after that list) until `deadline` (a Date.now() time): each batch of
 * changes goes to `onLines`. On a real clock this process also moves the simulation to now; on a
 * manual clock other sts commands fill the journal.
 */
export async function followJournal(
  opts: GlobalOpts,
  file: string,
  real: boolean,
  deadline: number,
  onLines: (lines: WatchLine[]) => Promise<void>,
): Promise<void> {
  let offset = 0;
  let rest: Buffer = Buffer.alloc(0); // a line still being written
  for (;;) {
    if (Date.now() >= deadline) return;
    await delay(real ? 200 : 100);
    if (real) await withCluster(opts, () => undefined); // move the simulation to now; our journal fills
    const size = statSync(file).size;
    if (size <= offset) continue;
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(size - offset);
    const got = readSync(fd, buf, 0, buf.length, offset);
    closeSync(fd);
    offset += got;
    const read = parseJournal(Buffer.concat([rest, buf.subarray(0, got)]));
    rest = read.rest;
    const reset = read.lines.findIndex((l) => l.type === 'RESET');
    if (reset >= 0) {
      if (reset) await onLines(read.lines.slice(0, reset));
      throw new CliError('error: the cluster was restored from a snapshot: what this watch showed no longer holds (watch again)');
    }
    if (read.lines.length) await onLines(read.lines);
  }
}
