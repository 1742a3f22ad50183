// Volume contents, exec, DNS and HTTP: the seeds' "stable storage, stable identity".
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, Sts, webCluster } from '../helpers.js';

const volumes = (sts: Sts) => readdirSync(join(`${sts.state}.data`, 'volumes')).sort();

describe('data on claims (seed 000: touch, delete the pod, it is still there)', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = new Sts();
    sts.run('apply -f fixtures/seed-000/statefulset.yaml');
    sts.ok('create storageclass alicloud-disk-ssd');
    sts.ok('clock settle');
  });
  afterEach(() => sts.cleanup());

  it('the transcript', () => {
    expect(sts.run('exec web-1 ls /data')).toEqual({
      stdout: '',
      stderr: "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'sts exec -h' for help and examples\n",
      code: 1,
    });
    expect(sts.ok('exec web-1 -- ls /data')).toBe('lost+found\n');
    expect(sts.ok('exec web-1 -- touch /data/statefulset')).toBe('');
    expect(sts.ok('exec web-1 -- ls /data')).toBe('lost+found\nstatefulset\n');
    expect(sts.ok('delete pod web-1')).toBe('pod "web-1" deleted\n');
    sts.ok('clock settle');
    expect(sts.ok('exec web-1 -- ls /data')).toBe('lost+found\nstatefulset\n');
  });

  it('survives scale-down and scale-up, and deleting and re-creating the set; other pods do not see it', () => {
    sts.ok(['exec', 'web-1', '--', 'sh', '-c', 'echo hello from $(hostname) > /data/note']);
    expect(sts.ok('exec web-0 -- ls /data')).toBe('lost+found\n');
    sts.ok('scale sts web --replicas=1 --wait');
    sts.ok('scale sts web --replicas=2 --wait');
    expect(sts.ok('exec web-1 -- cat /data/note')).toBe('hello from web-1\n');
    sts.ok('delete sts web');
    sts.ok('clock settle');
    sts.run('apply -f fixtures/seed-000/statefulset.yaml');
    sts.ok('clock settle');
    expect(sts.ok('exec web-1 -- cat /data/note')).toBe('hello from web-1\n');
  });

  it('writes outside a claim vanish with the pod', () => {
    sts.ok(['exec', 'web-0', '--', 'sh', '-c', 'echo scratch > /tmp/x && mkdir -p /var/cache/app && touch /var/cache/app/y']);
    expect(sts.ok('exec web-0 -- cat /tmp/x')).toBe('scratch\n');
    const podDirs = () => readdirSync(join(`${sts.state}.data`, 'pods'));
    const [old] = podDirs();
    sts.ok('delete pod web-0');
    sts.ok('clock settle');
    expect(podDirs()).toEqual([]); // removed with the pod
    const r = sts.run('exec web-0 -- cat /tmp/x');
    expect(r.stderr).toBe('cat: /tmp/x: No such file or directory\ncommand terminated with exit code 1\n');
    expect(r.code).toBe(1);
    expect(podDirs()).toHaveLength(1);
    expect(podDirs()).not.toContain(old);
  });

  it('vanishes when the claim is deleted and its volume reclaimed (Delete)', () => {
    sts.ok('exec web-0 -- ls /data');
    sts.ok('exec web-1 -- touch /data/statefulset');
    expect(volumes(sts)).toHaveLength(2);
    sts.ok('scale sts web --replicas=1 --wait');
    sts.ok('delete pvc disk-ssd-web-1');
    expect(volumes(sts)).toHaveLength(1);
    sts.ok('scale sts web --replicas=2 --wait');
    expect(sts.ok('exec web-1 -- ls /data')).toBe('lost+found\n');
  });

  it('no path leads out of a volume: .. stays inside, symlinks out are refused', () => {
    sts.ok('exec web-0 -- ls /data');
    const [vol] = volumes(sts).filter((v) => sts.ok('get pvc disk-ssd-web-0').includes(v));
    writeFileSync(join(sts.dir, 'secret'), 'outside\n');
    symlinkSync(join(sts.dir, 'secret'), join(`${sts.state}.data`, 'volumes', vol, 'link'));
    symlinkSync(sts.dir, join(`${sts.state}.data`, 'volumes', vol, 'dirlink'));
    expect(sts.run('exec web-0 -- cat /data/link')).toMatchObject({
      stderr: 'cat: /data/link: Permission denied\ncommand terminated with exit code 1\n',
    });
    expect(sts.run('exec web-0 -- cat /data/dirlink/secret').stderr).toMatch(/^cat: \/data\/dirlink\/secret: Permission denied\n/);
    expect(sts.run('exec web-0 -- touch /data/dirlink/new').stderr).toMatch(/^touch: cannot touch '\/data\/dirlink\/new': Permission denied\n/);
    expect(existsSync(join(sts.dir, 'new'))).toBe(false);
    expect(sts.run(['exec', 'web-0', '--', 'sh', '-c', 'cat /data/../../../../../../secret']).stderr).toMatch(/No such file or directory/);
    expect(sts.run(['exec', 'web-0', '--', 'sh', '-c', 'echo x > /data/../../../../tmp/escape']).code).toBe(0);
    expect(existsSync('/tmp/escape')).toBe(false);
  });
});

