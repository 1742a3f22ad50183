// Errors as the API server answers them: a `Status` object with the reason and code kubectl prints
// (`Error from server (NotFound): pods "nope" not found`). sts's own errors carry kubectl's whole
// line; the server sends the parts kubectl builds that line from.
import { CliError } from '../api/errors.js';
import { kindInfo, qualifiedPlural, type KindInfo } from '../api/kinds.js';

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: { reason: string; message: string; field?: string }[] };
  code: number;
}

/** An error the router turns into a Status response. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
  ) {
    super(message);
  }
}

const CODES: Record<string, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  UnprocessableEntity: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Timeout: 504,
};

/** field.ErrorType's reasons, by how their messages begin */
const CAUSES: Record<string, string> = {
  'Invalid value': 'FieldValueInvalid',
  'Required value': 'FieldValueRequired',
  Forbidden: 'FieldValueForbidden',
  'Unsupported value': 'FieldValueNotSupported',
  'Duplicate value': 'FieldValueDuplicate',
};

export const notFoundStatus = (info: KindInfo, name: string) =>
  new ApiError(404, 'NotFound', `${qualifiedPlural(info)} "${name}" not found`, {
    name,
    ...(info.group ? { group: info.group } : {}),
    kind: info.plural,
  });

/** 404 for a path the server does not serve (kubectl: "the server could not find the requested resource"). */
export const noRoute = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

/** The message inside sts's error line, without what kubectl adds itself for a manifest (`error when creating "x.yaml": `). */
const stripSource = (m: string) => m.replace(/^error when [a-z]+ "[^"]*": /, '');

/** Any error thrown while serving, as a Status. Errors that are not the API's are an InternalError. */
export function toStatus(e: unknown, info?: KindInfo, name?: string): StatusBody {
  const body = (code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody => ({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
  const target = info && name !== undefined ? { name, ...(info.group ? { group: info.group } : {}), kind: info.plural } : undefined;
  if (e instanceof ApiError) return body(e.code, e.reason, e.message, e.details ?? target);
  if (e instanceof CliError) {
    const server = /^Error from server \((\w+)\): (.*)$/s.exec(e.message);
    if (server) return body(CODES[server[1]] ?? 500, server[1], stripSource(server[2]), target);
    const invalid = /^The (\w+) "(.*?)" is invalid: (.*)$/s.exec(e.message);
    if (invalid) {
      const texts = invalid[3].startsWith('\n* ') ? invalid[3].slice(3).split('\n* ') : [invalid[3]];
      const causes = texts.map((t) => {
        const at = t.indexOf(': ');
        const message = at < 0 ? t : t.slice(at + 2);
        const reason = Object.entries(CAUSES).find(([start]) => message.startsWith(start))?.[1] ?? 'FieldValueInvalid';
        return { reason, message, field: at < 0 ? '' : t.slice(0, at) };
      });
      const kind = invalid[1];
      // a Scale (a subresource's kind) is autoscaling's; the rest are kinds sts knows
      const group = kind === 'Scale' ? 'autoscaling' : kindInfo(kind)?.group || undefined;
      const msg = `${group ? `${kind}.${group}` : kind} "${invalid[2]}" is invalid: ${texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`}`;
      return body(422, 'Invalid', msg, { name: invalid[2], ...(group ? { group } : {}), kind, causes });
    }
    // a client-side message (`error: …`) reached the server: the request was wrong
    return body(400, 'BadRequest', e.message.replace(/^error: /, ''), target);
  }
  return body(500, 'InternalError', `an error on the server ("${(e as Error)?.message ?? String(e)}") has prevented the request from succeeding`);
}
