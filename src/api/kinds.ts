// Resource kinds: names, short names, groups and scope, as `kubectl api-resources` shows them.
// "simulated" kinds have a controller or special storage; the rest are stored and listed only.

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
  K('ConfigMap', 'configmaps', ['cm'], '', 'v1', true, false),
  K('Secret', 'secrets', [], '', 'v1', true, false),
  K('Endpoints', 'endpoints', ['ep'], '', 'v1', true, false),
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
  K('PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], 'policy', 'v1', true, false, {
    alsoAccepts: ['policy/v1beta1'],
  }),
];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));
const byName = new Map<string, KindInfo>();
for (const k of KINDS) {
  const names = [k.plural, k.singular, ...k.short];
  for (const n of names) {
    byName.set(n, k);
    if (k.group) byName.set(`${n}.${k.group}`, k);
  }
  byName.set(k.kind.toLowerCase(), k);
}

export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** Resolve what a user typed (`sts`, `statefulsets.apps`, `StatefulSet`, `po`) to a kind. */
export function resolveResource(name: string): KindInfo | undefined {
  return byName.get(name.toLowerCase());
}

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
