// HTTP inside the cluster: nginx and httpd containers serve their document root (which a claim
// may be mounted on), so each pod of a set serves its own page.
import type { Json, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { podContainers } from '../apiserver/pod-object.js';
import { openContainer, type Container } from './container.js';
import { resolveName } from './dns.js';
import { endpointsOf } from '../apiserver/endpoints.js';
import { recordAccess } from './logs.js';
import { fsReason, PodFs } from './podfs.js';

export interface HttpResult {
  status?: number;
  body?: string;
  /** the Server header: `nginx/1.27.3` */
  server?: string;
  error?: { curl: string; wget: string; code: number };
}

const SERVERS: { match: RegExp; root: string; name: (image: string) => string }[] = [
  { match: /^nginx/, root: '/usr/share/nginx/html', name: (img) => `nginx/${/:(\d+\.\d+(\.\d+)?)/.exec(img)?.[1] ?? '1.27.3'}` },
  { match: /^httpd$/, root: '/usr/local/apache2/htdocs', name: () => 'Apache/2.4.62 (Unix)' },
];

const page = (status: string, server: string) =>
  server.startsWith('nginx')
    ? `<html>\n<head><title>${status}</title></head>\n<body>\n<center><h1>${status}</h1></center>\n<hr><center>${server}</center>\n</body>\n</html>\n`
    : `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status}</title>\n</head><body>\n<h1>${status.replace(/^\d+ /, '')}</h1>\n</body></html>\n`;

/** The request's path, decoded; undefined when it is malformed or climbs above the document root
 *  (nginx answers both with 400: ngx_http_parse_complex_uri). */
function requestPath(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.split('?')[0]);
  } catch {
    return undefined;
  }
  let depth = 0;
  for (const segment of decoded.split('/'))
    if (segment === '..') {
      if (--depth < 0) return undefined;
    } else if (segment && segment !== '.') depth++;
  return decoded.includes('\0') ? undefined : decoded;
}

function server(image: string) {
  const repo = image.split('@')[0].split('/').pop()!.split(':')[0];
  return SERVERS.find((s) => s.match.test(repo));
}

/** Whether a pod answers on a port: a Ready pod's web server listens on 80, whatever its declared ports say. */
export function serves(c: Cluster, p: PodRecord, port: number): boolean {
  return p.stage === 'Ready' && p.deletingSince === undefined && port === 80 && podContainers(c, p).some((x) => server(x.image));
}

export function httpGet(from: Container, url: string, agent = 'curl/8.11.1'): HttpResult {
  const r = serve(from, url);
  if (r.result.status !== undefined && r.target && r.ctr) {
    const client = r.target === from.record ? '127.0.0.1' : (from.record.ip ?? '127.0.0.1');
    recordAccess(from.statePath, r.target, r.ctr, client, r.path, r.result.status, Buffer.byteLength(r.result.body ?? ''), agent, from.c.now);
  }
  return r.result;
}

function serve(from: Container, url: string): { result: HttpResult; target?: PodRecord; ctr?: Json; path: string } {
  const m = /^(?:https?:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/s.exec(url);
  if (!m)
    return {
      path: '/',
      result: { error: { curl: `curl: (3) URL rejected: Malformed input to a URL function\n`, wget: `wget: bad address '${url}'\n`, code: 3 } },
    };
  const [, host, portText, path = '/'] = m;
  const port = Number(portText ?? 80);
  const c = from.c;
  const ns = from.pod.metadata.namespace!;
  let target: PodRecord | undefined;
  if (host === 'localhost' || host === '127.0.0.1') target = from.record;
  else {
    const a = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? { ips: [host] } : resolveName(c, ns, host);
    if (!a)
      return {
        path,
        result: { error: { curl: `curl: (6) Could not resolve host: ${host}\n`, wget: `wget: bad address '${host}'\n`, code: 6 } },
      };
    const ip = a.ips[0];
    target = c.pods().find((p) => p.ip === ip && p.deletingSince === undefined);
    if (!target) {
      // a service's cluster IP: its first ready endpoint
      const svc = c.list('Service').find((s) => s.spec?.clusterIP === ip);
      const first = svc && svc.spec?.ports?.some((p: Json) => p.port === port) ? endpointsOf(c, svc)[0] : undefined;
      if (first) target = c.pod(svc!.metadata.namespace!, first.pod);
    }
  }
  const refused = {
    path,
    result: {
      error: {
        curl: `curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server\n`,
        wget: `wget: can't connect to remote host (${host}): Connection refused\n`,
        code: 7,
      },
    },
  };
  if (!target || !serves(c, target, port)) return refused;
  const ctr = podContainers(c, target).find((x) => server(x.image))!;
  const srv = server(ctr.image)!;
  const there = target === from.record && ctr.name === from.container.name ? from : openContainer(c, from.statePath, target, ctr);
  const serverName = srv.name(ctr.image);
  const done = (result: HttpResult) => ({ result: { ...result, server: serverName }, target, ctr, path });
  const status = (code: number, text: string) => done({ status: code, body: page(`${code} ${text}`, serverName) });
  const urlPath = requestPath(path);
  if (urlPath === undefined) return status(400, 'Bad Request');
  try {
    // the pod's files as its container sees them: a link that leads out of the pod is refused
    let file = there.fs.lookup(PodFs.abs(`${srv.root}${urlPath}`, '/'));
    if (file.stat?.isDirectory()) {
      file = there.fs.lookup(`${file.abs}/index.html`);
      if (!file.stat) return status(403, 'Forbidden');
    }
    if (!file.stat) return status(404, 'Not Found');
    return done({ status: 200, body: there.fs.readFile(file).toString('utf8') });
  } catch (e) {
    const reason = fsReason(e);
    if (!reason) throw e;
    return reason === 'ENOENT' || reason === 'ENOTDIR' ? status(404, 'Not Found') : status(403, 'Forbidden');
  }
}
