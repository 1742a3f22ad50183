// text/template's builtin functions (text/template/funcs.go) and the fmt verbs they print with,
// plus kubectl's additions `exists` and `base64decode` (cli-runtime printers/template.go).

export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function truth(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** fmt's %v of a value decoded from JSON (kubectl's unstructured objects: integers stay integers). */
export function goPrint(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFloat(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goPrint(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

function goFloat(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  const s = v.toExponential();
  const [m, e] = s.split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 21) return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}

/** Go's fmt.Sprintf for the verbs templates use: %s %v %d %q %f %x %t %%, with widths. */
export function sprintf(format: string, args: unknown[]): string {
  let n = 0;
  return (
    format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_, flags: string, width?: string, prec?: string, verb?: string) => {
      if (verb === '%') return '%';
      if (n >= args.length) return `%!${verb}(MISSING)`;
      const a = args[n++];
      let s: string;
      switch (verb) {
        case 'd':
          s = typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${typeof a}=${goPrint(a)})`;
          break;
        case 'f':
          s = typeof a === 'number' ? a.toFixed(prec === undefined ? 6 : Number(prec)) : `%!f(${typeof a}=${goPrint(a)})`;
          break;
        case 'q':
          s = JSON.stringify(typeof a === 'string' ? a : goPrint(a));
          break;
        case 'x':
          s = typeof a === 'number' ? a.toString(16) : Buffer.from(String(a)).toString('hex');
          break;
        case 't':
          s = String(a);
          break;
        default:
          s = goPrint(a);
      }
      if (prec !== undefined && verb === 's') s = s.slice(0, Number(prec));
      if (width) s = flags.includes('-') ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes('0') && verb !== 's' ? '0' : ' ');
      return s;
    }) +
    (n < args.length
      ? `%!(EXTRA ${args
          .slice(n)
          .map((a) => `${typeof a === 'number' ? 'float64' : typeof a}=${goPrint(a)}`)
          .join(', ')})`
      : '')
  );
}

function compare(a: unknown, b: unknown, name: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (name === 'eq' || name === 'ne') return a === b ? 0 : 1;
  throw new Error(`error calling ${name}: incompatible types for comparison`);
}

export const FUNCS: Record<string, (...a: unknown[]) => unknown> = {
  and: (...a) => a.find((x) => !truth(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truth(x)) ?? a[a.length - 1],
  not: (a) => !truth(a),
  len: (a) => {
    if (typeof a === 'string' || Array.isArray(a)) return a.length;
    if (isMap(a)) return Object.keys(a).length;
    throw new Error(`error calling len: len of type ${a === null || a === undefined ? '<nil>' : typeof a}`);
  },
  index: (a, ...keys) => {
    let v = a;
    for (const k of keys) {
      if (Array.isArray(v)) {
        if (typeof k !== 'number' || k < 0 || k >= v.length) throw new Error(`error calling index: index out of range: ${goPrint(k)}`);
        v = v[k];
      } else if (isMap(v)) v = Object.hasOwn(v, String(k)) ? v[String(k)] : undefined;
      else if (v === undefined || v === null) throw new Error('error calling index: index of untyped nil');
      else throw new Error(`error calling index: can't index item of type ${typeof v}`);
    }
    return v;
  },
  slice: (a, ...idx) => {
    if (typeof a !== 'string' && !Array.isArray(a)) throw new Error(`error calling slice: can't slice item of type ${typeof a}`);
    const [i = 0, j = a.length] = idx as number[];
    return a.slice(i, j);
  },
  print: (...a) => a.map((x, i) => (i > 0 && typeof x !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + goPrint(x)).join(''),
  println: (...a) => `${a.map(goPrint).join(' ')}\n`,
  printf: (f, ...a) => sprintf(String(f), a),
  eq: (a, ...b) => b.some((x) => compare(a, x, 'eq') === 0),
  ne: (a, b) => compare(a, b, 'ne') !== 0,
  lt: (a, b) => compare(a, b, 'lt') < 0,
  le: (a, b) => compare(a, b, 'le') <= 0,
  gt: (a, b) => compare(a, b, 'gt') > 0,
  ge: (a, b) => compare(a, b, 'ge') >= 0,
  html: (...a) =>
    a
      .map(goPrint)
      .join('')
      .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!),
  js: (...a) =>
    a
      .map(goPrint)
      .join('')
      .replace(/[\\'"<>&=]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' })[c]!),
  urlquery: (...a) => encodeURIComponent(a.map(goPrint).join('')).replace(/%20/g, '+'),
  // kubectl's additions (cli-runtime printers/template.go)
  base64decode: (a) => Buffer.from(String(a), 'base64').toString('utf8'),
  exists: (a, ...keys) => {
    let v = a;
    for (const k of keys) {
      if (!isMap(v) || !Object.hasOwn(v, String(k))) return false;
      v = v[String(k)];
    }
    return true;
  },
};
