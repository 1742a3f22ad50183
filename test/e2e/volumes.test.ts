// PersistentVolumes and classes as a cluster has them: static pools, binding modes, reclaim
// policies, the StatefulSet retention policy (owner references + garbage collection), resizing.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, podNames, Sts } from '../helpers.js';

const web = readFileSync('fixtures/web/web.yaml', 'utf8');
const withPolicy = (whenDeleted: string, whenScaled: string) =>
  web.replace(
    '  replicas: 2',
    `  replicas: 3\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: ${whenDeleted}\n    whenScaled: ${whenScaled}`,
  );
const claims = (sts: Sts) => sts.ok('get pvc -o name').trim().split('\n').filter(Boolean);
const owners = (sts: Sts, pvc: string) =>
  (JSON.parse(sts.ok(`get pvc ${pvc} -o json`)).metadata.ownerReferences ?? []).map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`);

let sts: Sts;
beforeEach(() => {
  sts = new Sts();
});
afterEach(() => sts.cleanup());

describe('persistentVolumeClaimRetentionPolicy', () => {
  it('Retain/Retain (default): no owners; claims survive scale-down and set deletion', () => {
    sts.ok('apply -f -', withPolicy('Retain', 'Retain'));
    sts.ok('clock settle');
    expect(owners(sts, 'www-web-0')).toEqual([]);
    sts.ok('scale sts web --replicas=1 --wait');
    sts.ok('delete sts web');
    sts.ok('clock settle');
    expect(claims(sts)).toHaveLength(3);
  });

  it('whenScaled: Delete: a condemned pod owns its claims, which go with it; a new pod gets a fresh claim', () => {
    sts.ok('apply -f -', withPolicy('Retain', 'Delete'));
    sts.ok('clock settle');
    expect(owners(sts, 'www-web-2')).toEqual([]);
    sts.ok('scale sts web --replicas=1');
    expect(owners(sts, 'www-web-2')).toEqual(['Pod/web-2']);
    sts.ok('clock settle');
    expect(claims(sts)).toEqual(['persistentvolumeclaim/www-web-0']);
    sts.ok('scale sts web --replicas=2 --wait');
    expect(claims(sts)).toEqual(['persistentvolumeclaim/www-web-0', 'persistentvolumeclaim/www-web-1']);
    sts.ok('delete sts web');
    sts.ok('clock settle');
    expect(claims(sts)).toHaveLength(2); // whenDeleted: Retain
  });

  it('whenDeleted: Delete: the set owns the claims; they go when it is deleted, not on scale-down', () => {
    sts.ok('apply -f -', withPolicy('Delete', 'Retain'));
    sts.ok('clock settle');
    expect(owners(sts, 'www-web-1')).toEqual(['StatefulSet/web']);
    sts.ok('scale sts web --replicas=1 --wait');
    expect(claims(sts)).toHaveLength(3);
    sts.ok('delete sts web');
    sts.ok('clock settle');
    expect(sts.run('get pvc').stderr).toBe('No resources found in default namespace.\n');
    expect(sts.run('get pv').stderr).toBe('No resources found\n');
  });

  it('a policy changed later is applied to existing claims (a pod update event each)', () => {
    sts.ok('apply -f -', withPolicy('Retain', 'Retain'));
    sts.ok('clock settle');
    sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}']);
    expect(owners(sts, 'www-web-0')).toEqual(['StatefulSet/web']);
    expect(sts.ok('describe sts web')).toMatch(
      /Normal {2}SuccessfulUpdate +\S+ +statefulset-controller {2}update Pod web-0 in StatefulSet web successful\n/,
    );
    expect(sts.run(['patch', 'sts', 'web', '-p', '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Sometimes"}}}']).stderr).toBe(
      'The StatefulSet "web" is invalid: spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "Sometimes": supported values: "Retain", "Delete"\n',
    );
  });

  it('--cascade=orphan leaves the claims without the set as owner', () => {
    sts.ok('apply -f -', withPolicy('Delete', 'Retain'));
    sts.ok('clock settle');
    sts.ok('delete sts web --cascade=orphan');
    sts.ok('clock settle');
    expect(claims(sts)).toHaveLength(3);
    expect(owners(sts, 'www-web-0')).toEqual([]);
  });
});

describe('static volumes, binding modes, reclaim', () => {
  it('a claim binds to the smallest Available volume that fits; Retain leaves it Released', () => {
    sts.ok('apply -f fixtures/seed-003/pv-pool.yaml');
    const claim = (name: string, size: string, mode = 'ReadWriteOnce') =>
      `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\nspec:\n  storageClassName: manual\n  accessModes: [${mode}]\n  resources:\n    requests:\n      storage: ${size}\n`;
    sts.ok('apply -f -', claim('small', '500Mi'));
    sts.ok('apply -f -', claim('shared', '2Gi', 'ReadWriteMany'));
    sts.ok('apply -f -', claim('toobig', '50Gi'));
    sts.ok('clock advance 1s');
    expect(sts.ok('get pvc')).toBe(
      lines(
        'NAME     STATUS    VOLUME     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'shared   Bound     pv-large   10Gi       RWO,RWX        manual         <unset>                 1s',
        'small    Bound     pv-small   1Gi        RWO            manual         <unset>                 1s',
        'toobig   Pending                                        manual         <unset>                 1s',
      ),
    );
    expect(sts.ok('describe pvc toobig')).toMatch(/Warning {2}ProvisioningFailed .* storageclass\.storage\.k8s\.io "manual" not found\n/);
    sts.ok('delete pvc small');
    expect(sts.ok('get pv pv-small --no-headers')).toMatch(/^pv-small +1Gi +RWO +Retain +Released +default\/small /);
    const d = sts.ok('describe pv pv-large');
    expect(d).toContain('Status:          Bound\nClaim:           default/shared\nReclaim Policy:  Retain\nAccess Modes:    RWO,RWX\n');
    expect(d).toContain('Source:\n    Type:          HostPath (bare host directory volume)\n    Path:          /mnt/pv-large\n');
  });

  it('WaitForFirstConsumer: no volume until a pod uses the claim', () => {
    sts.ok('create storageclass lazy --volume-binding-mode WaitForFirstConsumer');
    sts.ok(
      'apply -f -',
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: lazy\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n',
    );
    sts.ok('clock advance 1m');
    expect(sts.ok('get pvc data --no-headers')).toMatch(/^data +Pending /);
    expect(sts.ok('describe pvc data')).toMatch(/Normal {2}WaitForFirstConsumer .* waiting for first consumer to be created before binding\n/);
    sts.ok(
      'apply -f -',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: user\nspec:\n  containers:\n  - name: c\n    image: busybox\n    volumeMounts:\n    - name: d\n      mountPath: /d\n  volumes:\n  - name: d\n    persistentVolumeClaim:\n      claimName: data\n',
    );
    sts.ok('clock settle');
    expect(sts.ok('get pvc data --no-headers')).toMatch(/^data +Bound /);
    expect(sts.ok('get pod user --no-headers')).toMatch(/^user +1\/1 +Running/);
  });

  it('claims grow when their class allows expansion, and never shrink', () => {
    sts.ok('create storageclass grow --volume-binding-mode Immediate');
    sts.ok(['patch', 'sc', 'grow', '-p', '{"allowVolumeExpansion":true}']);
    sts.ok('apply -f -', web.replace('storage: 1Gi', 'storage: 1Gi\n      storageClassName: grow'));
    sts.ok('clock settle');
    expect(sts.ok(['patch', 'pvc', 'www-web-0', '-p', '{"spec":{"resources":{"requests":{"storage":"5Gi"}}}}'])).toBe(
      'persistentvolumeclaim/www-web-0 patched\n',
    );
    expect(sts.ok('get pvc www-web-0 --no-headers')).toMatch(/ 5Gi +RWO +grow /);
    expect(sts.run(['patch', 'pvc', 'www-web-0', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']).stderr).toBe(
      'The PersistentVolumeClaim "www-web-0" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity\n',
    );
    sts.ok('apply -f fixtures/seed-003/pv-pool.yaml');
    expect(sts.run(['patch', 'pvc', 'www-web-1', '-p', '{"spec":{"storageClassName":"manual"}}']).stderr).toBe(
      'The PersistentVolumeClaim "www-web-1" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n',
    );
    expect(sts.ok('describe sc grow')).toBe(
      lines(
        'Name:                  grow',
        'IsDefaultClass:        No',
        'Annotations:           ',
        'Provisioner:           sts.dev/disk',
        'Parameters:            <none>',
        'AllowVolumeExpansion:  True',
        'MountOptions:          <none>',
        'ReclaimPolicy:         Delete',
        'VolumeBindingMode:     Immediate',
        'Events:                <none>',
      ),
    );
  });

  it('the standard class cannot grow claims', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    expect(sts.run(['patch', 'pvc', 'www-web-0', '-p', '{"spec":{"resources":{"requests":{"storage":"5Gi"}}}}']).stderr).toBe(
      'Error from server (Forbidden): persistentvolumeclaims "www-web-0" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize\n',
    );
    expect(podNames(sts)).toHaveLength(2);
  });
});
