// The kubelet's queue (controller/kubelet.ts): the pods in motion, as the pod workers of the real
// kubelet keep one per pod it has not seen settle; and a note of when the next of them is due, so
// the time loop's report and nextDue of one instant walk the table once.
import type { PodRecord } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { podMemo } from '../apiserver/pod-object.js';

/** Nothing will happen to this pod with time alone (a pod with exec probes is probed). */
export function isSteady(p: PodRecord): boolean {
  return (
    p.deletingSince === undefined &&
    p.killedAt === undefined &&
    p.probedAt === undefined &&
    (p.stage === 'Ready' || p.stage === 'Failed' || p.stage === 'Succeeded')
  );
}

/**
 * The pods still in motion: taken from the cluster when the kubelet starts, then every pod touched
 * since (a namespace read later hands its pods over through c.touchedPods), dropped once gone or
 * steady. The kubelet is the one reader of c.touchedPods. Each gets a memo (podMemo), where the
 * table's many looks at its template and its set are kept.
 */
export class PodsInMotion {
  private readonly active: Set<PodRecord>;
  /** c.gonePods.length when every pod in `active` was last checked to be its name's record */
  private goneChecked: number;

  constructor(c: Cluster) {
    this.active = new Set();
    const pods = c.loadedPods();
    for (let i = 0; i < pods.length; i++) this.take(pods[i]);
    this.goneChecked = -1; // checked at the first look
  }

  private take(p: PodRecord): void {
    if (isSteady(p)) return;
    podMemo(p);
    this.active.add(p);
  }

  /** Each pod in motion, in the order they came (forEach, not for-of: no iterator result made for each of 100,000 pods). */
  forEach(fn: (p: PodRecord) => void): void {
    this.active.forEach((p) => fn(p));
  }

  /** Take in the pods touched since, and drop those gone (or replaced by a pod of their name) or steady. */
  look(c: Cluster): void {
    let newcomer = false;
    const touched = c.touchedPods; // repeats included: each is taken once
    for (let i = 0; i < touched.length; i++) {
      const p = touched[i];
      if (this.active.has(p)) continue;
      newcomer = true;
      this.take(p);
    }
    touched.length = 0;
    // A record stops being its name's only through c.removePod (c.gonePods grows: it is never
    // shortened) or when another record takes its name (c.addPod, a namespace read: the newcomer is
    // touched, and was not here). With neither since the last full check, every pod here still is.
    const active = this.active;
    if (newcomer || c.gonePods.length !== this.goneChecked) {
      active.forEach((p) => void ((c.pod(p.ns, p.name) !== p || isSteady(p)) && active.delete(p)));
      this.goneChecked = c.gonePods.length;
    } else active.forEach((p) => void (isSteady(p) && active.delete(p)));
  }

  /** Whether the pod is still its name's record (a step carried out since the last look may have removed it). */
  current(c: Cluster, p: PodRecord): boolean {
    // kubelet steps remove pods (c.removePod) but never add one: without a removal, nothing changed
    return c.gonePods.length === this.goneChecked || c.pod(p.ns, p.name) === p;
  }
}
