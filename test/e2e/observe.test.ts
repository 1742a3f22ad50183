// Watching it happen: get -w, wait, events, logs, and the faults that break things on purpose.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, podNames, Sts } from '../helpers.js';

let sts: Sts;
beforeEach(() => {
  sts = new Sts();
});
afterEach(() => sts.cleanup());

describe('get -w', () => {
  it('prints the list, then a row per change caused by other sts commands, widths only growing', async () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    const watching = sts.start(['get', 'pods', '-w']);
    await watching.output('web-0   0/1     Pending   0          0s\n'); // the list: it watches
    for (let i = 0; i < 8; i++) sts.ok('clock advance 1s');
    await watching.output('web-1   1/1     Running             0          4s\n');
    const r = await watching.stop();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      lines(
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-0   0/1     Pending   0          0s',
        'web-0   0/1     Pending   0          2s',
        'web-0   0/1     ContainerCreating   0          2s',
        'web-0   1/1     Running             0          4s',
        'web-1   0/1     Pending             0          0s',
        'web-1   0/1     Pending             0          2s',
        'web-1   0/1     ContainerCreating   0          2s',
        'web-1   1/1     Running             0          4s',
      ),
    );
  });

  it('a named object: only its rows; a missing one is NotFound at once', async () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    const watching = sts.start(['get', 'pod', 'web-1', '-w']);
    await watching.output('web-1   1/1     Running   0          4s\n');
    sts.ok('delete pod web-0 web-1 --wait=false');
    sts.ok('clock advance 2s');
    await watching.output('web-1   0/1     Terminating   0          6s\nweb-1   0/1     Terminating   0          6s\n');
    const r = await watching.stop();
    expect(r).toMatchObject({
      stderr: '',
      stdout: lines(
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-1   1/1     Running   0          4s',
        'web-1   1/1     Terminating   0          4s',
        'web-1   0/1     Terminating   0          6s',
        'web-1   0/1     Terminating   0          6s',
      ),
    });
    expect(sts.run('get pod nope -w')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
  });

  it('--request-timeout ends the watch with exit 0, after the list', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    expect(sts.runProcess(['get', 'pods', '-w', '--request-timeout=300ms'])).toEqual({
      code: 0,
      stdout: lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   0/1     Pending   0          0s'),
      stderr: '',
    });
  });

  it('--watch-only with events; a deleted pod gives a last row', async () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    const watching = sts.start(['get', 'pod', 'web-1', '--watch-only', '--output-watch-events']);
    await watching.registered();
    sts.ok('delete pod web-1');
    sts.ok('clock advance 2s');
    await watching.output((out) => /\nADDED .*\n$/.test(out));
    const r = await watching.stop();
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('EVENT      NAME    READY   STATUS        RESTARTS   AGE');
    expect(r.stdout.split('\n').slice(1)).toEqual([
      'MODIFIED   web-1   1/1     Terminating   0          4s',
      'MODIFIED   web-1   0/1     Terminating   0          6s',
      'DELETED    web-1   0/1     Terminating   0          6s',
      'ADDED      web-1   0/1     Pending       0          0s',
      '',
    ]);
  });
});

describe('get -w on a real clock', () => {
  it('drives the simulation itself and shows the steps as wall time passes', async () => {
    const real = new Sts('real');
    real.ok('cluster stages provision=0s schedule=500ms start=500ms');
    const watching = real.start(['get', 'pods', '-w']);
    await watching.registered();
    real.ok('apply -f fixtures/web/web.yaml');
    await watching.output((out) => /\nweb-1 +0\/1 +ContainerCreating /.test(out));
    const r = await watching.stop();
    const rows = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/ +/).slice(0, 3).join(' '));
    expect(rows[0]).toBe('web-0 0/1 Pending');
    expect(rows).toContain('web-0 1/1 Running');
    expect(rows).toContain('web-1 0/1 ContainerCreating');
    expect(rows.indexOf('web-0 1/1 Running')).toBeLessThan(rows.indexOf('web-1 0/1 ContainerCreating'));
    real.cleanup();
  });
});

