// The REST verbs on resources: list, get, create, update (PUT), delete, patch — each one command's
// worth of work in one transaction, through the same API layer the CLI uses (apiserver/).
import { apiVersionOf, qualifiedPlural, type KindInfo } from '../api/kinds.js';
import { parseSelector, type Selector } from '../api/labels.js';
import { jsonMerge, jsonPatch, PatchError, strategicMerge } from '../api/patch.js';
import { isObj, type Json, type KObject } from '../api/types.js';
import { deleteObject, type DeleteOptions } from '../apiserver/delete.js';
import { admit, createObject, updateObject } from '../apiserver/objects.js';
import { podSummary } from '../apiserver/pod-object.js';
import { getObject, hasObject, listObjects, listPodRecords } from '../apiserver/read.js';
import type { Cluster } from '../store/cluster.js';
import { matchesFields, parseFieldSelector } from '../cli/resources.js';
import { tracked } from './apply.js';
import { bodyDuplicates, fieldValidation, objectBody, parseBody, sendJson } from './body.js';
import { ApiError, badRequest, notFoundStatus } from './status.js';
import { includeObjectOf, table, tableRow, TABLE_ACCEPT } from './tables.js';
import type { ApiRequest, Handler, ResourceTarget } from './types.js';

/** The source name sts's errors carry for a manifest; the server's messages leave it out (status.ts). */
const SOURCE = 'request';

const wantsTable = (req: ApiRequest) => TABLE_ACCEPT.test(String(req.headers.accept ?? ''));
const isDryRun = (req: ApiRequest) => req.query.getAll('dryRun').includes('All');
const target = (req: ApiRequest): ResourceTarget => req.target!;

export function selectorOf(req: ApiRequest): Selector | undefined {
  const text = req.query.get('labelSelector');
  if (!text) return undefined;
  try {
    return parseSelector(text);
  } catch (e) {
    throw badRequest(`unable to parse requirement: ${(e as Error).message}`);
  }
}

export function fieldsOf(req: ApiRequest): ((o: KObject) => boolean) | undefined {
  const reqs = parseFieldSelector(req.query.get('fieldSelector') || undefined, [target(req).info]);
  return reqs && ((o: KObject) => matchesFields(reqs, o));
}

/** The objects a list asks for, in the API's order, each built only as far as the answer needs. */
export function listed(c: Cluster, t: ResourceTarget, req: ApiRequest): { objects: KObject[]; full: (o: KObject) => KObject } {
  const selector = selectorOf(req);
  const fields = fieldsOf(req);
  if (t.info.kind === 'Pod' && wantsTable(req) && !fields && includeObjectOf(req.query) !== 'Object') {
    const records = listPodRecords(c, t.ns, selector);
    return { objects: records.map((p) => podSummary(c, p)), full: (o) => o };
  }
  const objects = listObjects(c, t.info, t.ns, selector).filter((o) => !fields || fields(o));
  return { objects, full: (o) => o };
}

interface Continue {
  rv: string;
  after: string;
}
const keyOf = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** `limit` and `continue`: a page of the list, and the token for the next one. */
function page(objects: KObject[], req: ApiRequest, rv: string): { items: KObject[]; cont?: string; remaining?: number; rv: string } {
  let items = objects;
  const token = req.query.get('continue');
  if (token) {
    let c: Continue;
    try {
      c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
    }
    if (!isObj(c) || typeof c.rv !== 'string' || typeof c.after !== 'string')
      throw badRequest('continue key is not valid: the token is not one this server gave');
    items = items.filter((o) => keyOf(o) > c.after);
    rv = c.rv;
  }
  const limit = Number(req.query.get('limit') ?? 0);
  if (!(limit > 0) || items.length <= limit) return { items, rv };
  const shown = items.slice(0, limit);
  const next: Continue = { rv, after: keyOf(shown[shown.length - 1]) };
  return { items: shown, cont: Buffer.from(JSON.stringify(next)).toString('base64url'), remaining: items.length - limit, rv };
}

