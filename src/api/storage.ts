// Which storage class a claim or volume asks for: the beta annotation wins over the field, as the
// PV controller's GetPersistentVolumeClaimClass / GetPersistentVolumeClass read it.
import type { KObject } from './types.js';

export const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export function claimClass(pvc: KObject): string {
  return pvc.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? pvc.spec?.storageClassName ?? '';
}

export function volumeClass(pv: KObject): string {
  return pv.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? pv.spec?.storageClassName ?? '';
}
