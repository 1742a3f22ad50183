// "Running ZooKeeper, A Distributed System Coordinator" (kubernetes/website content/en/docs/tutorials/
// stateful-application/zookeeper.md) replayed with sts on a manual clock. Tables re-laid out as
// kubectl 1.33 prints them, AGE masked (page.ts). The bundled zookeeper.yaml labels the pods
// app.kubernetes.io/name=zk; the selectors below use that label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';
import { pageTable, stsTable } from './page.js';

const ZK = 'https://k8s.io/examples/application/zookeeper/zookeeper.yaml';
const LABEL = 'app.kubernetes.io/name=zk';
const each = (f: (i: number) => string) => [0, 1, 2].map(f).join('');
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
      // kubectl 1.33 warns about last-applied-configuration (the page predates the warning)
      expect(r.stderr).toMatch(/^Warning: resource statefulsets\/zk was previously managed with 'kubectl apply'/);
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
      const nodes = [0, 1, 2].map((i) => sts.ok(['get', 'pod', `zk-${i}`, '--template', '{{.spec.nodeName}}']));
      expect(new Set(nodes).size).toBe(3);
    });
  });

  describe('Surviving maintenance', () => {
    it('kubectl get pdb zk-pdb', () => {
      // kubectl 1.33's columns; the page's kubectl printed MIN-AVAILABLE, MAX-UNAVAILABLE, ALLOWED-DISRUPTIONS
      expect(stsTable(sts.ok('get pdb zk-pdb'))).toBe(
        pageTable(`
NAME     MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE
zk-pdb   N/A             1                 1                     2m`),
      );
    });
    // left out for now: `kubectl cordon`, `kubectl drain … --ignore-daemonsets --force --delete-emptydir-data`,
    // the evictions the PodDisruptionBudget blocks, `kubectl uncordon` — drain and the budget work
    // (test/e2e/drain.test.ts); the page's steps wait for the scheduler to honour cordoned nodes.
  });
});
