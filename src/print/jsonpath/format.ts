// JSONPath's printing of values: fmt's %v and %#v, strconv.Quote and encoding/json as kubectl's
// JSONPath printer (client-go util/jsonpath PrintResults, cli-runtime's JSONPathPrinter) shows them.
import { goJsonEscape, goQuote } from '../../api/go-json.js';
import type { Json } from '../../api/types.js';
import { GoByte, GoFloat, isInt64, isMap, type Value } from './values.js';

/** strconv.FormatFloat(f, 'g', -1, 64): what fmt's %v prints for a float64. */
function goFloat(f: number): string {
  if (Object.is(f, -0)) return '-0';
  if (f === 0) return '0';
  const [mant, exp] = f.toExponential().split('e');
  const e = Number(exp);
  // shortest %g: %e when the exponent is < -4 or >= 6 (the default precision), %f otherwise
  if (e >= -4 && e < 6) return String(f);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** fmt.Fprint of a scalar: what a template prints for a value that is not a map or a list. */
export function scalarText(v: Value): string {
  if (v === undefined) return '<no value>';
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof GoFloat) return goFloat(v.value);
  if (v instanceof GoByte) return String(v.value);
  if (typeof v === 'number') return isInt64(v) ? BigInt(v).toString() : goFloat(v);
  return String(v);
}

/** json.Marshal of an unstructured value: map keys sorted, Go's HTML-safe escapes. */
export function goJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map((x) => goJson(x ?? null)).join(',')}]`;
  if (isMap(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${goJsonEscape(JSON.stringify(k))}:${goJson(v[k])}`)
      .join(',')}}`;
  if (typeof v === 'number') return isInt64(v) ? BigInt(v).toString() : (JSON.stringify(v) ?? 'null');
  return goJsonEscape(JSON.stringify(v) ?? 'null');
}

/** Go's %v of a value (`map[a:1 b:[x y]]`), as filter errors print it. */
export function goV(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goV(v[k])}`)
      .join(' ')}]`;
  if (v === null) return '<nil>';
  if (v === undefined) return '<invalid reflect.Value>';
  return scalarText(v);
}

/** Go's %#v of an unstructured value: `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}`. */
export function goSyntax(v: Json): string {
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (isMap(v))
    return `map[string]interface {}{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${goQuote(k)}:${goSyntax(v[k])}`)
      .join(', ')}}`;
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  return scalarText(v);
}

/** json.MarshalIndent(v, "", "    ") of an unstructured value. */
export function goJsonIndent(v: Json, indent: string): string {
  const inner = `${indent}    `;
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => inner + goJsonIndent(x ?? null, inner)).join(',\n')}\n${indent}]` : '[]';
  if (isMap(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return keys.length
      ? `{\n${keys.map((k) => `${inner}${goJsonEscape(JSON.stringify(k))}: ${goJsonIndent(v[k], inner)}`).join(',\n')}\n${indent}}`
      : '{}';
  }
  return goJson(v);
}
