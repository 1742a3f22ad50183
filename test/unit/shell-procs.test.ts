// The container's processes and file modes as the pod's shell shows them (runtime/shell/programs/
// procs.ts, files.ts chmod): ps in procps's and busybox's columns, kill/pkill/killall recording
// the main process's exit on the pod record for the kubelet, chmod's modes. Whole outputs compared.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PodRecord } from '../../src/api/types.js';
import type { Container } from '../../src/runtime/container.js';
import { FILES_CHANGED, PodFs } from '../../src/runtime/podfs.js';
import { Shell } from '../../src/runtime/shell.js';
import { applyMode } from '../../src/runtime/shell/programs/files.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0);
let dir: string;
let touched: PodRecord[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-procs-'));
  for (const d of ['pod/rootfs/tmp', 'pod/rootfs/usr/bin', 'ro']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'pod/rootfs/tmp/run.sh'), 'echo hi\n', { mode: 0o644 });
  touched = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function container(image: string, spec: Record<string, unknown> = {}, record: Partial<PodRecord> = {}): Container {
  const fs = new PodFs([
    { path: '/', host: join(dir, 'pod/rootfs'), readOnly: false, source: 'overlay' },
    { path: '/ro', host: join(dir, 'ro'), readOnly: true, source: '/dev/ro' },
  ]);
  const rec = { ns: 'default', name: 'web-0', stage: 'Ready', runningSince: T0, ...record } as PodRecord;
  const c = { now: T0 + 5 * 60_000, touchPod: (p: PodRecord) => touched.push(p) };
  return {
    c,
    fs,
    env: Object.create(null),
    hostname: 'web-0',
    fqdn: 'web-0',
    record: rec,
    container: { name: 'app', image, ...spec },
  } as unknown as Container;
}

const run = (ctr: Container, script: string) => new Shell(ctr).script(script);

describe('ps', () => {
  it("procps: the caller's processes, -ef and aux; PID 1 is the image's main process (nginx: master and a worker)", () => {
    const ctr = container('registry.k8s.io/nginx-slim:0.21');
    expect(run(ctr, 'ps').out).toBe(
      ['    PID TTY          TIME CMD', '      1 ?        00:00:00 nginx', '     30 ?        00:00:00 ps', ''].join('\n'),
    );
    expect(run(ctr, 'ps -ef').out).toBe(
      [
        'UID          PID    PPID  C STIME TTY          TIME CMD',
        'root           1       0  0 12:00 ?        00:00:00 nginx: master process nginx -g daemon off;',
        'nginx         29       1  0 12:00 ?        00:00:00 nginx: worker process',
        'root          30       0  0 12:05 ?        00:00:00 ps -ef',
        '',
      ].join('\n'),
    );
    expect(run(ctr, 'ps aux').out).toBe(
      [
        'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
        'root           1  0.0  0.0  11404  7424 ?        Ss   12:00   0:00 nginx: master process nginx -g daemon off;',
        'nginx         29  0.0  0.0  11404  7424 ?        S    12:00   0:00 nginx: worker process',
        'root          30  0.0  0.0   8088  4032 ?        Rs   12:05   0:00 ps aux',
        '',
      ].join('\n'),
    );
  });

  it("busybox's applet: the container's command and args, or sh", () => {
    expect(run(container('busybox:1.28', { command: ['sleep', '3600'] }), 'ps').out).toBe(
      ['PID   USER     TIME  COMMAND', '    1 root      0:00 sleep 3600', '    7 root      0:00 ps', ''].join('\n'),
    );
    expect(run(container('busybox'), 'ps').out).toBe(
      ['PID   USER     TIME  COMMAND', '    1 root      0:00 sh', '    7 root      0:00 ps', ''].join('\n'),
    );
  });
});

