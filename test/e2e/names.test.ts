// Names as kubectl reads them: TYPE[.VERSION][.GROUP] everywhere, and TYPE/NAME for the pod verbs
// (exec and logs take a StatefulSet's or Service's first pod), with `logs`' selectors and flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts, webCluster } from '../helpers.js';

/** What nginx writes when it starts (src/runtime/logs.ts), at a container's startedAt. */
function nginxStart(startedAt: string): string[] {
  const t = startedAt.replace(/^(\d+)-(\d+)-(\d+)T(\d\d:\d\d:\d\d)Z$/, '$1/$2/$3 $4');
  return [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${t} [notice] 1#1: using the "epoll" event method`,
    `${t} [notice] 1#1: nginx/1.27.3`,
    `${t} [notice] 1#1: start worker processes`,
    `${t} [notice] 1#1: start worker process 29`,
  ];
}

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata: {name: two, labels: {app: two}}
spec:
  containers:
  - {name: web, image: "nginx:1.27"}
  - {name: sidecar, image: busybox, command: [sleep, infinity]}
---
apiVersion: v1
kind: Service
metadata: {name: plain}
spec:
  ports: [{port: 80}]
`;

let sts: Sts;
/** web-0's and web-1's logs, line by line */
let web0: string[];
let web1: string[];
beforeAll(() => {
  sts = webCluster();
  sts.ok('apply -f -', TWO_CONTAINERS);
  sts.ok('clock settle');
  const startedAt = (pod: string) => sts.ok(['get', 'pod', pod, '-o', 'jsonpath={.status.containerStatuses[0].state.running.startedAt}']);
  web0 = nginxStart(startedAt('web-0'));
  web1 = nginxStart(startedAt('web-1'));
});
afterAll(() => sts.cleanup());

describe('resource types as TYPE[.VERSION][.GROUP]', () => {
  it('full, versioned and grouped names all name the same objects', () => {
    const table = sts.ok('get sts');
    for (const t of ['statefulsets.v1.apps', 'statefulset.apps', 'sts.apps', 'sts.app', 'StatefulSet', 'statefulsets..apps'])
      expect(sts.ok(`get ${t}`)).toBe(table);
    expect(sts.ok('get statefulset.v1.apps/web sts.apps/web -o name')).toBe(lines('statefulset.apps/web', 'statefulset.apps/web'));
    expect(sts.ok('get pods.v1./web-0 po.v1./web-1 Pod.v1./two -o name')).toBe(lines('pod/web-0', 'pod/web-1', 'pod/two'));
    expect(sts.ok('describe statefulset.apps/web')).toBe(sts.ok('describe sts web'));
    expect(sts.ok('wait --for=condition=Ready pod.v1./web-0')).toBe('pod/web-0 condition met\n');
  });

  it('kinds sts only stores resolve too', () => {
    expect(sts.run('get deployments.apps')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  });

  it('a version or group that does not serve the type: the part before the first dot is named', () => {
    const missing = (arg: string, shown: string) =>
      expect(sts.run(`get ${arg}`)).toEqual({ stdout: '', stderr: `error: the server doesn't have a resource type "${shown}"\n`, code: 1 });
    missing('statefulsets.v2.apps', 'statefulsets');
    missing('statefulsets.extensions', 'statefulsets');
    missing('pods.apps', 'pods');
    missing('sts.foo', 'sts');
    missing('STS', 'STS');
    missing('sts.foo/web', 'sts');
  });

  it('ev: kubectl warns that events.k8s.io has the short name too', () => {
    const r = sts.run('get ev --no-headers');
    expect(r.stderr).toBe('Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n');
    expect(r.stdout).toBe(sts.ok('get events --no-headers'));
  });
});

