// The cluster clock: manual time moves only when told; real time follows the wall clock.
import { describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';

describe('clock', () => {
  it('manual: shows the mode, advances, settles; nothing moves on its own', async () => {
    const sts = new Sts();
    const [, now0] = /now: {2}(\S+)/.exec(sts.ok('clock'))!;
    expect(sts.ok('clock')).toBe(lines('mode: manual', `now:  ${now0}`));
    sts.ok('apply -f fixtures/web/web.yaml');
    await new Promise((r) => setTimeout(r, 1100));
    expect(sts.ok('get pods --no-headers')).toMatch(/^web-0 +0\/1 +Pending +0 +0s\n$/);
    const later = new Date(Date.parse(now0) + 90_000).toISOString().replace('.000Z', 'Z');
    expect(sts.ok('clock advance 1m30s')).toBe(`clock advanced 1m30s: now ${later}\n`);
    expect(sts.ok('get sts --no-headers')).toBe('web   2/2   90s\n');
    expect(sts.ok('clock settle')).toMatch(/^settled after 0ms: now /);
    expect(sts.run('clock advance soon').stderr).toBe('error: invalid duration "soon": use a duration like 30s, 5m or 1h30m\n');
    sts.cleanup();
  });

  it('settle --timeout stops a cluster that is still changing', () => {
    const sts = new Sts();
    sts.ok('apply -f fixtures/web/web.yaml');
    const r = sts.run('clock settle --timeout 3s');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: timed out after 3s: the cluster is still changing \(now \S+\)\n$/);
    sts.cleanup();
  });

  it('real: pods progress with wall time between commands', async () => {
    const sts = new Sts('real');
    sts.ok('cluster stages start=0s schedule=0s provision=0s');
    sts.ok('apply -f fixtures/web/web.yaml');
    await new Promise((r) => setTimeout(r, 300));
    expect(sts.ok('get sts --no-headers')).toMatch(/^web   2\/2 /);
    // rollout status follows wall time (here: terminating takes 1s per pod)
    sts.ok('cluster stages terminate=1s');
    sts.ok('set image sts/web nginx=nginx:2');
    const t0 = Date.now();
    expect(sts.ok('rollout status sts/web --timeout=30s')).toMatch(/partitioned roll out complete: 2 new pods have been updated\.\.\.\n$/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    sts.cleanup();
  });

  it('stage durations: per cluster and per pod annotation', () => {
    const sts = new Sts();
    expect(sts.ok('cluster stages start=10s')).toMatch(
      /^STAGE +SECONDS +SOURCE +MEANING\n(.*\n)*start +10 +cluster +ContainerCreating lasts this long/,
    );
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock advance 11s');
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/ContainerCreating/);
    sts.ok('clock advance 1s');
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/Running/);
    sts.ok('cluster stages start=default');
    const slowReady = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: slow',
      '  annotations:',
      '    stages.sts.dev/ready: 30s',
      'spec:',
      '  containers:',
      '  - name: app',
      '    image: busybox',
    ].join('\n');
    sts.ok('apply -f -', slowReady);
    sts.ok('clock advance 4s');
    expect(sts.ok('get pod slow --no-headers')).toMatch(/^slow +0\/1 +Running/);
    sts.ok('clock advance 30s');
    expect(sts.ok('get pod slow --no-headers')).toMatch(/^slow +1\/1 +Running/);
    expect(sts.run('cluster stages warp=1s').stderr).toBe('error: unknown stage "warp"; stages are: provision, schedule, start, ready, terminate\n');
    // names the objects themselves inherit are no stages (nor feature gates)
    expect(sts.run('cluster stages constructor=5s').stderr).toMatch(/^error: unknown stage "constructor"; /);
    expect(sts.run('cluster features toString=true').stderr).toMatch(/^error: unknown feature gate "toString"; /);
    sts.cleanup();
  });
});
