// `describe pod` over hand-built Pod objects (pure): kubectl 1.33's describePod — the container block
// (describeContainers: state, resources, probes), conditions, QoS, node selectors and tolerations.
import { describe, expect, it } from 'vitest';
import type { Json, KObject } from '../../src/api/types.js';
import { describePod } from '../../src/print/describe.js';
import { podQOS, probeText } from '../../src/print/describe-pod-parts.js';

const NOW = Date.parse('2025-01-13T10:05:00Z');
const T0 = '2025-01-13T10:00:00Z';
const T1 = '2025-01-13T10:01:00Z';
const T2 = '2025-01-13T10:02:00Z';

function pod(spec: Json, status: Json = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'mysql-0', namespace: 'default', uid: 'u' },
    spec: { serviceAccountName: 'default', ...spec },
    status: { phase: 'Running', ...status },
  } as KObject;
}

const probe = (p: Json) => ({ timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...p });

describe('describePod: a container block', () => {
  it('command, args, a restarted container (Last State), resources, probes, env, mounts — in kubectl order', () => {
    const p = pod(
      {
        nodeName: 'node-1',
        containers: [
          {
            name: 'mysql',
            image: 'mysql:5.7',
            command: ['bash', '-c', 'set -ex\nexec mysqld'],
            args: ['--verbose'],
            ports: [{ containerPort: 3306, protocol: 'TCP', name: 'mysql' }],
            resources: { requests: { memory: '1Gi', cpu: '500m' } },
            livenessProbe: probe({ exec: { command: ['mysql', '-h', '127.0.0.1', '-e', 'SELECT 1'] }, initialDelaySeconds: 30, timeoutSeconds: 5 }),
            readinessProbe: probe({ exec: { command: ['mysql', '-h', '127.0.0.1', '-e', 'SELECT 1'] }, initialDelaySeconds: 5, periodSeconds: 2 }),
            env: [{ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: '1' }],
            volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql', subPath: 'mysql' }],
          },
        ],
        nodeSelector: { disktype: 'ssd', 'kubernetes.io/os': 'linux' },
        tolerations: [
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' },
          { operator: 'Exists' },
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
      {
        hostIP: '172.18.0.2',
        qosClass: 'Burstable',
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
        containerStatuses: [
          {
            name: 'mysql',
            containerID: 'containerd://abc',
            imageID: 'docker.io/library/mysql@sha256:def',
            ready: false,
            restartCount: 2,
            state: { running: { startedAt: T2 } },
            lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: T0, finishedAt: T1 } },
          },
        ],
      },
    );
    expect(describePod(p, [], '172.18.0.2', NOW)).toBe(
      [
        'Name:             mysql-0',
        'Namespace:        default',
        'Service Account:  default',
        'Node:             node-1/172.18.0.2',
        'Labels:           <none>',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               ',
        'IPs:              <none>',
        'Containers:',
        '  mysql:',
        '    Container ID:  containerd://abc',
        '    Image:         mysql:5.7',
        '    Image ID:      docker.io/library/mysql@sha256:def',
        '    Port:          3306/TCP',
        '    Host Port:     0/TCP',
        '    Command:',
        '      bash',
        '      -c',
        '      set -ex',
        '      exec mysqld',
        '    Args:',
        '      --verbose',
        '    State:          Running',
        '      Started:      Mon, 13 Jan 2025 10:02:00 +0000',
        '    Last State:     Terminated',
        '      Reason:       Error',
        '      Exit Code:    137',
        '      Started:      Mon, 13 Jan 2025 10:00:00 +0000',
        '      Finished:     Mon, 13 Jan 2025 10:01:00 +0000',
        '    Ready:          False',
        '    Restart Count:  2',
        '    Requests:',
        '      cpu:      500m',
        '      memory:   1Gi',
        '    Liveness:   exec [mysql -h 127.0.0.1 -e SELECT 1] delay=30s timeout=5s period=10s #success=1 #failure=3',
        '    Readiness:  exec [mysql -h 127.0.0.1 -e SELECT 1] delay=5s timeout=1s period=2s #success=1 #failure=3',
        '    Environment:',
        '      MYSQL_ALLOW_EMPTY_PASSWORD:  1',
        '    Mounts:',
        '      /var/lib/mysql from data (rw,path="mysql")',
        'Conditions:',
        '  Type           Status',
        '  Ready          False ',
        '  PodScheduled   True ',
        'Volumes:         <none>',
        'QoS Class:       Burstable',
        'Node-Selectors:  disktype=ssd',
        '                 kubernetes.io/os=linux',
        'Tolerations:     op=Exists',
        '                 dedicated=db:NoSchedule',
        '                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:          <none>',
        '',
      ].join('\n'),
    );
  });

  it('a container being created: an empty Container ID, Waiting with its reason, no conditions yet', () => {
    const p = pod(
      { containers: [{ name: 'nginx', image: 'nginx', resources: {} }], tolerations: [] },
      {
        phase: 'Pending',
        containerStatuses: [
          { name: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} },
        ],
      },
    );
    const d = describePod(p, [], undefined, NOW);
    expect(d.slice(d.indexOf('Containers:'))).toBe(
      [
        'Containers:',
        '  nginx:',
        '    Container ID:   ',
        '    Image:          nginx',
        '    Image ID:       ',
        '    Port:           <none>',
        '    Host Port:      <none>',
        '    State:          Waiting',
        '      Reason:       ContainerCreating',
        '    Ready:          False',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:         <none>',
        'Volumes:            <none>',
        'QoS Class:          BestEffort',
        'Node-Selectors:     <none>',
        'Tolerations:        <none>',
        'Events:             <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('probeText (DescribeProbe, kubectl 1.33)', () => {
  it('exec, http-get, tcp-socket, grpc', () => {
    expect(probeText(probe({ exec: { command: ['mysql', '-h', '127.0.0.1', '-e', 'SELECT 1'] }, initialDelaySeconds: 5, periodSeconds: 2 }))).toBe(
      'exec [mysql -h 127.0.0.1 -e SELECT 1] delay=5s timeout=1s period=2s #success=1 #failure=3',
    );
    expect(probeText(probe({ httpGet: { path: '/', port: 80, scheme: 'HTTP' } }))).toBe(
      'http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3',
    );
    expect(probeText(probe({ httpGet: { host: 'example.com', path: 'healthz', port: 'web', scheme: 'HTTPS' } }))).toBe(
      'http-get https://example.com:web/healthz delay=0s timeout=1s period=10s #success=1 #failure=3',
    );
    expect(probeText(probe({ tcpSocket: { port: 3306 } }))).toBe('tcp-socket :3306 delay=0s timeout=1s period=10s #success=1 #failure=3');
    expect(probeText(probe({ grpc: { port: 9090, service: 'health' } }))).toBe(
      'grpc <pod>:9090 health delay=0s timeout=1s period=10s #success=1 #failure=3',
    );
  });
});

describe('podQOS (qos.GetPodQOS), when the Pod object has no status.qosClass', () => {
  const ctr = (resources: Json) => ({ name: 'c', image: 'i', resources });
  it('BestEffort without cpu or memory requests and limits', () => {
    expect(podQOS({ containers: [ctr({}), ctr({ requests: { 'ephemeral-storage': '1Gi' } })] })).toBe('BestEffort');
  });
  it('Guaranteed when every container limits cpu and memory and requests equal them (or default to them)', () => {
    expect(podQOS({ containers: [ctr({ limits: { cpu: '1', memory: '1Gi' } })] })).toBe('Guaranteed');
    expect(podQOS({ containers: [ctr({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })] })).toBe('Guaranteed');
  });
  it('Burstable otherwise', () => {
    expect(podQOS({ containers: [ctr({ requests: { cpu: '500m' } })] })).toBe('Burstable');
    expect(podQOS({ containers: [ctr({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } })] })).toBe('Burstable');
    expect(podQOS({ containers: [ctr({ limits: { cpu: '1', memory: '1Gi' } }), ctr({})] })).toBe('Burstable');
  });
});

describe('describePod: QoS from the Pod object when it says', () => {
  it('status.qosClass wins over the computed class', () => {
    const p = pod({ containers: [{ name: 'c', image: 'i' }] }, { qosClass: 'Guaranteed' });
    expect(describePod(p, [], undefined, NOW)).toMatch(/^QoS Class: +Guaranteed$/m);
    expect(describePod(pod({ containers: [{ name: 'c', image: 'i' }] }), [], undefined, NOW)).toMatch(/^QoS Class: +BestEffort$/m);
  });
});
