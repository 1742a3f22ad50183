// create / apply / scale / delete: kubectl's messages, cascades, and what survives.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, podNames, Sts, webCluster } from '../helpers.js';

const web = readFileSync('fixtures/web/web.yaml', 'utf8');

describe('apply', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = new Sts();
  });
  afterEach(() => sts.cleanup());

  it('created, unchanged, configured; replicas in the manifest scale the set', () => {
    expect(sts.ok('apply -f fixtures/web/web.yaml')).toBe(lines('service/nginx created', 'statefulset.apps/web created'));
    expect(sts.ok('apply -f fixtures/web/web.yaml')).toBe(lines('service/nginx unchanged', 'statefulset.apps/web unchanged'));
    expect(sts.ok('apply -f -', web.replace('replicas: 2', 'replicas: 3'))).toBe(lines('service/nginx unchanged', 'statefulset.apps/web configured'));
    sts.ok('clock settle');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2']);
    expect(JSON.parse(sts.ok('get sts web -o json')).metadata.generation).toBe(2);
  });

  it('--wait on a manual clock: the written lines, then the cluster settled (time moved), in one save', () => {
    const before = sts.ok('clock');
    const saves = () => JSON.parse(readFileSync(sts.state, 'utf8')).gen ?? 0; // each save counts one
    const gen = saves();
    expect(sts.ok('apply -f fixtures/web/web.yaml --wait')).toBe(lines('service/nginx created', 'statefulset.apps/web created'));
    expect(saves()).toBe(gen + 1);
    expect(sts.ok('get pods --no-headers -o custom-columns=NAME:.metadata.name,READY:.status.containerStatuses[0].ready')).toBe(
      lines('web-0   true', 'web-1   true'),
    );
    expect(sts.ok('clock')).not.toBe(before);
  });

  it('--wait that times out: the written lines, then the error; what happened meanwhile is kept', () => {
    sts.ok(['fault', 'image', 'registry.k8s.io/nginx-slim*']);
    const r = sts.run('create -f fixtures/web/web.yaml --wait --timeout 30s');
    expect(r).toEqual({
      code: 1,
      stdout: lines('service/nginx created', 'statefulset.apps/web created'),
      stderr: lines('error: timed out after 30s waiting for web-0 to be Ready (0/2)'),
    });
    expect(sts.ok('get pods --no-headers')).toMatch(/^web-0 +0\/1 +ImagePullBackOff +0 +\d+s\n$/);
  });

  it('on an object made by create: warns, then takes over', () => {
    sts.ok('create -f fixtures/web/web.yaml');
    const r = sts.run('apply -f fixtures/web/web.yaml');
    expect(r.stdout).toBe(lines('service/nginx configured', 'statefulset.apps/web configured'));
    expect(r.stderr).toContain(
      'Warning: resource statefulsets/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by sts apply.',
    );
    expect(sts.ok('apply -f fixtures/web/web.yaml')).toBe(lines('service/nginx unchanged', 'statefulset.apps/web unchanged'));
  });

  it('a directory, several -f, and another namespace', () => {
    sts.ok('create namespace shop');
    // web-parallel.yaml (first by name) makes the set; web.yaml would change its podManagementPolicy: refused.
    const r = sts.run('apply -f fixtures/web -n shop');
    expect(r.stdout).toBe(lines('service/nginx created', 'statefulset.apps/web created', 'service/nginx unchanged'));
    expect(r.stderr).toMatch(/^The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than/);
    expect(r.code).toBe(1);
    expect(sts.ok('get sts -n shop')).toBe(lines('NAME   READY   AGE', 'web    0/3     0s'));
    expect(
      sts.ok(
        'apply -f fixtures/seed-001/xgp-lll/namespace.yaml -f fixtures/seed-001/xgp-lll/statefulset.yaml -f fixtures/seed-001/xgp-lll/test-storageclass.yaml',
      ),
    ).toBe(
      lines(
        'namespace/xgp-lll created',
        'service/headless-svc created',
        'statefulset.apps/statefulset-test created',
        'storageclass.storage.k8s.io/stateful-nfs created',
      ),
    );
    sts.ok('clock settle');
    expect(sts.ok('get pods -n xgp-lll -o name')).toBe(lines('pod/statefulset-test-0', 'pod/statefulset-test-1', 'pod/statefulset-test-2'));
    expect(sts.run('apply -f fixtures/web/web.yaml -n nope').stderr).toBe(
      lines(
        'Error from server (NotFound): error when creating "fixtures/web/web.yaml": namespaces "nope" not found',
        'Error from server (NotFound): error when creating "fixtures/web/web.yaml": namespaces "nope" not found',
      ),
    );
  });

  it('-R walks directories below the one given; without it only the directory itself is read', () => {
    // seed 001's two variants of statefulset-test differ in an immutable field: the second is refused
    const flat = sts.run('apply -f fixtures/seed-001');
    expect(flat.stdout).toMatch(/^deployment\.apps\/nfs-client-provisioner created\nserviceaccount\/nfs-provisioner created\n/);
    expect(flat.stderr).toMatch(/The StatefulSet "statefulset-test" is invalid: spec: Forbidden/);
    expect(sts.run('get ns xgp-lll').code).toBe(1);
    const r = sts.run('apply -f fixtures/seed-001 -R');
    expect(r.stdout).toContain('namespace/xgp-lll created\n');
    expect(
      sts
        .ok('get sts -A --no-headers')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/ +/)[0]),
    ).toEqual(['default', 'xgp-lll']);
  });

  it('accepts the apps/v1beta1 and v1beta2 apiVersions of old articles, stored as apps/v1', () => {
    sts.ok('apply -f fixtures/seed-000/statefulset.yaml');
    expect(JSON.parse(sts.ok('get sts web -o json')).apiVersion).toBe('apps/v1');
  });

  it('stores kinds it does not simulate, with a warning', () => {
    const r = sts.run('apply -f fixtures/seed-001/rbac-rolebind.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      lines(
        'serviceaccount/nfs-provisioner created',
        'clusterrole.rbac.authorization.k8s.io/nfs-provisioner-runner created',
        'clusterrolebinding.rbac.authorization.k8s.io/run-nfs-provisioner created',
      ),
    );
    expect(r.stderr).toBe('Warning: sts stores ServiceAccount, ClusterRole, ClusterRoleBinding objects but no controller simulates them\n');
    expect(sts.ok('get clusterroles')).toBe(lines('NAME                     AGE', 'nfs-provisioner-runner   0s'));
  });
});

