// What the parts of `sts serve` share: a request as the router hands it on, and the server's context
// (the cluster file, transactions that serialize this process's requests, the log).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KindInfo } from '../api/kinds.js';
import type { Cluster } from '../store/cluster.js';

/** A resource path: /api/v1/namespaces/{ns}/{resource}[/{name}[/{sub}]] and its /apis/{group}/{version} twins. */
export interface ResourceTarget {
  info: KindInfo;
  /** the path's namespace (undefined: cluster-scoped, or a list across all namespaces) */
  ns?: string;
  name?: string;
  /** a subresource: scale, status, log, exec, attach, eviction */
  sub?: string;
}

export interface ApiRequest {
  method: string;
  /** the path, percent-decoded, without the query */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** the body, read whole before any lock is taken (bounded by the server) */
  body: Buffer;
  target?: ResourceTarget;
}

export interface ServeContext {
  /** the cluster file served */
  statePath: string;
  /**
   * Run `fn` as one command would: lock, load, bring the clock to now, act, let the controllers react,
   * save, show watchers, unlock. Requests of this process run one at a time; a client never holds the
   * lock (bodies are read before, responses written after). `dryRun`: checked and answered, not kept.
   */
  transact<T>(fn: (c: Cluster) => T | Promise<T>, opts?: { dryRun?: boolean; keepTime?: boolean }): Promise<T>;
  log(line: string): void;
}

/** A route that answers with a normal HTTP response (the router writes Status errors thrown). */
export type Handler = (ctx: ServeContext, req: ApiRequest, res: ServerResponse) => Promise<void>;

/** A route that takes over an upgraded connection (WebSocket exec/attach). */
export type UpgradeHandler = (ctx: ServeContext, req: IncomingMessage, socket: Duplex, head: Buffer, target: ResourceTarget) => Promise<void>;