describe('kill, pkill, killall', () => {
  it('kill 1: the main process exits with its own status (nginx shuts down cleanly: 0); the pod records it', () => {
    const ctr = container('nginx:1.25');
    expect(run(ctr, 'kill 1')).toEqual({ out: '', err: '', code: 0 });
    expect([ctr.record.killedAt, ctr.record.exitCode, touched.length]).toEqual([T0 + 5 * 60_000, 0, 1]);
    // killed once: the kubelet has yet to see it, a second signal changes nothing
    expect(run(ctr, 'kill -TERM 1').code).toBe(0);
    expect(touched.length).toBe(1);
  });

  it('pkill java: 128 + SIGTERM for a JVM; killall by exact name; no match: 1', () => {
    const zk = container('registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10');
    expect(run(zk, 'pkill jav')).toEqual({ out: '', err: '', code: 0 });
    expect(zk.record.exitCode).toBe(143);
    expect(run(container('mysql:5.7'), 'killall mysql')).toEqual({ out: '', err: 'mysql: no process found\n', code: 1 });
    expect(run(container('mysql:5.7'), 'pkill postgres')).toEqual({ out: '', err: '', code: 1 });
    const db = container('mysql:5.7');
    expect(run(db, 'killall -s INT mysqld').code).toBe(0);
    expect(db.record.exitCode).toBe(0);
  });

  it('the kernel keeps from PID 1 what it does not handle: SIGKILL from inside, anything to a shell', () => {
    const ctr = container('nginx');
    expect(run(ctr, 'kill -9 1').code).toBe(0);
    expect(run(container('busybox', { command: ['sh', '-c', 'sleep 1d'] }), 'kill 1').code).toBe(0);
    expect(touched).toEqual([]);
    // a worker: the master starts another
    expect(run(ctr, 'kill 29').code).toBe(0);
    expect(touched).toEqual([]);
  });

  it('a container that is not running (exited, waiting out its back-off) records nothing', () => {
    expect(run(container('nginx', {}, { waitingReason: 'CrashLoopBackOff' }), 'kill 1').code).toBe(0);
    expect(touched).toEqual([]);
  });

  it("errors in procps's and busybox's words", () => {
    expect(run(container('nginx'), 'kill 99; kill abc; kill -FOO 1; kill')).toEqual({
      out: '',
      err: "kill: (99) - No such process\nkill: failed to parse argument: 'abc'\nkill: unknown signal: FOO\nkill: not enough arguments\n",
      code: 1,
    });
    expect(run(container('busybox'), 'kill 99; kill abc; killall top')).toEqual({
      out: '',
      err: "kill: can't kill pid 99: No such process\nkill: bad pid 'abc'\nkillall: top: no process killed\n",
      code: 1,
    });
  });
});

describe('chmod', () => {
  const mode = (p: string) => (statSync(join(dir, 'pod/rootfs', p)).mode & 0o777).toString(8);

  it('octal and symbolic modes, as ls -l then shows them', () => {
    const ctr = container('nginx');
    expect(run(ctr, 'chmod 755 /tmp/run.sh && ls -l /tmp/run.sh').out).toMatch(/^-rwxr-xr-x 1 root root 8 /);
    expect(run(ctr, 'chmod go-rx /tmp/run.sh')).toEqual({ out: '', err: '', code: 0 });
    expect(mode('tmp/run.sh')).toBe('700');
    expect(run(ctr, 'chmod a+r,u-x /tmp/run.sh').code).toBe(0);
    expect(mode('tmp/run.sh')).toBe('644');
    expect(run(ctr, 'chmod -R 750 /tmp').code).toBe(0);
    expect([mode('tmp'), mode('tmp/run.sh')]).toEqual(['750', '750']);
  });

  it("the host file keeps its owner's read and write, so sts can still read and remove it", () => {
    expect(run(container('nginx'), 'chmod 0 /tmp/run.sh').code).toBe(0);
    expect(mode('tmp/run.sh')).toBe('600');
  });

  it("errors in coreutils' words", () => {
    expect(run(container('nginx'), 'chmod; chmod 755; chmod 9z /tmp/run.sh; chmod 755 /nope /ro')).toEqual({
      out: '',
      err: [
        'chmod: missing operand',
        "Try 'chmod --help' for more information.",
        "chmod: missing operand after '755'",
        "Try 'chmod --help' for more information.",
        "chmod: invalid mode: '9z'",
        "Try 'chmod --help' for more information.",
        "chmod: cannot access '/nope': No such file or directory",
        "chmod: changing permissions of '/ro': Read-only file system",
        '',
      ].join('\n'),
      code: 1,
    });
  });

  it('applyMode: X sets execute only on directories and files that have it', () => {
    expect([applyMode('a+X', 0o644, false), applyMode('a+X', 0o644, true), applyMode('a+X', 0o744, false)].map((m) => m!.toString(8))).toEqual([
      '644',
      '755',
      '755',
    ]);
    expect(applyMode('u+q', 0, false)).toBeUndefined();
  });
});

it('a command that writes the pod files leaves FILES_CHANGED for its exec probes (controller/probes.ts)', () => {
  const ctr = container('nginx');
  run(ctr, 'cat /tmp/run.sh');
  expect(() => statSync(join(dir, 'pod', FILES_CHANGED))).toThrow();
  run(ctr, 'mv /tmp/run.sh /tmp/run');
  expect(statSync(join(dir, 'pod', FILES_CHANGED)).isFile()).toBe(true);
});
