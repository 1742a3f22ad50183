// The scheduler's plugins and its cycle (src/controller/scheduling/), one rule per case, named after
// kube-scheduler's plugin tests (nodeunschedulable, node_name, taint_toleration, node_affinity, fit,
// interpodaffinity filtering/scoring) and FitError's message.
import { describe, expect, it } from 'vitest';
import { interPodAffinity, preferredPodAffinity } from '../../src/controller/scheduling/interpod.js';
import { nodeAffinity, nodeName, nodeUnschedulable, preferredNodeAffinity, taintToleration } from '../../src/controller/scheduling/node-plugins.js';
import { nodeResourcesFit, podRequests } from '../../src/controller/scheduling/resources.js';
import { fitErrorMessage, schedule } from '../../src/controller/scheduling/schedule.js';
import type { ClusterView, NodeView, PodView } from '../../src/controller/scheduling/types.js';

const node = (name: string, over: Partial<NodeView> = {}): NodeView => ({
  name,
  labels: { 'kubernetes.io/hostname': name },
  unschedulable: false,
  taints: [],
  allocatable: { cpu: 4000, memory: 8 * 2 ** 30, pods: 110 },
  ...over,
});
const pod = (name: string, over: Partial<PodView> = {}): PodView => ({
  ns: 'default',
  name,
  labels: {},
  tolerations: [],
  requests: { cpu: 0, memory: 0, pods: 0 },
  ...over,
});
const view = (nodes: NodeView[], placed: PodView[] = []): ClusterView => ({ nodes, placed, namespaceLabels: { default: {}, other: { team: 'a' } } });
const zone = (name: string, z: string) => node(name, { labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': z } });
const required = (kind: 'podAffinity' | 'podAntiAffinity', app: string, topologyKey = 'kubernetes.io/hostname') => ({
  [kind]: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey }] },
});
const nodeTerm = (key: string, operator: string, values?: string[]) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }] } },
});
const fitsOn = (f: typeof nodeAffinity, p: PodView, n: NodeView, v = view([n])) => f(p, n, v) === undefined;

describe('NodeUnschedulable (TestNodeUnschedulable)', () => {
  it('a schedulable node admits any pod', () => {
    expect(nodeUnschedulable(pod('p'), node('n1'), view([]))).toBeUndefined();
  });
  it('an unschedulable node refuses a pod, unresolvably', () => {
    expect(nodeUnschedulable(pod('p'), node('n1', { unschedulable: true }), view([]))).toEqual({
      reasons: ['node(s) were unschedulable'],
      unresolvable: true,
    });
  });
  it('a pod that tolerates the unschedulable taint goes there anyway', () => {
    const p = pod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(nodeUnschedulable(p, node('n1', { unschedulable: true }), view([]))).toBeUndefined();
  });
});

describe('NodeName (TestNodeName)', () => {
  it('no host specified fits every node', () => expect(fitsOn(nodeName, pod('p'), node('n1'))).toBe(true));
  it('host specified fits its node', () => expect(fitsOn(nodeName, pod('p', { nodeName: 'n1' }), node('n1'))).toBe(true));
  it('host specified refuses other nodes', () =>
    expect(nodeName(pod('p', { nodeName: 'n2' }), node('n1'), view([]))?.reasons).toEqual(["node(s) didn't match the requested node name"]));
});

