// The real kubectl 1.33 against `sts serve`, command by command, with `sts` itself on the same cluster at
// the same instant: seed 000 (the StatefulSet best-practice article: scale up, down, up, delete a pod)
// and the Kubernetes "StatefulSet Basics" walk-through. Whole stdout, stderr and exit codes are compared;
// any difference is a bug on one side. A read runs both on the served cluster; a change runs kubectl on
// the served cluster and sts on a twin copied from it just before (compare.ts).
//
// Normalized, and only that: describe's Events "Age" column, which kubectl computes from its own wall
// clock (the manual clock's instants are not its now) — Table output (get) is aged by the server and
// must match exactly.
//
// `it.fails(...)`: a known difference, with what differs; each is a to-do on one side.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Result, Sts, until } from '../helpers.js';
import { change, normalizeEventAges, stopServed, type Pair, read, record, shown, twin } from './compare.js';
import { KUBECTL, NO_KUBECTL, Served } from './served.js';

// soft: a test goes on after a difference, so the log (STS_SERVE_DIFF_LOG) has every one
const same = (pair: Pair) => expect.soft(shown(pair.kubectl, pair.normalize)).toEqual(shown(pair.sts, pair.normalize));

/**
 * A delete through kubectl waits until the object is gone, which on a manual clock takes `clock advance`:
 * start it, wait for its line, advance, and take its end. sts (on a twin, at the same instant) returns
 * at once; what they print must be the same.
 */
async function deleteAndAdvance(served: Served, args: string[], printed: string, advance: string): Promise<Pair> {
  const copy = twin(served.sts);
  const stsResult = copy.run(args);
  copy.cleanup();
  // -v=6 logs its requests: the clock moves once kubectl watches. Moved between kubectl's GET (old uid)
  // and its LIST (the replacement, a new uid), kubectl waits for a DELETED that already went by: its own
  // race, as against any apiserver, so the test does not provoke it. The log lines are taken out again.
  const k = served.kubectlStart([...args, '-v=6']);
  let kubectl: Result;
  try {
    await k.output((out) => out.includes(printed), 15_000);
    await until(() => k.stderr.includes('watch=true') || k.child.exitCode !== null, `kubectl ${args.join(' ')} to watch`, 15_000);
    served.sts.ok(`clock advance ${advance}`);
    await until(() => k.child.exitCode !== null, `kubectl ${args.join(' ')} to end after the clock moved`, 10_000);
    kubectl = await k.done;
  } catch {
    kubectl = await k.stop();
    kubectl = { ...kubectl, stderr: kubectl.stderr + '(still waiting: stopped by the test)\n' };
  }
  kubectl = { ...kubectl, stderr: withoutKlog(kubectl.stderr) };
  return record(args.join(' '), { kubectl, sts: stsResult });
}

/** kubectl's stderr without its -v log lines (I1125 16:29:23.798484   24950 loader.go:402] …), and the
 *  rest of a multi-line one (helpers.go's "server response object: [{" goes on with the Status as JSON). */
function withoutKlog(s: string): string {
  let inLog = false;
  return s
    .split('\n')
    .filter((l) => {
      inLog = /^[IWE]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ \S+:\d+\] /.test(l) || (inLog && /^(\s|[}\]])/.test(l));
      return !inLog;
    })
    .join('\n');
}

