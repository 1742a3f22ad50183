// `sts create poddisruptionbudget NAME --selector … --min-available|--max-unavailable`: kubectl's
// create_pdb.go (Validate, createPodDisruptionBudgets) builds the object; created as `create configmap` is.
import { CliError } from '../api/errors.js';
import { parseSelector } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import { createImperative } from './create-data.js';
import type { Opts, Verb } from './verb.js';

export const createPdbVerb: Verb = {
  honours: ['dry-run', 'max-unavailable', 'min-available', 'output', 'selector'],
  ignores: ['allow-missing-template-keys', 'field-manager', 'show-managed-fields', 'validate', 'save-config'],
  run: (inv) => createImperative(inv, 'poddisruptionbudget', pdbOf),
};

/** intstr.Parse: a number, else the string */
const intOrString = (s: string): number | string => (/^[0-9]+$/.test(s) ? Number(s) : s);

/** metav1.ParseToLabelSelector: `k=v` into matchLabels, the rest into matchExpressions. */
export function toLabelSelector(text: string): Record<string, unknown> {
  let reqs;
  try {
    reqs = parseSelector(text);
  } catch (e) {
    throw new CliError(`error: couldn't parse the selector string ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Record<string, unknown>[] = [];
  for (const r of reqs) {
    const setForm = new RegExp(`(^|[\\s,])${r.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(in|notin)\\b`).test(text);
    if (r.op === 'in' && r.values.length === 1 && !setForm) matchLabels[r.key] = r.values[0];
    else if (r.op === 'exists') matchExpressions.push({ key: r.key, operator: 'Exists' });
    else if (r.op === '!') matchExpressions.push({ key: r.key, operator: 'DoesNotExist' });
    else if (r.op === 'in' || r.op === 'notin') matchExpressions.push({ key: r.key, operator: r.op === 'in' ? 'In' : 'NotIn', values: r.values });
  }
  return { ...(Object.keys(matchLabels).length ? { matchLabels } : {}), ...(matchExpressions.length ? { matchExpressions } : {}) };
}

function pdbOf(name: string, opts: Opts): KObject {
  const selector: string = opts.selector ?? '';
  const min: string = opts.minAvailable ?? '';
  const max: string = opts.maxUnavailable ?? '';
  if (!selector) throw new CliError('error: a selector must be specified');
  if (!min && !max) throw new CliError('error: one of min-available or max-unavailable must be specified');
  if (min && max) throw new CliError('error: min-available and max-unavailable cannot be both specified');
  if (min && !/^[0-9]+%?$/.test(min)) throw new CliError('error: invalid format specified for min-available');
  if (max && !/^[0-9]+%?$/.test(max)) throw new CliError('error: invalid format specified for max-unavailable');
  return {
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    metadata: { name, ...(opts.namespaceExplicit ? { namespace: opts.namespace } : {}) },
    spec: {
      ...(min ? { minAvailable: intOrString(min) } : {}),
      selector: toLabelSelector(selector),
      ...(max ? { maxUnavailable: intOrString(max) } : {}),
    },
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  } as unknown as KObject;
}
