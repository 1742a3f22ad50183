// The scheduler's cache (src/controller/scheduling/cache.ts) against the cluster recomputed from
// scratch: random sequences of what moves pods between nodes (sets with and without requests and
// pod (anti-)affinity created and scaled, pods deleted, nodes cordoned, relabelled, tainted, added
// and removed, pods that complete, namespaces relabelled, time passing) on an in-process cluster.
// After every step the cache's aggregates equal those counted from clusterView's lists, and every
// pending pod's decision equals the one the reference below makes: the scheduler as it was before
// its cache, every plugin scanning every placed pod for every node.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../src/api/types.js';
import { deleteObject } from '../../src/apiserver/delete.js';
import { kindInfo } from '../../src/api/kinds.js';
import { setUnschedulable } from '../../src/apiserver/nodes.js';
import { admit, createObject, writeBack } from '../../src/apiserver/objects.js';
import { fits, nodeOffset } from '../../src/controller/scheduler.js';
import { snapshot } from '../../src/controller/scheduling/cache.js';
import {
  intolerablePreferNoSchedule,
  nodeAffinity,
  nodeName,
  nodeUnschedulable,
  preferredNodeAffinity,
  taintToleration,
} from '../../src/controller/scheduling/node-plugins.js';
import { INSUFFICIENT_CPU, INSUFFICIENT_MEMORY, TOO_MANY_PODS } from '../../src/controller/scheduling/resources.js';
import { fitErrorMessage, NO_NODES, schedule, type Decision } from '../../src/controller/scheduling/schedule.js';
import { termMatches, terms } from '../../src/controller/scheduling/terms.js';
import { refuse, type ClusterView, type NodeView, type PodView, type Refusal } from '../../src/controller/scheduling/types.js';
import { clusterView, podView } from '../../src/controller/scheduling/views.js';
import { advance } from '../../src/controller/simulate.js';
import { Cluster } from '../../src/store/cluster.js';
import { newClusterFile, nodeObject } from '../../src/store/schema.js';

// ---------------------------------------------------------------------------------------------
// The reference: kube-scheduler's plugins read literally, over a plain list of placed pods.

type PlainView = ClusterView & { placed: PodView[] };
const nodeOf = (v: PlainView, p: PodView) => v.nodes.find((n) => n.name === p.nodeName);
const sameDomain = (a: NodeView | undefined, b: NodeView, key: string) => !!a && a.labels[key] !== undefined && a.labels[key] === b.labels[key];

function resourcesFit(pod: PodView, node: NodeView, v: PlainView): Refusal | undefined {
  const here = v.placed.filter((p) => p.nodeName === node.name);
  const cpu = here.reduce((s, p) => s + p.requests.cpu, 0);
  const memory = here.reduce((s, p) => s + p.requests.memory, 0);
  const free = node.allocatable;
  const reasons: string[] = [];
  let unresolvable = false;
  if (here.length + 1 > free.pods) reasons.push(TOO_MANY_PODS);
  if (pod.requests.cpu > 0 && pod.requests.cpu > free.cpu - cpu) {
    reasons.push(INSUFFICIENT_CPU);
    unresolvable ||= pod.requests.cpu > free.cpu;
  }
  if (pod.requests.memory > 0 && pod.requests.memory > free.memory - memory) {
    reasons.push(INSUFFICIENT_MEMORY);
    unresolvable ||= pod.requests.memory > free.memory;
  }
  return reasons.length ? refuse(unresolvable, ...reasons) : undefined;
}

function interPod(pod: PodView, node: NodeView, v: PlainView): Refusal | undefined {
  const ns = v.namespaceLabels;
  const required = terms(pod, 'podAffinity', 'required');
  const affinityOk = () => {
    if (!required.length) return true;
    if (required.some((t) => node.labels[t.topologyKey] === undefined)) return false;
    const matching = v.placed.filter((e) => required.every((t) => termMatches(t, pod, e, ns)));
    const counted = matching.filter((e) => required.some((t) => nodeOf(v, e)?.labels[t.topologyKey] !== undefined));
    if (required.every((t) => counted.some((e) => sameDomain(nodeOf(v, e), node, t.topologyKey)))) return true;
    return !counted.length && required.every((t) => termMatches(t, pod, pod, ns));
  };
  if (!affinityOk()) return refuse(true, "node(s) didn't match pod affinity rules");
  const anti = terms(pod, 'podAntiAffinity', 'required');
  if (anti.some((t) => v.placed.some((e) => termMatches(t, pod, e, ns) && sameDomain(nodeOf(v, e), node, t.topologyKey))))
    return refuse(false, "node(s) didn't match pod anti-affinity rules");
  const existing = (e: PodView) =>
    terms(e, 'podAntiAffinity', 'required').some((t) => termMatches(t, e, pod, ns) && sameDomain(nodeOf(v, e), node, t.topologyKey));
  if (v.placed.some(existing)) return refuse(false, "node(s) didn't satisfy existing pods anti-affinity rules");
  return undefined;
}

