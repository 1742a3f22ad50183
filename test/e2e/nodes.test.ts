// Nodes: get and describe as kubectl 1.33 prints them, cordon/uncordon, `sts cluster nodes`, and a
// node that goes down (node lifecycle controller: NotReady, unreachable taints, eviction that only a
// kubelet, a force delete, the node's deletion or an out-of-service taint can finish).
import { describe, expect, it } from 'vitest';
import { lines, Sts, webCluster } from '../helpers.js';

describe('nodes', () => {
  it('get nodes, plain and wide, and after cordon', () => {
    const sts = new Sts();
    expect(sts.ok('get nodes')).toBe(
      lines(
        'NAME     STATUS   ROLES    AGE   VERSION',
        'node-1   Ready    <none>   0s    v1.33.0-sts',
        'node-2   Ready    <none>   0s    v1.33.0-sts',
        'node-3   Ready    <none>   0s    v1.33.0-sts',
      ),
    );
    expect(sts.ok('get nodes -o wide node-2')).toBe(
      lines(
        'NAME     STATUS   ROLES    AGE   VERSION       INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION   CONTAINER-RUNTIME',
        'node-2   Ready    <none>   0s    v1.33.0-sts   172.18.0.3    <none>        sts simulated node   6.8.0-sts        containerd://2.1.1',
      ),
    );
    expect(sts.ok('cordon node-1')).toBe('node/node-1 cordoned\n');
    expect(sts.ok('cordon node-1')).toBe('node/node-1 already cordoned\n');
    expect(sts.ok('uncordon node-1 --dry-run=client')).toBe('node/node-1 uncordoned (dry run)\n');
    expect(sts.ok('get nodes --no-headers node-1')).toBe('node-1   Ready,SchedulingDisabled   <none>   0s    v1.33.0-sts\n');
    expect(sts.ok('describe node node-1')).toMatch(/\nTaints: {13}node\.kubernetes\.io\/unschedulable:NoSchedule\nUnschedulable: {6}true\n/);
    expect(sts.ok('uncordon -l kubernetes.io/os=linux')).toBe(
      lines('node/node-1 uncordoned', 'node/node-2 already uncordoned', 'node/node-3 already uncordoned'),
    );
    expect(sts.ok('describe node node-1')).toMatch(/\nTaints: {13}<none>\nUnschedulable: {6}false\n/);
    expect(sts.run('cordon node-9').stderr).toBe('Error from server (NotFound): nodes "node-9" not found\n');
    expect(sts.run('cordon').stderr).toBe("error: USAGE: cordon NODE [flags]\nSee 'sts cordon -h' for help and examples\n");
    sts.cleanup();
  });

  it('describe node: its pods, their requests as shares of what it allocates', () => {
    const sts = webCluster();
    const text = sts.ok('describe node node-1');
    expect(text).toMatch(/^Name: {15}node-1\nRoles: {14}<none>\nLabels: {13}beta\.kubernetes\.io\/arch=amd64\n/);
    expect(text).toContain(
      lines(
        'Addresses:',
        '  InternalIP:  172.18.0.2',
        '  Hostname:    node-1',
        'Capacity:',
        '  cpu:                4',
        '  ephemeral-storage:  102626232Ki',
        '  hugepages-1Gi:      0',
        '  hugepages-2Mi:      0',
        '  memory:             8Gi',
        '  pods:               110',
      ),
    );
    expect(text).toMatch(/\nNon-terminated Pods: {10}\(1 in total\)\n/);
    expect(text).toMatch(/\n {2}default +web-0 +0 \(0%\) +0 \(0%\) +0 \(0%\) +0 \(0%\) +\d+s\n/);
    expect(text).toContain(
      lines(
        'Allocated resources:',
        '  (Total limits may be over 100 percent, i.e., overcommitted.)',
        '  Resource           Requests  Limits',
        '  --------           --------  ------',
        '  cpu                0 (0%)    0 (0%)',
        '  memory             0 (0%)    0 (0%)',
        '  ephemeral-storage  0 (0%)    0 (0%)',
        '  hugepages-1Gi      0 (0%)    0 (0%)',
        '  hugepages-2Mi      0 (0%)    0 (0%)',
        'Events:              <none>',
      ),
    );
    sts.cleanup();
  });

  it('a Node applied from a manifest (no status) joins Ready, as if its kubelet registered', () => {
    const sts = new Sts();
    expect(sts.run('apply -f -', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-9\n')).toEqual({
      stdout: 'node/node-9 created\n',
      stderr: '',
      code: 0,
    });
    expect(sts.ok('get node node-9 -o jsonpath={.status.conditions[?(@.type=="Ready")].status}')).toBe('True');
    sts.cleanup();
  });

  it('cluster nodes: adds nodes, resizes them, refuses to remove one with pods', () => {
    const sts = webCluster();
    expect(sts.ok('cluster nodes 4 --memory 16Gi')).toBe(
      lines(
        'NODE     CPU   MEMORY   PODS',
        'node-1   4     16Gi     110',
        'node-2   4     16Gi     110',
        'node-3   4     16Gi     110',
        'node-4   4     16Gi     110',
      ),
    );
    expect(sts.ok('get nodes -o name')).toBe(lines('node/node-1', 'node/node-2', 'node/node-3', 'node/node-4'));
    expect(sts.run('cluster nodes 2').stderr).toMatch(/^error: cannot remove node\/node-3, node\/node-4: pods are bound to it \(default\/web-1\)/);
    expect(sts.ok('cluster nodes 3')).toMatch(/node-3 +4 +16Gi +110\n$/);
    sts.cleanup();
  });

  it('a node that goes down: NotReady at +40s, pods Terminating at +340s, not replaced until force-deleted', () => {
    const sts = webCluster();
    expect(sts.ok('get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --no-headers')).toBe(lines('web-0   node-1', 'web-1   node-3'));
    sts.ok('fault node node-1 down');
    sts.ok('clock advance 39s');
    expect(sts.ok('get nodes --no-headers node-1')).toMatch(/^node-1 {3}Ready /);
    sts.ok('clock advance 1s');
    expect(sts.ok('get nodes --no-headers node-1')).toMatch(/^node-1 {3}NotReady /);
    expect(sts.ok('describe node node-1')).toMatch(
      /\nTaints: {13}node\.kubernetes\.io\/unreachable:NoExecute\n {20}node\.kubernetes\.io\/unreachable:NoSchedule\n/,
    );
    expect(sts.ok('describe node node-1')).toMatch(/\n {2}Ready +Unknown .*NodeStatusUnknown +Kubelet stopped posting node status\.\n/);
    sts.ok('clock advance 299s');
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 {3}1\/1 {3}Running /);
    sts.ok('clock advance 1s');
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 {3}1\/1 {3}Terminating /);
    sts.ok('clock advance 10m');
    // at most one pod per identity: the set waits for web-0 to be gone
    expect(sts.ok('get pods --no-headers')).toMatch(/^web-0 {3}1\/1 {3}Terminating .*\nweb-1 {3}1\/1 {3}Running /);
    const forced = sts.run('delete pod web-0 --force --grace-period=0');
    expect(forced.stdout).toBe('pod "web-0" force deleted\n');
    expect(forced.stderr).toBe(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
    sts.ok('clock settle');
    // the replacement goes to a node without the unreachable taint (the scheduler's TaintToleration filter)
    expect(sts.ok('get pod web-0 -o jsonpath={.spec.nodeName}')).toMatch(/^node-[23]$/);
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 {3}1\/1 {3}Running /);
    sts.ok('fault node node-1 up');
    sts.ok('clock settle');
    expect(sts.ok('get nodes --no-headers node-1')).toMatch(/^node-1 {3}Ready /);
    expect(sts.ok('describe node node-1')).toMatch(/\nTaints: {13}<none>\n/);
    sts.cleanup();
  });

  it('a deleted pod on a down node finishes once the node is back', () => {
    const sts = webCluster();
    sts.ok('fault node node-1 down');
    sts.ok('delete pod web-0 --wait=false');
    sts.ok('clock advance 5m');
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 {3}1\/1 {3}Terminating /);
    sts.ok('fault node node-1 up');
    sts.ok('clock settle');
    expect(sts.ok('get pods --no-headers')).toMatch(/^web-0 {3}1\/1 {3}Running .*\nweb-1 /);
    sts.cleanup();
  });
});
