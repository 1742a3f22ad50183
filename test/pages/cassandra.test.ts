// "Deploying Cassandra with a StatefulSet" (kubernetes/website content/en/docs/tutorials/
// stateful-application/cassandra.md) replayed with sts on a manual clock. Tables re-laid out as
// kubectl 1.33 prints them, AGE masked (page.ts). The bundled manifests label everything
// app.kubernetes.io/name=cassandra; the page version read for this test still selects with
// `-l app=cassandra`, which selects nothing (on a real cluster too), so the selectors below use the
// manifests' label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';
import { pageTable, stsTable } from './page.js';

const EXAMPLES = 'https://k8s.io/examples/application/cassandra';
const LABEL = 'app.kubernetes.io/name=cassandra';

/** An sts whose `edit` runs a given editor command (KUBE_EDITOR). */
class EditingSts extends Sts {
  editor: string | undefined;
  override env(): Record<string, string | undefined> {
    return this.editor === undefined ? super.env() : { ...super.env(), KUBE_EDITOR: this.editor };
  }
}

describe('Deploying Cassandra with a StatefulSet', () => {
  let sts: EditingSts;
  beforeAll(() => {
    sts = new EditingSts();
  });
  afterAll(() => sts.cleanup());

  it('creating a headless Service for Cassandra', () => {
    expect(sts.ok(['apply', '-f', `${EXAMPLES}/cassandra-service.yaml`])).toBe(lines('service/cassandra created'));
    sts.ok('clock advance 45s');
    expect(stsTable(sts.ok('get svc cassandra'))).toBe(
      pageTable(`
NAME        TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE
cassandra   ClusterIP   None         <none>        9042/TCP   45s`),
    );
  });

  it('using a StatefulSet to create a Cassandra ring (and its StorageClass "fast")', () => {
    expect(sts.ok(['apply', '-f', `${EXAMPLES}/cassandra-statefulset.yaml`])).toBe(
      lines('statefulset.apps/cassandra created', 'storageclass.storage.k8s.io/fast created'),
    );
  });

  it('kubectl get statefulset cassandra (kubectl 1.33 prints READY where the page shows DESIRED and CURRENT)', () => {
    expect(stsTable(sts.ok('get statefulset cassandra'))).toBe(pageTable('NAME READY AGE\ncassandra 0/3 13s'));
  });

  it('kubectl get pods: ordered creation, then all three Running', () => {
    // the readiness probe's initialDelaySeconds (15s) holds cassandra-1 back until cassandra-0 is Ready
    sts.ok('clock advance 17s');
    expect(stsTable(sts.ok(['get', 'pods', `-l=${LABEL}`]))).toBe(
      pageTable(`
NAME          READY     STATUS              RESTARTS   AGE
cassandra-0   0/1       Running             0          1m`),
    );
    sts.ok('clock advance 5s');
    expect(stsTable(sts.ok(['get', 'pods', `-l=${LABEL}`]))).toBe(
      pageTable(`
NAME          READY     STATUS              RESTARTS   AGE
cassandra-0   1/1       Running             0          1m
cassandra-1   0/1       ContainerCreating   0          8s`),
    );
    sts.ok('clock settle');
    expect(stsTable(sts.ok(['get', 'pods', `-l=${LABEL}`]))).toBe(
      pageTable(`
NAME          READY     STATUS    RESTARTS   AGE
cassandra-0   1/1       Running   0          10m
cassandra-1   1/1       Running   0          9m
cassandra-2   1/1       Running   0          8m`),
    );
  });

  // left out: `kubectl exec -it cassandra-0 -- nodetool status` — sts runs no Cassandra (no nodetool in its containers)

  it('kubectl edit statefulset cassandra: replicas 3 → 4; kubectl get statefulset cassandra', () => {
    // the "editor" changes the line the page tells the reader to change
    sts.editor = `sed -i -e 's/^  replicas: 3$/  replicas: 4/'`;
    expect(sts.ok('edit statefulset cassandra')).toBe(lines('statefulset.apps/cassandra edited'));
    sts.editor = undefined;
    sts.ok('clock settle');
    expect(stsTable(sts.ok('get statefulset cassandra'))).toBe(pageTable('NAME READY AGE\ncassandra 4/4 36m'));
  });

  it('cleaning up: delete the set, wait out the grace period, delete the claims and the service', () => {
    const grace = sts.ok(['get', 'pod', 'cassandra-0', '-o=jsonpath={.spec.terminationGracePeriodSeconds}']);
    expect(grace).toBe('500');
    expect(sts.ok(['delete', 'statefulset', '-l', LABEL])).toBe(lines('statefulset.apps "cassandra" deleted'));
    sts.ok(`clock advance ${grace}s`); // sleep $grace
    expect(sts.run('get pods')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
    expect(sts.ok(['delete', 'persistentvolumeclaim', '-l', LABEL])).toBe(
      lines(...[0, 1, 2, 3].map((i) => `persistentvolumeclaim "cassandra-data-cassandra-${i}" deleted`)),
    );
    expect(sts.ok(['delete', 'service', '-l', LABEL])).toBe(lines('service "cassandra" deleted'));
  });
});
