// Resource names as kubectl 1.33 resolves them (resource.Builder.mappingFor over client-go's
// shortcutExpander and apimachinery's DefaultRESTMapper), the pod kubectl picks for a TYPE/NAME
// (podutils' ByLogging and ActivePods), and the small parsers of logs and cp.
import { describe, expect, it } from 'vitest';
import { resolveResource, shortNameWarning, typedResource } from '../../src/api/kinds.js';
import type { KObject } from '../../src/api/types.js';
import { extractFileSpec } from '../../src/cli/cp.js';
import { parseRfc3339 } from '../../src/cli/logs.js';
import { byAttachability, byLogging, selectorForObject } from '../../src/cli/pod-for-object.js';

const kind = (arg: string) => resolveResource(arg)?.kind;

// Every row was checked against kubectl 1.33 (`kubectl get ARG`) on a server with 1.33's discovery.
describe('TestMappingFor: TYPE[.VERSION][.GROUP]', () => {
  it.each([
    ['statefulsets.v1.apps', 'StatefulSet'],
    ['statefulset.v1.apps', 'StatefulSet'],
    ['statefulset.apps', 'StatefulSet'],
    ['StatefulSets.apps', 'StatefulSet'],
    ['StatefulSet', 'StatefulSet'],
    ['Pods', 'Pod'],
    ['Pod.v1.', 'Pod'],
    ['pods.v1.', 'Pod'],
    ['pods.', 'Pod'],
    ['pods..', 'Pod'],
    ['statefulsets.v1.', 'StatefulSet'],
    ['statefulsets..apps', 'StatefulSet'],
    ['deployments.apps', 'Deployment'],
    ['controllerrevision.v1.apps', 'ControllerRevision'],
    ['storageclass.storage.k8s.io', 'StorageClass'],
    ['storageclasses.v1.storage.k8s.io', 'StorageClass'],
    ['persistentvolumeclaim', 'PersistentVolumeClaim'],
  ])('%s is a %s', (arg, k) => expect(kind(arg)).toBe(k));

  it('a group matches exactly, else as a prefix', () => {
    expect(kind('statefulsets.a')).toBe('StatefulSet');
    expect(kind('statefulset.ap')).toBe('StatefulSet');
    expect(kind('storageclass.storage')).toBe('StorageClass');
  });

  it.each([
    ['sts.apps', 'StatefulSet'],
    ['sts.app', 'StatefulSet'],
    ['sts.a', 'StatefulSet'],
    ['sts..apps', 'StatefulSet'],
    ['sc.storage', 'StorageClass'],
    ['sc.storage.k8s.io', 'StorageClass'],
    ['svc.', 'Service'],
    ['po.v1.', 'Pod'],
    ['pvc.v1.', 'PersistentVolumeClaim'],
    ['deploy.v1.apps', 'Deployment'],
  ])('short name %s is a %s', (arg, k) => expect(kind(arg)).toBe(k));

  it('a short name loses its version: kubectl never checks it', () => {
    expect(kind('sts.v1.apps')).toBe('StatefulSet');
    expect(kind('sts.v9.apps')).toBe('StatefulSet');
    expect(kind('sts.v1beta1.apps')).toBe('StatefulSet');
    expect(kind('sts.v2.')).toBe('StatefulSet');
    expect(kind('hpa.v7.autoscaling')).toBe('HorizontalPodAutoscaler');
  });

  it.each([
    'statefulsets.v2.apps',
    'statefulsets.v1beta1.apps',
    'statefulsets.extensions',
    'statefulsets.v1.app',
    'storageclasses.v1.storage',
    'pods.v1',
    'pods.apps',
    'pods.v1.apps',
    'pod.v1.core',
    'pvc.v1',
    'ns.v1',
    'svc.apps',
    'deploy.extensions',
    'sts.foo',
    'sts.v1.apps.x',
    'foo.bar',
    '.pods',
  ])('%s is no resource type', (arg) => expect(kind(arg)).toBeUndefined());

  it('short names are case-sensitive; full names are lower-cased, groups are not', () => {
    expect(kind('STS')).toBeUndefined();
    expect(kind('PO')).toBeUndefined();
    expect(kind('Sts.apps')).toBeUndefined();
    expect(kind('sts.APPS')).toBeUndefined();
    expect(kind('sts.Apps')).toBeUndefined();
    expect(kind('statefulset.APPS')).toBeUndefined();
  });

  it('the error names the argument up to its first dot', () => {
    expect(typedResource('statefulsets.v2.apps')).toBe('statefulsets');
    expect(typedResource('sts.foo')).toBe('sts');
    expect(typedResource('.pods')).toBe('');
    expect(typedResource('STS')).toBe('STS');
  });

  it('ev could also be events.k8s.io: kubectl warns unless a group narrows it', () => {
    const w = 'Warning: short name "ev" could also match lower priority resource events.events.k8s.io';
    expect(shortNameWarning('ev')).toBe(w);
    expect(shortNameWarning('ev.v1.')).toBe(w);
    expect(kind('ev')).toBe('Event');
    expect(shortNameWarning('events')).toBeUndefined();
    expect(shortNameWarning('sts')).toBeUndefined();
  });
});