describe.skipIf(!KUBECTL)(`seed 000 through kubectl${KUBECTL ? '' : ` (${NO_KUBECTL})`}`, () => {
  let sts: Sts;
  let served: Served;
  beforeAll(async () => {
    sts = new Sts('manual');
    served = await Served.start(sts);
  });
  afterAll(async () => {
    await stopServed(served);
    sts?.cleanup();
  });

  // kubectl creates the service, then 'error validating "…": error validating data: the server could not find the requested resource' (no apps/v1beta2; no /openapi/v2 to validate with), exit 1; sts accepts apps/v1beta2 and warns about the class
  it.fails('create -f a manifest of apps/v1beta2 (and a missing storage class)', () => {
    same(change(served, 'create -f fixtures/seed-000/statefulset.yaml'));
  });

  it('the set (created by sts) is pending on its class; then 2 pods Running, 2 claims Bound', () => {
    if (sts.run('get sts web').code !== 0) sts.run('create -f fixtures/seed-000/statefulset.yaml'); // the service is there already
    sts.ok('get sts web');
    same(read(served, 'get pod'));
    sts.ok('create storageclass alicloud-disk-ssd');
    sts.ok('clock settle');
    same(read(served, 'get pod'));
    same(read(served, 'get pvc'));
    same(read(served, 'get pv'));
  });

  it('scales to 3, to 2 (web-2 Terminating, its claim stays), to 3 again', () => {
    same(change(served, 'scale sts web --replicas=3'));
    sts.ok('clock settle');
    same(read(served, 'get pod'));
    same(read(served, 'get pvc'));
    same(change(served, 'scale sts web --replicas=2'));
    same(read(served, 'get pod web-2'));
    sts.ok('clock settle');
    same(read(served, 'get pod'));
    same(read(served, 'get pvc'));
    same(change(served, 'scale statefulset.apps/web --replicas=3'));
    sts.ok('clock settle');
    same(read(served, 'get pod web-2'));
  });

  it('describe pod web-1 (Events ages normalized)', () => {
    same(read(served, 'describe pod web-1', normalizeEventAges));
  });

  it('delete pod web-1: kubectl ends once the clock moves', async () => {
    same(await deleteAndAdvance(served, ['delete', 'pod', 'web-1'], 'pod "web-1" deleted\n', '5s'));
  });

  it('web-1 comes back with its claim', () => {
    sts.ok('clock settle');
    same(read(served, 'get pod'));
    same(read(served, 'describe pod web-1', normalizeEventAges));
  });

  it('delete sts web keeps the claims and volumes', async () => {
    same(await deleteAndAdvance(served, ['delete', 'sts', 'web'], 'statefulset.apps "web" deleted\n', '1s'));
    sts.ok('clock settle');
    same(read(served, 'get pods'));
    same(read(served, 'get pvc'));
    same(read(served, 'get pv --no-headers'));
  });
});

