// `get`: every table's columns and spacing, the output formats, and the ways to name resources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, normalizeUids, Sts, webCluster } from '../helpers.js';

describe('get', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = webCluster();
    sts.ok('clock advance 2m');
  });
  afterAll(() => sts.cleanup());

  it('pods, plain and wide', () => {
    expect(sts.ok('get po')).toBe(
      lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   1/1     Running   0          2m8s', 'web-1   1/1     Running   0          2m4s'),
    );
    const wide = sts.ok('get pods -o wide').split('\n');
    expect(wide[0]).toBe('NAME    READY   STATUS    RESTARTS   AGE    IP           NODE     NOMINATED NODE   READINESS GATES');
    expect(wide[1]).toMatch(/^web-0   1\/1     Running   0          2m8s   10\.244\.\d\.\d+ +node-\d   <none>           <none>$/);
  });

  it('statefulsets, services, claims, classes, namespaces, revisions', () => {
    expect(sts.ok('get sts')).toBe(lines('NAME   READY   AGE', 'web    2/2     2m8s'));
    expect(sts.ok('get statefulsets.apps -o wide')).toBe(
      lines('NAME   READY   AGE    CONTAINERS   IMAGES', 'web    2/2     2m8s   nginx        registry.k8s.io/nginx-slim:0.21'),
    );
    expect(sts.ok('get svc')).toBe(
      lines(
        'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   2m8s',
        'nginx        ClusterIP   None         <none>        80/TCP    2m8s',
      ),
    );
    expect(normalizeUids(sts.ok('get pvc -o wide'))).toBe(
      lines(
        'NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE    VOLUMEMODE',
        'www-web-0   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWO            standard       <unset>                 2m8s   Filesystem',
        'www-web-1   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWO            standard       <unset>                 2m4s   Filesystem',
      ),
    );
    expect(sts.ok('get namespace default')).toBe(lines('NAME      STATUS   AGE', 'default   Active   2m8s'));
    expect(sts.ok('get controllerrevisions')).toMatch(
      /^NAME +CONTROLLER {13}REVISION   AGE\nweb-[4-9bcdf]{6,10} +statefulset\.apps\/web   1 {10}2m8s\n$/,
    );
  });

  it('several kinds: a table each with kind prefixes, a blank line between', () => {
    expect(sts.ok('get sts,svc')).toBe(
      lines(
        'NAME                   READY   AGE',
        'statefulset.apps/web   2/2     2m8s',
        '',
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   2m8s',
        'service/nginx        ClusterIP   None         <none>        80/TCP    2m8s',
      ),
    );
    expect(sts.ok('get sts/web pod/web-1')).toBe(
      lines(
        'NAME                   READY   AGE',
        'statefulset.apps/web   2/2     2m8s',
        '',
        'NAME        READY   STATUS    RESTARTS   AGE',
        'pod/web-1   1/1     Running   0          2m4s',
      ),
    );
    const all = sts.ok('get all');
    expect(all.split('\n\n').map((t) => t.split('\n')[1].split(' ')[0])).toEqual(['pod/web-0', 'service/kubernetes', 'statefulset.apps/web']);
  });

  it('labels, selectors, namespaces, no headers', () => {
    expect(sts.ok('get pods -l statefulset.kubernetes.io/pod-name=web-1 --show-labels')).toBe(
      lines(
        'NAME    READY   STATUS    RESTARTS   AGE    LABELS',
        'web-1   1/1     Running   0          2m4s   app=nginx,apps.kubernetes.io/pod-index=1,controller-revision-hash=' +
          /controller-revision-hash=(\S+?),/.exec(sts.ok('get pods --show-labels'))![1] +
          ',statefulset.kubernetes.io/pod-name=web-1',
      ),
    );
    expect(sts.ok('get pods -l app!=nginx')).toBe('');
    expect(sts.run('get pods -l app!=nginx').stderr).toBe('No resources found in default namespace.\n');
    expect(sts.run('get pods -n kube-system').stderr).toBe('No resources found in kube-system namespace.\n');
    expect(sts.ok('get sts -A')).toBe(lines('NAMESPACE   NAME   READY   AGE', 'default     web    2/2     2m8s'));
    expect(sts.ok('get sts --no-headers')).toBe(lines('web   2/2   2m8s'));
    expect(sts.run('get pv -l nothing=here').stderr).toBe('No resources found\n');
  });

  it('-o name, json and yaml', () => {
    expect(sts.ok('get pods,sts -o name')).toBe(lines('pod/web-0', 'pod/web-1', 'statefulset.apps/web'));
    const one = JSON.parse(sts.ok('get sts web -o json'));
    expect(one.kind).toBe('StatefulSet');
    expect(one.status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
    expect(one.spec.updateStrategy).toEqual({ rollingUpdate: { partition: 0 }, type: 'RollingUpdate' });
    const list = JSON.parse(sts.ok('get pods -o json'));
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['web-0', 'web-1']);
    expect(list.items[0].spec).toMatchObject({
      hostname: 'web-0',
      subdomain: 'nginx',
      volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }, { name: expect.stringMatching(/^kube-api-access-[b-z2-9]{5}$/) }],
    });
    expect(sts.ok('get pods -o json')).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"items": \[/);
    const yaml = sts.ok('get pod web-0 -o yaml');
    expect(yaml).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:\n/);
    expect(yaml).toContain('  containers:\n  - image: registry.k8s.io/nginx-slim:0.21\n');
    expect(yaml).toMatch(/creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/);
    expect(sts.ok('get pods -l app=none -o json')).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });

  it('resource argument errors', () => {
    expect(sts.run('get pods pod/web-0').stderr).toMatch(/^error: there is no need to specify a resource type as a separate argument/);
    expect(sts.run('get pod/web-0/x').stderr).toBe('error: arguments in resource/name form may not have more than one slash\n');
    expect(sts.run('get pods web-0 -l app=nginx').stderr).toBe('error: name cannot be provided when a selector is specified\n');
  });
});