describe('exec (POD | TYPE/NAME)', () => {
  it('a StatefulSet or a Service stands for its first pod; pod/, pods/, po/ name a pod', () => {
    for (const ref of ['sts/web', 'statefulset/web', 'statefulset.apps/web', 'statefulsets.v1.apps/web', 'svc/nginx', 'web-0'])
      expect(sts.run(['exec', ref, '--', 'hostname'])).toEqual({ stdout: 'web-0\n', stderr: '', code: 0 });
    for (const ref of ['pod/web-1', 'pods/web-1', 'po/web-1', 'pods.v1./web-1']) expect(sts.ok(['exec', ref, '--', 'hostname'])).toBe('web-1\n');
  });

  it('-it still means -i -t; -c=NAME is -c NAME', () => {
    expect(sts.run(['exec', '-it', 'sts/web', '--', 'sh'], 'hostname\n')).toEqual({ stdout: 'web-0\n', stderr: '', code: 0 });
    expect(sts.run(['exec', '-c=nginx', 'web-1', '--', 'hostname'])).toEqual({ stdout: 'web-1\n', stderr: '', code: 0 });
    expect(sts.run(['exec', 'two', '--', 'hostname'])).toEqual({
      stdout: 'two\n',
      stderr: 'Defaulted container "web" out of: web, sidecar\n',
      code: 0,
    });
    expect(sts.run(['exec', '-q', 'two', '--', 'hostname'])).toEqual({ stdout: 'two\n', stderr: '', code: 0 });
  });

  it("objects without pods, and missing ones, in kubectl's words", () => {
    const fails = (ref: string, stderr: string) => expect(sts.run(['exec', ref, '--', 'ls'])).toEqual({ stdout: '', stderr, code: 1 });
    fails('pvc/www-web-0', 'error: cannot attach to *v1.PersistentVolumeClaim: selector for *v1.PersistentVolumeClaim not implemented\n');
    fails('svc/plain', "error: cannot attach to *v1.Service: invalid service 'plain': Service is defined without a selector\n");
    fails('sts/nope', 'Error from server (NotFound): statefulsets.apps "nope" not found\n');
    fails('sts/web/x', 'error: arguments in resource/name form may not have more than one slash\n');
    fails('web-0x', 'Error from server (NotFound): pods "web-0x" not found\n');
  });
});

