// The lessons of `sts tour` about changing a running set: rolling updates with partitions, OnDelete, a
// failed roll-out and its recovery, and draining nodes under a PodDisruptionBudget; then every lesson in order.
import { FIRST_LESSONS, IMAGES, threeWebPods, type Lesson } from './tour-lessons.js';

const rollingUpdate: Lesson = {
  name: 'rolling-update',
  title: 'Rolling updates, and staging them with a partition',
  intro:
    'How a new pod template reaches the pods: RollingUpdate replaces them one at a time from the highest ordinal down, and a partition holds the update back below an ordinal, for a canary.',
  steps: [
    ...threeWebPods(),
    { command: IMAGES, explain: 'Every pod runs the image of the manifest, nginx-slim:0.8: the current revision.' },
    {
      command: `sts patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'`,
      explain:
        'A partition stages an update: when the template changes, only pods with an ordinal of 2 or more are updated. The others keep the current revision, even if they are deleted.',
    },
    {
      command: 'sts set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.24',
      explain: 'A new image is a new template, so the controller records a new revision (a ControllerRevision) to update the pods to.',
    },
    {
      command: 'sts rollout status statefulset/web --timeout=1m',
      explain:
        "rollout status waits, here on the simulation's clock, until the update is as far as it may go. RollingUpdate deletes the highest ordinal not yet updated and creates it again from the new template; with partition 2 it stops after web-2: a canary.",
    },
    { command: IMAGES, explain: 'web-2 runs 0.24; web-0 and web-1 still run 0.8.' },
    { command: 'sts delete pod web-0', explain: 'What if a pod below the partition is deleted?' },
    { command: 'sts clock advance 6s', explain: 'It terminates (2s), then comes back (4s).' },
    {
      command: IMAGES,
      explain:
        'web-0 came back with 0.8: below the partition the controller creates pods from the current revision, not the update revision. A partition holds, whatever happens to the pods.',
    },
    {
      command: `sts patch statefulset web -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'`,
      explain: 'The canary looks good: lowering the partition to 0 lets the update reach every pod.',
    },
    {
      command: 'sts rollout status statefulset/web --timeout=1m',
      explain:
        'web-1 first, then web-0: RollingUpdate goes from the highest ordinal down, one pod at a time, and waits for each updated pod to be Running and Ready before the next.',
    },
    {
      command: IMAGES,
      explain: 'All three run 0.24. The update revision became the current revision once every pod had it.',
    },
  ],
};

const onDelete: Lesson = {
  name: 'ondelete',
  title: 'OnDelete: you choose when each pod is updated',
  intro:
    'With updateStrategy OnDelete the controller never replaces a running pod for a new template; a pod gets it when you delete it. It suits clustered databases whose members must be updated in an order only their operator knows.',
  steps: [
    ...threeWebPods(),
    {
      command: `sts patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'`,
      explain:
        'The set switches to OnDelete. rollingUpdate: null removes the partition settings, which the API server allows only with RollingUpdate.',
    },
    { command: 'sts set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.24', explain: 'A new template, so a new revision.' },
    { command: 'sts clock advance 10s', explain: "10 seconds on the simulation's clock: time enough for a rolling update to have started." },
    {
      command: IMAGES,
      explain: 'Nothing changed: with OnDelete the controller records the update revision but deletes no pod for it.',
    },
    {
      command: 'sts rollout status statefulset/web',
      fails: true,
      explain: "kubectl's rollout status follows RollingUpdate only: with OnDelete there is no roll-out to wait for, so it says so and fails.",
    },
    { command: 'sts delete pod web-1', explain: 'You decide that web-1 goes first.' },
    { command: 'sts clock advance 6s', explain: 'web-1 terminates (2s) and the controller creates it again (4s).' },
    {
      command: IMAGES,
      explain:
        'The new web-1 runs 0.24: the controller creates a missing pod from the update revision. web-0 and web-2 keep 0.8 until you delete them, in the order and at the pace you choose.',
    },
  ],
};

