// `sts timeline` in a terminal: a row per pod and claim, time across in fixed steps fitted to the
// width, a character per step for the phase that filled most of it, markers on top; Unicode blocks
// in colour on a terminal, plain characters when piped (or NO_COLOR). Pure: text from a Timeline.
import chalk, { Chalk } from 'chalk';
import type { MarkerKind, Phase, Timeline } from './timeline-model.js';

interface Glyph {
  plain: string;
  fancy: string;
  color: 'yellow' | 'cyan' | 'green' | 'red' | 'blue' | 'magenta' | 'gray';
  legend: string;
}
export const PHASE_GLYPHS: Record<Phase, Glyph> = {
  Pending: { plain: '.', fancy: '░', color: 'yellow', legend: 'Pending' },
  ContainerCreating: { plain: ':', fancy: '▒', color: 'yellow', legend: 'ContainerCreating' },
  Running: { plain: '-', fancy: '▓', color: 'cyan', legend: 'Running (not ready)' },
  Ready: { plain: '=', fancy: '█', color: 'green', legend: 'Ready' },
  Bound: { plain: '#', fancy: '█', color: 'blue', legend: 'Bound' },
  Terminating: { plain: '~', fancy: '▚', color: 'red', legend: 'Terminating' },
  Failed: { plain: 'F', fancy: '█', color: 'red', legend: 'Failed' },
  Succeeded: { plain: 'S', fancy: '█', color: 'gray', legend: 'Succeeded' },
};
export const MARKER_GLYPHS: Record<MarkerKind, Glyph> = {
  revision: { plain: '^', fancy: '◆', color: 'magenta', legend: 'new revision' },
  restart: { plain: '*', fancy: '↺', color: 'red', legend: 'restart' },
  warning: { plain: '!', fancy: '▲', color: 'red', legend: 'Warning event' },
};
/** When markers share a step, the one drawn. */
const MARKER_RANK: Record<MarkerKind, number> = { revision: 0, restart: 1, warning: 2 };

/** Steps a column may stand for (ms): the smallest that fits the span in the width is used. */
const STEPS = [
  100, 200, 250, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 21600e3, 43200e3, 86400e3,
];

/** `1m30s`, `2h`, `500ms`: a duration as short as it can be said. */
export function shortDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const d = Math.floor(ms / 86400e3);
  const h = Math.floor(ms / 3600e3) % 24;
  const m = Math.floor(ms / 60e3) % 60;
  const s = (ms % 60e3) / 1000;
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, s && `${s}s`].filter(Boolean).join('');
}

/** The time scale: how many columns and what each stands for. */
export function scaleFor(span: number, width: number): { step: number; columns: number } {
  const step = STEPS.find((s) => Math.ceil(span / s) <= width) ?? Math.ceil(span / width / 86400e3) * 86400e3;
  return { step, columns: Math.max(1, Math.ceil(span / step)) };
}

/** Which phase fills most of each column (ties: the later one), per row. */
export function cells(t: Timeline, step: number, columns: number): { phases: (Phase | undefined)[]; marks: (MarkerKind | undefined)[] }[] {
  return t.rows.map((row) => {
    const phases: (Phase | undefined)[] = [];
    for (let i = 0; i < columns; i++) {
      const a = t.start + i * step;
      const b = Math.min(a + step, Math.max(t.end, t.start + step));
      let best: Phase | undefined;
      let most = 0;
      for (const s of row.segments) {
        const overlap = Math.min(b, s.to) - Math.max(a, s.from);
        if (overlap > 0 && overlap >= most) {
          best = s.phase;
          most = overlap;
        }
      }
      phases.push(best);
    }
    const marks: (MarkerKind | undefined)[] = new Array(columns).fill(undefined);
    for (const m of row.markers) {
      if (m.at < t.start || m.at > t.end) continue;
      const i = Math.min(columns - 1, Math.floor((m.at - t.start) / step));
      const was = marks[i];
      if (was === undefined || MARKER_RANK[m.kind] >= MARKER_RANK[was]) marks[i] = m.kind;
    }
    return { phases, marks };
  });
}

export interface TextOptions {
  /** the terminal's width (columns) */
  width: number;
  /** Unicode blocks in colour (a terminal); otherwise plain characters */
  fancy: boolean;
  /** how to show an instant: the verb's choice (RFC 3339 in UTC) */
  time: (ms: number) => string;
}

export function timelineText(t: Timeline, o: TextOptions): string {
  const c = new Chalk({ level: o.fancy ? chalk.level || 1 : 0 });
  const nameWidth = Math.min(40, Math.max(4, ...t.rows.map((r) => r.label.length)));
  const span = Math.max(t.end - t.start, 0);
  const { step, columns } = scaleFor(Math.max(span, 1), Math.max(10, o.width - nameWidth - 3));
  const lines: string[] = [`${o.time(t.start)} to ${o.time(t.end)} (${shortDuration(span)}), one column = ${shortDuration(step)}`, ''];
  if (!t.rows.length) return `${lines[0]}\nNo pods or claims found.\n`;

  // the axis: offsets from the start every few columns, where a label fits
  const every = STEPS.find((s) => s >= step && s % step === 0 && s / step >= 10) ?? step * 10;
  const axis = [...' '.repeat(columns + 8)];
  for (let i = 0; i < columns; i += every / step) [...shortDuration(i * step)].forEach((ch, j) => (axis[i + j] = ch));
  lines.push(`${'NAME'.padEnd(nameWidth)}  ${axis.join('').trimEnd()}`);

  const used = new Set<Phase | MarkerKind>();
  for (const [r, { phases, marks }] of cells(t, step, columns).entries()) {
    let bar = '';
    let run = '';
    let runColor: Glyph['color'] | undefined;
    const flush = () => {
      bar += runColor && o.fancy ? c[runColor](run) : run;
      run = '';
    };
    for (let i = 0; i < columns; i++) {
      const mark = marks[i];
      const phase = phases[i];
      const g = mark ? MARKER_GLYPHS[mark] : phase ? PHASE_GLYPHS[phase] : undefined;
      if (mark) used.add(mark);
      else if (phase) used.add(phase);
      if (g?.color !== runColor) flush();
      runColor = g?.color;
      run += g ? (o.fancy ? g.fancy : g.plain) : ' ';
    }
    flush();
    const label = t.rows[r].label;
    lines.push(`${label.length > nameWidth ? `${label.slice(0, nameWidth - 1)}…` : label.padEnd(nameWidth)}  ${bar.trimEnd()}`);
  }

  const legend = [...Object.entries(PHASE_GLYPHS), ...Object.entries(MARKER_GLYPHS)]
    .filter(([k]) => used.has(k as Phase | MarkerKind))
    .map(([, g]) => `${o.fancy ? c[g.color](g.fancy) : g.plain} ${g.legend}`);
  lines.push('', legend.join('   '));

  const markers = t.rows.flatMap((row) => row.markers.filter((m) => m.at >= t.start && m.at <= t.end).map((m) => ({ ...m, label: row.label })));
  if (markers.length) {
    markers.sort((a, b) => a.at - b.at || a.label.localeCompare(b.label, 'en', { numeric: true }));
    const at = markers.map((m) => shortDuration(m.at - t.start));
    const w = Math.max(...at.map((s) => s.length));
    const lw = Math.max(...markers.map((m) => m.label.length));
    lines.push('');
    for (const [i, m] of markers.entries()) {
      const g = MARKER_GLYPHS[m.kind];
      lines.push(`${at[i].padStart(w)}  ${m.label.padEnd(lw)}  ${o.fancy ? c[g.color](g.fancy) : g.plain} ${m.text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
