// How `get -w` sees changes made by other sts processes: while a watcher runs it keeps a log
// file in <file>.watch/<pid>.jsonl; every command notes, at each simulated instant, the objects
// that changed (their state then, or their last state when deleted), and appends them only once
// its state is saved, still under the lock: a watcher sees committed changes in commit order (the
// API server's watch cache is fed from etcd's committed revisions, never from requests in flight).
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { KObject, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import type { EventRecord } from '../store/schema.js';
import { eventObject } from './event-object.js';
import { pidAlive } from '../store/file.js';
import { podObject } from './pod-object.js';

const watchDir = (statePath: string) => `${statePath}.watch`;

export interface WatchLine {
  /** cluster time of the change */
  t: number;
  /** RESET: the whole cluster was replaced (a snapshot restored): what a watcher knows no longer holds */
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'RESET';
  obj: KObject;
}

/** Log files of live watchers (files of dead ones are removed). */
export function watcherFiles(statePath: string): string[] {
  const dir = watchDir(statePath);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const pid = Number(f.split(/[.-]/)[0]); // <pid>-<n>.jsonl
    if (!f.endsWith('.jsonl')) continue;
    if (pid === process.pid || pidAlive(pid)) out.push(join(dir, f));
    else
      try {
        unlinkSync(join(dir, f));
      } catch {
        /* gone already */
      }
  }
  return out;
}

/** A watcher's journal: the file to follow, and `close` to remove it when the watch ends. */
export interface Watcher {
  file: string;
  close(): void;
}

let watchers = 0;

/**
 * Start a journal, empty. Call it inside the transaction that takes the watch's initial list:
 * under the lock, so every batch the journal gets was committed after that list. The file is
 * removed by `close`, or when the process exits or is interrupted while watching (a process may
 * run several commands, one after another: nothing is left behind by a watch that ended).
 */
export function registerWatcher(statePath: string, opts: { signals?: boolean } = {}): Watcher {
  mkdirSync(watchDir(statePath), { recursive: true, mode: 0o700 });
  const file = join(watchDir(statePath), `${process.pid}-${++watchers}.jsonl`);
  writeFileSync(file, '', { mode: 0o600 }); // (a file a dead process with our pid left is emptied)
  const remove = () => {
    try {
      unlinkSync(file);
    } catch {
      /* gone */
    }
  };
  const interrupted = () => {
    remove();
    process.exit(130);
  };
  process.once('exit', remove);
  // a server stops on a signal in its own way (closing its connections), and removes the file then
  const signals = opts.signals ?? true;
  if (signals) {
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
  }
  return {
    file,
    close: () => {
      remove();
      process.off('exit', remove);
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
    },
  };
}

/** One command's batch as it goes into a journal: a line per change, each ending in a newline. */
export function batchText(lines: WatchLine[]): string {
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}

/**
 * The changes in what a watcher has read so far (`data`: what was left over last time, then what
 * is new). A trailing line without its newline is still being written: it comes back as `rest`,
 * to be read again with what follows (as bytes: a read may end inside a character). A line that
 * is not a change (a torn write's remains, cut off by the newline the next batch starts with) is
 * skipped.
 */
export function parseJournal(data: Buffer): { lines: WatchLine[]; rest: Buffer } {
  const end = data.lastIndexOf(0x0a) + 1;
  const lines: WatchLine[] = [];
  for (const part of data.subarray(0, end).toString('utf8').split('\n')) {
    if (!part) continue;
    let l: unknown;
    try {
      l = JSON.parse(part);
    } catch {
      continue;
    }
    if (isWatchLine(l)) lines.push(l);
  }
  return { lines, rest: data.subarray(end) };
}

const TYPES: readonly string[] = ['ADDED', 'MODIFIED', 'DELETED', 'RESET'] satisfies WatchLine['type'][];

function isWatchLine(l: unknown): l is WatchLine {
  if (typeof l !== 'object' || l === null) return false;
  const { t, type, obj } = l as Record<string, unknown>;
  return (
    typeof t === 'number' &&
    typeof type === 'string' &&
    TYPES.includes(type) &&
    typeof obj === 'object' &&
    obj !== null &&
    typeof (obj as KObject).metadata === 'object'
  );
}

