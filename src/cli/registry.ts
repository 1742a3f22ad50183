// The command tree (cobra's AddCommand calls, in kubectl's order so suggestions come out as kubectl's):
// each path and where its verb lives, loaded only when that command runs.
import type { Verb } from './verb.js';

export interface Entry {
  /** 'get', 'rollout status' */
  path: string;
  /** the group it is listed under in `sts --help` (kubectl's groups, then sts's own) */
  group?: string;
  /** one line for `sts --help`; kubectl's own text is used for kubectl's commands */
  summary?: string;
  hidden?: boolean;
  aliases?: string[];
  /** the verb; group commands without one print their help, as kubectl's do */
  load?: () => Promise<Verb>;
}

const BEGINNER = 'Basic Commands (Beginner)';
const INTERMEDIATE = 'Basic Commands (Intermediate)';
const DEPLOY = 'Deploy Commands';
const CLUSTER_MGMT = 'Cluster Management Commands';
const TROUBLE = 'Troubleshooting and Debugging Commands';
const ADVANCED = 'Advanced Commands';
const SETTINGS = 'Settings Commands';
const OTHER = 'Other Commands';
const SIMULATION = 'Simulation Commands (sts only)';

export const GROUP_ORDER = [BEGINNER, INTERMEDIATE, DEPLOY, CLUSTER_MGMT, TROUBLE, ADVANCED, SETTINGS, OTHER, SIMULATION];

