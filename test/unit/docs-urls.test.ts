// `-f URL`: the docs' example URLs map to the copies in fixtures/docs/examples; other URLs are fetched
// with kubectl's retries and texts (cli-runtime's URLVisitor / readHttpWithRetries).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledExampleFile, bundledExamplesDir, docsExamplePath, goNetError, readUrl } from '../../src/manifest/docs-urls.js';
import { FIXTURES } from '../helpers.js';

describe('docs URL → bundled example', () => {
  it.each([
    ['https://k8s.io/examples/application/web/web.yaml', 'application/web/web.yaml'],
    ['http://k8s.io/examples/application/web/web.yaml', 'application/web/web.yaml'],
    ['https://kubernetes.io/examples/application/zookeeper/zookeeper.yaml', 'application/zookeeper/zookeeper.yaml'],
    ['https://www.kubernetes.io/examples/application/mysql/mysql-configmap.yaml', 'application/mysql/mysql-configmap.yaml'],
    [
      'https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/application/cassandra/cassandra-service.yaml',
      'application/cassandra/cassandra-service.yaml',
    ],
    [
      'https://raw.githubusercontent.com/kubernetes/website/master/content/en/examples/application/web/web-parallel.yaml',
      'application/web/web-parallel.yaml',
    ],
    ['https://k8s.io/examples/application/web/web.yaml?raw=1#top', 'application/web/web.yaml'],
  ])('%s → %s', (url, path) => {
    expect(docsExamplePath(url)).toBe(path);
  });

  it.each([
    'https://example.com/examples/application/web/web.yaml',
    'https://k8s.io/docs/application/web/web.yaml',
    'https://raw.githubusercontent.com/someone/website/main/content/en/examples/application/web/web.yaml',
    'https://k8s.io/examples/',
    'https://k8s.io/examples/application/../../../etc/passwd',
    'https://k8s.io/examples/application//web.yaml',
    'https://k8s.io/examples/application/%zz.yaml',
  ])('%s is not a docs example', (url) => {
    expect(docsExamplePath(url)).toBeUndefined();
  });

  it('finds the bundled copies from the source tree', () => {
    expect(bundledExamplesDir()).toBe(join(FIXTURES, 'docs', 'examples'));
    expect(bundledExampleFile('https://k8s.io/examples/application/web/web.yaml')).toBe(
      join(FIXTURES, 'docs', 'examples', 'application', 'web', 'web.yaml'),
    );
  });

  it('a docs URL sts has no copy of is not bundled (it is fetched)', () => {
    expect(bundledExampleFile('https://k8s.io/examples/application/nope.yaml')).toBeUndefined();
  });

  it('reads a bundled copy byte for byte, without the network', async () => {
    const noNetwork = (() => {
      throw new Error('no network in this test');
    }) as unknown as typeof fetch;
    const text = await readUrl('https://k8s.io/examples/application/web/web.yaml', { fetch: noNetwork });
    expect(text).toBe(readFileSync(join(FIXTURES, 'docs', 'examples', 'application', 'web', 'web.yaml'), 'utf8'));
  });

  it('bundles every manifest the stateful-application pages apply', () => {
    for (const p of [
      'web/web.yaml',
      'web/web-parallel.yaml',
      'cassandra/cassandra-service.yaml',
      'cassandra/cassandra-statefulset.yaml',
      'zookeeper/zookeeper.yaml',
      'mysql/mysql-configmap.yaml',
      'mysql/mysql-services.yaml',
      'mysql/mysql-statefulset.yaml',
    ])
      expect(bundledExampleFile(`https://k8s.io/examples/application/${p}`), p).toBeDefined();
  });
});

describe('other URLs: fetched as kubectl fetches them', () => {
  let server: Server;
  let base = '';
  const hits: Record<string, number> = {};
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits[req.url!] = (hits[req.url!] ?? 0) + 1;
      if (req.url === '/ok.yaml') res.end('kind: ConfigMap\n');
      else if (req.url === '/flaky.yaml') {
        if (hits[req.url] < 3) res.writeHead(503).end();
        else res.end('third time\n');
      } else if (req.url === '/down.yaml') res.writeHead(500).end();
      else if (req.url === '/cut.yaml') {
        // headers and half a body, then the connection dies
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('kind: Conf');
        setTimeout(() => res.socket?.destroy(), 10);
      } else res.writeHead(404).end('nope');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('200: the body', async () => {
    expect(await readUrl(`${base}/ok.yaml`)).toBe('kind: ConfigMap\n');
  });

  it('5xx is retried, up to 3 attempts', async () => {
    expect(await readUrl(`${base}/flaky.yaml`, { retryWaitMs: 1 })).toBe('third time\n');
    await expect(readUrl(`${base}/down.yaml`, { retryWaitMs: 1 })).rejects.toThrow(
      `error: unable to read URL "${base}/down.yaml", server reported 500 Internal Server Error, status code=500`,
    );
    expect(hits['/down.yaml']).toBe(3);
  });

  it('a body cut off is a failed attempt, in Go words, not a crash', async () => {
    await expect(readUrl(`${base}/cut.yaml`, { retryWaitMs: 1 })).rejects.toThrow(/^error: Get "http:\/\/127\.0\.0\.1:\d+\/cut\.yaml": /);
    expect(hits['/cut.yaml']).toBe(3);
  });

  it('4xx fails at once, in kubectl words', async () => {
    await expect(readUrl(`${base}/missing.yaml`, { retryWaitMs: 1 })).rejects.toThrow(
      `error: unable to read URL "${base}/missing.yaml", server reported 404 Not Found, status code=404`,
    );
    expect(hits['/missing.yaml']).toBe(1);
  });

  it('no network: Go net/http words, naming the URL', async () => {
    const offline = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    }) as unknown as typeof fetch;
    await expect(readUrl('https://example.invalid/x.yaml', { fetch: offline, retryWaitMs: 1 })).rejects.toThrow(
      'error: Get "https://example.invalid/x.yaml": dial tcp: lookup example.invalid: no such host',
    );
  });

  it.each([
    [{ cause: { code: 'ECONNREFUSED' } }, 'dial tcp 10.1.2.3:443: connect: connection refused'],
    [{ name: 'TimeoutError' }, 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'],
  ])('%o → %s', (e, text) => {
    expect(goNetError('https://10.1.2.3/x.yaml', e)).toBe(text);
  });
});
