// Reading what a client sent and writing what the server answers: JSON bodies, Status errors,
// warnings. Bodies are read whole before any lock is taken, and bounded (a client cannot make the
// server hold the cluster, or all its memory).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf } from '../api/kinds.js';
import { isObj, type Json, type KObject } from '../api/types.js';
import { decodeFields } from '../api/validation.js';
import { duplicateFields } from './json-duplicates.js';
import { decodeProtobuf } from './protobuf.js';
import { ApiError, badRequest, toStatus } from './status.js';
import type { ApiRequest } from './types.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** The API server's own limit on a request body (3 MiB); Helm's release Secrets stay under 1 MiB. */
export const MAX_BODY = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // answered once the rest is read (and dropped): a client still sending would see a reset, not the 413
        if (chunks.length) chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      size > limit
        ? reject(new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/**
 * A JSON body (YAML is accepted where the content type says so: server-side apply's; Kubernetes protobuf,
 * client-go's typed clients', is read into the JSON it stands for: src/serve/protobuf.ts).
 */
export async function parseBody(body: Buffer, contentType: string | undefined): Promise<Json> {
  if (contentType?.trim().toLowerCase().startsWith(PROTOBUF)) return decodeProtobuf(body).object;
  const text = body.toString('utf8');
  if (!text.trim())
    throw badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  try {
    return JSON.parse(text);
  } catch (e) {
    if (contentType?.includes('yaml')) {
      const yaml = (await import('js-yaml')).default;
      try {
        return yaml.load(text, { schema: yaml.JSON_SCHEMA }) as Json;
      } catch (y) {
        throw badRequest(`error converting YAML to JSON: ${(y as Error).message}`);
      }
    }
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

/** A body that must be an object of the path's kind: its kind and apiVersion those of the path (filled in
 *  when missing), its namespace the path's (every write that takes an object checks this one way). */
export async function objectBody(req: ApiRequest): Promise<Json> {
  const t = req.target!;
  const raw = await parseBody(req.body, String(req.headers['content-type'] ?? ''));
  if (!isObj(raw)) throw badRequest(`Object 'Kind' is missing in '${req.body.toString('utf8').slice(0, 100)}'`);
  raw.apiVersion ??= apiVersionOf(t.info);
  raw.kind ??= t.info.kind;
  if (raw.apiVersion !== apiVersionOf(t.info))
    throw badRequest(`the API version in the data (${raw.apiVersion}) does not match the expected API version (${apiVersionOf(t.info)})`);
  if (raw.kind !== t.info.kind) throw badRequest(`the kind in the data (${raw.kind}) does not match the expected kind (${t.info.kind})`);
  if (!isObj(raw.metadata)) raw.metadata = {};
  const meta = raw.metadata as Record<string, Json>;
  if (t.info.namespaced) {
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== t.ns)
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    meta.namespace = t.ns;
  }
  return raw;
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...warningHeaders(res) });
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown, ...where: Parameters<typeof toStatus> extends [unknown, ...infer R] ? R : never): void {
  const status = toStatus(e, ...where);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code, status);
}

const warnings = new WeakMap<ServerResponse, string[]>();

/** A `Warning: 299 - "…"` header: kubectl prints it as `Warning: …`. */
export function warn(res: ServerResponse, text: string): void {
  warnings.set(res, [...(warnings.get(res) ?? []), text]);
}

function warningHeaders(res: ServerResponse): Record<string, string[]> {
  const w = warnings.get(res);
  return w?.length ? { Warning: w.map((t) => `299 - ${JSON.stringify(t)}`) } : {};
}

/**
 * The request's fieldValidation: Strict refuses unknown fields (admission's strict decoder does), Warn
 * (the API's default, for clients that send none) and Ignore drop them first, Warn with a warning each.
 */
export function fieldValidation(q: URLSearchParams, res: ServerResponse, obj: Json, duplicates: string[] = []): void {
  const mode = q.get('fieldValidation') ?? 'Warn';
  if (mode !== 'Strict' && mode !== 'Warn' && mode !== 'Ignore')
    throw badRequest(`fieldValidation parameter unsupported: ${mode}, must be one of: Ignore, Warn, Strict`);
  if (!isObj(obj)) return;
  if (mode === 'Strict') {
    // admission's strict decoder reports unknown fields; keys given twice are lost to JSON.parse, so here
    if (!duplicates.length) return;
    const unknown = decodeFields(structuredClone(obj) as KObject, false).unknown;
    const kind = String(obj.kind);
    const version = String(obj.apiVersion).split('/').pop();
    const errors = [...duplicates.map((f) => `duplicate field "${f}"`), ...unknown.map((f) => `unknown field "${f}"`)];
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${errors.join(', ')}`);
  }
  const { unknown } = decodeFields(obj as KObject, true);
  if (mode === 'Warn')
    for (const f of [...duplicates.map((d) => `duplicate field "${d}"`), ...unknown.map((u) => `unknown field "${u}"`)]) warn(res, f);
}

/** The keys a JSON body gives twice (none for other formats: YAML's parser refuses them, protobuf has none). */
export const bodyDuplicates = (req: ApiRequest): string[] =>
  String(req.headers['content-type'] ?? 'application/json').includes('json') ? duplicateFields(req.body.toString('utf8')) : [];