describe('wait', () => {
  it('conditions, jsonpath and delete; a manual clock is moved forward', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    expect(sts.ok('wait --for=condition=Ready pod/web-0')).toBe('pod/web-0 condition met\n');
    expect(sts.ok('wait --for=jsonpath={.status.readyReplicas}=2 sts/web')).toBe('statefulset.apps/web condition met\n');
    expect(sts.ok('get sts web --no-headers')).toMatch(/^web +2\/2 +8s/);
    expect(sts.ok('wait --for=condition=Ready pod -l app=nginx')).toBe(lines('pod/web-0 condition met', 'pod/web-1 condition met'));
    sts.ok('delete pod web-1');
    expect(sts.ok('wait --for=delete pod/web-1')).toBe('pod/web-1 condition met\n');
  });

  it('timeouts and errors', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    // StatefulSets carry no conditions: this can only time out, as on a real cluster
    expect(sts.run('wait --for=condition=Ready sts/web --timeout=5s')).toEqual({
      stdout: '',
      stderr: 'error: timed out waiting for the condition on statefulsets/web\n',
      code: 1,
    });
    expect(sts.run('wait --for=condition=Ready pod/nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(sts.run('wait --for=bogus pod/web-0').stderr).toBe('error: unrecognized condition: "bogus"\n');
    expect(sts.run('wait --for=condition=Ready pod -l app=none').stderr).toBe('error: no matching resources found\n');
  });
});

describe('events', () => {
  it('the controller, scheduler, kubelet and provisioner record what they do', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    const ev = sts.ok('get events --field-selector involvedObject.kind=StatefulSet');
    expect(ev).toBe(
      lines(
        'LAST SEEN   TYPE     REASON             OBJECT            MESSAGE',
        '8s          Normal   SuccessfulCreate   statefulset/web   create Claim www-web-0 Pod web-0 in StatefulSet web success',
        '8s          Normal   SuccessfulCreate   statefulset/web   create Pod web-0 in StatefulSet web successful',
        '4s          Normal   SuccessfulCreate   statefulset/web   create Claim www-web-1 Pod web-1 in StatefulSet web success',
        '4s          Normal   SuccessfulCreate   statefulset/web   create Pod web-1 in StatefulSet web successful',
      ),
    );
    const reasons = sts.ok('get ev --field-selector involvedObject.name=web-0 -o jsonpath={.items[*].reason}');
    expect(reasons).toBe('Scheduled Pulling Pulled Created Started');
    expect(sts.ok('get ev --field-selector involvedObject.name=www-web-0 --no-headers')).toMatch(
      /Normal +ProvisioningSucceeded +persistentvolumeclaim\/www-web-0 +Successfully provisioned volume pvc-/,
    );
    expect(sts.ok('get events --sort-by=.lastTimestamp -o name').split('\n')[0]).toMatch(/^event\/(web|www)/);
  });
});

