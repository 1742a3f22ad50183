// Claims and volumes as the core needs them: dynamic provisioning, a class that does not exist
// (the claim and its pod wait, blocking the ordinals above), and the class created later.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, normalizeUids, Sts } from '../helpers.js';

describe('a claim whose StorageClass does not exist', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = new Sts();
    sts.run('apply -f fixtures/seed-000/statefulset.yaml');
  });
  afterEach(() => sts.cleanup());

  it('stays Pending with its pod, which blocks web-1, and says why', () => {
    sts.ok('clock advance 30s');
    expect(sts.ok('get pods')).toBe(lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   0/1     Pending   0          30s'));
    expect(sts.ok('get pvc')).toBe(
      lines(
        'NAME             STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS        VOLUMEATTRIBUTESCLASS   AGE',
        'disk-ssd-web-0   Pending                                      alicloud-disk-ssd   <unset>                 30s',
      ),
    );
    const claim = sts.ok('describe pvc disk-ssd-web-0');
    expect(claim).toContain('Status:        Pending\n');
    expect(claim).toMatch(
      /Warning {2}ProvisioningFailed {2}.*persistentvolume-controller {2}storageclass\.storage\.k8s\.io "alicloud-disk-ssd" not found\n/,
    );
    const pod = sts.ok('describe pod web-0');
    expect(pod).toContain('  PodScheduled   False \n');
    expect(pod).toMatch(/Warning {2}FailedScheduling .* 0\/3 nodes are available: pod has unbound immediate PersistentVolumeClaims\./);
    const settle = sts.run('clock settle');
    expect(settle.code).toBe(0);
    expect(settle.stderr).toBe(
      'Warning: statefulset.apps/web in default is not converged (waiting for web-0 to be Ready (0/2)): pod web-0 waits for claim disk-ssd-web-0, whose storageclass "alicloud-disk-ssd" does not exist (sts create storageclass alicloud-disk-ssd)\n',
    );
  });

  it('binds once the class is created (by manifest too), and the set proceeds', () => {
    sts.ok('clock advance 10s');
    const sc =
      'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: alicloud-disk-ssd\nprovisioner: diskplugin.csi.alibabacloud.com\nreclaimPolicy: Retain\n';
    expect(sts.ok('apply -f -', sc)).toBe('storageclass.storage.k8s.io/alicloud-disk-ssd created\n');
    expect(sts.ok('clock settle')).toMatch(/^settled after 8s/);
    expect(sts.ok('get pods --no-headers').match(/Running/g)).toHaveLength(2);
    const pv = normalizeUids(sts.ok('get pv')).split('\n');
    expect(pv[0]).toBe(
      'NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM                    STORAGECLASS        VOLUMEATTRIBUTESCLASS   REASON   AGE',
    );
    // Rows are sorted by volume name, which is random: compare them as a set.
    expect(pv.slice(1, 3).sort()).toEqual([
      'pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   20Gi       RWO            Retain           Bound    default/disk-ssd-web-0   alicloud-disk-ssd   <unset>                          7s',
      'pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   20Gi       RWO            Retain           Bound    default/disk-ssd-web-1   alicloud-disk-ssd   <unset>                          3s',
    ]);
  });
});

describe('claims and volumes', () => {
  it('honours the beta storage-class annotation and the default class', () => {
    const sts = new Sts();
    const annotated = [
      'apiVersion: v1',
      'kind: PersistentVolumeClaim',
      'metadata:',
      '  name: a',
      '  annotations:',
      '    volume.beta.kubernetes.io/storage-class: standard',
      'spec:',
      '  accessModes: [ReadWriteOnce]',
      '  resources:',
      '    requests:',
      '      storage: 100Mi',
      '---',
      'apiVersion: v1',
      'kind: PersistentVolumeClaim',
      'metadata:',
      '  name: b',
      'spec:',
      '  accessModes: [ReadWriteMany]',
      '  resources:',
      '    requests:',
      '      storage: 1Gi',
    ].join('\n');
    expect(sts.ok('create -f -', annotated)).toBe(lines('persistentvolumeclaim/a created', 'persistentvolumeclaim/b created'));
    sts.ok('clock advance 1s');
    expect(normalizeUids(sts.ok('get pvc'))).toBe(
      lines(
        'NAME   STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'a      Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   100Mi      RWO            standard       <unset>                 1s',
        'b      Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   1Gi        RWX            standard       <unset>                 1s',
      ),
    );
    expect(sts.ok(['get', 'pvc', 'b', '-o', 'yaml'])).toContain('  storageClassName: standard\n');
    sts.cleanup();
  });

  it('a claim in use is Terminating until its pod is gone; reclaim Delete removes the volume', () => {
    const sts = new Sts();
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    const oldVolume = /pvc-[0-9a-f-]{36}/.exec(sts.ok('get pvc www-web-1'))![0];
    expect(sts.ok('delete pvc www-web-1')).toBe('persistentvolumeclaim "www-web-1" deleted\n');
    expect(sts.ok('get pvc www-web-1 --no-headers')).toMatch(/^www-web-1 +Terminating +pvc-/);
    sts.ok('delete pod web-1');
    sts.ok('clock advance 2s');
    // The claim went with the pod; the controller made a fresh one for the new web-1.
    const pvc = sts.ok('get pvc www-web-1 --no-headers');
    expect(pvc).toMatch(/^www-web-1 +Pending /);
    expect(sts.run(['get', 'pv', oldVolume]).stderr).toBe(`Error from server (NotFound): persistentvolumes "${oldVolume}" not found\n`);
    sts.ok('clock settle');
    expect(sts.ok('get pv --no-headers').trim().split('\n')).toHaveLength(2);
    expect(sts.ok('get pvc www-web-1 --no-headers')).toMatch(/^www-web-1 +Bound /);
    sts.cleanup();
  });
});
