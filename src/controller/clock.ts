// The cluster's clock: real (follows the wall clock) or manual (moves only when told).
import type { ClusterFile } from '../store/schema.js';

const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Go's time.Duration is int64 nanoseconds: nothing longer than 2562047h47m16.854775807s. */
// eslint-disable-next-line no-loss-of-precision -- Go's limit as written; the nearest double is what is compared
export const MAX_DURATION_MS = 9_223_372_036_854.775807;

/** Milliseconds of a Go-style duration (possibly more than Go can hold), undefined when it is not one. */
function scan(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * UNIT[m[2]];
    matched = re.lastIndex;
  }
  return s.length && matched === s.length ? total : undefined;
}

/**
 * Go-style durations: `30s`, `1m30s`, `2h`, `500ms`, `1.5m`; a bare number means seconds.
 * Undefined when it is not one, or when it is longer than Go can hold (time.ParseDuration says
 * `time: invalid duration` for those; see durationProblem).
 */
export function parseDuration(text: string): number | undefined {
  const total = scan(text);
  return total !== undefined && total <= MAX_DURATION_MS ? Math.round(total) : undefined;
}

/** Why `text` is not a duration sts takes (time.ParseDuration's words for one too long), or undefined. */
export function durationProblem(text: string): string | undefined {
  const total = scan(text);
  if (total === undefined) return 'use a duration like 30s, 5m or 1h30m';
  if (!(total <= MAX_DURATION_MS)) return `time: invalid duration ${JSON.stringify(text.trim())} (longer than 2562047h47m16.854775807s)`;
  return undefined;
}

/** `1m30s`, `2h0m5s` → compact Go-like text for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  let s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const frac =
    ms % 1000
      ? `.${String(ms % 1000)
          .padStart(3, '0')
          .replace(/0+$/, '')}`
      : '';
  if (h) return `${h}h${m}m${s}${frac}s`;
  if (m) return `${m}m${s}${frac}s`;
  return `${s}${frac}s`;
}

/** Where the simulation should be brought to before a command acts. */
export function targetTime(file: ClusterFile): number {
  return file.clock.mode === 'real' ? Math.max(Date.now(), file.clock.now) : file.clock.now;
}
