// StatefulSet and pod template rules, as kube-apiserver's apps/v1 validation applies them
// (pkg/apis/apps/validation: ValidateStatefulSet, ValidateStatefulSetUpdate) and pods' containers.
import type { FieldError } from '../errors.js';
import { fromLabelSelector, matches } from '../labels.js';
import type { Json, KObject } from '../types.js';
import { canonical, DNS1123_LABEL_MSG, isDns1123Label, isObj, labelErrors, labelSelectorErrors, nonNegative, pushAll } from './fields.js';

/** Not an API limit: what one cluster file can hold (a real API server allows up to 2^31-1). */
export const MAX_SIMULATED_REPLICAS = 1_000_000;

function maxUnavailableErrors(v: unknown): FieldError[] {
  const path = 'spec.updateStrategy.rollingUpdate.maxUnavailable';
  if (v === undefined) return [];
  if (typeof v === 'number') {
    if (v < 0) return [{ path, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' }];
    if (v === 0) return [{ path, type: 'Invalid', value: v, detail: 'cannot be 0' }];
    return [];
  }
  const s = String(v);
  if (!/^[0-9]+%$/.test(s))
    return [
      {
        path,
        type: 'Invalid',
        value: s,
        detail:
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      },
    ];
  const n = Number(s.slice(0, -1));
  if (n === 0) return [{ path, type: 'Invalid', value: s, detail: 'cannot be 0' }];
  if (n > 100) return [{ path, type: 'Invalid', value: s, detail: 'must not be greater than 100%' }];
  return [];
}

export function validateStatefulSet(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  if (s.serviceName && !isDns1123Label(String(s.serviceName)))
    errs.push({ path: 'spec.serviceName', type: 'Invalid', value: s.serviceName, detail: DNS1123_LABEL_MSG });
  if (!['OrderedReady', 'Parallel'].includes(s.podManagementPolicy))
    errs.push({ path: 'spec.podManagementPolicy', type: 'Invalid', value: s.podManagementPolicy, detail: "must be 'OrderedReady' or 'Parallel'" });
  const us = s.updateStrategy ?? {};
  if (us.type === 'OnDelete') {
    if (us.rollingUpdate !== undefined)
      errs.push({
        path: 'spec.updateStrategy.rollingUpdate',
        type: 'Invalid',
        value: us.rollingUpdate,
        shown: goRollingUpdate(us.rollingUpdate),
        detail: "only allowed for updateStrategy 'RollingUpdate'",
      });
  } else if (us.type === 'RollingUpdate') {
    pushAll(errs, nonNegative(us.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
    pushAll(errs, maxUnavailableErrors(us.rollingUpdate?.maxUnavailable));
  } else {
    errs.push({ path: 'spec.updateStrategy', type: 'Invalid', value: us, detail: "must be 'RollingUpdate' or 'OnDelete'" });
  }
  const rp = s.persistentVolumeClaimRetentionPolicy ?? {};
  for (const f of ['whenDeleted', 'whenScaled'])
    if (!['Retain', 'Delete'].includes(rp[f]))
      errs.push({ path: `spec.persistentVolumeClaimRetentionPolicy.${f}`, type: 'Unsupported', value: rp[f], supported: ['Retain', 'Delete'] });
  pushAll(errs, nonNegative(s.replicas, 'spec.replicas'));
  if (typeof s.replicas === 'number' && s.replicas > MAX_SIMULATED_REPLICAS)
    errs.push({
      path: 'spec.replicas',
      type: 'Invalid',
      value: s.replicas,
      detail: `sts simulates at most ${MAX_SIMULATED_REPLICAS} replicas per StatefulSet`,
    });
  pushAll(errs, nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  pushAll(errs, nonNegative(s.ordinals?.start, 'spec.ordinals.start'));
  const sel = s.selector;
  if (!isObj(sel)) errs.push({ path: 'spec.selector', type: 'Required' });
  else if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)
    errs.push({ path: 'spec.selector', type: 'Invalid', value: sel, detail: 'empty selector is invalid for statefulset' });
  const selectorErrs = isObj(sel) ? labelSelectorErrors(sel, 'spec.selector') : [];
  pushAll(errs, selectorErrs);
  const tpl = s.template;
  if (!isObj(tpl)) errs.push({ path: 'spec.template', type: 'Required' });
  else {
    const labels = tpl.metadata?.labels ?? {};
    if (isObj(sel) && !selectorErrs.length && !matches(fromLabelSelector(sel), labels))
      errs.push({ path: 'spec.template.metadata.labels', type: 'Invalid', value: labels, detail: '`selector` does not match template `labels`' });
    pushAll(errs, labelErrors(labels, 'spec.template.labels'));
    const rpol = tpl.spec?.restartPolicy;
    if (rpol !== undefined && rpol !== 'Always')
      errs.push({ path: 'spec.template.spec.restartPolicy', type: 'Unsupported', value: rpol, supported: ['Always'] });
    if (tpl.spec?.activeDeadlineSeconds !== undefined)
      errs.push({
        path: 'spec.template.spec.activeDeadlineSeconds',
        type: 'Forbidden',
        detail: 'activeDeadlineSeconds in StatefulSet is not Supported',
      });
  }
  return errs;
}

/** Pod spec rules the API server applies to a pod when it is created. */
export function validatePodSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const cs = spec?.containers;
  if (!Array.isArray(cs) || cs.length === 0) return [{ path: `${path}.containers`, type: 'Required' }];
  cs.forEach((c: Json, i: number) => {
    if (!c?.name) errs.push({ path: `${path}.containers[${i}].name`, type: 'Required' });
    if (!c?.image) errs.push({ path: `${path}.containers[${i}].image`, type: 'Required' });
  });
  return errs;
}

const STS_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** Update rules: for StatefulSets only the mutable spec fields may change. */
export function validateUpdate(oldObj: KObject, newObj: KObject): FieldError[] {
  if (newObj.kind !== 'StatefulSet') return [];
  const strip = (spec: Json) => {
    const c = { ...spec };
    for (const f of STS_MUTABLE) delete c[f];
    return canonical(c);
  };
  if (strip(oldObj.spec) !== strip(newObj.spec))
    return [
      {
        path: 'spec',
        type: 'Forbidden',
        detail:
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      },
    ];
  return [];
}

/**
 * The internal apps.RollingUpdateStatefulSetStrategy as field.Invalid prints it (the pointer taken
 * away, then %#v): `apps.RollingUpdateStatefulSetStrategy{Partition:0, MaxUnavailable:(*intstr.IntOrString)(nil)}`.
 * A set maxUnavailable is a pointer Go prints as an address; a fixed one stands for it.
 */
function goRollingUpdate(ru: Json): string {
  const partition = Number(ru?.partition ?? 0);
  const maxUnavailable =
    ru?.maxUnavailable === undefined || ru?.maxUnavailable === null ? '(*intstr.IntOrString)(nil)' : '(*intstr.IntOrString)(0xc000a1e2c0)';
  return `apps.RollingUpdateStatefulSetStrategy{Partition:${partition}, MaxUnavailable:${maxUnavailable}}`;
}
