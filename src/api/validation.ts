// Decoding and validation, with the API server's texts. Decoding errors (wrong JSON types,
// unknown fields) come first, as BadRequest (validation/decode.ts); then field validation, as
// Invalid: shared rules in validation/fields.ts, per kind in validation/statefulset.ts and core.ts.
import type { FieldError } from './errors.js';
import type { KObject } from './types.js';
import { validatePersistentVolume, validateClaimSpec, validateService, validateStorageClass } from './validation/core.js';
import { labelErrors, nameErrors, pushAll } from './validation/fields.js';
import { validatePodSpec, validateStatefulSet } from './validation/statefulset.js';

export { validateClaimSpec } from './validation/core.js';
export { decodeError, decodeFields } from './validation/decode.js';
export { canonical, DNS1123_LABEL_MSG, isDns1123Label, nameErrors } from './validation/fields.js';
export { MAX_SIMULATED_REPLICAS, validatePodSpec, validateUpdate } from './validation/statefulset.js';

export function validate(o: KObject): FieldError[] {
  const errs = nameErrors(o.kind, o.metadata.name);
  pushAll(errs, labelErrors(o.metadata.labels, 'metadata.labels'));
  switch (o.kind) {
    case 'StatefulSet':
      pushAll(errs, validateStatefulSet(o));
      break;
    case 'PersistentVolumeClaim':
      pushAll(errs, validateClaimSpec(o.spec));
      break;
    case 'Pod':
      pushAll(errs, validatePodSpec(o.spec));
      break;
    case 'StorageClass':
      pushAll(errs, validateStorageClass(o));
      break;
    case 'PersistentVolume':
      pushAll(errs, validatePersistentVolume(o));
      break;
    case 'Service':
      pushAll(errs, validateService(o));
      break;
  }
  return errs;
}
