// A loopback stand-in for a Kubernetes API server, just real enough for kubectl to resolve
// resource names exactly as it would against a cluster, and to show what it would ask for.
//
// It answers legacy discovery (/api, /apis, /api/v1, /apis/<group>/<version>) and /version.
// kubectl 1.33 first asks for aggregated discovery (Accept: application/json;g=apidiscovery.k8s.io;
// v=v2;as=APIGroupDiscoveryList, ...); the answer here is plain `application/json` with the legacy
// types, which makes it fall back to the legacy documents, as against an older server.
//
// It also serves a minimal OpenAPI v3 (/openapi/v3 and one document per group-version) holding
// only what kubectl's `--validate=strict` (the default) looks for: each resource's PATCH operation,
// tagged with its group-version-kind and offering the `fieldValidation` query parameter. Without
// it, apply/create/replace -f stop at "failed to download openapi" before sending the objects.
// These requests are recorded (they are part of what a command does), unlike discovery.
//
// Every other request is recorded ({method, path, query, body}) and answered: a list → an empty
// list of the right kind; a named object (or its subresource) → 404 NotFound for that object;
// anything else → a 404 Status. Watches end at once (empty body), so kubectl never hangs on one.
// One exception: the four namespaces every cluster has (default, kube-system, kube-public,
// kube-node-lease) exist, because kubectl 1.33 looks the namespace up after a named object was
// not found in it and would otherwise report `namespaces "kube-system" not found`.
//
// Requests can be kept apart per caller: a kubeconfig whose server is `<url>/c/<channel>` has its
// requests recorded under that channel (the prefix is stripped before anything else).

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** the path as the API server sees it (channel prefix removed), still percent-encoded */
  path: string;
  /** decoded query parameters; a key given more than once has its values joined by ',' */
  query: Record<string, string>;
  /** the request body as text ('' when none) */
  body: string;
}

export interface StubApiserver {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** requests that came without a channel prefix */
  readonly requests: RecordedRequest[];
  /** a fresh channel: its server URL, for a kubeconfig, and its id */
  openChannel(): { id: string; server: string };
  /** the requests recorded under a channel so far; `forget` drops the channel afterwards */
  channelRequests(id: string, forget?: boolean): RecordedRequest[];
  close(): Promise<void>;
}

export const STUB_GIT_VERSION = 'v1.33.1';

// ---------------------------------------------------------------------------------------------
// Discovery data: the real names, kinds, verbs, short names and categories of a 1.33 cluster.

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUB = ['get', 'patch', 'update'];
const PROXY = ['create', 'delete', 'get', 'patch', 'update'];

function r(
  name: string,
  singularName: string,
  namespaced: boolean,
  kind: string,
  verbs: string[] = ALL,
  extra: Partial<APIResource> = {},
): APIResource {
  return { name, singularName, namespaced, kind, verbs, ...extra };
}
/** a subresource: real discovery gives it an empty singularName */
function sub(name: string, namespaced: boolean, kind: string, verbs: string[], extra: Partial<APIResource> = {}): APIResource {
  return { name, singularName: '', namespaced, kind, verbs, ...extra };
}
const scale = (name: string): APIResource => sub(name, true, 'Scale', SUB, { group: 'autoscaling', version: 'v1' });