export const listHandler: Handler = async (ctx, req, res) => {
  const t = target(req);
  const { objects, now, rv } = await ctx.transact((c) => ({ ...listed(c, t, req), now: c.now, rv: String(c.file.seq.rv) }));
  const p = page(objects, req, rv);
  if (wantsTable(req)) {
    const include = includeObjectOf(req.query);
    return sendJson(
      res,
      200,
      table(
        t.info.kind,
        p.items.map((o) => tableRow(o, now, include)),
        p.rv,
        true,
        p.cont,
      ),
    );
  }
  sendJson(res, 200, {
    kind: `${t.info.kind}List`,
    apiVersion: apiVersionOf(t.info),
    metadata: { resourceVersion: p.rv, ...(p.cont ? { continue: p.cont, remainingItemCount: p.remaining } : {}) },
    items: p.items,
  });
};

export const getHandler: Handler = async (ctx, req, res) => {
  const t = target(req);
  const { obj, now } = await ctx.transact((c) => ({ obj: getObject(c, t.info, t.ns ?? '', t.name!), now: c.now }));
  if (wantsTable(req))
    return sendJson(res, 200, table(t.info.kind, [tableRow(obj, now, includeObjectOf(req.query))], obj.metadata.resourceVersion ?? ''));
  sendJson(res, 200, obj);
};

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** metadata.generateName: the prefix and five characters (the apiserver's SimpleNameGenerator). */
function generatedName(prefix: string): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += ALPHANUMS[Math.floor(Math.random() * ALPHANUMS.length)];
  return `${prefix}${s}`;
}

export const createHandler: Handler = async (ctx, req, res) => {
  const t = target(req);
  const raw = await objectBody(req);
  const meta = raw.metadata as Record<string, Json>;
  if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) meta.name = generatedName(meta.generateName);
  fieldValidation(req.query, res, raw, bodyDuplicates(req));
  const obj = await ctx.transact((c) => createObject(c, admit(c, raw, { name: t.ns ?? 'default', explicit: true }, SOURCE)), {
    dryRun: isDryRun(req),
  });
  sendJson(res, 201, obj);
};

/** An update's optimistic concurrency: a resourceVersion that is not the stored one is a Conflict. */
export function checkVersion(info: KindInfo, current: KObject, rv: unknown): void {
  if (rv !== undefined && rv !== null && rv !== '' && String(rv) !== current.metadata.resourceVersion)
    throw new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedPlural(info)} "${current.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name: current.metadata.name, ...(info.group ? { group: info.group } : {}), kind: info.plural },
    );
}

