// Watches: `?watch=true` streams of ADDED / MODIFIED / DELETED (and BOOKMARK) events, newline-
// delimited JSON. The server follows one watch journal (apiserver/watch-journal.ts) like `sts get -w`
// does, so it sees every committed change, its own and other sts processes' alike, in commit order;
// it keeps the recent ones so a client can resume from the resourceVersion of its list.
import { closeSync, openSync, readSync, statSync, truncateSync } from 'node:fs';
import { matches } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import { parseJournal, registerWatcher, type Watcher, type WatchLine } from '../apiserver/watch-journal.js';
import { fieldsOf, listed, selectorOf } from './rest.js';
import { ApiError } from './status.js';
import { includeObjectOf, table, tableRow, TABLE_ACCEPT } from './tables.js';
import type { ApiRequest, Handler } from './types.js';

/** How many changes the server keeps for clients resuming a watch (the watch cache's window). */
const KEEP = 20_000;
/** A bookmark's interval: clients learn the current resourceVersion though nothing they watch changed. */
const BOOKMARK_MS = 10_000;

interface Entry {
  pos: number;
  /** the change's resourceVersion (NaN for an Event: events count their versions apart) */
  rv: number;
  line: WatchLine;
}

interface Subscriber {
  next: number;
  /** changes at or below this version were seen already (a watch resumed from a version never marked) */
  seen: number;
  send(e: Entry): void;
  /** the history this watch followed is gone */
  expired(): void;
}

/** Where a watch starts: the log position, and the versions already seen. */
export interface Start {
  pos: number;
  seen: number;
}

export class WatchHub {
  private readonly watcher: Watcher;
  private offset = 0;
  private rest: Buffer = Buffer.alloc(0);
  private entries: Entry[] = [];
  /** position of the next entry */
  private end = 0;
  /** where the state a resourceVersion names ends in the log (the first time it was seen) */
  private readonly at = new Map<string, number>();
  private readonly order: string[] = [];
  private readonly subs = new Set<Subscriber>();
  private readonly timer: NodeJS.Timeout;
  /** the newest resourceVersion the server has seen */
  lastRv = '0';
  /** versions below this one are not all in the log (before the server started, or trimmed) */
  private floor = Infinity;

  constructor(statePath: string) {
    this.watcher = registerWatcher(statePath, { signals: false });
    this.timer = setInterval(() => this.drain(), 100);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
    this.watcher.close();
  }

  /** Read what commits appended to the journal (this server's and other sts processes'); hand it to the watchers. */
  drain(): void {
    let size: number;
    try {
      size = statSync(this.watcher.file).size;
    } catch {
      return;
    }
    if (size <= this.offset) return;
    const fd = openSync(this.watcher.file, 'r');
    const buf = Buffer.alloc(size - this.offset);
    const got = readSync(fd, buf, 0, buf.length, this.offset);
    closeSync(fd);
    this.offset += got;
    const read = parseJournal(Buffer.concat([this.rest, buf.subarray(0, got)]));
    this.rest = read.rest;
    // a commit's lines come object by object; the API's stream is in resourceVersion order, so a
    // client resuming from a version gets exactly the changes after it (events, versioned apart, last)
    const reset = read.lines.findIndex((l) => l.type === 'RESET');
    this.append(reset < 0 ? read.lines : read.lines.slice(0, reset));
    if (reset >= 0) this.reset(read.lines.slice(reset + 1).filter((l) => l.type !== 'RESET'));
  }

  private append(lines: WatchLine[]): void {
    // a commit's lines come object by object; the API's stream is in resourceVersion order, so a
    // client resuming from a version gets exactly the changes after it (events, versioned apart, last)
    const rvOf = (line: WatchLine) => (line.obj.kind === 'Event' ? NaN : Number(line.obj.metadata.resourceVersion));
    const changes = lines.filter((l) => l.obj.kind !== 'Event').sort((a, b) => rvOf(a) - rvOf(b));
    for (const line of [...changes, ...lines.filter((l) => l.obj.kind === 'Event')]) {
      const rv = rvOf(line);
      this.entries.push({ pos: this.end++, rv, line });
      if (rv > Number(this.lastRv)) this.lastRv = String(rv);
    }
    // what is trimmed can no longer be replayed: a watch from before it must list again (410)
    if (this.entries.length > KEEP) for (const e of this.entries.splice(0, this.entries.length - KEEP)) if (e.rv > this.floor) this.floor = e.rv;
    for (const s of this.subs) this.feed(s);
  }

  /**
   * The cluster was replaced whole (a snapshot restored): no version handed out before can be resumed
   * from, and every open watch ends as the API server ends one whose history is gone (410, list again).
   */
  private reset(after: WatchLine[]): void {
    for (const s of this.subs) s.expired();
    this.subs.clear();
    this.entries = [];
    this.at.clear();
    this.order.length = 0;
    this.floor = Infinity;
    this.append(after);
  }

  /**
   * Start the journal over once it is long: called under the lock with the journal drained, when no
   * writer can be appending (they append under the lock), so nothing is lost; the log keeps its place.
   */
  compact(limit = 8 * 1024 * 1024): void {
    if (this.offset < limit || this.rest.length) return;
    truncateSync(this.watcher.file, 0);
    this.offset = 0;
  }

