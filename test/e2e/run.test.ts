// `sts run`: the pod kubectl's run generator makes (dry runs byte-identical to kubectl 1.33's), its
// lifecycle on the cluster's clock, attached runs (-i, --rm, exit codes) and busybox 1.28's nslookup.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, Sts, webCluster } from '../helpers.js';

const usage = "See 'sts run -h' for help and examples\n";

describe('sts run: the pod', () => {
  let sts: Sts;
  beforeEach(() => (sts = new Sts()));
  afterEach(() => sts.cleanup());

  it("dry-run=client -o yaml is kubectl 1.33's", () => {
    expect(sts.run('run nginx --image=nginx --dry-run=client -o yaml')).toEqual({
      stdout: `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: nginx
  name: nginx
spec:
  containers:
  - image: nginx
    name: nginx
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`,
      stderr: '',
      code: 0,
    });
  });

  it('ports, env, labels, args and restart as kubectl 1.33 writes them', () => {
    const r = sts.run([
      'run',
      'hazelcast',
      '--image=hazelcast/hazelcast',
      '--port=5701',
      '--env=DNS_DOMAIN=cluster',
      '--env=POD_NAMESPACE=default',
      '--labels=app=hazelcast,env=prod',
      '--restart=Never',
      '--dry-run=client',
      '-o',
      'yaml',
      '--',
      'arg1',
      'arg2',
    ]);
    expect(r).toEqual({
      stdout: `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    app: hazelcast
    env: prod
  name: hazelcast
spec:
  containers:
  - args:
    - arg1
    - arg2
    env:
    - name: DNS_DOMAIN
      value: cluster
    - name: POD_NAMESPACE
      value: default
    image: hazelcast/hazelcast
    name: hazelcast
    ports:
    - containerPort: 5701
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
`,
      stderr: '',
      code: 0,
    });
  });

  it("--command puts the arguments in command; -o json is kubectl's typed object, in Go's field order", () => {
    expect(sts.ok('run nginx --image=nginx --command --restart=OnFailure --dry-run=client -o json -- sleep 3600')).toBe(
      [
        '{',
        '    "kind": "Pod",',
        '    "apiVersion": "v1",',
        '    "metadata": {',
        '        "name": "nginx",',
        '        "creationTimestamp": null,',
        '        "labels": {',
        '            "run": "nginx"',
        '        }',
        '    },',
        '    "spec": {',
        '        "containers": [',
        '            {',
        '                "name": "nginx",',
        '                "image": "nginx",',
        '                "command": [',
        '                    "sleep",',
        '                    "3600"',
        '                ],',
        '                "resources": {}',
        '            }',
        '        ],',
        '        "restartPolicy": "OnFailure",',
        '        "dnsPolicy": "ClusterFirst"',
        '    },',
        '    "status": {}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('--overrides merges into the generated pod', () => {
    expect(sts.ok(['run', 'nginx', '--image=nginx', '--overrides={"spec":{"nodeName":"x"}}', '--dry-run=client', '-o', 'yaml'])).toContain(
      '  dnsPolicy: ClusterFirst\n  nodeName: x\n  restartPolicy: Always\n',
    );
    expect(sts.run(['run', 'nginx', '--image=nginx', '--overrides=notjson', '--dry-run=client'])).toEqual({
      stdout: '',
      stderr: 'error: Invalid JSON Patch\n',
      code: 1,
    });
  });

  it('creates the pod, which goes through its lifecycle on the clock', () => {
    expect(sts.run('run nginx --image=nginx')).toEqual({ stdout: 'pod/nginx created\n', stderr: '', code: 0 });
    expect(sts.ok('get pod nginx -o jsonpath={.status.phase}')).toBe('Pending');
    sts.ok('clock settle');
    expect(sts.ok('get pod nginx -o jsonpath={.status.phase}/{.metadata.labels.run}/{.spec.containers[0].name}')).toBe('Running/nginx/nginx');
    expect(sts.ok('run other --image=nginx --dry-run=client')).toBe('pod/other created (dry run)\n');
    expect(sts.ok('run other --image=nginx --dry-run=client -o name')).toBe('pod/other\n');
  });

  it('-n puts the pod in that namespace (and in the dry run object)', () => {
    sts.ok('create namespace team');
    expect(sts.run('run web -n team --image=nginx')).toEqual({ stdout: 'pod/web created\n', stderr: '', code: 0 });
    expect(sts.ok('get pods -n team -o name')).toBe('pod/web\n');
    expect(sts.ok('run web -n team --image=nginx --dry-run=client -o yaml')).toContain('  name: web\n  namespace: team\n');
  });

  it("errors in kubectl's words", () => {
    expect(sts.run('run nginx')).toEqual({ stdout: '', stderr: 'error: required flag(s) "image" not set\n', code: 1 });
    expect(sts.run('run --image=nginx')).toEqual({ stdout: '', stderr: `error: NAME is required for run\n${usage}`, code: 1 });
    expect(sts.run('run nginx --image=nginx --restart=Bad')).toEqual({ stdout: '', stderr: `error: invalid restart policy: Bad\n${usage}`, code: 1 });
    expect(sts.run('run nginx --image=nginx --rm')).toEqual({
      stdout: '',
      stderr: `error: --rm should only be used for attached containers\n${usage}`,
      code: 1,
    });
    expect(sts.run('run nginx --image=nginx -t')).toEqual({
      stdout: '',
      stderr: `error: -i/--stdin is required for containers with -t/--tty=true\n${usage}`,
      code: 1,
    });
    expect(sts.run('run nginx --image=nginx -i --dry-run=client')).toEqual({
      stdout: '',
      stderr: `error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\n${usage}`,
      code: 1,
    });
    expect(sts.run('run nginx --image=nginx --port=abc')).toEqual({
      stdout: '',
      stderr: 'error: strconv.Atoi: parsing "abc": invalid syntax\n',
      code: 1,
    });
    expect(sts.run('run nginx --image=nginx --env=FOO')).toEqual({ stdout: '', stderr: 'error: invalid env: FOO\n', code: 1 });
    expect(sts.run('run nginx --image=nginx --labels=foo')).toEqual({ stdout: '', stderr: 'error: unexpected label spec: foo\n', code: 1 });
    expect(sts.run(['run', 'x', '--image=Bad Image'])).toEqual({
      stdout: '',
      stderr: 'error: Invalid image name "Bad Image": invalid reference format\n',
      code: 1,
    });
    sts.ok('run nginx --image=nginx');
    expect(sts.run('run nginx --image=nginx')).toEqual({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): pods "nginx" already exists\n',
      code: 1,
    });
  });
});

describe('sts run -i: attached', () => {
  let sts: Sts;
  beforeEach(() => (sts = webCluster()));
  afterEach(() => sts.cleanup());

  it('waits for the pod, runs the command with stdin, deletes it with --rm', () => {
    expect(sts.run('run t -i --rm --image=busybox --restart=Never -- sh', 'echo hello from $(hostname)\n')).toEqual({
      stdout: 'hello from t\npod "t" deleted\n',
      stderr: '',
      code: 0,
    });
    // terminating: the grace period (30 s, capped by the stop stage) from the deletion
    expect(sts.ok('get pod t -o jsonpath={.metadata.deletionTimestamp}')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    sts.ok('clock settle');
    expect(sts.run('get pod t').stderr).toBe('Error from server (NotFound): pods "t" not found\n');
  });

  it('passes the exit code through, after the deletion, as kubectl does', () => {
    expect(sts.run(['run', 't', '-i', '--rm', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo out; exit 3'])).toEqual({
      stdout: 'out\npod "t" deleted\n',
      stderr: 'pod default/t terminated (Error)\n',
      code: 3,
    });
    // --restart=Always: kubectl does not wait for an exit code
    expect(sts.run(['run', 'a', '-i', '--image=busybox', '--', 'sh', '-c', 'exit 3'])).toEqual({ stdout: '', stderr: '', code: 0 });
  });

  it('a program the simulated container lacks fails as exec does', () => {
    expect(sts.run('run mysql-client --image=mysql:5.7 -i --rm --restart=Never -- mysql -h mysql-0.mysql', 'CREATE DATABASE test;\n')).toEqual({
      stdout: 'pod "mysql-client" deleted\n',
      stderr:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "mysql": executable file not found in $PATH: unknown\npod default/mysql-client terminated (Error)\n',
      code: 126,
    });
  });

  it("StatefulSet Basics' DNS check: busybox 1.28's nslookup", () => {
    const ip = (pod: string) => sts.ok(`get pod ${pod} -o jsonpath={.status.podIP}`);
    expect(sts.run('run -i --tty --image busybox:1.28 dns-test --restart=Never --rm', 'nslookup web-0.nginx\n')).toEqual({
      stdout: `Server:    10.96.0.10
Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

Name:      web-0.nginx
Address 1: ${ip('web-0')} web-0.nginx.default.svc.cluster.local

pod "dns-test" deleted
`,
      stderr: '',
      code: 0,
    });
    sts.ok('clock settle'); // the first dns-test is gone
    expect(sts.run('run -i --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-9.nginx')).toEqual({
      stdout: `Server:    10.96.0.10
Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

pod "dns-test" deleted
`,
      stderr: "nslookup: can't resolve 'web-9.nginx'\npod default/dns-test terminated (Error)\n",
      code: 1,
    });
    // newer images answer as before
    expect(sts.ok('run -i --image busybox dns-new --restart=Never --rm -- nslookup web-0.nginx')).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb-0.nginx.default.svc.cluster.local\nAddress: ${ip('web-0')}\n\npod "dns-new" deleted\n`,
    );
  });

  it('refuses to attach to an image whose default process it cannot run', () => {
    expect(sts.run('run web --image=nginx -i --rm --restart=Never')).toEqual({
      stdout: '',
      stderr: 'error: sts cannot attach to the default process of image "nginx"; give the command to run: sts run web --image=nginx -i --rm -- sh\n',
      code: 1,
    });
  });
});

describe('sts run -it on a terminal', () => {
  // util-linux's script(1) gives the real binary a terminal: stdout and stderr both arrive through it
  it.skipIf(spawnSync('script', ['--version']).status !== 0)('prints the prompt hint, then a shell session; exit ends it', () => {
    const sts = webCluster({ process: true });
    try {
      const r = spawnSync(
        'script',
        ['-qec', `exec ${process.execPath} ${BIN} run -it --image busybox:1.28 dns-test --restart=Never --rm`, '/dev/null'],
        {
          input: 'nslookup web-0.nginx\nexit\n',
          env: { ...process.env, STS_STATE: sts.state, NO_COLOR: '1' },
          encoding: 'utf8',
        },
      );
      const text = r.stdout.replace(/\r/g, '');
      expect(r.status).toBe(0);
      expect(text).toContain("If you don't see a command prompt, try pressing enter.\n");
      expect(text).toContain('Name:      web-0.nginx\nAddress 1: ');
      expect(text.endsWith('pod "dns-test" deleted\n')).toBe(true);
    } finally {
      sts.cleanup();
    }
  });
});

describe('sts run --restart=Never: pods that complete (controller/completion.ts)', () => {
  let sts: Sts;
  beforeEach(() => (sts = new Sts()));
  afterEach(() => sts.cleanup());
  const table = (...rows: string[]) => ['NAME   READY   STATUS      RESTARTS   AGE', ...rows].join('\n') + '\n';

  it('busybox with no command and no terminal exits 0 (Completed); a command exits with its status (Error)', () => {
    sts.ok('run a --image=busybox --restart=Never');
    sts.ok(['run', 'b', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'exit 3']);
    sts.ok('run c --image=busybox --restart=OnFailure');
    sts.ok('clock settle');
    expect(sts.ok('get pods')).toBe(
      table('a      0/1     Completed   0          3s', 'b      0/1     Error       0          3s', 'c      0/1     Completed   0          3s'),
    );
    expect(
      sts.ok([
        'get',
        'pods',
        '-o',
        'jsonpath={range.items[*]}{.status.phase}{" "}{.status.containerStatuses[0].state.terminated.exitCode}{"\\n"}{end}',
      ]),
    ).toBe('Succeeded 0\nFailed 3\nSucceeded 0\n');
    expect(sts.ok('describe pod b')).toContain('    State:          Terminated\n      Reason:       Error\n      Exit Code:    3\n');
    expect(sts.run('exec a -- ls')).toEqual({
      stdout: '',
      stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n',
      code: 1,
    });
    // nothing is left to happen with time: no restart
    sts.ok('clock advance 10m');
    expect(sts.ok('get pods b')).toBe('NAME   READY   STATUS   RESTARTS   AGE\nb      0/1     Error    0          10m\n');
  });

  it('attached without --rm: the pod ends with the command, Completed or Error', () => {
    expect(sts.run(['run', 'e', '--image=busybox', '-i', '--restart=Never', '--', 'sh', '-c', 'echo out; exit 2'], '')).toEqual({
      stdout: 'out\n',
      stderr: 'pod default/e terminated (Error)\n',
      code: 2,
    });
    expect(sts.run('run d --image=busybox -i --restart=Never -- true', '')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(sts.ok('get pods')).toBe(table('d      0/1     Completed   0          3s', 'e      0/1     Error       0          6s'));
  });

  it('Always (the default) still restarts a main process that exits', () => {
    sts.ok('run w --image=nginx');
    sts.ok('clock settle');
    sts.ok('exec w -- kill 1');
    sts.ok('clock advance 1s');
    expect(sts.ok('get pods -o jsonpath={.items[0].status.phase}/{.items[0].status.containerStatuses[0].restartCount}')).toBe('Running/1');
  });
});
