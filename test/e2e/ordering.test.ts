// OrderedReady and Parallel as the controller does them, observed through `get` on a manual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, podNames, Sts } from '../helpers.js';

describe('OrderedReady', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = new Sts();
  });
  afterEach(() => sts.cleanup());

  it('web-1 does not exist until web-0 is Running and Ready', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    // web-0: claim bound at 1s, scheduled at 2s, Running and Ready at 4s.
    for (const [t, expected] of [
      // --no-headers: widths come from the rows alone
      [1, 'web-0   0/1   Pending   0     1s'],
      [1, 'web-0   0/1   ContainerCreating   0     2s'],
      [1, 'web-0   0/1   ContainerCreating   0     3s'],
    ] as const) {
      sts.ok(`clock advance ${t}s`);
      expect(podNames(sts)).toEqual(['pod/web-0']);
      expect(sts.ok('get pods --no-headers')).toBe(lines(expected));
    }
    sts.ok('clock advance 1s');
    expect(sts.ok('get pods')).toBe(
      lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   1/1     Running   0          4s', 'web-1   0/1     Pending   0          0s'),
    );
    expect(sts.ok('get sts')).toBe(lines('NAME   READY   AGE', 'web    1/2     4s'));
  });

  it('scale-down removes the highest ordinal first, one at a time', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('scale sts web --replicas=4 --wait');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2', 'pod/web-3']);
    sts.ok('scale sts web --replicas=1');
    expect(
      sts
        .ok('get pods --no-headers')
        .split('\n')
        .filter((l) => l.includes('Terminating')),
    ).toEqual([expect.stringMatching(/^web-3 /)]);
    sts.ok('clock advance 2s'); // web-3 gone; web-2 starts terminating
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2']);
    expect(sts.ok('get pod web-2 --no-headers')).toMatch(/Terminating/);
    sts.ok('clock advance 2s');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1']);
    sts.ok('clock advance 2s');
    expect(podNames(sts)).toEqual(['pod/web-0']);
    expect(sts.ok('get pvc -o name').trim().split('\n')).toHaveLength(4);
  });

  it('an unready lower pod blocks creation above it, and scale-down', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    // web-0 is deleted: while it is away, scaling up waits for it.
    sts.ok('delete pod web-0');
    sts.ok('scale sts web --replicas=3');
    sts.ok('clock advance 1s');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1']);
    sts.ok('clock advance 1s'); // web-0 gone and recreated, Pending
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 +0\/1 +Pending/);
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1']);
    sts.ok('clock settle');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2']);
  });
});

describe('Parallel', () => {
  it('creates and deletes all pods at once', () => {
    const sts = new Sts();
    sts.ok('apply -f fixtures/web/web-parallel.yaml');
    expect(sts.ok('get pods')).toBe(
      lines(
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-0   0/1     Pending   0          0s',
        'web-1   0/1     Pending   0          0s',
        'web-2   0/1     Pending   0          0s',
      ),
    );
    expect(sts.ok('clock settle')).toMatch(/^settled after 4s/);
    sts.ok('scale sts web --replicas=0');
    expect(sts.ok('get pods --no-headers').match(/Terminating/g)).toHaveLength(3);
    sts.cleanup();
  });
});
