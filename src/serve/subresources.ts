// Subresources: a StatefulSet's `scale` (autoscaling/v1 Scale, what `kubectl scale` reads and patches),
// any object's `status` (only status is written), and a pod's `eviction` (what `kubectl drain` posts).
import { isObj, type Json, type KObject } from '../api/types.js';
import { evictPod } from '../apiserver/eviction.js';
import { hasSubresource, patchSubresource, readSubresource } from '../apiserver/scale.js';
import { includeObjectOf, table, tableRow, TABLE_ACCEPT } from './tables.js';
import { tracked } from './apply.js';
import { getObject, hasObject } from '../apiserver/read.js';
import type { Cluster } from '../store/cluster.js';
import { parseBody, sendJson } from './body.js';
import { checkVersion, patched } from './rest.js';
import { ApiError, badRequest, noRoute, notFoundStatus } from './status.js';
import type { ApiRequest, Handler } from './types.js';

const isDryRun = (req: ApiRequest) => req.query.getAll('dryRun').includes('All');

function stored(c: Cluster, req: ApiRequest): KObject {
  const t = req.target!;
  if (!hasObject(c, t.info, t.ns ?? '', t.name!)) throw notFoundStatus(t.info, t.name!);
  return getObject(c, t.info, t.ns ?? '', t.name!);
}

/** GET/PUT/PATCH …/statefulsets/{name}/scale and …/{name}/status, written as `sts patch --subresource` writes them. */
function subresourceHandler(sub: 'scale' | 'status'): Handler {
  return async (ctx, req, res) => {
    const t = req.target!;
    if (!hasSubresource(t.info, sub)) throw noRoute();
    const method = req.method;
    const contentType = String(req.headers['content-type'] ?? '');
    const body = method === 'GET' ? undefined : await parseBody(req.body, contentType);
    const { read, now } = await ctx.transact(
      (c) => {
        const obj = stored(c, req);
        if (method === 'GET') return { read: readSubresource(obj, sub), now: c.now };
        const write = (current: Json) => (method === 'PUT' ? body : patched(structuredClone(current) as KObject, body, contentType));
        const written = patchSubresource(c, t.info, obj, sub, write, {
          check: (next) => {
            if (!isObj(next)) throw badRequest(`the body of the request was not ${sub === 'scale' ? 'a Scale' : 'an object'}`);
            checkVersion(t.info, obj, next.metadata?.resourceVersion);
          },
          track: (before, after) => tracked(c, req, before, after, sub),
        });
        return { read: written.read, now: c.now };
      },
      { dryRun: isDryRun(req) },
    );
    // kubectl get --subresource=scale asks for a Table: the apiserver's Scale columns (print/columns.ts)
    if (sub === 'scale' && TABLE_ACCEPT.test(String(req.headers.accept ?? '')))
      return sendJson(res, 200, table('Scale', [tableRow(read, now, includeObjectOf(req.query))], read.metadata.resourceVersion ?? ''));
    sendJson(res, 200, read);
  };
}

export const scaleHandler = subresourceHandler('scale');
export const statusHandler = subresourceHandler('status');

/** POST …/pods/{name}/eviction: the budget allows it (201) or refuses (429, kubectl's drain retries). */
export const evictionHandler: Handler = async (ctx, req, res) => {
  const t = req.target!;
  if (t.info.kind !== 'Pod') throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  const body = req.body.length ? await parseBody(req.body, String(req.headers['content-type'] ?? '')) : {};
  const grace = body?.deleteOptions?.gracePeriodSeconds;
  const dryRun = isDryRun(req) || (Array.isArray(body?.deleteOptions?.dryRun) && body.deleteOptions.dryRun.includes('All'));
  const result = await ctx.transact((c) => evictPod(c, t.ns!, t.name!, { gracePeriod: typeof grace === 'number' ? grace : undefined, dryRun }), {
    dryRun,
  });
  if (result.outcome === 'notFound') throw notFoundStatus(t.info, t.name!);
  if (result.outcome === 'refused')
    throw new ApiError(result.code, result.code === 429 ? 'TooManyRequests' : 'InternalError', result.message, {
      ...(result.cause ? { causes: [{ reason: 'DisruptionBudget', message: result.cause }] } : {}),
    });
  sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
};
