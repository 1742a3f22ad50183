// diff (exit codes, GNU diff's layout, secrets masked), replace (PUT semantics, NotFound, Conflict,
// --force) and events (kubectl's table and order, --for, --types, -A, -w).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, normalizeUids, Sts, webCluster } from '../helpers.js';

const web = readFileSync('fixtures/web/web.yaml', 'utf8');
const web3 = web.replace('replicas: 2', 'replicas: 3');

/** The parts of a diff that change from run to run: temp directory numbers, file times, timestamps. */
const normalizeDiff = (s: string) =>
  s
    .replaceAll(tmpdir(), '/tmp')
    .replace(/(LIVE|MERGED)-\d+/g, '$1-N')
    .replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000/g, '\tTIME')
    .replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g, '"TIME"');

describe('diff', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = webCluster();
  });
  afterAll(() => sts.cleanup());

  it('exit 0 and nothing printed when applying would change nothing', () => {
    expect(sts.run('diff -f fixtures/web/web.yaml')).toEqual({ stdout: '', stderr: '', code: 0 });
  });

  it('exit 1 and diff -u -N of the LIVE and MERGED files: the spec change and the generation', () => {
    const r = sts.run('diff -f -', web3.replace('nginx-slim:0.21', 'nginx-slim:0.24'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const file = 'apps.v1.StatefulSet.default.web';
    expect(normalizeDiff(r.stdout)).toBe(
      lines(
        `diff -u -N /tmp/LIVE-N/${file} /tmp/MERGED-N/${file}`,
        `--- /tmp/LIVE-N/${file}\tTIME`,
        `+++ /tmp/MERGED-N/${file}\tTIME`,
        '@@ -5,7 +5,7 @@',
        '     kubectl.kubernetes.io/last-applied-configuration: |',
        '       {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},"serviceName":"nginx","template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"registry.k8s.io/nginx-slim:0.21","name":"nginx","ports":[{"containerPort":80,"name":"web"}],"volumeMounts":[{"mountPath":"/usr/share/nginx/html","name":"www"}]}]}},"volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}',
        '   creationTimestamp: "TIME"',
        '-  generation: 1',
        '+  generation: 2',
        '   name: web',
        '   namespace: default',
        '   resourceVersion: "26"',
        '@@ -15,7 +15,7 @@',
        '     whenDeleted: Retain',
        '     whenScaled: Retain',
        '   podManagementPolicy: OrderedReady',
        '-  replicas: 2',
        '+  replicas: 3',
        '   revisionHistoryLimit: 10',
        '   selector:',
        '     matchLabels:',
        '@@ -27,7 +27,7 @@',
        '         app: nginx',
        '     spec:',
        '       containers:',
        '-      - image: registry.k8s.io/nginx-slim:0.21',
        '+      - image: registry.k8s.io/nginx-slim:0.24',
        '         imagePullPolicy: IfNotPresent',
        '         name: nginx',
        '         ports:',
      ),
    );
    // a dry run: nothing changed
    expect(sts.ok('get sts web -o jsonpath={.spec.replicas}/{.metadata.generation}')).toBe('2/1');
  });

  it('a new object against an empty LIVE file; secret values masked', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: prod\n';
    const r = sts.run('diff -f -', cm);
    expect(r.code).toBe(1);
    expect(normalizeDiff(normalizeUids(r.stdout)).replace(/uid: [0-9a-f-]{36}/, 'uid: UID')).toBe(
      lines(
        'diff -u -N /tmp/LIVE-N/v1.ConfigMap.default.settings /tmp/MERGED-N/v1.ConfigMap.default.settings',
        '--- /tmp/LIVE-N/v1.ConfigMap.default.settings\tTIME',
        '+++ /tmp/MERGED-N/v1.ConfigMap.default.settings\tTIME',
        '@@ -0,0 +1,10 @@',
        '+apiVersion: v1',
        '+data:',
        '+  mode: prod',
        '+kind: ConfigMap',
        '+metadata:',
        '+  creationTimestamp: "TIME"',
        '+  name: settings',
        '+  namespace: default',
        '+  resourceVersion: "27"',
        '+  uid: UID',
      ),
    );
    sts.ok('create secret generic db --from-literal=user=admin --from-literal=password=old');
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  user: admin\n  password: new\n  extra: x\n';
    const s = sts.run('diff -f -', secret);
    expect(s.code).toBe(1);
    expect(s.stdout).toContain(
      lines(
        '@@ -1,6 +1,7 @@',
        ' apiVersion: v1',
        ' data:',
        "-  password: '*** (before)'",
        "+  extra: '***'",
        "+  password: '*** (after)'",
        "   user: '***'",
        ' kind: Secret',
        ' metadata:',
      ),
    );
    expect(s.stdout).not.toContain('bmV3');
  });

  it('errors exit 2', () => {
    expect(sts.run('diff')).toEqual({ stdout: '', stderr: 'error: must specify one of -f and -k\n', code: 2 });
    expect(sts.run('diff -f fixtures/web/web.yaml extra')).toEqual({
      stdout: '',
      stderr: "error: Unexpected args: [extra]\nSee 'sts diff -h' for help and examples\n",
      code: 2,
    });
    expect(sts.run('diff -f nope.yaml')).toEqual({ stdout: '', stderr: 'error: the path "nope.yaml" does not exist\n', code: 2 });
  });
});

