// YAML/JSON manifests in, plain documents out; every error names the file (and line for YAML).
// Aliases are bounded as the API server's YAML decoder bounds them (go-yaml v2's alias ratio).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '../api/errors.js';
import type { Json } from '../api/types.js';

export interface Doc {
  /** as kubectl names it in messages: the path given, or STDIN */
  source: string;
  /** 1-based line where the document starts */
  line: number;
  obj: Json;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** Where `-f` reads: relative paths against `cwd` (the process's own when not given), `-` from `stdin`
 *  (fd 0 when not given). Messages name paths as given. */
export interface ManifestInput {
  cwd?: string;
  stdin?: () => Promise<string>;
}

const at = (cwd: string | undefined, p: string) => (cwd === undefined ? p : resolve(cwd, p));

/** Expand `-f` arguments: files, directories (their manifests; recursively with -R), `-` for stdin,
 *  http(s) URLs (src/manifest/docs-urls.ts). */
export function listSources(paths: string[], recursive: boolean, cwd?: string): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(p);
      continue;
    }
    // a URL is read as a whole (readSource): the docs' examples from sts's own copies, others over HTTP
    if (/^https?:\/\//i.test(p)) {
      out.push(p);
      continue;
    }
    if (!existsSync(at(cwd, p))) throw new CliError(`error: the path "${p}" does not exist`);
    if (statSync(at(cwd, p)).isDirectory()) {
      const walk = (dir: string) => {
        for (const e of readdirSync(at(cwd, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
          const full = join(dir, e.name);
          if (e.isDirectory()) {
            if (recursive) walk(full);
          } else if (MANIFEST_EXT.test(e.name)) out.push(full);
        }
      };
      walk(p);
    } else out.push(p);
  }
  return out;
}

async function readSource(src: string, input: ManifestInput): Promise<string> {
  if (src === '-') {
    if (input.stdin) return input.stdin();
    try {
      return readFileSync(0, 'utf8');
    } catch {
      return '';
    }
  }
  if (/^https?:\/\//i.test(src)) return (await import('./docs-urls.js')).readUrl(src);
  try {
    return readFileSync(at(input.cwd, src), 'utf8');
  } catch (e) {
    throw new CliError(`error: unable to read "${src}": ${(e as Error).message}`);
  }
}

/** Parse every document of every source, expanding `kind: List`. Empty documents are skipped. */
export async function loadManifests(paths: string[], recursive = false, input: ManifestInput = {}): Promise<Doc[]> {
  if (!paths.length) throw new CliError('error: must specify one of -f and -k');
  const docs: Doc[] = [];
  for (const src of listSources(paths, recursive, input.cwd)) {
    const name = src === '-' ? 'STDIN' : src;
    const read = await readManifest(await readSource(src, input), name);
    // a source whose first document is unreadable fails as a whole, as before
    if (read.error && !read.docs.length) throw read.error.error;
    for (const d of read.docs) docs.push(d);
    if (read.error) docs.push(failedDoc(name, read.error.line, read.error.error));
  }
  return docs;
}

/** The documents of one source's text, named `name` in messages (the path, or STDIN); all or an error. */
export async function parseManifest(text: string, name: string): Promise<Doc[]> {
  const read = await readManifest(text, name);
  if (read.error) throw read.error.error;
  return read.docs;
}

/**
 * Like kubectl's YAMLReader, the stream is split on `---` separator lines first and each piece
 * decoded on its own, so a piece that does not parse costs only itself and what follows it: the
 * documents before it are kept and its error is returned beside them (kubectl's decoder stops at
 * the bad piece, so nothing after it is read). loadManifests hands the error on as a last document
 * whose `obj` throws it when read: the commands read `obj` inside their per-document error
 * collection, so it is reported with the others after the good documents were applied.
 */
export async function readManifest(text: string, name: string): Promise<{ docs: Doc[]; error?: { line: number; error: CliError } }> {
  const yaml = await importYaml();
  const docs: Doc[] = [];
  for (const piece of splitYamlDocuments(text)) {
    let parsed: unknown[];
    try {
      parsed = loadYamlStream(yaml, piece.text);
    } catch (e) {
      const mark = (e as { mark?: { line: number } } | null)?.mark;
      if (mark && typeof mark.line === 'number') mark.line += piece.line - 1;
      const error = new CliError(
        `error: error parsing ${name}: error converting YAML to JSON: yaml: ${e instanceof YamlError ? e.message : yamlErrorText(e)}`,
      );
      return { docs, error: { line: piece.line, error } };
    }
    // Start line of each document within the piece (a `--- x` line the split left in starts one too).
    const starts = [piece.line];
    if (piece.text.includes('---'))
      piece.text.split('\n').forEach((l, i) => {
        if (/^---(\s|$)/.test(l)) starts.push(piece.line + i + 1);
      });
    const offset = parsed.length < starts.length ? starts.length - parsed.length : 0;
    for (let i = 0; i < parsed.length; i++) {
      const obj = parsed[i];
      const line = starts[i + offset] ?? piece.line;
      if (obj === null || obj === undefined) continue;
      // not an object: like a piece that does not parse, it stops the stream; what came before stays
      if (typeof obj !== 'object' || Array.isArray(obj)) {
        const found = Array.isArray(obj) ? 'a list' : JSON.stringify(obj);
        const error = new CliError(`error: error parsing ${name}: line ${line}: expected an object with apiVersion and kind, found ${found}`);
        return { docs, error: { line, error } };
      }
      const o = obj as Json;
      if (o.kind === 'List' && Array.isArray(o.items)) {
        for (const item of o.items) docs.push({ source: name, line, obj: item });
      } else docs.push({ source: name, line, obj: o });
    }
  }
  return { docs };
}

/** A document that could not be read: reading its `obj` throws the error. */
function failedDoc(source: string, line: number, error: CliError): Doc {
  const doc = { source, line } as Doc;
  Object.defineProperty(doc, 'obj', {
    enumerable: true,
    get() {
      throw error;
    },
  });
  return doc;
}

/**
 * The pieces of a YAML stream as kubectl's YAMLReader cuts them: at lines that are `---`, maybe
 * followed by spaces or a comment; `line` is the 1-based line of the piece's first line.
 */
export function splitYamlDocuments(text: string): { text: string; line: number }[] {
  const pieces: { text: string; line: number }[] = [];
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^---[ \t]*(#.*)?\r?$/.test(lines[i])) {
      pieces.push({ text: lines.slice(start, i).join('\n'), line: start + 1 });
      start = i + 1;
    }
  }
  pieces.push({ text: lines.slice(start).join('\n'), line: start + 1 });
  return pieces;
}

const importYaml = async () => (await import('js-yaml')).default;
type JsYaml = Awaited<ReturnType<typeof importYaml>>;

/**
 * js-yaml's default schema with go-yaml v2's integers (resolve.go: underscores dropped, then
 * strconv.ParseInt(s, 0, 64)): `0400` is octal 256, as kubectl reads a secret volume's defaultMode,
 * where YAML 1.2 reads 400; `0x1F`, `0o17`, `0b101` and `1_000` too.
 */
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|0|[1-9][0-9]*)$/;
const goSchemas = new WeakMap<JsYaml, InstanceType<JsYaml['Schema']>>();
export function goYamlSchema(yaml: JsYaml): InstanceType<JsYaml['Schema']> {
  let schema = goSchemas.get(yaml);
  if (schema) return schema;
  const goInt = new yaml.Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (data: string | null) => data !== null && GO_INT.test(data.replace(/_/g, '')),
    construct: (data: string) => {
      const plain = data.replace(/_/g, '');
      const sign = plain.startsWith('-') ? -1 : 1;
      const digits = plain.replace(/^[-+]/, '');
      const radix = /^0[xX]/.test(digits) ? 16 : /^0[bB]/.test(digits) ? 2 : /^0[oO]?[0-7]/.test(digits) ? 8 : 10;
      return sign * parseInt(radix === 10 ? digits : digits.replace(/^0[xXbBoO]?/, ''), radix);
    },
    predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
    represent: (v: unknown) => String(v),
  });
  // js-yaml exports its built-in types; @types/js-yaml does not declare them
  const t = (yaml as unknown as { types: Record<string, InstanceType<JsYaml['Type']>> }).types;
  schema = yaml.FAILSAFE_SCHEMA.extend({
    implicit: [t.null, t.bool, goInt, t.float, t.timestamp, t.merge],
    explicit: [t.binary, t.omap, t.pairs, t.set],
  });
  goSchemas.set(yaml, schema);
  return schema;
}