describe('exec', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = new Sts();
    sts.ok('apply -f fixtures/web/web.yaml');
  });
  afterEach(() => sts.cleanup());

  it("refuses pods that are not running, with kubectl's errors", () => {
    expect(sts.run('exec web-0 -- ls').stderr).toBe('Error from server (BadRequest): pod web-0 does not have a host assigned\n');
    sts.ok('clock advance 2s');
    expect(sts.run('exec web-0 -- ls').stderr).toBe('error: unable to upgrade connection: container not found ("nginx")\n');
    sts.ok('clock settle');
    expect(sts.run('exec web-9 -- ls').stderr).toBe('Error from server (NotFound): pods "web-9" not found\n');
    expect(sts.run('exec web-0 -c nope -- ls').stderr).toBe('error: container nope not found in pod web-0\n');
  });

  it('the shell: ;, &&, ||, pipes, redirections, $(…), exit codes', () => {
    sts.ok('clock settle');
    const sh = (script: string) => sts.run(['exec', 'web-0', '--', 'sh', '-c', script]);
    expect(sh('cd /usr/share/nginx/html; echo "<h1>$(hostname)</h1>" > index.html && cat index.html').stdout).toBe('<h1>web-0</h1>\n');
    expect(sh('echo a >> /tmp/f; echo b >> /tmp/f; cat /tmp/f | wc -l').stdout).toBe('2\n');
    expect(sh('false || echo fallback; false && echo never; true').stdout).toBe('fallback\n');
    expect(sh('ls /nope')).toEqual({
      stdout: '',
      stderr: "ls: cannot access '/nope': No such file or directory\ncommand terminated with exit code 2\n",
      code: 2,
    });
    expect(sh('exit 3')).toMatchObject({ code: 3, stderr: 'command terminated with exit code 3\n' });
    expect(sh('nosuch')).toMatchObject({ code: 127, stderr: 'sh: 1: nosuch: not found\ncommand terminated with exit code 127\n' });
    expect(sts.run('exec web-0 -- nosuch')).toMatchObject({ code: 126 });
    expect(sts.ok('exec web-0 -- env')).toContain('HOSTNAME=web-0\n');
    expect(sts.ok(['exec', 'web-0', '--', 'mkdir', '-p', '/a/b/c'])).toBe('');
    expect(sts.ok('exec web-0 -- ls /a/b')).toBe('c\n');
    expect(sts.run('exec web-0 -- rm /a').stderr).toBe("rm: cannot remove '/a': Is a directory\ncommand terminated with exit code 1\n");
    expect(sts.ok('exec web-0 -- rm -r /a')).toBe('');
    expect(sts.ok('exec web-0 -- df -h').split('\n')[0]).toMatch(/^Filesystem +Size  Used Avail Use% Mounted on$/);
    expect(sts.ok('exec web-0 -- df -h')).toMatch(/\n\S+ +1\.0G +\S+ +\S+ +\d+% \/usr\/share\/nginx\/html\n/);
  });

  it('-i runs a shell on stdin (seed 001: cd /mnt; touch testfile; exit)', () => {
    sts.ok('clock settle');
    expect(sts.ok(['exec', '-i', 'web-0', '--', '/bin/sh'], 'cd /usr/share/nginx/html\ntouch testfile\nexit\n')).toBe('');
    expect(sts.ok('exec web-0 -- ls /usr/share/nginx/html')).toBe('testfile\n');
  });
});