describe('TaintToleration (TestTaintTolerationFilter)', () => {
  const tainted = node('n1', { taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }] });
  it('a pod without tolerations is refused by a NoSchedule taint, naming it', () =>
    expect(taintToleration(pod('p'), tainted, view([]))).toEqual({
      reasons: ['node(s) had untolerated taint {dedicated: user1}'],
      unresolvable: true,
    }));
  it('an Equal toleration with the same key, value and effect tolerates it', () =>
    expect(
      fitsOn(taintToleration, pod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' }] }), tainted),
    ).toBe(true));
  it('an Equal toleration with another value does not', () =>
    expect(
      fitsOn(taintToleration, pod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }] }), tainted),
    ).toBe(false));
  it('an Exists toleration of the key tolerates any value', () =>
    expect(fitsOn(taintToleration, pod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), tainted)).toBe(true));
  it('an empty key with Exists tolerates every taint', () =>
    expect(fitsOn(taintToleration, pod('p', { tolerations: [{ operator: 'Exists' }] }), tainted)).toBe(true));
  it('a toleration of another effect does not tolerate it', () =>
    expect(fitsOn(taintToleration, pod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] }), tainted)).toBe(false));
  it('NoExecute taints refuse too; PreferNoSchedule ones do not', () => {
    expect(fitsOn(taintToleration, pod('p'), node('n1', { taints: [{ key: 'k', effect: 'NoExecute' }] }))).toBe(false);
    expect(fitsOn(taintToleration, pod('p'), node('n1', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }))).toBe(true);
  });
  it('a taint without a value reads {key: }', () =>
    expect(
      taintToleration(pod('p'), node('n1', { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), view([]))?.reasons,
    ).toEqual(['node(s) had untolerated taint {node.kubernetes.io/unschedulable: }']));
});

describe('NodeAffinity (TestNodeAffinity)', () => {
  const labelled = node('n1', { labels: { foo: 'bar', gpu: '4', 'kubernetes.io/hostname': 'n1' } });
  const ERR = ["node(s) didn't match Pod's node affinity/selector"];
  it('a nodeSelector that matches the node’s labels fits', () =>
    expect(fitsOn(nodeAffinity, pod('p', { nodeSelector: { foo: 'bar' } }), labelled)).toBe(true));
  it('a nodeSelector with a missing label is refused, unresolvably', () =>
    expect(nodeAffinity(pod('p', { nodeSelector: { disk: 'ssd' } }), labelled, view([]))).toEqual({ reasons: ERR, unresolvable: true }));
  it('In and NotIn', () => {
    expect(fitsOn(nodeAffinity, pod('p', { affinity: nodeTerm('foo', 'In', ['bar', 'baz']) }), labelled)).toBe(true);
    expect(fitsOn(nodeAffinity, pod('p', { affinity: nodeTerm('foo', 'NotIn', ['bar']) }), labelled)).toBe(false);
    expect(fitsOn(nodeAffinity, pod('p', { affinity: nodeTerm('zone', 'NotIn', ['a']) }), labelled)).toBe(true);
  });
  it('Exists and DoesNotExist', () => {
    expect(fitsOn(nodeAffinity, pod('p', { affinity: nodeTerm('foo', 'Exists') }), labelled)).toBe(true);
    expect(fitsOn(nodeAffinity, pod('p', { affinity: nodeTerm('foo', 'DoesNotExist') }), labelled)).toBe(false);
  });
  it('Gt and Lt compare integers', () => {
    expect(fitsOn(nodeAffinity, pod('p', { affinity: nodeTerm('gpu', 'Gt', ['3']) }), labelled)).toBe(true);
    expect(fitsOn(nodeAffinity, pod('p', { affinity: nodeTerm('gpu', 'Lt', ['4']) }), labelled)).toBe(false);
    expect(fitsOn(nodeAffinity, pod('p', { affinity: nodeTerm('foo', 'Gt', ['1']) }), labelled)).toBe(false);
  });
  it('the node selector terms are ORed; a term with no requirements matches nothing', () => {
    const terms = (...t: object[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: t } } });
    const miss = { matchExpressions: [{ key: 'foo', operator: 'In', values: ['x'] }] };
    const hit = { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] };
    expect(fitsOn(nodeAffinity, pod('p', { affinity: terms(miss, hit) }), labelled)).toBe(true);
    expect(fitsOn(nodeAffinity, pod('p', { affinity: terms({}) }), labelled)).toBe(false);
  });
  it('matchFields selects a node by metadata.name', () => {
    const byName = (v: string) => ({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [v] }] }],
        },
      },
    });
    expect(fitsOn(nodeAffinity, pod('p', { affinity: byName('n1') }), labelled)).toBe(true);
    expect(fitsOn(nodeAffinity, pod('p', { affinity: byName('n2') }), labelled)).toBe(false);
  });
  it('the nodeSelector and the required terms must both hold', () =>
    expect(fitsOn(nodeAffinity, pod('p', { nodeSelector: { foo: 'bar' }, affinity: nodeTerm('gpu', 'DoesNotExist') }), labelled)).toBe(false));
  it('preferred terms score their weights (TestNodeAffinityPriority)', () => {
    const affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
          { weight: 5, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
          { weight: 7, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } },
        ],
      },
    };
    expect(preferredNodeAffinity(pod('p', { affinity }), labelled)).toBe(7);
  });
});

