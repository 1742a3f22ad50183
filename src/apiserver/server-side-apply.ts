// Server-side apply and field ownership (apiserver's fieldmanager over structured-merge-diff's
// merge.Updater): Apply merges a configuration and prunes what its manager dropped, reporting
// conflicts with other managers; Update records what a plain write changed. Pure: no Cluster here.
import {
  appliedFields,
  compareFields,
  difference,
  type FieldSet,
  type FieldsV1,
  fromFieldsV1,
  intersection,
  pathString,
  removeFields,
  sortedMembers,
  toFieldsV1,
  union,
} from '../api/managed-fields.js';
import { strategicMerge } from '../api/patch.js';
import { isObj, type Json, type KObject } from '../api/types.js';
import { canonical } from '../api/validation.js';
import { LAST_APPLIED } from './objects.js';

export { fieldSet } from '../api/managed-fields.js';

/** One metadata.managedFields entry (metav1.ManagedFieldsEntry), keys in Go's field order. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

/** A field another manager owns with another value than the one applied. */
export interface FieldConflict {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  /** fieldpath.Path.String(): `.spec.replicas` */
  field: string;
}

export interface ApplyOptions {
  force: boolean;
  /** RFC 3339, the time recorded for a manager whose fields changed */
  now: string;
  subresource?: string;
  /** The defaulting admission will apply (e.g. `o => applyDefaults(o, defaultClassName(c))`, pure): when
   *  given, what changed is judged on the defaulted result, so a default the live object already carries
   *  is not a change (nor a conflict) */
  defaults?: (obj: KObject) => unknown;
}

/** Who owns an object's fields before it was first applied to (skipNonAppliedManager's beforeApplyManagerName). */
export const BEFORE_FIRST_APPLY = 'before-first-apply';
/** kubectl's server-side field manager: the one whose applies also keep a client-side annotation current. */
const KUBECTL = 'kubectl';

interface Owner {
  entry: Omit<ManagedFieldsEntry, 'fieldsV1' | 'fieldsType'>;
  set: FieldSet;
}

/** Managers are told apart by name, operation, subresource and (for updates) apiVersion (BuildManagerIdentifier). */
const identity = (e: Owner['entry']) => JSON.stringify([e.manager, e.operation, e.operation === 'Apply' ? '' : e.apiVersion, e.subresource ?? '']);

function decode(entries: Json): Map<string, Owner> {
  const owners = new Map<string, Owner>();
  if (!Array.isArray(entries)) return owners;
  for (const e of entries) {
    if (!isObj(e) || typeof e.manager !== 'string') continue;
    const entry: Owner['entry'] = {
      manager: e.manager,
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: String(e.apiVersion ?? ''),
    };
    if (typeof e.time === 'string') entry.time = e.time;
    if (e.subresource) entry.subresource = String(e.subresource);
    owners.set(identity(entry), { entry, set: fromFieldsV1(e.fieldsV1) });
  }
  return owners;
}

/** The entries as the API server writes them: empty sets dropped, Apply before Update, then by time and manager (sortEncodedManagedFields). */
function encode(owners: Map<string, Owner>): ManagedFieldsEntry[] {
  const entries = [...owners.values()]
    .filter((o) => o.set.size)
    .map(({ entry, set }): ManagedFieldsEntry => {
      const { manager, operation, apiVersion, time, subresource } = entry;
      return {
        manager,
        operation,
        apiVersion,
        ...(time ? { time } : {}),
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(set),
        ...(subresource ? { subresource } : {}),
      };
    });
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
}

