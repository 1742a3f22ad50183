// The official JavaScript client (@kubernetes/client-node 1.x) against `sts serve`: typed calls (list, read,
// merge and strategic merge patches, the scale subresource, create and delete, a 404 as ApiException),
// an informer following pods through its watch while the CLI scales the set, and a raw Watch with
// resourceVersion resume. Whole objects' relevant fields and the CLI's tables are compared.
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  Watch,
  type V1Pod,
  type V1Status,
} from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, type Sts, until, webCluster } from '../helpers.js';
import { Served } from './served.js';

let sts: Sts;
let served: Served;

beforeEach(async () => {
  sts = webCluster(); // web-0 and web-1 Running and Ready, on a manual clock
  served = await Served.start(sts);
});

afterEach(async () => {
  await served.stop();
  sts.cleanup();
});

/** The served kubeconfig; client-node 1.x refuses an http:// server unless its cluster says
 *  insecure-skip-tls-verify, which the kubeconfig `sts serve` writes leaves out (see the failing test). */
function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(served.kubeconfig);
  if (kc.clusters.some((c) => c.server.startsWith('http:') && !c.skipTLSVerify))
    kc.loadFromOptions({
      clusters: kc.clusters.map((c) => ({ ...c, skipTLSVerify: true })),
      users: kc.users,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
    });
  return kc;
}