describe('NodeResourcesFit (TestEnoughRequests)', () => {
  const cpu = (m: number, memory = 0): PodView['requests'] => ({ cpu: m, memory, pods: 0 });
  it('a pod that requests nothing fits a full node', () => {
    const full = pod('x', { nodeName: 'n1', requests: cpu(4000, 8 * 2 ** 30) });
    expect(fitsOn(nodeResourcesFit, pod('p'), node('n1'), view([node('n1')], [full]))).toBe(true);
  });
  it('requests within allocatable less the pods already there fit', () => {
    const there = pod('x', { nodeName: 'n1', requests: cpu(3000) });
    expect(fitsOn(nodeResourcesFit, pod('p', { requests: cpu(1000) }), node('n1'), view([node('n1')], [there]))).toBe(true);
  });
  it('too much cpu: Insufficient cpu, resolvable while the node could hold it', () => {
    const there = pod('x', { nodeName: 'n1', requests: cpu(3500) });
    expect(nodeResourcesFit(pod('p', { requests: cpu(1000) }), node('n1'), view([node('n1')], [there]))).toEqual({
      reasons: ['Insufficient cpu'],
      unresolvable: false,
    });
  });
  it('more than the whole node: unresolvable', () =>
    expect(nodeResourcesFit(pod('p', { requests: cpu(5000) }), node('n1'), view([node('n1')]))).toEqual({
      reasons: ['Insufficient cpu'],
      unresolvable: true,
    }));
  it('every resource short is a reason: cpu, then memory', () =>
    expect(nodeResourcesFit(pod('p', { requests: cpu(5000, 9 * 2 ** 30) }), node('n1'), view([node('n1')]))?.reasons).toEqual([
      'Insufficient cpu',
      'Insufficient memory',
    ]));
  it('pods beyond the node’s pod count: Too many pods', () => {
    const small = node('n1', { allocatable: { cpu: 4000, memory: 2 ** 30, pods: 1 } });
    expect(nodeResourcesFit(pod('p'), small, view([small], [pod('x', { nodeName: 'n1' })]))?.reasons).toEqual(['Too many pods']);
  });
  it('pods on other nodes do not count', () => {
    const elsewhere = pod('x', { nodeName: 'n2', requests: cpu(4000) });
    expect(fitsOn(nodeResourcesFit, pod('p', { requests: cpu(4000) }), node('n1'), view([node('n1'), node('n2')], [elsewhere]))).toBe(true);
  });
  it('a pod’s requests: its containers’ sum or its largest init container, whichever is more (TestPodRequests)', () => {
    const c = (cpu: string, memory?: string) => ({ name: 'c', image: 'i', resources: { requests: { cpu, ...(memory ? { memory } : {}) } } });
    expect(podRequests([c('500m', '1Gi'), c('250m')], [c('1', '100Mi')])).toEqual({ cpu: 1000, memory: 2 ** 30, pods: 0 });
  });
  it('sidecars (restartable init containers) add to the containers and to the init containers after them', () => {
    const c = (cpu: string, restartPolicy?: string) => ({
      name: 'c',
      image: 'i',
      resources: { requests: { cpu } },
      ...(restartPolicy ? { restartPolicy } : {}),
    });
    expect(podRequests([c('1')], [c('500m', 'Always'), c('2')]).cpu).toBe(2500);
    expect(podRequests([c('3')], [c('500m', 'Always'), c('2')]).cpu).toBe(3500);
  });
  it('a limit without a request is the request', () =>
    expect(podRequests([{ name: 'c', image: 'i', resources: { limits: { cpu: '2', memory: '1Gi' } } }])).toEqual({
      cpu: 2000,
      memory: 2 ** 30,
      pods: 0,
    }));
});