export const COMMANDS: Entry[] = [
  { path: 'create', group: BEGINNER, load: async () => (await import('./create.js')).createVerb },
  { path: 'create configmap', aliases: ['cm'], load: async () => (await import('./create-data.js')).createConfigMapVerb },
  { path: 'create namespace', aliases: ['ns'], load: async () => (await import('./create.js')).createNamespaceVerb },
  { path: 'create poddisruptionbudget', aliases: ['pdb'], load: async () => (await import('./create-pdb.js')).createPdbVerb },
  { path: 'create secret' },
  { path: 'create secret generic', load: async () => (await import('./create-data.js')).createSecretGenericVerb },
  { path: 'create service', aliases: ['svc'] },
  { path: 'create service clusterip', load: async () => (await import('./create-data.js')).createServiceClusterIPVerb },
  {
    path: 'create storageclass',
    aliases: ['sc'],
    summary: 'Create a StorageClass with the specified name (sts only)',
    load: async () => (await import('./create.js')).createStorageClassVerb,
  },
  { path: 'run', group: BEGINNER, load: async () => (await import('./run.js')).runVerb },
  { path: 'set', group: BEGINNER },
  { path: 'set image', load: async () => (await import('./set.js')).setImageVerb },
  { path: 'explain', group: INTERMEDIATE, load: async () => (await import('./explain.js')).explainVerb },
  { path: 'get', group: INTERMEDIATE, load: async () => (await import('./get.js')).getVerb },
  { path: 'edit', group: INTERMEDIATE, load: async () => (await import('./edit.js')).editVerb },
  { path: 'delete', group: INTERMEDIATE, load: async () => (await import('./delete.js')).deleteVerb },
  { path: 'rollout', group: DEPLOY },
  { path: 'rollout history', load: async () => (await import('./rollout.js')).historyVerb },
  { path: 'rollout pause', load: async () => (await import('./rollout.js')).pauseVerb },
  { path: 'rollout restart', load: async () => (await import('./rollout.js')).restartVerb },
  { path: 'rollout resume', load: async () => (await import('./rollout.js')).resumeVerb },
  { path: 'rollout status', load: async () => (await import('./rollout.js')).statusVerb },
  { path: 'rollout undo', load: async () => (await import('./rollout.js')).undoVerb },
  { path: 'scale', group: DEPLOY, load: async () => (await import('./scale.js')).scaleVerb },
  { path: 'cluster-info', group: CLUSTER_MGMT, load: async () => (await import('./cluster-info.js')).clusterInfoVerb },
  { path: 'cluster-info dump', hidden: true, load: async () => (await import('./cluster-info.js')).clusterInfoDumpVerb },
  { path: 'cordon', group: CLUSTER_MGMT, load: async () => (await import('./cordon.js')).cordonNodeVerb },
  { path: 'uncordon', group: CLUSTER_MGMT, load: async () => (await import('./cordon.js')).uncordonNodeVerb },
  { path: 'drain', group: CLUSTER_MGMT, load: async () => (await import('./drain.js')).drainVerb },
  { path: 'describe', group: TROUBLE, load: async () => (await import('./describe.js')).describeVerb },
  { path: 'logs', group: TROUBLE, load: async () => (await import('./logs.js')).logsVerb },
  { path: 'exec', group: TROUBLE, load: async () => (await import('./exec.js')).execVerb },
  { path: 'port-forward', group: TROUBLE, load: async () => (await import('./port-forward.js')).portForwardVerb },
  { path: 'cp', group: TROUBLE, load: async () => (await import('./cp.js')).cpVerb },
  { path: 'auth', group: TROUBLE },
  { path: 'auth can-i', load: async () => (await import('./auth.js')).canIVerb },
  { path: 'events', group: TROUBLE, load: async () => (await import('./events.js')).eventsVerb },
  { path: 'diff', group: ADVANCED, load: async () => (await import('./diff.js')).diffVerb },
  { path: 'apply', group: ADVANCED, load: async () => (await import('./apply.js')).applyVerb },
  { path: 'patch', group: ADVANCED, load: async () => (await import('./patch.js')).patchVerb },
  { path: 'replace', group: ADVANCED, load: async () => (await import('./replace.js')).replaceVerb },
  { path: 'wait', group: ADVANCED, load: async () => (await import('./wait.js')).waitVerb },
  { path: 'label', group: SETTINGS, load: async () => (await import('./label.js')).labelVerb },
  { path: 'annotate', group: SETTINGS, load: async () => (await import('./label.js')).annotateVerb },
  { path: 'completion', group: SETTINGS, load: async () => (await import('./completion.js')).completionVerb },
  { path: 'api-resources', group: OTHER, load: async () => (await import('./api-resources.js')).apiResourcesVerb },
  { path: 'api-versions', group: OTHER, load: async () => (await import('./api-resources.js')).apiVersionsVerb },
  { path: 'config', group: OTHER },
  { path: 'config current-context', load: async () => (await import('./config.js')).currentContextVerb },
  { path: 'config get-contexts', load: async () => (await import('./config.js')).getContextsVerb },
  { path: 'config set-context', load: async () => (await import('./config.js')).setContextVerb },
  { path: 'config use-context', aliases: ['use'], load: async () => (await import('./config.js')).useContextVerb },
  { path: 'config view', load: async () => (await import('./config.js')).viewVerb },
  { path: 'version', group: OTHER, load: async () => (await import('./version.js')).versionVerb },
  { path: 'help', group: OTHER, summary: 'Help about any command', load: async () => (await import('./help.js')).helpVerb },
  { path: 'options', hidden: true, load: async () => (await import('./help.js')).optionsVerb },
  { path: '__complete', hidden: true, load: async () => (await import('./completion.js')).completeVerb },

  { path: 'tour', group: SIMULATION, summary: 'Guided lessons: start here', load: async () => (await import('./tour.js')).tourVerb },
  {
    path: 'clock',
    group: SIMULATION,
    summary: "Show the cluster's clock (real or manual) and its now",
    load: async () => (await import('./clock.js')).clockVerb,
  },
  {
    path: 'clock advance',
    summary: 'Move the cluster clock forward (e.g. 30s, 5m, 1h30m)',
    load: async () => (await import('./clock.js')).advanceVerb,
  },
  {
    path: 'serve',
    group: SIMULATION,
    summary: 'Serve the cluster as a Kubernetes API server (for kubectl, Helm and client libraries)',
    load: async () => (await import('./serve.js')).serveVerb,
  },
  {
    path: 'shell',
    group: SIMULATION,
    summary: 'An interactive prompt for kubectl commands, in one process',
    load: async () => (await import('./shell.js')).shellVerb,
  },
  { path: 'clock settle', summary: 'Advance until nothing is left to do', load: async () => (await import('./clock.js')).settleVerb },
  { path: 'cluster', group: SIMULATION, summary: 'Manage the simulated cluster itself' },
  {
    path: 'cluster features',
    summary: 'Show or switch feature gates (e.g. MaxUnavailableStatefulSet=true)',
    load: async () => (await import('./cluster.js')).featuresVerb,
  },
  {
    path: 'cluster nodes',
    summary: 'Show or set how many nodes there are (node-1…node-N) and what each offers (--cpu, --memory, --pods)',
    load: async () => (await import('./cluster.js')).nodesVerb,
  },
  { path: 'cluster reset', summary: 'Start a fresh, empty cluster in the file', load: async () => (await import('./cluster.js')).resetVerb },
  {
    path: 'cluster stages',
    summary: 'Show or set pod lifecycle durations (e.g. start=5s; start=default to reset)',
    load: async () => (await import('./cluster.js')).stagesVerb,
  },
  { path: 'fault', group: SIMULATION, summary: 'Make things go wrong on purpose' },
  {
    path: 'fault crash',
    summary: "The pod's container keeps exiting: restarts count up, CrashLoopBackOff, never Ready",
    load: async () => (await import('./fault.js')).crashVerb,
  },
  { path: 'fault heal', summary: 'The pod behaves normally again', load: async () => (await import('./fault.js')).healVerb },
  {
    path: 'fault image',
    summary: 'Images matching PATTERN (a glob, e.g. nginx:bad*) fail to pull; --clear removes faults',
    load: async () => (await import('./fault.js')).imageVerb,
  },
  {
    path: 'fault node',
    summary: 'The node goes down (its kubelet stops posting status: NotReady, pods evicted) or comes back up',
    load: async () => (await import('./fault.js')).nodeVerb,
  },
  { path: 'fault list', summary: 'List the faults in force', load: async () => (await import('./fault.js')).listVerb },
  { path: 'fault unready', summary: 'The pod runs but is never Ready (0/1)', load: async () => (await import('./fault.js')).unreadyVerb },
  { path: 'snapshot', group: SIMULATION, summary: 'Save, list, restore or delete copies of the cluster and its volume data' },
  { path: 'snapshot delete', summary: 'Delete a snapshot', load: async () => (await import('./snapshot.js')).deleteVerb },
  { path: 'snapshot list', summary: 'List the snapshots of the cluster', load: async () => (await import('./snapshot.js')).listVerb },
  {
    path: 'snapshot restore',
    summary: 'Put the cluster back as a snapshot has it (all or nothing)',
    load: async () => (await import('./snapshot.js')).restoreVerb,
  },
  {
    path: 'snapshot save',
    summary: 'Save the cluster and its volume data as a snapshot',
    load: async () => (await import('./snapshot.js')).saveVerb,
  },
  {
    path: 'timeline',
    group: SIMULATION,
    summary: 'Draw what happened to pods and claims over time',
    load: async () => (await import('./timeline.js')).timelineVerb,
  },
  {
    path: 'why',
    group: SIMULATION,
    summary: 'Say why a pod, set, claim or node is where it is (pod/web-2, sts/web, pvc/NAME, node/NAME)',
    load: async () => (await import('./why.js')).whyVerb,
  },
];

