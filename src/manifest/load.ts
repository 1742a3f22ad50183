// YAML/JSON manifests in, plain documents out; every error names the file (and line for YAML).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

/** Expand `-f` arguments: files, directories (their manifests; recursively with -R), `-` for stdin. */
export function listSources(paths: string[], recursive: boolean): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(p);
      continue;
    }
    if (/^https?:\/\//.test(p)) throw new CliError(`error: unable to read URL "${p}": sts works offline; download the file and pass its path`);
    if (!existsSync(p)) throw new CliError(`error: the path "${p}" does not exist`);
    if (statSync(p).isDirectory()) {
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
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

function readSource(src: string): string {
  if (src === '-') {
    try {
      return readFileSync(0, 'utf8');
    } catch {
      return '';
    }
  }
  try {
    return readFileSync(src, 'utf8');
  } catch (e) {
    throw new CliError(`error: unable to read "${src}": ${(e as Error).message}`);
  }
}

/** Parse every document of every source, expanding `kind: List`. Empty documents are skipped. */
export async function loadManifests(paths: string[], recursive = false): Promise<Doc[]> {
  if (!paths.length) throw new CliError('error: must specify one of -f and -k');
  const yaml = (await import('js-yaml')).default;
  const docs: Doc[] = [];
  for (const src of listSources(paths, recursive)) {
    const name = src === '-' ? 'STDIN' : src;
    const text = readSource(src);
    // Start line of each document, to say where a problem is.
    const starts = [1];
    text.split('\n').forEach((l, i) => {
      if (/^---(\s|$)/.test(l)) starts.push(i + 2);
    });
    let parsed: unknown[];
    try {
      parsed = yaml.loadAll(text, undefined, { json: true });
    } catch (e) {
      const err = e as { reason?: string; mark?: { line: number }; message: string };
      const where = err.mark ? `line ${err.mark.line + 1}: ` : '';
      throw new CliError(`error: error parsing ${name}: error converting YAML to JSON: yaml: ${where}${err.reason ?? err.message}`);
    }
    // loadAll drops nothing, so documents map to `---` separators in order (a leading `---` gives an empty first doc).
    const offset = parsed.length < starts.length ? starts.length - parsed.length : 0;
    parsed.forEach((obj, i) => {
      const line = starts[i + offset] ?? 1;
      if (obj === null || obj === undefined) return;
      if (typeof obj !== 'object' || Array.isArray(obj))
        throw new CliError(
          `error: error parsing ${name}: line ${line}: expected an object with apiVersion and kind, found ${Array.isArray(obj) ? 'a list' : JSON.stringify(obj)}`,
        );
      const o = obj as Json;
      if (o.kind === 'List' && Array.isArray(o.items)) {
        for (const item of o.items) docs.push({ source: name, line, obj: item });
      } else docs.push({ source: name, line, obj: o });
    });
  }
  return docs;
}
