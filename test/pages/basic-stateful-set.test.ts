// "StatefulSet Basics" (kubernetes/website content/en/docs/tutorials/stateful-application/
// basic-stateful-set.md) replayed with sts on a manual clock, step by step, against what the page shows.
// The page's tables come from older kubectls: they are re-laid out as kubectl 1.33 prints them
// (page.ts), with AGE masked. Where the page watches (`get pods --watch`), the test takes a snapshot
// at each instant the watch would print a line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';
import { IMAGES_TEMPLATE, maskIps, pageTable, stsTable } from './page.js';

const WEB = 'https://k8s.io/examples/application/web/web.yaml';
const images = (sts: Sts, ords: number[]) => ords.map((p) => sts.ok(['get', 'pod', `web-${p}`, '--template', IMAGES_TEMPLATE]) + '\n').join('');
const curlEach = (sts: Sts) => [0, 1].map((i) => sts.ok(['exec', '-i', '-t', `web-${i}`, '--', 'curl', 'http://localhost/'])).join('');

describe('StatefulSet Basics', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts();
  });
  afterAll(() => sts.cleanup());

  describe('Creating a StatefulSet', () => {
    it('kubectl apply -f https://k8s.io/examples/application/web/web.yaml', () => {
      expect(sts.ok(['apply', '-f', WEB])).toBe(lines('service/nginx created', 'statefulset.apps/web created'));
    });

    it('ordered pod creation: web-1 is not launched until web-0 is Running and Ready (the watch, as snapshots)', () => {
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 0/1 Pending 0 0s'));
      sts.ok('clock advance 2s');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 0/1 ContainerCreating 0 0s'));
      sts.ok('clock advance 2s');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 1/1 Running 0 19s\nweb-1 0/1 Pending 0 0s'),
      );
      sts.ok('clock advance 2s');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 1/1 Running 0 19s\nweb-1 0/1 ContainerCreating 0 0s'),
      );
      sts.ok('clock advance 2s');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 1/1 Running 0 19s\nweb-1 1/1 Running 0 18s'),
      );
    });

    it('kubectl get service nginx; kubectl get statefulset web', () => {
      sts.ok('clock advance 4s');
      expect(sts.ok('get service nginx')).toBe(
        pageTable(`
NAME      TYPE         CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
nginx     ClusterIP    None         <none>        80/TCP    12s`).replace('<age>', '12s'),
      );
      expect(stsTable(sts.ok('get statefulset web'))).toBe(pageTable('NAME   READY   AGE\nweb    2/2     37s'));
    });
  });

  describe('Pods in a StatefulSet', () => {
    it('kubectl get pods -l app=nginx', () => {
      sts.ok('clock advance 1m');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable(`
NAME      READY     STATUS    RESTARTS   AGE
web-0     1/1       Running   0          1m
web-1     1/1       Running   0          1m`),
      );
    });

    it('stable hostnames: for i in 0 1; do kubectl exec "web-$i" -- sh -c hostname; done', () => {
      expect([0, 1].map((i) => sts.ok(['exec', `web-${i}`, '--', 'sh', '-c', 'hostname'])).join('')).toBe(lines('web-0', 'web-1'));
    });

    // The page's busybox 1.28 output leaves out the name nslookup prints after each address
    // (`Address 1: 10.244.1.6 web-0.nginx.default.svc.cluster.local`): busybox 1.28 prints it, and so does sts.
    const nslookupBoth = () =>
      maskIps(
        sts.ok(
          ['run', '-i', '--tty', '--image', 'busybox:1.28', 'dns-test', '--restart=Never', '--rm'],
          'nslookup web-0.nginx\nnslookup web-1.nginx\nexit\n',
        ),
      );
    const NSLOOKUP = lines(
      'Server:    10.x.x.x',
      'Address 1: 10.x.x.x kube-dns.kube-system.svc.cluster.local',
      '',
      'Name:      web-0.nginx',
      'Address 1: 10.x.x.x web-0.nginx.default.svc.cluster.local',
      '',
      'Server:    10.x.x.x',
      'Address 1: 10.x.x.x kube-dns.kube-system.svc.cluster.local',
      '',
      'Name:      web-1.nginx',
      'Address 1: 10.x.x.x web-1.nginx.default.svc.cluster.local',
      '',
      'pod "dns-test" deleted',
    );
    it('kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm; nslookup web-0.nginx, web-1.nginx', () => {
      expect(nslookupBoth()).toBe(NSLOOKUP);
    });

    it('kubectl delete pod -l app=nginx; the set restarts them in order, same names, same DNS names', () => {
      expect(sts.ok('delete pod -l app=nginx')).toBe(lines('pod "web-0" deleted', 'pod "web-1" deleted'));
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 1/1 Running 0 2s\nweb-1 1/1 Running 0 34s'),
      );
      expect([0, 1].map((i) => sts.ok(['exec', `web-${i}`, '--', 'sh', '-c', 'hostname'])).join('')).toBe(lines('web-0', 'web-1'));
      expect(nslookupBoth()).toBe(NSLOOKUP);
    });

    it('writing to stable storage: kubectl get pvc -l app=nginx', () => {
      // kubectl 1.33 prints ACCESS MODES, STORAGECLASS and VOLUMEATTRIBUTESCLASS where the page's kubectl printed ACCESSMODES only
      expect(stsTable(sts.ok('get pvc -l app=nginx'))).toBe(
        pageTable(`
NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
www-web-0   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWO            standard       <unset>                 48s
www-web-1   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWO            standard       <unset>                 48s`),
      );
    });

    it('hostnames into index.html, served by nginx, and still served after the pods are deleted', () => {
      for (const i of [0, 1]) sts.ok(['exec', `web-${i}`, '--', 'sh', '-c', 'echo "$(hostname)" > /usr/share/nginx/html/index.html']);
      expect(curlEach(sts)).toBe(lines('web-0', 'web-1'));
      expect(sts.ok('delete pod -l app=nginx')).toBe(lines('pod "web-0" deleted', 'pod "web-1" deleted'));
      sts.ok('clock settle');
      expect(curlEach(sts)).toBe(lines('web-0', 'web-1'));
    });
  });

  describe('Scaling a StatefulSet', () => {
    it('kubectl scale sts web --replicas=5: web-2, web-3, web-4 one after another', () => {
      expect(sts.ok('scale sts web --replicas=5')).toBe(lines('statefulset.apps/web scaled'));
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 1/1 Running 0 2h\nweb-1 1/1 Running 0 2h\nweb-2 0/1 Pending 0 0s'),
      );
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable(['NAME READY STATUS RESTARTS AGE', ...[0, 1, 2, 3, 4].map((i) => `web-${i} 1/1 Running 0 1m`)].join('\n')),
      );
    });

    it('kubectl patch sts web -p {"spec":{"replicas":3}}: web-4, then web-3 terminate; their claims stay', () => {
      expect(sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"replicas":3}}'])).toBe(lines('statefulset.apps/web patched'));
      expect(sts.ok('get pod web-4 --no-headers')).toMatch(/^web-4 +1\/1 +Terminating /);
      expect(sts.ok('get pod web-3 --no-headers')).toMatch(/^web-3 +1\/1 +Running /); // one at a time
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable(['NAME READY STATUS RESTARTS AGE', ...[0, 1, 2].map((i) => `web-${i} 1/1 Running 0 1m`)].join('\n')),
      );
      expect(stsTable(sts.ok('get pvc -l app=nginx'))).toBe(
        pageTable(
          [
            'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE',
            ...[0, 1, 2, 3, 4].map((i) => `www-web-${i} Bound pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx 1Gi RWO standard <unset> 13h`),
          ].join('\n'),
        ),
      );
    });
  });

  describe('Updating StatefulSets', () => {
    const setImage = (image: string) =>
      sts.ok([
        'patch',
        'statefulset',
        'web',
        '--type=json',
        `-p=[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"${image}"}]`,
      ]);
    const partition = (n: number) =>
      sts.ok(['patch', 'statefulset', 'web', '-p', `{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":${n}}}}}`]);

    it('RollingUpdate: web-2, web-1, web-0 replaced in reverse order', () => {
      expect(setImage('registry.k8s.io/nginx-slim:0.24')).toBe(lines('statefulset.apps/web patched'));
      expect(sts.ok('get pod web-2 --no-headers')).toMatch(/^web-2 +1\/1 +Terminating /);
      sts.ok('clock settle');
      expect(images(sts, [0, 1, 2])).toBe(lines(...Array(3).fill('registry.k8s.io/nginx-slim:0.24')));
    });

    it('staging an update: partition 3, new image, web-2 deleted comes back with the old image', () => {
      expect(partition(3)).toBe(lines('statefulset.apps/web patched'));
      expect(setImage('registry.k8s.io/nginx-slim:0.21')).toBe(lines('statefulset.apps/web patched'));
      expect(sts.ok('delete pod web-2')).toBe(lines('pod "web-2" deleted'));
      sts.ok('clock settle');
      expect(images(sts, [2])).toBe(lines('registry.k8s.io/nginx-slim:0.24'));
    });

    it('rolling out a canary: partition 2 updates web-2; web-1 deleted is restored to the old image', () => {
      expect(partition(2)).toBe(lines('statefulset.apps/web patched'));
      sts.ok('clock settle');
      expect(images(sts, [2])).toBe(lines('registry.k8s.io/nginx-slim:0.21'));
      expect(sts.ok('delete pod web-1')).toBe(lines('pod "web-1" deleted'));
      sts.ok('clock settle');
      expect(images(sts, [1])).toBe(lines('registry.k8s.io/nginx-slim:0.24'));
    });

    it('phased roll out: partition 0 updates all', () => {
      expect(partition(0)).toBe(lines('statefulset.apps/web patched'));
      sts.ok('clock settle');
      expect(images(sts, [0, 1, 2])).toBe(lines(...Array(3).fill('registry.k8s.io/nginx-slim:0.21')));
    });

    it('OnDelete: the page’s patch is refused, as a real API server refuses it (kubernetes/website#47038)', () => {
      // The defaulted rollingUpdate {partition: 0} stays under a strategic merge patch, and validation
      // refuses it for OnDelete; the page shows `statefulset.apps/web patched`, which no 1.33 cluster prints.
      const r = sts.run(['patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete"}}}']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        lines(
          `The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:0, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'`,
        ),
      );
      // the fix proposed there (rollingUpdate: null) works
      expect(sts.ok(['patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'])).toBe(
        lines('statefulset.apps/web patched'),
      );
    });
  });

  describe('Deleting StatefulSets', () => {
    it('non-cascading delete: the pods stay; web-0 deleted is not relaunched', () => {
      expect(sts.ok('delete statefulset web --cascade=orphan')).toBe(lines('statefulset.apps "web" deleted'));
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable(`
NAME      READY     STATUS    RESTARTS   AGE
web-0     1/1       Running   0          6m
web-1     1/1       Running   0          7m
web-2     1/1       Running   0          5m`),
      );
      expect(sts.ok('delete pod web-0')).toBe(lines('pod "web-0" deleted'));
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable(`
NAME      READY     STATUS    RESTARTS   AGE
web-1     1/1       Running   0          10m
web-2     1/1       Running   0          7m`),
      );
    });

    it('recreating the set adopts web-1, relaunches web-0 and removes web-2; web-0 serves its old page', () => {
      // kubectl applies the file's documents in order: the page's `statefulset.apps/web created` first is from an older kubectl
      expect(sts.ok(['apply', '-f', WEB])).toBe(lines('service/nginx unchanged', 'statefulset.apps/web created'));
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 1/1 Running 0 18s\nweb-1 1/1 Running 0 16m'),
      );
      expect(curlEach(sts)).toBe(lines('web-0', 'web-1'));
    });

    it('cascading delete: the pods go, the service stays; recreated, the pods serve their old pages', () => {
      expect(sts.ok('delete statefulset web')).toBe(lines('statefulset.apps "web" deleted'));
      expect(stsTable(sts.ok('get pods -l app=nginx'))).toBe(
        pageTable('NAME READY STATUS RESTARTS AGE\nweb-0 1/1 Terminating 0 12m\nweb-1 1/1 Terminating 0 29m'),
      );
      sts.ok('clock settle');
      expect(sts.run('get pods -l app=nginx')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
      expect(sts.ok('delete service nginx')).toBe(lines('service "nginx" deleted'));
      expect(sts.ok(['apply', '-f', WEB])).toBe(lines('service/nginx created', 'statefulset.apps/web created'));
      sts.ok('clock settle');
      expect(curlEach(sts)).toBe(lines('web-0', 'web-1'));
      expect(sts.ok('delete service nginx')).toBe(lines('service "nginx" deleted'));
      // the page's `statefulset "web" deleted` is an older kubectl's wording
      expect(sts.ok('delete statefulset web')).toBe(lines('statefulset.apps "web" deleted'));
      sts.ok('clock settle');
    });
  });

  describe('Pod management policy', () => {
    it('Parallel: kubectl apply -f …/web-parallel.yaml; scale to 5 starts the new pods at once', () => {
      // The page shows `service/nginx updated` and `statefulset.apps/web updated`, but the set and the
      // service were deleted at the end of the previous section: kubectl creates them. (And no kubectl
      // prints `updated` for apply: it is `configured`.)
      expect(sts.ok(['apply', '-f', 'https://k8s.io/examples/application/web/web-parallel.yaml'])).toBe(
        lines('service/nginx created', 'statefulset.apps/web created'),
      );
      expect(sts.ok('scale statefulset/web --replicas=5')).toBe(lines('statefulset.apps/web scaled'));
      // web-parallel.yaml labels its pods app.kubernetes.io/name=nginx, so the page's `-l app=nginx` watch shows none of them
      expect(sts.run('get pod -l app=nginx').stderr).toBe('No resources found in default namespace.\n');
      const pending = sts.ok('get pod -l app.kubernetes.io/name=nginx --no-headers');
      expect(pending.split('\n').filter(Boolean).length).toBe(5); // all five at once, not one after another
      sts.ok('clock settle');
      expect(stsTable(sts.ok('get pod -l app.kubernetes.io/name=nginx'))).toBe(
        pageTable(['NAME READY STATUS RESTARTS AGE', ...[0, 1, 2, 3, 4].map((i) => `web-${i} 1/1 Running 0 9m`)].join('\n')),
      );
    });
  });

  describe('Cleaning up', () => {
    it('kubectl delete sts web: all pods terminate at once; kubectl delete svc nginx', () => {
      expect(sts.ok('delete sts web')).toBe(lines('statefulset.apps "web" deleted'));
      expect(stsTable(sts.ok('get pod -l app.kubernetes.io/name=nginx'))).toBe(
        pageTable(['NAME READY STATUS RESTARTS AGE', ...[0, 1, 2, 3, 4].map((i) => `web-${i} 1/1 Terminating 0 9m`)].join('\n')),
      );
      sts.ok('clock settle');
      expect(sts.ok('delete svc nginx')).toBe(lines('service "nginx" deleted'));
    });

    it('kubectl get pvc; kubectl get pv; kubectl delete pvc …; kubectl get pvc', () => {
      expect(stsTable(sts.ok('get pvc'))).toBe(
        pageTable(
          [
            'NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE',
            ...[0, 1, 2, 3, 4].map((i) => `www-web-${i} Bound pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx 1Gi RWO standard <unset> 25m`),
          ].join('\n'),
        ),
      );
      // kubectl 1.33 prints VOLUMEATTRIBUTESCLASS where the page's kubectl printed REASON; rows sorted by volume name, as the page's
      const pv = sts.ok('get pv');
      expect(pv.split('\n')[0]).toBe(
        'NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE',
      );
      expect(
        pv
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(/\s+/)[5])
          .sort(),
      ).toEqual([0, 1, 2, 3, 4].map((i) => `default/www-web-${i}`));
      expect(sts.ok('delete pvc www-web-0 www-web-1 www-web-2 www-web-3 www-web-4')).toBe(
        lines(...[0, 1, 2, 3, 4].map((i) => `persistentvolumeclaim "www-web-${i}" deleted`)),
      );
      sts.ok('clock settle');
      expect(sts.run('get pvc')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
    });
  });
});
