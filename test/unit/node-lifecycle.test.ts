// The node lifecycle controller's policy (nodelifecycle's monitorNodeHealth and tainting passes,
// taint-eviction's toleration times), as pure functions.
import { describe, expect, it } from 'vitest';
import { decideNode, evictionDue, NODE_MONITOR_GRACE_MS, UNREACHABLE, UNSCHEDULABLE, type NodeView } from '../../src/controller/node-lifecycle.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const TS = '2025-01-01T00:01:00Z';
const healthy = (extra: Partial<NodeView> = {}): NodeView => ({ ready: 'True', unschedulable: false, taints: [], ...extra });

describe('decideNode', () => {
  it('a down node stays Ready through the grace period, then goes Unknown and is tainted unreachable', () => {
    expect(NODE_MONITOR_GRACE_MS).toBe(40_000);
    expect(decideNode(healthy({ downSince: T0 }), T0 + 39_999, TS)).toEqual({ due: T0 + 40_000 });
    expect(decideNode(healthy({ downSince: T0 }), T0 + 40_000, TS)).toEqual({
      ready: 'Unknown',
      taints: [
        { key: UNREACHABLE, effect: 'NoExecute', timeAdded: TS },
        { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: TS },
      ],
    });
  });
  it('a node back up is Ready again and loses the unreachable taints, keeping others', () => {
    const other = { key: 'dedicated', value: 'db', effect: 'NoSchedule' as const };
    const taints = [other, { key: UNREACHABLE, effect: 'NoExecute' as const, timeAdded: TS }];
    expect(decideNode({ ready: 'Unknown', unschedulable: false, taints }, T0, TS)).toEqual({ ready: 'True', taints: [other] });
  });
  it('cordoned: the unschedulable taint comes and goes with spec.unschedulable', () => {
    expect(decideNode(healthy({ unschedulable: true }), T0, TS)).toEqual({ taints: [{ key: UNSCHEDULABLE, effect: 'NoSchedule', timeAdded: TS }] });
    expect(decideNode(healthy({ unschedulable: true, taints: [{ key: UNSCHEDULABLE, effect: 'NoSchedule' }] }), T0, TS)).toEqual({});
    expect(decideNode(healthy({ taints: [{ key: UNSCHEDULABLE, effect: 'NoSchedule' }] }), T0, TS)).toEqual({ taints: [] });
  });
});

describe('evictionDue', () => {
  const unreachable = [{ key: UNREACHABLE, effect: 'NoExecute' as const, timeAdded: TS }];
  const added = Date.parse(TS);
  it('the default toleration: 300s after the taint', () => {
    expect(evictionDue(unreachable, [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }])).toBe(added + 300_000);
  });
  it('no toleration: at once; a toleration without seconds: never; the shortest of several', () => {
    expect(evictionDue(unreachable, [])).toBe(added);
    expect(evictionDue(unreachable, [{ operator: 'Exists' }])).toBeUndefined();
    expect(
      evictionDue(unreachable, [
        { key: UNREACHABLE, operator: 'Exists', tolerationSeconds: 60 },
        { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      ]),
    ).toBe(added + 30_000);
  });
  it('NoSchedule taints never evict', () => {
    expect(evictionDue([{ key: UNSCHEDULABLE, effect: 'NoSchedule' }], [])).toBeUndefined();
  });
});
