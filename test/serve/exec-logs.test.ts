// `sts serve`'s pods/exec, pods/attach and pods/log against the real kubectl 1.33: whole stdout, stderr
// and exit codes compared with what `sts exec` / `sts logs` print for the same command on the same
// cluster; the channel protocol itself (terminal sessions, refusals) driven with a WebSocket client.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { attachUpgrade, closeExecSessions, execUpgrade } from '../../src/serve/exec.js';
import { podLog } from '../../src/serve/logs.js';
import { openSessions } from '../../src/serve/websocket-channels.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { findKubectl } from '../clients/kubectl-binary.js';
import { type Result, Sts, until, webCluster } from '../helpers.js';

const KUBECTL = findKubectl();
const ACCESS_LINE = /^10\.244\.\d+\.\d+ - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 403 \d+ "-" "curl\/8\.11\.1" "-"\n$/;

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata:
  name: duo
spec:
  containers:
  - name: a
    image: nginx
  - name: b
    image: httpd
`;

let sts: Sts;
let server: RunningServer;
let dir: string;

beforeEach(async () => {
  sts = webCluster();
  server = await startServer({
    statePath: sts.state,
    port: 0,
    address: '127.0.0.1',
    extra: { log: podLog, exec: execUpgrade, attach: attachUpgrade },
  });
  dir = mkdtempSync(join(tmpdir(), 'sts-serve-exec-'));
  writeFileSync(
    join(dir, 'kubeconfig'),
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: sts, cluster: {server: "' + server.url + '"}}]',
      'users: [{name: sts, user: {}}]',
      'contexts: [{name: sts, context: {cluster: sts, user: sts, namespace: default}}]',
      'current-context: sts',
      '',
    ].join('\n'),
  );
});

afterEach(async () => {
  closeExecSessions();
  await server.close();
  sts.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A kubectl process against the server: its own kubeconfig and discovery cache. */
function startKubectl(args: string[], input?: string) {
  const child = spawn(KUBECTL!, [`--cache-dir=${join(dir, 'cache')}`, ...args], {
    env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const r: Result = { stdout: '', stderr: '', code: -1 };
  child.stdout.on('data', (d) => (r.stdout += d));
  child.stderr.on('data', (d) => (r.stderr += d));
  child.stdin.on('error', () => undefined);
  if (input !== undefined) child.stdin.end(input);
  const done = new Promise<Result>((resolve) => child.on('close', (code) => resolve({ ...r, code: code ?? -1 })));
  return { child, out: () => r.stdout, done };
}

/** Run kubectl to its end (asynchronously: the server answers in this process). */
const kubectl = (args: string[], input?: string): Promise<Result> => startKubectl(args, input).done;

/** What kubectl and sts print for the same command line (sts's own name in its usage hints aside). */
async function same(args: string[], input?: string): Promise<Result> {
  const k = await kubectl(args, input);
  expect(k).toEqual(sts.run(args, input));
  return k;
}

const describeKubectl = KUBECTL ? describe : describe.skip;
const withKubectl = (title: string) => (KUBECTL ? title : `${title} (skipped: no kubectl 1.33 here; set STS_KUBECTL)`);

describeKubectl(withKubectl('kubectl exec against sts serve'), () => {
  it('runs a command: the same output, errors and exit codes as sts exec', async () => {
    expect((await same(['exec', 'web-0', '--', 'ls', '/'])).stdout).toContain('usr\n');
    await same(['exec', 'web-0', '--', 'sh', '-c', 'echo out; ls /nope; exit 3']);
    expect(await same(['exec', 'web-0', '--', 'false'])).toEqual({ stdout: '', stderr: 'command terminated with exit code 1\n', code: 1 });
    expect((await same(['exec', 'web-0', '--', 'nosuch'])).code).toBe(126);
  });

  it('writes go to the pod files sts sees', async () => {
    expect(await kubectl(['exec', 'web-0', '--', 'sh', '-c', 'echo hi > /usr/share/nginx/html/index.html'])).toEqual({
      stdout: '',
      stderr: '',
      code: 0,
    });
    expect(sts.ok('exec web-0 -- cat /usr/share/nginx/html/index.html')).toBe('hi\n');
  });

  it('-i passes stdin through to its end; a shell reads its commands from it', async () => {
    expect(await same(['exec', '-i', 'web-0', '--', 'cat'], 'hello\nworld\n')).toEqual({ stdout: 'hello\nworld\n', stderr: '', code: 0 });
    const script = 'cd /usr/share\npwd\nx=$((1+2)); echo $x\nls /nope\nexit 4\n';
    expect((await same(['exec', '-i', 'web-0', '--', 'sh'], script)).code).toBe(4);
    // -t without a terminal: kubectl says so and runs without one, as sts does
    const k = await kubectl(['exec', '-it', 'web-0', '--', 'sh'], script);
    const s = sts.run(['exec', '-it', 'web-0', '--', 'sh'], script);
    expect(k.stdout).toBe(s.stdout);
    expect(k.code).toBe(s.code);
    expect(k.stderr).toBe(`Unable to use a TTY - input is not a terminal or the right kind of file\n${s.stderr}`);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('-it on a terminal (util-linux script gives kubectl one): prompt, echo, exit code', async () => {
    const child = spawn('/usr/bin/script', ['-qec', `${KUBECTL} --cache-dir=${join(dir, 'cache')} exec -it web-0 -- sh`, '/dev/null'], {
      env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = new Promise((resolve) => child.on('close', resolve));
    await until(() => out === '# ', 'the prompt');
    child.stdin.write('cd /usr\r');
    await until(() => out.endsWith('\r\n# '), 'the next prompt');
    child.stdin.write('pwd; ls /nope\r');
    await until(() => out.split('# ').length === 4, 'the third prompt');
    child.stdin.write('exit 7\r');
    expect(await code).toBe(7);
    const nope = sts.run('exec web-0 -- ls /nope').stderr.split('\n')[0];
    expect(out).toBe(`# cd /usr\r\n# pwd; ls /nope\r\n/usr\r\n${nope}\r\n# exit 7\r\ncommand terminated with exit code 7\r\n`);
  });

  it("kubectl's errors for pods that cannot be exec'd", async () => {
    expect(await same(['exec', 'nope', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      code: 1,
    });
    // kubectl checks a container named with -c no further than the API server does (sts exec says
    // `error: container nope not found in pod web-0`, podcmd's words for a defaulted container)
    expect(await kubectl(['exec', 'web-0', '-c', 'nope', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): container nope is not valid for pod web-0\n',
      code: 1,
    });
    sts.ok('delete pod web-1 --wait=false');
    sts.ok('clock settle');
    sts.ok('scale sts web --replicas=3');
    sts.ok('clock advance 2s'); // web-2 is being created
    expect(await same(['exec', 'web-2', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'error: unable to upgrade connection: container not found ("nginx")\n',
      code: 1,
    });
  });
});

