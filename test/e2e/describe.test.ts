// `describe`: kubectl's layout for pods, StatefulSets and claims, with the controller's events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sts, webCluster } from '../helpers.js';

describe('describe', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = webCluster();
  });
  afterAll(() => sts.cleanup());

  it('pod: header block, container, conditions, the claim volume, events', () => {
    const d = sts
      .ok('describe pod web-0')
      .replace(/(Start Time|Started):( +).*/g, '$1:$2<time>')
      .replace(/containerd:\/\/\w+/, 'containerd://<id>')
      .replace(/sha256:\w+/, 'sha256:<digest>')
      .replace(/controller-revision-hash=web-\w+/, 'controller-revision-hash=web-<hash>')
      .replace(/node-\d\/172\.18\.0\.\d/, 'node-N/172.18.0.N')
      .replace(/10\.244\.\d+\.\d+/g, '10.244.N.N')
      .replace(/to node-\d/, 'to node-N')
      .replace(/kube-api-access-[b-z2-9]{5}/g, 'kube-api-access-<xxxxx>');
    expect(d).toBe(
      [
        'Name:             web-0',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             node-N/172.18.0.N',
        'Start Time:       <time>',
        'Labels:           app=nginx',
        '                  apps.kubernetes.io/pod-index=0',
        '                  controller-revision-hash=web-<hash>',
        '                  statefulset.kubernetes.io/pod-name=web-0',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               10.244.N.N',
        'IPs:',
        '  IP:           10.244.N.N',
        'Controlled By:  StatefulSet/web',
        'Containers:',
        '  nginx:',
        '    Container ID:   containerd://<id>',
        '    Image:          registry.k8s.io/nginx-slim:0.21',
        '    Image ID:       registry.k8s.io/nginx-slim@sha256:<digest>',
        '    Port:           80/TCP',
        '    Host Port:      0/TCP',
        '    State:          Running',
        '      Started:      <time>',
        '    Ready:          True',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:',
        '      /usr/share/nginx/html from www (rw)',
        '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-<xxxxx> (ro)',
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       True ',
        '  ContainersReady             True ',
        '  PodScheduled                True ',
        'Volumes:',
        '  www:',
        '    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
        '    ClaimName:  www-web-0',
        '    ReadOnly:   false',
        '  kube-api-access-<xxxxx>:',
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    Optional:                false',
        '    DownwardAPI:             true',
        'QoS Class:                   BestEffort',
        'Node-Selectors:              <none>',
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type    Reason     Age   From               Message',
        '  ----    ------     ----  ----               -------',
        '  Normal  Scheduled  6s    default-scheduler  Successfully assigned default/web-0 to node-N',
        '  Normal  Pulling    4s    kubelet            Pulling image "registry.k8s.io/nginx-slim:0.21"',
        '  Normal  Pulled     4s    kubelet            Successfully pulled image "registry.k8s.io/nginx-slim:0.21" in 1.234s (1.234s including waiting). Image size: 160701392 bytes.',
        '  Normal  Created    4s    kubelet            Created container: nginx',
        '  Normal  Started    4s    kubelet            Started container nginx',
        '',
      ].join('\n'),
    );
  });

  it("pod: the image ID is the image's digest, the same in every pod of the image; container IDs differ", () => {
    const ids = (pod: string) =>
      sts.ok(['get', 'pod', pod, '-o', 'jsonpath={.status.containerStatuses[0].imageID} {.status.containerStatuses[0].containerID}']).split(' ');
    const [image0, container0] = ids('web-0');
    const [image1, container1] = ids('web-1');
    expect(image0).toMatch(/^registry\.k8s\.io\/nginx-slim@sha256:[0-9a-f]{64}$/);
    expect(image1).toBe(image0);
    expect(container1).not.toBe(container0);
  });

  it('statefulset: replicas, strategy, template, claim templates, the controller events in order', () => {
    const d = sts.ok('describe sts web').replace(/CreationTimestamp: .*/, 'CreationTimestamp:  <time>');
    expect(d).toBe(
      [
        'Name:               web',
        'Namespace:          default',
        'CreationTimestamp:  <time>',
        'Selector:           app=nginx',
        'Labels:             <none>',
        'Annotations:        <none>',
        'Replicas:           2 desired | 2 total',
        'Update Strategy:    RollingUpdate',
        '  Partition:        0',
        'Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
        'Pod Template:',
        '  Labels:  app=nginx',
        '  Containers:',
        '   nginx:',
        '    Image:        registry.k8s.io/nginx-slim:0.21',
        '    Port:         80/TCP',
        '    Host Port:    0/TCP',
        '    Environment:  <none>',
        '    Mounts:',
        '      /usr/share/nginx/html from www (rw)',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Volume Claims:',
        '  Name:          www',
        '  StorageClass:  ',
        '  Labels:        <none>',
        '  Annotations:   <none>',
        '  Capacity:      1Gi',
        '  Access Modes:  [ReadWriteOnce]',
        'Events:',
        '  Type    Reason            Age   From                    Message',
        '  ----    ------            ----  ----                    -------',
        '  Normal  SuccessfulCreate  8s    statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success',
        '  Normal  SuccessfulCreate  8s    statefulset-controller  create Pod web-0 in StatefulSet web successful',
        '  Normal  SuccessfulCreate  4s    statefulset-controller  create Claim www-web-1 Pod web-1 in StatefulSet web success',
        '  Normal  SuccessfulCreate  4s    statefulset-controller  create Pod web-1 in StatefulSet web successful',
        '',
      ].join('\n'),
    );
  });

  it('claim: status, volume, used by', () => {
    const d = sts.ok('describe pvc www-web-1').replace(/pvc-[0-9a-f-]{36}/g, 'pvc-<uid>');
    expect(d).toContain('StorageClass:  standard\nStatus:        Bound\nVolume:        pvc-<uid>\nLabels:        app=nginx\n');
    expect(d).toContain(
      'Finalizers:    [kubernetes.io/pvc-protection]\nCapacity:      1Gi\nAccess Modes:  RWO\nVolumeMode:    Filesystem\nUsed By:       web-1\n',
    );
    expect(d).toMatch(/Normal {2}ProvisioningSucceeded {2}3s {4}sts\.dev\/hostpath_sts {2}Successfully provisioned volume pvc-<uid>\n$/);
  });

  it('a name that is only a prefix describes each match; nothing matching is NotFound', () => {
    const d = sts.ok('describe pod web');
    expect(d.match(/^Name: +web-\d$/gm)).toEqual(['Name:             web-0', 'Name:             web-1']);
    expect(sts.run('describe pod nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(sts.ok('describe pods -l app=nginx').match(/^Name: /gm)).toHaveLength(2);
  });
});