function podAffinityScore(pod: PodView, node: NodeView, v: PlainView): number {
  let score = 0;
  const weigh = (t: Json, owner: PodView, target: PodView, e: PodView, w: number) => {
    if (termMatches(t, owner, target, v.namespaceLabels) && sameDomain(nodeOf(v, e), node, t.topologyKey)) score += w;
  };
  for (const e of v.placed) {
    for (const w of terms(pod, 'podAffinity', 'preferred')) weigh(w.podAffinityTerm, pod, e, e, Number(w.weight) || 0);
    for (const w of terms(pod, 'podAntiAffinity', 'preferred')) weigh(w.podAffinityTerm, pod, e, e, -(Number(w.weight) || 0));
    for (const w of terms(e, 'podAffinity', 'preferred')) weigh(w.podAffinityTerm, e, pod, e, Number(w.weight) || 0);
    for (const w of terms(e, 'podAntiAffinity', 'preferred')) weigh(w.podAffinityTerm, e, pod, e, -(Number(w.weight) || 0));
    for (const t of terms(e, 'podAffinity', 'required')) weigh(t, e, pod, e, 1);
  }
  return score;
}

function normalize(scores: number[], reverse: boolean): number[] {
  const top = Math.max(0, ...scores);
  if (top === 0) return scores.map(() => (reverse ? 100 : 0));
  return scores.map((s) => (reverse ? 100 - Math.floor((100 * s) / top) : Math.floor((100 * s) / top)));
}

function minMax(scores: number[]): number[] {
  const min = Math.min(...scores);
  const diff = Math.max(...scores) - min;
  return scores.map((s) => (diff > 0 ? Math.trunc((100 * (s - min)) / diff) : 0));
}

function referenceSchedule(pod: PodView, v: PlainView, start: number): Decision {
  const nodes = [...v.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!nodes.length) return { message: NO_NODES };
  const filters = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, resourcesFit, interPod];
  const refusals = new Map<string, Refusal>();
  const feasible: NodeView[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[(start + i) % nodes.length];
    const r = filters.reduce<Refusal | undefined>((found, f) => found ?? f(pod, node, v), undefined);
    if (r) refusals.set(node.name, r);
    else feasible.push(node);
  }
  if (!feasible.length) return { message: fitErrorMessage(nodes.length, [...refusals.values()]) };
  const taints = normalize(
    feasible.map((n) => intolerablePreferNoSchedule(pod, n)),
    true,
  );
  const nodeAff = normalize(
    feasible.map((n) => preferredNodeAffinity(pod, n)),
    false,
  );
  const podAff = minMax(feasible.map((n) => podAffinityScore(pod, n, v)));
  const scores = feasible.map((_, i) => 3 * taints[i] + 2 * nodeAff[i] + 2 * podAff[i]);
  const siblings = (n: NodeView) =>
    pod.set === undefined ? 0 : v.placed.filter((p) => p.nodeName === n.name && p.ns === pod.ns && p.set === pod.set && !p.terminating).length;
  let best = 0;
  for (let i = 1; i < feasible.length; i++)
    if (scores[i] > scores[best] || (scores[i] === scores[best] && siblings(feasible[i]) < siblings(feasible[best]))) best = i;
  return { node: feasible[best].name };
}

// ---------------------------------------------------------------------------------------------
// The aggregates, as the cache holds them and as counted from scratch.

const id = (p: PodView) => `${p.ns}/${p.name}`;
const sorted = (xs: Iterable<string>) => [...xs].sort();
const hasPodTerms = (p: PodView) =>
  (['podAffinity', 'podAntiAffinity'] as const).some((k) => terms(p, k, 'required').length + terms(p, k, 'preferred').length > 0);

function cached(c: Cluster) {
  const { nodes, placed } = snapshot(c).index!;
  return {
    nodes: nodes.sorted,
    preferNoSchedule: nodes.preferNoSchedule,
    usage: Object.fromEntries(sorted(placed.usage.keys()).map((n) => [n, { ...placed.usage.get(n)! }])),
    setPods: Object.fromEntries(sorted(placed.setPods.keys()).map((k) => [k, Object.fromEntries(placed.setPods.get(k)!)])),
    byNamespace: Object.fromEntries(sorted(placed.byNamespace.keys()).map((ns) => [ns, sorted([...placed.byNamespace.get(ns)!].map(id))])),
    withAffinity: sorted(new Set([...placed.withAffinity.values()].flatMap((s) => [...s].map(id)))),
  };
}

