// Server-side apply's merge and field ownership (src/apiserver/server-side-apply.ts), after the cases of
// structured-merge-diff's merge tests and apiserver's fieldmanager tests: whole objects compared.
import { describe, expect, it } from 'vitest';
import { applyConflictStatus, conflictMessage, fieldSet, serverSideApply, updateManagedFields } from '../../src/apiserver/server-side-apply.js';
import type { Json, KObject } from '../../src/api/types.js';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:05:00Z';
const T2 = '2025-01-01T00:10:00Z';

/** A StatefulSet configuration: replicas left out when undefined; containers by name and image. */
function config(
  replicas: number | undefined,
  containers: Record<string, string> = { nginx: 'nginx:1.25' },
  labels: Record<string, string> = { app: 'web' },
): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      template: { spec: { containers: Object.entries(containers).map(([name, image]) => ({ name, image })) } },
    },
  };
}

const applyEntry = (manager: string, time: string, fieldsV1: Json) => ({
  manager,
  operation: 'Apply',
  apiVersion: 'apps/v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1,
});
const nginx = (image = true) => ({ 'k:{"name":"nginx"}': { '.': {}, ...(image ? { 'f:image': {} } : {}), 'f:name': {} } });
const ownsAll = (replicas: boolean, labels = ['app'], containers: Json = nginx()) => ({
  'f:metadata': { 'f:labels': Object.fromEntries(labels.map((l) => [`f:${l}`, {}])) },
  'f:spec': { ...(replicas ? { 'f:replicas': {} } : {}), 'f:template': { 'f:spec': { 'f:containers': containers } } },
});
const apply = (live: KObject | undefined, applied: Json, manager = 'kubectl', time = T0, force = false) =>
  serverSideApply(live, applied, manager, { force, now: time });

describe('fieldSet', () => {
  it('keys list elements by merge key, ports by port and defaulted protocol, finalizers by value', () => {
    const obj = {
      metadata: { labels: { app: 'web' }, finalizers: ['example.com/keep'] },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx', args: ['-g'], ports: [{ containerPort: 80 }] }] } },
      },
    };
    expect(fieldSet(obj)).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"example.com/keep"': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:args': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    });
  });
});

