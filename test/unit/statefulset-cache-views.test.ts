// The StatefulSet controller's cached views (src/controller/statefulset-cache.ts) against views made
// afresh from the records: after every step of the kubelet (bound, created, started, ready, deleted)
// the cache says of each pod what view() says, though it makes a new view only when one differs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, StatefulSet } from '../../src/api/types.js';
import { admit, createObject } from '../../src/apiserver/objects.js';
import { deleteObject } from '../../src/apiserver/delete.js';
import { kindInfo } from '../../src/api/kinds.js';
import { advance } from '../../src/controller/simulate.js';
import { cachedSet, view } from '../../src/controller/statefulset-cache.js';
import { Cluster } from '../../src/store/cluster.js';
import { newClusterFile } from '../../src/store/schema.js';

const T0 = Date.UTC(2026, 0, 1);
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'sts-setcache-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const set = (replicas: number): Json => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'web',
    replicas,
    podManagementPolicy: 'Parallel',
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});

describe("the StatefulSet controller's cache", () => {
  it('says of every pod what a view made afresh says, after every step of its life', () => {
    const c = new Cluster(newClusterFile('manual', T0));
    c.statePath = join(dir, 'cluster.json');
    createObject(c, admit(c, set(3), { name: 'default', explicit: true }, 'test'), 'test');
    const agree = (when: string) => {
      const s = c.get('StatefulSet', 'default', 'web') as StatefulSet;
      const cached = cachedSet(c, s);
      for (const p of c.pods()) expect(cached.pods.get(p.ordinal!), `${when}: ${p.name}`).toEqual(view(c, p));
    };
    const seen = new Set<string>();
    for (let ms = 0; ms <= 8000; ms += 250) {
      advance(c, T0 + ms);
      agree(`+${ms}ms`);
      for (const p of c.pods()) seen.add(p.stage);
    }
    expect([...seen].sort()).toEqual(['ContainerCreating', 'Pending', 'Ready']); // the steps were each seen
    deleteObject(c, kindInfo('Pod')!, 'default', 'web-1');
    for (let ms = 8250; ms <= 40_000; ms += 250) {
      advance(c, T0 + ms);
      agree(`+${ms}ms, web-1 deleted`);
    }
  });
});