function fromScratch(c: Cluster) {
  const v = clusterView(c) as PlainView;
  const usage: Record<string, { pods: number; cpu: number; memory: number }> = {};
  const setPods: Record<string, Record<string, number>> = {};
  const byNamespace: Record<string, string[]> = {};
  for (const p of v.placed) {
    const u = (usage[p.nodeName!] ??= { pods: 0, cpu: 0, memory: 0 });
    [u.pods, u.cpu, u.memory] = [u.pods + 1, u.cpu + p.requests.cpu, u.memory + p.requests.memory];
    if (p.set !== undefined && !p.terminating) {
      const perNode = (setPods[`${p.ns}/${p.set}`] ??= {});
      perNode[p.nodeName!] = (perNode[p.nodeName!] ?? 0) + 1;
    }
    (byNamespace[p.ns] ??= []).push(id(p));
  }
  const keys = <T>(o: Record<string, T>) => Object.fromEntries(sorted(Object.keys(o)).map((k) => [k, o[k]]));
  return {
    nodes: [...v.nodes].sort((a, b) => (a.name < b.name ? -1 : 1)),
    preferNoSchedule: v.nodes.some((n) => n.taints.some((t) => t.effect === 'PreferNoSchedule')),
    usage: keys(usage),
    setPods: keys(setPods),
    byNamespace: keys(Object.fromEntries(Object.entries(byNamespace).map(([ns, ids]) => [ns, sorted(ids)]))),
    withAffinity: sorted(v.placed.filter(hasPodTerms).map(id)),
  };
}

function check(c: Cluster, steps: string[]): void {
  const why = steps.join(' → ');
  expect(cached(c), why).toEqual(fromScratch(c));
  const v = clusterView(c) as PlainView;
  const decide = (pod: PodView, start: number, what: string) =>
    expect(schedule(pod, snapshot(c), start), `${why}: ${what}`).toEqual(referenceSchedule(pod, v, start));
  for (const p of c.pods()) {
    // a copy of the record has no cached view: built afresh
    expect(podView(c, p), `${why}: view of ${p.name}`).toEqual(podView(c, { ...p }));
    const start = nodeOffset(p, v.nodes.length);
    // not placement(): its memo outlives a node's removal, which moves no resourceVersion
    if (p.node === undefined && p.stage === 'Pending') {
      decide(podView(c, p), start, `${p.ns}/${p.name}`);
      // and the kubelet's question, in the same state as the pod before it asked
      expect(fits(c, p), `${why}: ${p.ns}/${p.name} fits`).toBe('node' in referenceSchedule(podView(c, p), v, start));
    }
    // and every pod's twin, as if it came next: more decisions against the same state
    decide({ ...podView(c, p), name: `${p.name}-twin`, nodeName: undefined }, start, `${p.ns}/${p.name}'s twin`);
  }
}

// ---------------------------------------------------------------------------------------------
// The operations.

const T0 = Date.UTC(2026, 0, 1);
const NAMESPACES = ['default', 'team'];
const SETS = ['web', 'db', 'zk'];
const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

const REQUESTS: (Json | undefined)[] = [undefined, { cpu: '500m' }, { cpu: '1500m', memory: '3Gi' }];
const selectApp = (app: string) => ({ labelSelector: { matchLabels: { app } } });
const AFFINITIES: ((set: string) => Json | undefined)[] = [
  () => undefined,
  (set) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...selectApp(set), topologyKey: HOST }] } }),
  (set) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...selectApp(set), topologyKey: ZONE }] } }),
  (set) => ({
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { ...selectApp(set), topologyKey: HOST } }] },
  }),
  () => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...selectApp('db'), topologyKey: ZONE }] } }),
  () => ({
    podAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 30, podAffinityTerm: { ...selectApp('web'), namespaces: NAMESPACES, topologyKey: HOST } },
      ],
    },
  }),
  () => ({
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
          namespaceSelector: { matchLabels: { team: 'a' } },
          topologyKey: HOST,
        },
      ],
    },
  }),
  (set) => ({
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 20, podAffinityTerm: { ...selectApp(set), namespaceSelector: {}, topologyKey: ZONE } },
      ],
    },
  }),
  () => ({
    nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 10, preference: { matchExpressions: [{ key: ZONE, operator: 'In', values: ['a'] }] } },
      ],
    },
  }),
];

