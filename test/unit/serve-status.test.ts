// `sts serve`'s two small translations: a URL path into the resource it names, and sts's errors (kubectl's
// whole line) into the Status objects kubectl builds that line from.
import { describe, expect, it } from 'vitest';
import { alreadyExists, CliError, invalidError, notFound } from '../../src/api/errors.js';
import { kindInfo } from '../../src/api/kinds.js';
import { resourceTarget } from '../../src/serve/paths.js';
import { toStatus } from '../../src/serve/status.js';
import { duplicateFields } from '../../src/serve/json-duplicates.js';

const sts = kindInfo('StatefulSet')!;

describe('resourceTarget', () => {
  const at = (p: string) => {
    const t = resourceTarget(p);
    return t && [t.info.kind, t.ns, t.name, t.sub];
  };
  it('reads namespaced, cluster-scoped and all-namespace paths, and subresources', () => {
    expect(at('/apis/apps/v1/namespaces/default/statefulsets/web/scale')).toEqual(['StatefulSet', 'default', 'web', 'scale']);
    expect(at('/api/v1/pods')).toEqual(['Pod', undefined, undefined, undefined]);
    expect(at('/api/v1/namespaces/default')).toEqual(['Namespace', undefined, 'default', undefined]);
    expect(at('/api/v1/persistentvolumes/pv-1')).toEqual(['PersistentVolume', undefined, 'pv-1', undefined]);
  });
  it('refuses what the API does not serve', () => {
    expect(at('/api/v1/namespaces/default/persistentvolumes')).toBeUndefined(); // cluster-scoped under a namespace
    expect(at('/apis/apps/v1beta2/namespaces/default/statefulsets')).toBeUndefined(); // only the preferred version
    expect(at('/apis/apps/v1/namespaces/default/statefulsets/web/scale/more')).toBeUndefined();
    expect(at('/apis/nothing/v1/things')).toBeUndefined();
  });
});

describe('toStatus', () => {
  it('a NotFound, with its details', () => {
    expect(toStatus(notFound(sts, 'web'), sts, 'web')).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'statefulsets.apps "web" not found',
      reason: 'NotFound',
      details: { name: 'web', group: 'apps', kind: 'statefulsets' },
      code: 404,
    });
  });
  it('leaves out what kubectl adds itself for a manifest (error when creating "x.yaml": )', () => {
    const s = toStatus(alreadyExists(sts, 'web', 'web.yaml'));
    expect([s.code, s.reason, s.message]).toEqual([409, 'AlreadyExists', 'statefulsets.apps "web" already exists']);
  });
  it('an Invalid with one cause per field error', () => {
    const e = invalidError('StatefulSet', 'web', [
      { path: 'spec.replicas', type: 'Invalid', value: -1, detail: 'must be greater than or equal to 0' },
      { path: 'spec.selector', type: 'Required' },
    ]);
    expect(toStatus(e, sts, 'web')).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'StatefulSet.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value]',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'StatefulSet',
        causes: [
          { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
        ],
      },
      code: 422,
    });
  });
  it('a client-side message is a BadRequest; anything else an InternalError', () => {
    expect(toStatus(new CliError('error: something odd')).code).toBe(400);
    const internal = toStatus(new TypeError('x is undefined'));
    expect([internal.code, internal.reason, internal.message]).toEqual([
      500,
      'InternalError',
      'an error on the server ("x is undefined") has prevented the request from succeeding',
    ]);
  });
});

describe('duplicateFields', () => {
  it('names keys given twice by their paths, list items by index, in document order', () => {
    const text =
      '{"spec":{"paused":true,"template":{"spec":{"containers":[{"name":"a","image":"x","image":"y"}]}},"paused":false},"kind":"Deployment"}';
    expect(duplicateFields(text)).toEqual(['spec.template.spec.containers[0].image', 'spec.paused']);
    expect(duplicateFields('{"a":"x\\"y","b":{"a":1},"a":[1,{"k":1,"k":2}]}')).toEqual(['a', 'a[1].k']);
    expect(duplicateFields('{"a":')).toEqual([]);
  });
});