/** The object without metadata.managedFields (what the field sets are computed over). */
function bare(o: Json): Json {
  if (!isObj(o) || !isObj(o.metadata) || !Object.hasOwn(o.metadata, 'managedFields')) return o;
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

function withManagedFields(o: Json, entries: ManagedFieldsEntry[]): KObject {
  const { managedFields: _m, ...metadata } = (o.metadata ?? {}) as Record<string, Json>;
  return { ...o, metadata: entries.length ? { ...metadata, managedFields: entries } : metadata } as KObject;
}

/** Fields of the client-side last-applied annotation whose live value is still the applied one (lastAppliedManager). */
function stillLastApplied(live: KObject): FieldSet {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (text === undefined) return new Set();
  let last: Json;
  try {
    last = JSON.parse(text);
  } catch {
    return new Set();
  }
  const { changed, removed } = compareFields(last, bare(live));
  return difference(difference(appliedFields(last), changed), removed);
}

/** The annotation's new text after kubectl's server-side apply (lastAppliedUpdater's buildLastApplied). */
function lastAppliedOf(applied: Json): string {
  const copy = structuredClone(applied);
  if (isObj(copy.metadata?.annotations)) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (!Object.keys(copy.metadata.annotations).length) delete copy.metadata.annotations;
  }
  return `${canonical(copy)}\n`;
}