/** groupVersion ('v1' for the legacy core group) → its resources, in the order a server lists them */
export const DISCOVERY: Record<string, APIResource[]> = {
  v1: [
    r('bindings', 'binding', true, 'Binding', ['create']),
    r('componentstatuses', 'componentstatus', false, 'ComponentStatus', ['get', 'list'], { shortNames: ['cs'] }),
    r('configmaps', 'configmap', true, 'ConfigMap', ALL, { shortNames: ['cm'] }),
    r('endpoints', 'endpoints', true, 'Endpoints', ALL, { shortNames: ['ep'] }),
    r('events', 'event', true, 'Event', ALL, { shortNames: ['ev'] }),
    r('limitranges', 'limitrange', true, 'LimitRange', ALL, { shortNames: ['limits'] }),
    r('namespaces', 'namespace', false, 'Namespace', ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], {
      shortNames: ['ns'],
    }),
    sub('namespaces/finalize', false, 'Namespace', ['update']),
    sub('namespaces/status', false, 'Namespace', SUB),
    r('nodes', 'node', false, 'Node', ALL, { shortNames: ['no'] }),
    sub('nodes/proxy', false, 'NodeProxyOptions', PROXY),
    sub('nodes/status', false, 'Node', SUB),
    r('persistentvolumeclaims', 'persistentvolumeclaim', true, 'PersistentVolumeClaim', ALL, { shortNames: ['pvc'] }),
    sub('persistentvolumeclaims/status', true, 'PersistentVolumeClaim', SUB),
    r('persistentvolumes', 'persistentvolume', false, 'PersistentVolume', ALL, { shortNames: ['pv'] }),
    sub('persistentvolumes/status', false, 'PersistentVolume', SUB),
    r('pods', 'pod', true, 'Pod', ALL, { shortNames: ['po'], categories: ['all'] }),
    sub('pods/attach', true, 'PodAttachOptions', ['create', 'get']),
    sub('pods/binding', true, 'Binding', ['create']),
    sub('pods/ephemeralcontainers', true, 'Pod', SUB),
    sub('pods/eviction', true, 'Eviction', ['create'], { group: 'policy', version: 'v1' }),
    sub('pods/exec', true, 'PodExecOptions', ['create', 'get']),
    sub('pods/log', true, 'Pod', ['get']),
    sub('pods/portforward', true, 'PodPortForwardOptions', ['create', 'get']),
    sub('pods/proxy', true, 'PodProxyOptions', PROXY),
    sub('pods/resize', true, 'Pod', SUB),
    sub('pods/status', true, 'Pod', SUB),
    r('podtemplates', 'podtemplate', true, 'PodTemplate'),
    r('replicationcontrollers', 'replicationcontroller', true, 'ReplicationController', ALL, {
      shortNames: ['rc'],
      categories: ['all'],
    }),
    scale('replicationcontrollers/scale'),
    sub('replicationcontrollers/status', true, 'ReplicationController', SUB),
    r('resourcequotas', 'resourcequota', true, 'ResourceQuota', ALL, { shortNames: ['quota'] }),
    sub('resourcequotas/status', true, 'ResourceQuota', SUB),
    r('secrets', 'secret', true, 'Secret'),
    r('serviceaccounts', 'serviceaccount', true, 'ServiceAccount', ALL, { shortNames: ['sa'] }),
    sub('serviceaccounts/token', true, 'TokenRequest', ['create'], { group: 'authentication.k8s.io', version: 'v1' }),
    r('services', 'service', true, 'Service', ALL, { shortNames: ['svc'], categories: ['all'] }),
    sub('services/proxy', true, 'ServiceProxyOptions', PROXY),
    sub('services/status', true, 'Service', SUB),
  ],
  'apps/v1': [
    r('controllerrevisions', 'controllerrevision', true, 'ControllerRevision'),
    r('daemonsets', 'daemonset', true, 'DaemonSet', ALL, { shortNames: ['ds'], categories: ['all'] }),
    sub('daemonsets/status', true, 'DaemonSet', SUB),
    r('deployments', 'deployment', true, 'Deployment', ALL, { shortNames: ['deploy'], categories: ['all'] }),
    scale('deployments/scale'),
    sub('deployments/status', true, 'Deployment', SUB),
    r('replicasets', 'replicaset', true, 'ReplicaSet', ALL, { shortNames: ['rs'], categories: ['all'] }),
    scale('replicasets/scale'),
    sub('replicasets/status', true, 'ReplicaSet', SUB),
    r('statefulsets', 'statefulset', true, 'StatefulSet', ALL, { shortNames: ['sts'], categories: ['all'] }),
    scale('statefulsets/scale'),
    sub('statefulsets/status', true, 'StatefulSet', SUB),
  ],
  'batch/v1': [
    r('cronjobs', 'cronjob', true, 'CronJob', ALL, { shortNames: ['cj'], categories: ['all'] }),
    sub('cronjobs/status', true, 'CronJob', SUB),
    r('jobs', 'job', true, 'Job', ALL, { categories: ['all'] }),
    sub('jobs/status', true, 'Job', SUB),
  ],
  'policy/v1': [
    r('poddisruptionbudgets', 'poddisruptionbudget', true, 'PodDisruptionBudget', ALL, { shortNames: ['pdb'] }),
    sub('poddisruptionbudgets/status', true, 'PodDisruptionBudget', SUB),
  ],
  'storage.k8s.io/v1': [
    r('csidrivers', 'csidriver', false, 'CSIDriver'),
    r('csinodes', 'csinode', false, 'CSINode'),
    r('csistoragecapacities', 'csistoragecapacity', true, 'CSIStorageCapacity'),
    r('storageclasses', 'storageclass', false, 'StorageClass', ALL, { shortNames: ['sc'] }),
    r('volumeattachments', 'volumeattachment', false, 'VolumeAttachment'),
    sub('volumeattachments/status', false, 'VolumeAttachment', SUB),
  ],
  'rbac.authorization.k8s.io/v1': [
    r('clusterrolebindings', 'clusterrolebinding', false, 'ClusterRoleBinding'),
    r('clusterroles', 'clusterrole', false, 'ClusterRole'),
    r('rolebindings', 'rolebinding', true, 'RoleBinding'),
    r('roles', 'role', true, 'Role'),
  ],
  'networking.k8s.io/v1': [
    r('ingressclasses', 'ingressclass', false, 'IngressClass'),
    r('ingresses', 'ingress', true, 'Ingress', ALL, { shortNames: ['ing'] }),
    sub('ingresses/status', true, 'Ingress', SUB),
    r('ipaddresses', 'ipaddress', false, 'IPAddress', ALL, { shortNames: ['ip'] }),
    r('networkpolicies', 'networkpolicy', true, 'NetworkPolicy', ALL, { shortNames: ['netpol'] }),
    r('servicecidrs', 'servicecidr', false, 'ServiceCIDR'),
    sub('servicecidrs/status', false, 'ServiceCIDR', SUB),
  ],
  'discovery.k8s.io/v1': [r('endpointslices', 'endpointslice', true, 'EndpointSlice')],
  'events.k8s.io/v1': [r('events', 'event', true, 'Event', ALL, { shortNames: ['ev'] })],
  'autoscaling/v2': [
    r('horizontalpodautoscalers', 'horizontalpodautoscaler', true, 'HorizontalPodAutoscaler', ALL, {
      shortNames: ['hpa'],
      categories: ['all'],
    }),
    sub('horizontalpodautoscalers/status', true, 'HorizontalPodAutoscaler', SUB),
  ],
  'coordination.k8s.io/v1': [r('leases', 'lease', true, 'Lease')],
  'authorization.k8s.io/v1': [
    r('localsubjectaccessreviews', 'localsubjectaccessreview', true, 'LocalSubjectAccessReview', ['create']),
    r('selfsubjectaccessreviews', 'selfsubjectaccessreview', false, 'SelfSubjectAccessReview', ['create']),
    r('selfsubjectrulesreviews', 'selfsubjectrulesreview', false, 'SelfSubjectRulesReview', ['create']),
    r('subjectaccessreviews', 'subjectaccessreview', false, 'SubjectAccessReview', ['create']),
  ],
  'apiextensions.k8s.io/v1': [
    r('customresourcedefinitions', 'customresourcedefinition', false, 'CustomResourceDefinition', ALL, {
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
    }),
    sub('customresourcedefinitions/status', false, 'CustomResourceDefinition', SUB),
  ],
};

