// The read model: objects as the API lists and gets them — stored ones, pods made whole from their
// records, events as Event objects, Endpoints and EndpointSlices derived from services — sorted as the API sorts.
import { notFound } from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import { matches, type Selector } from '../api/labels.js';
import type { KObject, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { endpointSliceObject, endpointsObject, mirroredEndpointSlice } from './endpoints.js';
import { eventObject } from './event-object.js';
import { podLabels, podObject } from './pod-object.js';

const byName = (a: KObject, b: KObject) =>
  (a.metadata.namespace ?? '') < (b.metadata.namespace ?? '')
    ? -1
    : (a.metadata.namespace ?? '') > (b.metadata.namespace ?? '')
      ? 1
      : a.metadata.name < b.metadata.name
        ? -1
        : a.metadata.name > b.metadata.name
          ? 1
          : 0;

/** Endpoints are derived from services (and any stored for services without a selector). */
function endpointsList(c: Cluster, ns: string | undefined): KObject[] {
  const derived = c
    .list('Service', ns)
    .filter((s) => s.spec?.selector && Object.keys(s.spec.selector).length)
    .map((s) => endpointsObject(c, s));
  const names = new Set(derived.map((e) => `${e.metadata.namespace}/${e.metadata.name}`));
  return [...derived, ...c.list('Endpoints', ns).filter((e) => !names.has(`${e.metadata.namespace}/${e.metadata.name}`))];
}

/** EndpointSlices: the controller's for each service with a selector, the API server's own for the
 *  Endpoints it keeps (skip-mirror), and any stored ones. */
function endpointSliceList(c: Cluster, ns: string | undefined): KObject[] {
  const services = c.list('Service', ns).filter((s) => s.spec?.selector && Object.keys(s.spec.selector).length);
  const own = c.list('Endpoints', ns).filter((e) => e.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror'] === 'true');
  const derived = [...services.map((s) => endpointSliceObject(c, s)), ...own.map(mirroredEndpointSlice)];
  const names = new Set(derived.map((e) => `${e.metadata.namespace}/${e.metadata.name}`));
  return [...derived, ...c.list('EndpointSlice', ns).filter((e) => !names.has(`${e.metadata.namespace}/${e.metadata.name}`))];
}

/** The kinds whose objects the read model derives, and how it lists them. */
const DERIVED: Record<string, (c: Cluster, ns: string | undefined) => KObject[]> = { Endpoints: endpointsList, EndpointSlice: endpointSliceList };
const derivedList = (kind: string) => (Object.hasOwn(DERIVED, kind) ? DERIVED[kind] : undefined);

/**
 * The pods in a namespace (undefined: all namespaces) whose labels the selector matches, in the
 * order the API lists them: records, so that a long list's objects can be made one at a time
 * (podObject, or podSummary for a table) as they are printed.
 */
export function listPodRecords(c: Cluster, ns: string | undefined, selector?: Selector): PodRecord[] {
  const pods = c.pods(ns).filter((p) => !selector || matches(selector, podLabels(c, p)));
  return pods.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every object of a kind in a namespace (undefined: all namespaces), sorted as the API lists them. */
export function listObjects(c: Cluster, info: KindInfo, ns: string | undefined, selector?: Selector): KObject[] {
  const scope = info.namespaced ? ns : undefined;
  if (info.kind === 'Pod') return listPodRecords(c, scope, selector).map((p) => podObject(c, p));
  const derived = derivedList(info.kind);
  const objs = derived
    ? derived(c, scope)
    : info.kind === 'Event'
      ? c
          .events()
          .map((e, i) => ({ e, i }))
          .filter(({ e }) => scope === undefined || e.ns === scope)
          .map(({ e, i }) => eventObject(e, i))
      : c.list(info.kind, scope);
  return objs.filter((o) => !selector || matches(selector, o.metadata.labels)).sort(byName);
}

/** Whether a named object exists (without building it). */
export function hasObject(c: Cluster, info: KindInfo, ns: string, name: string): boolean {
  if (info.kind === 'Pod') return !!c.pod(ns, name);
  const derived = derivedList(info.kind);
  if (derived) return derived(c, ns).some((e) => e.metadata.name === name);
  return !!c.get(info.kind, info.namespaced ? ns : undefined, name);
}

/** One named object (pods made whole), or NotFound. */
export function getObject(c: Cluster, info: KindInfo, ns: string, name: string): KObject {
  if (info.kind === 'Pod') {
    const p = c.pod(ns, name);
    if (!p) throw notFound(info, name);
    return podObject(c, p);
  }
  const derived = derivedList(info.kind);
  const o = derived ? derived(c, ns).find((e) => e.metadata.name === name) : c.get(info.kind, info.namespaced ? ns : undefined, name);
  if (!o) throw notFound(info, name);
  return o;
}
