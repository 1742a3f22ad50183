// `sts apply -f https://k8s.io/examples/…`: the docs' first command works with no network, from the
// copies bundled with sts (fixtures/docs/examples).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';

describe('-f with the docs example URLs', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = new Sts();
  });
  afterEach(() => sts.cleanup());

  it('apply -f https://k8s.io/examples/application/web/web.yaml', () => {
    const r = sts.run('apply -f https://k8s.io/examples/application/web/web.yaml');
    expect(r).toEqual({ stdout: lines('service/nginx created', 'statefulset.apps/web created'), stderr: '', code: 0 });
  });

  it('the same file under kubernetes.io and raw GitHub addresses: unchanged', () => {
    sts.ok('apply -f https://k8s.io/examples/application/web/web.yaml');
    expect(sts.ok('apply -f https://kubernetes.io/examples/application/web/web.yaml')).toBe(
      lines('service/nginx unchanged', 'statefulset.apps/web unchanged'),
    );
    const raw = 'https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/application/web/web.yaml';
    expect(sts.ok(['diff', '-f', raw])).toBe('');
    expect(sts.ok(['replace', '-f', raw])).toBe(lines('service/nginx replaced', 'statefulset.apps/web replaced'));
    expect(sts.ok(['delete', '-f', raw])).toBe(lines('service "nginx" deleted', 'statefulset.apps "web" deleted'));
  });

  it('create -f with several docs URLs', () => {
    expect(
      sts.ok(
        'create -f https://k8s.io/examples/application/mysql/mysql-configmap.yaml -f https://k8s.io/examples/application/mysql/mysql-services.yaml',
      ),
    ).toBe(lines('configmap/mysql created', 'service/mysql created', 'service/mysql-read created'));
  });

  it('a URL that cannot be fetched: kubectl’s error naming it, after its 3 attempts; exit 1', async () => {
    // a loopback port just closed: refused at once, no network needed
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const r = sts.run(`apply -f http://127.0.0.1:${port}/web.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(lines(`error: Get "http://127.0.0.1:${port}/web.yaml": dial tcp 127.0.0.1:${port}: connect: connection refused`));
  });
});