/** the groups /apis lists, in a real server's order */
export const API_GROUPS = Object.keys(DISCOVERY).filter((gv) => gv.includes('/'));

function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: API_GROUPS.map((gv) => {
      const [name, version] = gv.split('/');
      const v = { groupVersion: gv, version };
      return { name, versions: [v], preferredVersion: v };
    }),
  };
}

function apiResourceList(gv: string) {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: DISCOVERY[gv] };
}

/** /openapi/v3 → where each group-version's document is */
function openapiRoot() {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of Object.keys(DISCOVERY)) {
    const key = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${STUB_GIT_VERSION}` };
  }
  return { paths };
}

/** a group-version's OpenAPI v3 document: just the PATCH operations, with their GVK and fieldValidation */
function openapiDocument(gv: string) {
  const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
  const prefix = group ? `/apis/${gv}` : `/api/${gv}`;
  const paths: Record<string, unknown> = {};
  for (const res of DISCOVERY[gv]) {
    if (!res.verbs.includes('patch') || res.group !== undefined) continue;
    const base = res.namespaced ? `${prefix}/namespaces/{namespace}` : prefix;
    const path = `${base}/${res.name.replace('/', '/{name}/').replace(/^([^/]+)$/, '$1/{name}')}`;
    const kind = res.name.includes('/') ? DISCOVERY[gv].find((p) => p.name === res.name.split('/')[0])!.kind : res.kind;
    paths[path] = {
      patch: {
        operationId: `patch${res.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, kind, version },
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: STUB_GIT_VERSION },
    paths,
    components: { schemas: {} },
  };
}

