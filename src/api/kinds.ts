// Resource kinds: names, short names, groups and scope, as `kubectl api-resources` shows them.
// "simulated" kinds have a controller or special storage; the rest are stored and listed only.
import type { KObject, OwnerReference } from './types.js';

export interface KindInfo {
  kind: string;
  plural: string;
  singular: string;
  short: string[];
  group: string; // "" for the core group
  version: string;
  namespaced: boolean;
  simulated: boolean;
  /** apiVersions accepted in manifests besides the preferred one; all are stored as the preferred. */
  alsoAccepts?: string[];
  /** member of `kubectl get all` */
  all?: boolean;
}

const K = (
  kind: string,
  plural: string,
  short: string[],
  group: string,
  version: string,
  namespaced: boolean,
  simulated: boolean,
  extra: Partial<KindInfo> = {},
): KindInfo => ({ kind, plural, singular: kind.toLowerCase(), short, group, version, namespaced, simulated, ...extra });

// Order matters for `get all` (discovery order of the "all" category).
export const KINDS: KindInfo[] = [
  K('Pod', 'pods', ['po'], '', 'v1', true, true, { all: true }),
  K('ReplicationController', 'replicationcontrollers', ['rc'], '', 'v1', true, false, { all: true }),
  K('Service', 'services', ['svc'], '', 'v1', true, true, { all: true }),
  K('DaemonSet', 'daemonsets', ['ds'], 'apps', 'v1', true, false, {
    all: true,
    alsoAccepts: ['extensions/v1beta1', 'apps/v1beta2'],
  }),
  K('Deployment', 'deployments', ['deploy'], 'apps', 'v1', true, false, {
    all: true,
    alsoAccepts: ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'],
  }),
  K('ReplicaSet', 'replicasets', ['rs'], 'apps', 'v1', true, false, {
    all: true,
    alsoAccepts: ['extensions/v1beta1', 'apps/v1beta2'],
  }),
  K('StatefulSet', 'statefulsets', ['sts'], 'apps', 'v1', true, true, {
    all: true,
    alsoAccepts: ['apps/v1beta1', 'apps/v1beta2'],
  }),
  K('HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], 'autoscaling', 'v2', true, false, {
    all: true,
    alsoAccepts: ['autoscaling/v1', 'autoscaling/v2beta2'],
  }),
  K('CronJob', 'cronjobs', ['cj'], 'batch', 'v1', true, false, { all: true, alsoAccepts: ['batch/v1beta1'] }),
  K('Job', 'jobs', [], 'batch', 'v1', true, false, { all: true }),
  K('PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], '', 'v1', true, true),
  K('PersistentVolume', 'persistentvolumes', ['pv'], '', 'v1', false, true),
  K('StorageClass', 'storageclasses', ['sc'], 'storage.k8s.io', 'v1', false, true, {
    alsoAccepts: ['storage.k8s.io/v1beta1'],
  }),
  K('Namespace', 'namespaces', ['ns'], '', 'v1', false, true),
  K('Node', 'nodes', ['no'], '', 'v1', false, true),
  K('ControllerRevision', 'controllerrevisions', [], 'apps', 'v1', true, true),
  K('Event', 'events', ['ev'], '', 'v1', true, true),
  K('ServiceAccount', 'serviceaccounts', ['sa'], '', 'v1', true, false),
  K('ConfigMap', 'configmaps', ['cm'], '', 'v1', true, true), // pods mount and read them (runtime/volumes.ts, env.ts)
  K('Secret', 'secrets', [], '', 'v1', true, true),
  K('Endpoints', 'endpoints', ['ep'], '', 'v1', true, false),
  K('EndpointSlice', 'endpointslices', [], 'discovery.k8s.io', 'v1', true, false),
  K('Role', 'roles', [], 'rbac.authorization.k8s.io', 'v1', true, false, {
    alsoAccepts: ['rbac.authorization.k8s.io/v1beta1'],
  }),
  K('RoleBinding', 'rolebindings', [], 'rbac.authorization.k8s.io', 'v1', true, false, {
    alsoAccepts: ['rbac.authorization.k8s.io/v1beta1'],
  }),
  K('ClusterRole', 'clusterroles', [], 'rbac.authorization.k8s.io', 'v1', false, false, {
    alsoAccepts: ['rbac.authorization.k8s.io/v1beta1'],
  }),
  K('ClusterRoleBinding', 'clusterrolebindings', [], 'rbac.authorization.k8s.io', 'v1', false, false, {
    alsoAccepts: ['rbac.authorization.k8s.io/v1beta1'],
  }),
  K('Ingress', 'ingresses', ['ing'], 'networking.k8s.io', 'v1', true, false, {
    alsoAccepts: ['extensions/v1beta1', 'networking.k8s.io/v1beta1'],
  }),
  K('NetworkPolicy', 'networkpolicies', ['netpol'], 'networking.k8s.io', 'v1', true, false),
  K('PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], 'policy', 'v1', true, true, {
    alsoAccepts: ['policy/v1beta1'],
  }),
];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));

