// Carrying out the StatefulSet controller's decisions: revisions, claims and pods created or
// deleted with the controller's events, and the status written back.
import { isDeepStrictEqual } from 'node:util';
import { applyDefaults } from '../api/defaults.js';
import { featureEnabled, resolveMaxUnavailable } from '../api/features.js';
import { CliError, fieldErrorText, type FieldError } from '../api/errors.js';
import type { KObject, PodTemplate, StatefulSet, StatefulSetStatus } from '../api/types.js';
import { nameErrors, validateClaimSpec, validatePodSpec } from '../api/validation.js';
import type { Cluster } from '../store/cluster.js';
import type { Involved } from '../store/events.js';
import { deletePod } from '../apiserver/delete.js';
import { createObject, createSetPod, defaultClassName } from '../apiserver/objects.js';
import { revisionTemplate } from '../apiserver/pod-object.js';
import { syncRevisions, truncateHistory } from './revisions.js';
import { decide, type Action, type Decision, type SetView } from './statefulset.js';
import { claimIsStale, syncClaimOwners } from './claim-owners.js';
import { cachedSet, recheckClaims, view, type CachedSet } from './statefulset-cache.js';

const SRC = 'statefulset-controller';

/**
 * Tests turn this on to have every sync decide a second time from views made afresh of every pod,
 * and throw if the cached views led anywhere else (test/unit/statefulset-cache.test.ts).
 */
export const crossCheck = { enabled: false };

/**
 * What the actions of one sync share: the set, the reference its events carry, and the template of
 * each revision it creates pods from (a Parallel set creates all its pods in one sync: each would
 * otherwise look its revision up and have the event recorder spell the set's reference again).
 */
interface Scope {
  readonly set: StatefulSet;
  readonly ns: string;
  readonly ref: Involved;
  /** by revision: its template, and what is wrong with a pod made from it (the pod's name aside) */
  readonly templates: Map<string, { template: PodTemplate; errs: FieldError[] }>;
  /**
   * The set has no volumeClaimTemplates, so its pods (but those with a spec of their own) have no
   * claims (claimNames): no owners to keep, and no claims to look up for each.
   */
  readonly claimless: boolean;
}

function scopeOf(set: StatefulSet): Scope {
  const m = set.metadata;
  // what the event recorder makes of the set itself (store/events.ts)
  const ref = { kind: set.kind, ns: m.namespace ?? 'default', name: m.name, uid: m.uid };
  return { set, ns: m.namespace!, ref, templates: new Map(), claimless: !set.spec.volumeClaimTemplates?.length };
}

/** The template pods of revision `rev` are made from (the set's own if the revision is gone), and its errors. */
function templateOf(c: Cluster, s: Scope, rev: string): { template: PodTemplate; errs: FieldError[] } {
  let known = s.templates.get(rev);
  if (!known) {
    const revObj = c.get('ControllerRevision', s.ns, rev);
    const template = revObj ? revisionTemplate(revObj) : s.set.spec.template;
    const errs = validatePodSpec(template.spec);
    // the pod's controller-revision-hash label is the revision's name (setPodLabels)
    if (rev.length > 63) errs.push({ path: 'metadata.labels', type: 'Invalid', value: rev, detail: 'must be no more than 63 characters' });
    s.templates.set(rev, (known = { template, errs }));
  }
  return known;
}

