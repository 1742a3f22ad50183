// The kubelet's image manager (pkg/kubelet/images/image_manager.go, EnsureImageExists): by the
// container's imagePullPolicy, pull the image or find it on the node. A node's images are the ones
// its kubelet reports in the Node's status.images (pulled there since the cluster was made); a pull
// takes a fixed share of the pod's `start` stage, so its reported duration is reproducible.
import type { Container, Json, PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { podAnnotations, podEvent } from '../apiserver/pod-object.js';
import { createHash } from '../api/crypto.js';
import { fullImageName } from '../api/images.js';
import { formatDuration } from './clock.js';
import { stageMs } from './stages.js';

/** The API's default, for a container written before defaulting (api/defaults.ts sets it). */
export function pullPolicy(ctr: Container): 'Always' | 'IfNotPresent' | 'Never' {
  const set = ctr.imagePullPolicy;
  if (set === 'Always' || set === 'IfNotPresent' || set === 'Never') return set;
  const last = (ctr.image ?? '').split('@')[0].split('/').pop() ?? '';
  const tag = last.includes(':') ? last.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

const nodeImages = (c: Cluster, node: string | undefined): Json[] => {
  const images = node ? c.get('Node', undefined, node)?.status?.images : undefined;
  return Array.isArray(images) ? images : [];
};

/** Each image's full name and size, worked out once per image, not once per pod started (pure functions
 *  of the reference; a cluster has a few images). Bounded, for a long-lived process. */
const known = new Map<string, ImageFacts>();
interface ImageFacts {
  full: string;
  size?: number;
  /** the messages of its last pull (pullTexts) */
  pull?: { ms: number; pulling: string; pulled: string };
  /** the Pulled event's message when the node has it: every pod of a set on a node says it, one string */
  present?: string;
}

function imageFacts(image: string): ImageFacts {
  let facts = known.get(image);
  if (facts === undefined) {
    if (known.size >= 1000) known.clear();
    known.set(image, (facts = { full: fullImageName(image) }));
  }
  return facts;
}

/** Whether the node has the image (its status lists it). */
export function imagePresent(c: Cluster, node: string | undefined, image: string): boolean {
  let full: string | undefined; // looked up only once some entry has names, as before
  return nodeImages(c, node).some((i) => Array.isArray(i?.names) && i.names.includes((full ??= imageFacts(image).full)));
}

/** A compressed image's size, as a registry would report it: stable per image name. */
export function imageSize(image: string): number {
  const facts = imageFacts(image);
  if (facts.size === undefined) facts.size = 20_000_000 + (createHash('sha256').update(facts.full).digest().readUInt32BE(0) % 180_000_000);
  return facts.size;
}

/** The containers of these whose image the node lacks under pull policy Never. */
export function neverPullable(c: Cluster, p: PodRecord, ctrs: Container[]): readonly Container[] {
  // asked at every step of every starting pod: no list made unless some container says Never
  if (!ctrs.some(saysNever)) return NONE;
  return ctrs.filter((ctr) => pullPolicy(ctr) === 'Never' && !imagePresent(c, p.node, ctr.image));
}
const saysNever = (ctr: Container) => pullPolicy(ctr) === 'Never';
/** The empty answer, one list for all: the callers only read it. */
const NONE: readonly never[] = Object.freeze([]);

/** How long a pull takes: 61.7% of the pod's `start` stage (1.234s of the default 2s). */
const pullMs = (c: Cluster, p: PodRecord) => Math.round(stageMs(c, 'start', podAnnotations(c, p)) * 0.617);

/** The image manager's events for a container about to be created; a pull lists the image on the node. */
export function ensureImage(c: Cluster, p: PodRecord, ctr: Container): void {
  const policy = pullPolicy(ctr);
  if (policy !== 'Always' && imagePresent(c, p.node, ctr.image)) {
    const facts = imageFacts(ctr.image);
    podEvent(c, p, 'Normal', 'Pulled', (facts.present ??= `Container image "${ctr.image}" already present on machine`), 'kubelet');
    return;
  }
  if (policy === 'Never') return; // not reached: the kubelet's table stops such a pod first (neverPullable)
  const texts = pullTexts(ctr.image, pullMs(c, p));
  podEvent(c, p, 'Normal', 'Pulling', texts.pulling, 'kubelet');
  podEvent(c, p, 'Normal', 'Pulled', texts.pulled, 'kubelet');
  notePulled(c, p.node, ctr.image, imageSize(ctr.image));
}

/** A pull's two messages, made once per image and duration (every pod of a set pulls alike): the same text, one string. */
function pullTexts(image: string, ms: number): { ms: number; pulling: string; pulled: string } {
  const facts = imageFacts(image);
  if (facts.pull?.ms === ms) return facts.pull;
  const took = formatDuration(ms);
  const pulled = `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${imageSize(image)} bytes.`;
  return (facts.pull = { ms, pulling: `Pulling image "${image}"`, pulled });
}

/** The kubelet's node status lists the image from now on. */
function notePulled(c: Cluster, node: string | undefined, image: string, size: number): void {
  const obj = node ? c.get('Node', undefined, node) : undefined;
  if (!obj || imagePresent(c, node, image)) return;
  obj.status ??= {};
  obj.status.images = [...nodeImages(c, node), { names: [imageFacts(image).full], sizeBytes: size }];
  c.statusChanged(obj);
}

/** The kubelet's events for a container whose image is absent under pull policy Never. */
export function refuseNeverPull(c: Cluster, p: PodRecord, ctrs: readonly Container[]): void {
  for (const ctr of ctrs)
    podEvent(c, p, 'Warning', 'ErrImageNeverPull', `Container image "${ctr.image}" is not present with pull policy of Never`, 'kubelet');
  podEvent(c, p, 'Warning', 'Failed', 'Error: ErrImageNeverPull', 'kubelet');
  p.waitingReason = 'ErrImageNeverPull';
}

/** `nginx:bad*` style patterns: * and ? as in a shell. */
export function globMatch(pattern: string, text: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(text);
}

/** The images of these containers that cannot be pulled (`sts fault image`). */
export function unpullable(c: Cluster, ctrs: Container[]): readonly string[] {
  if (!c.file.faults.images.length) return NONE; // no image fault (asked at every step of every starting pod)
  return ctrs.map((ctr) => ctr.image as string).filter((img) => c.file.faults.images.some((pat) => globMatch(pat, img)));
}

/** A pull fails (ErrImagePull); the back-off doubles with each. */
export function failPull(c: Cluster, p: PodRecord, ctrs: Container[]): void {
  for (const img of unpullable(c, ctrs)) {
    const full = img.includes('/') ? img : `docker.io/library/${img}`;
    podEvent(c, p, 'Normal', 'Pulling', `Pulling image "${img}"`, 'kubelet');
    podEvent(
      c,
      p,
      'Warning',
      'Failed',
      `Failed to pull image "${img}": rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`,
      'kubelet',
    );
  }
  podEvent(c, p, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
  p.waitingReason = 'ErrImagePull';
  p.backoffs = (p.backoffs ?? 0) + 1;
}

export function pullBackOff(c: Cluster, p: PodRecord, ctrs: Container[]): void {
  for (const img of unpullable(c, ctrs)) podEvent(c, p, 'Normal', 'BackOff', `Back-off pulling image "${img}"`, 'kubelet');
  podEvent(c, p, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet');
  p.waitingReason = 'ImagePullBackOff';
}
