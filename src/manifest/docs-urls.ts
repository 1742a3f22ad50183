// `-f URL`: the Kubernetes docs' example manifests come from copies bundled with sts (no network);
// any other URL is fetched as kubectl's resource builder fetches it (cli-runtime's URLVisitor).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../api/errors.js';

/** The addresses under which kubernetes/website publishes content/en/examples/. */
const DOCS_EXAMPLE_PREFIXES = [
  /^https?:\/\/(?:www\.)?k8s\.io\/examples\//,
  /^https?:\/\/(?:www\.)?kubernetes\.io\/examples\//,
  /^https:\/\/raw\.githubusercontent\.com\/kubernetes\/website\/(?:main|master)\/content\/en\/examples\//,
  /^https:\/\/github\.com\/kubernetes\/website\/raw\/(?:main|master)\/content\/en\/examples\//,
];

/**
 * The path under content/en/examples/ that a docs URL names (`application/web/web.yaml`), or
 * undefined for any other URL. Query and fragment are dropped; `..` never leaves the examples.
 */
export function docsExamplePath(url: string): string | undefined {
  const prefix = DOCS_EXAMPLE_PREFIXES.find((re) => re.test(url));
  if (!prefix) return undefined;
  const rest = url.replace(prefix, '').replace(/[?#].*$/, '');
  const parts = rest.split('/');
  if (!rest || parts.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  try {
    return parts.map((s) => decodeURIComponent(s)).join('/');
  } catch {
    return undefined; // a malformed %-escape names no bundled file; the URL is fetched as given
  }
}

/** fixtures/docs/examples of the sts installation: found upwards from this module, so it is the same
 *  from dist/, from a private build in .build/NAME/dist/, and from the npm package. */
let examplesDir: string | null | undefined;
export function bundledExamplesDir(): string | undefined {
  if (examplesDir === undefined) {
    examplesDir = null;
    for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
      const candidate = join(dir, 'fixtures', 'docs', 'examples');
      if (existsSync(candidate)) {
        examplesDir = candidate;
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return examplesDir ?? undefined;
}

/** The bundled copy a docs URL names, if sts has it. */
export function bundledExampleFile(url: string, dir = bundledExamplesDir()): string | undefined {
  const rel = docsExamplePath(url);
  if (rel === undefined || dir === undefined) return undefined;
  const file = join(dir, ...rel.split('/'));
  return existsSync(file) ? file : undefined;
}

// cli-runtime's resource builder: 3 attempts a second apart, retrying network errors and 5xx.
// http.Get has no timeout there; sts gives each attempt 5 s, so that no network fails fast enough.
const HTTP_ATTEMPTS = 3;
const HTTP_RETRY_WAIT_MS = 1000;
const HTTP_TIMEOUT_MS = 5000;

export interface UrlReadOptions {
  fetch?: typeof fetch;
  retryWaitMs?: number;
  timeoutMs?: number;
}

/** The text behind `-f URL`: a bundled docs example, else an HTTP GET with kubectl's retries and words. */
export async function readUrl(url: string, opts: UrlReadOptions = {}): Promise<string> {
  const bundled = bundledExampleFile(url);
  if (bundled) return readFileSync(bundled, 'utf8');
  const get = opts.fetch ?? fetch;
  let error = '';
  for (let attempt = 0; attempt < HTTP_ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, opts.retryWaitMs ?? HTTP_RETRY_WAIT_MS));
    let res: Response;
    let body: string;
    try {
      res = await get(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? HTTP_TIMEOUT_MS), redirect: 'follow' });
      // the body within the same deadline: a connection that stalls or resets while sending it fails the attempt
      body = res.status === 200 ? await res.text() : '';
    } catch (e) {
      error = `Get "${url}": ${goNetError(url, e)}`;
      continue;
    }
    if (res.status === 200) return body;
    await res.body?.cancel().catch(() => undefined);
    // Go's resp.Status is "404 Not Found"
    error = `unable to read URL "${url}", server reported ${res.status} ${res.statusText}, status code=${res.status}`;
    if (res.status < 500 || res.status >= 600) break;
  }
  throw new CliError(`error: ${error}`);
}

/** A fetch failure in the words of Go's net/http (what follows `Get "URL": `). */
export function goNetError(url: string, e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  const { hostname, port, protocol } = new URL(url);
  const hostPort = `${hostname}:${port || (protocol === 'https:' ? '443' : '80')}`;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
  switch (err?.cause?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${hostname}: no such host`;
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort}: connect: connection refused`;
    case 'ENETUNREACH':
      return `dial tcp ${hostPort}: connect: network is unreachable`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    default:
      return err?.cause?.message ?? err?.message ?? String(e);
  }
}