/** Create the claims of one ordinal that do not exist yet. Returns an error text if one cannot be. */
function createClaims(c: Cluster, s: Scope, ord: number, podName: string): string | undefined {
  const { set, ns } = s;
  const templates = set.spec.volumeClaimTemplates;
  if (!templates?.length) return undefined;
  const failed = (name: string, err: string) => {
    c.event(
      s.ref,
      'Warning',
      'FailedCreate',
      `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${err}`,
      SRC,
    );
    return `failed to create PVC ${name}: ${err}`;
  };
  for (const t of templates) {
    const name = `${t.metadata?.name ?? ''}-${set.metadata.name}-${ord}`;
    const existing = c.get('PersistentVolumeClaim', ns, name);
    if (existing) {
      if (existing.metadata.deletionTimestamp) return `pvc ${name} is being deleted`;
      continue; // reused silently: this is how a pod finds its data again
    }
    const errs = [...nameErrors('PersistentVolumeClaim', name), ...validateClaimSpec(t.spec)];
    if (errs.length) return failed(name, `PersistentVolumeClaim "${name}" is invalid: ${errs.map(fieldErrorText).join(', ')}`);
    const pvc: KObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      // identity (uid, resourceVersion, creationTimestamp) is the API server's to assign
      metadata: {
        name,
        namespace: ns,
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
        labels: { ...(t.metadata.labels ?? {}), ...(set.spec.selector.matchLabels ?? {}) },
        ...(t.metadata.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      },
      spec: structuredClone(t.spec),
    };
    applyDefaults(pvc, defaultClassName(c));
    try {
      createObject(c, pvc);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      return failed(name, e.message.replace(/^Error from server \(\w+\): /, ''));
    }
    c.event(s.ref, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`, SRC);
  }
  return undefined;
}

// upstream: StatefulPodControl.CreateStatefulPod (claims first, then the pod)
function createStatefulPod(c: Cluster, s: Scope, ord: number, rev: string): boolean {
  const { set, ns } = s;
  const setName = set.metadata.name;
  const name = `${setName}-${ord}`;
  let err = createClaims(c, s, ord, name);
  if (!err) {
    const { errs } = templateOf(c, s, rev);
    if (errs.length) err = `Pod "${name}" is invalid: ${errs.length === 1 ? fieldErrorText(errs[0]) : `[${errs.map(fieldErrorText).join(', ')}]`}`;
  }
  if (err) {
    c.event(s.ref, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${setName} failed error: ${err}`, SRC);
    return false;
  }
  const pod = createSetPod(c, ns, name, setName, ord, rev);
  if (!s.claimless) syncClaimOwners(c, set, pod, false);
  c.event(s.ref, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${setName} successful`, SRC);
  return true;
}

/** Carry out one action; false if it could not be (the controller retries when something changes). */
function apply(c: Cluster, s: Scope, a: Action): boolean {
  const { set, ns } = s;
  switch (a.type) {
    case 'create':
      return createStatefulPod(c, s, a.ord, a.rev);
    case 'createClaims':
      return createClaims(c, s, a.ord, `${set.metadata.name}-${a.ord}`) === undefined;
    case 'delete': {
      const p = c.pod(ns, a.name);
      if (!p) return false;
      // Before a scale-down deletes it, a condemned pod takes over its claims (whenScaled: Delete).
      if (a.reason === 'condemned') syncClaimOwners(c, set, p, true);
      deletePod(c, p);
      c.event(s.ref, 'Normal', 'SuccessfulDelete', `delete Pod ${a.name} in StatefulSet ${set.metadata.name} successful`, SRC);
      return true;
    }
  }
}

/** The set as decide() sees it and what it decides now (a sync carries it out; `sts why` reads it). */
export function decisionFor(c: Cluster, set: StatefulSet, revisions: { current: string; update: string }): { setView: SetView; decision: Decision } {
  const cached = cachedSet(c, set);
  recheckClaims(c, cached);
  const gate = featureEnabled(c.file.features, 'MaxUnavailableStatefulSet') && set.spec.updateStrategy.rollingUpdate;
  const maxUnavailable = gate ? resolveMaxUnavailable(set.spec.updateStrategy.rollingUpdate?.maxUnavailable, set.spec.replicas) : undefined;
  const deleting = set.metadata.deletionTimestamp !== undefined;
  // decide asks only about ordinals in range without a pod
  const staleClaims = { has: (ord: number) => !cached.pods.present.has(ord) && claimIsStale(c, set, ord) };
  const setView = { spec: set.spec, maxUnavailable, generation: set.metadata.generation ?? 1, deleting, status: set.status ?? {}, staleClaims };
  return { setView, decision: decide(setView, cached.pods, revisions, c.now) };
}

/**
 * One sync of one StatefulSet. Returns whether it acted (the caller syncs again until it does not,
 * so that the set settles at this instant).
 */
export function syncStatefulSet(c: Cluster, ns: string, name: string): boolean {
  const set = c.get('StatefulSet', ns, name) as StatefulSet | undefined;
  if (!set) return false;
  const deleting = set.metadata.deletionTimestamp !== undefined;
  if (deleting && c.podsOf(ns, name).size === 0) {
    // Foreground deletion finishes once the dependents are gone.
    c.remove('StatefulSet', ns, name);
    return true;
  }
  const { owned: revisionsOwned, ...revisions } = syncRevisions(c, set);
  const cached = cachedSet(c, set);
  releaseAdopted(c, cached);
  const { setView, decision } = decisionFor(c, set, revisions);
  const start = set.spec.ordinals?.start ?? 0;
  if (crossCheck.enabled) {
    const fresh = decide(
      setView,
      [...c.podsOf(ns, name).values()].map((p) => view(c, p)),
      revisions,
      c.now,
    );
    if (!isDeepStrictEqual(fresh, decision))
      throw new Error(`${ns}/${name}: cached views decided ${JSON.stringify(decision)}, fresh ones ${JSON.stringify(fresh)}`);
  }
  const { actions, status } = decision;
  let acted = false;
  const scope = scopeOf(set);
  for (const a of actions) acted = apply(c, scope, a) || acted;
  // Claim owners follow the retention policy (a policy change shows as a pod update, as upstream).
  // New pods get theirs when created and condemned ones before deletion, so all pods are looked
  // at only when the spec (and so perhaps the policy) changed, or once per command. A condemned pod
  // that is already terminating takes over its claims too (upstream's "Fix pod claims for condemned
  // pods" in updateStatefulSet runs over every condemned pod); otherwise they would outlive it.
  const generation = set.metadata.generation ?? 1;
  const key = `${ns}/${name}`;
  if (!deleting && c.claimOwnersChecked.get(key) !== generation) {
    c.claimOwnersChecked.set(key, generation);
    for (const p of c.podsOf(ns, name).values()) {
      if (scope.claimless && !p.spec) continue;
      const condemned = p.ordinal! < start || p.ordinal! >= start + set.spec.replicas;
      if (p.deletingSince !== undefined && !condemned) continue;
      if (syncClaimOwners(c, set, p, condemned) && !condemned)
        c.event(scope.ref, 'Normal', 'SuccessfulUpdate', `update Pod ${p.name} in StatefulSet ${name} successful`, SRC);
    }
  }
  if (!sameStatus(status, set.status)) {
    set.status = status;
    c.statusChanged(set);
  }
  // the revisions pods use, those created just now included
  const live = new Set([status.currentRevision!, status.updateRevision!, ...cachedSet(c, set).pods.revisions()]);
  truncateHistory(c, set, live, revisionsOwned);
  return acted;
}

/** An adopted pod keeps its own copy of template and labels until its revision exists again. */
function releaseAdopted(c: Cluster, s: CachedSet): void {
  for (const p of s.adopted) {
    if (!p.adopted) s.adopted.delete(p);
    else if (p.revision && c.get('ControllerRevision', p.ns, p.revision)) {
      delete p.adopted;
      delete p.spec;
      delete p.labels;
      delete p.annotations;
      s.adopted.delete(p);
    }
  }
}

/** Whether the stored status says the same (what comparing their canonical JSON said, without making it). */
function sameStatus(status: StatefulSetStatus, stored: StatefulSetStatus | undefined): boolean {
  if (!stored) return false;
  const mine = status as unknown as Record<string, unknown>;
  const theirs = stored as unknown as Record<string, unknown>;
  let keys = 0;
  for (const k of Object.keys(theirs)) {
    if (theirs[k] === undefined) continue;
    if (mine[k] !== theirs[k]) return false;
    keys++;
  }
  for (const k of Object.keys(mine)) if (mine[k] !== undefined) keys--;
  return keys === 0;
}
