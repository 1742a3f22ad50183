// `get -w`: the current list, then one row per change as the simulation moves, in kubectl's
// watch format (header once; column widths remembered and only growing). On a real clock this
// process drives the simulation; on a manual clock it shows what other sts commands cause.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CliError } from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import { matches, type Selector } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import { parseDuration } from '../controller/clock.js';
import { columnsFor } from '../print/columns.js';
import { nameOf, printJson, printYaml } from '../print/printers.js';
import { statePath } from '../store/file.js';
import { requestTimeoutMs } from './flags.js';
import { parseJournal, registerWatcher, type WatchLine } from '../apiserver/watch-journal.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import type { GetOpts } from './get.js';
import { out } from './output.js';
import { listObjects, type ResourceRequest } from './resources.js';

export interface WatchOpts extends GetOpts {
  watch?: boolean;
  watchOnly?: boolean;
  requestTimeout?: string;
  outputWatchEvents?: boolean;
}

/**
 * kubectl's watch table: widths are remembered across flushes and only grow. The first flush is
 * the header with the initial list; after that every event is a flush of its own.
 */
class WatchTable {
  private widths: number[] = [];
  private headed = false;
  constructor(private readonly header: string[] | undefined) {}
  private flush(rows: string[][]): string {
    for (const r of rows)
      r.forEach((cell, i) => {
        if (i < r.length - 1) this.widths[i] = Math.max(this.widths[i] ?? 6, cell.length + 3);
      });
    return rows.map((r) => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(this.widths[i]) : cell)).join('') + '\n').join('');
  }
  print(rows: string[][], initial: boolean): string {
    if (!rows.length) return '';
    if (!this.headed && this.header) {
      this.headed = true;
      return initial ? this.flush([this.header, ...rows]) : this.flush([this.header, rows[0]]) + rows.slice(1).map((r) => this.flush([r])).join('');
    }
    this.headed = true;
    return initial ? this.flush(rows) : rows.map((r) => this.flush([r])).join('');
  }
}

export async function watch(req: ResourceRequest, opts: WatchOpts, selector: Selector | undefined, fields: ((o: KObject) => boolean) | undefined): Promise<void> {
  const info: KindInfo = req.info;
  let ns: string | undefined; // known once the file is open (the context's namespace)
  const timeout = requestTimeoutMs(opts.requestTimeout) || Infinity;
  const wanted = (o: KObject) =>
    o.kind === info.kind &&
    (ns === undefined || !info.namespaced || o.metadata.namespace === ns) &&
    (!req.names || req.names.includes(o.metadata.name)) &&
    (!selector || matches(selector, o.metadata.labels)) &&
    (!fields || fields(o));
  const cols = columnsFor(info.kind);
  const wide = opts.output === 'wide';
  const withNs = !!opts.allNamespaces && info.namespaced;
  const header = opts.noHeaders ? undefined : [...(opts.outputWatchEvents ? ['EVENT'] : []), ...(withNs ? ['NAMESPACE'] : []), ...cols.headers, ...(wide ? cols.wide : [])];
  const table = new WatchTable(header);
  const render = async (items: { obj: KObject; type?: string; t: number }[], initial = false): Promise<string> => {
    if (!items.length) return '';
    switch (opts.output) {
      case 'name':
        return items.map((i) => `${nameOf(i.obj)}\n`).join('');
      case 'json':
        return items.map((i) => printJson([i.obj], true)).join('');
      case 'yaml':
        return (await Promise.all(items.map(async (i) => `${await printYaml([i.obj], true)}---\n`))).join('');
      default:
        return table.print(
          items.map(({ obj, type, t }) => {
            const r = cols.row(obj, t);
            return [...(opts.outputWatchEvents ? [(type ?? 'ADDED').padEnd(8)] : []), ...(withNs ? [obj.metadata.namespace ?? ''] : []), ...r.cells, ...(wide ? r.wide : [])];
          }),
          initial,
        );
    }
  };

  const start = Date.now();
  const { file, initial, real } = await withCluster(opts, (c) => {
    ns = opts.allNamespaces ? undefined : namespaceOf(opts);
    return {
      file: registerWatcher(statePath(opts.state)),
      initial: opts.watchOnly ? [] : listObjects(c, info, ns, selector).filter((o) => !fields || fields(o)).map((obj) => ({ obj, t: c.now })),
      real: c.file.clock.mode === 'real',
    };
  });
  out(await render(initial, true));
  await followJournal(opts, file, real, start + timeout, async (lines) =>
    out(await render(lines.filter((l) => wanted(l.obj)).map((l) => ({ obj: l.obj, type: l.type, t: l.t })))),
  );
}

/**
 * Follow a watcher's journal (`file`, from registerWatcher in the transaction that took the initial
 * list, so all it holds came after that list) until `deadline` (a Date.now() time): each batch of
 * changes goes to `onLines`. On a real clock this process also moves the simulation to now; on a
 * manual clock other sts commands fill the journal.
 */
export async function followJournal(opts: GlobalOpts, file: string, real: boolean, deadline: number, onLines: (lines: WatchLine[]) => Promise<void>): Promise<void> {
  let offset = 0;
  let rest: Buffer = Buffer.alloc(0); // a line still being written
  for (;;) {
    if (Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, real ? 200 : 100));
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
    if (read.lines.length) await onLines(read.lines);
  }
}