const failedRollout: Lesson = {
  name: 'failed-rollout',
  title: 'A failed roll-out and its recovery',
  intro:
    'An image that cannot be pulled: the rolling update stops at the first broken pod, rollout undo reverts the template, and the broken pod must be deleted by hand (the docs call it a forced rollback).',
  steps: [
    ...threeWebPods('create'),
    {
      command: 'sts fault image registry.k8s.io/nginx-slim:0.244',
      explain:
        'sts fault makes things go wrong on purpose (a simulation command; kubectl has none). This tag, a typo for 0.24, now fails to pull, as a tag that does not exist does on a real registry.',
    },
    { command: 'sts set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.244', explain: 'The typo goes into the template.' },
    {
      command: 'sts rollout status statefulset/web --timeout=30s',
      fails: true,
      explain:
        "The roll-out never finishes: web-2 was replaced first (highest ordinal first), and its new pod cannot start. rollout status gives up after its timeout (30 seconds on the simulation's clock) and fails.",
    },
    {
      command: 'sts get pods',
      explain:
        'web-2 is in ImagePullBackOff: the kubelet retries the pull, waiting longer each time. RollingUpdate waits for each updated pod to be Running and Ready, so web-1 and web-0 are left alone and keep serving the old version.',
    },
    {
      command: 'sts events --for pod/web-2',
      explain: "The pod's events say why: the image was not found, ErrImagePull, then Back-off pulling image.",
    },
    {
      command: 'sts rollout undo statefulset/web',
      explain: "rollout undo puts the previous revision's template back (nginx-slim:0.8), so the update now heads back to what web-0 and web-1 run.",
    },
    { command: 'sts clock advance 30s', explain: 'Time enough for the controller to act.' },
    {
      command: 'sts get pods',
      explain:
        'web-2 is still broken. Forced rollback: with OrderedReady the controller waits for a pod that is not Running and Ready instead of replacing it, so after reverting the template you must delete the pods that ran the bad one.',
    },
    { command: 'sts delete pod web-2', explain: 'The broken pod goes.' },
    {
      command: 'sts rollout status statefulset/web --timeout=1m',
      explain: 'The controller creates web-2 from the reverted template; it becomes Ready, and the roll-out is complete.',
    },
    { command: IMAGES, explain: 'All three run 0.8 again.' },
  ],
};

const drain: Lesson = {
  name: 'drain',
  title: 'Draining nodes under a PodDisruptionBudget',
  intro:
    'Taking nodes out for maintenance without taking the service down: kubectl drain evicts pods through the Eviction API, which refuses an eviction that would break a PodDisruptionBudget.',
  steps: [
    ...threeWebPods(),
    { command: 'sts get pods -o wide', explain: 'The scheduler spread the three pods over the three nodes.' },
    {
      command: 'sts create poddisruptionbudget web-pdb --selector=app=nginx --max-unavailable=1',
      explain: "A PodDisruptionBudget: of the pods with the set's label, at most one may be unavailable because of a voluntary disruption.",
    },
    {
      command: 'sts get pdb',
      explain: 'ALLOWED DISRUPTIONS 1: all three pods are Ready, so one may be evicted. The disruption controller keeps this count up to date.',
    },
    {
      command: 'sts drain node-2 --ignore-daemonsets',
      explain:
        'drain cordons node-2 (no new pods land on it), then evicts its pod web-2; the budget allows it. The StatefulSet controller creates web-2 again at once, with the same name and the same claim.',
    },
    {
      command: 'sts get pods -o wide',
      explain: 'The new web-2 waits for a node other than the cordoned node-2, and is not Ready yet: for now only two pods are available.',
    },
    {
      command: 'sts get pdb',
      explain: 'ALLOWED DISRUPTIONS 0: one pod is already unavailable, which is all the budget allows.',
    },
    {
      command: 'sts drain node-1 --ignore-daemonsets --timeout=1m',
      explain:
        'The first eviction of web-0 is refused: it would break the budget. drain retries every 5 seconds; once web-2 is Ready again the budget allows one disruption, web-0 is evicted, and node-1 is drained.',
    },
    {
      command: 'sts get pods -o wide',
      explain:
        'web-2 runs on node-3 now, and web-0 has been created again; it will run there too, on the only node not cordoned. The budget kept at least two pods serving throughout.',
    },
    {
      command: 'sts uncordon node-1 node-2',
      explain: 'Maintenance done: the nodes take pods again. Running pods stay where they are; nothing moves back on its own.',
    },
  ],
};

export const LESSONS: Lesson[] = [...FIRST_LESSONS, rollingUpdate, onDelete, failedRollout, drain];

export const lessonNamed = (name: string): Lesson | undefined => LESSONS.find((l) => l.name === name);
