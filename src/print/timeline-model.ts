// What `sts timeline` draws, as plain data: a row per pod name (its incarnations one after another)
// and per claim, each a list of phase segments over time, with markers for new revisions, container
// restarts and Warning events. Built from pod histories (store/history.ts) the verb gathers.
import { decodeHistory, type PhaseCode } from '../store/history.js';

export type Phase = 'Pending' | 'ContainerCreating' | 'Running' | 'Ready' | 'Terminating' | 'Failed' | 'Succeeded' | 'Bound';
export type MarkerKind = 'revision' | 'restart' | 'warning';

export interface Segment {
  phase: Phase;
  from: number;
  to: number;
}
export interface Marker {
  kind: MarkerKind;
  at: number;
  /** what happened: `revision web-7c9f8d`, `restart`, `BackOff: Back-off restarting failed container` */
  text: string;
}
export interface TimelineRow {
  /** `pod/web-0`, `pvc/www-web-0` */
  label: string;
  segments: Segment[];
  markers: Marker[];
}
export interface Timeline {
  start: number;
  end: number;
  rows: TimelineRow[];
}

/** A pod's life as the verb found it: a live pod (no `goneAt`) or a gone one. */
export interface PodLife {
  name: string;
  uid: string;
  createdAt: number;
  revision?: string;
  history?: string;
  goneAt?: number;
}
export interface ClaimLife {
  name: string;
  createdAt: number;
  boundAt?: number;
  deletedAt?: number;
}
export interface WarningEvent {
  uid: string;
  reason: string;
  msg: string;
  first: number;
  last: number;
  count: number;
}

const PHASE: Record<Exclude<PhaseCode, 'X'>, Phase> = {
  P: 'Pending',
  C: 'ContainerCreating',
  R: 'Running',
  Y: 'Ready',
  T: 'Terminating',
  F: 'Failed',
  S: 'Succeeded',
};

/** Segments of one pod incarnation, from its creation (or its oldest kept entry) to `end`. */
function podSegments(p: PodLife, end: number): { segments: Segment[]; restarts: number[] } {
  const h = decodeHistory(p.history, p.createdAt);
  const segments: Segment[] = [];
  const restarts: number[] = [];
  let cur: { phase: Phase; from: number } | undefined = h.truncated ? undefined : { phase: 'Pending', from: p.createdAt };
  for (const e of h.entries) {
    if (e.code === 'X') {
      restarts.push(e.at);
      continue;
    }
    if (cur && e.at > cur.from) segments.push({ ...cur, to: e.at });
    cur = { phase: PHASE[e.code], from: e.at };
  }
  if (cur && end > cur.from) segments.push({ ...cur, to: end });
  return { segments, restarts };
}

/** Numbers in names compare as numbers (web-2 before web-10). */
const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function buildTimeline(input: { pods: PodLife[]; claims: ClaimLife[]; warnings: WarningEvent[]; now: number; since?: number }): Timeline {
  const { now } = input;
  const warningsOf = new Map<string, WarningEvent[]>();
  for (const e of input.warnings) warningsOf.set(e.uid, [...(warningsOf.get(e.uid) ?? []), e]);
  const byName = new Map<string, PodLife[]>();
  for (const p of input.pods) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const rows: TimelineRow[] = [];
  let earliest = now;
  for (const name of [...byName.keys()].sort(natural)) {
    const lives = byName.get(name)!.sort((a, b) => a.createdAt - b.createdAt);
    const row: TimelineRow = { label: `pod/${name}`, segments: [], markers: [] };
    let revision: string | undefined;
    for (const [i, p] of lives.entries()) {
      earliest = Math.min(earliest, p.createdAt);
      const { segments, restarts } = podSegments(p, p.goneAt ?? now);
      row.segments.push(...segments);
      if (i > 0 && p.revision !== undefined && p.revision !== revision)
        row.markers.push({ kind: 'revision', at: p.createdAt, text: `revision ${p.revision}${revision ? ` (was ${revision})` : ''}` });
      revision = p.revision ?? revision;
      for (const at of restarts) row.markers.push({ kind: 'restart', at, text: 'container exited, restarted' });
      for (const e of warningsOf.get(p.uid) ?? []) {
        const text = `${e.reason}: ${e.msg}`;
        row.markers.push({ kind: 'warning', at: e.first, text: e.count > 1 ? `${text} (x${e.count})` : text });
        if (e.last !== e.first) row.markers.push({ kind: 'warning', at: e.last, text: `${e.reason} again (x${e.count})` });
      }
    }
    row.markers.sort((a, b) => a.at - b.at);
    rows.push(row);
  }
  for (const c of [...input.claims].sort((a, b) => natural(a.name, b.name))) {
    earliest = Math.min(earliest, c.createdAt);
    const segments: Segment[] = [];
    const points: [Phase, number][] = [['Pending', c.createdAt]];
    if (c.boundAt !== undefined) points.push(['Bound', c.boundAt]);
    if (c.deletedAt !== undefined) points.push(['Terminating', c.deletedAt]);
    for (const [i, [phase, from]] of points.entries()) {
      const to = points[i + 1]?.[1] ?? now;
      if (to > from) segments.push({ phase, from, to });
    }
    rows.push({ label: `pvc/${c.name}`, segments, markers: [] });
  }
  return { start: input.since !== undefined ? now - input.since : earliest, end: now, rows };
}
