// The field-error machinery every kind's validation shares: names (apimachinery util/validation
// IsDNS1123Label/Subdomain, IsDNS1035Label), labels and selectors (metav1 validation), canonical JSON.
import type { FieldError } from '../errors.js';
import { isObj, type Json } from '../types.js';

export { isObj };

const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && LABEL_RE.test(s);
}

/** Name rules per kind (StatefulSets and namespaces: label; services: DNS-1035; most others: subdomain). */
export function nameErrors(kind: string, name: unknown, path = 'metadata.name'): FieldError[] {
  if (name === undefined || name === null || name === '') return [{ path, type: 'Required', detail: 'name or generateName is required' }];
  const n = typeof name === 'string' ? name : JSON.stringify(name);
  if (kind === 'StatefulSet' || kind === 'Namespace') {
    const errs: FieldError[] = [];
    if (n.length > 63) errs.push({ path, type: 'Invalid', value: n, detail: 'must be no more than 63 characters' });
    if (!LABEL_RE.test(n)) errs.push({ path, type: 'Invalid', value: n, detail: DNS1123_LABEL_MSG });
    return errs;
  }
  if (kind === 'Service') {
    const errs: FieldError[] = [];
    if (n.length > 63) errs.push({ path, type: 'Invalid', value: n, detail: 'must be no more than 63 characters' });
    if (!DNS1035_RE.test(n)) errs.push({ path, type: 'Invalid', value: n, detail: DNS1035_MSG });
    return errs;
  }
  if (n.length > 253) return [{ path, type: 'Invalid', value: n, detail: 'must be no more than 253 characters' }];
  if (!SUBDOMAIN_RE.test(n)) return [{ path, type: 'Invalid', value: n, detail: DNS1123_SUBDOMAIN_MSG }];
  return [];
}

const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function labelErrors(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    const parts = k.split('/');
    const name = parts.length === 2 ? parts[1] : parts[0];
    const prefix = parts.length === 2 ? parts[0] : undefined;
    if (parts.length > 2 || !QUALIFIED_NAME_RE.test(name) || name.length > 63 || (prefix !== undefined && !SUBDOMAIN_RE.test(prefix)))
      errs.push({
        path,
        type: 'Invalid',
        value: k,
        detail:
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      });
    if (v.length > 63 || !LABEL_VALUE_RE.test(v))
      errs.push({
        path,
        type: 'Invalid',
        value: v,
        detail:
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      });
  }
  return errs;
}

/** errs.push(...more) without a spread, which overflows the stack for very long lists. */
export function pushAll(errs: FieldError[], more: FieldError[]): void {
  for (const e of more) errs.push(e);
}

/** ValidateLabelSelector (apimachinery metav1 validation): operators, values, keys. */
export function labelSelectorErrors(sel: Json, path: string): FieldError[] {
  const errs = labelErrors(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((e: Json, i: number) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values: Json[] = e.values ?? [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (!values.length) errs.push({ path: `${at}.values`, type: 'Required', detail: "must be specified when `operator` is 'In' or 'NotIn'" });
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length)
        errs.push({ path: `${at}.values`, type: 'Forbidden', detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    } else errs.push({ path: `${at}.operator`, type: 'Invalid', value: e.operator ?? '', detail: 'not a valid selector operator' });
    pushAll(errs, labelErrors({ [e.key ?? '']: '' }, `${at}.key`));
  });
  return errs;
}

export const nonNegative = (v: unknown, path: string): FieldError[] =>
  typeof v === 'number' && v < 0 ? [{ path, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' }] : [];

/** JSON with sorted keys: for equality checks and hashing. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
