// The scheduler refusing: required pod anti-affinity, a nodeSelector no node matches, a taint the
// pod does not tolerate, requests larger than a node — the pod stays Pending with FailedScheduling
// in kube-scheduler's words, and is placed once the cluster changes.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sts } from '../helpers.js';

const ZK = 'fixtures/docs/examples/application/zookeeper/zookeeper.yaml';
const zkPending = (sts: Sts) =>
  sts.ok(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.spec.nodeName}{"\\n"}{end}']);
const pod = (name: string, spec: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${spec}  containers:\n  - name: app\n    image: nginx\n`;
const failed = (sts: Sts, name: string) =>
  /Warning {2}FailedScheduling {2}.* {2}default-scheduler {2}(.*)\n/.exec(sts.ok(`describe pod ${name}`))?.[1];

describe('scheduling', () => {
  let sts: Sts;
  beforeEach(() => (sts = new Sts()));
  afterEach(() => sts.cleanup());

  it('the ZooKeeper set with anti-affinity that selects its pods: zk-3 stays Pending on 3 nodes, runs once a 4th node joins', () => {
    // the docs' manifest selects `app In (zk)` while its pods are labelled app.kubernetes.io/name=zk
    // (so a real scheduler places zk-3 beside zk-0, see below); here the selector names their label
    const manifest = readFileSync(ZK, 'utf8').replace('key: "app"', 'key: "app.kubernetes.io/name"');
    sts.ok('apply -f -', manifest);
    sts.ok('clock advance 5m');
    sts.ok('scale sts zk --replicas=4');
    sts.ok('clock advance 1m');
    const rows = zkPending(sts).trim().split('\n');
    expect(new Set(rows.slice(0, 3).map((r) => r.split(' ')[2])).size).toBe(3);
    expect(rows[3]).toBe('zk-3 Pending');
    expect(failed(sts, 'zk-3')).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
    );
    expect(sts.ok(['get', 'pod', 'zk-3', '-o', 'jsonpath={.status.conditions[0].reason}: {.status.conditions[0].message}'])).toMatch(
      /^Unschedulable: 0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\./,
    );
    // retried when the cluster changes: a fourth node
    sts.ok('cluster nodes 4');
    sts.ok('clock advance 1m');
    expect(zkPending(sts)).toContain('zk-3 Running node-4');
  });

  it('the docs’ ZooKeeper manifest as written: its anti-affinity selects nothing, so zk-3 is placed', () => {
    sts.ok(`apply -f ${ZK}`);
    sts.ok('clock advance 5m');
    sts.ok('scale sts zk --replicas=4');
    sts.ok('clock advance 1m');
    expect(zkPending(sts)).toMatch(/zk-3 Running node-\d/);
  });

  it('a nodeSelector no node matches: Pending until a node is labelled', () => {
    sts.ok('apply -f -', pod('picky', '  nodeSelector:\n    disk: ssd\n'));
    sts.ok('clock advance 10s');
    expect(sts.ok('get pod picky')).toMatch(/picky {3}0\/1 {5}Pending /);
    expect(failed(sts, 'picky')).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
    );
    sts.ok('label node node-2 disk=ssd');
    sts.ok('clock advance 10s');
    expect(sts.ok(['get', 'pod', 'picky', '-o', 'jsonpath={.status.phase} {.spec.nodeName}'])).toBe('Running node-2');
  });

  it('a taint the pod does not tolerate; the node it may use otherwise refuses by selector', () => {
    sts.ok(['patch', 'node', 'node-1', '-p', '{"spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]}}']);
    sts.ok('apply -f -', pod('web', '  nodeSelector:\n    kubernetes.io/hostname: node-1\n'));
    sts.ok('clock advance 10s');
    expect(failed(sts, 'web')).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
    );
    sts.ok(
      'apply -f -',
      pod(
        'db',
        '  nodeSelector:\n    kubernetes.io/hostname: node-1\n  tolerations:\n  - key: dedicated\n    operator: Equal\n    value: db\n    effect: NoSchedule\n',
      ),
    );
    sts.ok('clock advance 10s');
    expect(sts.ok(['get', 'pod', 'db', '-o', 'jsonpath={.status.phase} {.spec.nodeName}'])).toBe('Running node-1');
  });

  it('requests larger than any node: Insufficient cpu', () => {
    sts.ok('apply -f -', pod('big', '').replace('image: nginx\n', 'image: nginx\n    resources:\n      requests:\n        cpu: "64"\n'));
    sts.ok('clock advance 10s');
    expect(sts.ok('get pods')).toMatch(/big {4}0\/1 {5}Pending /);
    expect(failed(sts, 'big')).toBe(
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
    );
  });
});