export const updateHandler: Handler = async (ctx, req, res) => {
  const t = target(req);
  const raw = await objectBody(req);
  const meta = raw.metadata as Record<string, Json>;
  if (meta.name !== undefined && meta.name !== t.name)
    throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${t.name})`);
  meta.name = t.name!;
  fieldValidation(req.query, res, raw, bodyDuplicates(req));
  const obj = await ctx.transact(
    (c) => {
      if (!hasObject(c, t.info, t.ns ?? '', t.name!)) throw notFoundStatus(t.info, t.name!);
      const current = getObject(c, t.info, t.ns ?? '', t.name!);
      checkVersion(t.info, current, meta.resourceVersion);
      const desired = admit(c, raw, { name: t.ns ?? 'default', explicit: true }, SOURCE, 'replacing');
      updateObject(c, current, tracked(c, req, current, desired));
      return getObject(c, t.info, t.ns ?? '', t.name!);
    },
    { dryRun: isDryRun(req) },
  );
  sendJson(res, 200, obj);
};

const CASCADE: Record<string, DeleteOptions['cascade']> = { Background: 'background', Foreground: 'foreground', Orphan: 'orphan' };

/** DeleteOptions from the body (kubectl's) or the query (client libraries may use either). */
async function deleteOptions(req: ApiRequest): Promise<DeleteOptions & { dryRun: boolean; uid?: string; rv?: string }> {
  const sent: Json = req.body.length ? await parseBody(req.body, String(req.headers['content-type'] ?? '')) : {};
  if (!isObj(sent)) throw badRequest('the body of a delete must be a DeleteOptions object');
  const body: Json = sent;
  const q = req.query;
  const policy = body.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && !CASCADE[policy]) throw badRequest(`propagationPolicy: Unsupported value: "${policy}"`);
  const orphan = body.orphanDependents ?? (q.get('orphanDependents') === 'true' ? true : undefined);
  const grace = body.gracePeriodSeconds ?? (q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : undefined);
  return {
    cascade: policy ? CASCADE[policy] : orphan ? 'orphan' : undefined,
    gracePeriod: typeof grace === 'number' && grace >= 0 ? grace : undefined,
    dryRun: isDryRun(req) || (Array.isArray(body.dryRun) && body.dryRun.includes('All')),
    uid: body.preconditions?.uid,
    rv: body.preconditions?.resourceVersion,
  };
}

export const deleteHandler: Handler = async (ctx, req, res) => {
  const t = target(req);
  const opts = await deleteOptions(req);
  const answer = await ctx.transact(
    (c) => {
      if (!hasObject(c, t.info, t.ns ?? '', t.name!)) throw notFoundStatus(t.info, t.name!);
      const before = getObject(c, t.info, t.ns ?? '', t.name!);
      if (opts.uid && opts.uid !== before.metadata.uid)
        throw new ApiError(
          409,
          'Conflict',
          `Operation cannot be fulfilled on ${qualifiedPlural(t.info)} "${t.name}": Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${before.metadata.uid}`,
        );
      checkVersion(t.info, before, opts.rv);
      deleteObject(c, t.info, t.ns, t.name!, opts);
      // still there (a pod stopping, a claim in use): the object, marked; gone: a Success Status
      if (hasObject(c, t.info, t.ns ?? '', t.name!)) return { obj: getObject(c, t.info, t.ns ?? '', t.name!) };
      return { gone: before };
    },
    { dryRun: opts.dryRun },
  );
  if ('obj' in answer) return sendJson(res, 200, answer.obj);
  const gone = answer.gone!;
  sendJson(res, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: t.name, ...(t.info.group ? { group: t.info.group } : {}), kind: t.info.plural, uid: gone.metadata.uid },
  });
};

/** The patched object, by the patch's content type (server-side apply has its own handler). */
export function patched(current: KObject, patch: Json, contentType: string): Json {
  try {
    if (contentType.startsWith('application/json-patch+json')) return jsonPatch(current, patch);
    if (contentType.startsWith('application/merge-patch+json')) return jsonMerge(current, patch);
    if (contentType.startsWith('application/strategic-merge-patch+json')) return strategicMerge(current, patch);
  } catch (e) {
    if (e instanceof PatchError) throw new ApiError(422, 'UnprocessableEntity', e.message);
    throw e;
  }
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
  );
}

export const patchHandler: Handler = async (ctx, req, res) => {
  const t = target(req);
  const contentType = String(req.headers['content-type'] ?? '');
  const patch = await parseBody(req.body, contentType);
  if (!contentType.startsWith('application/json-patch+json') && !isObj(patch))
    throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
  const obj = await ctx.transact(
    (c) => {
      if (!hasObject(c, t.info, t.ns ?? '', t.name!)) throw notFoundStatus(t.info, t.name!);
      const current = getObject(c, t.info, t.ns ?? '', t.name!);
      const next = patched(structuredClone(current), patch, contentType);
      fieldValidation(req.query, res, next);
      if (isObj(next) && isObj(next.metadata)) checkVersion(t.info, current, next.metadata.resourceVersion);
      const desired = admit(c, next, { name: current.metadata.namespace ?? 'default', explicit: false }, SOURCE, 'patching');
      updateObject(c, current, tracked(c, req, current, desired));
      return getObject(c, t.info, t.ns ?? '', t.name!);
    },
    { dryRun: isDryRun(req) },
  );
  sendJson(res, 200, obj);
};

/** DELETE on a collection: every object the selectors match, deleted one by one. */
export const deleteCollectionHandler: Handler = async (ctx, req, res) => {
  const t = target(req);
  const opts = await deleteOptions(req);
  const items = await ctx.transact(
    (c) => {
      const objs = listed(c, t, { ...req, headers: { ...req.headers, accept: 'application/json' } }).objects;
      for (const o of objs)
        if (hasObject(c, t.info, o.metadata.namespace ?? '', o.metadata.name)) deleteObject(c, t.info, o.metadata.namespace, o.metadata.name, opts);
      return objs;
    },
    { dryRun: opts.dryRun },
  );
  sendJson(res, 200, { kind: `${t.info.kind}List`, apiVersion: apiVersionOf(t.info), metadata: {}, items });
};
