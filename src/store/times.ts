// Timestamps as the API writes them (whole seconds, RFC 3339) and read back, both cached: a big settle
// formats and parses the same few instants hundreds of thousands of times (every event, claim, volume).
const formatted = new Map<number, string>();
const parsed = new Map<string, number>();

/** `ms` floored to the second, as RFC 3339 ("2026-01-02T03:04:05Z"). */
export function iso(ms: number): string {
  const s = Math.floor(ms / 1000) * 1000;
  let t = formatted.get(s);
  if (t === undefined) {
    t = new Date(s).toISOString().replace('.000Z', 'Z'); // throws for an invalid time, uncached
    if (formatted.size > 10_000) formatted.clear();
    formatted.set(s, t);
  }
  return t;
}

/** A timestamp's milliseconds (NaN: none, or no date). */
export function parseTime(s: string | undefined): number {
  if (!s) return NaN;
  let ms = parsed.get(s);
  if (ms === undefined) {
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(s, (ms = Date.parse(s)));
  }
  return ms;
}