describe('faults', () => {
  beforeEach(() => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
  });

  it('crash: restarts count up, CrashLoopBackOff with a growing back-off; OrderedReady stops behind it', () => {
    expect(sts.ok('fault crash web-0')).toBe('pod/web-0 crashing: container keeps exiting (CrashLoopBackOff)\n');
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 +0\/1 +Error +0 +8s/);
    sts.ok('clock advance 1s');
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 +0\/1 +CrashLoopBackOff +0 +9s/);
    sts.ok('clock advance 10s'); // back-off 10s: restarted (it exited 11s ago), crashes again 1s later
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 +0\/1 +Running +1 \(11s ago\) +19s/);
    sts.ok('clock advance 1m'); // crashed at 20s and 42s; waiting out a 40s back-off
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 +0\/1 +CrashLoopBackOff +2 \(37s ago\) +79s/);
    sts.ok('scale sts web --replicas=3');
    sts.ok('clock advance 1m');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1']);
    expect(sts.ok('describe pod web-0')).toMatch(
      /Warning {2}BackOff +\S+ \(x\d over \S+\) +kubelet +Back-off restarting failed container nginx in pod web-0_default\(/,
    );
    expect(sts.ok('logs web-0 --previous').trim().split('\n').pop()).toBe('sts: the container exited with code 1 (sts fault crash)');
    expect(sts.ok('fault heal web-0')).toBe('pod/web-0 healed\n');
    sts.ok('clock settle');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2']);
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 +1\/1 +Running +\d+ \(/);
  });

  it('unready: Running at 0/1; scale-down waits for it; Parallel does not', () => {
    expect(sts.ok('fault unready web-0')).toBe('pod/web-0 unready: Running but never Ready\n');
    expect(sts.ok('get pod web-0 --no-headers')).toMatch(/^web-0 +0\/1 +Running +0/);
    expect(sts.ok('describe pod web-0')).toContain('Readiness probe failed: HTTP probe failed with statuscode: 503');
    sts.ok('scale sts web --replicas=1');
    sts.ok('clock advance 1m');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1']);
    expect(sts.ok('fault list')).toBe(
      lines('FAULT     TARGET               EFFECT', 'unready   pod/web-0 in default   Running but never Ready').replace(
        'TARGET               ',
        'TARGET                 ',
      ),
    );
    sts.ok('fault heal web-0');
    sts.ok('clock settle');
    expect(podNames(sts)).toEqual(['pod/web-0']);
    expect(sts.run('fault heal web-0').stderr).toBe('error: pod/web-0 has no fault to heal\n');
    expect(sts.run('fault crash nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
});

describe('logs', () => {
  it('nginx start-up lines, then the requests it served; --tail; errors', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    expect(sts.run('logs web-0').stderr).toBe(
      'Error from server (BadRequest): container "nginx" in pod "web-0" is waiting to start: PodInitializing\n',
    );
    sts.ok('clock advance 2s');
    expect(sts.run('logs web-0').stderr).toBe(
      'Error from server (BadRequest): container "nginx" in pod "web-0" is waiting to start: ContainerCreating\n',
    );
    sts.ok('clock settle');
    expect(sts.ok('logs web-0')).toContain('[notice] 1#1: start worker processes\n');
    sts.ok(['exec', 'web-1', '--', 'curl', '-s', 'web-0.nginx']);
    const last = sts.ok('logs web-0 --tail=1');
    expect(last).toMatch(
      /^10\.244\.\d+\.\d+ - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 403 \d+ "-" "curl\/8\.11\.1" "-"\n$/,
    );
    expect(sts.run('logs web-0 --previous').stderr).toBe(
      'Error from server (BadRequest): previous terminated container "nginx" in pod "web-0" not found\n',
    );
    // kubectl 1.33's logs.go rewords a NotFound, with the namespace
    expect(sts.run('logs nope').stderr).toBe('error: error from server (NotFound): pods "nope" not found in namespace "default"\n');
  });

  it('-f prints lines added while it follows', async () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    // --tail=1: its first line says it has read the log; what follows was added while it followed
    const last = sts.ok('logs web-0 --tail=1');
    expect(last).not.toBe('');
    const following = sts.start(['logs', 'web-0', '-f', '--tail=1']);
    await following.output(last);
    sts.ok(['exec', 'web-1', '--', 'curl', '-s', 'web-0.nginx']);
    await following.output((out) => out.length > last.length && out.endsWith('\n'));
    const r = await following.stop();
    expect(r.stdout.slice(0, last.length)).toBe(last);
    expect(r.stdout.slice(last.length)).toMatch(/^10\.244\.\d+\.\d+ - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 403 \d+ "-" "curl\/8\.11\.1" "-"\n$/);
    expect(r.stderr).toBe('');
  });
});

describe('progress', () => {
  it('no spinner, colour or escape codes when not on a terminal', () => {
    const r = sts.run('apply -f fixtures/web/web.yaml --wait');
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/\x1b\[/);
  });
});
