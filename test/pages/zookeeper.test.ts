// "Running ZooKeeper, A Distributed System Coordinator" (kubernetes/website content/en/docs/tutorials/
// stateful-application/zookeeper.md) replayed with sts on a manual clock. Tables re-laid out as
// kubectl 1.33 prints them, AGE masked (page.ts). The bundled zookeeper.yaml labels the pods
// app.kubernetes.io/name=zk; the selectors below use that label. Its podAntiAffinity, though, still
// selects `app In (zk)` (a docs bug upstream), which matches none of the pods: where the page's older
// transcript shows a zk pod Pending for want of a node, a real cluster with the manifest as bundled
// schedules it beside another zk pod, and that is what is asserted here (comments say where).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';
import { pageTable, snapshots, stsTable } from './page.js';

const ZK = 'https://k8s.io/examples/application/zookeeper/zookeeper.yaml';
const LABEL = 'app.kubernetes.io/name=zk';
const each = (f: (i: number) => string) => [0, 1, 2].map(f).join('');
/** `kubectl get pod zk-N --template {{.spec.nodeName}}`. sts does not run the page's `$(…)`: the tests
 *  run this first and pass its output on, as the shell would. */
const nodeOf = (sts: Sts, pod: string) => sts.ok(['get', 'pod', pod, '--template', '{{.spec.nodeName}}']);
const DRAIN_FLAGS = ['--ignore-daemonsets', '--force', '--delete-emptydir-data'];
const refused = (pod: string) =>
  `error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
/** kubectl 1.33's drain of a node with one pod (the page's kubectl printed `node "…" cordoned`, `pod "…"
 *  deleted`, and warnings about its cluster's fluentd and kube-proxy pods, which sts's nodes do not run). */
const drained = (node: string, pod: string) =>
  lines(`node/${node} cordoned`, `evicting pod default/${pod}`, `pod/${pod} evicted`, `node/${node} drained`);
/** `rollout status` as a watch prints it, repeated lines folded (their count depends on how often the watch wakes) and the revision hash masked. */
const rolloutLines = (text: string) =>
  text
    .replace(/zk-[0-9a-f]{8,10}\.\.\./g, 'zk-<hash>...')
    .split('\n')
    .filter((l, i, all) => l !== all[i - 1])
    .join('\n');

describe('Running ZooKeeper, a distributed system coordinator', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts();
    // the page's prerequisite: "a cluster with at least four nodes"
    sts.ok('cluster nodes 4');
  });
  afterAll(() => sts.cleanup());

  describe('Creating a ZooKeeper ensemble', () => {
    it('kubectl apply -f https://k8s.io/examples/application/zookeeper/zookeeper.yaml', () => {
      const r = sts.run(['apply', '-f', ZK]);
      expect(r.stdout).toBe(
        lines('service/zk-hs created', 'service/zk-cs created', 'poddisruptionbudget.policy/zk-pdb created', 'statefulset.apps/zk created'),
      );
      // not on the page: sts says what it does not simulate
      expect(r.stderr).toBe('');
    });

    it('kubectl get pods -w -l app=zk, as snapshots: zk-0, zk-1, zk-2 in order, each Ready after its probe delay', () => {
      expect(stsTable(sts.ok(['get', 'pods', '-l', LABEL]))).toBe(pageTable('NAME READY STATUS RESTARTS AGE\nzk-0 0/1 Pending 0 0s'));
      sts.ok('clock settle');
      expect(stsTable(sts.ok(['get', 'pods', '-l', LABEL]))).toBe(
        pageTable(`