describe("network identity (the tutorial's nslookup, each pod its own page)", () => {
  let sts: Sts;
  beforeEach(() => {
    sts = webCluster();
  });
  afterEach(() => sts.cleanup());

  const ipOf = (sts: Sts, pod: string) => JSON.parse(sts.ok(`get pod ${pod} -o json`)).status.podIP as string;

  it('pod names, the service and short forms resolve; unknown names fail', () => {
    const ip0 = ipOf(sts, 'web-0');
    const ip1 = ipOf(sts, 'web-1');
    expect(sts.ok('exec web-0 -- nslookup web-1.nginx')).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb-1.nginx.default.svc.cluster.local\nAddress: ${ip1}\n\n`,
    );
    expect(sts.ok('exec web-1 -- nslookup nginx')).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tnginx.default.svc.cluster.local\nAddress: ${ip0}\nName:\tnginx.default.svc.cluster.local\nAddress: ${ip1}\n\n`,
    );
    expect(sts.ok('exec web-1 -- getent hosts web-0.nginx.default.svc.cluster.local')).toBe(
      `${ip0.padEnd(15)} web-0.nginx.default.svc.cluster.local\n`,
    );
    expect(sts.ok('exec web-1 -- nslookup kubernetes.default')).toContain('Address: 10.96.0.1\n');
    const r = sts.run('exec web-0 -- nslookup web-5.nginx');
    expect(r.stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find web-5.nginx: NXDOMAIN\n\n");
    expect(r.code).toBe(1);
    expect(sts.run('exec web-0 -- getent hosts nope').code).toBe(2);
    expect(sts.ok('exec web-0 -- hostname')).toBe('web-0\n');
    expect(sts.ok('exec web-0 -- hostname -f')).toBe('web-0.nginx.default.svc.cluster.local\n');
  });

  it('a pod that is not Ready drops out of DNS and endpoints', () => {
    sts.ok('delete pod web-1');
    sts.ok('clock advance 2s');
    expect(sts.run('exec web-0 -- nslookup web-1.nginx').code).toBe(1);
    const ep = sts.run('get endpoints');
    const ip0 = `${ipOf(sts, 'web-0')}:80`;
    expect(ep.stdout).toBe(lines('NAME         ENDPOINTS         AGE', 'kubernetes   172.18.0.2:6443   10s', `nginx        ${ip0.padEnd(18)}10s`));
    expect(ep.stderr).toBe('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n');
  });

  it('curl and wget: each pod serves the index.html of its own claim', () => {
    for (const p of ['web-0', 'web-1']) sts.ok(['exec', p, '--', 'sh', '-c', 'echo $(hostname) > /usr/share/nginx/html/index.html']);
    expect(sts.ok('exec web-0 -- curl -s http://localhost/')).toBe('web-0\n');
    expect(sts.ok('exec web-0 -- curl -s web-1.nginx')).toBe('web-1\n');
    expect(sts.ok('exec web-1 -- wget -qO- http://web-0.nginx.default.svc.cluster.local/')).toBe('web-0\n');
    expect(sts.ok('exec web-0 -- curl -s http://localhost/nope.html')).toContain('<title>404 Not Found</title>');
    expect(sts.run('exec web-0 -- curl http://nowhere/')).toMatchObject({
      stderr: 'curl: (6) Could not resolve host: nowhere\ncommand terminated with exit code 6\n',
      code: 6,
    });
  });

  it("an empty claim on the document root gives nginx's 403", () => {
    expect(sts.ok('exec web-0 -- curl -s localhost')).toBe(
      '<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx/0.21</center>\n</body>\n</html>\n',
    );
  });
});

describe('seed 001: httpd pods, each with its own page, in a namespace', () => {
  it('serves per-pod pages from claims of class stateful-nfs (Retain)', () => {
    const sts = new Sts();
    sts.ok('apply -f fixtures/seed-001/xgp-lll/namespace.yaml');
    sts.ok('apply -f fixtures/seed-001/xgp-lll/test-storageclass.yaml');
    sts.ok('apply -f fixtures/seed-001/xgp-lll/statefulset.yaml');
    sts.ok('clock settle');
    for (const i of [0, 1, 2])
      sts.ok(['exec', '-n', 'xgp-lll', `statefulset-test-${i}`, '--', 'sh', '-c', `echo "page $(hostname)" > /usr/local/apache2/htdocs/index.html`]);
    // This variant's service is not headless: no per-pod names, but pod IPs and the service work.
    const ip2 = JSON.parse(sts.ok('get pod statefulset-test-2 -n xgp-lll -o json')).status.podIP;
    expect(sts.ok(['exec', '-n', 'xgp-lll', 'statefulset-test-0', '--', 'curl', '-s', ip2])).toBe('page statefulset-test-2\n');
    expect(sts.run(['exec', '-n', 'xgp-lll', 'statefulset-test-0', '--', 'curl', '-s', 'statefulset-test-2.headless-svc']).code).toBe(6);
    expect(sts.ok(['exec', '-n', 'xgp-lll', 'statefulset-test-1', '--', 'curl', '-s', 'headless-svc'])).toMatch(/^page statefulset-test-\d\n$/);
    expect(
      sts
        .ok('get pv --no-headers')
        .split('\n')
        .filter(Boolean)
        .every((l) => / Retain +Bound +xgp-lll\/test-statefulset-test-\d /.test(l)),
    ).toBe(true);
    sts.ok('delete sts statefulset-test -n xgp-lll');
    sts.ok('clock settle');
    sts.ok('delete pvc --all -n xgp-lll');
    expect(sts.ok('get pv --no-headers').match(/Released/g)).toHaveLength(3);
    sts.cleanup();
  });
});