describeKubectl(withKubectl('kubectl logs and attach against sts serve'), () => {
  it('the same lines and errors as sts logs', async () => {
    sts.ok(['exec', 'web-1', '--', 'curl', '-s', 'web-0.nginx']);
    expect((await same(['logs', 'web-0'])).stdout).toMatch(/\[notice\] 1#1: start worker processes\n[^]*curl/);
    expect((await same(['logs', 'web-0', '--tail=3', '--timestamps'])).stdout.split('\n')).toHaveLength(4);
    await same(['logs', 'web-0', '--limit-bytes=100']);
    await same(['logs', 'web-0', '--since=1h']);
    await same(['logs', 'sts/web', '--tail=1']);
    expect((await same(['logs', 'web-0', '--previous'])).stderr).toBe(
      'Error from server (BadRequest): previous terminated container "nginx" in pod "web-0" not found\n',
    );
    await same(['logs', 'nope']);
    sts.ok('scale sts web --replicas=3');
    sts.ok('clock advance 2s');
    expect((await same(['logs', 'web-2'])).stderr).toBe(
      'Error from server (BadRequest): container "nginx" in pod "web-2" is waiting to start: ContainerCreating\n',
    );
  });

  it('-f: the lines added while it follows, until the pod goes', async () => {
    const last = sts.ok('logs web-0 --tail=1');
    const following = startKubectl(['logs', 'web-0', '-f', '--tail=1']);
    await until(() => following.out() === last, 'kubectl logs -f to print the last line');
    sts.ok(['exec', 'web-1', '--', 'curl', '-s', 'web-0.nginx']);
    await until(() => following.out().length > last.length && following.out().endsWith('\n'), 'the new line');
    expect(following.out().slice(last.length)).toMatch(ACCESS_LINE);
    expect(following.out()).toBe(sts.ok('logs web-0 --tail=2'));
    sts.ok('delete pod web-0 --wait=false');
    sts.ok('clock settle');
    expect((await following.done).code).toBe(0);
  });

  it('attach: the main process output from now on, until its pod goes', async () => {
    const attached = startKubectl(['attach', 'web-0']);
    await until(() => openSessions() === 1, 'kubectl attach to be attached');
    expect(attached.out()).toBe('');
    sts.ok(['exec', 'web-1', '--', 'curl', '-s', 'web-0.nginx']);
    await until(() => attached.out().endsWith('\n'), 'kubectl attach to print the request');
    expect(attached.out()).toMatch(ACCESS_LINE);
    sts.ok('delete pod web-0 --wait=false');
    sts.ok('clock settle');
    const r = await attached.done;
    expect(r).toEqual({ stdout: attached.out(), stderr: "If you don't see a command prompt, try pressing enter.\n", code: 0 });
  });
});

/** A raw exec session with the ws client: what came on each channel, and the final Status. */
function session(path: string, protocols = ['v5.channel.k8s.io']) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}${path}`, protocols);
  const got = { out: '', err: '', status: undefined as unknown, protocol: '' };
  ws.on('message', (data: Buffer) => {
    if (data[0] === 1) got.out += data.subarray(1).toString();
    if (data[0] === 2) got.err += data.subarray(1).toString();
    if (data[0] === 3) got.status = JSON.parse(data.subarray(1).toString());
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve((got.protocol = ws.protocol) && undefined));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => reject(new Error(`${res.statusCode} ${body}`)));
    });
    ws.on('error', reject);
  });
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  const stdin = (s: string) => ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(s)]));
  return { ws, got, opened, closed, stdin, endStdin: () => ws.send(Buffer.from([255, 0])) };
}

const execPath = (pod: string, query: string) => `/api/v1/namespaces/default/pods/${pod}/exec?${query}`;

describe('the channel protocol (a WebSocket client)', () => {
  it('v5, or v4 when that is all the client speaks; the exit code in the Status', async () => {
    const script = 'echo a; ls /nope; exit 2';
    const s = session(execPath('web-0', `command=sh&command=-c&command=${encodeURIComponent(script)}&stdout=true&stderr=true`), [
      'v4.channel.k8s.io',
    ]);
    await s.opened;
    await s.closed;
    const cli = sts.run(['exec', 'web-0', '--', 'sh', '-c', script]);
    expect(s.got).toEqual({
      out: cli.stdout,
      err: cli.stderr.replace('command terminated with exit code 2\n', ''),
      protocol: 'v4.channel.k8s.io',
      status: {
        metadata: {},
        status: 'Failure',
        message: `command terminated with non-zero exit code: error executing command [sh -c ${script}], exit code 2`,
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '2' }] },
      },
    });
  });

  it('a terminal session: echo, line editing, one line at a time with the cluster unlocked between', async () => {
    const s = session(execPath('web-0', 'command=sh&stdin=true&stdout=true&tty=true'));
    await s.opened;
    await until(() => s.got.out === '# ', 'the prompt');
    expect(sts.locked()).toBe(false);
    s.stdin('cd /tmpx\x7f\r');
    await until(() => s.got.out.endsWith('# ') && s.got.out.length > 2, 'the second prompt');
    s.stdin('pwd\r');
    s.stdin('echo one\nls /nope\r');
    s.stdin('exit 5\r');
    await s.closed;
    const nope = sts.run('exec web-0 -- ls /nope').stderr.split('\n')[0] + '\r\n';
    expect(s.got.out).toBe(`# cd /tmpx\b \b\r\n# pwd\r\n/tmp\r\n# echo one\r\none\r\n# ls /nope\r\n${nope}# exit 5\r\n`);
    expect(s.got.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '5' }] } });
  });

  it('stdin is read to its close (v5), then the command runs', async () => {
    const s = session(execPath('web-0', 'command=wc&command=-l&stdin=true&stdout=true&stderr=true'));
    await s.opened;
    s.stdin('a\nb\n');
    s.stdin('c\n');
    s.endStdin();
    await s.closed;
    expect(s.got).toMatchObject({ out: '3\n', err: '', status: { status: 'Success' } });
  });

  it('refusals before the upgrade are Status answers (or the kubelet text)', async () => {
    const refused = async (path: string) => {
      const s = session(path);
      s.ws.on('error', () => undefined);
      return s.opened.then(
        () => 'opened',
        (e: Error) => e.message,
      );
    };
    const status = (code: number, reason: string, message: string, details?: object) =>
      `${code} ${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code })}`;
    expect(await refused(execPath('nope', 'command=ls&stdout=true'))).toBe(
      status(404, 'NotFound', 'pods "nope" not found', { name: 'nope', kind: 'pods' }),
    );
    expect(await refused(execPath('web-0', 'stdout=true'))).toBe(
      status(400, 'BadRequest', 'you must specify at least one command for the container'),
    );
    expect(await refused(execPath('web-0', 'command=ls'))).toBe(status(400, 'BadRequest', 'you must specify at least 1 of stdin, stdout, stderr'));
    expect(await refused(execPath('web-0', 'command=ls&stdout=yes'))).toBe(
      status(400, 'BadRequest', 'strconv.ParseBool: parsing "yes": invalid syntax'),
    );
    expect(await refused(execPath('web-0', 'command=ls&stdout=true&container=x'))).toBe(
      status(400, 'BadRequest', 'container x is not valid for pod web-0'),
    );
    sts.ok('apply -f -', TWO_CONTAINERS);
    expect(await refused(execPath('duo', 'command=ls&stdout=true'))).toBe(
      status(400, 'BadRequest', 'a container name must be specified for pod duo, choose one of: [a b]'),
    );
    sts.ok('clock advance 1s');
    expect(await refused(execPath('duo', 'command=ls&stdout=true&container=a'))).toBe('404 container not found ("a")');
  });
});