describe('InterPodAffinity (TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes)', () => {
  const zk = (name: string, nodeName?: string) => pod(name, { labels: { app: 'zk' }, nodeName, affinity: required('podAntiAffinity', 'zk') });
  it('anti-affinity refuses a node that has a matching pod, resolvably (evictions could help)', () =>
    expect(interPodAffinity(zk('zk-1'), node('n1'), view([node('n1')], [zk('zk-0', 'n1')]))).toEqual({
      reasons: ["node(s) didn't match pod anti-affinity rules"],
      unresolvable: false,
    }));
  it('anti-affinity admits a node without one', () =>
    expect(fitsOn(interPodAffinity, zk('zk-1'), node('n2'), view([node('n1'), node('n2')], [zk('zk-0', 'n1')]))).toBe(true));
  it('anti-affinity by zone refuses every node of the zone', () => {
    const p = pod('b', { labels: { app: 'zk' }, affinity: required('podAntiAffinity', 'zk', 'topology.kubernetes.io/zone') });
    const v = view([zone('n1', 'a'), zone('n2', 'a'), zone('n3', 'b')], [pod('a', { labels: { app: 'zk' }, nodeName: 'n1' })]);
    expect(v.nodes.map((n) => fitsOn(interPodAffinity, p, n, v))).toEqual([false, false, true]);
  });
  it('a pod in another namespace does not count, unless the term names its namespace', () => {
    const other = pod('o', { ns: 'other', labels: { app: 'zk' }, nodeName: 'n1' });
    expect(fitsOn(interPodAffinity, pod('p', { affinity: required('podAntiAffinity', 'zk') }), node('n1'), view([node('n1')], [other]))).toBe(true);
    const affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'zk' } }, namespaces: ['other'], topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    };
    expect(fitsOn(interPodAffinity, pod('p', { affinity }), node('n1'), view([node('n1')], [other]))).toBe(false);
  });
  it('a namespaceSelector selects namespaces by their labels', () => {
    const other = pod('o', { ns: 'other', labels: { app: 'zk' }, nodeName: 'n1' });
    const affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'zk' } }, namespaceSelector: { matchLabels: { team: 'a' } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    };
    expect(fitsOn(interPodAffinity, pod('p', { affinity }), node('n1'), view([node('n1')], [other]))).toBe(false);
  });
  it('an existing pod’s anti-affinity refuses the incoming pod it selects', () => {
    const web = pod('web', { labels: { app: 'web' } });
    const guard = pod('g', { nodeName: 'n1', affinity: required('podAntiAffinity', 'web') });
    expect(interPodAffinity(web, node('n1'), view([node('n1')], [guard]))?.reasons).toEqual([
      "node(s) didn't satisfy existing pods anti-affinity rules",
    ]);
  });
  it('affinity needs a matching pod in the node’s domain, unresolvably', () => {
    const p = pod('p', { affinity: required('podAffinity', 'db') });
    const v = view([node('n1'), node('n2')], [pod('db', { labels: { app: 'db' }, nodeName: 'n1' })]);
    expect(fitsOn(interPodAffinity, p, node('n1'), v)).toBe(true);
    expect(interPodAffinity(p, node('n2'), v)).toEqual({ reasons: ["node(s) didn't match pod affinity rules"], unresolvable: true });
  });
  it('the first pod of a group with affinity to itself may go anywhere', () => {
    const p = pod('p', { labels: { app: 'db' }, affinity: required('podAffinity', 'db') });
    expect(fitsOn(interPodAffinity, p, node('n1'), view([node('n1')]))).toBe(true);
  });
  it('affinity to pods that exist nowhere refuses a pod that does not match itself', () =>
    expect(fitsOn(interPodAffinity, pod('p', { affinity: required('podAffinity', 'db') }), node('n1'), view([node('n1')]))).toBe(false));
  it('a node without the topology key fails affinity', () => {
    const p = pod('p', { labels: { app: 'db' }, affinity: required('podAffinity', 'db', 'topology.kubernetes.io/zone') });
    expect(fitsOn(interPodAffinity, p, node('n1'), view([node('n1')]))).toBe(false);
  });
  it('preferred terms weigh each node by the matching pods in its domain (TestPreferredAffinity)', () => {
    const affinity = {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 5, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 3, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    };
    const v = view(
      [node('n1'), node('n2')],
      [pod('db', { labels: { app: 'db' }, nodeName: 'n1' }), pod('web', { labels: { app: 'web' }, nodeName: 'n2' })],
    );
    expect(v.nodes.map((n) => preferredPodAffinity(pod('p', { affinity }), n, v))).toEqual([5, -3]);
  });
});