const ready = (p: V1Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? '-';
const podLine = (p: V1Pod) => `${p.metadata!.name} ${p.status?.phase} ready=${ready(p)}${p.metadata!.deletionTimestamp ? ' terminating' : ''}`;

describe('@kubernetes/client-node against sts serve', () => {
  // kubeconfigFor (src/cli/serve.ts) writes `server: http://…` without `insecure-skip-tls-verify: true`;
  // client-node 1.x then throws "HTTP protocol is not allowed when skipTLSVerify is not set or false".
  it('uses the kubeconfig sts serve writes, as written', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(served.kubeconfig);
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'default' });
    expect(pods.items.map((p) => p.metadata!.name)).toEqual(['web-0', 'web-1']);
  });

  it('lists pods and reads the StatefulSet', async () => {
    const kc = kubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const pods = await core.listNamespacedPod({ namespace: 'default' });
    expect(pods.items.map(podLine)).toEqual(['web-0 Running ready=True', 'web-1 Running ready=True']);
    expect(pods.metadata?.resourceVersion).toMatch(/^\d+$/);
    const selected = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'apps.kubernetes.io/pod-index=1' });
    expect(selected.items.map(podLine)).toEqual(['web-1 Running ready=True']);

    const set = await apps.readNamespacedStatefulSet({ name: 'web', namespace: 'default' });
    expect({ replicas: set.spec!.replicas, serviceName: set.spec!.serviceName, image: set.spec!.template.spec!.containers[0].image }).toEqual({
      replicas: 2,
      serviceName: 'nginx',
      image: 'registry.k8s.io/nginx-slim:0.21',
    });
    expect(set.status).toEqual({
      availableReplicas: 2,
      collisionCount: 0,
      currentReplicas: 2,
      currentRevision: set.status!.updateRevision,
      observedGeneration: 1,
      readyReplicas: 2,
      replicas: 2,
      updateRevision: set.status!.currentRevision,
      updatedReplicas: 2,
    });
    expect(set.status!.currentRevision).toMatch(/^web-[0-9a-z]+$/);
  });

  it('patches the StatefulSet: a merge patch and a strategic merge patch', async () => {
    const apps = kubeConfig().makeApiClient(AppsV1Api);
    const merged = await apps.patchNamespacedStatefulSet(
      { name: 'web', namespace: 'default', body: { metadata: { labels: { tier: 'frontend' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.metadata!.labels).toEqual({ tier: 'frontend' });

    // strategic: the containers list merges by name, so the ports and mounts stay
    const strategic = await apps.patchNamespacedStatefulSet(
      {
        name: 'web',
        namespace: 'default',
        body: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24' }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec!.template.spec!.containers).toEqual([
      {
        image: 'registry.k8s.io/nginx-slim:0.24',
        imagePullPolicy: 'IfNotPresent',
        name: 'nginx',
        ports: [{ containerPort: 80, name: 'web', protocol: 'TCP' }],
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        volumeMounts: [{ mountPath: '/usr/share/nginx/html', name: 'www' }],
      },
    ]);
    expect(strategic.metadata!.labels).toEqual({ tier: 'frontend' });
    expect(strategic.metadata!.generation).toBe(2); // the labels' patch left the spec, and so the generation, alone

    sts.ok('clock advance 60s');
    expect(sts.ok('get sts -o wide')).toBe(
      lines('NAME   READY   AGE   CONTAINERS   IMAGES', 'web    2/2     68s   nginx        registry.k8s.io/nginx-slim:0.24'),
    );
    // rolled: web-1 first, then web-0
    expect(sts.ok('get pods')).toBe(
      lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   1/1     Running   0          53s', 'web-1   1/1     Running   0          58s'),
    );
  });

  it('scales through the scale subresource: replace, then a merge patch', async () => {
    const apps = kubeConfig().makeApiClient(AppsV1Api);
    const replaced = await apps.replaceNamespacedStatefulSetScale({
      name: 'web',
      namespace: 'default',
      body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 3 } },
    });
    expect({
      kind: replaced.kind,
      apiVersion: replaced.apiVersion,
      name: replaced.metadata!.name,
      spec: replaced.spec,
      selector: replaced.status!.selector,
    }).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      name: 'web',
      spec: { replicas: 3 },
      selector: 'app=nginx',
    });
    sts.ok('clock settle');
    expect(sts.ok('get pods')).toMatch(
      /^NAME +READY +STATUS +RESTARTS +AGE\nweb-0 +1\/1 +Running +0 +\S+\nweb-1 +1\/1 +Running +0 +\S+\nweb-2 +1\/1 +Running +0 +\S+\n$/,
    );

    const patched = await apps.patchNamespacedStatefulSetScale(
      { name: 'web', namespace: 'default', body: { spec: { replicas: 1 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.spec).toEqual({ replicas: 1 });
    sts.ok('clock settle');
    expect(sts.ok('get pods -o name')).toBe('pod/web-0\n');
    const scale = await apps.readNamespacedStatefulSetScale({ name: 'web', namespace: 'default' });
    expect({ spec: scale.spec, status: scale.status }).toEqual({ spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=nginx' } });
  });

  it('creates and deletes a ConfigMap; a 404 is an ApiException carrying the Status', async () => {
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const cm = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'greeting' }, data: { hello: 'world' } } });
    expect({ name: cm.metadata!.name, namespace: cm.metadata!.namespace, data: cm.data }).toEqual({
      name: 'greeting',
      namespace: 'default',
      data: { hello: 'world' },
    });
    expect(sts.ok('get cm greeting -o jsonpath={.data.hello}')).toBe('world');

    const gone = (await core.deleteNamespacedConfigMap({ name: 'greeting', namespace: 'default' })) as V1Status;
    expect(gone).toEqual({
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Success',
      details: { kind: 'configmaps', name: 'greeting', uid: cm.metadata!.uid },
    });

    const err = await core.readNamespacedConfigMap({ name: 'greeting', namespace: 'default' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    const api = err as ApiException<string>;
    expect(api.code).toBe(404);
    expect(JSON.parse(api.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "greeting" not found',
      reason: 'NotFound',
      details: { name: 'greeting', kind: 'configmaps' },
      code: 404,
    });
  });

  it('an informer sees the new pod added and updated through its watch as the CLI scales the set', async () => {
    const kc = kubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
    const events: string[] = [];
    informer.on('add', (p) => events.push(`add ${podLine(p)}`));
    informer.on('update', (p) => events.push(`update ${podLine(p)}`));
    informer.on('delete', (p) => events.push(`delete ${podLine(p)}`));
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      expect(events).toEqual(['add web-0 Running ready=True', 'add web-1 Running ready=True']);
      events.length = 0;
      sts.ok('scale sts web --replicas=3');
      sts.ok('clock advance 10s');
      await until(() => events.includes('update web-2 Running ready=True'), 'the informer to see web-2 Ready');
      expect(events).toEqual([
        'add web-2 Pending ready=-',
        'update web-2 Pending ready=-',
        'update web-2 Pending ready=False',
        'update web-2 Running ready=True',
      ]);
      expect(informer.list('default').map(podLine)).toEqual(['web-0 Running ready=True', 'web-1 Running ready=True', 'web-2 Running ready=True']);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });

  /** Watch pods from `from`, collecting every event (its line and resourceVersion) until stopped. */
  async function watchFrom(kc: KubeConfig, from: string, seen: Seen[]): Promise<() => void> {
    const ctl = await new Watch(kc).watch(
      '/api/v1/namespaces/default/pods',
      { resourceVersion: from },
      (type, obj: V1Pod) => seen.push({ line: `${type} ${podLine(obj)}`, rv: obj.metadata!.resourceVersion! }),
      () => undefined,
    );
    return () => ctl.abort();
  }

  /** Delete web-1 and let it come back, watching from the list's version. */
  async function deleteAndWatch(kc: KubeConfig): Promise<Seen[]> {
    const rv = (await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'default' })).metadata!.resourceVersion!;
    const seen: Seen[] = [];
    const stop = await watchFrom(kc, rv, seen);
    sts.ok('delete pod web-1 --wait=false');
    sts.ok('clock advance 10s');
    await until(() => seen.some((e) => e.line === 'MODIFIED web-1 Running ready=True'), 'web-1 deleted and Ready again');
    stop();
    return seen;
  }

  /** A second watch from `rv`: what it replays (given time to replay `count` events). */
  async function resume(kc: KubeConfig, rv: string, count: number): Promise<string[]> {
    const seen: Seen[] = [];
    const stop = await watchFrom(kc, rv, seen);
    await until(() => seen.length >= count, `the watch resumed from ${rv} to replay ${count} events`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200)); // and nothing more
    stop();
    return seen.map((e) => e.line);
  }

  it('a raw Watch sees MODIFIED, DELETED and ADDED, and resumes from a resourceVersion', async () => {
    const kc = kubeConfig();
    const seen = await deleteAndWatch(kc);
    // web-1 is marked, stops, goes; the controller makes it again; it is scheduled, starts, becomes Ready
    const expected = [
      'MODIFIED web-1 Running ready=True terminating',
      'MODIFIED web-1 Running ready=False terminating',
      'DELETED web-1 Running ready=False terminating',
      'ADDED web-1 Pending ready=-',
      'MODIFIED web-1 Pending ready=-',
      'MODIFIED web-1 Pending ready=False',
      'MODIFIED web-1 Running ready=True',
    ];
    expect(seen.map((e) => e.line)).toEqual(expected);
    // from the list's version before it all: everything again
    expect(await resume(kc, String(Number(seen[0].rv) - 1), expected.length)).toEqual(expected);
  });

  it("a Watch resumed from an event's resourceVersion gets exactly what followed it", async () => {
    const kc = kubeConfig();
    const seen = await deleteAndWatch(kc);
    expect(seen.map((e) => e.line)[3]).toBe('ADDED web-1 Pending ready=-');
    expect(await resume(kc, seen[3].rv, 3)).toEqual(seen.slice(4).map((e) => e.line));
    expect(await resume(kc, seen[6].rv, 0)).toEqual([]);
  });

  // a deletion has a resourceVersion of its own, as the apiserver's do: a resume after the last MODIFIED gets it
  it('each watch event has its own, increasing resourceVersion: a resume after the last MODIFIED gets the DELETED', async () => {
    const kc = kubeConfig();
    const seen = await deleteAndWatch(kc);
    expect(seen.every((e, i) => i === 0 || Number(e.rv) > Number(seen[i - 1].rv))).toBe(true);
    expect((await resume(kc, seen[1].rv, 5))[0]).toBe('DELETED web-1 Running ready=False terminating');
  });
});

type Seen = { line: string; rv: string };
