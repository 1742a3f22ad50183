// What the kubelet's table tests share: a tiny in-memory cluster on a manual clock (T0), a pod made
// through the API layer, and a trace of where it stands at each due transition.
import type { Json } from '../../src/api/types.js';
import { admit, createObject } from '../../src/apiserver/objects.js';
import { nextTransition } from '../../src/controller/kubelet.js';
import { advance } from '../../src/controller/simulate.js';
import { Cluster } from '../../src/store/cluster.js';
import { newClusterFile } from '../../src/store/schema.js';

export const T0 = Date.UTC(2026, 0, 1);

/** A fresh cluster at T0, settled; `statePath`: where its pods' files live (probes and kills need them). */
export function cluster(statePath?: string): Cluster {
  const c = new Cluster(newClusterFile('manual', T0));
  if (statePath) c.statePath = statePath;
  advance(c, c.now);
  return c;
}

/** A pod in `default` with this spec, created as a user would create it. */
export function createPod(c: Cluster, name: string, spec: Json): void {
  createObject(c, admit(c, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec }, { name: 'default', explicit: false }, 'test'));
}

/** Seconds since T0. */
export const at = (c: Cluster) => `${(c.now - T0) / 1000}s`;

/** Step the clock from one due transition of the pod to the next, up to `untilS`: "time where". */
export function trace(c: Cluster, name: string, untilS: number, where: (c: Cluster) => string): string[] {
  const seen = [`${at(c)} ${where(c)}`];
  for (;;) {
    const p = c.pod('default', name);
    const due = p && nextTransition(c, p);
    if (due === undefined || due > T0 + untilS * 1000) return seen;
    advance(c, Math.max(due, c.now));
    seen.push(`${at(c)} ${where(c)}`);
  }
}

/** The pod's events by reason, repeats counted. */
export const reasons = (c: Cluster, name: string) =>
  c.file.events.filter((e) => e.name === name).map((e) => `${e.reason}${e.count > 1 ? ` x${e.count}` : ''}`);
