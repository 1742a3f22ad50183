import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/types.js';
import { describeNode } from '../../src/print/describe-node.js';

const node: KObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1', creationTimestamp: '2026-01-01T00:00:00Z' },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' } },
};
const pod = (i: number): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p-${i}`, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
});

describe('describe node: allocated resources', () => {
  it('adds requests exactly (10 × 100m is 1 CPU, 25% of 4; summed as floats, 0.9999… gave 24%)', () => {
    const text = describeNode(
      node,
      Array.from({ length: 10 }, (_, i) => pod(i)),
      [],
      undefined,
      Date.parse('2026-01-01T01:00:00Z'),
    );
    expect(text).toMatch(/^ {2}cpu\s+1 \(25%\)\s+0 \(0%\)$/m);
    expect(text).toMatch(/^ {2}memory\s+640Mi \(7%\)\s+0 \(0%\)$/m);
  });
});