// A container with resources written loosely and all three probes: describe shows them as kubectl 1.33
// does, the quantities as the API server stored them (canonical), the probes with their defaults.
const DB = `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.21
          ports:
            - containerPort: 80
              name: web
          resources:
            requests:
              cpu: "0.5"
              memory: 1Gi
            limits:
              cpu: 1000m
              memory: 2048Mi
          livenessProbe:
            tcpSocket:
              port: 80
            initialDelaySeconds: 5
            periodSeconds: 2
          readinessProbe:
            exec:
              command: ["ls", "/"]
            initialDelaySeconds: 1
          startupProbe:
            httpGet:
              port: web
            failureThreshold: 30
`;

describe('describe: resources and probes', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts();
    sts.ok('apply -f -', DB);
    sts.ok('clock settle');
  });
  afterAll(() => sts.cleanup());

  it('stores the quantities in canonical form: 0.5 → 500m, 1000m → 1, 2048Mi → 2Gi', () => {
    const res = sts.ok(['get', 'sts', 'db', '-o', 'jsonpath={.spec.template.spec.containers[0].resources}']);
    expect(JSON.parse(res)).toEqual({ limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
  });

  it('pod: Limits, Requests, Liveness, Readiness, Startup after the state; QoS Burstable', () => {
    const d = sts
      .ok('describe pod db-0')
      .replace(/(Start Time|Started):( +).*/g, '$1:$2<time>')
      .replace(/containerd:\/\/\w+/, 'containerd://<id>')
      .replace(/sha256:\w+/, 'sha256:<digest>')
      .replace(/kube-api-access-[b-z2-9]{5}/g, 'kube-api-access-<xxxxx>');
    const block = d.slice(d.indexOf('Containers:'), d.indexOf('Events:'));
    expect(block).toBe(
      [
        'Containers:',
        '  nginx:',
        '    Container ID:   containerd://<id>',
        '    Image:          registry.k8s.io/nginx-slim:0.21',
        '    Image ID:       registry.k8s.io/nginx-slim@sha256:<digest>',
        '    Port:           80/TCP',
        '    Host Port:      0/TCP',
        '    State:          Running',
        '      Started:      <time>',
        '    Ready:          True',
        '    Restart Count:  0',
        '    Limits:',
        '      cpu:     1',
        '      memory:  2Gi',
        '    Requests:',
        '      cpu:        500m',
        '      memory:     1Gi',
        '    Liveness:     tcp-socket :80 delay=5s timeout=1s period=2s #success=1 #failure=3',
        '    Readiness:    exec [ls /] delay=1s timeout=1s period=10s #success=1 #failure=3',
        '    Startup:      http-get http://:web/ delay=0s timeout=1s period=10s #success=1 #failure=30',
        '    Environment:  <none>',
        '    Mounts:',
        '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-<xxxxx> (ro)',
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       True ',
        '  ContainersReady             True ',
        '  PodScheduled                True ',
        'Volumes:',
        '  kube-api-access-<xxxxx>:',
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    Optional:                false',
        '    DownwardAPI:             true',
        'QoS Class:                   Burstable',
        'Node-Selectors:              <none>',
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        '',
      ].join('\n'),
    );
  });

  it('statefulset: the template shows the same container block, without status', () => {
    const d = sts.ok('describe sts db');
    expect(d.slice(d.indexOf('Pod Template:'), d.indexOf('Events:'))).toBe(
      [
        'Pod Template:',
        '  Labels:  app=db',
        '  Containers:',
        '   nginx:',
        '    Image:      registry.k8s.io/nginx-slim:0.21',
        '    Port:       80/TCP',
        '    Host Port:  0/TCP',
        '    Limits:',
        '      cpu:     1',
        '      memory:  2Gi',
        '    Requests:',
        '      cpu:         500m',
        '      memory:      1Gi',
        '    Liveness:      tcp-socket :80 delay=5s timeout=1s period=2s #success=1 #failure=3',
        '    Readiness:     exec [ls /] delay=1s timeout=1s period=10s #success=1 #failure=3',
        '    Startup:       http-get http://:web/ delay=0s timeout=1s period=10s #success=1 #failure=30',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Volume Claims:     <none>',
        '',
      ].join('\n'),
    );
  });
});