describe('the JavaScript client (@kubernetes/client-node)', () => {
  it('Exec: stdout, stderr, stdin to its end, and the exit code in the Status', async () => {
    const { Exec, KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    // the client speaks plain HTTP only to a cluster marked skipTLSVerify
    kc.loadFromOptions({
      clusters: [{ name: 'sts', server: server.url, skipTLSVerify: true }],
      users: [{ name: 'sts' }],
      contexts: [{ name: 'sts', cluster: 'sts', user: 'sts' }],
      currentContext: 'sts',
    });
    const collect = () => {
      const w = new PassThrough();
      let text = '';
      w.on('data', (d) => (text += d));
      return { w, text: () => text };
    };
    const [out, err] = [collect(), collect()];
    const status = await new Promise((resolve, reject) => {
      new Exec(kc)
        .exec('default', 'web-0', 'nginx', ['sh', '-c', 'cat; ls /nope; exit 3'], out.w, err.w, Readable.from(['from stdin\n']), false, resolve)
        .catch(reject);
    });
    const cli = sts.run(['exec', '-i', 'web-0', '--', 'sh', '-c', 'cat; ls /nope; exit 3'], 'from stdin\n');
    expect(out.text()).toBe(cli.stdout);
    expect(err.text()).toBe(cli.stderr.replace('command terminated with exit code 3\n', ''));
    expect(status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } });
  });
});