/** A refusal in go-yaml's words (what follows `yaml: ` in kubectl's message). */
export class YamlError extends Error {}

/**
 * Every document of a YAML stream, refused where the API server's decoder refuses it. Aliases:
 * `excessiveAliasing`. Merge keys: js-yaml copies merged keys (and stops at 10,000 of them), so
 * they are counted on a second reading that leaves `<<` unresolved, as go-yaml counts them.
 */
export function loadYamlStream(yaml: JsYaml, text: string): unknown[] {
  let parsed: unknown[] | undefined;
  let failure: unknown;
  const anchors: Anchors = new WeakMap();
  // Without a `*` there is no alias, so no object is met twice: nothing for the anchors or the
  // walk below to find (they were a third of reading 2,000 plain documents).
  const aliases = text.includes('*');
  try {
    parsed = yaml.loadAll(text, undefined, { json: true, schema: goYamlSchema(yaml), ...(aliases && { listener: anchorListener(anchors) }) });
  } catch (e) {
    failure = e;
  }
  const merges = text.includes('<<');
  if (failure !== undefined && !(merges && /maxTotalMergeKeys/.test(String((failure as Error).message)))) throw failure;
  const asWritten = (merges && loadUnmerged(yaml, text, anchors)) || parsed || [];
  if (aliases)
    for (const doc of asWritten) {
      const alias = excessiveAliasing(doc, anchors);
      if (alias) throw new YamlError(alias);
    }
  if (failure !== undefined) throw failure;
  return parsed!;
}

