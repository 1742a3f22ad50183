// Kubernetes resource quantities ("20Gi", "100Mi", "1G", "1.5Gi"): parse for comparison.
const SUFFIX: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  m: 1e-3,
};

const RE = /^([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m|[eE][+-]?[0-9]+)?$/;

/** Bytes (or units) of a quantity; undefined when it is not a valid quantity. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = RE.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const s = m[2] ?? '';
  if (/^[eE]/.test(s)) return n * 10 ** Number(s.slice(1));
  return n * SUFFIX[s];
}

export const QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

// The API server's canonical form (apimachinery pkg/api/resource: ParseQuantity, then
// Quantity.CanonicalizeBytes): a quantity is stored as it reads back, "0.5" → "500m", "2048Mi" → "2Gi".
const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const GRAMMAR = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;
const pow10 = (n: number) => 10n ** BigInt(n);

/**
 * The canonical text of a quantity, or undefined when it is not one. The value is kept exact (a
 * BigInt over a power of ten), rounded up to nano units as ParseQuantity does; the format follows
 * the suffix written: binary (Ki…Ei) stays binary when it is a whole number of at least 1024,
 * otherwise decimal SI; an exponent (1e3) stays an exponent.
 */
export function canonicalQuantity(q: unknown): string | undefined {
  const text = typeof q === 'number' && Number.isFinite(q) ? String(q) : typeof q === 'string' ? q.trim() : undefined;
  const m = text === undefined ? null : GRAMMAR.exec(text);
  if (!m || (m[2] === '' && !m[3])) return undefined;
  const [, sign, whole, frac = '', suffix] = m;
  let format: 'binary' | 'decimal' | 'exponent';
  let shift: number; // power of ten
  let kibi = 0; // power of 1024
  if (Object.hasOwn(DECIMAL, suffix)) [format, shift] = ['decimal', DECIMAL[suffix]];
  else if (BINARY.includes(suffix)) [format, shift, kibi] = ['binary', 0, BINARY.indexOf(suffix)];
  else if (/^[eE][+-]?[0-9]+$/.test(suffix)) [format, shift] = ['exponent', Number(suffix.slice(1))];
  else return undefined;
  // value = n / 10^d
  let n = BigInt(whole + frac || '0') * 1024n ** BigInt(kibi);
  let d = frac.length - shift;
  if (d < 0) [n, d] = [n * pow10(-d), 0];
  if (d > 9) [n, d] = [(n + pow10(d - 9) - 1n) / pow10(d - 9), 9]; // round up to nano
  if (n === 0n) return '0';
  const neg = sign === '-' ? '-' : '';
  if (format === 'binary') {
    const whole = n % pow10(d) === 0n ? n / pow10(d) : undefined;
    if (whole !== undefined && whole >= 1024n) {
      let v = whole;
      let k = 0;
      while (v % 1024n === 0n && k < BINARY.length - 1) [v, k] = [v / 1024n, k + 1];
      return `${neg}${v}${BINARY[k]}`;
    }
    format = 'decimal';
  }
  // mantissa × 10^exp, exp a multiple of three, no trailing zeros that a larger suffix could take
  let exp = -d;
  while (n % 10n === 0n) [n, exp] = [n / 10n, exp + 1];
  while (exp % 3 !== 0) [n, exp] = [n * 10n, exp - 1];
  if (format === 'exponent') return `${neg}${n}${exp ? `e${exp}` : ''}`;
  while (exp > 18) [n, exp] = [n * 1000n, exp - 3];
  const unit = Object.keys(DECIMAL).find((s) => DECIMAL[s] === exp) ?? '';
  return `${neg}${n}${unit}`;
}

/** A ResourceList (requests, limits, capacity) with every valid quantity in canonical form, in place. */
export function canonicalizeResourceList(list: unknown): void {
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return;
  const rl = list as Record<string, unknown>;
  for (const k of Object.keys(rl)) {
    const c = canonicalQuantity(rl[k]);
    if (c !== undefined) rl[k] = c;
  }
}
