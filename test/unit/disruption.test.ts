// The disruption controller's arithmetic (controller/disruption.ts budgetStatus) and the eviction
// decision, named after pkg/controller/disruption/disruption_test.go and eviction_test.go.
import { describe, expect, it } from 'vitest';
import { budgetStatus, scaledValue, type BudgetPod } from '../../src/controller/disruption.js';
import { evictionDecision } from '../../src/apiserver/eviction.js';
import type { KObject, PodRecord } from '../../src/api/types.js';

const ctl = { key: 'StatefulSet/default/zk', scale: 3 };
const ready = (i: number): BudgetPod => ({ name: `zk-${i}`, ready: true, deleting: false, controller: ctl });
const unready = (i: number): BudgetPod => ({ ...ready(i), ready: false });
const NOW = 1_000_000;

describe('budgetStatus', () => {
  it('TestNoSelector / TestBasicFinderFunctions: minAvailable as an int counts the pods', () => {
    expect(budgetStatus({ minAvailable: 2 }, [ready(0), ready(1), ready(2)], {}, NOW)).toMatchObject({
      expectedPods: 3,
      desiredHealthy: 2,
      currentHealthy: 3,
      disruptionsAllowed: 1,
    });
  });
  it('TestUnavailable: an unready pod is not healthy', () => {
    expect(budgetStatus({ minAvailable: 2 }, [ready(0), unready(1), ready(2)], {}, NOW).disruptionsAllowed).toBe(0);
  });
  it('TestStatefulSetController: maxUnavailable takes expectedPods from the set’s replicas', () => {
    const s = budgetStatus({ maxUnavailable: 1 }, [ready(0), ready(1)], {}, NOW);
    expect(s).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 });
  });
  it('TestIntegerMaxUnavailableWithScaling / percentages round up', () => {
    expect(scaledValue('50%', 3, true)).toBe(2);
    expect(budgetStatus({ minAvailable: '50%' }, [ready(0), ready(1), ready(2)], {}, NOW)).toMatchObject({
      desiredHealthy: 2,
      disruptionsAllowed: 1,
    });
    expect(budgetStatus({ maxUnavailable: '34%' }, [ready(0), ready(1), ready(2)], {}, NOW)).toMatchObject({
      desiredHealthy: 1,
      disruptionsAllowed: 2,
    });
  });
  it('TestUnmanagedPodsWithMaxUnavailable: a pod with no controller fails the sync safe', () => {
    const s = budgetStatus({ maxUnavailable: 1 }, [{ name: 'x', ready: true, deleting: false }], {}, NOW);
    expect(s).toMatchObject({ disruptionsAllowed: 0, syncFailed: 'found no controllers for pod "x"' });
  });
  it('TestUpdateDisruptedPods: an evicted pod not yet deleting counts as disrupted until it expires', () => {
    const pods = [ready(0), ready(1), ready(2)];
    expect(budgetStatus({ maxUnavailable: 1 }, pods, { 'zk-0': NOW - 1000 }, NOW)).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 });
    expect(budgetStatus({ maxUnavailable: 1 }, pods, { 'zk-0': NOW - 120_000 }, NOW)).toMatchObject({ currentHealthy: 3, disruptedPods: {} });
  });
  it('a deleting pod is not healthy and leaves disruptedPods', () => {
    const s = budgetStatus({ maxUnavailable: 1 }, [{ ...ready(0), deleting: true }, ready(1), ready(2)], { 'zk-0': NOW }, NOW);
    expect(s).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0, disruptedPods: {} });
  });
});

const pod = (stage: PodRecord['stage']) => ({ ns: 'default', name: 'zk-0', uid: 'u', stage, stageSince: 0, createdAt: 0 }) as PodRecord;
const pdb = (status: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
  ({
    kind: 'PodDisruptionBudget',
    metadata: { name: 'zk-pdb', generation: 1 },
    spec,
    status: { observedGeneration: 1, ...status },
  }) as unknown as KObject;

describe('evictionDecision', () => {
  it('TestEviction: no budget, or one that allows, lets the pod go', () => {
    expect(evictionDecision(pod('Ready'), []).allow).toBe(true);
    expect(evictionDecision(pod('Ready'), [pdb({ disruptionsAllowed: 1 })])).toMatchObject({ allow: true });
  });
  it('TestEviction: disruptionsAllowed 0 refuses with 429', () => {
    expect(evictionDecision(pod('Ready'), [pdb({ disruptionsAllowed: 0, desiredHealthy: 2, currentHealthy: 2 })]).refusal).toEqual({
      outcome: 'refused',
      code: 429,
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      cause: 'The disruption budget zk-pdb needs 2 healthy pods and has 2 currently',
    });
  });
  it('TestEvictionIgnorePDB: pending pods are evicted without asking', () => {
    expect(evictionDecision(pod('Pending'), [pdb({ disruptionsAllowed: 0 })]).allow).toBe(true);
  });
  it('TestEvictionPDBUnhealthyPodEvictionPolicy: AlwaysAllow lets an unready pod go; IfHealthyBudget only while the budget is met', () => {
    expect(evictionDecision(pod('Running'), [pdb({ disruptionsAllowed: 0 }, { unhealthyPodEvictionPolicy: 'AlwaysAllow' })]).allow).toBe(true);
    expect(evictionDecision(pod('Running'), [pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })]).allow).toBe(true);
    expect(evictionDecision(pod('Running'), [pdb({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 })]).allow).toBe(false);
  });
  it('more than one budget is a 500', () => {
    expect(evictionDecision(pod('Ready'), [pdb({}), pdb({})]).refusal).toMatchObject({ code: 500 });
  });
});
