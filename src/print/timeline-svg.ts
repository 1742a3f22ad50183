// `sts timeline --svg FILE` / `--html FILE`: the same picture as the terminal's, drawn to scale as a
// standalone SVG (slides, docs), or an HTML page holding it and the markers' list. Pure: text from a Timeline.
import type { MarkerKind, Phase, Timeline } from './timeline-model.js';
import { MARKER_GLYPHS, PHASE_GLYPHS, scaleFor, shortDuration } from './timeline.js';

const FILL: Record<Phase, string> = {
  Pending: '#f4d35e',
  ContainerCreating: '#f79d42',
  Running: '#5bc0de',
  Ready: '#3fa34d',
  Bound: '#4a6fd6',
  Terminating: '#d9534f',
  Failed: '#8b1e1e',
  Succeeded: '#9e9e9e',
};
const MARK: Record<MarkerKind, string> = { revision: '#8e44ad', restart: '#c0392b', warning: '#e67e22' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => String(Math.round(x * 10) / 10);

const ROW = 22;
const BAR = 14;
const PLOT = 800;

/** The picture as an SVG document. */
export function timelineSvg(t: Timeline, time: (ms: number) => string): string {
  const label = Math.max(60, ...t.rows.map((r) => r.label.length * 7.2)) + 16;
  const span = Math.max(t.end - t.start, 1);
  const x = (ms: number) => label + ((Math.min(Math.max(ms, t.start), t.end) - t.start) / span) * PLOT;
  const top = 48;
  const legendY = top + t.rows.length * ROW + 28;
  const width = label + PLOT + 20;
  const height = legendY + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${height}" viewBox="0 0 ${n(width)} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`,
    `<title>sts timeline ${esc(time(t.start))} to ${esc(time(t.end))}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="8" y="18" fill="#333">${esc(time(t.start))} to ${esc(time(t.end))} (${shortDuration(t.end - t.start)})</text>`,
  ];
  // the axis: about ten ticks
  const { step } = scaleFor(span, 10);
  out.push(`<g class="axis" stroke="#ccc">`);
  for (let ms = 0; ms <= span; ms += step) {
    const tx = n(x(t.start + ms));
    out.push(`<line x1="${tx}" y1="${top - 8}" x2="${tx}" y2="${top + t.rows.length * ROW}"/>`);
    out.push(`<text x="${tx}" y="${top - 12}" fill="#666" stroke="none" text-anchor="middle">${shortDuration(ms)}</text>`);
  }
  out.push('</g>');
  for (const [i, row] of t.rows.entries()) {
    const y = top + i * ROW;
    out.push(`<g class="row" data-name="${esc(row.label)}">`, `<text x="8" y="${y + 13}" fill="#222">${esc(row.label)}</text>`);
    for (const s of row.segments) {
      if (s.to <= t.start || s.from >= t.end) continue;
      const x1 = x(s.from);
      const w = Math.max(x(s.to) - x1, 0.5);
      out.push(
        `<rect class="${s.phase}" x="${n(x1)}" y="${y + (ROW - BAR) / 2}" width="${n(w)}" height="${BAR}" fill="${FILL[s.phase]}"><title>${s.phase} ${shortDuration(s.from - t.start)} to ${shortDuration(s.to - t.start)}</title></rect>`,
      );
    }
    for (const m of row.markers) {
      if (m.at < t.start || m.at > t.end) continue;
      const mx = x(m.at);
      const cy = y + ROW / 2;
      const shape =
        m.kind === 'revision'
          ? `<path d="M${n(mx)} ${cy - 7}l6 7l-6 7l-6 -7z"`
          : m.kind === 'restart'
            ? `<circle cx="${n(mx)}" cy="${cy}" r="5"`
            : `<path d="M${n(mx)} ${cy - 7}l7 13h-14z"`;
      out.push(
        `${shape} class="marker ${m.kind}" fill="${MARK[m.kind]}" stroke="#fff"><title>${shortDuration(m.at - t.start)} ${esc(m.text)}</title>${shape.startsWith('<path') ? '</path>' : '</circle>'}`,
      );
    }
    out.push('</g>');
  }
  // the legend
  let lx = 8;
  out.push(`<g class="legend">`);
  for (const [phase, g] of Object.entries(PHASE_GLYPHS) as [Phase, (typeof PHASE_GLYPHS)[Phase]][]) {
    out.push(
      `<rect x="${lx}" y="${legendY - 10}" width="12" height="12" fill="${FILL[phase]}"/><text x="${lx + 16}" y="${legendY}">${esc(g.legend)}</text>`,
    );
    lx += 16 + g.legend.length * 7.2 + 14;
  }
  lx = 8;
  for (const [kind, g] of Object.entries(MARKER_GLYPHS) as [MarkerKind, (typeof MARKER_GLYPHS)[MarkerKind]][]) {
    out.push(
      `<circle cx="${lx + 6}" cy="${legendY + 14}" r="5" fill="${MARK[kind]}"/><text x="${lx + 16}" y="${legendY + 18}">${esc(g.legend)}</text>`,
    );
    lx += 16 + g.legend.length * 7.2 + 14;
  }
  out.push('</g>', '</svg>');
  return `${out.join('\n')}\n`;
}

/** The picture in a standalone HTML page, with the markers listed under it. */
export function timelineHtml(t: Timeline, time: (ms: number) => string): string {
  const markers = t.rows
    .flatMap((r) => r.markers.filter((m) => m.at >= t.start && m.at <= t.end).map((m) => ({ ...m, label: r.label })))
    .sort((a, b) => a.at - b.at);
  const rows = markers
    .map(
      (m) =>
        `<tr class="${m.kind}"><td>${shortDuration(m.at - t.start)}</td><td>${esc(m.label)}</td><td>${esc(MARKER_GLYPHS[m.kind].legend)}</td><td>${esc(m.text)}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>sts timeline ${esc(time(t.start))} to ${esc(time(t.end))}</title>
<style>
body { font-family: ui-monospace, Menlo, Consolas, monospace; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-top: 1em; }
td, th { padding: 2px 12px 2px 0; text-align: left; }
</style>
</head>
<body>
<h1>sts timeline</h1>
${timelineSvg(t, time)}${markers.length ? `<table>\n<tr><th>AT</th><th>OBJECT</th><th>MARKER</th><th>WHAT</th></tr>\n${rows}\n</table>\n` : ''}</body>
</html>
`;
}