describe('replace', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts();
  });
  afterAll(() => sts.cleanup());

  it('NotFound when there is nothing to replace', () => {
    const r = sts.run('replace -f fixtures/web/web.yaml');
    expect([r.stdout, r.stderr, r.code]).toEqual([
      '',
      lines(
        'Error from server (NotFound): error when replacing "fixtures/web/web.yaml": services "nginx" not found',
        'Error from server (NotFound): error when replacing "fixtures/web/web.yaml": statefulsets.apps "web" not found',
      ),
      1,
    ]);
  });

  it('replaced: the manifest is the whole new object (a field left out is gone), status and identity stay', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    sts.ok('label sts web tier=frontend');
    const uid = sts.ok('get sts web -o jsonpath={.metadata.uid}');
    expect(sts.ok('replace -f -', web3)).toBe(lines('service/nginx replaced', 'statefulset.apps/web replaced'));
    expect(sts.ok('get sts web -o jsonpath={.spec.replicas}/{.metadata.generation}/{.metadata.labels}/{.status.readyReplicas}/{.metadata.uid}')).toBe(
      `3/2//2/${uid}`,
    );
    expect(sts.ok('replace -f - --dry-run=server -o name', web)).toBe(lines('service/nginx', 'statefulset.apps/web'));
    expect(sts.ok('get sts web -o jsonpath={.spec.replicas}')).toBe('3');
  });

  it('a stale resourceVersion is a Conflict; kubectl refuses flags that need --force', () => {
    const live = sts.ok('get sts web -o yaml');
    sts.ok('scale sts web --replicas=1');
    expect(sts.run('replace -f -', live).stderr).toBe(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    expect(sts.run('replace -f fixtures/web/web.yaml --grace-period=1').stderr).toBe('error: --grace-period must have --force specified\n');
    expect(sts.run('replace -f fixtures/web/web.yaml --force --dry-run=server').stderr).toBe(
      'error: --dry-run can not be used when --force is set\n',
    );
    expect(sts.run('replace').stderr).toBe('error: must specify one of -f and -k\n');
  });

  it('--force deletes, waits until gone, creates', () => {
    const uid = sts.ok('get sts web -o jsonpath={.metadata.uid}');
    expect(sts.ok('replace --force -f fixtures/web/web.yaml')).toBe(
      lines('service "nginx" deleted', 'statefulset.apps "web" deleted', 'service/nginx replaced', 'statefulset.apps/web replaced'),
    );
    const after = sts.ok('get sts web -o jsonpath={.metadata.uid}/{.metadata.generation}/{.spec.replicas}');
    expect(after).toMatch(/\/1\/2$/);
    expect(after.startsWith(uid)).toBe(false);
  });
});