describe('pods/log over HTTP', () => {
  const get = async (path: string) => {
    const r = await fetch(`${server.url}/api/v1/namespaces/default/pods/${path}`);
    return { code: r.status, type: r.headers.get('content-type'), body: await r.text() };
  };
  it('text/plain; Status errors with their codes', async () => {
    expect(await get('web-0/log?tailLines=1')).toEqual({ code: 200, type: 'text/plain', body: sts.ok('logs web-0 --tail=1') });
    sts.ok('apply -f -', TWO_CONTAINERS);
    const duo = await get('duo/log');
    expect([duo.code, JSON.parse(duo.body).message]).toEqual([400, 'a container name must be specified for pod duo, choose one of: [a b]']);
    const bad = await get('web-0/log?tailLines=-1');
    expect([bad.code, JSON.parse(bad.body).message]).toEqual([
      422,
      'PodLogOptions "web-0" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    ]);
    const nope = await get('nope/log');
    expect([nope.code, JSON.parse(nope.body).message]).toEqual([404, 'pods "nope" not found']);
    const prev = await get('web-0/log?previous=true');
    expect([prev.code, JSON.parse(prev.body).reason, JSON.parse(prev.body).message]).toEqual([
      400,
      'BadRequest',
      'previous terminated container "nginx" in pod "web-0" not found',
    ]);
  });
});