/**
 * Append a batch to a watcher's journal with one write. The file is never created here (a watcher
 * that went away took it along). Should an earlier write have been cut short (a full disk), its
 * remains get their own line, which the reader skips, instead of spoiling this batch's first line.
 */
export function appendBatch(file: string, text: string): void {
  const fd = openSync(file, constants.O_RDWR | constants.O_APPEND);
  try {
    const size = fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const torn = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    const buf = Buffer.from(torn ? `\n${text}` : text);
    // one write; a short one (rare on a regular file) is finished, a failing one (ENOSPC) throws
    for (let at = 0; at < buf.length;) at += writeSync(fd, buf, at);
  } finally {
    closeSync(fd);
  }
}

/**
 * Tell every watcher the cluster was replaced whole (under the lock, after a snapshot's restore): a
 * watch cannot go on from what it knew (sts get -w ends; the server ends its watches with 410 Expired,
 * so clients list again).
 */
export function publishReset(statePath: string, t: number): void {
  const text = batchText([{ t, type: 'RESET', obj: { apiVersion: 'v1', kind: '', metadata: { name: '' } } as unknown as KObject }]);
  for (const f of watcherFiles(statePath))
    try {
      appendBatch(f, text);
    } catch {
      /* the watcher went away */
    }
}

/**
 * Collects what changed, instant by instant (`flush` closes an instant), and keeps it in memory
 * until the command's state is saved: then `publish` hands the batch to every watcher. A command
 * that fails or dies before its save publishes nothing.
 */
export class Journal {
  /** the instants closed so far, as journal text (a snapshot: the objects go on changing in memory) */
  private batch: string[] = [];
  private changed = new Map<string, { kind: string; ns?: string; name: string; added: boolean }>();
  private deleted: KObject[] = [];
  private events = 0;
  /** the recent events and their counts: a repeat counts one of them up (Cluster.event looks back 50) */
  private recent: [EventRecord, number][] = [];

  constructor(
    private readonly c: Cluster,
    private readonly files: string[],
  ) {
    this.events = c.events().length;
    this.noteRecent();
  }

  private noteRecent(): void {
    this.recent = this.c
      .events()
      .slice(-50)
      .map((e) => [e, e.count]);
  }

  touched(kind: string, ns: string | undefined, name: string, added = false): void {
    const k = `${kind}/${ns ?? ''}/${name}`;
    const prev = this.changed.get(k);
    this.changed.set(k, { kind, ns, name, added: added || !!prev?.added });
  }

  removed(obj: KObject | PodRecord): void {
    const o = 'metadata' in obj ? obj : podObject(this.c, obj);
    this.changed.delete(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    this.deleted.push(o);
  }

  flush(): void {
    const t = this.c.now;
    // a replacement's ADDED comes after the DELETED of the object it replaces
    const lines: WatchLine[] = this.deleted.map((obj) => ({ t, type: 'DELETED', obj }));
    for (const ch of this.changed.values()) {
      const obj =
        ch.kind === 'Pod'
          ? (() => {
              const p = this.c.pod(ch.ns!, ch.name);
              return p ? podObject(this.c, p) : undefined;
            })()
          : this.c.get(ch.kind, ch.ns, ch.name);
      if (obj) lines.push({ t, type: ch.added ? 'ADDED' : 'MODIFIED', obj });
    }
    const evs = this.c.events();
    // a repeated event is the same Event with its count and lastTimestamp moved on
    for (const [e, count] of this.recent)
      if (e.count !== count && evs.includes(e)) lines.push({ t, type: 'MODIFIED', obj: eventObject(e, evs.lastIndexOf(e)) });
    for (let i = Math.min(this.events, evs.length); i < evs.length; i++) lines.push({ t, type: 'ADDED', obj: eventObject(evs[i], i) });
    this.events = evs.length;
    this.noteRecent();
    this.changed.clear();
    this.deleted = [];
    if (lines.length) this.batch.push(batchText(lines));
  }

  /** After the save, under the lock (so journals follow commit order): the batch to every watcher. */
  publish(): void {
    const text = this.batch.join('');
    this.batch = [];
    if (!text) return;
    for (const f of this.files)
      try {
        appendBatch(f, text);
      } catch {
        /* the watcher went away; the command's work is saved all the same */
      }
  }
}