describe('scale and delete', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = webCluster();
  });
  afterEach(() => sts.cleanup());

  it('scale --wait settles a manual clock; -l selects sets', () => {
    expect(sts.ok('scale sts/web --replicas=3 --wait')).toBe(lines('statefulset.apps/web scaled'));
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2']);
    expect(sts.ok('get sts')).toContain('web    3/3');
    expect(sts.run('scale sts -l nothing=here --replicas=1').stderr).toBe('error: no objects passed to scale\n');
  });

  it('delete sts (background): pods terminate, claims stay', () => {
    expect(sts.ok('delete statefulset web')).toBe(lines('statefulset.apps "web" deleted'));
    expect(sts.run('get sts').stderr).toBe('No resources found in default namespace.\n');
    expect(sts.ok('get pods --no-headers').match(/Terminating/g)).toHaveLength(2);
    sts.ok('clock settle');
    expect(podNames(sts)).toEqual([]);
    expect(sts.ok('get pvc -o name')).toBe(lines('persistentvolumeclaim/www-web-0', 'persistentvolumeclaim/www-web-1'));
  });

  it('delete sts --cascade=orphan keeps the pods; a new set adopts them', () => {
    sts.ok('delete sts web --cascade=orphan');
    sts.ok('clock advance 10s');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1']);
    expect(JSON.parse(sts.ok('get pod web-0 -o json')).metadata.ownerReferences).toBeUndefined();
    sts.ok('apply -f fixtures/web/web.yaml');
    expect(JSON.parse(sts.ok('get pod web-0 -o json')).metadata.ownerReferences[0]).toMatchObject({
      kind: 'StatefulSet',
      name: 'web',
      controller: true,
    });
    expect(sts.ok('get pods')).toBe(
      lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   1/1     Running   0          18s', 'web-1   1/1     Running   0          14s'),
    );
  });

  it('delete sts --cascade=foreground: the set stays until its pods are gone', () => {
    sts.ok('delete sts web --cascade=foreground');
    expect(sts.ok('get sts -o name')).toBe('statefulset.apps/web\n');
    sts.ok('clock advance 2s');
    expect(sts.run('get sts web').stderr).toBe('Error from server (NotFound): statefulsets.apps "web" not found\n');
    expect(sts.run('delete sts web --cascade=sideways').stderr).toBe(
      'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n',
    );
  });

  it('delete by -f, -l, --all; a missing one fails the command but not the rest', () => {
    expect(sts.ok('delete pods -l statefulset.kubernetes.io/pod-name=web-1')).toBe(lines('pod "web-1" deleted'));
    expect(sts.ok('delete pods -l app=none')).toBe(lines('No resources found'));
    const r = sts.run('delete pod web-0 nope');
    expect(r).toEqual({ stdout: 'pod "web-0" deleted\n', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(sts.ok('delete -f fixtures/web/web.yaml')).toBe(lines('service "nginx" deleted', 'statefulset.apps "web" deleted'));
    sts.ok('clock settle');
    expect(sts.ok('delete pvc --all')).toBe(lines('persistentvolumeclaim "www-web-0" deleted', 'persistentvolumeclaim "www-web-1" deleted'));
    expect(sts.run('get pv').stderr).toBe('No resources found\n');
  });

  it('delete --force --grace-period=0 removes a pod at once', () => {
    const r = sts.run('delete pod web-1 --force --grace-period=0');
    expect(r.stdout).toBe('pod "web-1" force deleted\n');
    expect(r.stderr).toMatch(/^Warning: Immediate deletion does not wait for confirmation/);
    expect(sts.ok('get pod web-1 --no-headers')).toMatch(/^web-1 +0\/1 +Pending +0 +0s/);
  });

  it('delete namespace: its objects go, the namespace is Terminating until they are gone', () => {
    sts.ok('create namespace shop');
    sts.ok('apply -f fixtures/web/web.yaml -n shop');
    sts.ok('clock settle');
    expect(sts.ok('delete ns shop')).toBe('namespace "shop" deleted\n');
    expect(sts.ok('get ns shop --no-headers')).toMatch(/^shop +Terminating/);
    sts.ok('clock settle');
    expect(sts.run('get ns shop').stderr).toBe('Error from server (NotFound): namespaces "shop" not found\n');
    expect(sts.run('delete ns default').stderr).toBe(
      'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n',
    );
  });
});