NAME      READY     STATUS    RESTARTS   AGE
zk-0      1/1       Running   0          1m
zk-1      1/1       Running   0          1m
zk-2      1/1       Running   0          1m`),
      );
    });
  });

  describe('Facilitating leader election', () => {
    it('for i in 0 1 2; do kubectl exec zk-$i -- hostname; done', () => {
      expect(each((i) => sts.ok(['exec', `zk-${i}`, '--', 'hostname']))).toBe(lines('zk-0', 'zk-1', 'zk-2'));
    });

    // left out: `cat /var/lib/zookeeper/data/myid` — sts does not run the image's start-zookeeper script, which writes myid

    it('for i in 0 1 2; do kubectl exec zk-$i -- hostname -f; done', () => {
      expect(each((i) => sts.ok(['exec', `zk-${i}`, '--', 'hostname', '-f']))).toBe(
        lines('zk-0.zk-hs.default.svc.cluster.local', 'zk-1.zk-hs.default.svc.cluster.local', 'zk-2.zk-hs.default.svc.cluster.local'),
      );
    });

    // left out: `cat /opt/zookeeper/conf/zoo.cfg` — written by start-zookeeper, which sts does not run
  });

  // left out: "Sanity testing the ensemble" (`zkCli.sh create /hello world`, `zkCli.sh get /hello`) — no ZooKeeper runs in sts

  describe('Providing durable storage', () => {
    it('kubectl delete statefulset zk; the pods terminate; re-applied, the ensemble comes back on the same claims', () => {
      expect(sts.ok('delete statefulset zk')).toBe(lines('statefulset.apps "zk" deleted'));
      expect(stsTable(sts.ok(['get', 'pods', '-l', LABEL]))).toBe(
        pageTable(['NAME READY STATUS RESTARTS AGE', ...[0, 1, 2].map((i) => `zk-${i} 1/1 Terminating 0 20m`)].join('\n')),
      );
      sts.ok('clock settle');
      expect(sts.run(['get', 'pods', '-l', LABEL]).stderr).toBe('No resources found in default namespace.\n');
      expect(sts.ok(['apply', '-f', ZK])).toBe(
        lines('service/zk-hs unchanged', 'service/zk-cs unchanged', 'poddisruptionbudget.policy/zk-pdb unchanged', 'statefulset.apps/zk created'),
      );
      sts.ok('clock settle');
      expect(stsTable(sts.ok(['get', 'pods', '-l', LABEL]))).toBe(
        pageTable(['NAME READY STATUS RESTARTS AGE', ...[0, 1, 2].map((i) => `zk-${i} 1/1 Running 0 1m`)].join('\n')),
      );
      // the data the page reads back with zkCli.sh lives on these claims: same names, still Bound
      expect(sts.ok(['get', 'pvc', '-l', LABEL, '-o', 'name'])).toBe(
        lines('persistentvolumeclaim/datadir-zk-0', 'persistentvolumeclaim/datadir-zk-1', 'persistentvolumeclaim/datadir-zk-2'),
      );
    });
    // left out: `kubectl exec zk-2 -- zkCli.sh get /hello` — no ZooKeeper runs in sts
  });

  describe('Updating the ensemble', () => {
    it('kubectl patch sts zk (cpu 0.3); kubectl rollout status sts/zk', () => {
      expect(
        sts.ok([
          'patch',
          'sts',
          'zk',
          '--type=json',
          '-p=[{"op": "replace", "path": "/spec/template/spec/containers/0/resources/requests/cpu", "value":"0.3"}]',
        ]),
      ).toBe(lines('statefulset.apps/zk patched'));
      expect(rolloutLines(sts.ok('rollout status sts/zk'))).toBe(
        rolloutLines(`waiting for statefulset rolling update to complete 0 pods at revision zk-5db4499664...
