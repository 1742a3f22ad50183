// The kubelet's image pulls by imagePullPolicy, volumes and env whose ConfigMap or Secret is
// missing, and exec into a completed init container: whole outputs on a manual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';

const pod = (name: string, image: string, extra = '') => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: ${image}
${extra}`;

let sts: Sts;
beforeEach(() => (sts = new Sts()));
afterEach(() => sts.cleanup());

/** a pod's events as `Reason Message` lines, oldest first */
const events = (name: string) =>
  sts.ok([
    'get',
    'events',
    '--field-selector',
    `involvedObject.name=${name}`,
    '-o',
    'jsonpath={range .items[*]}{.reason} {.count} {.message}{"\\n"}{end}',
  ]);

describe('imagePullPolicy', () => {
  it('Always (the default for :latest and untagged images) pulls at each start; IfNotPresent finds what the node pulled', () => {
    sts.ok('apply -f -', pod('a', 'nginx'));
    sts.ok('clock advance 5s');
    sts.ok('delete pod a --wait=false');
    sts.ok('clock advance 3s');
    // the same name goes to the same node
    sts.ok('apply -f -', pod('a', 'nginx', '    imagePullPolicy: IfNotPresent'));
    sts.ok('clock advance 5s');
    sts.ok('delete pod a --wait=false');
    sts.ok('clock advance 3s');
    sts.ok('apply -f -', pod('a', 'nginx'));
    sts.ok('clock advance 5s');
    const pulled = 'Successfully pulled image "nginx" in 1.234s (1.234s including waiting). Image size: 121705409 bytes.';
    const ran = ['Created 1 Created container: app', 'Started 1 Started container app'];
    expect(events('a')).toBe(
      lines(
        ...['Scheduled 1 Successfully assigned default/a to node-2', 'Pulling 1 Pulling image "nginx"', `Pulled 1 ${pulled}`, ...ran],
        ...['Killing 1 Stopping container app', 'Scheduled 1 Successfully assigned default/a to node-2'],
        ...['Pulled 1 Container image "nginx" already present on machine', ...ran, 'Killing 1 Stopping container app'],
        ...['Scheduled 1 Successfully assigned default/a to node-2', 'Pulling 1 Pulling image "nginx"', `Pulled 1 ${pulled}`, ...ran],
      ),
    );
  });

  it('Never, the image not on the node: ErrImageNeverPull, and it stays so', () => {
    sts.ok('apply -f -', pod('a', 'nginx:1.25', '    imagePullPolicy: Never'));
    sts.ok('clock advance 1m');
    expect(sts.ok('get pod a --no-headers')).toMatch(/^a +0\/1 +ErrImageNeverPull +0 +60s\n$/);
    expect(events('a')).toBe(
      lines(
        'Scheduled 1 Successfully assigned default/a to node-2',
        'ErrImageNeverPull 1 Container image "nginx:1.25" is not present with pull policy of Never',
        'Failed 1 Error: ErrImageNeverPull',
      ),
    );
  });
});

describe('a missing ConfigMap or Secret', () => {
  it('a volume: FailedMount, retried with back-off, counting up; the pod starts once it exists', () => {
    sts.ok(
      'apply -f -',
      pod('a', 'nginx:1.25', '    volumeMounts:\n    - {name: cfg, mountPath: /cfg}\n  volumes:\n  - name: cfg\n    configMap: {name: settings}'),
    );
    sts.ok('clock advance 10s');
    expect(sts.ok('get pod a --no-headers')).toMatch(/^a +0\/1 +ContainerCreating +0 +10s\n$/);
    expect(events('a')).toBe(
      lines(
        'Scheduled 1 Successfully assigned default/a to node-2',
        'FailedMount 5 MountVolume.SetUp failed for volume "cfg" : configmap "settings" not found',
      ),
    );
    sts.ok('create configmap settings --from-literal=k=v');
    sts.ok('clock advance 20s');
    expect(sts.ok('get pod a --no-headers')).toMatch(/^a +1\/1 +Running +0 +30s\n$/);
    expect(sts.ok('exec a -- cat /cfg/k')).toBe('v');
  });

  it('an env key: CreateContainerConfigError until it exists', () => {
    sts.ok('apply -f -', pod('a', 'nginx:1.25', '    env:\n    - name: K\n      valueFrom:\n        configMapKeyRef: {name: settings, key: k}'));
    sts.ok('clock advance 25s');
    expect(sts.ok('get pod a --no-headers')).toMatch(/^a +0\/1 +CreateContainerConfigError +0 +25s\n$/);
    expect(events('a')).toBe(
      lines(
        'Scheduled 1 Successfully assigned default/a to node-2',
        'Pulling 1 Pulling image "nginx:1.25"',
        'Pulled 1 Successfully pulled image "nginx:1.25" in 1.234s (1.234s including waiting). Image size: 100924578 bytes.',
        'Failed 3 Error: configmap "settings" not found',
        'Pulled 2 Container image "nginx:1.25" already present on machine',
      ),
    );
    sts.ok('create configmap settings --from-literal=k=v');
    sts.ok('clock advance 10s');
    expect(sts.ok('get pod a --no-headers')).toMatch(/^a +1\/1 +Running +0 +35s\n$/);
    expect(sts.ok('exec a -- printenv K')).toBe('v\n');
  });
});

describe('exec', () => {
  it('into a completed init container: not found, as the kubelet answers', () => {
    sts.ok('apply -f -', pod('a', 'nginx:1.25', '  initContainers:\n  - name: setup\n    image: busybox:1.36'));
    sts.ok('clock advance 10s');
    expect(sts.run('exec a -c setup -- true')).toEqual({
      stdout: '',
      stderr: 'error: unable to upgrade connection: container not found ("setup")\n',
      code: 1,
    });
  });
});
