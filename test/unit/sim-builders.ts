// Builders for in-process simulations of the tutorial's `web` StatefulSet (fixtures/web/web.yaml):
// a manual-clock cluster, the set created through the API layer (admit + createObject), and the
// operations a user would do (scale, set image, set partition, delete a pod), each followed by a
// settle of the controllers at the current instant.
import type { Json, KObject, PodRecord, StatefulSet } from '../../src/api/types.js';
import { kindInfo } from '../../src/api/kinds.js';
import { admit, createObject, writeBack } from '../../src/apiserver/objects.js';
import { deleteObject } from '../../src/apiserver/delete.js';
import { settle } from '../../src/controller/simulate.js';
import { Cluster } from '../../src/store/cluster.js';
import { newClusterFile } from '../../src/store/schema.js';

export const NS = 'default';
export const SET = 'web';
export const START_MS = Date.UTC(2026, 0, 1);

export interface Variant {
  replicas: number;
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  updateStrategy: 'RollingUpdate' | 'OnDelete';
  /** only with RollingUpdate */
  partition?: number;
  whenScaled: 'Retain' | 'Delete';
  whenDeleted: 'Retain' | 'Delete';
}

export const DEFAULT_VARIANT: Variant = {
  replicas: 2,
  podManagementPolicy: 'OrderedReady',
  updateStrategy: 'RollingUpdate',
  whenScaled: 'Retain',
  whenDeleted: 'Retain',
};

export const IMAGES = ['registry.k8s.io/nginx-slim:0.21', 'registry.k8s.io/nginx-slim:0.22', 'registry.k8s.io/nginx-slim:0.24'];

export function serviceManifest(): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nginx', labels: { app: 'nginx' } },
    spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'nginx' } },
  };
}

export function webManifest(v: Partial<Variant> = {}): Json {
  const o = { ...DEFAULT_VARIANT, ...v };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: SET },
    spec: {
      serviceName: 'nginx',
      replicas: o.replicas,
      podManagementPolicy: o.podManagementPolicy,
      updateStrategy:
        o.updateStrategy === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
      persistentVolumeClaimRetentionPolicy: { whenScaled: o.whenScaled, whenDeleted: o.whenDeleted },
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: IMAGES[0],
              ports: [{ containerPort: 80, name: 'web' }],
              volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
    },
  };
}

const DEFAULT_NS = { name: NS, explicit: false };

/** A manual-clock cluster with the nginx service and the web set created (not yet settled). */
export function newSim(v: Partial<Variant> = {}): Cluster {
  const c = new Cluster(newClusterFile('manual', START_MS));
  createObject(c, admit(c, serviceManifest(), DEFAULT_NS, 'web.yaml'), 'web.yaml');
  createObject(c, admit(c, webManifest(v), DEFAULT_NS, 'web.yaml'), 'web.yaml');
  settle(c);
  return c;
}

export const getSet = (c: Cluster) => c.get('StatefulSet', NS, SET) as StatefulSet;

/** Change the set's spec as `kubectl patch`/`scale`/`set image` would (through writeBack), then settle. */
export function patchSet(c: Cluster, edit: (spec: Json) => void): boolean {
  const cur = getSet(c) as KObject;
  const next = structuredClone(cur) as Json;
  edit(next.spec);
  const changed = writeBack(c, cur, next);
  settle(c);
  return changed;
}

export const scale = (c: Cluster, n: number) => patchSet(c, (s) => (s.replicas = n));
export const setImage = (c: Cluster, image: string) => patchSet(c, (s) => (s.template.spec.containers[0].image = image));
export const setPartition = (c: Cluster, partition: number) =>
  patchSet(c, (s) => {
    if (s.updateStrategy.type === 'RollingUpdate') s.updateStrategy.rollingUpdate = { ...(s.updateStrategy.rollingUpdate ?? {}), partition };
  });

/** `kubectl delete pod web-<ord> [--grace-period=g]`; false if there is no such pod. */
export function deletePodByOrdinal(c: Cluster, ord: number, gracePeriod?: number): boolean {
  const name = `${SET}-${ord}`;
  if (!c.pod(NS, name)) return false;
  deleteObject(c, kindInfo('Pod')!, NS, name, gracePeriod === undefined ? {} : { gracePeriod });
  settle(c);
  return true;
}

/** The set's pods (terminating ones included), by ordinal then name. */
export function setPods(c: Cluster): PodRecord[] {
  return c
    .pods(NS)
    .filter((p) => p.set === SET)
    .sort((a, b) => (a.ordinal ?? -1) - (b.ordinal ?? -1) || (a.name < b.name ? -1 : 1));
}

export const claims = (c: Cluster) => c.list('PersistentVolumeClaim', NS);
export const live = (p: PodRecord) => p.deletingSince === undefined;
