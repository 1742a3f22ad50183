// A pod with init containers, whole outputs on a manual clock: get (and its watch) through Init:N/M
// and PodInitializing, describe's "Init Containers:" section, logs and exec choosing a container.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';

const POD = `
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["sh", "-c", "echo setting up"]
  - name: migrate
    image: busybox:1.36
  containers:
  - name: app
    image: nginx:1.25
    ports:
    - containerPort: 80
`;

let sts: Sts;
beforeEach(() => {
  sts = new Sts();
  expect(sts.ok('apply -f -', POD)).toBe(lines('pod/web created'));
});
afterEach(() => sts.cleanup());

/** describe's volatile parts: times, ids, digests, node and addresses, the token volume's name. */
const mask = (d: string) =>
  d
    .replace(/(Start Time|Started|Finished):( +).*/g, '$1:$2<time>')
    .replace(/containerd:\/\/\w+/g, 'containerd://<id>')
    .replace(/sha256:\w+/g, 'sha256:<digest>')
    .replace(/node-\d\/172\.18\.0\.\d/, 'node-N/172.18.0.N')
    .replace(/10\.244\.\d+\.\d+/g, '10.244.N.N')
    .replace(/to node-\d/, 'to node-N')
    .replace(/kube-api-access-[b-z2-9]{5}/g, 'kube-api-access-<xxxxx>');

const get = () => sts.ok('get pod web --no-headers');