describe('serverSideApply', () => {
  it('creates the object when absent, the applier owning what it applied', () => {
    expect(apply(undefined, config(2))).toEqual({
      object: { ...config(2), metadata: { ...config(2).metadata, managedFields: [applyEntry('kubectl', T0, ownsAll(true))] } },
      conflicts: [],
    });
  });

  it('re-applying changes a field and the time of the applier', () => {
    const first = apply(undefined, config(2)).object;
    const { object } = apply(first, config(3), 'kubectl', T1);
    expect(object).toEqual({ ...config(3), metadata: { ...config(3).metadata, managedFields: [applyEntry('kubectl', T1, ownsAll(true))] } });
  });

  it('re-applying the same configuration keeps the time', () => {
    const first = apply(undefined, config(2)).object;
    expect(apply(first, config(2), 'kubectl', T1).object).toEqual(first);
  });

  it('a field the applier dropped is removed', () => {
    const first = apply(undefined, config(2, undefined, { app: 'web', tier: 'front' })).object;
    const { object } = apply(first, config(undefined), 'kubectl', T1);
    const want = config(undefined);
    expect(object).toEqual({ ...want, metadata: { ...want.metadata, managedFields: [applyEntry('kubectl', T1, ownsAll(false))] } });
  });

  it('two managers share a field with the same value; when one drops it, it stays', () => {
    // a manager's first apply is stamped even when it changes nothing
    const a = apply(undefined, config(3), 'a').object;
    const ab = apply(a, config(3), 'b', T1);
    expect(ab.conflicts).toEqual([]);
    expect(ab.object.metadata.managedFields).toEqual([applyEntry('a', T0, ownsAll(true)), applyEntry('b', T1, ownsAll(true))]);
    const { object } = apply(ab.object, config(undefined), 'a', T2);
    expect(object).toEqual({
      ...config(3),
      metadata: { ...config(3).metadata, managedFields: [applyEntry('a', T0, ownsAll(false)), applyEntry('b', T1, ownsAll(true))] },
    });
  });

  it('another manager changing an owned field conflicts without force, and nothing changes', () => {
    const a = apply(undefined, config(3), 'a').object;
    const r = apply(a, config(5), 'b', T1);
    expect(r).toEqual({ object: a, conflicts: [{ manager: 'a', operation: 'Apply', apiVersion: 'apps/v1', field: '.spec.replicas' }] });
    expect(conflictMessage(r.conflicts)).toBe('Apply failed with 1 conflict: conflict with "a": .spec.replicas');
  });

  it('a conflict with an update names its apiVersion (the classic client-side apply, then --server-side)', () => {
    const created = updateManagedFields(
      undefined,
      { ...config(3), metadata: { name: 'web', namespace: 'default' } },
      'kubectl-client-side-apply',
      'Update',
      T0,
    );
    const r = apply(created, config(5), 'kubectl', T1);
    expect(conflictMessage(r.conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(applyConflictStatus(r.conflicts)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [{ type: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
      },
      code: 409,
    });
  });

  it('several conflicts are listed by manager', () => {
    const a = apply(undefined, config(3), 'a').object;
    const r = apply(a, config(5, { nginx: 'nginx:2' }), 'b', T1);
    expect(conflictMessage(r.conflicts)).toBe(
      'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
  });

  it('with force the applier takes ownership of the conflicting field', () => {
    const a = apply(undefined, config(3), 'a').object;
    const r = apply(a, config(5), 'b', T1, true);
    expect(r).toEqual({
      object: {
        ...config(5),
        metadata: { ...config(5).metadata, managedFields: [applyEntry('a', T0, ownsAll(false)), applyEntry('b', T1, ownsAll(true))] },
      },
      conflicts: [],
    });
  });

  it('lists with a merge key merge by key: another manager’s container stays', () => {
    const a = apply(undefined, config(1), 'a').object;
    const ab = apply(a, { ...config(undefined, { sidecar: 'busybox' }), metadata: { name: 'web', namespace: 'default' } }, 'b', T1).object;
    const { object, conflicts } = apply(ab, config(1, { nginx: 'nginx:1.26' }), 'a', T2);
    expect(conflicts).toEqual([]);
    expect(object.spec).toEqual({
      replicas: 1,
      template: {
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.26' },
            { name: 'sidecar', image: 'busybox' },
          ],
        },
      },
    });
    expect(object.metadata.managedFields).toEqual([
      applyEntry('b', T1, {
        'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
      }),
      applyEntry('a', T2, ownsAll(true)),
    ]);
  });

  it('an object with no managedFields first belongs to before-first-apply', () => {
    const live = { ...config(3), metadata: { name: 'web', namespace: 'default', uid: 'u1' } } as KObject;
    expect(conflictMessage(apply(live, config(5), 'kubectl', T1).conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
  });
});

describe('updateManagedFields', () => {
  it('an update takes the fields it changed from the applier; the apply then conflicts (scale, then apply)', () => {
    const applied = apply(undefined, config(2)).object;
    const scaled = updateManagedFields(applied, { ...applied, spec: { ...applied.spec, replicas: 5 } }, 'kubectl-scale', 'Update', T1, {
      subresource: 'scale',
    });
    expect(scaled.metadata.managedFields).toEqual([
      applyEntry('kubectl', T0, ownsAll(false)),
      {
        manager: 'kubectl-scale',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        subresource: 'scale',
      },
    ]);
    expect(conflictMessage(apply(scaled, config(2), 'kubectl', T2).conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });

  it('an existing object without managedFields stays untracked', () => {
    const live = { ...config(3), metadata: { name: 'web', namespace: 'default', uid: 'u1' } } as KObject;
    expect(updateManagedFields(live, { ...live, spec: { ...live.spec, replicas: 4 } }, 'kubectl-edit', 'Update', T1)).toEqual({
      ...live,
      spec: { ...live.spec, replicas: 4 },
    });
  });
});
