// The lessons of `sts tour` as data (the engine is tour.ts): each step is a command a kubectl user would
// type (with `sts` for `kubectl`, and `sts clock advance` where simulated time must pass) and, in two or
// three sentences, what the controller did and which rule made it. Manifests are the Kubernetes docs' own.
// The first lessons are here; updates, disruptions and the list of them all in tour-lessons-rollout.ts.

export interface TourStep {
  /** the command line as the user would type it, starting with `sts` */
  command: string;
  /** what the controller did and why, naming the rule */
  explain: string;
  /** the command is meant to fail (exit 1): the lesson is about why */
  fails?: true;
}

export interface Lesson {
  name: string;
  title: string;
  /** what the lesson is about, before its first step */
  intro: string;
  steps: TourStep[];
}

/** The StatefulSet Basics tutorial's manifests, which sts carries (fixtures/docs): no network needed. */
export const WEB = 'https://k8s.io/examples/application/web/web.yaml';
export const WEB_PARALLEL = 'https://k8s.io/examples/application/web/web-parallel.yaml';
/** `kubectl get pods` with each pod's image, to see which revision it runs. */
export const IMAGES = 'sts get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image';

/** The start most lessons share: the tutorial's set with 3 replicas, Running and Ready (made with `apply`,
 *  or with `create`). */
export const threeWebPods = (verb: 'apply' | 'create' = 'apply'): TourStep[] => [
  {
    command: `sts ${verb} -f ${WEB}`,
    explain: 'The web StatefulSet of the Kubernetes tutorial and its headless Service nginx, on a fresh scratch cluster.',
  },
  { command: 'sts scale statefulset web --replicas=3', explain: 'Three pods make the order easier to see.' },
  {
    command: 'sts clock settle',
    explain:
      "`clock settle` moves the simulation's clock on until nothing is left to do: web-0, web-1 and web-2 were created one after another and are all Running and Ready.",
  },
];

const basics: Lesson = {
  name: 'basics',
  title: 'Ordered creation, stable names, claims that outlive pods',
  intro:
    'How a StatefulSet creates its pods, names them, gives each its own volume, and keeps that volume when the pod goes: the walk-through of the article sts grew from, on the manifest of the Kubernetes tutorial StatefulSet Basics.',
  steps: [
    {
      command: `sts apply -f ${WEB}`,
      explain:
        'The manifest holds a headless Service nginx (clusterIP: None) and a StatefulSet web with 2 replicas and a volumeClaimTemplate www. Like kubectl, sts returns at once; the controllers do the rest as time passes.',
    },
    {
      command: 'sts get pods',
      explain:
        'Only web-0 exists. OrderedReady (the default podManagementPolicy): the controller creates pods one at a time in ordinal order, web-1 only once web-0 is Running and Ready. web-0 is Pending until its claim www-web-0 is bound to a volume.',
    },
    {
      command: 'sts clock advance 4s',
      explain:
        'The simulated cluster has its own clock; on the tour it is a manual one, so time passes only when told and every run shows the same. In these 4 seconds the claim was bound (1s), web-0 was scheduled (1s) and its container started (2s).',
    },
    {
      command: 'sts get pods',
      explain:
        'web-0 is Running and Ready, so the controller has created web-1. Each pod is named after its set and its ordinal (web-0, web-1, ...) and keeps that name for life.',
    },
    { command: 'sts clock advance 4s', explain: 'web-1 goes through the same stages: its claim, a node, its container.' },
    {
      command: 'sts get pods -o wide',
      explain:
        'Both pods are Running, each on a node the scheduler chose, each with its own IP. The IP changes when a pod is created again; the name does not.',
    },
    {
      command: 'sts get pvc',
      explain:
        'volumeClaimTemplates: for each ordinal the controller creates a claim named TEMPLATE-SET-ORDINAL (www-web-0, www-web-1) before the pod that mounts it. The default StorageClass standard provisioned a volume for each.',
    },
    { command: 'sts exec web-0 -- hostname', explain: "Stable network identity: a StatefulSet pod's hostname is its name." },
    {
      command: 'sts exec web-1 -- nslookup web-0.nginx',
      explain:
        "The headless Service nginx gives every pod a DNS name, POD.SERVICE.NAMESPACE.svc.cluster.local, that resolves to the pod's current IP. Peers find web-0 by name, whichever node it runs on.",
    },
    {
      command: `sts exec web-1 -- sh -c 'echo "hello from web-1" > /usr/share/nginx/html/index.html'`,
      explain:
        "exec runs a command in the pod; this one prints nothing. /usr/share/nginx/html is where web-1's claim www-web-1 is mounted, so the page is written to web-1's volume, not to its container.",
    },
    {
      command: 'sts exec web-0 -- curl -s http://web-1.nginx',
      explain: "web-0 asks web-1's nginx by its DNS name and gets the page web-1 serves from its volume.",
    },
    {
      command: 'sts delete pod web-1',
      explain:
        'Deleting a pod only marks it: it is Terminating for its grace period (2 seconds in the simulation) while its container stops. The StatefulSet still wants 2 replicas.',
    },
    { command: 'sts clock advance 6s', explain: '2 seconds for web-1 to terminate, 4 for its replacement to be scheduled and started.' },
    {
      command: 'sts get pods',
      explain:
        'web-1 is back, 4 seconds old, with the same name: the controller found ordinal 1 missing and created it again from the template. A StatefulSet replaces a pod with one of the same identity, never with a new random name.',
    },
    {
      command: 'sts get pvc',
      explain:
        'The claims are older than the new web-1, and www-web-1 is bound to the same volume as before: the new pod mounted the claim of its ordinal. Claims made from volumeClaimTemplates outlive their pods.',
    },
    {
      command: 'sts exec web-1 -- cat /usr/share/nginx/html/index.html',
      explain: "The page survived the pod: it was on the claim's volume, and the claim follows the name.",
    },
    {
      command: 'sts delete statefulset web',
      explain: "Deleting the StatefulSet deletes its pods (they terminate in the background, as kubectl's default cascade does).",
    },
    {
      command: 'sts get pvc',
      explain:
        'The claims are still here: persistentVolumeClaimRetentionPolicy whenDeleted is Retain by default, so data is never deleted with the set. Creating web again would give each new pod its old volume.',
    },
  ],
};

