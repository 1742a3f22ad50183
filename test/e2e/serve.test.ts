// `sts serve` over plain HTTP (no kubectl needed): discovery, Tables, Status errors, optimistic
// concurrency, paging, watches that resume from a list's resourceVersion, and the server's safety —
// the real binary serving, the CLI changing the same file beside it.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Served } from '../serve/served.js';
import { Sts, webCluster } from '../helpers.js';

const json = (r: Response) => r.json() as Promise<any>;

describe('sts serve', () => {
  let sts: Sts;
  let served: Served;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${served.url}${path}`, { headers });

  beforeAll(async () => {
    sts = webCluster();
    served = await Served.start(sts);
  });
  afterAll(async () => {
    await served.stop();
    sts.cleanup();
  });

  it('answers discovery in the aggregated form kubectl asks for first, and in the legacy one', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const r = await get('/apis', { accept });
    expect(r.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = (await json(r)).items.find((g: any) => g.metadata.name === 'apps');
    const sets = apps.versions[0].resources.find((x: any) => x.resource === 'statefulsets');
    expect(sets).toEqual({
      resource: 'statefulsets',
      responseKind: { group: 'apps', version: 'v1', kind: 'StatefulSet' },
      scope: 'Namespaced',
      singularResource: 'statefulset',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['sts'],
      categories: ['all'],
      subresources: [
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'StatefulSet' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
    const legacy = await json(await get('/api/v1'));
    expect(legacy.resources.filter((x: any) => x.name.startsWith('pods')).map((x: any) => x.name)).toEqual([
      'pods',
      'pods/attach',
      'pods/eviction',
      'pods/exec',
      'pods/log',
      'pods/status',
    ]);
    expect(await (await get('/healthz')).text()).toBe('ok');
    expect((await json(await get('/version'))).gitVersion).toMatch(/^v1\.33\./);
  });

  it('lists as a Table with the cells sts get prints', async () => {
    const t = await json(await get('/api/v1/namespaces/default/pods', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' }));
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: any) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ]);
    const wide = sts
      .ok('get pods -o wide --no-headers')
      .trim()
      .split('\n')
      .map((l) => l.split(/ {2,}/));
    expect(t.rows.map((r: any) => r.cells)).toEqual(wide);
    expect(t.rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('answers errors as Status objects', async () => {
    const r = await get('/apis/apps/v1/namespaces/default/statefulsets/nope');
    expect(r.status).toBe(404);
    expect(await json(r)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'statefulsets.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'statefulsets' },
      code: 404,
    });
    expect((await get('/apis/nothing/v1/things')).status).toBe(404);
  });

  it('refuses an update from a stale resourceVersion with 409 Conflict', async () => {
    const path = '/apis/apps/v1/namespaces/default/statefulsets/web';
    const set = await json(await get(path));
    sts.ok('label sts web tier=web'); // the CLI changes it beside the server
    const r = await fetch(`${served.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(set) });
    expect(r.status).toBe(409);
    expect((await json(r)).message).toBe(
      'Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    const fresh = await json(await get(path));
    expect(fresh.metadata.labels.tier).toBe('web');
  });

  it('pages a list with limit and continue', async () => {
    for (const n of ['a', 'b', 'c']) sts.ok(`create configmap ${n} --from-literal=k=v`);
    const first = await json(await get('/api/v1/namespaces/default/configmaps?limit=2'));
    expect(first.items.map((o: any) => o.metadata.name)).toEqual(['a', 'b']);
    expect(first.metadata.remainingItemCount).toBe(2);
    const rest = await json(await get(`/api/v1/namespaces/default/configmaps?limit=2&continue=${first.metadata.continue}`));
    expect(rest.items.map((o: any) => o.metadata.name)).toEqual(['c', 'kube-root-ca.crt']);
    expect(rest.metadata.continue).toBeUndefined();
  });

  it('streams a watch from the resourceVersion of a list, with what the CLI changed after it', async () => {
    const list = await json(await get('/apis/apps/v1/namespaces/default/statefulsets'));
    sts.ok('scale sts web --replicas=3');
    const ctl = new AbortController();
    const r = await fetch(`${served.url}/apis/apps/v1/namespaces/default/statefulsets?watch=true&resourceVersion=${list.metadata.resourceVersion}`, {
      signal: ctl.signal,
    });
    const reader = r.body!.getReader();
    let text = '';
    while (!text.includes('"replicas":3')) text += new TextDecoder().decode((await reader.read()).value);
    ctl.abort();
    const first = JSON.parse(text.split('\n')[0]);
    expect([first.type, first.object.kind, first.object.metadata.name, first.object.spec.replicas]).toEqual(['MODIFIED', 'StatefulSet', 'web', 3]);
    const gone = await get('/apis/apps/v1/namespaces/default/statefulsets?watch=true&resourceVersion=1');
    expect(gone.status).toBe(410);
    expect((await json(gone)).reason).toBe('Expired');
  });

  it('moves a manual clock through its own endpoint', async () => {
    const before = await json(await get('/sts/v1/clock'));
    expect(before.mode).toBe('manual');
    const r = await fetch(`${served.url}/sts/v1/clock/advance?by=1m30s`, { method: 'POST' });
    const after = await json(r);
    expect(Date.parse(after.now) - Date.parse(before.now)).toBe(90_000);
    expect(after.advanced).toBe('1m30s');
    expect(sts.ok('clock')).toBe(`mode: manual\nnow:  ${after.now}\n`);
    const bad = await fetch(`${served.url}/sts/v1/clock/advance?by=soon`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).message).toMatch(/^invalid by "soon": /);
  });

  it('refuses what is not the path’s: a body of another kind, a null DeleteOptions, a foreign continue token, a malformed path', async () => {
    const send = (method: string, path: string, body: string, type = 'application/json') =>
      fetch(`${served.url}${path}`, { method, headers: { 'content-type': type }, body });
    const applied = await send(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/zz?fieldManager=x',
      '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"zz"}}',
      'application/apply-patch+yaml',
    );
    expect([applied.status, (await json(applied)).message]).toEqual([
      400,
      'the kind in the data (Secret) does not match the expected kind (ConfigMap)',
    ]);
    expect(sts.run('get secret zz').code).toBe(1);
    const del = await send('DELETE', '/api/v1/namespaces/default/pods/web-0', 'null');
    expect([del.status, (await json(del)).reason]).toEqual([400, 'BadRequest']);
    const token = Buffer.from('null').toString('base64url');
    const page = await get(`/api/v1/namespaces/default/pods?limit=1&continue=${token}`);
    expect([page.status, (await json(page)).reason]).toEqual([400, 'BadRequest']);
    const bad = await get('/api/v1/namespaces/default/pods/%E0%A4%A');
    expect([bad.status, (await json(bad)).reason]).toEqual([400, 'BadRequest']);
  });

  it('refuses keys given twice under fieldValidation=Strict, warns under Warn', async () => {
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","name":"dup"},"data":{"a":"1","a":"2"},"dta":{}}';
    const post = (mode: string) =>
      fetch(`${served.url}/api/v1/namespaces/default/configmaps?fieldValidation=${mode}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const strict = await post('Strict');
    expect([strict.status, (await json(strict)).message]).toEqual([
      400,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name", duplicate field "data.a", unknown field "dta"',
    ]);
    const warned = await post('Warn');
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe(
      '299 - "duplicate field \\"metadata.name\\"", 299 - "duplicate field \\"data.a\\"", 299 - "unknown field \\"dta\\""',
    );
    expect(sts.ok(['get', 'cm', 'dup', '-o', 'jsonpath={.data.a}'])).toBe('2');
  });

  it('deletes a collection by selector, and honours a delete’s uid precondition', async () => {
    for (const n of ['x1', 'x2']) sts.ok(['create', 'configmap', n, '--from-literal=k=v']);
    sts.ok('label cm x1 x2 doomed=yes');
    const del = (path: string, body?: string) =>
      fetch(`${served.url}${path}`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body });
    const wrong = await del('/api/v1/namespaces/default/configmaps/x1', '{"preconditions":{"uid":"not-its-uid"}}');
    expect(wrong.status).toBe(409);
    expect((await json(wrong)).message).toMatch(
      /^Operation cannot be fulfilled on configmaps "x1": Precondition failed: UID in precondition: not-its-uid, UID in object meta: /,
    );
    const gone = await json(await del('/api/v1/namespaces/default/configmaps?labelSelector=doomed%3Dyes'));
    expect(gone.items.map((o: any) => o.metadata.name)).toEqual(['x1', 'x2']);
    expect(sts.ok('get cm -l doomed=yes -o name')).toBe('');
  });

  it('bounds request bodies', async () => {
    const r = await fetch(`${served.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(4 * 1024 * 1024),
    });
    expect(r.status).toBe(413);
  });
});

