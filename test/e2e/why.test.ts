// `sts why TYPE/NAME` against the controllers' blocked states: a missing StorageClass, an unready
// predecessor under OrderedReady, an image that cannot be pulled, a partition, a scheduler that
// refuses (anti-affinity, a cordoned node), and the healthy case. Whole outputs, manual clock.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { lines, Sts, webCluster } from '../helpers.js';

/** The web fixture with required pod anti-affinity on the hostname: one pod per node. */
const spread = (replicas: number) =>
  readFileSync('fixtures/web/web.yaml', 'utf8')
    .replace('replicas: 2', `replicas: ${replicas}`)
    .replace(
      '    spec:\n      containers:',
      [
        '    spec:',
        '      affinity:',
        '        podAntiAffinity:',
        '          requiredDuringSchedulingIgnoredDuringExecution:',
        '          - labelSelector:',
        '              matchLabels:',
        '                app: nginx',
        '            topologyKey: kubernetes.io/hostname',
        '      containers:',
      ].join('\n'),
    );

const UNREADY_WEB_1 = 'web-1 is Running but not Ready (0/1) on node-3: its readiness probe fails (fault unready), for 2m0s now.';

describe('sts why', () => {
  let sts: Sts;
  afterEach(() => sts.cleanup());

  it('a healthy pod, its set, its node', () => {
    sts = webCluster();
    expect(sts.ok('why pod/web-0')).toBe(lines('web-0 is Running and Ready on node-1: its containers started and its readiness check passes.'));
    expect(sts.ok('why sts web')).toMatch(/^statefulset web is converged: 2\/2 Ready, every pod on revision web-[0-9a-f]+\.\n$/);
    expect(sts.ok('why node/node-1')).toBe(lines('node-1 is Ready and schedulable: 1 pod runs on it (web-0).'));
    expect(sts.ok('why pvc/www-web-0')).toMatch(/^claim www-web-0 is Bound to volume pvc-[0-9a-f-]+\.\n$/);
  });

  it('a claim whose StorageClass does not exist holds its pod and the ordinals above it', () => {
    sts = new Sts();
    sts.ok('apply -f fixtures/seed-000/statefulset.yaml');
    sts.ok('clock advance 30s');
    const claim = 'claim disk-ssd-web-0 is Pending: StorageClass "alicloud-disk-ssd" does not exist (ProvisioningFailed).';
    const fix = 'To move it on: sts create storageclass alicloud-disk-ssd';
    expect(sts.ok('why pvc/disk-ssd-web-0')).toBe(lines(claim, fix));
    expect(sts.ok('why pod/web-1')).toBe(
      lines(
        'web-1 does not exist yet: OrderedReady creates pods one at a time, in order, and waits for web-0 to be Running and Ready.',
        'web-0 is Pending: the scheduler places a pod only once its claims are bound (VolumeBinding), and claim disk-ssd-web-0 is not.',
        claim,
        fix,
      ),
    );
    sts.ok('create storageclass alicloud-disk-ssd');
    sts.ok('clock settle');
    expect(sts.ok('why pod/web-1')).toBe(lines('web-1 is Running and Ready on node-3: its containers started and its readiness check passes.'));
  });

  it('OrderedReady: web-2 waits for web-1, which is never Ready (fault unready)', () => {
    sts = webCluster();
    sts.ok('fault unready web-1');
    sts.ok('scale sts web --replicas=3');
    sts.ok('clock advance 2m');
    const heal = 'To move it on: sts fault heal web-1';
    expect(sts.ok('why pod/web-2')).toBe(
      lines(
        'web-2 does not exist yet: OrderedReady creates pods one at a time, in order, and waits for web-1 to be Running and Ready.',
        UNREADY_WEB_1,
        heal,
      ),
    );
    expect(sts.ok('why sts/web')).toBe(lines('statefulset web (1/3 Ready) waits for web-1 to be Running and Ready.', UNREADY_WEB_1, heal));
    expect(sts.ok('why pod/web-7')).toBe(
      lines('web-7 does not exist: statefulset web has 3 replicas (ordinals 0–2).', 'To move it on: sts scale sts/web --replicas=8'),
    );
  });

  it('an image that cannot be pulled (fault image) holds the rolling update', () => {
    sts = webCluster();
    sts.ok(['fault', 'image', 'nginx:bad*']);
    sts.ok('set image sts/web nginx=nginx:bad1');
    sts.ok('clock advance 30s');
    const pull =
      'web-1 is ContainerCreating (ImagePullBackOff): image "nginx:bad1" cannot be pulled (fault image "nginx:bad*"); the kubelet retries with a doubling back-off, next in 7s.';
    const fix = "To move it on: sts fault image 'nginx:bad*' --clear";
    expect(sts.ok('why pod/web-1')).toBe(lines(pull, fix));
    expect(sts.ok('why sts/web')).toBe(lines('statefulset web (1/2 Ready) waits for web-1 to be Running and Ready.', pull, fix));
    expect(sts.ok('why pod/web-0')).toMatch(
      /^web-0 is Running and Ready on node-1: .*\nweb-0 is on revision web-\w+, not web-\w+: the rolling update waits for web-1 to be Running and Ready\.\n$/,
    );
  });

  it('a partition keeps the lower ordinals on the old revision', () => {
    sts = webCluster();
    sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}']);
    sts.ok('set image sts/web nginx=nginx:1.27');
    sts.ok('clock settle');
    const [current, update] = sts.ok(['get', 'sts', 'web', '-o', 'jsonpath={.status.currentRevision} {.status.updateRevision}']).split(' ');
    const fix = `To move it on: sts patch sts/web -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'`;
    expect(sts.ok('why pod/web-0')).toBe(
      lines(
        'web-0 is Running and Ready on node-1: its containers started and its readiness check passes.',
        `web-0 stays on revision ${current}, not ${update}: rollingUpdate.partition is 1, so only ordinals 1 and up are updated.`,
        fix,
      ),
    );
    expect(sts.ok('why sts/web')).toBe(
      lines(`statefulset web (2/2 Ready) is updated down to its partition: rollingUpdate.partition 1 keeps web-0 on revision ${current}.`, fix),
    );
    expect(sts.ok('why pod/web-1')).toBe(lines('web-1 is Running and Ready on node-3: its containers started and its readiness check passes.'));
  });

  it('required anti-affinity with more replicas than nodes: the scheduler refuses', () => {
    sts = new Sts();
    sts.ok('cluster nodes 1');
    sts.ok('apply -f -', spread(2));
    sts.run('clock settle');
    const refused =
      "web-1 is Pending (FailedScheduling): no node passes the scheduler's filters: 0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.";
    expect(sts.ok('why pod/web-1')).toBe(lines(refused, 'To move it on: sts cluster nodes 2'));
    expect(sts.ok('why sts/web')).toBe(
      lines('statefulset web (1/2 Ready) waits for web-1 to be Running and Ready.', refused, 'To move it on: sts cluster nodes 2'),
    );
    sts.ok('cluster nodes 2');
    sts.ok('clock settle');
    expect(sts.ok('why pod/web-1')).toBe(lines('web-1 is Running and Ready on node-2: its containers started and its readiness check passes.'));
  });

  it('a cordoned node: the node says so, and a pod that fits nowhere else names it', () => {
    sts = new Sts();
    sts.ok('cluster nodes 1');
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('cordon node-1');
    sts.run('clock settle');
    expect(sts.ok('why node/node-1')).toBe(
      lines(
        "node-1 takes no new pods (SchedulingDisabled): it is cordoned, and the scheduler's NodeUnschedulable filter refuses them (node(s) were unschedulable).",
        'Meanwhile 0 pods run on it.',
        'To move it on: sts uncordon node-1',
      ),
    );
    expect(sts.ok('why pod/web-0')).toBe(
      lines(
        "web-0 is Pending (FailedScheduling): no node passes the scheduler's filters: 0/1 nodes are available: 1 node(s) were unschedulable.",
        'To move it on: sts uncordon node-1',
      ),
    );
    sts.ok('uncordon node-1');
    sts.ok('clock settle');
    expect(sts.ok('why node/node-1')).toBe(lines('node-1 is Ready and schedulable: 2 pods run on it (web-0, web-1).'));
  });

  it('refuses what it cannot explain, in kubectl words for what is not there', () => {
    sts = webCluster();
    expect(sts.run('why pod/nope')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(sts.run('why svc/nginx')).toMatchObject({
      code: 1,
      stderr: 'error: sts why explains pods, statefulsets, persistentvolumeclaims and nodes, not services\n',
    });
    expect(sts.run('why -n other sts/web')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): statefulsets.apps "web" not found\n' });
  });
});