describe('schedule: choosing a node', () => {
  const three = [node('node-1'), node('node-2'), node('node-3')];
  it('a pod without rules goes to the node at its own offset', () => {
    expect(schedule(pod('p'), view(three), 0)).toEqual({ node: 'node-1' });
    expect(schedule(pod('p'), view(three), 2)).toEqual({ node: 'node-3' });
  });
  it('an infeasible node at its offset passes the pod to the next by name', () => {
    const cordoned = [node('node-1'), node('node-2', { unschedulable: true }), node('node-3')];
    expect(schedule(pod('p'), view(cordoned), 1)).toEqual({ node: 'node-3' });
  });
  it('a preferred node affinity outweighs the offset', () => {
    const labelled = [node('node-1'), node('node-2', { labels: { disk: 'ssd' } }), node('node-3')];
    const affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } }],
      },
    };
    expect(schedule(pod('p', { affinity }), view(labelled), 0)).toEqual({ node: 'node-2' });
  });
  it('a PreferNoSchedule taint the pod does not tolerate is avoided', () => {
    const tainted = [node('node-1', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }), node('node-2')];
    expect(schedule(pod('p'), view(tainted), 0)).toEqual({ node: 'node-2' });
  });
  it('among equals, the node with the fewest pods of the same set (the default spreading)', () => {
    const placed = [pod('web-0', { set: 'web', nodeName: 'node-1' })];
    expect(schedule(pod('web-3', { set: 'web' }), view(three, placed), 0)).toEqual({ node: 'node-2' });
  });
  it('the ZooKeeper set’s fourth pod fits nowhere on three nodes', () => {
    const zk = (i: number, nodeName?: string) =>
      pod(`zk-${i}`, { labels: { app: 'zk' }, nodeName, set: 'zk', affinity: required('podAntiAffinity', 'zk') });
    expect(schedule(zk(3), view(three, [zk(0, 'node-1'), zk(1, 'node-2'), zk(2, 'node-3')]), 0)).toEqual({
      message:
        "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
    });
  });
  it('no nodes at all', () => expect(schedule(pod('p'), view([]), 0)).toEqual({ message: 'no nodes available to schedule pods' }));
});

describe('FitError.Error', () => {
  it('counts reasons per node, sorted as strings, and says where preemption could not help', () =>
    expect(
      fitErrorMessage(3, [
        { reasons: ['node(s) were unschedulable'], unresolvable: true },
        { reasons: ["node(s) didn't match pod anti-affinity rules"], unresolvable: false },
        { reasons: ["node(s) didn't match pod anti-affinity rules"], unresolvable: false },
      ]),
    ).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..",
    ));
  it('a node with several reasons counts each', () =>
    expect(fitErrorMessage(1, [{ reasons: ['Insufficient cpu', 'Insufficient memory'], unresolvable: false }])).toBe(
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    ));
  it('a PreFilter refusal replaces the per-node reasons, and no preemption helps', () =>
    expect(fitErrorMessage(3, [], 'pod has unbound immediate PersistentVolumeClaims')).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
    ));
});
