// ConfigMaps, Secrets and the downward API inside pods: volumes the kubelet writes (atomic-writer
// layout), env and envFrom, the service-account volume every pod gets, and a ConfigMap update
// reaching mounted files one sync period later (never a subPath mount).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';

const manifest = (tick: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: zk-config}
data:
  zoo.cfg: |
    tickTime=${tick}
  jvm.heap: 512M
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: s3cr3t}
---
apiVersion: v1
kind: Pod
metadata: {name: app, labels: {app: zk, tier: db}}
spec:
  containers:
  - name: main
    image: busybox
    resources: {limits: {memory: 1Gi, cpu: 500m}, requests: {cpu: 250m}}
    envFrom:
    - configMapRef: {name: zk-config}
      prefix: CFG_
    env:
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - {name: TIER, valueFrom: {fieldRef: {fieldPath: "metadata.labels['tier']"}}}
    - {name: HEAP, valueFrom: {configMapKeyRef: {name: zk-config, key: jvm.heap}}}
    - {name: PASS, valueFrom: {secretKeyRef: {name: db, key: password}}}
    - {name: NOPE, valueFrom: {secretKeyRef: {name: db, key: missing, optional: true}}}
    - {name: MEM_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
    - {name: CPU_M, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}}
    - {name: GREETING, value: "hello $(POD_NAME) in $(POD_NS), $(UNDEFINED) $$(POD_NAME)"}
    volumeMounts:
    - {name: cfg, mountPath: /conf}
    - {name: sec, mountPath: /etc/secret}
    - {name: info, mountPath: /etc/podinfo}
    - {name: cfg, mountPath: /etc/zoo.cfg, subPath: zoo.cfg}
  volumes:
  - name: cfg
    configMap: {name: zk-config, items: [{key: zoo.cfg, path: zoo.cfg}, {key: jvm.heap, path: sub/heap, mode: 256}]}
  - name: sec
    secret: {secretName: db, defaultMode: 256}
  - name: info
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: cpu_limit, resourceFieldRef: {containerName: main, resource: limits.cpu, divisor: 1m}}
`;

describe('ConfigMaps, Secrets and the downward API in a pod', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = new Sts();
    sts.ok('apply -f -', manifest('2000'));
    sts.ok('clock settle');
  });
  afterEach(() => sts.cleanup());

  it('volumes hold a file per key (items: key → path), secrets decoded, labels as the downward API writes them', () => {
    expect(sts.ok('exec app -- cat /conf/zoo.cfg /conf/sub/heap /etc/secret/password')).toBe('tickTime=2000\n512Ms3cr3t');
    expect(sts.ok('exec app -- cat /etc/podinfo/labels')).toBe('app="zk"\ntier="db"');
    expect(sts.ok('exec app -- cat /etc/podinfo/cpu_limit')).toBe('500');
    expect(sts.ok('exec app -- cat /etc/zoo.cfg')).toBe('tickTime=2000\n');
    const write = sts.run(['exec', 'app', '--', 'sh', '-c', 'echo x > /conf/new']);
    expect(write.stderr).toContain('Read-only file system');
  });

  it('the atomic writer layout: ..data links to a timestamped directory; modes from defaultMode and mode', () => {
    const ls = sts
      .ok('exec app -- ls -la /conf')
      .replace(/\w{3} \d\d \d\d:\d\d/g, '<time>')
      .replace(/\.\.\d{4}(_\d\d){5}\.\d{9}/g, '..<stamp>');
    expect(ls).toContain('drwxrwxrwx 3 root root 4096 <time> .\n');
    expect(ls).toContain('drwxr-xr-x 3 root root 4096 <time> ..<stamp>\n');
    expect(ls).toContain('lrwxrwxrwx 1 root root   31 <time> ..data -> ..<stamp>\n');
    expect(ls).toContain('lrwxrwxrwx 1 root root   14 <time> zoo.cfg -> ..data/zoo.cfg\n');
    expect(ls).toContain('lrwxrwxrwx 1 root root   10 <time> sub -> ..data/sub\n');
    expect(sts.ok('exec app -- ls -l /conf/..data/sub/heap')).toMatch(/^-r-------- 1 root root 4 /);
    expect(sts.ok('exec app -- ls -l /conf/..data/zoo.cfg')).toMatch(/^-rw-r--r-- 1 root root 14 /);
    expect(sts.ok('exec app -- ls -l /etc/secret/..data/password')).toMatch(/^-r-------- 1 root root 6 /);
  });

  it('exec env: envFrom with its prefix, valueFrom of every kind, $(VAR) expansion', () => {
    const env = sts.ok('exec app -- env');
    expect(env.split('\n').filter((l) => !/^(PATH|HOSTNAME|HOME|KUBERNETES_\w+)=/.test(l))).toEqual([
      'CFG_zoo.cfg=tickTime=2000',
      '',
      'CFG_jvm.heap=512M',
      'POD_NAME=app',
      'POD_NS=default',
      'TIER=db',
      'HEAP=512M',
      'PASS=s3cr3t',
      'MEM_MI=1024',
      'CPU_M=250',
      'GREETING=hello app in default, $(UNDEFINED) $(POD_NAME)',
      '',
    ]);
  });

  it('the service-account volume: token, ca.crt from kube-root-ca.crt, namespace', () => {
    expect(sts.ok('exec app -- ls /var/run/secrets/kubernetes.io/serviceaccount')).toBe(lines('ca.crt', 'namespace', 'token'));
    expect(sts.ok('exec app -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace')).toBe('default');
    const ca = sts.ok('exec app -- cat /var/run/secrets/kubernetes.io/serviceaccount/ca.crt');
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    expect(sts.ok('get configmap kube-root-ca.crt -o jsonpath={.data.ca\\.crt}')).toBe(ca);
    const token = sts.ok('exec app -- cat /var/run/secrets/kubernetes.io/serviceaccount/token');
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:default:default', 'kubernetes.io': { namespace: 'default', pod: { name: 'app' } } });
    expect(claims.exp - claims.iat).toBe(3607);
  });

  it('a new namespace gets kube-root-ca.crt', () => {
    sts.ok('create namespace other');
    expect(sts.ok('get configmaps -n other').replace(/\d+s$/m, '<age>')).toBe(
      lines('NAME               DATA   AGE', 'kube-root-ca.crt   1      <age>'),
    );
  });

  it('describe pod: env sources, subPath mounts, the volumes and the projected service-account volume', () => {
    const d = sts.ok('describe pod app').replace(/kube-api-access-[b-z2-9]{5}/g, 'kube-api-access-<xxxxx>');
    expect(d).toContain(
      lines(
        '    Environment Variables from:',
        "      zk-config  ConfigMap with prefix 'CFG_'  Optional: false",
        '    Environment:',
        // metadata fieldRefs resolve in describe (kubectl's EnvValueRetriever); others stay empty
        '      POD_NAME:  app (v1:metadata.name)',
        '      POD_NS:    default (v1:metadata.namespace)',
        "      TIER:      db (v1:metadata.labels['tier'])",
        "      HEAP:      <set to the key 'jvm.heap' of config map 'zk-config'>  Optional: false",
        "      PASS:      <set to the key 'password' in secret 'db'>             Optional: false",
        "      NOPE:      <set to the key 'missing' in secret 'db'>              Optional: true",
        '      MEM_MI:    1024 (limits.memory)',
        '      CPU_M:     250 (requests.cpu)',
        '      GREETING:  hello $(POD_NAME) in $(POD_NS), $(UNDEFINED) $$(POD_NAME)',
        '    Mounts:',
        '      /conf from cfg (rw)',
        '      /etc/podinfo from info (rw)',
        '      /etc/secret from sec (rw)',
        '      /etc/zoo.cfg from cfg (rw,path="zoo.cfg")',
        '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-<xxxxx> (ro)',
      ),
    );
    expect(d).toContain(
      lines(
        'Volumes:',
        '  cfg:',
        '    Type:      ConfigMap (a volume populated by a ConfigMap)',
        '    Name:      zk-config',
        '    Optional:  false',
        '  sec:',
        '    Type:        Secret (a volume populated by a Secret)',
        '    SecretName:  db',
        '    Optional:    false',
        '  info:',
        '    Type:  DownwardAPI (a volume populated by information about the pod)',
        '    Items:',
        '      metadata.labels -> labels',
        '      limits.cpu -> cpu_limit',
        '  kube-api-access-<xxxxx>:',
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    Optional:                false',
        '    DownwardAPI:             true',
        'QoS Class:                   Burstable',
      ),
    );
  });

  it('an updated ConfigMap reaches the mounted file one sync period (60 s) later; a subPath mount never updates', () => {
    // the kubelet fills the volumes when the container starts; here, at the first exec
    expect(sts.ok('exec app -- cat /conf/zoo.cfg')).toBe('tickTime=2000\n');
    expect(sts.ok('apply -f -', manifest('3000'))).toContain('configmap/zk-config configured');
    expect(sts.ok('exec app -- cat /conf/zoo.cfg')).toBe('tickTime=2000\n');
    sts.ok('clock advance 59s');
    expect(sts.ok('exec app -- cat /conf/zoo.cfg')).toBe('tickTime=2000\n');
    sts.ok('clock advance 1s');
    expect(sts.ok('exec app -- cat /conf/zoo.cfg')).toBe('tickTime=3000\n');
    expect(sts.ok('exec app -- cat /etc/zoo.cfg')).toBe('tickTime=2000\n');
    // env is made when the container starts: it keeps the old value until a restart
    expect(sts.ok('exec app -- env')).toContain('CFG_zoo.cfg=tickTime=2000\n');
  });
});
