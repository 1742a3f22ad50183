// `sts serve`'s HTTP server: the cluster file behind the Kubernetes API, for the real kubectl, Helm
// and client libraries. Each request is read whole, then runs as one transaction (lock, load, bring
// the clock to now, act, settle, save, unlock) — one at a time in this process, and serialized with
// other sts processes by the file's lock; answers are written after the unlock, so a slow client
// never holds the cluster.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { withCluster } from '../cli/context.js';
import { SERVER_VERSION } from '../cli/version.js';
import { readBody, sendError, sendJson } from './body.js';
import { aggregatedDiscovery, AGGREGATED_TYPE, apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { advanceHandler, clockHandler } from './clock.js';
import { closeExecSessions } from './exec.js';
import { openapiDocument, openapiRoot } from './openapi.js';
import { resourceTarget } from './paths.js';
import { createHandler, deleteCollectionHandler, deleteHandler, getHandler, listHandler, patchHandler, updateHandler } from './rest.js';
import { ApiError, badRequest, noRoute } from './status.js';
import { evictionHandler, scaleHandler, statusHandler } from './subresources.js';
import type { ApiRequest, Handler, ServeContext, UpgradeHandler } from './types.js';
import { setHub, watchHandler, WatchHub } from './watch.js';

export interface ServeOptions {
  statePath: string;
  port: number;
  address: string;
  /** required of every request when set (a non-loopback address needs one) */
  token?: string;
  /** HTTPS with this key and certificate (PEM) */
  tls?: { key: string; cert: string };
  /** how often a real clock is brought to now while nobody asks (ms) */
  tickMs?: number;
  log?: (line: string) => void;
  /** routes provided by other modules (server-side apply, logs, exec): tried before the defaults */
  extra?: Partial<Routes>;
}

export interface Routes {
  apply: Handler;
  log: Handler;
  exec: UpgradeHandler;
  attach: UpgradeHandler;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Requests of this process, one at a time (the file's lock is not re-entrant within a process). */
function serializer(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

const isWatch = (q: URLSearchParams) => q.get('watch') === 'true' || q.get('watch') === '1';

/** The handler for a resource request, by method and path shape. */
function route(req: ApiRequest, extra: Partial<Routes>): Handler | undefined {
  const t = req.target!;
  const m = req.method;
  if (t.sub) {
    if (t.name === undefined) return undefined;
    if (t.sub === 'scale') return ['GET', 'PUT', 'PATCH'].includes(m) ? scaleHandler : undefined;
    if (t.sub === 'status') return ['GET', 'PUT', 'PATCH'].includes(m) ? statusHandler : undefined;
    if (t.sub === 'eviction') return m === 'POST' ? evictionHandler : undefined;
    if (t.sub === 'log') return m === 'GET' ? extra.log : undefined;
    return undefined;
  }
  if (t.name === undefined) {
    if (m === 'GET') return isWatch(req.query) ? watchHandler : listHandler;
    if (m === 'POST') return t.ns !== undefined || !t.info.namespaced ? createHandler : undefined;
    if (m === 'DELETE') return deleteCollectionHandler;
    return undefined;
  }
  if (m === 'GET') return isWatch(req.query) ? watchHandler : getHandler;
  if (m === 'PUT') return updateHandler;
  if (m === 'DELETE') return deleteHandler;
  if (m === 'PATCH') return String(req.headers['content-type'] ?? '').startsWith('application/apply-patch') ? extra.apply : patchHandler;
  return undefined;
}

/** What is not a resource: discovery, OpenAPI, version, health. */
function meta(req: ApiRequest, address: string): { type?: string; body: unknown } | undefined {
  const p = req.path.replace(/\/+$/, '') || '/';
  const accept = String(req.headers.accept ?? '');
  const aggregated = /as=APIGroupDiscoveryList/.test(accept) && /v=v2(?!beta)/.test(accept);
  if (p === '/api') return aggregated ? { type: AGGREGATED_TYPE, body: aggregatedDiscovery(true) } : { body: apiVersions(address) };
  if (p === '/apis') return aggregated ? { type: AGGREGATED_TYPE, body: aggregatedDiscovery(false) } : { body: apiGroupList() };
  if (p === '/version') return { body: SERVER_VERSION };
  if (p === '/openapi/v3') return { body: openapiRoot() };
  if (p.startsWith('/openapi/v3/')) {
    const doc = openapiDocument(p.slice('/openapi/v3/'.length));
    return doc ? { body: doc } : undefined;
  }
  let m = /^\/api\/(v1)$/.exec(p);
  if (m) return wrap(apiResourceList('', m[1]));
  m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
  if (m) return wrap(apiResourceList(m[1], m[2]));
  m = /^\/apis\/([^/]+)$/.exec(p);
  if (m) return wrap(apiGroup(m[1]));
  return undefined;
}

/** The path, percent-decoded; a malformed escape is the client's error (400), not the server's. */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw badRequest(`the path ${JSON.stringify(path)} is not valid: a malformed percent escape`);
  }
}

const wrap = (body: object | undefined) => (body ? { body } : undefined);

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const log = o.log ?? (() => undefined);
  const serial = serializer();
  const hub = new WatchHub(o.statePath);
  setHub(hub);
  const ctx: ServeContext = {
    statePath: o.statePath,
    log,
    transact: (fn, opts = {}) =>
      serial(() =>
        withCluster(
          { state: o.statePath },
          (c) => {
            hub.drain();
            hub.compact();
            hub.mark(String(c.file.seq.rv));
            return fn(c);
          },
          opts.keepTime ?? false,
          opts.dryRun ?? false,
        ),
      ),
  };
  let address = `${o.address}:${o.port}`;
  const authorized = (req: IncomingMessage) => !o.token || req.headers.authorization === `Bearer ${o.token}`;

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      let api: ApiRequest | undefined;
      try {
        if (!authorized(req)) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (req.method === 'GET' && ['/healthz', '/readyz', '/livez'].includes(url.pathname)) {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.end('ok');
          return;
        }
        const body = await readBody(req);
        api = { method: req.method ?? 'GET', path: decodedPath(url.pathname), query: url.searchParams, headers: req.headers, body };
        if (api.method === 'GET') {
          const m = meta(api, address);
          if (m) return sendJson(res, 200, m.body, m.type);
        }
        if (api.path === '/sts/v1/clock' && api.method === 'GET') return await clockHandler(ctx, api, res);
        if (api.path === '/sts/v1/clock/advance' && api.method === 'POST') return await advanceHandler(ctx, api, res);
        api.target = resourceTarget(api.path);
        const handler = api.target && route(api, o.extra ?? {});
        if (!handler)
          throw api.target ? new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`) : noRoute();
        await handler(ctx, api, res);
      } catch (e) {
        if (!(e instanceof ApiError) && !(e instanceof Error && e.constructor.name === 'CliError'))
          log(`error: ${req.method} ${req.url}: ${(e as Error)?.stack ?? e}`);
        sendError(res, e, api?.target?.info, api?.target?.name);
      }
    })();
  };
  const server = o.tls ? https.createServer({ key: o.tls.key, cert: o.tls.cert }, listener) : http.createServer(listener);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      try {
        if (!authorized(req)) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
        const url = new URL(req.url ?? '/', 'http://localhost');
        const t = resourceTarget(decodedPath(url.pathname));
        const handler = t?.sub === 'exec' ? o.extra?.exec : t?.sub === 'attach' ? o.extra?.attach : undefined;
        if (!t || !handler) throw noRoute();
        await handler(ctx, req, socket, head, t);
      } catch (e) {
        const status = JSON.stringify((await import('./status.js')).toStatus(e));
        socket.end(
          `HTTP/1.1 ${(e as ApiError).code ?? 500} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(status)}\r\nConnection: close\r\n\r\n${status}`,
        );
      }
    })();
  });

  // a real clock moves on while nobody asks, so watchers see pods progress
  const tick = setInterval(() => {
    void ctx.transact(() => undefined).catch((e) => log(`error: the clock's tick: ${(e as Error).message}`));
  }, o.tickMs ?? 1000);
  tick.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.address, () => resolve());
    });
  } catch (e) {
    clearInterval(tick);
    hub.close();
    setHub(undefined);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  address = `${o.address}:${port}`;
  const host = o.address.includes(':') ? `[${o.address}]` : o.address;
  return {
    url: `${o.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    close: async () => {
      clearInterval(tick);
      closeExecSessions(); // upgraded connections are not the server's to close
      hub.close();
      setHub(undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
