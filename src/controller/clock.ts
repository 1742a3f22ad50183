// The cluster's clock: real (follows the wall clock) or manual (moves only when told).
import type { ClusterFile } from '../store/schema.js';

const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Go-style durations: `30s`, `1m30s`, `2h`, `500ms`, `1.5m`; a bare number means seconds. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * UNIT[m[2]];
    matched = re.lastIndex;
  }
  if (!s.length || matched !== s.length) return undefined;
  return Math.round(total);
}

/** `1m30s`, `2h0m5s` → compact Go-like text for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  let s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const frac = ms % 1000 ? `.${String(ms % 1000).padStart(3, '0').replace(/0+$/, '')}` : '';
  if (h) return `${h}h${m}m${s}${frac}s`;
  if (m) return `${m}m${s}${frac}s`;
  return `${s}${frac}s`;
}

/** Where the simulation should be brought to before a command acts. */
export function targetTime(file: ClusterFile): number {
  return file.clock.mode === 'real' ? Math.max(Date.now(), file.clock.now) : file.clock.now;
}
