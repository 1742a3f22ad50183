// Reading what a client sent and writing what the server answers: JSON bodies, Status errors,
// warnings. Bodies are read whole before any lock is taken, and bounded (a client cannot make the
// server hold the cluster, or all its memory).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObj, type Json, type KObject } from '../api/types.js';
import { decodeFields } from '../api/validation.js';
import { decodeProtobuf } from './protobuf.js';
import { ApiError, badRequest, toStatus } from './status.js';

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
export function fieldValidation(q: URLSearchParams, res: ServerResponse, obj: Json): void {
  const mode = q.get('fieldValidation') ?? 'Warn';
  if (mode === 'Strict' || !isObj(obj)) return;
  if (mode !== 'Warn' && mode !== 'Ignore') throw badRequest(`fieldValidation parameter unsupported: ${mode}, must be one of: Ignore, Warn, Strict`);
  const { unknown } = decodeFields(obj as KObject, true);
  if (mode === 'Warn') for (const f of unknown) warn(res, `unknown field "${f}"`);
}
