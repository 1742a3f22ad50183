// The OpenAPI v3 that `sts serve` publishes: GET /openapi/v3 (the root: where each group-version's
// document is, with a content hash) and GET /openapi/v3/{api/v1|apis/<group>/<version>} (kube-apiserver's
// handler3 in k8s.io/kube-openapi). kubectl reads it for two things: `create|apply|replace -f` with
// --validate=strict (cli-runtime's queryParamVerifierV3: the PATCH operation tagged with the kind's
// group-version-kind offers `fieldValidation`, so the server validates) and `kubectl explain`.
import { createHash } from 'node:crypto';
import { KINDS, type KindInfo } from '../api/kinds.js';
import { buildSchemas, closure, gvkOf, refTo, type Schema } from './openapi-schemas.js';

/** `api/v1`, `apis/apps/v1`: a group-version's path under /openapi/v3 (and under the server's root). */
export const openapiPathOf = (k: Pick<KindInfo, 'group' | 'version'>) => (k.group ? `apis/${k.group}/${k.version}` : `api/${k.version}`);

const param = (name: string, type = 'string', where: 'query' | 'path' = 'query'): Schema =>
  where === 'path' ? { name, in: 'path', required: true, schema: { type } } : { name, in: where, schema: { type, uniqueItems: true } };

// the query parameters kube-apiserver's operations take (endpoints/installer.go), without their long descriptions
const WRITE = [param('dryRun'), param('fieldManager'), param('fieldValidation')];
const PARAMS: Record<string, Schema[]> = {
  list: [
    param('allowWatchBookmarks', 'boolean'),
    param('continue'),
    param('fieldSelector'),
    param('labelSelector'),
    param('limit', 'integer'),
    param('resourceVersion'),
    param('resourceVersionMatch'),
    param('sendInitialEvents', 'boolean'),
    param('timeoutSeconds', 'integer'),
    param('watch', 'boolean'),
  ],
  get: [],
  post: WRITE,
  put: WRITE,
  patch: [...WRITE, param('force', 'boolean')],
  delete: [param('dryRun'), param('gracePeriodSeconds', 'integer'), param('propagationPolicy')],
};

const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** `Apps`, `Core`, `RbacAuthorization`, `Storage`: how operation ids name a group (`patchAppsV1NamespacedStatefulSet`). */
function groupWord(group: string): string {
  const words = group ? group.replace(/\.k8s\.io$/, '').split('.') : ['core'];
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function operation(k: KindInfo, action: string, verb: string, scope: string, schema: string): Schema {
  const json = (s: Schema) => ({ content: { 'application/json': { schema: s } } });
  const body =
    action === 'patch' ? { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: { type: 'object' } }])) } : json({ $ref: refTo(schema) });
  return {
    operationId: `${verb}${groupWord(k.group)}${k.version[0].toUpperCase()}${k.version.slice(1)}${scope}`,
    parameters: PARAMS[action],
    ...(action === 'post' || action === 'put' || action === 'patch' ? { requestBody: { ...body, required: true } } : {}),
    responses: { '200': { description: 'OK', ...(action === 'list' || action === 'delete' ? {} : json({ $ref: refTo(schema) })) } },
    tags: [`${k.group ? k.group.replace(/\.k8s\.io$/, '').replace(/\./g, '') : 'core'}_${k.version}`],
    'x-kubernetes-action': action,
    // a single object on an operation (an array on a schema)
    'x-kubernetes-group-version-kind': gvkOf(k),
  };
}

/** A kind's paths: its collection (list, create), its objects (read, replace, patch, delete) and, for a
 *  namespaced kind, the list across namespaces. */
function kindPaths(k: KindInfo, schema: string): Record<string, Schema> {
  const prefix = `/${openapiPathOf(k)}`;
  const ns = k.namespaced ? 'Namespaced' : '';
  const collection = k.namespaced ? `${prefix}/namespaces/{namespace}/${k.plural}` : `${prefix}/${k.plural}`;
  const scopeParams = k.namespaced ? [param('namespace', 'string', 'path')] : [];
  const op = (action: string, verb: string, scope = `${ns}${k.kind}`) => operation(k, action, verb, scope, schema);
  const paths: Record<string, Schema> = {
    [collection]: { get: op('list', 'list'), post: op('post', 'create'), parameters: [...scopeParams, param('pretty')] },
    [`${collection}/{name}`]: {
      delete: op('delete', 'delete'),
      get: op('get', 'read'),
      parameters: [param('name', 'string', 'path'), ...scopeParams, param('pretty')],
      patch: op('patch', 'patch'),
      put: op('put', 'replace'),
    },
  };
  if (k.namespaced) paths[`${prefix}/${k.plural}`] = { get: op('list', 'list', `${k.kind}ForAllNamespaces`), parameters: [param('pretty')] };
  return paths;
}

/** The documents are shared by every request: nothing may change them. */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

const digest = (doc: object) => createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();

interface Published {
  root: object;
  documents: Map<string, object>;
}

let published: Published | undefined;

/** Built once: every group-version's document, and the root naming them with their hashes. */
function publish(): Published {
  if (published) return published;
  const { schemas, kindSchema } = buildSchemas();
  const byGroupVersion = new Map<string, KindInfo[]>();
  for (const k of KINDS) byGroupVersion.set(openapiPathOf(k), [...(byGroupVersion.get(openapiPathOf(k)) ?? []), k]);
  const documents = new Map<string, object>();
  const rootPaths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of [...byGroupVersion.keys()].sort()) {
    const kinds = byGroupVersion.get(gv)!;
    const paths: Record<string, Schema> = {};
    for (const k of kinds) Object.assign(paths, kindPaths(k, kindSchema.get(k)!));
    const used = closure(
      schemas,
      kinds.map((k) => kindSchema.get(k)!),
    );
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'unversioned' },
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1))),
      components: { schemas: Object.fromEntries(used.map((name) => [name, schemas.get(name)!])) },
    };
    documents.set(gv, deepFreeze(doc));
    rootPaths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${digest(doc)}` };
  }
  published = { root: deepFreeze({ paths: rootPaths }), documents };
  return published;
}

/** GET /openapi/v3: `{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=…"},…}}`. */
export function openapiRoot(): object {
  return publish().root;
}

/** GET /openapi/v3/{groupVersionPath} (`api/v1`, `apis/apps/v1`); undefined for a group-version sts does not serve (404). */
export function openapiDocument(groupVersionPath: string): object | undefined {
  const docs = publish().documents;
  return docs.has(groupVersionPath) ? docs.get(groupVersionPath) : undefined;
}
