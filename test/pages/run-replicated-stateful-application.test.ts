// "Run a Replicated Stateful Application" (MySQL; kubernetes/website content/en/docs/tasks/run-application/
// run-replicated-stateful-application.md) replayed with sts on a manual clock. Tables re-laid out as
// kubectl 1.33 prints them, AGE masked (page.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';
import { maskIps, maskTableColumn, pageTable, snapshots, stsTable } from './page.js';

const EXAMPLES = 'https://k8s.io/examples/application/mysql';
const podsTable = (n: number) =>
  pageTable(['NAME READY STATUS RESTARTS AGE', ...Array.from({ length: n }, (_, i) => `mysql-${i} 2/2 Running 0 2m`)].join('\n'));
const claimsTable = (ords: number[]) =>
  pageTable(
    [
      'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE',
      ...ords.map((i) => `data-mysql-${i} Bound pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx 10Gi RWO standard <unset> 20m`),
    ].join('\n'),
  );

describe('Run a replicated stateful application (MySQL)', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts();
  });
  afterAll(() => sts.cleanup());

  describe('Deploy MySQL', () => {
    it('the ConfigMap, the Services, the StatefulSet', () => {
      expect(sts.ok(['apply', '-f', `${EXAMPLES}/mysql-configmap.yaml`])).toBe(lines('configmap/mysql created'));
      expect(sts.ok(['apply', '-f', `${EXAMPLES}/mysql-services.yaml`])).toBe(lines('service/mysql created', 'service/mysql-read created'));
      expect(sts.ok(['apply', '-f', `${EXAMPLES}/mysql-statefulset.yaml`])).toBe(lines('statefulset.apps/mysql created'));
    });

    it('kubectl get pods -l app=mysql --watch: mysql-0 through its init containers (the watch, as snapshots)', () => {
      // init-mysql, then clone-mysql, run to completion (Init:0/2, Init:1/2), then the app containers
      // start (PodInitializing) and xtrabackup is ready before mysql's readiness probe passes (1/2).
      const page = [
        'mysql-0 0/2 Pending 0 0s',
        'mysql-0 0/2 Init:0/2 0 0s',
        'mysql-0 0/2 Init:1/2 0 10s',
        'mysql-0 0/2 PodInitializing 0 11s',
        'mysql-0 1/2 Running 0 34s',
        'mysql-0 2/2 Running 0 1m',
      ].map((row) => pageTable(`NAME READY STATUS RESTARTS AGE\n${row}`));
      const seen: string[] = [];
      for (let i = 0; i < 30 && seen.at(-1) !== page.at(-1); i++) {
        const now = stsTable(sts.ok('get pod mysql-0'));
        if (now !== seen.at(-1)) seen.push(now);
        sts.ok('clock advance 1s');
      }
      expect(seen).toEqual(page);
    });

    it('eventually three pods, 2/2 Running', () => {
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=mysql'))).toBe(podsTable(3));
    });
  });

  // left out: "Sending client traffic" (`kubectl run mysql-client --image=mysql:5.7 -i --rm --restart=Never --
  // mysql -h mysql-0.mysql …`, the SELECT through mysql-read, the mysql-client-loop) — no MySQL server
  // or client runs in sts; likewise the replication the init containers set up (xtrabackup, ncat).
  // left out: "Break the Readiness probe" (`mv /usr/bin/mysql /usr/bin/mysql.off` in mysql-2 turning it
  // 1/2) — exec probes are not run yet.

  describe('Simulating Pod and Node failure', () => {
    it('kubectl delete pod mysql-2: the StatefulSet recreates it', () => {
      expect(sts.ok('delete pod mysql-2')).toBe(lines('pod "mysql-2" deleted'));
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=mysql'))).toBe(podsTable(3));
    });

    describe('Drain a Node', () => {
      /** `get pod mysql-2 -o wide` as kubectl 1.33 lays it out (NOMINATED NODE, READINESS GATES after the page's NODE), AGE and IPs masked. */
      const wide = (rows: string[]) =>
        pageTable(
          maskIps(['NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES', ...rows.map((r) => `${r} <none> <none>`)].join('\n')),
        );
      const stsWide = () => pageTable(maskIps(stsTable(sts.ok('get pod mysql-2 -o wide'))));
      let from: string;
      let to: string;
      /** The page's watch from Init:0/2 on (its Pending row is already on the new node: the scheduler's
       *  binding, which a snapshot a second apart does not catch; sts's Pending snapshot shows <none>). */
      const pageWatch = () =>
        [
          'mysql-2 0/2 Init:0/2 0 0s <none> kubernetes-node-fjlm',
          'mysql-2 0/2 Init:1/2 0 20s 10.244.5.32 kubernetes-node-fjlm',
          'mysql-2 0/2 PodInitializing 0 21s 10.244.5.32 kubernetes-node-fjlm',
          'mysql-2 1/2 Running 0 22s 10.244.5.32 kubernetes-node-fjlm',
          'mysql-2 2/2 Running 0 30s 10.244.5.32 kubernetes-node-fjlm',
        ].map((r) => wide([r.replace('kubernetes-node-fjlm', to)]));
      let seen: string[];

      it('kubectl get pod mysql-2 -o wide', () => {
        from = sts.ok(['get', 'pod', 'mysql-2', '--template', '{{.spec.nodeName}}']);
        expect(stsWide()).toBe(wide([`mysql-2 2/2 Running 0 15m 10.244.5.27 ${from}`]));
      });

      it('kubectl drain <node-name> --force --delete-emptydir-data --ignore-daemonsets', () => {
        // the page's older kubectl took --delete-local-data, renamed --delete-emptydir-data since
        expect(sts.run(['drain', from, '--force', '--delete-emptydir-data', '--ignore-daemonsets'])).toEqual({
          stdout: lines(`node/${from} cordoned`, 'evicting pod default/mysql-2', 'pod/mysql-2 evicted', `node/${from} drained`),
          // kubectl 1.33 names the pods whose emptyDir (the conf volume) goes with them
          stderr: 'Warning: deleting Pods with local storage: default/mysql-2\n',
          code: 0,
        });
      });

      it('kubectl get pod mysql-2 -o wide --watch, as snapshots: Pending, then the init containers on another node', () => {
        // The Terminating rows come while drain waits for the pod to go, before it returns.
        seen = snapshots(
          stsWide,
          () => sts.ok('clock advance 1s'),
          (t) => / 2\/2 /.test(t),
        );
        to = sts.ok(['get', 'pod', 'mysql-2', '--template', '{{.spec.nodeName}}']);
        expect(to).not.toBe(from);
        expect(seen[0]).toBe(wide(['mysql-2 0/2 Pending 0 0s <none> <none>']));
        // READY and STATUS as the page shows them; the IP column is the next test's
        const noIp = (t: string) => maskTableColumn(t, 'IP');
        expect(seen.slice(1).map(noIp)).toEqual(pageWatch().map(noIp));
      });

      // a kubelet sets status.podIP once the sandbox is up, while the init containers run (the page:
      // Init:1/2 and PodInitializing carry the IP)
      it('… with the pod IP from Init:1/2 on, as the page shows', () => {
        expect(seen.slice(1)).toEqual(pageWatch());
      });

      it('kubectl uncordon <node-name>', () => {
        expect(sts.ok(['uncordon', from])).toBe(lines(`node/${from} uncordoned`));
        expect(stsTable(sts.ok('get pods -l app=mysql'))).toBe(podsTable(3));
      });
    });
  });

  describe('Scaling the number of replicas', () => {
    it('kubectl scale statefulset mysql --replicas=5, then back to 3: the claims of mysql-3 and -4 stay', () => {
      expect(sts.ok('scale statefulset mysql --replicas=5')).toBe(lines('statefulset.apps/mysql scaled'));
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=mysql'))).toBe(podsTable(5));
      expect(sts.ok('scale statefulset mysql --replicas=3')).toBe(lines('statefulset.apps/mysql scaled'));
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=mysql'))).toBe(podsTable(3));
      // kubectl 1.33's columns (ACCESS MODES, STORAGECLASS, VOLUMEATTRIBUTESCLASS) where the page's kubectl printed ACCESSMODES
      expect(stsTable(sts.ok('get pvc -l app=mysql'))).toBe(claimsTable([0, 1, 2, 3, 4]));
    });

    it('kubectl delete pvc data-mysql-3; kubectl delete pvc data-mysql-4', () => {
      expect(sts.ok('delete pvc data-mysql-3')).toBe(lines('persistentvolumeclaim "data-mysql-3" deleted'));
      expect(sts.ok('delete pvc data-mysql-4')).toBe(lines('persistentvolumeclaim "data-mysql-4" deleted'));
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pvc -l app=mysql'))).toBe(claimsTable([0, 1, 2]));
    });
  });

  describe('Cleaning up', () => {
    // left out: `kubectl delete pod mysql-client-loop --now` — the loop was never started (see above)
    it('kubectl delete statefulset mysql; kubectl get pods -l app=mysql; kubectl delete configmap,service,pvc -l app=mysql', () => {
      expect(sts.ok('delete statefulset mysql')).toBe(lines('statefulset.apps "mysql" deleted'));
      sts.ok('clock settle');
      expect(sts.run('get pods -l app=mysql')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
      expect(sts.ok('delete configmap,service,pvc -l app=mysql')).toBe(
        lines(
          'configmap "mysql" deleted',
          'service "mysql" deleted',
          'service "mysql-read" deleted',
          'persistentvolumeclaim "data-mysql-0" deleted',
          'persistentvolumeclaim "data-mysql-1" deleted',
          'persistentvolumeclaim "data-mysql-2" deleted',
        ),
      );
    });
  });
});
