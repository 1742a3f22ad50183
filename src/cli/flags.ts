// Flag parsing with pflag's grammar (github.com/spf13/pflag flag.go: parseArgs, parseLongArg,
// parseSingleShortArg) and its value types, so every command line kubectl accepts reads the same here.
import { goQuote } from '../api/go-json.js';

export type FlagType = 'bool' | 'string' | 'int' | 'float' | 'duration' | 'stringSlice' | 'stringArray';

/** How sts treats a kubectl flag: does what it says, is accepted and has no effect here, or is refused. */
export type FlagSupport = 'honoured' | 'ignored' | 'unsupported';

export interface FlagDef {
  /** the long name, without dashes: `output`, `no-headers` */
  name: string;
  /** one letter, without the dash */
  shorthand?: string;
  type: FlagType;
  /** Go's DefValue text: 'false', '', '0', '[]', '30s' */
  default: string;
  /** the value `--flag` alone stands for (pflag's NoOptDefVal); 'true' for every bool */
  noOptDefault?: string;
  usage: string;
  support?: FlagSupport;
  /** kept out of help (pflag's Hidden) */
  hidden?: boolean;
  /** pflag's Deprecated: still works, hidden from help, and using it prints `Flag --x has been deprecated, <this>` */
  deprecated?: string;
}

export type FlagValue = boolean | string | number | string[];

/** A flag error in pflag's words (cobra adds `See '… --help' for usage.`). */
export class FlagError extends Error {}

export interface ParsedFlags {
  /** every flag's value, defaults included, by long name */
  values: Map<string, FlagValue>;
  /** the flags the command line set, in order of first appearance */
  changed: string[];
  args: string[];
  /** how many arguments came before `--` (pflag's ArgsLenAtDash); -1 without `--` */
  argsLenAtDash: number;
  /** pflag's deprecation notices, for stderr */
  warnings: string[];
}

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** strconv.ParseBool */
export function parseBool(s: string): boolean {
  if (TRUE.includes(s)) return true;
  if (FALSE.includes(s)) return false;
  throw new Error(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

/** strconv.ParseInt(s, 0, 64): decimal, 0x, 0o/0, 0b prefixes; underscores only after a prefix. */
export function parseInt64(s: string): number {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9]*)$/.exec(s);
  if (!m || /__|_$/.test(m[2]) || (m[2].includes('_') && !/^0/.test(m[2])))
    throw new Error(`strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`);
  const body = m[2].replace(/_/g, '');
  let n: bigint;
  if (/^0[xX]/.test(body)) n = BigInt(body);
  else if (/^0[bB]/.test(body)) n = BigInt(body);
  else if (/^0[oO]/.test(body)) n = BigInt(`0o${body.slice(2)}`);
  else if (body.length > 1 && body[0] === '0') n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  if (m[1] === '-') n = -n;
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw new Error(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  return Number(n);
}

/** strconv.ParseFloat(s, 64), for the decimal forms people type. */
export function parseFloat64(s: string): number {
  if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|[iI]nf(inity)?|NaN)$/.test(s))
    throw new Error(`strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`);
  return Number(s.replace(/^([+-]?)[iI]nf(inity)?$/, '$1Infinity'));
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration, in milliseconds: `1h30m`, `2.5s`, `-1s`, `0`. */
export function parseGoDuration(s: string): number {
  const bad = () => new Error(`time: invalid duration ${goQuote(s)}`);
  let rest = s;
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw bad();
  let total = 0;
  while (rest) {
    const num = /^(\d*)(\.\d*)?/.exec(rest)!;
    if (num[0] === '' || num[0] === '.') throw bad();
    rest = rest.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (!unit) throw new Error(`time: missing unit in duration ${goQuote(s)}`);
    if (!(unit in UNITS)) throw new Error(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(s)}`);
    rest = rest.slice(unit.length);
    total += Number(num[0].startsWith('.') ? `0${num[0]}` : num[0]) * UNITS[unit];
  }
  return sign * total;
}

/** clientcmd.ParseTimeout: whole seconds, or a Go duration (`--request-timeout=5`, `=1m`); 0 = none. */
export function requestTimeoutMs(text: string | undefined): number {
  if (text === undefined) return 0;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  try {
    return parseGoDuration(text);
  } catch {
    throw new Error(
      'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
    );
  }
}

/** Go's %q for a string: double quotes, with Go's escapes. */

/** A stringSlice value: one line of CSV (encoding/csv), as pflag's readAsCSV reads it. */
export function readCsv(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw new Error(`parse error on line 1, column ${s.length + 1}: extraneous or missing " in quoted-field`);
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i++];
      }
      if (i < s.length && s[i] !== ',') throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
      out.push(v);
      i++;
    } else {
      const end = s.indexOf(',', i);
      const v = s.slice(i, end < 0 ? s.length : end);
      if (v.includes('"')) throw new Error(`parse error on line 1, column ${i + v.indexOf('"') + 1}: bare " in non-quoted-field`);
      out.push(v);
      i = end < 0 ? s.length + 1 : end + 1;
    }
  }
  return out;
}

/** The value a flag holds before the command line sets it. */
export function defaultValue(f: FlagDef): FlagValue {
  switch (f.type) {
    case 'bool':
      return f.default === 'true';
    case 'int':
    case 'float':
      return Number(f.default || 0);
    case 'stringSlice':
    case 'stringArray':
      return f.default === '[]' || f.default === '' ? [] : f.default.replace(/^\[|\]$/g, '').split(',');
    default:
      return f.default;
  }
}