type Op =
  | { t: 'set'; ns: number; set: number; replicas: number; requests: number; affinity: number }
  | { t: 'scale'; ns: number; set: number; replicas: number }
  | { t: 'delete'; pod: number; grace?: number }
  | { t: 'cordon'; node: number; on: boolean }
  | { t: 'zone'; node: number; zone?: string }
  | { t: 'taint'; node: number; on: boolean }
  | { t: 'addNode'; pods: number }
  | { t: 'removeNode'; node: number }
  | { t: 'complete'; ns: number; ok: boolean }
  | { t: 'teamLabel'; on: boolean }
  | { t: 'advance'; ms: number };

const ns = fc.nat(NAMESPACES.length - 1);
const set = fc.nat(SETS.length - 1);
const node = fc.nat(5);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant('set' as const),
    ns,
    set,
    replicas: fc.nat(5),
    requests: fc.nat(REQUESTS.length - 1),
    affinity: fc.nat(AFFINITIES.length - 1),
  }),
  fc.record({ t: fc.constant('scale' as const), ns, set, replicas: fc.nat(6) }),
  fc.record({ t: fc.constant('delete' as const), pod: fc.nat(40), grace: fc.option(fc.constant(0), { nil: undefined }) }),
  fc.record({ t: fc.constant('cordon' as const), node, on: fc.boolean() }),
  fc.record({ t: fc.constant('zone' as const), node, zone: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }) }),
  fc.record({ t: fc.constant('taint' as const), node, on: fc.boolean() }),
  fc.record({ t: fc.constant('addNode' as const), pods: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('removeNode' as const), node }),
  fc.record({ t: fc.constant('complete' as const), ns, ok: fc.boolean() }),
  fc.record({ t: fc.constant('teamLabel' as const), on: fc.boolean() }),
  fc.record({ t: fc.constant('advance' as const), ms: fc.constantFrom(0, 1000, 5000, 40_000) }),
);

const create = (c: Cluster, raw: Json, namespace: string) => createObject(c, admit(c, raw, { name: namespace, explicit: true }, 'test'), 'test');

function setManifest(name: string, replicas: number, requests: Json | undefined, affinity: Json | undefined): Json {
  const container = { name: 'c', image: 'nginx', ...(requests ? { resources: { requests } } : {}) };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container], ...(affinity ? { affinity } : {}) } },
    },
  };
}

/** Replace a node with an edited copy, as a write through the API does. */
function editNode(c: Cluster, i: number, edit: (n: Json) => void): void {
  const nodes = c.list('Node');
  if (!nodes.length) return;
  const next = structuredClone(nodes[i % nodes.length]);
  edit(next);
  c.put(next);
}

let completions = 0;
function run(c: Cluster, o: Op): void {
  switch (o.t) {
    case 'set': {
      const [namespace, name] = [NAMESPACES[o.ns], SETS[o.set]];
      if (!c.get('StatefulSet', namespace, name))
        create(c, setManifest(name, o.replicas, REQUESTS[o.requests], AFFINITIES[o.affinity](name)), namespace);
      break;
    }
    case 'scale': {
      const cur = c.get('StatefulSet', NAMESPACES[o.ns], SETS[o.set]);
      if (cur) writeBack(c, cur, { ...structuredClone(cur), spec: { ...structuredClone(cur.spec), replicas: o.replicas } });
      break;
    }
    case 'delete': {
      const pods = c.pods();
      const p = pods[o.pod % Math.max(1, pods.length)];
      if (p) deleteObject(c, kindInfo('Pod')!, p.ns, p.name, o.grace === undefined ? {} : { gracePeriod: o.grace });
      break;
    }
    case 'cordon': {
      const nodes = c.list('Node');
      if (nodes.length) setUnschedulable(c, nodes[o.node % nodes.length].metadata.name, o.on);
      break;
    }
    case 'zone':
      return editNode(c, o.node, (n) => {
        if (o.zone) n.metadata.labels[ZONE] = o.zone;
        else delete n.metadata.labels[ZONE];
      });
    case 'taint':
      return editNode(c, o.node, (n) => {
        const others = (n.spec?.taints ?? []).filter((t: Json) => t.key !== 'slow');
        n.spec = { ...n.spec, taints: o.on ? [...others, { key: 'slow', effect: 'PreferNoSchedule' }] : others };
      });
    case 'addNode': {
      const i = Math.max(0, ...c.list('Node').map((n) => Number(/(\d+)$/.exec(n.metadata.name)?.[1] ?? 0))) + 1;
      const meta = { name: `node-${i}`, uid: c.uid(), resourceVersion: '', creationTimestamp: c.timestamp() };
      c.put(nodeObject(i, meta, { cpu: '2', memory: '4Gi', pods: String(o.pods) }));
      break;
    }
    case 'removeNode': {
      const nodes = c.list('Node');
      if (nodes.length > 1) c.remove('Node', undefined, nodes[o.node % nodes.length].metadata.name);
      break;
    }
    case 'complete': {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `job-${++completions}`, labels: { app: 'web' } } };
      const container = { name: 'c', image: 'busybox', command: ['sh', '-c', `exit ${o.ok ? 0 : 1}`] };
      create(c, { ...pod, spec: { restartPolicy: 'Never', containers: [container] } }, NAMESPACES[o.ns]);
      break;
    }
    case 'teamLabel': {
      const team = structuredClone(c.get('Namespace', undefined, 'team')!);
      if (o.on) team.metadata.labels = { ...team.metadata.labels, team: 'a' };
      else delete team.metadata.labels?.team;
      c.put(team);
      break;
    }
    case 'advance':
      return void advance(c, c.now + o.ms);
  }
}

