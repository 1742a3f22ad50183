// How `get -w` sees changes made by other sts processes: while a watcher runs it keeps a log
// file in <file>.watch/<pid>.jsonl, and every command appends to it, at each simulated instant,
// the objects that changed (their state then, or their last state when deleted).
import { appendFileSync, existsSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { KObject, PodRecord } from '../api/types.js';
import type { Cluster } from './cluster.js';
import type { EventRecord } from './schema.js';
import { eventObject } from './event-object.js';
import { pidAlive } from './file.js';
import { podObject } from './pod-object.js';

export const watchDir = (statePath: string) => `${statePath}.watch`;

export interface WatchLine {
  /** cluster time of the change */
  t: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  obj: KObject;
}

/** Log files of live watchers (files of dead ones are removed). */
export function watcherFiles(statePath: string): string[] {
  const dir = watchDir(statePath);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const pid = Number(f.split('.')[0]);
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

export function registerWatcher(statePath: string): string {
  mkdirSync(watchDir(statePath), { recursive: true });
  const file = join(watchDir(statePath), `${process.pid}.jsonl`);
  appendFileSync(file, '');
  const cleanup = () => {
    try {
      unlinkSync(file);
    } catch {
      /* gone */
    }
  };
  process.once('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      cleanup();
      process.exit(130);
    });
  return file;
}

/** Collects what changed during an instant and writes it to every watcher's file. */
export class Journal {
  private changed = new Map<string, { kind: string; ns?: string; name: string; added: boolean }>();
  private deleted: KObject[] = [];
  private events = 0;
  /** the recent events and their counts: a repeat counts one of them up (Cluster.event looks back 50) */
  private recent: [EventRecord, number][] = [];

  constructor(
    private readonly c: Cluster,
    private readonly files: string[],
  ) {
    this.events = c.file.events.length;
    this.noteRecent();
  }

  private noteRecent(): void {
    this.recent = this.c.file.events.slice(-50).map((e) => [e, e.count]);
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
    const evs = this.c.file.events;
    // a repeated event is the same Event with its count and lastTimestamp moved on
    for (const [e, count] of this.recent) if (e.count !== count && evs.includes(e)) lines.push({ t, type: 'MODIFIED', obj: eventObject(e, evs.lastIndexOf(e)) });
    for (let i = Math.min(this.events, evs.length); i < evs.length; i++) lines.push({ t, type: 'ADDED', obj: eventObject(evs[i], i) });
    this.events = evs.length;
    this.noteRecent();
    this.changed.clear();
    this.deleted = [];
    if (!lines.length) return;
    const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    for (const f of this.files)
      try {
        appendFileSync(f, text);
      } catch {
        /* the watcher went away */
      }
  }
}