/** /openapi/v3 or /openapi/v3/<api|apis/group>/<version> → its document; undefined otherwise */
function openapiAnswer(path: string): unknown | undefined {
  if (path === '/openapi/v3') return openapiRoot();
  const m = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+\/[^/]+))$/.exec(path);
  const gv = m ? (m[1] ?? m[2]) : undefined;
  return gv && DISCOVERY[gv] ? openapiDocument(gv) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Answers to everything else.

interface ParsedPath {
  group: string; // '' for core
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

/** /api/v1/namespaces/ns/pods/web-0/log → its parts; undefined when not a resource path */
export function parseResourcePath(path: string): ParsedPath | undefined {
  const segs = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  // namespaces/<ns>/<resource>...; but namespaces and namespaces/<name>[/<sub>] are namespace objects
  if (rest[0] === 'namespaces' && rest.length >= 3 && !isNamespaceSubresource(group, rest[2])) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (rest.length > 3) return { group, version, namespace, resource, name, subresource: rest.slice(2).join('/') };
  return { group, version, namespace, resource, name, subresource };
}

function isNamespaceSubresource(group: string, seg: string): boolean {
  return group === '' && (seg === 'status' || seg === 'finalize');
}

/** real discovery paths (and /version), answered and never recorded */
export function isDiscoveryPath(path: string): boolean {
  const p = path.replace(/\/+$/, '');
  return p === '/api' || p === '/apis' || p === '/version' || /^\/api\/[^/]+$/.test(p) || /^\/apis\/[^/]+\/[^/]+$/.test(p);
}

function status(code: number, reason: string, message: string, details?: Record<string, string>) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function notFoundGeneric() {
  return status(404, 'NotFound', 'the server could not find the requested resource');
}

/** the namespaces every cluster has: kubectl looks one up when a named object is not found in it
 * (and then says `namespaces "x" not found` instead), so these exist; no other object does */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

function namespaceObject(name: string) {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: {
      name,
      uid: `00000000-0000-4000-8000-${(SYSTEM_NAMESPACES.indexOf(name) + 1).toString().padStart(12, '0')}`,
      resourceVersion: '1',
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function answer(method: string, path: string, query: Record<string, string>): { code: number; body: unknown | undefined } {
  const p = parseResourcePath(path);
  const gv = p ? (p.group ? `${p.group}/${p.version}` : p.version) : '';
  const known = p ? DISCOVERY[gv]?.find((res) => res.name === p.resource) : undefined;
  if (!p || !known) return { code: 404, body: notFoundGeneric() };
  const isNamespaces = p.group === '' && p.resource === 'namespaces';
  if (p.name === undefined) {
    // a collection
    if (method === 'GET') {
      if (query.watch === 'true' || query.watch === '1') return { code: 200, body: undefined };
      const items = isNamespaces && !query.labelSelector && !query.fieldSelector ? SYSTEM_NAMESPACES.map(namespaceObject) : [];
      return {
        code: 200,
        body: { kind: `${known.kind}List`, apiVersion: gv, metadata: { resourceVersion: '1' }, items },
      };
    }
    return { code: 404, body: notFoundGeneric() };
  }
  if (isNamespaces && method === 'GET' && p.subresource === undefined && SYSTEM_NAMESPACES.includes(p.name)) {
    return { code: 200, body: namespaceObject(p.name) };
  }
  // a named object, or one of its subresources: it does not exist
  const qualified = p.group ? `${p.resource}.${p.group}` : p.resource;
  const details: Record<string, string> = { name: p.name };
  if (p.group) details.group = p.group;
  details.kind = p.resource;
  return { code: 404, body: status(404, 'NotFound', `${qualified} "${p.name}" not found`, details) };
}

// ---------------------------------------------------------------------------------------------

export interface StubOptions {
  /** answers GET /openapi/v3[/…] (the path, no query) instead of the minimal documents above; undefined → 404 */
  openapi?: (path: string) => unknown | undefined;
}

export async function startStubApiserver(options: StubOptions = {}): Promise<StubApiserver> {
  const openapi = options.openapi ?? openapiAnswer;
  const requests: RecordedRequest[] = [];
  const channels = new Map<string, RecordedRequest[]>();
  let nextChannel = 1;
  let port = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://stub');
      let path = url.pathname;
      let sink = requests;
      const m = /^\/c\/([^/]+)(\/.*)?$/.exec(path);
      if (m) {
        path = m[2] ?? '/';
        let list = channels.get(m[1]);
        if (!list) channels.set(m[1], (list = []));
        sink = list;
      }
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
      const method = req.method ?? 'GET';

      const send = (code: number, payload: unknown) => {
        const text = JSON.stringify(payload);
        res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      };

      const bare = path.replace(/\/+$/, '') || '/';
      if (method === 'GET' && isDiscoveryPath(bare)) {
        if (bare === '/version') {
          return send(200, {
            major: '1',
            minor: '33',
            gitVersion: STUB_GIT_VERSION,
            gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828',
            gitTreeState: 'clean',
            buildDate: '2025-05-15T08:19:08Z',
            goVersion: 'go1.24.2',
            compiler: 'gc',
            platform: 'linux/amd64',
          });
        }
        if (bare === '/api') {
          return send(200, {
            kind: 'APIVersions',
            versions: ['v1'],
            serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }],
          });
        }
        if (bare === '/apis') return send(200, apiGroupList());
        const gv = bare.startsWith('/api/') ? bare.slice('/api/'.length) : bare.slice('/apis/'.length);
        if (DISCOVERY[gv]) return send(200, apiResourceList(gv));
        return send(404, notFoundGeneric());
      }

      sink.push({ method, path, query, body });
      if (method === 'GET' && bare.startsWith('/openapi/')) {
        const doc = openapi(bare);
        return doc === undefined ? send(404, notFoundGeneric()) : send(200, doc);
      }
      const { code, body: out } = answer(method, path, query);
      if (out === undefined) {
        // a watch: headers, then the end of the stream at once
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        res.end();
        return;
      }
      send(code, out);
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    requests,
    openChannel() {
      const id = `k${nextChannel++}`;
      channels.set(id, []);
      return { id, server: `${url}/c/${id}` };
    },
    channelRequests(id: string, forget = false) {
      const list = channels.get(id) ?? [];
      if (forget) channels.delete(id);
      return list;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