/** kubectl's commands sts does not have are refused with a reason instead of "unknown command". */
export const NOT_SIMULATED_DEFAULT = 'sts simulates StatefulSets and what they need (see the README: kubectl commands sts lacks)';

export const NOT_SIMULATED: Record<string, string> = {
  expose: 'create the Service from a manifest, or with `sts create service clusterip`',
  top: 'there is no metrics server in the simulation',
  proxy: 'there is no API server to proxy to (see `sts serve`)',
  attach: 'containers in the simulation have no running process to attach to; use `sts exec`',
  debug: 'ephemeral containers are not simulated',
  autoscale: 'HorizontalPodAutoscalers are not simulated (no metrics)',
  certificate: 'certificate signing requests are not simulated',
  taint: 'taints are not simulated yet',
  kustomize: 'no faithful kustomize implementation exists for Node; run `kustomize build DIR | sts apply -f -`',
  plugin: 'sts has no plugins',
  alpha: 'alpha commands are not simulated',
};

const byPath = new Map(COMMANDS.map((e) => [e.path, e]));

export const entry = (path: string) => byPath.get(path);

/** The direct children of a path ('' for the root), in registration order. */
export function children(path: string): Entry[] {
  const depth = path ? path.split(' ').length + 1 : 1;
  return COMMANDS.filter((e) => e.path.split(' ').length === depth && (path === '' || e.path.startsWith(`${path} `)));
}

/** The child of `path` called `word` (by name or alias). */
export function child(path: string, word: string): Entry | undefined {
  return children(path).find((e) => e.path.split(' ').pop() === word || e.aliases?.includes(word));
}