describe('logs', () => {
  it('a pod; a StatefulSet or Service: its first pod, saying which', () => {
    expect(sts.run('logs web-0')).toEqual({ stdout: lines(...web0), stderr: '', code: 0 });
    for (const ref of ['sts/web', 'statefulset/web', 'statefulset.apps/web', 'svc/nginx'])
      expect(sts.run(['logs', ref])).toEqual({ stdout: lines(...web0), stderr: 'Found 2 pods, using pod/web-0\n', code: 0 });
    expect(sts.run('logs po/web-1')).toEqual({ stdout: lines(...web1), stderr: '', code: 0 });
    expect(sts.run('logs -c=nginx pods/web-1')).toEqual({ stdout: lines(...web1), stderr: '', code: 0 });
  });

  it('-l: every pod, the last 10 lines of each unless --tail; --prefix names the source', () => {
    expect(sts.run('logs -l app=nginx --prefix --tail=1')).toEqual({
      stdout: lines(`[pod/web-0/nginx] ${web0[8]}`, `[pod/web-1/nginx] ${web1[8]}`),
      stderr: '',
      code: 0,
    });
    expect(sts.ok('logs sts/web --all-pods --tail=2')).toBe(
      lines(...web0.slice(-2).map((l) => `[pod/web-0/nginx] ${l}`), ...web1.slice(-2).map((l) => `[pod/web-1/nginx] ${l}`)),
    );
    expect(sts.run('logs -l app=nope')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  });

  it('several containers: the first one said, or all of them, or the one named', () => {
    const nginx = sts.ok('logs two -c web').split('\n').filter(Boolean);
    const sidecar = 'sts: container "sidecar" (busybox) started; sts does not run images, so this is all it says';
    expect(sts.run('logs two')).toEqual({ stdout: lines(...nginx), stderr: 'Defaulted container "web" out of: web, sidecar\n', code: 0 });
    expect(sts.run('logs two --all-containers --prefix --tail=1')).toEqual({
      stdout: lines(`[pod/two/web] ${nginx[8]}`, `[pod/two/sidecar] ${sidecar}`),
      stderr: '',
      code: 0,
    });
    expect(sts.run('logs two sidecar')).toEqual({ stdout: lines(sidecar), stderr: '', code: 0 });
    expect(sts.run('logs -l app=two --all-pods --tail=1')).toEqual({ stdout: lines(`[pod/two/web] ${nginx[8]}`), stderr: '', code: 0 });
  });

  it('--timestamps, --limit-bytes', () => {
    const stamped = sts.ok('logs web-0 --timestamps --tail=2').split('\n');
    expect(stamped).toHaveLength(3);
    for (const [i, l] of stamped.slice(0, 2).entries())
      expect(l).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ${web0[7 + i].replace(/[[\]#"]/g, '\\$&')}$`));
    expect(sts.run('logs web-0 --limit-bytes=20')).toEqual({ stdout: web0[0].slice(0, 20), stderr: '', code: 0 });
  });

  it("errors in kubectl's words", () => {
    const usage =
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'sts logs -h' for help and examples\n";
    const fails = (args: string, stderr: string) => expect(sts.run(args)).toEqual({ stdout: '', stderr, code: 1 });
    fails('logs', usage);
    fails('logs a b c', usage);
    fails('logs -l app=nginx web-0', "error: only a selector (-l) or a POD name is allowed\nSee 'sts logs -h' for help and examples\n");
    fails('logs nope', 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n');
    fails('logs sts/nope', 'error: error from server (NotFound): statefulsets.apps "nope" not found in namespace "default"\n');
    fails(
      'logs pvc/www-web-0',
      'error: cannot get the logs from *v1.PersistentVolumeClaim: selector for *v1.PersistentVolumeClaim not implemented\n',
    );
    fails('logs two -c nope', 'error: container nope is not valid for pod two\n');
    fails('logs web-0 nginx -c nginx', 'error: only one of -c or an inline [CONTAINER] arg is allowed\n');
    fails('logs web-0 --all-containers -c nginx', 'error: --all-containers=true should not be specified with container name nginx\n');
    fails('logs web-0 --tail=-2', 'error: --tail must be greater than or equal to -1\n');
    fails('logs web-0 --limit-bytes=-1', 'error: --limit-bytes must be greater than 0\n');
    fails('logs web-0 --since=1s --since-time=2025-01-01T00:00:00Z', 'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n');
    fails('logs web-0 --since-time=garbage', 'error: parsing time "garbage" as "2006-01-02T15:04:05Z07:00": cannot parse "garbage" as "2006"\n');
    fails(
      'logs -f -l app=nginx --max-log-requests=1',
      'error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n',
    );
  });
});

describe('logs --since (a cluster of its own: it moves the clock)', () => {
  it('only what was written in the last D', () => {
    const own = webCluster();
    try {
      own.ok('clock advance 1m');
      expect(own.run('logs web-0 --since=30s')).toEqual({ stdout: '', stderr: '', code: 0 });
      own.ok(['exec', 'web-1', '--', 'curl', '-s', 'web-0.nginx']);
      const fresh = own.ok('logs web-0 --since=1s');
      expect(fresh).toMatch(/^\d+\.\d+\.\d+\.\d+ - - \[[^\]]+\] "GET \/ HTTP\/1\.1" \d{3} \d+ "-" "curl\/8\.11\.1" "-"\n$/);
      expect(own.ok('logs web-0 --since=2m')).toBe(own.ok('logs web-0'));
      expect(own.ok('logs web-0 --since=2m').endsWith(fresh)).toBe(true);
    } finally {
      own.cleanup();
    }
  });
});
