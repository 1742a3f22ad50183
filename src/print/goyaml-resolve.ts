// What go-yaml decides before it emits a scalar or a map: whether a string must be quoted to read
// back as a string (encode.go stringv, resolve.go), how a number prints, and the "natural" key
// order of sorter.go. The emitter itself is goyaml.ts.

export type Style = 'plain' | 'single' | 'double' | 'literal';

// ---- go-yaml's resolve: would this text, unquoted, read back as something other than a string? ----

const NOT_STRINGS = new Set([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE'],
  ...['on', 'On', 'ON', 'off', 'Off', 'OFF', '', '~', 'null', 'Null', 'NULL', '<<'],
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'],
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** strconv.ParseInt/ParseUint(s, 0, 64) syntax (range aside: out-of-range integers read as floats anyway). */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*)$/;
/** parseTimestamp: four digits and a dash, then one of go-yaml's layouts. */
const TIMESTAMP = [
  /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{2}:\d{2})$/,
  /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/,
  /^\d{4}-\d{1,2}-\d{1,2}$/,
];

export function resolvesToString(s: string): boolean {
  if (NOT_STRINGS.has(s)) return false;
  const hint = s[0];
  if (hint === '.') return !YAML_FLOAT.test(s) || Number.isNaN(Number(s));
  if (!(hint === '+' || hint === '-' || (hint >= '0' && hint <= '9'))) return true;
  if (TIMESTAMP.some((re) => re.test(s)) && validDate(s)) return false;
  const plain = s.replace(/_/g, '');
  if (GO_INT.test(plain) || YAML_FLOAT.test(plain)) return false;
  if (/^-?0b[01]+$/.test(plain)) return false;
  return true;
}

function validDate(s: string): boolean {
  const [y, m, d] = s
    .slice(0, 10)
    .split(/[-Tt ]/)
    .map(Number);
  if (!(m >= 1 && m <= 12 && d >= 1)) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** encode.go stringv: quote what would not read back as this string; multi-line text as a block. */
export function stringStyle(s: string): Style {
  if (s.includes('\n')) return 'literal';
  return resolvesToString(s) && !BASE60_FLOAT.test(s) ? 'plain' : 'double';
}

/** strconv.FormatFloat(f, 'g', -1, 64) for non-integers; integers as Go prints them. */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const [mant, e] = n.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 21 || (!Number.isInteger(n) && exp >= 6)) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

// ---- sorter.go: go-yaml's key order (letters after other characters, digit runs by value) ----

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);

export function keyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0')
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--)
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai].codePointAt(0)! - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi].codePointAt(0)! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

/** Keys in go-yaml's order (the array itself, sorted). */
export const sortKeyList = (keys: string[]) => keys.sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0));
