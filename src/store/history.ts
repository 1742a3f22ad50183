// A pod's recent life for `sts timeline`: its phase changes, kept on the record as a short string
// (a settled pod's is `C1R2Y`, ~12 bytes in the file), and the histories of the namespace's pods
// that are gone (the last FINISHED_KEPT, in its document), so a replaced pod still shows.
// Recorded in one place, Cluster.touchPod, which every change of a pod goes through.
import type { PodRecord } from '../api/types.js';

/** Phase codes: Pending, ContainerCreating, Running (not ready), readY, Terminating, Failed, Succeeded;
 *  X marks a container exit (a restart follows), not a phase. */
export type PhaseCode = 'P' | 'C' | 'R' | 'Y' | 'T' | 'F' | 'S' | 'X';
const STAGE_CODE: Record<PodRecord['stage'], PhaseCode> = {
  Pending: 'P',
  ContainerCreating: 'C',
  Running: 'R',
  Ready: 'Y',
  Failed: 'F',
  Succeeded: 'S',
};
/** How many entries a pod keeps (older ones are folded away; the history then starts with `~`). */
export const HISTORY_KEPT = 16;
/** How many gone pods' histories a namespace keeps. */
export const FINISHED_KEPT = 50;

/** One entry: a phase entered (or an exit) at a time (ms). */
export interface HistoryEntry {
  code: PhaseCode;
  at: number;
}
/** A pod's history decoded: `truncated` when older entries were dropped (what came before the first
 *  entry is unknown; otherwise the pod was Pending from its creation). */
export interface PodHistory {
  entries: HistoryEntry[];
  truncated: boolean;
}

/** A gone pod as its namespace's document keeps it (times from the document's `t0`). */
export interface StoredFinished {
  /** name */
  n: string;
  /** uid (events are matched by it) */
  uid: string;
  /** its revision (controller-revision-hash), if a StatefulSet's */
  r?: string;
  /** created, gone (ms from t0) */
  c: number;
  g: number;
  h?: string;
}
/** A gone pod in memory. */
export interface FinishedPod {
  name: string;
  uid: string;
  revision?: string;
  createdAt: number;
  goneAt: number;
  history?: string;
}

const phaseOf = (p: PodRecord): PhaseCode => (p.deletingSince !== undefined ? 'T' : STAGE_CODE[p.stage]);
const CODES = 'PCRYTFSX';
const isDigit = (h: string, i: number) => i < h.length && h.charCodeAt(i) >= 48 && h.charCodeAt(i) <= 57;
const seconds = (ms: number) => (ms <= 0 ? '' : String(Math.round(ms) / 1000));

/** Decode a history string (entries' times chained from the pod's creation, in seconds). Anything
 *  unreadable is skipped: the history only draws pictures. */
