// JSONPath's values and limits: the Go types a template's values have (client-go util/jsonpath
// works on reflect.Values), the error both phases throw, and the bounds sts adds so nothing runs away.
import type { Json } from '../../api/types.js';

export class JsonPathError extends Error {
  constructor(
    message: string,
    /** 'parse': kubectl says `error parsing jsonpath …`; 'execute': `error executing jsonpath …` */
    readonly phase: 'parse' | 'execute' = 'parse',
  ) {
    super(message);
  }
}

/** Not kubectl limits: a template that would produce more than this stops with an error instead
 * of holding the cluster lock for minutes (`{range ..}` nested in `{range ..}` is exponential). */
export const MAX_JSONPATH_VALUES = 2_000_000;
export const MAX_JSONPATH_OUTPUT = 64 * 1024 * 1024;
/** Nested sub-parses (filters and unions parse their parts as templates of their own). */
export const MAX_PARSE_DEPTH = 50;
/** Nested `{range}`s (each one a level of recursion here). */
export const MAX_RANGE_DEPTH = 500;

// ---- values -------------------------------------------------------------------------------------
// A JSON value stands for itself (integers as Go's int64, other numbers as float64, as unstructured
// objects hold them). The template's own literals and a string's bytes have Go types of their own.

/** An integer literal in the template: Go `int`. */
export type GoInt = bigint;
/** A float literal in the template: Go `float64` even when integral (`1.0`). */
export class GoFloat {
  constructor(readonly value: number) {}
}
/** One byte of a string, as `*` and `..` see strings: Go `uint8`. */
export class GoByte {
  constructor(readonly value: number) {}
}
/** `undefined` is Go's zero reflect.Value (what a range with no results runs its body on). */
export type Value = Json | GoInt | GoFloat | GoByte | undefined;

export const isMap = (v: Value): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoFloat) && !(v instanceof GoByte);

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const wrap64 = (n: bigint) => BigInt.asIntN(64, n);
/** Whether a JSON number is an int64 in an unstructured object (otherwise it is a float64). */
export const isInt64 = (n: number) => Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63;

/** A map's values, without keys set to undefined (in memory only: JSON has no such keys). */
export const mapValues = (m: Record<string, Json>) => Object.values(m).filter((x) => x !== undefined);

/** Push every item of `src` (a spread would overflow the stack for long lists). */
export function append<T>(target: T[], src: readonly T[]): void {
  for (const x of src) target.push(x);
}
