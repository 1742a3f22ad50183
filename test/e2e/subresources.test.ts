// What the comparison with the real kubectl (test/serve) found sts saying differently: --subresource for
// get and patch, the kind in a table of several kinds, a manifest named in delete's errors, and the
// texts of label and annotate without --overwrite. Whole outputs, as kubectl 1.33 prints them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, Sts, webCluster } from '../helpers.js';

let sts: Sts;
afterEach(() => sts.cleanup());

describe('--subresource (kubectl 1.33: the builder reads …/{name}/scale or …/status)', () => {
  beforeEach(() => {
    sts = webCluster();
  });

  it('get: the Scale as a table (printers.go printScale), as YAML, by name; status is the object', () => {
    expect(sts.run('get sts web --subresource=scale')).toEqual({
      stdout: lines('NAME   DESIRED   AVAILABLE   AGE', 'web    2         2           8s'),
      stderr: '',
      code: 0,
    });
    const { uid, resourceVersion, creationTimestamp } = JSON.parse(sts.ok('get sts web -o json')).metadata;
    expect(sts.ok('get sts web --subresource=scale -o yaml')).toBe(
      lines(
        'apiVersion: autoscaling/v1',
        'kind: Scale',
        'metadata:',
        `  creationTimestamp: "${creationTimestamp}"`,
        '  name: web',
        '  namespace: default',
        `  resourceVersion: "${resourceVersion}"`,
        `  uid: ${uid}`,
        'spec:',
        '  replicas: 2',
        'status:',
        '  replicas: 2',
        '  selector: app=nginx',
      ),
    );
    expect(sts.ok('get sts/web --subresource=scale -o name')).toBe(lines('scale.autoscaling/web'));
    expect(sts.ok(['get', 'sts', 'web', '--subresource=status', '-o', 'jsonpath={.status.replicas}'])).toBe('2');
    expect(sts.ok('get sts web --subresource=status')).toBe(sts.ok('get sts web'));
  });

  it('get: not for lists; a subresource the kind lacks is the server 404; a missing set is NotFound', () => {
    expect(sts.run('get sts --subresource=scale')).toEqual({
      stdout: '',
      stderr: lines('error: subresource cannot be used when bulk resources are specified'),
      code: 1,
    });
    expect(sts.run('get svc nginx --subresource=scale')).toEqual({
      stdout: '',
      stderr: lines('Error from server (NotFound): the server could not find the requested resource'),
      code: 1,
    });
    expect(sts.run('get cm kube-root-ca.crt --subresource=status').stderr).toBe(
      lines('Error from server (NotFound): the server could not find the requested resource'),
    );
    expect(sts.run('get sts nope --subresource=scale')).toEqual({
      stdout: '',
      stderr: lines('Error from server (NotFound): statefulsets.apps "nope" not found'),
      code: 1,
    });
  });

  it('patch the scale: scale.autoscaling/web patched, the Scale before the controller acts, no change, invalid', () => {
    expect(sts.run(['patch', 'sts', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":3}}'])).toEqual({
      stdout: lines('scale.autoscaling/web patched'),
      stderr: '',
      code: 0,
    });
    sts.ok('clock settle');
    const { uid, creationTimestamp } = JSON.parse(sts.ok('get sts web -o json')).metadata;
    // the resourceVersion of the write, before the controller's status update
    const yaml = sts.ok(['patch', 'sts', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":2}}', '-o', 'yaml']);
    expect(yaml.replace(/resourceVersion: "\d+"/, 'resourceVersion: RV')).toBe(
      lines(
        'apiVersion: autoscaling/v1',
        'kind: Scale',
        'metadata:',
        `  creationTimestamp: "${creationTimestamp}"`,
        '  name: web',
        '  namespace: default',
        '  resourceVersion: RV',
        `  uid: ${uid}`,
        'spec:',
        '  replicas: 2',
        'status:',
        '  replicas: 3',
        '  selector: app=nginx',
      ),
    );
    expect(sts.ok(['get', 'sts', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    expect(sts.ok(['patch', 'sts', 'web', '--subresource=scale', '-p', '{"spec":{"replicas":2}}'])).toBe(
      lines('scale.autoscaling/web patched (no change)'),
    );
    expect(sts.run(['patch', 'sts', 'web', '--subresource=scale', '-p', '{"spec":{"replicas":-1}}'])).toEqual({
      stdout: '',
      stderr: lines('The Scale "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'),
      code: 1,
    });
  });

  it('patch the status: only status is written; a pod status is the kubelet’s', () => {
    expect(
      sts.run(['patch', 'svc', 'nginx', '--subresource=status', '--type=merge', '-p', '{"spec":{"type":"NodePort"},"status":{"conditions":[]}}']),
    ).toEqual({
      stdout: lines('service/nginx patched'),
      stderr: '',
      code: 0,
    });
    expect(sts.ok(['get', 'svc', 'nginx', '-o', 'jsonpath={.spec.type} {.status}'])).toBe('ClusterIP {"conditions":[],"loadBalancer":{}}');
    expect(sts.ok(['patch', 'svc', 'nginx', '--subresource=status', '--type=merge', '-p', '{"status":{"conditions":[]}}'])).toBe(
      lines('service/nginx patched (no change)'),
    );
    expect(sts.run(['patch', 'pod', 'web-0', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Failed"}}'])).toEqual({
      stdout: '',
      stderr: lines('Error from server (MethodNotAllowed): the pod status is written only by the simulated kubelet'),
      code: 1,
    });
  });
});

describe('get: the kind in a table of several kinds (get.go multipleGVKsRequested)', () => {
  beforeEach(() => {
    sts = webCluster();
  });

  it('a table asked for sets and services names the services even with no set left', () => {
    sts.ok('delete sts web --wait=false');
    sts.ok('clock settle');
    expect(sts.run('get sts,svc')).toEqual({
      stdout: lines(
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   10s',
        'service/nginx        ClusterIP   None         <none>        80/TCP    10s',
      ),
      stderr: '',
      code: 0,
    });
    // a missing name gives no table: one kind found, names alone
    expect(sts.run('get sts/web svc/nginx')).toEqual({
      stdout: lines('NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE', 'nginx   ClusterIP   None         <none>        80/TCP    10s'),
      stderr: lines('Error from server (NotFound): statefulsets.apps "web" not found'),
      code: 1,
    });
  });
});

describe('delete -f: the manifest in the server’s error (cmdutil.AddSourceToErr)', () => {
  beforeEach(() => {
    sts = webCluster();
  });

  it('a set gone already: error when deleting "…"', () => {
    sts.ok('delete sts web --wait=false');
    expect(sts.run('delete -f fixtures/web/web.yaml --wait=false')).toEqual({
      stdout: lines('service "nginx" deleted'),
      stderr: lines('Error from server (NotFound): error when deleting "fixtures/web/web.yaml": statefulsets.apps "web" not found'),
      code: 1,
    });
    expect(sts.run('delete sts web')).toEqual({
      stdout: '',
      stderr: lines('Error from server (NotFound): statefulsets.apps "web" not found'),
      code: 1,
    });
  });
});

describe('label and annotate without --overwrite (label.go validateNoOverwrites, annotate.go validateNoAnnotationOverwrites)', () => {
  beforeEach(() => {
    sts = webCluster();
  });

  it('annotate: one error naming every declared annotation; the change-cause may always change', () => {
    sts.ok('annotate sts web note=hello other=x');
    expect(sts.run('annotate sts web note=bye')).toEqual({
      stdout: '',
      stderr: lines("error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)"),
      code: 1,
    });
    expect(sts.run('annotate sts web note=bye other=y').stderr).toBe(
      lines(
        "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello); 'other' already has a value (x)",
      ),
    );
    sts.ok('annotate sts web kubernetes.io/change-cause=one');
    expect(sts.ok('annotate sts web kubernetes.io/change-cause=two')).toBe(lines('statefulset.apps/web annotated'));
  });

  it('label: an error per label, a line each when there are several', () => {
    sts.ok('label sts web tier=a zone=b');
    expect(sts.run('label sts web tier=c')).toEqual({
      stdout: '',
      stderr: lines("error: 'tier' already has a value (a), and --overwrite is false"),
      code: 1,
    });
    expect(sts.run('label sts web tier=c zone=d')).toEqual({
      stdout: '',
      stderr: lines("'tier' already has a value (a), and --overwrite is false", "'zone' already has a value (b), and --overwrite is false"),
      code: 1,
    });
  });
});
