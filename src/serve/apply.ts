// Server-side apply over HTTP (`PATCH` with `application/apply-patch+yaml`: `kubectl apply
// --server-side`, Helm 4) and the field managers of every other write, from
// apiserver/server-side-apply.ts.
import { defaultClassName, admit, createObject, updateObject } from '../apiserver/objects.js';
import { serverSideApply, applyConflictStatus, updateManagedFields } from '../apiserver/server-side-apply.js';
import { applyDefaults } from '../api/defaults.js';
import type { KObject } from '../api/types.js';
import { getObject, hasObject } from '../apiserver/read.js';
import type { Cluster } from '../store/cluster.js';
import { objectBody, sendJson } from './body.js';
import { ApiError, badRequest } from './status.js';
import type { ApiRequest, Handler } from './types.js';

/**
 * Who writes: the request's `fieldManager`, else the client's name from its User-Agent, as the API
 * server's default (`kubectl/v1.33.9 (linux/amd64) …` → `kubectl`).
 */
export function managerOf(req: ApiRequest): string {
  const given = req.query.get('fieldManager');
  if (given) return given;
  const agent = String(req.headers['user-agent'] ?? '');
  return agent.split('/')[0] || 'unknown';
}

/** An admitted object about to be stored by a plain write, with its writer's managedFields entry. */
export function tracked(c: Cluster, req: ApiRequest, before: KObject | undefined, after: KObject, subresource?: string): KObject {
  return updateManagedFields(before, after, managerOf(req), 'Update', c.timestamp(), subresource ? { subresource } : {});
}

export const applyHandler: Handler = async (ctx, req, res) => {
  const t = req.target!;
  if (!req.query.get('fieldManager')) throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
  const body = await objectBody(req);
  if (body.metadata.name !== undefined && body.metadata.name !== t.name)
    throw badRequest(`the name of the object (${String(body.metadata.name)}) does not match the name on the URL (${t.name})`);
  body.metadata.name = t.name!;
  const force = req.query.get('force') === 'true';
  const { code, obj } = await ctx.transact(
    (c) => {
      const ns = { name: t.ns ?? 'default', explicit: true };
      const live = hasObject(c, t.info, t.ns ?? '', t.name!) ? getObject(c, t.info, t.ns ?? '', t.name!) : undefined;
      const { object, conflicts } = serverSideApply(live, body, req.query.get('fieldManager')!, {
        force,
        now: c.timestamp(),
        defaults: (o) => applyDefaults(o, defaultClassName(c)),
      });
      if (conflicts.length) {
        const s = applyConflictStatus(conflicts);
        throw new ApiError(409, 'Conflict', s.message, s.details);
      }
      if (!live) return { code: 201, obj: createObject(c, admit(c, object, ns, 'request')) };
      const desired = admit(c, object, ns, 'request', 'patching');
      updateObject(c, live, desired);
      return { code: 200, obj: getObject(c, t.info, t.ns ?? '', t.name!) };
    },
    { dryRun: req.query.getAll('dryRun').includes('All') },
  );
  sendJson(res, code, obj);
};
