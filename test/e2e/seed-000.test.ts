// Seed 000 (StatefulSet best practice): the article's transcript replayed with sts on a manual
// clock. Names, columns and states match the article; ages follow the documented stage durations
// (provision 1s, schedule 1s, start 2s, terminate 2s), volume ids are normalized.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, lines, normalizeUids, ROOT, Sts } from '../helpers.js';

const PVC_HEADER =
  'NAME             STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS        VOLUMEATTRIBUTESCLASS   AGE';
const pvcRow = (n: number, age: string) =>
  `disk-ssd-web-${n}   Bound    pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx   20Gi       RWO            alicloud-disk-ssd   <unset>                 ${age}`;
const volumeOf = (sts: Sts, claim: string) =>
  sts.ok(['get', 'pvc', claim, '-o', 'name']) && /pvc-[0-9a-f-]{36}/.exec(sts.ok(['get', 'pvc', claim]))![0];

describe('seed 000: scale up, down, up again; delete a pod', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts('manual', { process: true }); // a transcript: what a user's shell sees, from the real binary
  });
  afterAll(() => sts.cleanup());

  it('creates the service and the set; the missing class is reported with its fix', () => {
    const r = sts.run('create -f fixtures/seed-000/statefulset.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(lines('service/nginx created', 'statefulset.apps/web created'));
    expect(r.stderr).toBe(
      lines(
        'Warning: storageclass.storage.k8s.io "alicloud-disk-ssd" not found: claims of statefulset.apps/web will stay Pending (and so will their pods) until it exists. Create it with: sts create storageclass alicloud-disk-ssd',
      ),
    );
    expect(sts.ok('get pod')).toBe(lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   0/1     Pending   0          0s'));
  });

  it('in one stream (a terminal, 2>&1), the warning comes after the lines that say what was created', () => {
    const other = new Sts('manual');
    try {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" create -f fixtures/seed-000/statefulset.yaml 2>&1`], {
        cwd: ROOT,
        env: other.env(),
        encoding: 'utf8',
      });
      expect(r.stdout).toBe(
        lines(
          'service/nginx created',
          'statefulset.apps/web created',
          'Warning: storageclass.storage.k8s.io "alicloud-disk-ssd" not found: claims of statefulset.apps/web will stay Pending (and so will their pods) until it exists. Create it with: sts create storageclass alicloud-disk-ssd',
        ),
      );
    } finally {
      other.cleanup();
    }
  });

  it('proceeds once the class exists: 2 pods Running, 2 claims Bound', () => {
    expect(sts.ok('create storageclass alicloud-disk-ssd')).toBe(lines('storageclass.storage.k8s.io/alicloud-disk-ssd created'));
    expect(sts.ok('clock settle')).toMatch(/^settled after 8s: now /);
    expect(sts.ok('get pod')).toBe(
      lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   1/1     Running   0          8s', 'web-1   1/1     Running   0          4s'),
    );
    expect(normalizeUids(sts.ok('get pvc'))).toBe(lines(PVC_HEADER, pvcRow(0, '8s'), pvcRow(1, '4s')));
  });

  let web2Volume = '';
  it('scales to 3: a third claim and volume', () => {
    expect(sts.ok('scale sts web --replicas=3')).toBe(lines('statefulset.apps/web scaled'));
    sts.ok('clock settle');
    expect(sts.ok('get pod')).toBe(
      lines(
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-0   1/1     Running   0          12s',
        'web-1   1/1     Running   0          8s',
        'web-2   1/1     Running   0          4s',
      ),
    );
    expect(normalizeUids(sts.ok('get pvc'))).toBe(lines(PVC_HEADER, pvcRow(0, '12s'), pvcRow(1, '8s'), pvcRow(2, '4s')));
    web2Volume = volumeOf(sts, 'disk-ssd-web-2');
  });

  it('scales to 2: web-2 goes, its claim stays', () => {
    expect(sts.ok('scale sts web --replicas=2')).toBe(lines('statefulset.apps/web scaled'));
    expect(sts.ok('get pod web-2')).toContain('web-2   1/1     Terminating   0          4s');
    sts.ok('clock settle');
    expect(sts.ok('get pod')).toBe(
      lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   1/1     Running   0          14s', 'web-1   1/1     Running   0          10s'),
    );
    expect(normalizeUids(sts.ok('get pvc'))).toBe(lines(PVC_HEADER, pvcRow(0, '14s'), pvcRow(1, '10s'), pvcRow(2, '6s')));
  });

  it('scales to 3 again: the new web-2 reuses the same claim and volume', () => {
    expect(sts.ok('scale statefulset.apps/web --replicas=3')).toBe(lines('statefulset.apps/web scaled'));
    sts.ok('clock settle');
    expect(sts.ok('get pod web-2')).toBe(lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-2   1/1     Running   0          3s'));
    expect(normalizeUids(sts.ok('get pvc'))).toBe(lines(PVC_HEADER, pvcRow(0, '17s'), pvcRow(1, '13s'), pvcRow(2, '9s')));
    expect(volumeOf(sts, 'disk-ssd-web-2')).toBe(web2Volume);
  });

  it('deletes web-1: it comes back with the same name and the same claim', () => {
    const before = volumeOf(sts, 'disk-ssd-web-1');
    expect(
      sts
        .ok('describe pod web-1')
        .split('\n')
        .filter((l) => l.includes('ClaimName')),
    ).toEqual(['    ClaimName:  disk-ssd-web-1']);
    expect(sts.ok('delete pod web-1')).toBe(lines('pod "web-1" deleted'));
    sts.ok('clock settle');
    expect(sts.ok('get pod')).toBe(
      lines(
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-0   1/1     Running   0          22s',
        'web-1   1/1     Running   0          3s',
        'web-2   1/1     Running   0          8s',
      ),
    );
    expect(
      sts
        .ok('describe pod web-1')
        .split('\n')
        .filter((l) => l.includes('ClaimName')),
    ).toEqual(['    ClaimName:  disk-ssd-web-1']);
    expect(volumeOf(sts, 'disk-ssd-web-1')).toBe(before);
  });

  it('deleting the set keeps the claims and volumes', () => {
    expect(sts.ok('delete sts web')).toBe(lines('statefulset.apps "web" deleted'));
    sts.ok('clock settle');
    expect(sts.run('get pods').stderr).toBe(lines('No resources found in default namespace.'));
    expect(normalizeUids(sts.ok('get pvc'))).toBe(lines(PVC_HEADER, pvcRow(0, '24s'), pvcRow(1, '20s'), pvcRow(2, '16s')));
    expect(sts.ok('get pv --no-headers').trim().split('\n')).toHaveLength(3);
  });
});
