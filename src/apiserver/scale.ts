// The subresources a client reads and patches: a StatefulSet's `scale` (an autoscaling/v1 Scale, the
// apps/statefulset registry's scaleFromStatefulSet and ScaleREST) and an object's `status` (StatusREST).
import { CliError, invalidError } from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import { labelSelectorString } from '../api/labels.js';
import { isObj, type Json, type KObject } from '../api/types.js';
import { canonical } from '../api/validation/fields.js';
import type { Cluster } from '../store/cluster.js';
import { admit, updateObject } from './objects.js';
import { getObject } from './read.js';

/** The Scale a StatefulSet shows through …/scale: the set's own metadata, its desired and observed replicas. */
export function scaleOf(set: KObject): KObject {
  const m = set.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: set.spec?.replicas ?? 0 },
    status: { replicas: set.status?.replicas ?? 0, selector: labelSelectorString(set.spec?.selector ?? {}) },
  };
}

/** Kinds a 1.33 server keeps no status subresource for (of those sts stores). */
const NO_STATUS = ['Event', 'ControllerRevision', 'ConfigMap', 'Secret', 'StorageClass'];

/** The server's 404 for a path it does not serve: a subresource the kind has not. */
const noSuchPath = () => new CliError('Error from server (NotFound): the server could not find the requested resource');

/** Whether the server serves `…/{name}/{sub}` (scale or status) for this kind. */
export const hasSubresource = (info: KindInfo, sub: 'scale' | 'status' | string): boolean =>
  sub === 'scale' ? info.kind === 'StatefulSet' : sub === 'status' && info.simulated && !NO_STATUS.includes(info.kind);

/** A 404 (before the object is looked up) when the kind has no such subresource. */
export function checkSubresource(info: KindInfo, sub: string): void {
  if (!hasSubresource(info, sub)) throw noSuchPath();
}

/** GET …/{name}/{sub}: the Scale, or (status) the object itself. */
export function readSubresource(obj: KObject, sub: string): KObject {
  return sub === 'scale' ? scaleOf(obj) : obj;
}

/** What a write through a subresource also does: check what is to be written (the server's resourceVersion
 *  precondition), and record its writer (the server's managedFields). */
export interface SubresourceWrite {
  check?: (next: Json) => void;
  track?: (before: KObject, after: KObject) => KObject;
}

/**
 * PATCH …/{name}/{sub}: `patch` turns what the subresource reads into what is to be written. A Scale
 * writes only the set's spec.replicas (through the update path, validated as a Scale); status writes
 * only the status. Returns what the subresource reads afterwards, and whether anything changed.
 */
export function patchSubresource(
  c: Cluster,
  info: KindInfo,
  obj: KObject,
  sub: string,
  patch: (current: Json) => Json,
  opts: SubresourceWrite = {},
): { read: KObject; changed: boolean } {
  const again = () => getObject(c, info, obj.metadata.namespace ?? '', obj.metadata.name);
  if (sub === 'scale') {
    const next = patch(scaleOf(obj));
    opts.check?.(next);
    const replicas = isObj(next) && isObj(next.spec) ? (next.spec.replicas ?? 0) : 0;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
      throw invalidError('Scale', obj.metadata.name, [
        { path: 'spec.replicas', type: 'Invalid', value: replicas, detail: 'must be greater than or equal to 0' },
      ]);
    const copy = structuredClone(obj);
    copy.spec.replicas = replicas;
    const desired = admit(c, copy, { name: obj.metadata.namespace ?? 'default', explicit: false }, 'scale', 'patching');
    const changed = updateObject(c, obj, opts.track ? opts.track(obj, desired) : desired);
    return { read: scaleOf(again()), changed };
  }
  if (obj.kind === 'Pod') throw new CliError('Error from server (MethodNotAllowed): the pod status is written only by the simulated kubelet');
  const next = patch(obj);
  opts.check?.(next);
  const status = isObj(next) ? next.status : undefined;
  if (canonical(status) === canonical(obj.status)) return { read: obj, changed: false };
  c.put({ ...structuredClone(obj), status });
  return { read: again(), changed: true };
}
