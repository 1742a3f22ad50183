// kubectl's human durations (apimachinery's HumanDuration), for AGE and friends.

export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

/** The ages of the timestamps seen at `agesAt`: a table of many objects shows few distinct ones. */
const ages = new Map<string, string>();
let agesAt: number | undefined;

/** AGE of an object with this creationTimestamp, at the cluster's now. */
export function age(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  if (now !== agesAt) {
    ages.clear();
    agesAt = now;
  }
  let text = ages.get(timestamp);
  if (text === undefined) {
    text = humanDuration(now - Date.parse(timestamp));
    if (ages.size >= 4096) ages.clear();
    ages.set(timestamp, text);
  }
  return text;
}

/** RFC 1123 with numeric zone, as describe prints absolute times: `Mon, 13 Jan 2025 10:00:00 +0000`. */
export function rfc1123(timestamp: string | number): string {
  const d = new Date(timestamp);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