  /** The state at resourceVersion `rv` ends here (called under the lock, with the journal drained). */
  mark(rv: string): void {
    if (this.floor === Infinity) this.floor = Number(rv);
    if (Number(rv) > Number(this.lastRv)) this.lastRv = rv;
    if (this.at.has(rv)) return;
    this.at.set(rv, this.end);
    this.order.push(rv);
    if (this.order.length > KEEP) this.at.delete(this.order.shift()!);
  }

  /**
   * Where a watch from `rv` starts; undefined when the changes after it are no longer all kept (410).
   * A version the server handed out (a list's, a bookmark's) marks a place in the log; any other
   * starts where newer changes begin.
   */
  startOf(rv: string): Start | undefined {
    const n = Number(rv);
    if (!Number.isFinite(n) || n < this.floor) return undefined;
    const first = this.entries.length ? this.entries[0].pos : this.end;
    const known = this.at.get(rv);
    if (known !== undefined) return known >= first ? { pos: known, seen: n } : undefined;
    if (n >= Number(this.lastRv)) return { pos: this.end, seen: n };
    const newer = this.entries.find((e) => e.rv > n);
    return { pos: newer ? newer.pos : this.end, seen: n };
  }

  private feed(s: Subscriber): void {
    const from = this.entries.findIndex((e) => e.pos >= s.next);
    if (from < 0) return;
    for (let i = from; i < this.entries.length; i++) if (!(this.entries[i].rv <= s.seen)) s.send(this.entries[i]);
    s.next = this.end;
  }

  subscribe(start: Start, send: (e: Entry) => void, expired: () => void = () => undefined): () => void {
    const s: Subscriber = { next: start.pos, seen: start.seen, send, expired };
    this.subs.add(s);
    this.feed(s);
    return () => this.subs.delete(s);
  }
}

let hub: WatchHub | undefined;
export const setHub = (h: WatchHub | undefined) => (hub = h);
export const currentHub = () => hub;

/** GET …?watch=true: the stream, until the client goes, `timeoutSeconds` pass or the server stops. */
export const watchHandler: Handler = async (ctx, req, res) => {
  const h = hub!;
  const t = req.target!;
  const selector = selectorOf(req);
  const fields = fieldsOf(req);
  const asTable = TABLE_ACCEPT.test(String(req.headers.accept ?? ''));
  const include = includeObjectOf(req.query);
  const rv = req.query.get('resourceVersion') ?? '';
  // watch-list (client-go's WatchListClient, Helm 4's waits): the objects as ADDED, then a bookmark saying so
  const initialEvents = req.query.get('sendInitialEvents') === 'true';
  const wanted = (o: KObject) =>
    o.kind === t.info.kind &&
    (t.ns === undefined || o.metadata.namespace === t.ns) &&
    (t.name === undefined || o.metadata.name === t.name) &&
    (!selector || matches(selector, o.metadata.labels)) &&
    (!fields || fields(o));
  // where to start: after the list the client holds, or (no version, "0") with every object ADDED
  const start = await ctx.transact((c) => {
    const now = String(c.file.seq.rv);
    if (rv && rv !== '0' && !initialEvents) {
      const from = h.startOf(rv);
      if (from === undefined) throw new ApiError(410, 'Expired', `too old resource version: ${rv} (${now})`);
      return { from, initial: [] as KObject[], now: c.now, rv: now };
    }
    const all = listed(c, t, { ...req, headers: { ...req.headers, accept: 'application/json' } }).objects;
    return { from: h.startOf(now)!, initial: all.filter(wanted), now: c.now, rv: now };
  });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
  res.flushHeaders(); // at once: kubectl waits for the headers before it reads anything
  let columns = true;
  const write = (type: string, obj: KObject, at: number) => {
    const object = asTable ? table(t.info.kind, [tableRow(obj, at, include)], obj.metadata.resourceVersion ?? '', columns) : obj;
    columns = false;
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  for (const o of start.initial) write('ADDED', o, start.now);
  if (initialEvents) res.write(`${JSON.stringify(bookmark(req, start.rv, true))}\n`);
  await new Promise<void>((done) => {
    const unsubscribe = h.subscribe(
      start.from,
      (e) => {
        if (wanted(e.line.obj)) write(e.line.type, e.line.obj, e.line.t);
      },
      () => {
        const gone = {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'the cluster was restored from a snapshot',
          reason: 'Expired',
          code: 410,
        };
        res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
      },
    );
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      unsubscribe();
      for (const x of timers) clearTimeout(x);
      done();
    };
    if (req.query.get('allowWatchBookmarks') === 'true')
      timers.push(
        setInterval(() => {
          h.mark(h.lastRv);
          res.write(
            `${JSON.stringify({ type: 'BOOKMARK', object: { kind: t.info.kind, apiVersion: apiVersionOfTarget(req), metadata: { resourceVersion: h.lastRv } } })}\n`,
          );
        }, BOOKMARK_MS),
      );
    const timeout = Number(req.query.get('timeoutSeconds') ?? 0);
    if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000));
    res.on('close', finish); // (not req's: it closes once the request body is read)
    res.on('finish', finish);
  });
};

/** A BOOKMARK: the version the client has seen everything up to (and, after a watch-list's objects, that they are all sent). */
function bookmark(req: ApiRequest, rv: string, initialEnd: boolean): object {
  const metadata = { resourceVersion: rv, ...(initialEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) };
  return { type: 'BOOKMARK', object: { kind: req.target!.info.kind, apiVersion: apiVersionOfTarget(req), metadata } };
}

const apiVersionOfTarget = (req: ApiRequest) =>
  req.target!.info.group ? `${req.target!.info.group}/${req.target!.info.version}` : req.target!.info.version;