/** Convert one occurrence's text to the flag's type; slices add to what earlier occurrences set. */
function convert(f: FlagDef, text: string, previous: FlagValue | undefined): FlagValue {
  switch (f.type) {
    case 'bool':
      return parseBool(text);
    case 'int':
      return parseInt64(text);
    case 'float':
      return parseFloat64(text);
    case 'duration':
      parseGoDuration(text);
      return text;
    case 'stringSlice':
      return [...((previous as string[] | undefined) ?? []), ...readCsv(text)];
    case 'stringArray':
      return [...((previous as string[] | undefined) ?? []), text];
    default:
      return text;
  }
}

/** pflag's name for a flag in value errors: `-w, --watch` when it has a shorthand. */
const displayName = (f: FlagDef) => (f.shorthand ? `-${f.shorthand}, --${f.name}` : `--${f.name}`);

/** What `--flag` alone means: bools are true, a few string flags have a default (`--dry-run`). */
const noOpt = (f: FlagDef) => f.noOptDefault ?? (f.type === 'bool' ? 'true' : undefined);

export class FlagSet {
  private readonly long = new Map<string, FlagDef>();
  private readonly short = new Map<string, FlagDef>();

  constructor(defs: Iterable<FlagDef>) {
    for (const d of defs) this.add(d);
  }

  /** Later definitions of the same name replace earlier ones (a verb's own flag over a global). */
  add(d: FlagDef): void {
    const old = this.long.get(d.name);
    if (old?.shorthand) this.short.delete(old.shorthand);
    this.long.set(d.name, d);
    if (d.shorthand) this.short.set(d.shorthand, d);
  }

  lookup(name: string): FlagDef | undefined {
    return this.long.get(name);
  }

  lookupShort(c: string): FlagDef | undefined {
    return this.short.get(c);
  }

  defs(): FlagDef[] {
    return [...this.long.values()];
  }

  /** Whether `--name` / `-c` consumes the next argument as its value (cobra's stripFlags uses this). */
  takesValue(arg: string): boolean {
    if (arg.startsWith('--')) {
      if (arg.includes('=')) return false;
      const f = this.long.get(arg.slice(2));
      return !!f && noOpt(f) === undefined;
    }
    if (arg.startsWith('-') && arg.length === 2) {
      const f = this.short.get(arg[1]);
      return !!f && noOpt(f) === undefined;
    }
    return false;
  }

  /** pflag's parseArgs with interspersed arguments: flags anywhere, `--` ends them. */
  parse(argv: string[]): ParsedFlags {
    const values = new Map<string, FlagValue>();
    for (const d of this.long.values()) values.set(d.name, defaultValue(d));
    const changed: string[] = [];
    const set = (f: FlagDef, text: string) => {
      const was = changed.includes(f.name);
      try {
        values.set(f.name, convert(f, text, was ? values.get(f.name) : undefined));
      } catch (e) {
        throw new FlagError(`invalid argument ${goQuote(text)} for ${goQuote(displayName(f))} flag: ${(e as Error).message}`);
      }
      if (!was) changed.push(f.name);
      if (f.deprecated) warnings.push(`Flag --${f.name} has been deprecated, ${f.deprecated}`);
    };
    const warnings: string[] = [];
    const args: string[] = [];
    let argsLenAtDash = -1;
    let rest = [...argv];
    while (rest.length) {
      const s = rest.shift()!;
      if (s.length < 2 || s[0] !== '-') {
        args.push(s);
        continue;
      }
      if (s[1] === '-') {
        if (s.length === 2) {
          argsLenAtDash = args.length;
          args.push(...rest);
          break;
        }
        rest = this.parseLong(s, rest, set);
      } else rest = this.parseShort(s, rest, set);
    }
    return { values, changed, args, argsLenAtDash, warnings };
  }

  private parseLong(s: string, rest: string[], set: (f: FlagDef, v: string) => void): string[] {
    const body = s.slice(2);
    if (body[0] === '-' || body[0] === '=') throw new FlagError(`bad flag syntax: ${s}`);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const f = this.long.get(normalizeName(name));
    if (!f) throw new FlagError(`unknown flag: --${name}`);
    if (eq >= 0) set(f, body.slice(eq + 1));
    else if (noOpt(f) !== undefined) set(f, noOpt(f)!);
    else if (rest.length) set(f, rest.shift()!);
    else throw new FlagError(`flag needs an argument: ${s}`);
    return rest;
  }

  private parseShort(s: string, rest: string[], set: (f: FlagDef, v: string) => void): string[] {
    let shorthands = s.slice(1);
    let out = rest;
    while (shorthands.length) {
      const c = shorthands[0];
      const f = this.short.get(c);
      if (!f) throw new FlagError(`unknown shorthand flag: '${c}' in -${shorthands}`);
      if (shorthands.length > 2 && shorthands[1] === '=') {
        set(f, shorthands.slice(2));
        shorthands = '';
      } else if (noOpt(f) !== undefined) {
        set(f, noOpt(f)!);
        shorthands = shorthands.slice(1);
      } else if (shorthands.length > 1) {
        set(f, shorthands.slice(1));
        shorthands = '';
      } else if (rest.length) {
        set(f, rest[0]);
        out = rest.slice(1);
        shorthands = '';
      } else throw new FlagError(`flag needs an argument: '${c}' in -${shorthands}`);
    }
    return out;
  }
}

/** kubectl's WordSepNormalizeFunc: `--dry_run` is `--dry-run`. */
export const normalizeName = (name: string) => name.replace(/_/g, '-');

/** `no-headers` → `noHeaders`: the key a verb reads a flag by. */
export const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
