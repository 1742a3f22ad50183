// The data of `create configmap` and `create secret generic`: --from-literal, --from-file (a file,
// KEY=file, or a directory), --from-env-file, read and checked as kubectl does (pkg/util's
// ParseLiteralSource/ParseFileSource, cmd/util/env_file.go, create_configmap.go, create_secret.go),
// and --append-hash's name suffix (pkg/util/hash).
import { createHash } from '../api/crypto.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { CliError } from '../api/errors.js';
import { goJsonEscape } from '../api/go-json.js';

const fail = (msg: string) => new CliError(`error: ${msg}`);
const q = (s: string) => JSON.stringify(s); // Go's %q

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** validation.IsConfigMapKey (the rule for secret keys too). */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key))
    errs.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  errs.push(...dotErrors(key));
  return errs;
}

/** hasChDirPrefix */
function dotErrors(key: string): string[] {
  if (key === '.') return ["must not be '.'"];
  if (key === '..') return ["must not be '..'"];
  if (key.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** validation.IsEnvVarName, as kubectl 1.33 checks env-file keys. */
function envNameErrors(key: string): string[] {
  const errs: string[] = [];
  if (!ENV_NAME.test(key))
    errs.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    );
  errs.push(...dotErrors(key));
  return errs;
}

/** util.ParseLiteralSource: KEY=VALUE, split at the first `=`. */
export function parseLiteralSource(source: string): [key: string, value: string] {
  const i = source.indexOf('=');
  if (i <= 0) throw fail(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1)];
}

/** util.ParseFileSource: PATH (its base name is the key) or KEY=PATH. */
export function parseFileSource(source: string): [key: string, path: string] {
  const seps = source.split('=').length - 1;
  if (seps === 0) return [posix.basename(source) || '.', source];
  if (seps === 1 && source.startsWith('=')) throw fail(`key name for file path ${source.slice(1)} missing`);
  if (seps === 1 && source.endsWith('=')) throw fail(`file path for key name ${source.slice(0, -1)} missing`);
  if (seps > 1) throw fail("key names or file paths cannot contain '='");
  const [key, path] = source.split('=');
  return [key, path];
}

// Go's unicode.IsSpace (which, unlike JavaScript's \s, leaves U+FEFF alone)
const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * An env file's KEY=VALUE pairs (cmdutil.AddFromEnvFile): lines as bufio.ScanLines cuts them (a
 * trailing \r dropped), a BOM dropped from the first, leading white space dropped, blank lines and
 * `#` comments skipped; the value is everything after the first `=` (a line without `=` takes the
 * variable from `env`).
 */
export function parseEnvFile(bytes: Buffer, path: string, env: Record<string, string | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  const raw: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i] === 0x0a) {
      raw.push(bytes.subarray(start, i));
      start = i + 1;
    }
  if (start < bytes.length) raw.push(bytes.subarray(start));
  raw.forEach((b, n) => {
    const line = b.length && b[b.length - 1] === 0x0d ? b.subarray(0, -1) : b;
    if (!validUtf8(line)) throw fail(`env file ${path} contains invalid utf8 bytes at line ${n + 1}: [${[...line].join(' ')}]`);
    let text = line.toString('utf8');
    if (n === 0 && text.startsWith('\ufeff')) text = text.slice(1);
    text = text.replace(LEADING_SPACE, '');
    if (!text || text.startsWith('#')) return;
    const eq = text.indexOf('=');
    const key = eq < 0 ? text : text.slice(0, eq);
    const errs = envNameErrors(key);
    if (errs.length) throw fail(`${q(key)} is not a valid key name: ${errs.join(';')}`);
    pairs.push([key, eq < 0 ? (env[key] ?? '') : text.slice(eq + 1)]);
  });
  return pairs;
}

