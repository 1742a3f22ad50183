// `sts port-forward TYPE/NAME [LOCAL:]REMOTE…`: real TCP listeners on this machine; each connection is
// answered by what the pod's container serves on the remote port (runtime/web.ts), read fresh from the
// cluster per request. kubectl's portforward.go (pod and port resolution) and client-go's
// tools/portforward (listeners, messages, and the end of the session when a forward fails).
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, isIPv4, isIPv6, type Server, type Socket } from 'node:net';
import { CliError } from '../api/errors.js';
import type { Json, KObject } from '../api/types.js';
import { openContainer } from '../runtime/container.js';
import { httpGet, serves } from '../runtime/web.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { podContainers } from '../apiserver/pod-object.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, io, out } from './output.js';
import { attachablePod, objectForArg } from './pod-for-object.js';
import type { Verb } from './verb.js';

export const portForwardVerb: Verb = {
  honours: ['address'],
  ignores: ['pod-running-timeout'],
  run: ({ args, opts }) => portForward(args, opts),
};

export interface PortForwardOpts extends GlobalOpts {
  address?: string[];
}

/** splitPort: `[LOCAL:]REMOTE` (anything but one colon is the first part twice, as kubectl reads it) */
function splitPort(port: string): [string, string] {
  const parts = port.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

const isNumber = (s: string) => /^[+-]?\d+$/.test(s);

/** util.LookupContainerPortNumberByName */
function containerPortByName(pod: KObject, name: string): number {
  for (const ctr of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])] as Json[])
    for (const p of ctr.ports ?? []) if (p.name === name) return p.containerPort;
  throw new CliError(`error: Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** convertPodNamedPortToNumber */
function podPorts(ports: string[], pod: KObject): string[] {
  return ports.map((port) => {
    const [local, remote] = splitPort(port);
    if (remote === '') throw new CliError('error: remote port cannot be empty');
    const number = isNumber(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${number}` : number;
  });
}

/** translateServicePortToTargetPort (util.LookupServicePortNumberByName, LookupContainerPortNumberByServicePort) */
function servicePorts(ports: string[], svc: KObject, pod: KObject): string[] {
  return ports.map((port) => {
    let [local, remote] = splitPort(port);
    let portnum = Number(remote);
    if (!isNumber(remote)) {
      const named = (svc.spec?.ports ?? []).find((p: Json) => p.name === remote);
      if (!named) throw new CliError(`error: Service '${svc.metadata.name}' does not have a named port '${remote}'`);
      portnum = named.port;
      if (local === remote) local = String(portnum);
    }
    const spec = (svc.spec?.ports ?? []).find((p: Json) => p.port === portnum);
    if (!spec) throw new CliError(`error: Service ${svc.metadata.name} does not have a service port ${portnum}`);
    const target =
      svc.spec?.clusterIP === 'None'
        ? portnum
        : typeof spec.targetPort === 'string'
          ? containerPortByName(pod, spec.targetPort)
          : spec.targetPort || spec.port;
    remote = String(target);
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

interface Forward {
  local: number;
  remote: number;
}

/** strconv.ParseUint(s, 10, 16), as client-go's parsePorts words its errors */
function parsePort(s: string, which: 'local' | 'remote'): number {
  const bad = (why: string) => new CliError(`error: error parsing ${which} port '${s}': strconv.ParseUint: parsing ${JSON.stringify(s)}: ${why}`);
  if (!/^\d+$/.test(s)) throw bad('invalid syntax');
  const n = Number(s);
  if (n > 65535) throw bad('value out of range');
  return n;
}

/** client-go's parsePorts: `5000`, `8888:5000`, `:5000` (a random local port) */
function parsePorts(ports: string[]): Forward[] {
  return ports.map((p) => {
    const parts = p.split(':');
    if (parts.length > 2) throw new CliError(`error: invalid port format '${p}'`);
    const local = parsePort(parts.length === 1 ? parts[0] : parts[0] || '0', 'local');
    const remote = parsePort(parts.length === 1 ? parts[0] : parts[1], 'remote');
    if (remote === 0) throw new CliError('error: remote port must be > 0');
    return { local, remote };
  });
}

interface ListenAddress {
  address: string;
  family: 'tcp4' | 'tcp6';
  /** localhost's pair need one of them to work; an address asked for by number must work */
  failureMode: 'all' | 'any';
}

/** client-go's parseAddresses: `localhost` is 127.0.0.1 and ::1; sorted for a stable order */
function parseAddresses(addresses: string[]): ListenAddress[] {
  const parsed = new Map<string, ListenAddress>();
  for (const a of addresses) {
    if (a === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', family: 'tcp4', failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', family: 'tcp6', failureMode: 'all' });
    } else if (isIPv4(a)) parsed.set(a, { address: a, family: 'tcp4', failureMode: 'any' });
    else if (isIPv6(a)) parsed.set(a, { address: a, family: 'tcp6', failureMode: 'any' });
    else throw new CliError(`error: ${a} is not a valid IP`);
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

/** net.JoinHostPort */
const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'bind: address already in use',
  EADDRNOTAVAIL: 'bind: cannot assign requested address',
  EACCES: 'bind: permission denied',
  EAFNOSUPPORT: 'socket: address family not supported by protocol',
};

function listen(address: ListenAddress, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `unable to create listener: Error listen ${address.family} ${joinHostPort(address.address, port)}: ${BIND_ERRORS[e.code ?? ''] ?? e.message}`,
        ),
      ),
    );
    server.listen({ host: address.address, port, ipv6Only: address.family === 'tcp6', exclusive: true }, () => resolve(server));
  });
}