describe('events', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = webCluster();
    sts.ok('clock advance 1m');
  });
  afterAll(() => sts.cleanup());

  it("kubectl's table, oldest last-seen first, objects as Kind/name", () => {
    expect(normalizeUids(sts.ok('events'))).toBe(
      lines(
        'LAST SEEN   TYPE     REASON                  OBJECT                            MESSAGE',
        '68s         Normal   SuccessfulCreate        StatefulSet/web                   create Claim www-web-0 Pod web-0 in StatefulSet web success',
        '68s         Normal   SuccessfulCreate        StatefulSet/web                   create Pod web-0 in StatefulSet web successful',
        '67s         Normal   ProvisioningSucceeded   PersistentVolumeClaim/www-web-0   Successfully provisioned volume pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
        '66s         Normal   Scheduled               Pod/web-0                         Successfully assigned default/web-0 to node-1',
        '64s         Normal   Pulling                 Pod/web-0                         Pulling image "registry.k8s.io/nginx-slim:0.21"',
        '64s         Normal   Pulled                  Pod/web-0                         Successfully pulled image "registry.k8s.io/nginx-slim:0.21" in 1.234s (1.234s including waiting). Image size: 160701392 bytes.',
        '64s         Normal   Created                 Pod/web-0                         Created container: nginx',
        '64s         Normal   Started                 Pod/web-0                         Started container nginx',
        '64s         Normal   SuccessfulCreate        StatefulSet/web                   create Claim www-web-1 Pod web-1 in StatefulSet web success',
        '64s         Normal   SuccessfulCreate        StatefulSet/web                   create Pod web-1 in StatefulSet web successful',
        '63s         Normal   ProvisioningSucceeded   PersistentVolumeClaim/www-web-1   Successfully provisioned volume pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
        '62s         Normal   Scheduled               Pod/web-1                         Successfully assigned default/web-1 to node-3',
        '60s         Normal   Pulling                 Pod/web-1                         Pulling image "registry.k8s.io/nginx-slim:0.21"',
        '60s         Normal   Pulled                  Pod/web-1                         Successfully pulled image "registry.k8s.io/nginx-slim:0.21" in 1.234s (1.234s including waiting). Image size: 160701392 bytes.',
        '60s         Normal   Created                 Pod/web-1                         Created container: nginx',
        '60s         Normal   Started                 Pod/web-1                         Started container nginx',
      ),
    );
  });

  it('--for, -A, --no-headers, -o name; repeats as "(xN over …)"; --types', () => {
    expect(sts.ok('events --for sts/web -A --no-headers')).toBe(
      lines(
        'default   68s   Normal   SuccessfulCreate   StatefulSet/web   create Claim www-web-0 Pod web-0 in StatefulSet web success',
        'default   68s   Normal   SuccessfulCreate   StatefulSet/web   create Pod web-0 in StatefulSet web successful',
        'default   64s   Normal   SuccessfulCreate   StatefulSet/web   create Claim www-web-1 Pod web-1 in StatefulSet web success',
        'default   64s   Normal   SuccessfulCreate   StatefulSet/web   create Pod web-1 in StatefulSet web successful',
      ),
    );
    expect(sts.ok('events --for pod/web-0 -o name').split('\n').filter(Boolean)).toHaveLength(5);
    expect(sts.run('events --types=Warning')).toEqual({ stdout: '', stderr: 'No events found in default namespace.\n', code: 0 });
    sts.ok('fault crash web-1');
    sts.ok('clock advance 2m');
    expect(sts.ok('events --types=warning').replace(/\(\w{8}-[\w-]+\)/, '(UID)')).toBe(
      lines(
        'LAST SEEN            TYPE      REASON    OBJECT      MESSAGE',
        '43s (x4 over 119s)   Warning   BackOff   Pod/web-1   Back-off restarting failed container nginx in pod web-1_default(UID)',
      ),
    );
    sts.ok('fault heal web-1');
  });

  it("kubectl's errors", () => {
    expect(sts.run('events --for web').stderr).toBe('error: --for must be in resource/name form\n');
    expect(sts.run('events --for a/b/c').stderr).toBe('error: arguments in resource/name form may not have more than one slash\n');
    expect(sts.run('events --types=Info').stderr).toBe('error: valid --types are Normal or Warning\n');
    expect(sts.run('events -o wide').stderr).toBe(
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
  });

  it('-o json: an EventList in Go field order', () => {
    const json = sts.ok('events --for sts/web -o json');
    expect(
      json.startsWith(
        '{\n    "kind": "EventList",\n    "apiVersion": "v1",\n    "metadata": {},\n    "items": [\n        {\n            "kind": "Event",',
      ),
    ).toBe(true);
    expect(JSON.parse(json).items).toHaveLength(4);
  });

  it('-w: what is there, then each event as it is recorded, each line flushed on its own', async () => {
    const s = new Sts();
    try {
      s.ok('create namespace quiet');
      expect(s.runProcess(['events', '-w', '--request-timeout=300ms'])).toEqual({ code: 0, stdout: '', stderr: '' });
      const watching = s.start(['events', '-w']);
      await watching.registered();
      s.ok('apply -f fixtures/web/web.yaml');
      s.ok('clock advance 1s');
      s.ok('clock advance 1s');
      await watching.output('Successfully assigned default/web-0 to node-1\n');
      const r = await watching.stop();
      expect(r.stderr).toBe('');
      expect(normalizeUids(r.stdout)).toBe(
        lines(
          'LAST SEEN   TYPE     REASON             OBJECT            MESSAGE',
          '0s          Normal   SuccessfulCreate   StatefulSet/web   create Claim www-web-0 Pod web-0 in StatefulSet web success',
          '0s    Normal   SuccessfulCreate   StatefulSet/web   create Pod web-0 in StatefulSet web successful',
          '0s    Normal   ProvisioningSucceeded   PersistentVolumeClaim/www-web-0   Successfully provisioned volume pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
          '0s    Normal   Scheduled   Pod/web-0   Successfully assigned default/web-0 to node-1',
        ),
      );
    } finally {
      s.cleanup();
    }
  });
});