const pod = (name: string, o: { node?: boolean; phase?: string; readySince?: string; restarts?: number; created?: string } = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, creationTimestamp: o.created ?? '2025-01-01T00:00:00Z' },
  spec: o.node === false ? {} : { nodeName: 'node-1' },
  status: {
    phase: o.phase ?? 'Running',
    conditions: o.readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.readySince }] : [],
    containerStatuses: [{ restartCount: o.restarts ?? 0 }],
  },
});
const names = (pods: KObject[], order: (a: KObject, b: KObject) => number) => [...pods].sort(order).map((p) => p.metadata.name);

describe('TestByLogging / TestActivePods: which pod a StatefulSet or Service stands for', () => {
  it('both prefer the assigned, running, ready pod', () => {
    const pods = [pod('pending', { node: false, phase: 'Pending' }), pod('unready'), pod('ready', { readySince: '2025-01-01T00:00:10Z' })];
    expect(names(pods, byLogging)[0]).toBe('ready');
    expect(names(pods, byAttachability)[0]).toBe('ready');
  });

  it('both prefer the pod ready the longest: web-0 before web-1', () => {
    const pods = [pod('web-1', { readySince: '2025-01-01T00:00:08Z' }), pod('web-0', { readySince: '2025-01-01T00:00:04Z' })];
    expect(names(pods, byLogging)).toEqual(['web-0', 'web-1']);
    expect(names(pods, byAttachability)).toEqual(['web-0', 'web-1']);
  });

  it('restarts: logs want the pod that restarted most, exec the one that restarted least', () => {
    const pods = [pod('calm'), pod('crashy', { restarts: 3 })];
    expect(names(pods, byLogging)).toEqual(['crashy', 'calm']);
    expect(names(pods, byAttachability)).toEqual(['calm', 'crashy']);
  });

  it('then the older pod; ties keep the API order (by name)', () => {
    const pods = [
      pod('b', { created: '2025-01-01T00:00:05Z' }),
      pod('a', { created: '2025-01-01T00:00:09Z' }),
      pod('c', { created: '2025-01-01T00:00:05Z' }),
    ];
    expect(names(pods, byLogging)).toEqual(['b', 'c', 'a']);
    expect(names(pods, byAttachability)).toEqual(['b', 'c', 'a']);
  });
});

describe('TestSelectorsForObject', () => {
  const obj = (kind: string, spec: object, apiVersion = 'apps/v1'): KObject => ({ apiVersion, kind, metadata: { name: 'x' }, spec });
  it('sets, services with a selector; the rest cannot stand for pods', () => {
    expect(selectorForObject(obj('StatefulSet', { selector: { matchLabels: { app: 'nginx' } } }))).toHaveProperty('selector');
    expect(selectorForObject(obj('Service', { selector: { app: 'nginx' } }, 'v1'))).toHaveProperty('selector');
    expect(selectorForObject(obj('Service', {}, 'v1'))).toEqual({ error: "invalid service 'x': Service is defined without a selector" });
    expect(selectorForObject(obj('PersistentVolumeClaim', {}, 'v1'))).toEqual({ error: 'selector for *v1.PersistentVolumeClaim not implemented' });
  });
});

describe('cp file specs (extractFileSpec)', () => {
  it('path, pod:path, namespace/pod:path', () => {
    expect(extractFileSpec('/tmp/foo/')).toEqual({ file: '/tmp/foo' });
    expect(extractFileSpec('web-0:/data/')).toEqual({ podName: 'web-0', file: '/data' });
    expect(extractFileSpec('prod/web-0:data')).toEqual({ podNamespace: 'prod', podName: 'web-0', file: 'data' });
    expect(extractFileSpec('web-0:/')).toEqual({ podName: 'web-0', file: '/' });
  });
  it.each([':/x', 'a/b/c:/x'])('%s is refused', (arg) =>
    expect(() => extractFileSpec(arg)).toThrow('error: filespec must match the canonical format: [[namespace/]pod:]file/path'),
  );
});

describe('logs --since-time (time.Parse with RFC3339)', () => {
  it('reads RFC3339 with or without fractions and offsets', () => {
    expect(parseRfc3339('2025-01-02T03:04:05Z')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(parseRfc3339('2025-01-02T03:04:05.5Z')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5, 500));
    expect(parseRfc3339('2025-01-02T05:04:05+02:00')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5));
  });
  it.each([
    ['garbage', 'error: parsing time "garbage" as "2006-01-02T15:04:05Z07:00": cannot parse "garbage" as "2006"'],
    ['2025-01-02', 'error: parsing time "2025-01-02" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"'],
    ['2025-01-02T03:04:05', 'error: parsing time "2025-01-02T03:04:05" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
    ['2025-13-02T03:04:05Z', 'error: parsing time "2025-13-02T03:04:05Z": month out of range'],
    ['2025-02-30T03:04:05Z', 'error: parsing time "2025-02-30T03:04:05Z": day out of range'],
    ['2025-01-02T03:04:05Zjunk', 'error: parsing time "2025-01-02T03:04:05Zjunk": extra text: "junk"'],
  ])('%s: Go words it', (text, msg) => expect(() => parseRfc3339(text)).toThrow(msg));
});