/** Go's %v of []ForwardedPort: `[{8080 80} {8443 443}]` */
const goPorts = (fs: Forward[]) => `[${fs.map((f) => `{${f.local} ${f.remote}}`).join(' ')}]`;

/** klog's header: `E1125 09:33:59.123456   12345 portforward.go:424] ` (local time, as klog writes it) */
function klogHeader(file: string): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `E${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)} ${String(process.pid).padStart(7)} ${file}] `;
}

/** What the kubelet (containerd) answers when nothing listens on the port in the pod's network namespace. */
function refusedMessage(uid: string, port: number): string {
  const sandbox = createHash('sha256').update(`${uid}/sandbox`).digest('hex');
  const h = createHash('sha256').update(`${uid}/netns`).digest('hex');
  const netns = `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace "/var/run/netns/${netns}": failed to connect to localhost:${port} inside namespace "${sandbox}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
}

const MIME: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  svg: 'image/svg+xml',
};

export async function portForward(args: string[], opts: PortForwardOpts): Promise<void> {
  if (args.length < 2) throw new CliError('error: TYPE/NAME and list of ports are required for port-forward', 'port-forward');
  const path = statePath(opts.state);

  // Complete: the object, its pod, and the ports in the pod; RunPortForward: the pod must be running.
  const { pod, ports } = await withCluster(opts, (c) => {
    const object = objectForArg(c, args[0], namespaceOf(opts));
    const pod = attachablePod(c, object);
    const ports = object.kind === 'Service' ? servicePorts(args.slice(1), object, pod) : podPorts(args.slice(1), pod);
    if (pod.status?.phase !== 'Running')
      throw new CliError(`error: unable to forward port because pod is not running. Current status=${pod.status?.phase}`);
    return { pod, ports };
  });
  const ns = namespaceOf(opts);
  const addresses = parseAddresses(opts.address ?? ['localhost']);
  const forwards = parsePorts(ports);
  const podName = pod.metadata.name;
  const uid = pod.metadata.uid!;

  // The session: until interrupted (the handler is in place before the first "Forwarding from" line,
  // so a Ctrl-C right after it ends the session cleanly), or until a forward fails (kubectl then drops the whole connection).
  let lost: () => void = () => {};
  let stop: () => void = () => {};
  const ended = new Promise<'lost' | 'stopped'>((resolve) => {
    lost = () => resolve('lost');
    stop = () => resolve('stopped');
  });
  process.once('SIGINT', stop);
  io().signal?.addEventListener('abort', () => stop(), { once: true }); // ^C in `sts shell`

  // Listeners: every address of every port; a port whose listeners all fail is reported, not fatal.
  const servers: Server[] = [];
  let listening = false;
  for (const f of forwards) {
    const errors: string[] = [];
    const failed = { all: 0, any: 0 };
    const worked = { all: 0, any: 0 };
    for (const a of addresses) {
      try {
        const server = await listen(a, f.local);
        f.local = (server.address() as { port: number }).port; // `:80` took a random port; the other addresses use it too
        out(`Forwarding from ${joinHostPort(a.address, f.local)} -> ${f.remote}`);
        servers.push(server);
        server.on('connection', (socket) => handle(socket, f).catch((e) => broken(socket, e)));
        worked[a.failureMode]++;
      } catch (e) {
        errors.push((e as Error).message);
        failed[a.failureMode]++;
      }
    }
    if ((worked.all === 0 && failed.all > 0) || failed.any > 0)
      err(`Unable to listen on port ${f.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]`);
    else listening = true;
  }
  if (!listening) {
    process.off('SIGINT', stop);
    servers.forEach((s) => s.close());
    throw new CliError(`error: unable to listen on any of the requested ports: ${goPorts(forwards)}`);
  }

  // One HTTP server parses every forwarded connection; each request reads the cluster afresh, one
  // transaction at a time (the cluster lock is not re-entrant).
  const http = createHttpServer((req, res) => void answer(req, res).catch((e) => broken(req.socket, e)));
  const forwardOf = new WeakMap<Socket, Forward>();
  const sockets = new Set<Socket>();
  let queue: Promise<unknown> = Promise.resolve();
  const txn = <T>(fn: (c: Cluster) => T): Promise<T> => {
    const next = queue.then(() => withCluster(opts, fn));
    queue = next.catch(() => undefined);
    return next;
  };

  /** client-go's handleConnection: say so, then either the container answers or the forward fails. */
  async function handle(socket: Socket, f: Forward): Promise<void> {
    out(`Handling connection for ${f.local}`);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.pause();
    const ok = await txn((c) => {
      const p = c.pod(ns, podName);
      return !!p && p.uid === uid && serves(c, p, f.remote);
    });
    if (!ok) return fail(socket, f);
    forwardOf.set(socket, f);
    http.emit('connection', socket);
    socket.resume();
  }

  /** The cluster could not be read for a connection (its lock timed out, …): said, and the session ends. */
  function broken(socket: Socket, e: unknown): void {
    socket.destroy();
    err(e instanceof CliError ? e.message : `error: ${(e as Error)?.message ?? String(e)}`);
    lost();
  }

  function fail(socket: Socket, f: Forward): void {
    socket.destroy();
    err(
      `${klogHeader('portforward.go:424')}"Unhandled Error" err=${JSON.stringify(`an error occurred forwarding ${f.local} -> ${f.remote}: ${refusedMessage(uid, f.remote)}`)}`,
    );
    lost();
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const f = forwardOf.get(req.socket)!;
    const r = await txn((c) => {
      const p = c.pod(ns, podName);
      if (!p || p.uid !== uid || !serves(c, p, f.remote)) return undefined;
      const from = openContainer(c, path, p, podContainers(c, p)[0]);
      return {
        ...httpGet(from, `http://localhost:${f.remote}${req.url ?? '/'}`, req.headers['user-agent'] ?? '-'),
        date: new Date(c.now).toUTCString(),
      };
    });
    if (!r || r.error) return fail(req.socket, f);
    const ext = /\.([a-z0-9]+)$/i.exec((req.url ?? '/').split('?')[0])?.[1]?.toLowerCase();
    const body = Buffer.from(r.body ?? '');
    res.writeHead(r.status!, {
      Server: r.server ?? 'nginx',
      'Content-Type': r.status === 200 && ext ? (MIME[ext] ?? 'application/octet-stream') : 'text/html',
      'Content-Length': body.length,
      Date: r.date,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const how = await ended;
  process.off('SIGINT', stop);
  servers.forEach((s) => s.close());
  http.close();
  sockets.forEach((s) => s.destroy());
  if (how === 'lost') throw new CliError('error: lost connection to pod');
}