/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`): `applied` merged into `live` (lists
 * with merge keys by key), the fields `manager` applied last time but no longer (and nobody else owns)
 * removed, its Apply entry in metadata.managedFields set to exactly what it applies now. A field that
 * another manager owns and this apply changes is a conflict: without `force` nothing is applied and the
 * conflicts are returned (make them a 409 with `applyConflictStatus`); with it, ownership moves here.
 * `live` undefined: the object is created from `applied`. The result is neither defaulted nor validated
 * (admit it, then create or update it); an object that had no managedFields first gets a
 * `before-first-apply` entry owning what it had, as upstream does.
 */
export function serverSideApply(
  live: KObject | undefined,
  applied: Json,
  manager: string,
  opts: ApplyOptions,
): { object: KObject; conflicts: FieldConflict[] } {
  const config = bare(structuredClone(applied));
  const apiVersion = String(config.apiVersion ?? live?.apiVersion ?? '');
  const self: Owner['entry'] = { manager, operation: 'Apply', apiVersion, ...(opts.subresource ? { subresource: opts.subresource } : {}) };
  const owners = decode(live?.metadata.managedFields);
  if (live && !owners.size) {
    const entry: Owner['entry'] = { manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: live.apiVersion, time: opts.now };
    owners.set(identity(entry), { entry, set: compareFields({}, bare(live)).changed });
  }
  const id = identity(self);
  const last = owners.get(id);
  const applying = appliedFields(config, opts.subresource);
  owners.set(id, { entry: { ...last?.entry, ...self }, set: applying });
  const others = [...owners].filter(([k]) => k !== id);
  const before = live ? bare(live) : {};
  let merged: Json = live ? strategicMerge(before, config) : config;
  if (last)
    merged = removeFields(merged, difference(last.set, union(...others.map(([, o]) => o.set))), union(...[...owners.values()].map((o) => o.set)));
  let judged: Json = merged;
  if (opts.defaults) {
    judged = structuredClone(merged);
    opts.defaults(judged);
  }
  const { changed, removed } = compareFields(before, judged, opts.subresource);
  let conflicts: FieldConflict[] = [];
  const taken = new Map<string, FieldSet>();
  for (const [k, o] of others) {
    const clash = intersection(o.set, changed);
    if (!clash.size) continue;
    taken.set(k, clash);
    const { manager: m, operation, apiVersion: v, subresource } = o.entry;
    for (const p of sortedMembers(clash))
      conflicts.push({ manager: m, operation, apiVersion: v, ...(subresource ? { subresource } : {}), field: pathString(p) });
  }
  // kubectl's first server-side apply over a client-side one takes over the fields it applied then, unchanged since
  if (conflicts.length && !opts.force && manager === KUBECTL && live) {
    const allowed = new Set([...stillLastApplied(live)].map(pathString));
    if (conflicts.every((c) => allowed.has(c.field))) conflicts = [];
    else conflicts = conflicts.filter((c) => !allowed.has(c.field));
    if (conflicts.length) return { object: live, conflicts };
  } else if (conflicts.length && !opts.force) return { object: live ?? withManagedFields(config, []), conflicts };
  for (const [k, clash] of taken) owners.get(k)!.set = difference(owners.get(k)!.set, clash);
  for (const o of owners.values()) o.set = difference(o.set, removed);
  const mine = owners.get(id)!;
  if (!live || canonical(before) !== canonical(judged) || !mine.entry.time) mine.entry.time = opts.now;
  if (manager === KUBECTL && live?.metadata.annotations?.[LAST_APPLIED] !== undefined)
    merged.metadata = { ...merged.metadata, annotations: { ...merged.metadata?.annotations, [LAST_APPLIED]: lastAppliedOf(applied) } };
  return { object: withManagedFields(merged, encode(owners)), conflicts: [] };
}

/**
 * managedFields after a plain write (create, update, patch; operation Update) by `manager`: it now owns
 * what it added or changed, other managers lose those fields, and removed fields leave every manager.
 * As upstream, an existing object without managedFields is left untracked (skipNonAppliedManager): only a
 * create (`before` undefined) or an object already tracked gets entries. Returns `after` with them.
 */
export function updateManagedFields(
  before: KObject | undefined,
  after: KObject,
  manager: string,
  operation: 'Update',
  now: string,
  opts: { subresource?: string } = {},
): KObject {
  // a write may set managedFields itself (decodeLiveOrNew), except through a subresource; `[{}]` resets them
  const sent = after.metadata.managedFields;
  const reset = Array.isArray(sent) && sent.length === 1 && isObj(sent[0]) && !Object.keys(sent[0]).length;
  const owners = reset
    ? new Map<string, Owner>()
    : decode(!opts.subresource && Array.isArray(sent) && sent.length ? sent : before?.metadata.managedFields);
  if (before && !owners.size && !reset) return withManagedFields(after, []);
  const { changed, removed } = compareFields(before ? bare(before) : {}, bare(after), opts.subresource);
  const self: Owner['entry'] = { manager, operation, apiVersion: after.apiVersion, ...(opts.subresource ? { subresource: opts.subresource } : {}) };
  const id = identity(self);
  for (const [k, o] of owners) if (k !== id) o.set = difference(difference(o.set, changed), removed);
  const prev = owners.get(id);
  const set = union(difference(prev?.set ?? new Set(), removed), changed);
  owners.set(id, { entry: { ...prev?.entry, ...self, ...(changed.size || !prev?.entry.time ? { time: now } : {}) }, set });
  return withManagedFields(after, encode(owners));
}

/** How a conflict names its manager (printManager): `"kubectl-client-side-apply" using apps/v1` for an update. */
export function describeManager(c: Omit<FieldConflict, 'field'>): string {
  const name = `${JSON.stringify(c.manager)}${c.subresource ? ` with subresource ${JSON.stringify(c.subresource)}` : ''}`;
  return c.operation === 'Update' ? `${name} using ${c.apiVersion}` : name;
}

/** The 409's message (fieldmanager's getConflictMessage), e.g. `Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas`. */
export function conflictMessage(conflicts: FieldConflict[]): string {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${describeManager(conflicts[0])}: ${conflicts[0].field}`;
  const byManager = new Map<string, FieldConflict[]>();
  // upstream sorts by the manager's identifier, the JSON of {manager, operation, apiVersion?, subresource?}
  const key = (c: FieldConflict) =>
    JSON.stringify({
      manager: c.manager,
      operation: c.operation,
      ...(c.operation === 'Update' ? { apiVersion: c.apiVersion } : {}),
      ...(c.subresource ? { subresource: c.subresource } : {}),
    });
  for (const c of conflicts) byManager.set(key(c), [...(byManager.get(key(c)) ?? []), c]);
  const lines = [...byManager.keys()].sort().flatMap((k) => {
    const cs = byManager.get(k)!;
    return [`conflicts with ${describeManager(cs[0])}:`, ...cs.map((c) => `- ${c.field}`)];
  });
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The API server's answer to a conflicting apply (errors.NewApplyConflict): a 409 Status with one cause per field. */
export function applyConflictStatus(conflicts: FieldConflict[]): Json {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: conflictMessage(conflicts),
    reason: 'Conflict',
    details: { causes: conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with ${describeManager(c)}`, field: c.field })) },
    code: 409,
  };
}