const scaling: Lesson = {
  name: 'scaling',
  title: 'Scaling up and down: OrderedReady and Parallel',
  intro: 'How a StatefulSet adds and removes pods: in order, one at a time by default, or all at once with podManagementPolicy Parallel.',
  steps: [
    { command: `sts apply -f ${WEB}`, explain: "The tutorial's web StatefulSet, 2 replicas, on a fresh scratch cluster." },
    {
      command: 'sts clock settle',
      explain: "`clock settle` moves the simulation's clock on until nothing is left to do: both pods are Running and Ready.",
    },
    {
      command: 'sts scale statefulset web --replicas=5',
      explain: 'scale sets spec.replicas to 5; the controller works towards it. With OrderedReady it adds one pod at a time, lowest ordinal first.',
    },
    { command: 'sts clock advance 6s', explain: "6 seconds on the simulation's clock." },
    {
      command: 'sts get pods',
      explain:
        'web-2 is Running and Ready, so web-3 was created after it; web-4 will not be created until web-3 is Ready. OrderedReady: a pod that never becomes Ready stops the scale-up there.',
    },
    { command: 'sts clock settle', explain: 'Until all 5 are Running and Ready.' },
    {
      command: 'sts scale statefulset web --replicas=3',
      explain: 'Scaling down removes the highest ordinals: web-4 and web-3.',
    },
    {
      command: 'sts get pods',
      explain:
        'Only web-4 is Terminating. OrderedReady scales down in reverse ordinal order, one pod at a time: web-3 is deleted only once web-4 is gone entirely.',
    },
    { command: 'sts clock settle', explain: 'web-4 terminates, then web-3.' },
    {
      command: 'sts get pvc',
      explain:
        'Five claims for three pods: scaling down keeps the claims of the removed pods (persistentVolumeClaimRetentionPolicy whenScaled: Retain, the default). Scaling up again would give web-3 and web-4 their old volumes.',
    },
    {
      command: 'sts delete statefulset web',
      explain: 'podManagementPolicy cannot be changed on an existing set, so to try Parallel this one goes; its claims stay.',
    },
    { command: 'sts clock advance 2s', explain: 'The pods terminate (2 seconds).' },
    {
      command: `sts apply -f ${WEB_PARALLEL}`,
      explain: "The tutorial's web-parallel.yaml: the same set named web, with podManagementPolicy: Parallel.",
    },
    {
      command: 'sts get pods',
      explain:
        'Parallel: the controller creates pods without waiting for lower ordinals to be Running and Ready, so web-0 and web-1 are both Pending at once. The policy applies to scaling only; rolling updates still go one pod at a time.',
    },
    { command: 'sts scale statefulset web --replicas=5', explain: 'Three more pods, again all at once.' },
    { command: 'sts clock advance 4s', explain: 'The claims already exist, so the new pods only need a node and to start.' },
    {
      command: 'sts get pods',
      explain:
        'All five became Running together. web-2, web-3 and web-4 mounted the claims the first set left behind: a claim belongs to an ordinal, not to one pod or one set.',
    },
  ],
};

export const FIRST_LESSONS: Lesson[] = [basics, scaling];
