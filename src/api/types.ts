// API object shapes, as far as sts reads them. Everything else in a manifest is kept verbatim.

export type Json = any;

/** A JSON object (not an array, not null): the one test for "is this a map?" over untyped input. */
export const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  [k: string]: Json;
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Json;
  status?: Json;
  [k: string]: Json;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A container as sts reads it; other fields are kept as written. */
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { containerPort: number; name?: string; protocol?: string; [k: string]: Json }[];
  env?: { name: string; value?: string; valueFrom?: Json }[];
  envFrom?: Json[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string; [k: string]: Json }[];
  readinessProbe?: Json;
  livenessProbe?: Json;
  startupProbe?: Json;
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  [k: string]: Json;
}

/** A pod's spec as sts reads it; other fields are kept as written. */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; [k: string]: Json }[];
  terminationGracePeriodSeconds?: number;
  hostname?: string;
  subdomain?: string;
  nodeName?: string;
  serviceAccountName?: string;
  [k: string]: Json;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: Json };
  spec: PodSpec;
}

export interface StatefulSetSpec {
  replicas: number;
  selector: LabelSelector;
  serviceName?: string;
  template: PodTemplate;
  volumeClaimTemplates?: KObject[];
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  updateStrategy: { type: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
  revisionHistoryLimit: number;
  minReadySeconds?: number;
  ordinals?: { start?: number };
  persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain' | 'Delete'; whenScaled: 'Retain' | 'Delete' };
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
}

export interface StatefulSet extends KObject {
  spec: StatefulSetSpec;
  status: StatefulSetStatus;
}

/** Simulated pod lifecycle stage; the API phase and STATUS column derive from it. */
export type Stage = 'Pending' | 'ContainerCreating' | 'Running' | 'Ready' | 'Failed' | 'Succeeded';

/**
 * A pod as the cluster file keeps it: only what cannot be derived. A StatefulSet's pod takes
 * its labels and spec from its ControllerRevision; a standalone (or orphaned) pod keeps them here.
 */
export interface PodRecord {
  ns: string;
  name: string;
  uid: string;
  /** owning StatefulSet (absent: standalone or orphaned) */
  set?: string;
  ordinal?: number;
  /** ControllerRevision name the pod was made from */
  revision?: string;
  /** creation time, ms */
  createdAt: number;
  stage: Stage;
  /** when the current stage began, ms */
  stageSince: number;
  node?: string;
  /** scheduled at (ms) */
  scheduledAt?: number;
  ip?: string;
  /** container running since (ms) */
  runningSince?: number;
  /** container restarts */
  restarts?: number;
  /** pods with init containers: how many have completed (run in order; absent: none yet) */
  initDone?: number;
  /** when the last of those completed (ms); the earlier ones' times are derived back from it */
  initAt?: number;
  /** restarts of the init container now running (a crash fault while initializing) */
  initRestarts?: number;
  /**
   * why its containers are not running: an image that cannot be pulled (while ContainerCreating),
   * or a crashing container (while Running: just exited, or waiting out its back-off); while the pod
   * is initializing (ContainerCreating, `initDone` short of its init containers), the running init
   * container's, crashes included
   */
  waitingReason?: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'CreateContainerConfigError' | 'Error' | 'CrashLoopBackOff';
  /** why a container cannot be created yet (CreateContainerConfigError's message, FailedMount's volume) */
  waitingMessage?: string;
  /** when the kubelet tries again to mount the pod's volumes, or to create its container (ms) */
  retryAt?: number;
  /** when the container last exited (ms) */
  lastExitAt?: number;
  /** its exit status then (absent: 1, a crash) */
  exitCode?: number;
  /** its main process was killed at (ms), from inside (`kill 1`) or by a liveness probe: the
   *  kubelet has yet to see the container exit (runtime/ records it; a STAGES row reacts) */
  killedAt?: number;
  /** pods with exec probes only: when the kubelet last ran them (ms) */
  probedAt?: number;
  /** their last round changed nothing: not run again until a command changes the pod's files */
  probesQuiet?: boolean;
  /** the count in the pod's FILES_CHANGED mark (runtime/podfs.ts) when its probes last ran: a
   *  different count there means a command changed its files since (absent: no mark then) */
  probesSeen?: number;
  /** exec probes' consecutive results by `container/kind` (kind r, l, s): failures counted up,
   *  successes counted down (readiness while unready; a startup probe that passed is -1) */
  probes?: Record<string, number>;
  /** pods with exec readiness probes, while not Ready: the containers not (yet) ready */
  unready?: string[];
  /** failed pulls so far (the back-off doubles with each) */
  backoffs?: number;
  /** deletion requested at (ms) and removal due at (ms) */
  deletingSince?: number;
  removeAt?: number;
  /** its containers were stopped (ms): it is being deleted, and goes at this same instant */
  stoppedAt?: number;
  /** the grace period (s) its deletion allows; the kubelet stops it within that */
  deletionGrace?: number;
  resourceVersion: number;
  /** adopted from an orphan: its own copy below goes once its revision exists in the new set */
  adopted?: boolean;
  /** its recent phase changes, for `sts timeline` (store/history.ts: `C1R2Y`) */
  history?: string;
  /** standalone, orphaned or edited pods: their own metadata and spec */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  spec?: PodSpec;
}
