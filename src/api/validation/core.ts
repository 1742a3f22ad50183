// PVC, PV, StorageClass and Service rules, as kube-apiserver's validation applies them
// (pkg/apis/core/validation: ValidatePersistentVolumeClaimSpec, ValidatePersistentVolume,
// ValidateService; pkg/apis/storage/validation: ValidateStorageClass), the parts sts simulates.
import type { FieldError } from '../errors.js';
import { parseQuantity, QUANTITY_ERROR } from '../quantity.js';
import type { Json, KObject } from '../types.js';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** PVC spec rules; also used for claims made from volumeClaimTemplates. */
export function validateClaimSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const modes = spec?.accessModes;
  if (!Array.isArray(modes) || modes.length === 0)
    errs.push({ path: `${path}.accessModes`, type: 'Required', detail: 'at least 1 access mode is required' });
  else
    for (const m of modes)
      if (!ACCESS_MODES.includes(m)) errs.push({ path: `${path}.accessModes`, type: 'Unsupported', value: m, supported: ACCESS_MODES });
  const storage = spec?.resources?.requests?.storage;
  if (storage === undefined) errs.push({ path: `${path}.resources[storage]`, type: 'Required' });
  else if (parseQuantity(storage) === undefined)
    errs.push({ path: `${path}.resources.requests[storage]`, type: 'Invalid', value: storage, detail: QUANTITY_ERROR });
  else if ((parseQuantity(storage) ?? 0) <= 0)
    errs.push({ path: `${path}.resources.requests[storage]`, type: 'Invalid', value: storage, detail: 'must be greater than zero' });
  return errs;
}

export function validateStorageClass(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!o.provisioner) errs.push({ path: 'provisioner', type: 'Required' });
  if (!['Delete', 'Retain'].includes(o.reclaimPolicy))
    errs.push({ path: 'reclaimPolicy', type: 'Unsupported', value: o.reclaimPolicy, supported: ['Delete', 'Retain'] });
  if (!['Immediate', 'WaitForFirstConsumer'].includes(o.volumeBindingMode))
    errs.push({ path: 'volumeBindingMode', type: 'Unsupported', value: o.volumeBindingMode, supported: ['Immediate', 'WaitForFirstConsumer'] });
  return errs;
}

export function validatePersistentVolume(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const cap = o.spec?.capacity?.storage;
  if (cap === undefined) errs.push({ path: 'spec.capacity', type: 'Required' });
  else if (parseQuantity(cap) === undefined) errs.push({ path: 'spec.capacity[storage]', type: 'Invalid', value: cap, detail: QUANTITY_ERROR });
  if (!Array.isArray(o.spec?.accessModes) || !o.spec.accessModes.length) errs.push({ path: 'spec.accessModes', type: 'Required' });
  return errs;
}

export function validateService(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = o.spec ?? {};
  const headless = s.clusterIP === 'None';
  if (!headless && s.type !== 'ExternalName' && (!Array.isArray(s.ports) || !s.ports.length)) errs.push({ path: 'spec.ports', type: 'Required' });
  (Array.isArray(s.ports) ? s.ports : []).forEach((p: Json, i: number) => {
    const port = p.port ?? 0;
    if (!(port >= 1 && port <= 65535))
      errs.push({ path: `spec.ports[${i}].port`, type: 'Invalid', value: port, detail: 'must be between 1 and 65535, inclusive' });
  });
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(s.type))
    errs.push({ path: 'spec.type', type: 'Unsupported', value: s.type, supported: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] });
  return errs;
}