/** A cluster with a file's place (its pods' files live beside it: a command run as a pod's process needs them). */
function newCluster(): Cluster {
  const c = new Cluster(newClusterFile('manual', T0));
  c.statePath = join(dir, 'cluster.json');
  create(c, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { team: 'a' } } }, 'team');
  editNode(c, 0, (n) => (n.metadata.labels[ZONE] = 'a'));
  editNode(c, 1, (n) => (n.metadata.labels[ZONE] = 'b'));
  advance(c, c.now);
  return c;
}

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'sts-sched-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the scheduler's cache (cache.ts)", () => {
  it('after every step, its aggregates and decisions equal those recomputed from every pod', () => {
    fc.assert(
      // each step then lets 0 to 3 s pass: pods are due to be scheduled 1 s after they are created
      fc.property(fc.array(fc.tuple(opArb, fc.constantFrom(0, 1000, 3000)), { minLength: 8, maxLength: 20 }), (ops) => {
        const c = newCluster();
        const steps: string[] = [];
        for (const [o, ms] of ops) {
          run(c, o);
          advance(c, c.now + ms);
          steps.push(`${JSON.stringify(o)} +${ms}ms`);
          check(c, steps);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('fits() asks the filters of each pod, whatever the pod asked before it in the same state', () => {
    const c = newCluster();
    const manifest = (name: string, requests: Json | undefined, spec: Json) => {
      const m = setManifest(name, 2, requests, undefined);
      Object.assign(m.spec.template.spec, spec);
      return m;
    };
    create(c, manifest('web', { cpu: '500m' }, {}), 'default');
    create(c, manifest('db', { cpu: '500' }, {}), 'default'); // more than any node has
    create(c, manifest('zk', { cpu: '500m' }, { nodeSelector: { disk: 'ssd' } }), 'default'); // no node is labelled so
    create(c, manifest('lb', undefined, { tolerations: [] }), 'default');
    advance(c, c.now); // the pods exist, not yet due: nothing changes between the questions below
    const answers = ['web', 'db', 'zk', 'lb'].flatMap((set) => [0, 1].map((i) => `${set}-${i} ${fits(c, c.pod('default', `${set}-${i}`)!)}`));
    expect(answers).toEqual(['web-0 true', 'web-1 true', 'db-0 false', 'db-1 false', 'zk-0 false', 'zk-1 false', 'lb-0 true', 'lb-1 true']);
  });

  it('a cache made from a loaded cluster starts from its pods, then follows the feed', () => {
    const c = newCluster();
    run(c, { t: 'set', ns: 0, set: 0, replicas: 4, requests: 1, affinity: 3 });
    run(c, { t: 'complete', ns: 0, ok: false });
    advance(c, c.now + 5000);
    const loaded = new Cluster(structuredClone(c.toFile()));
    check(loaded, ['loaded']);
    expect(Object.values(cached(loaded).usage).reduce((n, u) => n + u.pods, 0)).toBe(4);
    run(loaded, { t: 'scale', ns: 0, set: 0, replicas: 2 });
    advance(loaded, loaded.now + 60_000);
    check(loaded, ['loaded', 'scaled to 2']);
    expect(Object.values(cached(loaded).usage).reduce((n, u) => n + u.pods, 0)).toBe(2);
  });
});
