// Helpers for replaying a docs page: its printed tables re-laid out as kubectl 1.33 prints them (the
// pages were captured with older kubectls, whose tabwriter padded differently), with the columns
// that differ from run to run (AGE, IPs, volume uids) masked on both sides.
import { normalizeUids } from '../helpers.js';

/** Cells of a table: columns split on runs of spaces (no cell has one; some headers do, kept whole). */
const cells = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) =>
      l
        .trim()
        .replace(
          /\b(ACCESS|RECLAIM|MIN|MAX|ALLOWED|NOMINATED|READINESS) (MODES|POLICY|AVAILABLE|UNAVAILABLE|DISRUPTIONS|NODE|GATES)\b/g,
          '$1\u00a0$2',
        )
        .split(/ +/)
        .map((c) => c.replace('\u00a0', ' ')),
    );

/** A table laid out as kubectl's printers do: every column but the last padded to its widest cell + 3. */
export function tabulate(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('')).join('\n') + '\n';
}

/** Mask a column (by header) in a table of cells. */
function maskColumn(rows: string[][], header: string, mask: string): string[][] {
  const at = rows[0]?.indexOf(header) ?? -1;
  if (at < 0) return rows;
  return rows.map((r, i) => (i === 0 || r.length <= at ? r : r.map((c, j) => (j === at ? mask : c))));
}

/** The page's table as kubectl 1.33 lays it out, AGE masked. */
export const pageTable = (text: string) => tabulate(maskColumn(cells(text), 'AGE', '<age>'));

/** What sts printed, AGE masked and volume uids normalised; its own layout must already be kubectl's. */
export function stsTable(text: string): string {
  const rows = cells(normalizeUids(text));
  if (normalizeUids(text) !== tabulate(rows)) throw new Error(`not laid out as kubectl lays out tables:\n${text}`);
  return tabulate(maskColumn(rows, 'AGE', '<age>'));
}

/** Pod IPs (10.244.x.y) and the cluster DNS address differ between clusters. */
export const maskIps = (text: string) => text.replace(/\b10\.\d+\.\d+\.\d+\b/g, '10.x.x.x');

/** `{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}`, the page's template for a pod's images. */
export const IMAGES_TEMPLATE = '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}';

/** A table (as pageTable/stsTable return it) with one more column masked, re-laid out. */
export const maskTableColumn = (table: string, header: string, mask = `<${header.toLowerCase()}>`) =>
  tabulate(maskColumn(cells(table), header, mask));

/**
 * `kubectl get … --watch` as snapshots on the manual clock: the distinct tables `take()` prints, one
 * second of the clock apart (`advance`), until it prints `last` (or one that passes it; or `limit`
 * snapshots were taken).
 */
export function snapshots(take: () => string, advance: () => void, last: string | ((t: string) => boolean), limit = 120): string[] {
  const done = typeof last === 'string' ? (t: string) => t === last : last;
  const seen: string[] = [];
  for (let i = 0; i < limit && !(seen.length && done(seen.at(-1)!)); i++) {
    const now = take();
    if (now !== seen.at(-1)) seen.push(now);
    advance();
  }
  return seen;
}