/** Which anchor each anchored map or list was written with (for `anchor 'a' value contains itself`). */
type Anchors = WeakMap<object, string>;

function anchorListener(anchors: Anchors) {
  return (event: string, state: { anchor?: string | null; result?: unknown }) => {
    if (event === 'close' && state.anchor && typeof state.result === 'object' && state.result !== null) anchors.set(state.result, state.anchor);
  };
}

/** The documents with `<<` left as a key (the core schema has no merge type), if they load so. */
function loadUnmerged(yaml: JsYaml, text: string, anchors: Anchors): unknown[] | undefined {
  try {
    return yaml.loadAll(text, undefined, { json: true, schema: yaml.CORE_SCHEMA, listener: anchorListener(anchors) });
  } catch {
    return undefined;
  }
}

/** js-yaml's complaint as kubectl words it: go-yaml's text for an unknown anchor, else `line N: reason`. */
export function yamlErrorText(e: unknown): string {
  const err = e as { reason?: string; mark?: { line: number }; message: string };
  const alias = /^unidentified alias "(.*)"$/.exec(err.reason ?? '');
  if (alias) return `unknown anchor '${alias[1]}' referenced`;
  const where = err.mark ? `line ${err.mark.line + 1}: ` : '';
  return `${where}${err.reason ?? err.message}`;
}

// go-yaml v2 decode.go: after 1,000 decodes and 100 decodes made under an alias, the share of
// alias-driven decodes may not exceed allowedAliasRatio (99% for small documents, down to 10%
// for very large ones) — the bound that stops a "billion laughs" document.
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_RANGE_LOW) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW));
}

/**
 * `document contains excessive aliasing` if go-yaml would refuse this document, else undefined.
 * js-yaml hands an aliased map or list back as the same object, so an object met again is an
 * alias; its expansion (the decodes go-yaml would make under it) is measured once and remembered,
 * so the check is linear in the document as written, never in its expansion. Within an expansion
 * every decode is alias-driven, so the ratio only grows: checking at its end is checking at every
 * step. (An alias of a scalar comes back as a plain value and counts as written: that can only
 * lower the ratio, and a scalar cannot expand.) A map or list met again while it is still being
 * walked contains itself, which js-yaml allows and go-yaml refuses.
 */
export function excessiveAliasing(doc: unknown, anchors?: Anchors): string | undefined {
  let decodes = 1; // the document node
  let aliased = 0;
  const expansion = new Map<object, number>();
  const open = new Set<object>();
  const over = () => aliased > 100 && decodes > 1000 && aliased / decodes > allowedAliasRatio(decodes);
  // an explicit stack: [value, state] where state is the decode count when the value was entered
  const stack: [unknown, number | undefined][] = [[doc, undefined]];
  while (stack.length) {
    const top = stack.pop()!;
    const [v, entered] = top;
    if (entered !== undefined) {
      expansion.set(v as object, decodes - entered);
      open.delete(v as object);
      continue;
    }
    if (typeof v !== 'object' || v === null) {
      decodes++;
      if (over()) return 'document contains excessive aliasing';
      continue;
    }
    if (open.has(v)) return `anchor '${anchors?.get(v) ?? ''}' value contains itself`;
    const seen = expansion.get(v);
    if (seen !== undefined) {
      decodes += 1 + seen; // the alias node, then its target under the alias
      aliased += seen;
      if (over()) return 'document contains excessive aliasing';
      continue;
    }
    decodes++;
    if (over()) return 'document contains excessive aliasing';
    open.add(v);
    stack.push([v, decodes - 1]);
    // items in order; a map's key is decoded (a scalar) before its value — except a merge key `<<`,
    // whose value alone is decoded (a list of maps item by item, not the list itself)
    const entries: unknown[] = [];
    if (Array.isArray(v)) for (const x of v) entries.push(x);
    else
      for (const [k, x] of Object.entries(v)) {
        if (k !== '<<') entries.push(k, x);
        else if (Array.isArray(x)) for (const y of x) entries.push(y);
        else entries.push(x);
      }
    for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i], undefined]);
  }
  return undefined;
}
