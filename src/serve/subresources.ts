// Subresources: a StatefulSet's `scale` (autoscaling/v1 Scale, what `kubectl scale` reads and patches),
// any object's `status` (only status is written), and a pod's `eviction` (what `kubectl drain` posts).
import { isObj, type Json, type KObject } from '../api/types.js';
import { evictPod } from '../apiserver/eviction.js';
import { admit, updateObject } from '../apiserver/objects.js';
import { hasSubresource, scaleOf } from '../apiserver/scale.js';
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

/** GET/PUT/PATCH …/statefulsets/{name}/scale. */
export const scaleHandler: Handler = async (ctx, req, res) => {
  const t = req.target!;
  if (!hasSubresource(t.info, 'scale')) throw noRoute();
  const method = req.method;
  const contentType = String(req.headers['content-type'] ?? '');
  const body = method === 'GET' ? undefined : await parseBody(req.body, contentType);
  const { scale, now } = await ctx.transact((c) => ({ scale: scaleAfter(c, req, method, body, contentType), now: c.now }), { dryRun: isDryRun(req) });
  // kubectl get --subresource=scale asks for a Table: the apiserver's Scale columns (print/columns.ts)
  if (TABLE_ACCEPT.test(String(req.headers.accept ?? '')))
    return sendJson(res, 200, table('Scale', [tableRow(scale, now, includeObjectOf(req.query))], scale.metadata.resourceVersion ?? ''));
  sendJson(res, 200, scale);
};

/** The Scale after a GET, PUT or PATCH of it: only the set's spec.replicas is written, validated as a Scale's. */
function scaleAfter(c: Cluster, req: ApiRequest, method: string, body: Json, contentType: string): KObject {
  const t = req.target!;
  const set = stored(c, req);
  if (method === 'GET') return scaleOf(set);
  const current = scaleOf(set) as Json;
  const next: Json = method === 'PUT' ? body : patched(structuredClone(current) as KObject, body, contentType);
  if (!isObj(next) || !isObj(next.spec)) throw badRequest('the body of the request was not a Scale');
  checkVersion(t.info, set, next.metadata?.resourceVersion);
  const replicas = next.spec.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    throw new ApiError(
      422,
      'Invalid',
      `Scale.autoscaling "${t.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      {
        name: t.name,
        group: 'autoscaling',
        kind: 'Scale',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
            field: 'spec.replicas',
          },
        ],
      },
    );
  const copy = structuredClone(set);
  copy.spec.replicas = replicas;
  const desired = admit(c, copy, { name: set.metadata.namespace ?? 'default', explicit: false }, 'scale', 'patching');
  updateObject(c, set, tracked(c, req, set, desired, 'scale'));
  return scaleOf(stored(c, req));
}

/** GET/PUT/PATCH …/{name}/status: the object, with only its status written. */
export const statusHandler: Handler = async (ctx, req, res) => {
  if (!hasSubresource(req.target!.info, 'status')) throw noRoute();
  const method = req.method;
  const contentType = String(req.headers['content-type'] ?? '');
  const body = method === 'GET' ? undefined : await parseBody(req.body, contentType);
  const obj = await ctx.transact(
    (c) => {
      const current = stored(c, req);
      if (method === 'GET') return current;
      if (current.kind === 'Pod') throw new ApiError(405, 'MethodNotAllowed', 'the pod status is written only by the simulated kubelet');
      const next: Json = method === 'PUT' ? body : patched(structuredClone(current), body, contentType);
      if (!isObj(next)) throw badRequest('the body of the request was not an object');
      checkVersion(req.target!.info, current, next.metadata?.resourceVersion);
      const copy = { ...structuredClone(current), status: next.status };
      c.put(copy);
      return copy;
    },
    { dryRun: isDryRun(req) },
  );
  sendJson(res, 200, obj);
};

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
