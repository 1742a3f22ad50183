// `GET …/pods/{name}/log`: a container's log as text/plain, with what `sts logs` reads and how it cuts
// it (cli/logs.ts: readStream, kubeletText), the pod registry's LogLocation and ValidatePodLogOptions
// for the query, and `follow=true` kept open, appending what the log gains until the container ends.
import type { ServerResponse } from 'node:http';
import { CliError } from '../api/errors.js';
import { podObject } from '../apiserver/pod-object.js';
import { kubeletText, parseRfc3339, readStream, type LogRequest } from '../cli/logs.js';
import { goBool, goInt, podContainer } from './exec-query.js';
import { ApiError, badRequest, notFoundStatus } from './status.js';
import type { ApiRequest, Handler, ServeContext } from './types.js';

/** How often a followed log looks for new lines (the server's ticker moves a real clock meanwhile). */
const FOLLOW_POLL_MS = 200;

/** ValidatePodLogOptions' field errors, as a 422 for PodLogOptions. */
function invalid(name: string, field: string, value: number, rule: string): ApiError {
  const message = `Invalid value: ${value}: ${rule}`;
  return new ApiError(422, 'Invalid', `PodLogOptions "${name}" is invalid: ${field}: ${message}`, {
    name,
    kind: 'PodLogOptions',
    causes: [{ reason: 'FieldValueInvalid', message, field }],
  });
}

/** PodLogOptions from the query, checked. */
export function logRequest(q: URLSearchParams, name: string): LogRequest & { follow: boolean } {
  const tail = goInt(q, 'tailLines');
  const sinceSeconds = goInt(q, 'sinceSeconds');
  const limitBytes = goInt(q, 'limitBytes');
  const sinceTime = q.get('sinceTime') || undefined;
  if (tail !== undefined && tail < 0) throw invalid(name, 'tailLines', tail, 'must be greater than or equal to 0');
  if (limitBytes !== undefined && limitBytes < 1) throw invalid(name, 'limitBytes', limitBytes, 'must be greater than 0');
  if (sinceSeconds !== undefined && sinceTime !== undefined)
    throw new ApiError(
      422,
      'Invalid',
      `PodLogOptions "${name}" is invalid: : Forbidden: at most one of \`sinceTime\` or \`sinceSeconds\` may be specified`,
      {
        name,
        kind: 'PodLogOptions',
        causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified', field: '' }],
      },
    );
  if (sinceSeconds !== undefined && sinceSeconds < 1) throw invalid(name, 'sinceSeconds', sinceSeconds, 'must be greater than 0');
  let since: number | undefined;
  try {
    since = sinceTime === undefined ? undefined : parseRfc3339(sinceTime);
  } catch (e) {
    throw badRequest(e instanceof CliError ? e.message.replace(/^error: /, '') : String(e));
  }
  return {
    tail,
    since,
    sinceSeconds,
    limitBytes,
    timestamps: goBool(q, 'timestamps'),
    previous: goBool(q, 'previous'),
    follow: goBool(q, 'follow'),
  };
}

/** `GET /api/v1/namespaces/{ns}/pods/{name}/log?container=&follow=&tailLines=&sinceSeconds=&sinceTime=&timestamps=&previous=&limitBytes=` */
export const podLog: Handler = async (ctx: ServeContext, req: ApiRequest, res: ServerResponse) => {
  const target = req.target;
  if (!target?.name) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  const name = target.name;
  const ns = target.ns ?? 'default';
  const opts = logRequest(req.query, name);
  const read = (container?: string) =>
    ctx.transact((c) => {
      const p = c.pod(ns, name);
      if (!p) throw notFoundStatus(target.info, name);
      const pod = podObject(c, p);
      const ctr = container ?? podContainer(pod.spec, name, req.query.get('container')).name;
      const stream = readStream(c, c.statePath ?? ctx.statePath, pod, ctr, opts.previous);
      return { uid: p.uid, container: ctr, stream, now: c.now };
    });
  const first = await read();
  if (first.stream.refused !== undefined) throw badRequest(first.stream.refused);

  /** --limit-bytes counts all the stream sends */
  let budget = opts.limitBytes ?? Infinity;
  const send = (text: string) => {
    const cut = Number.isFinite(budget) ? Buffer.from(text).subarray(0, budget) : Buffer.from(text);
    budget -= cut.length;
    if (cut.length) res.write(cut);
  };
  res.on('error', () => undefined); // a client gone mid-stream is the end of it, not the server's
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  if (!opts.follow) {
    send(kubeletText(first.stream.lines ?? [], opts, first.now));
    res.end();
    return;
  }
  res.flushHeaders();
  send(kubeletText(first.stream.lines ?? [], opts, first.now));
  let closed = false;
  res.on('close', () => (closed = true));
  let seen = first.stream.lines?.length ?? 0;
  const later: LogRequest = { ...opts, tail: undefined, since: undefined, sinceSeconds: undefined };
  // as `sts logs -f`: what the log adds, until the container ends (its pod gone or replaced) or the client leaves
  while (!closed && budget > 0) {
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
    if (closed) break;
    let now: Awaited<ReturnType<typeof read>>;
    try {
      now = await read(first.container);
    } catch {
      break; // the pod is gone, or the server is stopping
    }
    if (now.uid !== first.uid || now.stream.refused !== undefined) break;
    const lines = now.stream.lines!;
    const added = lines.length >= seen ? lines.slice(seen) : lines;
    seen = lines.length;
    if (added.length) send(kubeletText(added, later, now.now));
  }
  if (!res.writableEnded) res.end();
};