describe('init containers', () => {
  it('get: Pending, Init:0/2, Init:1/2, PodInitializing, then Running — READY counts the app container only', () => {
    const rows = [get()];
    for (let i = 0; i < 4; i++) {
      sts.ok('clock advance 2s');
      rows.push(get());
    }
    expect(rows.join('')).toBe(
      lines(
        'web   0/1   Pending   0     0s',
        'web   0/1   Init:0/2   0     2s',
        'web   0/1   Init:1/2   0     4s',
        'web   0/1   PodInitializing   0     6s',
        'web   1/1   Running   0     8s',
      ),
    );
  });

  it('get -w: a row for each change, as kubectl prints them', async () => {
    const watching = sts.start(['get', 'pod', 'web', '-w']);
    await watching.output('web    0/1     Pending   0          0s\n');
    for (let i = 0; i < 8; i++) sts.ok('clock advance 1s');
    await watching.output((out) => out.includes(' Running '));
    const r = await watching.stop();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      lines(
        'NAME   READY   STATUS    RESTARTS   AGE',
        'web    0/1     Pending   0          0s',
        'web    0/1     Pending   0          1s',
        'web    0/1     Init:0/2   0          1s',
        'web    0/1     Init:1/2   0          3s',
        'web    0/1     PodInitializing   0          5s',
        'web    1/1     Running           0          7s',
      ),
    );
  });

  it('describe pod: the Init Containers section before Containers, each Completed; Initialized True', () => {
    sts.ok('clock advance 10s');
    const mounts = ['    Mounts:', '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-<xxxxx> (ro)'];
    // a line without a tab (Command:) ends tabwriter's block, so the lines above it align on their own
    const completed = (name: string, command: string[]) => [
      `  ${name}:`,
      ...[
        ['Container ID:', 'containerd://<id>'],
        ['Image:', 'busybox:1.36'],
        ['Image ID:', 'docker.io/library/busybox@sha256:<digest>'],
        ['Port:', '<none>'],
        ['Host Port:', '<none>'],
      ].map(([k, v]) => `    ${k.padEnd(command.length ? 15 : 16)}${v}`),
      ...command,
      '    State:          Terminated',
      '      Reason:       Completed',
      '      Exit Code:    0',
      '      Started:      <time>',
      '      Finished:     <time>',
      '    Ready:          True',
      '    Restart Count:  0',
      '    Environment:    <none>',
      ...mounts,
    ];
    expect(mask(sts.ok('describe pod web'))).toBe(
      lines(
        'Name:             web',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             node-N/172.18.0.N',
        'Start Time:       <time>',
        'Labels:           <none>',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               10.244.N.N',
        'IPs:',
        '  IP:  10.244.N.N',
        'Init Containers:',
        ...completed('setup', ['    Command:', '      sh', '      -c', '      echo setting up']),
        ...completed('migrate', []),
        'Containers:',
        '  app:',
        '    Container ID:   containerd://<id>',
        '    Image:          nginx:1.25',
        '    Image ID:       docker.io/library/nginx@sha256:<digest>',
        '    Port:           80/TCP',
        '    Host Port:      0/TCP',
        '    State:          Running',
        '      Started:      <time>',
        '    Ready:          True',
        '    Restart Count:  0',
        '    Environment:    <none>',
        ...mounts,
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       True ',
        '  ContainersReady             True ',
        '  PodScheduled                True ',
        'Volumes:',
        '  kube-api-access-<xxxxx>:',
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    Optional:                false',
        '    DownwardAPI:             true',
        'QoS Class:                   BestEffort',
        'Node-Selectors:              <none>',
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type    Reason     Age   From               Message',
        '  ----    ------     ----  ----               -------',
        '  Normal  Scheduled  9s    default-scheduler  Successfully assigned default/web to node-N',
        '  Normal  Pulling    7s    kubelet            Pulling image "busybox:1.36"',
        '  Normal  Pulled     7s    kubelet            Successfully pulled image "busybox:1.36" in 1.234s (1.234s including waiting). Image size: 179064872 bytes.',
        '  Normal  Created    7s    kubelet            Created container: setup',
        '  Normal  Started    7s    kubelet            Started container setup',
        '  Normal  Pulled     5s    kubelet            Container image "busybox:1.36" already present on machine',
        '  Normal  Created    5s    kubelet            Created container: migrate',
        '  Normal  Started    5s    kubelet            Started container migrate',
        '  Normal  Pulling    3s    kubelet            Pulling image "nginx:1.25"',
        '  Normal  Pulled     3s    kubelet            Successfully pulled image "nginx:1.25" in 1.234s (1.234s including waiting). Image size: 100924578 bytes.',
        '  Normal  Created    3s    kubelet            Created container: app',
        '  Normal  Started    3s    kubelet            Started container app',
      ),
    );
  });

  it('describe pod while initializing: Pending, the running init container, the rest waiting on PodInitializing', () => {
    sts.ok('clock advance 3s');
    const d = mask(sts.ok('describe pod web'));
    expect(d).toContain('Status:           Pending\n');
    const states = [...d.matchAll(/^ {2}(\S+):\n(?:.*\n)*? {4}State: +(\w+)\n(?: {6}(\w+): +(.*)\n)?/gm)].map((m) => m.slice(1).join(' '));
    expect(states).toEqual(['setup Terminated Reason Completed', 'migrate Running Started <time>', 'app Waiting Reason PodInitializing']);
    expect(d).toContain('  Initialized                 False \n');
  });

  it('logs -c INIT: what its image says; without -c, kubectl notes the choice among all containers', () => {
    expect(sts.run('logs web -c setup')).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): container "setup" in pod "web" is waiting to start: PodInitializing\n',
      code: 1,
    });
    sts.ok('clock advance 2s');
    expect(sts.run('logs web')).toEqual({
      stdout: '',
      stderr: lines(
        'Defaulted container "app" out of: app, setup (init), migrate (init)',
        'Error from server (BadRequest): container "app" in pod "web" is waiting to start: PodInitializing',
      ),
      code: 1,
    });
    sts.ok('clock advance 10s');
    expect(sts.ok('logs web -c setup')).toBe(sts.ok('logs web -c migrate').replaceAll('migrate', 'setup'));
    expect(sts.run('logs web -c app').stderr).toBe('');
    expect(sts.run('exec web -- true')).toEqual({
      stdout: '',
      stderr: 'Defaulted container "app" out of: app, setup (init), migrate (init)\n',
      code: 0,
    });
  });

  it("a crash fault while initializing: Init:Error, then Init:CrashLoopBackOff with the init container's restarts", () => {
    sts.ok('fault crash web');
    const rows: string[] = [];
    for (const step of ['4s', '1s', '10s', '3s', '1s']) {
      sts.ok(`clock advance ${step}`);
      rows.push(get());
    }
    expect(rows.join('')).toBe(
      lines(
        'web   0/1   Init:Error   0     4s',
        'web   0/1   Init:CrashLoopBackOff   0     5s',
        'web   0/1   Init:0/2   1 (11s ago)   15s',
        'web   0/1   Init:Error   1     18s',
        'web   0/1   Init:CrashLoopBackOff   1 (1s ago)   19s',
      ),
    );
  });

  it('an init image that cannot be pulled: Init:ErrImagePull, then Init:ImagePullBackOff', () => {
    sts.ok('fault image busybox:*');
    sts.ok('clock advance 3s');
    expect(get()).toBe(lines('web   0/1   Init:ErrImagePull   0     3s'));
    sts.ok('clock advance 1s');
    expect(get()).toBe(lines('web   0/1   Init:ImagePullBackOff   0     4s'));
  });
});