const validUtf8 = (b: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};
const errnoText = (e: unknown) => ERRNO[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message;

/** A path as given, on the host: relative ones against `cwd` (the command's), when one is given. */
const at = (cwd: string | undefined, p: string) => (cwd === undefined || isAbsolute(p) ? p : join(cwd, p));

function stat(path: string, cwd?: string) {
  try {
    return statSync(at(cwd, path));
  } catch (e) {
    throw fail(`error reading ${path}: ${errnoText(e)}`);
  }
}

function read(path: string, cwd?: string): Buffer {
  try {
    return readFileSync(at(cwd, path));
  } catch (e) {
    throw fail(`open ${path}: ${errnoText(e)}`);
  }
}

export interface Sources {
  literals: string[];
  files: string[];
  envFiles: string[];
}

/** The data of a ConfigMap or Secret being built: text under data (base64 for a secret), other bytes under binaryData. */
export class DataBuilder {
  readonly data: Record<string, string> = {};
  readonly binaryData: Record<string, string> = {};
  /** where relative --from-file/--from-env-file paths are (the command's cwd) */
  private cwd?: string;

  constructor(
    readonly kind: 'ConfigMap' | 'Secret',
    readonly name: string,
  ) {}

  /** kubectl's order: a config map takes files, literals, then env files; a secret literals first. */
  addAll(s: Sources, env: Record<string, string | undefined> = {}, cwd?: string): this {
    this.cwd = cwd;
    if (s.envFiles.length && (s.files.length || s.literals.length)) throw fail('from-env-file cannot be combined with from-file or from-literal');
    const literals = () => {
      for (const l of s.literals) this.add(...parseLiteralSource(l));
    };
    if (this.kind === 'Secret') literals();
    for (const f of s.files) this.addFileSource(f);
    if (this.kind === 'ConfigMap') literals();
    for (const path of s.envFiles) {
      if (stat(path, cwd).isDirectory()) throw fail(`env ${this.kind === 'Secret' ? 'secret' : 'config'} file cannot be a directory`);
      for (const [k, v] of parseEnvFile(read(path, cwd), path, env)) this.add(k, v);
    }
    return this;
  }

  private addFileSource(source: string): void {
    const [key, path] = parseFileSource(source);
    if (!stat(path, this.cwd).isDirectory()) return this.add(key, read(path, this.cwd));
    if (source.includes('=')) throw fail('cannot give a key name for a directory path');
    const entries = readdirSync(at(this.cwd, path), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) if (e.isFile()) this.add(e.name, read(posix.join(path, e.name), this.cwd));
  }

  /** addKeyFromLiteralTo{ConfigMap,Secret} and addKeyFromFileToConfigMap: key checks, then the value. */
  add(key: string, value: string | Buffer): void {
    const errs = configKeyErrors(key);
    if (this.kind === 'Secret') {
      if (errs.length) throw fail(`${q(key)} is not valid key name for a Secret ${errs.join(';')}`);
      if (key in this.data) throw fail(`cannot add key ${key}, another key by that name already exists`);
      this.data[key] = Buffer.from(value).toString('base64');
      return;
    }
    if (errs.length) throw fail(`${q(key)} is not a valid key name for a ConfigMap: ${errs.join(',')}`);
    if (key in this.data) throw fail(`cannot add key ${q(key)}, another key by that name already exists in Data for ConfigMap ${q(this.name)}`);
    if (key in this.binaryData)
      throw fail(`cannot add key ${q(key)}, another key by that name already exists in BinaryData for ConfigMap ${q(this.name)}`);
    if (typeof value === 'string' || validUtf8(value)) this.data[key] = value.toString();
    else this.binaryData[key] = value.toString('base64');
  }
}

/** hash.ConfigMapHash / hash.SecretHash: sha256 of the object's essentials as json.Marshal writes them, 10 characters without vowels. */
export function dataHash(
  kind: 'ConfigMap' | 'Secret',
  name: string,
  data: Record<string, string>,
  binaryData: Record<string, string>,
  type = '',
): string {
  const sorted = (m: Record<string, string>) =>
    Object.fromEntries(
      Object.keys(m)
        .sort()
        .map((k) => [k, m[k]]),
    );
  const essentials =
    kind === 'ConfigMap'
      ? { ...(Object.keys(binaryData).length ? { binaryData: sorted(binaryData) } : {}), data: sorted(data), kind, name }
      : { data: sorted(data), kind, name, type };
  const hex = createHash('sha256')
    .update(goJsonEscape(JSON.stringify(essentials)))
    .digest('hex')
    .slice(0, 10);
  return hex.replace(/[013ae]/g, (d) => ({ 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' })[d]!);
}
