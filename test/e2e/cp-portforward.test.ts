// `sts cp` through the pod's files (what lands under a claim stays in its volume) and `sts
// port-forward` with real listeners, fetched over HTTP from this process.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, lines, ROOT, type Sts, webCluster } from '../helpers.js';

const REMOVING = "tar: Removing leading '/' from member names\n";

/** Every file under a local directory, with its contents. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (n.isDirectory()) {
        out[`${rel}${n.name}/`] = '';
        walk(join(d, n.name), `${rel}${n.name}/`);
      } else out[`${rel}${n.name}`] = readFileSync(join(d, n.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

describe('cp', () => {
  let sts: Sts;
  let local: string;
  beforeAll(() => {
    sts = webCluster();
    local = mkdtempSync(join(tmpdir(), 'sts-cp-'));
    mkdirSync(join(local, 'site', 'css'), { recursive: true });
    mkdirSync(join(local, 'site', 'empty'));
    writeFileSync(join(local, 'site', 'index.html'), '<h1>site</h1>\n');
    writeFileSync(join(local, 'site', 'css', 'a.css'), 'h1 {}\n');
    writeFileSync(join(local, 'note.txt'), 'hello\n');
  });
  afterAll(() => {
    sts.cleanup();
    rmSync(local, { recursive: true, force: true });
  });

  it('a file into a claim: it is in the volume, and outlives the pod', () => {
    expect(sts.run(['cp', join(local, 'note.txt'), 'web-0:/usr/share/nginx/html/note.txt'])).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(sts.ok('exec web-0 -- cat /usr/share/nginx/html/note.txt')).toBe('hello\n');
    const volumes = join(`${sts.state}.data`, 'volumes');
    expect(readdirSync(volumes).filter((v) => existsSync(join(volumes, v, 'note.txt')))).toHaveLength(1);
    sts.ok('delete pod web-0');
    sts.ok('clock settle');
    expect(sts.ok('exec web-0 -- cat /usr/share/nginx/html/note.txt')).toBe('hello\n');
    expect(sts.ok('exec web-1 -- ls /usr/share/nginx/html')).toBe('');
  });

  it('a directory, recursively: into an existing directory, or as a new one; NS/POD:PATH', () => {
    expect(sts.run(['cp', join(local, 'site'), 'web-1:/usr/share/nginx/html'])).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(sts.ok('exec web-1 -- ls /usr/share/nginx/html/site')).toBe(lines('css', 'empty', 'index.html'));
    expect(sts.ok('exec web-1 -- cat /usr/share/nginx/html/site/css/a.css')).toBe('h1 {}\n');
    expect(sts.run(['cp', `${join(local, 'site')}/`, 'default/web-1:/tmp/copy'])).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(sts.ok('exec web-1 -- ls /tmp/copy')).toBe(lines('css', 'empty', 'index.html'));
  });

  it("out of a pod: tar's notice about the leading '/' comes on stdout, as kubectl's does", () => {
    const out = join(local, 'out');
    expect(sts.run(['cp', 'web-1:/usr/share/nginx/html/site', out])).toEqual({ stdout: REMOVING, stderr: '', code: 0 });
    expect(tree(out)).toEqual({ 'css/': '', 'css/a.css': 'h1 {}\n', 'empty/': '', 'index.html': '<h1>site</h1>\n' });
    expect(sts.run(['cp', '-c', 'nginx', 'web-1:tmp/copy/index.html', join(local, 'one.html')])).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(readFileSync(join(local, 'one.html'), 'utf8')).toBe('<h1>site</h1>\n');
  });

  it('no path leads out of the pod: symlinks out of a volume are refused both ways', () => {
    const volume = join(`${sts.state}.data`, 'volumes', sts.ok(['get', 'pvc', 'www-web-0', '-o', 'jsonpath={.spec.volumeName}']));
    const outside = mkdtempSync(join(tmpdir(), 'sts-outside-'));
    try {
      writeFileSync(join(outside, 'secret'), 'outside\n');
      symlinkSync(outside, join(volume, 'dirlink'));
      expect(sts.run(['cp', join(local, 'note.txt'), 'web-0:/usr/share/nginx/html/dirlink/new'])).toEqual({
        stdout: '',
        stderr:
          'tar: /usr/share/nginx/html/dirlink: Cannot open: Permission denied\ntar: Error is not recoverable: exiting now\ncommand terminated with exit code 2\n',
        code: 2,
      });
      expect(sts.run(['cp', 'web-0:/usr/share/nginx/html/dirlink/secret', join(local, 'stolen')])).toEqual({
        stdout: `${REMOVING}tar: /usr/share/nginx/html/dirlink/secret: Cannot stat: Permission denied\ntar: Exiting with failure status due to previous errors\n`,
        stderr: '',
        code: 0,
      });
      expect(readdirSync(outside)).toEqual(['secret']);
      expect(existsSync(join(local, 'stolen'))).toBe(false);
    } finally {
      rmSync(join(volume, 'dirlink'));
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("missing files and bad specs, in kubectl's and tar's words", () => {
    // kubectl reads the (empty) archive before tar's exit status arrives: exit 0, nothing written
    expect(sts.run(['cp', 'web-0:/nope', join(local, 'nope')])).toEqual({
      stdout: `${REMOVING}tar: /nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n`,
      stderr: '',
      code: 0,
    });
    expect(existsSync(join(local, 'nope'))).toBe(false);
    expect(sts.run(['cp', join(local, 'note.txt'), 'web-0:/no/such/dir'])).toEqual({
      stdout: '',
      stderr:
        'tar: /no/such: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\ncommand terminated with exit code 2\n',
      code: 2,
    });
    const fails = (args: string[], stderr: string) => expect(sts.run(['cp', ...args])).toEqual({ stdout: '', stderr, code: 1 });
    fails([join(local, 'absent'), 'web-0:/tmp'], `error: ${join(local, 'absent')} doesn't exist in local filesystem\n`);
    fails([join(local, 'note.txt'), 'web-9:/tmp'], 'Error from server (NotFound): pods "web-9" not found\n');
    fails(['-c', 'nope', join(local, 'note.txt'), 'web-0:/tmp'], 'error: container nope not found in pod web-0\n');
    fails(['a', 'b'], 'error: one of src or dest must be a remote file specification\n');
    fails(['a:x', 'b:y'], 'error: one of src or dest must be a local file specification\n');
    fails([':a', 'b'], 'error: filespec must match the canonical format: [[namespace/]pod:]file/path\n');
    fails(['web-0:', 'b'], 'error: filepath can not be empty\n');
    fails(['a'], 'error: source and destination are required\n');
  });
});

/** A running `sts port-forward`: its output so far, and a way to wait for more. */
function forward(sts: Sts, args: string[]) {
  const child = spawn(process.execPath, [BIN, 'port-forward', ...args], { cwd: ROOT, env: { ...process.env, STS_STATE: sts.state, NO_COLOR: '1' } });
  const seen = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (seen.stdout += d));
  child.stderr.on('data', (d) => (seen.stderr += d));
  const exited = new Promise<number>((res) => child.on('close', (code, signal) => res(code ?? (signal ? 128 : -1))));
  const until = async (test: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out; so far:\n${seen.stdout}${seen.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, seen, exited, until };
}