describe('sts serve safety', () => {
  it('needs the token it was given', async () => {
    const sts = new Sts('manual');
    const served = await Served.start(sts, ['--token', 's3cret']);
    try {
      expect((await fetch(`${served.url}/api/v1/namespaces`)).status).toBe(401);
      expect((await fetch(`${served.url}/api/v1/namespaces`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    } finally {
      const stopped = await served.stop();
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toMatch(/Stopped\.\n$/);
      sts.cleanup();
    }
  });

  it('serves HTTPS with a certificate its kubeconfig trusts, and a token it made', async () => {
    const sts = new Sts('manual');
    const served = await Served.start(sts, ['--tls']);
    try {
      expect(served.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const kc = readFileSync(served.kubeconfig, 'utf8');
      const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(kc)![1], 'base64').toString();
      const token = /token: (\S+)/.exec(kc)![1];
      const status = (headers: Record<string, string>) =>
        new Promise<number>((resolve, reject) =>
          https
            .get(`${served.url}/api/v1/namespaces`, { ca, headers }, (r) => {
              r.resume();
              resolve(r.statusCode ?? 0);
            })
            .on('error', reject),
        );
      expect(await status({ authorization: `Bearer ${token}` })).toBe(200);
      expect(await status({})).toBe(401);
    } finally {
      await served.stop();
      sts.cleanup();
    }
  });

  it('says so when the port is taken', async () => {
    const sts = new Sts('manual');
    const first = await Served.start(sts);
    try {
      const port = new URL(first.url).port;
      expect(sts.run(['serve', '--port', port])).toEqual({
        stdout: '',
        stderr: `error: cannot listen on 127.0.0.1:${port}: the address is in use (choose another --port, or --port 0 for any free one)\n`,
        code: 1,
      });
    } finally {
      await first.stop();
      sts.cleanup();
    }
  });

  it('refuses a non-loopback address without --allow-remote and --token', () => {
    const sts = new Sts('manual');
    const r = sts.run('serve --address 0.0.0.0 --port 0');
    expect(r).toEqual({
      stdout: '',
      stderr:
        'error: --address 0.0.0.0 is not loopback: serving it needs --allow-remote and --token (anyone who reaches it could change the cluster)\n',
      code: 1,
    });
    sts.cleanup();
  });
});