export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** A resource argument split as schema.ParseResourceArg / ParseGroupResource split it. */
interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

const isNamed = (k: KindInfo, resource: string) => resource === k.plural || resource === k.singular;

/** restmapper's shortcutExpander.expandResourceShortcut: a short name becomes its resource (and
 *  loses any version); a group matches exactly, else as a prefix (`sts.app`). Case-sensitive. */
function expandShortcut(r: GroupVersionResource): GroupVersionResource {
  if (KINDS.some((k) => (!r.group || r.group === k.group) && isNamed(k, r.resource))) return r;
  const short = KINDS.find((k) => (!r.group || r.group === k.group) && k.short.includes(r.resource));
  if (short) return { group: short.group, version: '', resource: short.plural };
  if (!r.group) return r;
  const prefixed = KINDS.find((k) => k.group.startsWith(r.group) && k.short.includes(r.resource));
  return prefixed ? { group: prefixed.group, version: r.version, resource: prefixed.plural } : r;
}

/** meta.DefaultRESTMapper.ResourcesFor: the resource lower-cased; group and version exact when both
 *  are given, a group alone exact or else as a prefix (`statefulset.ap`), a version alone any group. */
function kindFor(input: GroupVersionResource): KindInfo | undefined {
  const r = expandShortcut(input);
  const resource = r.resource.toLowerCase();
  const named = KINDS.filter((k) => isNamed(k, resource));
  if (r.group && r.version) return named.find((k) => k.group === r.group && k.version === r.version);
  if (r.group) return named.find((k) => k.group === r.group) ?? named.find((k) => k.group.startsWith(r.group));
  if (r.version) return named.find((k) => k.version === r.version);
  return named[0];
}

/**
 * Resolve what a user typed as kubectl's builder does (resource.Builder.mappingFor): TYPE[.VERSION][.GROUP]
 * — `sts`, `statefulsets.apps`, `statefulset.v1.apps`, `pods.v1.`, `StatefulSet`, `sts.app`. With two
 * dots or more it is first read as resource.version.group, then as resource.group. (kubectl's last
 * resort, Kind.version.group, finds nothing the lower-cased resource does not.)
 */
export function resolveResource(arg: string): KindInfo | undefined {
  const dot = arg.indexOf('.');
  if (arg.split('.').length > 2) {
    const [resource, version, ...group] = arg.split('.');
    const found = kindFor({ resource, version, group: group.join('.') });
    if (found) return found;
  }
  return kindFor(dot < 0 ? { resource: arg, version: '', group: '' } : { resource: arg.slice(0, dot), version: '', group: arg.slice(dot + 1) });
}

/** Short names a 1.33 cluster also gives to a resource sts does not model (events.k8s.io's Event):
 *  kubectl resolves them to the core resource and warns that the name could mean the other. */
const ALSO_SHORT_FOR: Record<string, string> = { ev: 'events.events.k8s.io' };

/** shortcutExpander's warning for an ambiguous short name, when no group narrows it down. */
export function shortNameWarning(arg: string): string | undefined {
  const parts = arg.split('.');
  const group = parts.length > 2 ? parts.slice(2).join('.') : (parts[1] ?? '');
  const other = Object.hasOwn(ALSO_SHORT_FOR, parts[0]) ? ALSO_SHORT_FOR[parts[0]] : undefined;
  return other && !group ? `Warning: short name ${JSON.stringify(parts[0])} could also match lower priority resource ${other}` : undefined;
}

/** The name kubectl's "doesn't have a resource type" error shows: the argument up to its first dot. */
export const typedResource = (arg: string) => arg.split('.')[0];

export function apiVersionOf(k: KindInfo): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** `statefulset.apps`, `pod`: the prefix of `-o name` and of success messages. */
export function qualifiedSingular(k: KindInfo): string {
  return k.group ? `${k.singular}.${k.group}` : k.singular;
}

/** `statefulsets.apps`, `pods`: how API errors name the resource. */
export function qualifiedPlural(k: KindInfo): string {
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

/** Does this manifest apiVersion serve this kind? */
export function acceptsApiVersion(k: KindInfo, apiVersion: string): boolean {
  return apiVersion === apiVersionOf(k) || (k.alsoAccepts ?? []).includes(apiVersion);
}

export function kindsInAll(): KindInfo[] {
  return KINDS.filter((k) => k.all);
}

/** metav1.NewControllerRef: the owner reference a controller puts on what it makes. */
export const controllerRef = (owner: KObject): OwnerReference => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid,
  controller: true,
  blockOwnerDeletion: true,
});
