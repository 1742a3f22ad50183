// PodDisruptionBudgets, the Eviction API and `drain` on a manual clock: the ZooKeeper page's
// "Surviving maintenance" flow (a budget of maxUnavailable 1 over three servers).
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, lines, Sts } from '../helpers.js';

const ZK = join(FIXTURES, 'docs/examples/application/zookeeper/zookeeper.yaml');
const REFUSED = `error when evicting pods/"zk-2" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;

describe('create pdb', () => {
  const sts = new Sts();
  it('--dry-run=client -o yaml is kubectl’s object', () => {
    expect(sts.ok('create pdb my --selector=app=zk --min-available=50% --dry-run=client -o yaml')).toBe(
      lines(
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata:',
        '  creationTimestamp: null',
        '  name: my',
        'spec:',
        '  minAvailable: 50%',
        '  selector:',
        '    matchLabels:',
        '      app: zk',
        'status:',
        '  currentHealthy: 0',
        '  desiredHealthy: 0',
        '  disruptionsAllowed: 0',
        '  expectedPods: 0',
      ),
    );
  });
  it('kubectl’s validation messages', () => {
    expect(sts.run('create pdb my --max-unavailable=1').stderr).toBe('error: a selector must be specified\n');
    expect(sts.run('create pdb my --selector=a=b').stderr).toBe('error: one of min-available or max-unavailable must be specified\n');
    expect(sts.run('create pdb my --selector=a=b --min-available=1 --max-unavailable=1').stderr).toBe(
      'error: min-available and max-unavailable cannot be both specified\n',
    );
    expect(sts.run('create pdb my --selector=a=b --min-available=1Gb').stderr).toBe('error: invalid format specified for min-available\n');
  });
});

describe('drain with a PodDisruptionBudget', () => {
  const sts = new Sts();
  beforeAll(() => {
    sts.ok('cluster nodes 4');
    sts.ok(['apply', '-f', ZK]);
    sts.ok('clock settle');
  });
  it('get and describe pdb', () => {
    expect(sts.ok('get pdb')).toMatch(
      /^NAME {5}MIN AVAILABLE {3}MAX UNAVAILABLE {3}ALLOWED DISRUPTIONS {3}AGE\nzk-pdb {3}N\/A {13}1 {17}1 {21}\d+s\n$/,
    );
    expect(sts.ok('describe pdb zk-pdb')).toContain(
      lines('Status:', '    Allowed disruptions:  1', '    Current:              3', '    Desired:              2', '    Total:                3'),
    );
  });
  it('evicts one pod at a time, retrying every 5 s while the budget refuses', () => {
    const node = sts.ok(['get', 'pod', 'zk-2', '--template', '{{.spec.nodeName}}']);
    const others = ['zk-0', 'zk-1'].filter((p) => sts.ok(['get', 'pod', p, '--template', '{{.spec.nodeName}}']) === node);
    const r = sts.run(['drain', node, '--ignore-daemonsets', '--force', '--delete-emptydir-data']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`node/${node} cordoned\n`)).toBe(true);
    expect(r.stdout).toContain('evicting pod default/zk-2\n');
    expect(r.stdout).toContain('pod/zk-2 evicted\n');
    expect(r.stdout.endsWith(`node/${node} drained\n`)).toBe(true);
    for (const p of others) expect(r.stdout).toContain(`pod/${p} evicted\n`);
  });
  it('a budget that never allows: --timeout ends the retries with kubectl’s errors and exit code', () => {
    sts.ok('fault unready zk-1');
    sts.ok('clock advance 1m');
    const node = sts.ok(['get', 'pod', 'zk-2', '--template', '{{.spec.nodeName}}']);
    sts.ok(['uncordon', node]);
    const r = sts.run(['drain', node, '--timeout=12s', '--pod-selector=statefulset.kubernetes.io/pod-name=zk-2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      lines(
        REFUSED,
        REFUSED,
        REFUSED,
        `There are pending pods in node "${node}" when an error occurred: error when evicting pods/"zk-2" -n "default": global timeout reached: 12s`,
        'pod/zk-2',
        `error: unable to drain node "${node}" due to error: error when evicting pods/"zk-2" -n "default": global timeout reached: 12s, continuing command...`,
        'There are pending nodes to be drained:',
        ` ${node}`,
        'error when evicting pods/"zk-2" -n "default": global timeout reached: 12s',
      ),
    );
  });
});
