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
  const n = decodeInto(h ?? '', createdAt);
  const entries: HistoryEntry[] = [];
  for (let i = 0; i < n; i++) entries.push({ code: codes[i], at: ats[i] });
  return { entries, truncated: h?.startsWith('~') ?? false };
}

/** A history decoded into `codes` and `ats` (reused: recordPhase runs for every phase change of
 *  every pod, and an object per entry, and arrays to join them, were most of a big settle's history
 *  garbage); returns how many entries. */
const codes: PhaseCode[] = [];
const ats: number[] = [];
function decodeInto(text: string, createdAt: number): number {
  let n = 0;
  let at = createdAt;
  // as /([PCRYTFSX])(\d*(?:\.\d+)?)/g would read it, without a match array per entry (a big
  // settle decodes 400,000 histories)
  for (let i = 0; i < text.length;) {
    if (!CODES.includes(text[i])) {
      i++;
      continue;
    }
    let j = i + 1;
    while (isDigit(text, j)) j++;
    if (text[j] === '.' && isDigit(text, j + 1)) for (j += 2; isDigit(text, j);) j++;
    at += j > i + 1 ? Number(text.slice(i + 1, j)) * 1000 : 0;
    codes[n] = text[i] as PhaseCode;
    ats[n++] = at;
    i = j;
  }
  return n;
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
  const n = decodeInto(h ?? '', p.createdAt);
  // the phase the history ends in and when (no entries: Pending since creation), and its last exit
  let code: PhaseCode = 'P';
  let at = p.createdAt;
  let exitAt: number | undefined;
  for (let i = 0; i < n; i++) {
    if (codes[i] === 'X') exitAt = ats[i];
    else code = codes[i];
    at = ats[i];
  }
  // what is added goes on after the decoded entries
  let end = n;
  if (p.lastExitAt !== undefined && p.lastExitAt >= at && p.lastExitAt !== exitAt) {
    codes[end] = 'X';
    ats[end++] = p.lastExitAt;
  }
  if (phase !== code) {
    const since = phase === 'T' ? p.deletingSince! : p.stageSince;
    codes[end] = phase;
    ats[end++] = Math.min(now, Math.max(since, at));
  }
  if (end === n) return;
  // the newest HISTORY_KEPT, their times chained from the pod's creation in seconds
  const drop = Math.max(0, end - HISTORY_KEPT);
  let s = h?.startsWith('~') || drop > 0 ? '~' : '';
  let prev = p.createdAt;
  for (let i = drop; i < end; i++) {
    s += codes[i] + seconds(ats[i] - prev);
    prev = Math.max(prev, ats[i]);
  }
  p.history = s;
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