describe.skipIf(!KUBECTL)(`StatefulSet Basics through kubectl${KUBECTL ? '' : ` (${NO_KUBECTL})`}`, () => {
  let sts: Sts;
  let served: Served;
  beforeAll(async () => {
    sts = new Sts('manual');
    served = await Served.start(sts);
  });
  afterAll(async () => {
    await stopServed(served);
    sts?.cleanup();
  });

  it('create -f, then the Pending pod and claim', () => {
    same(change(served, 'create -f fixtures/web/web.yaml'));
    same(read(served, 'get sts,pods,pvc,svc'));
  });

  // sts's warning names itself ("required by sts apply … sts create --save-config or sts apply"), kubectl's says kubectl
  it.fails('apply -f over what create made: the missing last-applied annotation', () => {
    same(change(served, 'apply -f fixtures/web/web.yaml'));
  });

  it('apply -f again: unchanged', () => {
    same(change(served, 'apply -f fixtures/web/web.yaml'));
  });

  it('create -f twice: AlreadyExists, exit 1', () => {
    same(change(served, 'create -f fixtures/web/web.yaml'));
  });

  it('get: kinds together, wide, all namespaces, selectors, labels', () => {
    sts.ok('clock settle');
    for (const args of [
      'get sts,pods,pvc,svc',
      'get pods -o wide',
      'get pods -A',
      'get pods -l app=nginx',
      'get pods --show-labels',
      'get pods -L app',
      'get pods -o name',
      'get sts -o name',
      'get pods --sort-by=.metadata.name',
      'get statefulset web',
      'get pvc -o wide',
      'get svc nginx -o wide',
    ])
      same(read(served, args));
  });

  it('get one pod and the set as YAML and JSON', () => {
    for (const args of ['get pod web-0 -o yaml', 'get pod web-0 -o json', 'get sts web -o yaml', 'get sts web -o json', 'get pvc www-web-0 -o yaml'])
      same(read(served, args));
  });

  it('jsonpath and custom columns', () => {
    same(read(served, ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']));
    same(read(served, ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}']));
    same(read(served, ['get', 'sts', 'web', '-o', 'jsonpath={.status.readyReplicas}']));
    same(read(served, ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,IP:.status.podIP,NODE:.spec.nodeName']));
  });

  it('describe sts web, pod web-0, pvc (Events ages normalized)', () => {
    same(read(served, 'describe sts web', normalizeEventAges));
    same(read(served, 'describe pod web-0', normalizeEventAges));
    same(read(served, 'describe pvc', normalizeEventAges));
    same(read(served, 'describe pvc www-web-0', normalizeEventAges));
  });

  // the Service as a 1.33 API server defaults it; kubectl's Endpoints lines from the served EndpointSlices
  it('describe svc nginx', () => {
    same(read(served, 'describe svc nginx', normalizeEventAges));
  });

  it('get endpointslices, -o yaml; describe endpointslice (derived from the services)', () => {
    same(read(served, 'get endpointslices'));
    same(read(served, 'get endpointslices -o yaml'));
    same(read(served, 'get endpointslices -l kubernetes.io/service-name=nginx -o wide'));
    same(read(served, 'describe endpointslice', normalizeEventAges));
  });

  it('get svc nginx -o yaml', () => {
    same(read(served, 'get svc nginx -o yaml'));
  });

  it('scale to 5, then back to 2 while the pods come up', () => {
    same(change(served, 'scale sts web --replicas=5'));
    same(read(served, 'get pods'));
    sts.ok('clock advance 10s');
    same(read(served, 'get pods'));
    same(read(served, 'get sts web'));
    same(change(served, 'scale sts web --replicas=2'));
    same(read(served, 'get pods'));
    sts.ok('clock settle');
    same(read(served, 'get pods'));
    same(read(served, 'get pvc'));
  });

  it('delete pod web-0: kubectl ends once the clock moves', async () => {
    same(await deleteAndAdvance(served, ['delete', 'pod', 'web-0'], 'pod "web-0" deleted\n', '5s'));
  });

  it('delete pod web-0 --wait=false; what comes back after the clock moves', () => {
    sts.ok('clock settle');
    same(change(served, 'delete pod web-0 --wait=false'));
    same(read(served, 'get pods'));
    sts.ok('clock advance 2s');
    same(read(served, 'get pods'));
    sts.ok('clock advance 30s');
    same(read(served, 'get pods'));
  });

  it('errors: not found, -o yaml of a missing set', () => {
    same(read(served, 'get pod nope'));
    same(read(served, 'get sts nope -o yaml'));
    same(read(served, 'get pods nope web-0'));
    same(read(served, 'describe pod nope'));
  });

  it('an invalid manifest: replicas -1', () => {
    const file = join(sts.dir, 'negative.yaml');
    writeFileSync(file, negativeReplicas);
    same(change(served, `create -f ${file}`));
  });

  it('an unknown field: spec.replicaz, a strict decoding error', () => {
    const file = join(sts.dir, 'replicaz.yaml');
    writeFileSync(file, unknownField);
    same(change(served, `create -f ${file}`));
    same(change(served, `apply -f ${file}`));
  });

  it('scale --current-replicas that does not match', () => {
    same(change(served, 'scale sts web --current-replicas=3 --replicas=4'));
    same(change(served, 'scale sts web --current-replicas=2 --replicas=3'));
  });

  it('delete sts web --cascade=orphan leaves the pods', () => {
    sts.ok('clock settle');
    same(change(served, 'delete sts web --cascade=orphan'));
    sts.ok('clock settle');
    same(read(served, 'get pods'));
    same(read(served, 'get pods -o jsonpath={.items[*].metadata.ownerReferences}'));
  });

  // with no set left, the services still read service/NAME: two kinds were asked (get.go multipleGVKsRequested)
  it('get sts,svc with no sets', () => {
    same(read(served, 'get sts,svc'));
  });

  it('delete -f the manifest: the set is gone already', async () => {
    same(await deleteAndAdvance(served, ['delete', '-f', 'fixtures/web/web.yaml'], 'service "nginx" deleted\n', '1s'));
    same(read(served, 'get svc'));
  });
});

const negativeReplicas = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: bad
spec:
  serviceName: nginx
  replicas: -1
  selector:
    matchLabels:
      app: bad
  template:
    metadata:
      labels:
        app: bad
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
`;

const unknownField = negativeReplicas.replace('replicas: -1', 'replicaz: 2').replace(/bad/g, 'typo');