/** Whether this machine can listen on ::1 (kubectl's `localhost` is 127.0.0.1 and ::1 when it can). */
const ipv6 = () =>
  new Promise<boolean>((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen({ host: '::1', port: 0 }, () => s.close(() => res(true)));
  });

describe('port-forward', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = webCluster();
    sts.ok(['exec', 'web-0', '--', 'sh', '-c', 'echo "<h1>web-0</h1>" > /usr/share/nginx/html/index.html']);
  });
  afterAll(() => sts.cleanup());

  it("forwards a free local port to the set's first pod; every request sees the pod's files as they are now", async () => {
    const pf = forward(sts, ['sts/web', ':80']);
    await pf.until(() => /Forwarding from 127\.0\.0\.1:\d+ -> 80\n/.test(pf.seen.stdout));
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(pf.seen.stdout)![1]);
    const close = { headers: { connection: 'close' } }; // a connection per request, each announced
    const first = await fetch(`http://127.0.0.1:${port}/`, close);
    expect([first.status, first.headers.get('server'), first.headers.get('content-type'), await first.text()]).toEqual([
      200,
      'nginx/0.21',
      'text/html',
      '<h1>web-0</h1>\n',
    ]);
    sts.ok(['exec', 'web-0', '--', 'sh', '-c', 'echo changed > /usr/share/nginx/html/index.html']);
    expect(await (await fetch(`http://127.0.0.1:${port}/`, close)).text()).toBe('changed\n');
    expect((await fetch(`http://127.0.0.1:${port}/nope.html`, close)).status).toBe(404);
    pf.child.kill('SIGINT');
    expect(await pf.exited).toBe(0);
    const forwarding = [`Forwarding from 127.0.0.1:${port} -> 80`, ...((await ipv6()) ? [`Forwarding from [::1]:${port} -> 80`] : [])];
    expect(pf.seen).toEqual({ stdout: lines(...forwarding, ...Array(3).fill(`Handling connection for ${port}`)), stderr: '' });
    // nginx saw the requests come from inside the pod
    expect(sts.ok('logs web-0 --tail=3')).toMatch(
      /^127\.0\.0\.1 - - \[.+\] "GET \/ HTTP\/1\.1" 200 15 "-" "node" "-"\n127\.0\.0\.1 .* 200 8 .*\n127\.0\.0\.1 .*"GET \/nope\.html HTTP\/1\.1" 404 /,
    );
  });

  it("a service's named port is its pod's port; --address picks where to listen", async () => {
    const pf = forward(sts, ['svc/nginx', ':web', '--address', '127.0.0.1']);
    await pf.until(() => pf.seen.stdout.includes('\n'));
    expect(pf.seen.stdout).toMatch(/^Forwarding from 127\.0\.0\.1:\d+ -> 80\n$/);
    pf.child.kill('SIGINT');
    expect(await pf.exited).toBe(0);
  });

  it('a port nothing listens on: the connection fails, kubectl says so and the session ends', async () => {
    const pf = forward(sts, ['pod/web-1', ':81', '--address=127.0.0.1']);
    await pf.until(() => pf.seen.stdout.includes('\n'));
    const port = Number(/127\.0\.0\.1:(\d+) -> 81/.exec(pf.seen.stdout)![1]);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect(await pf.exited).toBe(1);
    expect(pf.seen.stdout).toBe(lines(`Forwarding from 127.0.0.1:${port} -> 81`, `Handling connection for ${port}`));
    const [klog, lost, ...rest] = pf.seen.stderr.split('\n');
    expect(klog).toMatch(
      new RegExp(
        `^E\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ portforward\\.go:424\\] "Unhandled Error" err="an error occurred forwarding ${port} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\\\"/var/run/netns/cni-[0-9a-f-]{36}\\\\": failed to connect to localhost:81 inside namespace \\\\"[0-9a-f]{64}\\\\", IPv4: dial tcp4 127\\.0\\.0\\.1:81: connect: connection refused IPv6 dial tcp6 \\[::1\\]:81: connect: connection refused "$`,
      ),
    );
    expect([lost, ...rest]).toEqual(['error: lost connection to pod', '']);
  });

  it("what is refused before listening, in kubectl's words", () => {
    const fails = (args: string, stderr: string) => expect(sts.run(`port-forward ${args}`)).toEqual({ stdout: '', stderr, code: 1 });
    fails('web-0', "error: TYPE/NAME and list of ports are required for port-forward\nSee 'sts port-forward -h' for help and examples\n");
    fails('web-0 http', "error: Pod 'web-0' does not have a named port 'http'\n");
    fails('svc/nginx 8080:https', "error: Service 'nginx' does not have a named port 'https'\n");
    fails('svc/nginx 8443', 'error: Service nginx does not have a service port 8443\n');
    fails('web-0 8080:', 'error: remote port cannot be empty\n');
    fails('web-0 70000:80', 'error: error parsing local port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n');
    fails('web-0 0', 'error: remote port must be > 0\n');
    fails('web-0 80 --address=here', 'error: here is not a valid IP\n');
    fails('sts/nope 80', 'Error from server (NotFound): statefulsets.apps "nope" not found\n');
    fails('pvc/www-web-0 80', 'error: cannot attach to *v1.PersistentVolumeClaim: selector for *v1.PersistentVolumeClaim not implemented\n');
  });

  it('a pod that is not running yet', () => {
    sts.ok('scale sts web --replicas=3');
    sts.ok('clock advance 2s');
    expect(sts.run('port-forward web-2 8080:80')).toEqual({
      stdout: '',
      stderr: 'error: unable to forward port because pod is not running. Current status=Pending\n',
      code: 1,
    });
  });
});
