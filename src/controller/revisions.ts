// ControllerRevisions: one per distinct pod template, named <set>-<hash> like upstream's
// (FNV-1 over the revision data plus the collision count, digits mapped to [4-9bcdf]).
import { controllerRef } from '../api/kinds.js';
import { canonical } from '../api/validation.js';
import type { Json, KObject, PodTemplate, StatefulSet } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { createObject } from '../apiserver/objects.js';

const SAFE = '456789bcdf';

export function fnv1(text: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ bytes[i]) >>> 0;
  }
  return h >>> 0;
}

export function revisionData(template: PodTemplate): Json {
  return { spec: { template: { $patch: 'replace', ...template } } };
}

export function revisionHash(data: Json, collisionCount: number): string {
  return hashOf(canonical(data), collisionCount);
}

/** revisionHash of data whose canonical text is `text`. */
function hashOf(text: string, collisionCount: number): string {
  return String(fnv1(text + String(collisionCount)))
    .split('')
    .map((d) => SAFE[Number(d)])
    .join('');
}

/**
 * canonical(make()), remembered for `o` until `version` moves: a revision's data (its
 * resourceVersion) and a set's template (its generation) are written anew, not edited in place, so
 * the set's sync need not spell them out again each time.
 */
const texts = new WeakMap<object, { version: unknown; text: string }>();
function canonicalFor(o: object, version: unknown, make: () => Json): string {
  const known = texts.get(o);
  if (known && known.version === version) return known.text;
  const text = canonical(make());
  texts.set(o, { version, text });
  return text;
}

/**
 * Whether a revision's data is the set's template's, remembered until either is written anew (as
 * with texts): each set's revisions are compared once per process, not in every sync.
 */
const compared = new WeakMap<object, { template: object; generation: unknown; version: unknown; equal: boolean }>();
function sameData(r: KObject, set: StatefulSet, data: Json, dataText: () => string): boolean {
  const template = set.spec.template;
  const generation = set.metadata.generation;
  const version = r.metadata.resourceVersion;
  const known = compared.get(r);
  if (known && known.template === template && known.generation === generation && known.version === version) return known.equal;
  // Equal data has equal text: mostly found so without spelling either out (the texts of a
  // thousand sets' templates and revisions were 35 ms).
  const equal = sameJson(r.data, data) || canonicalFor(r, version, () => r.data) === dataText();
  compared.set(r, { template, generation, version, equal });
  return equal;
}

/**
 * Whether two values read from JSON or YAML are equal, keys in any order (then their canonical
 * texts are equal; where this says no, the texts decide: undefined members, NaN). A third of the
 * time of util.isDeepStrictEqual, which also weighs prototypes and property descriptors.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!Object.hasOwn(y, k) || !sameJson(x[k], y[k])) return false;
  return true;
}

/** Revisions controlled by this set, oldest first. */
export function ownedRevisions(c: Cluster, set: KObject): KObject[] {
  return c
    .list('ControllerRevision', set.metadata.namespace)
    .filter((r) => r.metadata.ownerReferences?.some((o) => o.controller && o.uid === set.metadata.uid))
    .sort((a, b) => a.revision - b.revision || (a.metadata.name < b.metadata.name ? -1 : 1));
}

/**
 * Find or make the revision of the set's current template (the update revision), renumbering an
 * older equal one on rollback; the current revision is the one status names, else the update one.
 */
export function syncRevisions(c: Cluster, set: StatefulSet): { current: string; update: string; owned: KObject[] } {
  const ns = set.metadata.namespace!;
  const revs = ownedRevisions(c, set);
  const data = revisionData(set.spec.template);
  let text: string | undefined;
  const dataText = () => (text ??= canonicalFor(set.spec.template, set.metadata.generation, () => data));
  const max = revs.length ? revs[revs.length - 1].revision : 0;
  let update: KObject | undefined;
  const equal = revs.filter((r) => sameData(r, set, data, dataText));
  if (equal.length && equal[equal.length - 1] === revs[revs.length - 1]) update = equal[equal.length - 1];
  else if (equal.length) {
    update = equal[equal.length - 1];
    update.revision = max + 1;
    c.put(update);
  } else {
    let collisions = set.status?.collisionCount ?? 0;
    for (;;) {
      const hash = hashOf(dataText(), collisions);
      const name = `${set.metadata.name.slice(0, 223)}-${hash}`;
      const existing = c.get('ControllerRevision', ns, name);
      if (existing && canonical(existing.data) !== dataText()) {
        collisions++;
        continue;
      }
      if (existing) {
        update = existing;
        break;
      }
      update = createObject(c, {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        // identity (uid, resourceVersion, creationTimestamp) is the API server's to assign
        metadata: {
          name,
          namespace: ns,
          uid: '',
          resourceVersion: '',
          creationTimestamp: '',
          labels: { ...(set.spec.template.metadata?.labels ?? {}), 'controller.kubernetes.io/hash': hash },
          ...(set.metadata.annotations ? { annotations: { ...set.metadata.annotations } } : {}),
          ownerReferences: [controllerRef(set)],
        },
        data,
        revision: max + 1,
      });
      // its data is the template's, and its text known already: the next sync need not compare
      texts.set(update, { version: update.metadata.resourceVersion, text: dataText() });
      compared.set(update, {
        template: set.spec.template,
        generation: set.metadata.generation,
        version: update.metadata.resourceVersion,
        equal: true,
      });
      break;
    }
    if (collisions !== (set.status?.collisionCount ?? 0)) set.status = { ...set.status, collisionCount: collisions };
  }
  const currentName = set.status?.currentRevision;
  const current = currentName && c.get('ControllerRevision', ns, currentName) ? currentName : update.metadata.name;
  // the set's revisions, oldest first: as listed, unless one was just made or renumbered
  const owned = update === revs[revs.length - 1] ? revs : ownedRevisions(c, set);
  return { current, update: update.metadata.name, owned };
}

/** Drop the oldest revisions that no pod, and neither status revision, uses beyond the history limit. */
export function truncateHistory(c: Cluster, set: StatefulSet, live: Set<string>, owned = ownedRevisions(c, set)): void {
  const limit = set.spec.revisionHistoryLimit;
  if (limit < 0) return;
  const dead = owned.filter((r) => !live.has(r.metadata.name));
  for (const r of dead.slice(0, Math.max(0, dead.length - limit))) c.remove('ControllerRevision', r.metadata.namespace, r.metadata.name);
}