export function decodeHistory(h: string | undefined, createdAt: number): PodHistory {
  const entries: HistoryEntry[] = [];
  let at = createdAt;
  // as /([PCRYTFSX])(\d*(?:\.\d+)?)/g would read it, without a match array per entry (a big
  // settle decodes 400,000 histories)
  const text = h ?? '';
  for (let i = 0; i < text.length;) {
    if (!CODES.includes(text[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (isDigit(text, j)) j++;
    if (text[j] === '.' && isDigit(text, j + 1)) for (j += 2; isDigit(text, j);) j++;
    at += j > i + 1 ? Number(text.slice(i + 1, j)) * 1000 : 0;
    entries.push({ code: text[i] as PhaseCode, at });
    i = j;
  }
  return { entries, truncated: h?.startsWith('~') ?? false };
}

function encode(entries: HistoryEntry[], createdAt: number, truncated: boolean): string {
  let s = truncated ? '~' : '';
  let prev = createdAt;
  for (const e of entries) {
    s += e.code + seconds(e.at - prev);
    prev = Math.max(prev, e.at);
  }
  return s;
}

/** The phase a history ends in, and when (no entries: Pending since creation). */
function last(h: PodHistory, createdAt: number): { code: PhaseCode; at: number; exitAt?: number } {
  let code: PhaseCode = 'P';
  let at = createdAt;
  let exitAt: number | undefined;
  for (const e of h.entries) {
    if (e.code === 'X') exitAt = e.at;
    else code = e.code;
    at = e.at;
  }
  return { code, at, exitAt };
}

/** The last phase letter of a history (none: Pending). */
function lastPhase(h: string | undefined): PhaseCode {
  if (h !== undefined)
    for (let i = h.length - 1; i >= 0; i--) {
      const ch = h[i];
      if (ch >= 'A' && ch <= 'Z' && ch !== 'X') return ch as PhaseCode;
    }
  return 'P';
}

/** Note what changed in a pod since its history's last entry (called on every change of the pod). */
export function recordPhase(p: PodRecord, now: number): void {
  const phase = phaseOf(p);
  const h = p.history;
  // the common case first, without decoding: the phase unchanged, no exit to note
  if (p.lastExitAt === undefined && phase === lastPhase(h)) return;
  const decoded = decodeHistory(h, p.createdAt);
  const was = last(decoded, p.createdAt);
  const added: HistoryEntry[] = [];
  if (p.lastExitAt !== undefined && p.lastExitAt >= was.at && p.lastExitAt !== was.exitAt) added.push({ code: 'X', at: p.lastExitAt });
  if (phase !== was.code) {
    const since = phase === 'T' ? p.deletingSince! : p.stageSince;
    added.push({ code: phase, at: Math.min(now, Math.max(since, was.at)) });
  }
  if (!added.length) return;
  const entries = [...decoded.entries, ...added];
  const drop = Math.max(0, entries.length - HISTORY_KEPT);
  p.history = encode(entries.slice(drop), p.createdAt, decoded.truncated || drop > 0);
}

/** A pod that is gone, as its namespace keeps it for a while. */
export function finished(p: PodRecord, now: number): FinishedPod {
  recordPhase(p, now);
  return {
    name: p.name,
    uid: p.uid,
    ...(p.revision !== undefined ? { revision: p.revision } : {}),
    createdAt: p.createdAt,
    goneAt: now,
    ...(p.history !== undefined ? { history: p.history } : {}),
  };
}

/** The gone pods of each loaded namespace (newest last, at most FINISHED_KEPT each). */
export class FinishedPods {
  private byNs = new Map<string, FinishedPod[]>();
  /** From a namespace's document as read. */
  read(ns: string, stored: StoredFinished[] | undefined, t0: number): void {
    if (stored?.length)
      this.byNs.set(
        ns,
        stored.map((s) => ({
          name: s.n,
          uid: s.uid,
          ...(s.r !== undefined ? { revision: s.r } : {}),
          createdAt: s.c + t0,
          goneAt: s.g + t0,
          ...(s.h !== undefined ? { history: s.h } : {}),
        })),
      );
  }
  add(ns: string, p: FinishedPod): void {
    let list = this.byNs.get(ns);
    if (!list) this.byNs.set(ns, (list = []));
    list.push(p);
    if (list.length > FINISHED_KEPT) list.splice(0, list.length - FINISHED_KEPT);
  }
  of(ns: string): readonly FinishedPod[] {
    return this.byNs.get(ns) ?? [];
  }
  /** Namespaces with gone pods (a save writes them into their documents). */
  namespaces(): IterableIterator<string> {
    return this.byNs.keys();
  }
  /** For a namespace's document, with times from its `t0`. */
  stored(ns: string, t0: number): StoredFinished[] | undefined {
    const list = this.byNs.get(ns);
    if (!list?.length) return undefined;
    return list.map((f) => ({
      n: f.name,
      uid: f.uid,
      ...(f.revision !== undefined ? { r: f.revision } : {}),
      c: f.createdAt - t0,
      g: f.goneAt - t0,
      ...(f.history !== undefined ? { h: f.history } : {}),
    }));
  }
  /** The namespace is gone. */
  drop(ns: string): void {
    this.byNs.delete(ns);
  }
}