Waiting for 1 pods to be ready...
Waiting for 1 pods to be ready...
waiting for statefulset rolling update to complete 1 pods at revision zk-5db4499664...
Waiting for 1 pods to be ready...
Waiting for 1 pods to be ready...
waiting for statefulset rolling update to complete 2 pods at revision zk-5db4499664...
Waiting for 1 pods to be ready...
Waiting for 1 pods to be ready...
statefulset rolling update complete 3 pods at revision zk-5db4499664...
`),
      );
    });

    it('kubectl rollout history sts/zk (kubectl 1.33’s layout; the page shows an older kubectl’s `statefulsets "zk"` and REVISION only)', () => {
      expect(sts.ok('rollout history sts/zk')).toBe(
        lines('statefulset.apps/zk ', 'REVISION  CHANGE-CAUSE', '1         <none>', '2         <none>', ''),
      );
    });

    it('kubectl rollout undo sts/zk', () => {
      const r = sts.run('rollout undo sts/zk');
      expect(r.stdout).toBe(lines('statefulset.apps/zk rolled back'));
      // kubectl 1.33 does not warn about last-applied-configuration (1.34's rollback does)
      expect(r.stderr).toBe('');
      sts.ok('clock settle');
      expect(rolloutLines(sts.ok('rollout status sts/zk'))).toBe('statefulset rolling update complete 3 pods at revision zk-<hash>...\n');
    });

    it('the template is back: requests.cpu reads back as the API server stores "0.5", canonical 500m', () => {
      expect(sts.ok(['get', 'sts', 'zk', '-o', 'jsonpath={.spec.template.spec.containers[0].resources.requests.cpu}'])).toBe('500m');
    });
  });

  // left out: "Handling process failure" (`ps -ef`, `pkill java`, the container restarting) — sts's
  // containers run no processes that can be killed; and "Testing for liveness" (`rm
  // /opt/zookeeper/bin/zookeeper-ready` failing the liveness probe) — exec probes are not run yet.

  describe('Tolerating node failure', () => {
    it('for i in 0 1 2; do kubectl get pod zk-$i --template {{.spec.nodeName}}; echo ""; done: three different nodes', () => {
      const nodes = [0, 1, 2].map((i) => nodeOf(sts, `zk-${i}`));
      expect(new Set(nodes).size).toBe(3);
    });

    it('the podAntiAffinity the page shows selects `app In (zk)`: no pod of the bundled manifest carries that label', () => {
      const rule = '{.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]}';
      expect(JSON.parse(sts.ok(['get', 'sts', 'zk', '-o', `jsonpath=${rule}`]))).toEqual({
        labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['zk'] }] },
        topologyKey: 'kubernetes.io/hostname',
      });
      // so the spread above is the scheduler's scoring, not the rule
      expect(sts.run('get pods -l app=zk').stderr).toBe('No resources found in default namespace.\n');
    });
  });

  describe('Surviving maintenance', () => {
    /** The nodes of zk-0, zk-1, zk-2 before the drains (the page's kubernetes-node-pb41, -ixsl, -i4c4). */
    let zkNodes: string[];
    const podsTable = (rows: string[]) => pageTable(['NAME READY STATUS RESTARTS AGE', ...rows].join('\n'));
    const allRunning = podsTable([0, 1, 2].map((i) => `zk-${i} 1/1 Running 0 1m`));
    const zkPods = () => stsTable(sts.ok(['get', 'pods', '-l', LABEL]));

    it('kubectl get nodes: four, so no node to cordon', () => {
      expect(stsTable(sts.ok('get nodes'))).toBe(
        pageTable(['NAME STATUS ROLES AGE VERSION', ...[1, 2, 3, 4].map((i) => `node-${i} Ready <none> 1h v1.33.0-sts`)].join('\n')),
      );
      // left out: `kubectl cordon <node-name>` for "all but four of the nodes" — this cluster has exactly four
    });

    it('kubectl get pdb zk-pdb', () => {
      // kubectl 1.33's columns; the page's kubectl printed MIN-AVAILABLE, MAX-UNAVAILABLE, ALLOWED-DISRUPTIONS
      expect(stsTable(sts.ok('get pdb zk-pdb'))).toBe(
        pageTable(`
NAME     MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE
zk-pdb   N/A             1                 1                     2m`),
      );
    });

    it('for i in 0 1 2; do kubectl get pod zk-$i --template {{.spec.nodeName}}; echo ""; done', () => {
      zkNodes = [0, 1, 2].map((i) => nodeOf(sts, `zk-${i}`));
      expect(new Set(zkNodes).size).toBe(3);
    });

    it('kubectl drain $(kubectl get pod zk-0 --template {{.spec.nodeName}}) --ignore-daemonsets --force --delete-emptydir-data', () => {
      const node = nodeOf(sts, 'zk-0'); // the $(…), run first
      expect(node).toBe(zkNodes[0]);
      expect(sts.run(['drain', node, ...DRAIN_FLAGS])).toEqual({ stdout: drained(node, 'zk-0'), stderr: '', code: 0 });
    });

    it('kubectl get pods -w -l app=zk, as snapshots: zk-0 is rescheduled on another node', () => {
      // The watch's Terminating rows come while drain waits for zk-0 to go, before it returns. The
      // page's old zk-0 had 2 restarts (from "Handling process failure", left out above).
      const page = ['zk-0 0/1 Pending 0 0s', 'zk-0 0/1 ContainerCreating 0 0s', 'zk-0 0/1 Running 0 51s', 'zk-0 1/1 Running 0 1m'].map((row) =>
        podsTable([row]),
      );
      const seen = snapshots(
        () => stsTable(sts.ok('get pod zk-0')),
        () => sts.ok('clock advance 1s'),
        page.at(-1)!,
      );
      expect(seen).toEqual(page);
      expect(nodeOf(sts, 'zk-0')).not.toBe(zkNodes[0]);
    });

    it('kubectl drain $(kubectl get pod zk-1 --template {{.spec.nodeName}}) …: zk-1 evicted, Pending', () => {
      const node = nodeOf(sts, 'zk-1');
      expect(sts.run(['drain', node, ...DRAIN_FLAGS])).toEqual({ stdout: drained(node, 'zk-1'), stderr: '', code: 0 });
      expect(zkPods()).toBe(podsTable(['zk-0 1/1 Running 0 1m', 'zk-1 0/1 Pending 0 0s', 'zk-2 1/1 Running 0 1h']));
      // The page's zk-1 stays Pending: two schedulable nodes, each with a zk pod. With the manifest as
      // bundled the rule selects no pods (`app In (zk)` against app.kubernetes.io/name=zk), so a real
      // cluster schedules zk-1 beside another zk pod — it gets Ready in the next step's retries.
    });

    it('kubectl drain $(kubectl get pod zk-2 --template {{.spec.nodeName}}) …: the budget refuses while zk-1 is not Ready', () => {
      const node = nodeOf(sts, 'zk-2');
      const r = sts.run(['drain', node, ...DRAIN_FLAGS]);
      // The page's kubectl gave up at the first refusal ("There are pending pods when an error occurred:
      // Cannot evict pod as it would violate the pod's disruption budget.", pod/zk-2). kubectl 1.33
      // retries every 5 s (no --timeout): zk-1, scheduled here (see above), gets Ready, and the budget
      // then lets zk-2 go.
      const retries = r.stderr.split('\n').filter(Boolean).length;
      expect(retries).toBeGreaterThan(0);
      expect(r.stderr).toBe(lines(...Array<string>(retries).fill(refused('zk-2'))));
      expect(r.stdout).toBe(
        lines(`node/${node} cordoned`, ...Array<string>(retries + 1).fill('evicting pod default/zk-2'), 'pod/zk-2 evicted', `node/${node} drained`),
      );
      expect(r.code).toBe(0);
    });

    it('kubectl get pods -w -l app=zk: with three nodes cordoned the ensemble ends up on the fourth (what the rule was meant to prevent)', () => {
      sts.ok('clock settle');
      expect(zkPods()).toBe(allRunning);
      const nodes = new Set([0, 1, 2].map((i) => nodeOf(sts, `zk-${i}`)));
      expect(nodes.size).toBe(1);
      expect(zkNodes).not.toContain([...nodes][0]);
    });

    // left out: `kubectl exec zk-0 zkCli.sh get /hello` — no ZooKeeper runs in sts

    it('kubectl uncordon <the node of zk-0>: nothing was Pending, so nothing moves (the page’s Pending zk-1 is scheduled there)', () => {
      expect(sts.ok(['uncordon', zkNodes[0]])).toBe(lines(`node/${zkNodes[0]} uncordoned`));
      sts.ok('clock settle');
      expect(zkPods()).toBe(allRunning);
      expect([0, 1, 2].map((i) => nodeOf(sts, `zk-${i}`))).not.toContain(zkNodes[0]);
    });

    it('kubectl drain $(kubectl get pod zk-2 --template {{.spec.nodeName}}) … again: the budget lets the three go one at a time', () => {
      // The page's zk-2 was still on the third node ("node … already cordoned"; zk-2 deleted; drained).
      // Here zk-2 shares the fourth node with zk-0 and zk-1: drain evicts all three at once, the
      // budget (maxUnavailable 1) refuses all but one until the one before is back and Ready.
      const node = nodeOf(sts, 'zk-2');
      const r = sts.run(['drain', node, ...DRAIN_FLAGS]);
      expect(r.code).toBe(0);
      const out = r.stdout.split('\n').filter(Boolean);
      expect(out[0]).toBe(`node/${node} cordoned`);
      expect(out.at(-1)).toBe(`node/${node} drained`);
      expect(out.filter((l) => l.endsWith(' evicted')).sort()).toEqual(['pod/zk-0 evicted', 'pod/zk-1 evicted', 'pod/zk-2 evicted']);
      expect(new Set(out.slice(1, -1).filter((l) => !l.endsWith(' evicted')))).toEqual(
        new Set(['evicting pod default/zk-0', 'evicting pod default/zk-1', 'evicting pod default/zk-2']),
      );
      const refusals = r.stderr.split('\n').filter(Boolean);
      for (const l of refusals) expect([0, 1, 2].map((i) => refused(`zk-${i}`))).toContain(l);
      // two of the three waited for the budget
      expect(new Set(refusals).size).toBe(2);
      sts.ok('clock settle');
      expect(zkPods()).toBe(allRunning);
      // the one uncordoned node
      expect([0, 1, 2].map((i) => nodeOf(sts, `zk-${i}`))).toEqual([zkNodes[0], zkNodes[0], zkNodes[0]]);
    });

    it('kubectl uncordon <the node of zk-1>', () => {
      expect(sts.ok(['uncordon', zkNodes[1]])).toBe(lines(`node/${zkNodes[1]} uncordoned`));
    });
  });

  describe('Cleaning up', () => {
    it('kubectl uncordon the other nodes', () => {
      const cordoned = sts
        .ok(['get', 'nodes', '-o', 'jsonpath={range .items[?(@.spec.unschedulable)]}{.metadata.name}{"\\n"}{end}'])
        .split('\n')
        .filter(Boolean);
      expect(cordoned).toHaveLength(2);
      for (const n of cordoned) expect(sts.ok(['uncordon', n])).toBe(lines(`node/${n} uncordoned`));
      expect(sts.ok('get nodes')).not.toContain('SchedulingDisabled');
    });
    // left out: deleting the storage media behind the volumes — sts's provisioner deletes them with the claims
  });
});
