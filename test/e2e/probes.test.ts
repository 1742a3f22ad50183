// Processes and exec probes through the CLI on a manual clock: `kubectl exec web-0 -- kill 1`
// restarts the container (RESTARTS 1), a readiness exec probe fails once its tool is moved away
// (READY 1/2) and passes once it is back, and ps and chmod as the pages show them. Whole outputs.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, lines, ROOT, Sts, webCluster } from '../helpers.js';

describe('kill 1: the container exits and the kubelet restarts it', () => {
  let sts: Sts;
  afterEach(() => sts.cleanup());

  it('Completed (nginx shuts down cleanly), restarted 1s later; killed again at once: CrashLoopBackOff', () => {
    sts = webCluster();
    expect(sts.run('exec web-0 -- kill 1')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(sts.ok('get pods')).toBe(
      lines('NAME    READY   STATUS      RESTARTS   AGE', 'web-0   0/1     Completed   0          8s', 'web-1   1/1     Running     0          4s'),
    );
    sts.ok('clock advance 1s');
    expect(sts.ok('get pods')).toBe(
      lines('NAME    READY   STATUS    RESTARTS     AGE', 'web-0   1/1     Running   1 (1s ago)   9s', 'web-1   1/1     Running   0            5s'),
    );
    sts.ok('exec web-0 -- kill 1');
    sts.ok('clock advance 2s');
    expect(sts.ok('get pod web-0')).toBe(
      lines('NAME    READY   STATUS             RESTARTS     AGE', 'web-0   0/1     CrashLoopBackOff   1 (2s ago)   11s'),
    );
    sts.ok('clock advance 10s');
    expect(sts.ok('get pod web-0')).toBe(lines('NAME    READY   STATUS    RESTARTS      AGE', 'web-0   1/1     Running   2 (12s ago)   21s'));
    expect(
      sts.ok(['get', 'events', '--field-selector', 'involvedObject.name=web-0,reason=BackOff', '-o', 'custom-columns=TYPE:.type,MESSAGE:.message']),
    ).toMatch(/^TYPE +MESSAGE\nWarning +Back-off restarting failed container nginx in pod web-0_default\([0-9a-f-]+\)\n$/);
  });

  it('ps shows the image main process; kill -9 1 from inside does nothing', () => {
    sts = webCluster();
    expect(sts.ok('exec web-0 -- ps -ef')).toBe(
      lines(
        'UID          PID    PPID  C STIME TTY          TIME CMD',
        `root           1       0  0 ${hhmm(sts, 'web-0')} ?        00:00:00 nginx: master process nginx -g daemon off;`,
        `nginx         29       1  0 ${hhmm(sts, 'web-0')} ?        00:00:00 nginx: worker process`,
        `root          30       0  0 ${hhmm(sts)} ?        00:00:00 ps -ef`,
      ),
    );
    sts.ok('exec web-0 -- kill -9 1');
    expect(sts.ok('get pod web-0 -o jsonpath={.status.containerStatuses[0].restartCount}')).toBe('0');
  });

  it('chmod, then ls -l shows the mode', () => {
    sts = webCluster();
    sts.ok('exec web-0 -- touch /tmp/run.sh');
    expect(sts.run('exec web-0 -- chmod 755 /tmp/run.sh /tmp/nope')).toEqual({
      stdout: '',
      stderr: "chmod: cannot access '/tmp/nope': No such file or directory\ncommand terminated with exit code 1\n",
      code: 1,
    });
    expect(sts.ok('exec web-0 -- ls -l /tmp/run.sh')).toMatch(/^-rwxr-xr-x 1 root root 0 \w{3} [ \d]\d \d\d:\d\d \/tmp\/run\.sh\n$/);
  });
});

/** HH:MM of the cluster's clock, or of a pod's start. */
function hhmm(sts: Sts, pod?: string): string {
  const at = pod
    ? sts.ok(`get pod ${pod} -o jsonpath={.status.containerStatuses[0].state.running.startedAt}`)
    : sts.ok('clock').match(/\d{4}-\d\d-\d\dT[\d:]+Z/)![0];
  return at.slice(11, 16);
}

const MYSQL = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  selector:
    matchLabels:
      app: mysql
  serviceName: mysql
  replicas: 1
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:5.7
        livenessProbe:
          exec:
            command: ["mysqladmin", "ping"]
          initialDelaySeconds: 30
          periodSeconds: 10
        readinessProbe:
          exec:
            command: ["mysql", "-h", "127.0.0.1", "-e", "SELECT 1"]
          initialDelaySeconds: 5
          periodSeconds: 2
          timeoutSeconds: 1
      - name: xtrabackup
        image: gcr.io/google-samples/xtrabackup:1.0
        command: ["bash", "-c", "exec ncat --listen --keep-open --send-only --max-conns=1 3307"]
`;

describe('an exec readiness probe (the MySQL page)', () => {
  let sts: Sts;
  afterEach(() => sts.cleanup());

  it('mysql moved away: 1/2 after failureThreshold periods, with the probe output in the event; moved back: 2/2', () => {
    sts = new Sts();
    sts.ok('apply -f -', MYSQL);
    expect(sts.ok('clock settle')).toMatch(/^settled after 8s: /);
    expect(sts.ok('get pods')).toBe(lines('NAME      READY   STATUS    RESTARTS   AGE', 'mysql-0   2/2     Running   0          8s'));
    sts.ok('exec mysql-0 -c mysql -- mv /usr/bin/mysql /usr/bin/mysql.off');
    sts.ok('clock advance 4s');
    expect(sts.ok('get pods')).toBe(lines('NAME      READY   STATUS    RESTARTS   AGE', 'mysql-0   2/2     Running   0          12s'));
    sts.ok('clock advance 2s');
    expect(sts.ok('get pods')).toBe(lines('NAME      READY   STATUS    RESTARTS   AGE', 'mysql-0   1/2     Running   0          14s'));
    // its answer cannot change until the files do: settled at once, the probe not run for every period
    expect(sts.ok('clock settle')).toMatch(/^settled after 0ms: /);
    expect(sts.ok(['get', 'events', '--field-selector', 'reason=Unhealthy', '-o', 'custom-columns=COUNT:.count,MESSAGE:.message'])).toBe(
      lines(
        'COUNT   MESSAGE',
        '3       Readiness probe failed: OCI runtime exec failed: exec failed: unable to start container process: exec: "mysql": executable file not found in $PATH: unknown',
      ),
    );
    sts.ok('exec mysql-0 -c mysql -- mv /usr/bin/mysql.off /usr/bin/mysql');
    sts.ok('clock advance 2s');
    expect(sts.ok('get pods')).toBe(lines('NAME      READY   STATUS    RESTARTS   AGE', 'mysql-0   2/2     Running   0          16s'));
  });
});

const PROBED = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: busybox
    readinessProbe:
      exec:
        command: ["cat", "/tmp/ready"]
      periodSeconds: 5
      failureThreshold: 1
    livenessProbe:
      exec:
        command: ["cat", "/tmp/alive"]
      initialDelaySeconds: 5
      periodSeconds: 5
      failureThreshold: 1
`;

describe('a command that is never saved (killed before its save) forgets nothing its probes saw', () => {
  let sts: Sts;
  afterEach(() => sts.cleanup());

  /** `sts ARGS` killed between its work and its save (cli/context.ts commit). */
  const crashed = (args: string) =>
    spawnSync(process.execPath, [BIN, ...args.split(' ')], { cwd: ROOT, env: { ...sts.env(), STS_TEST_CRASH_BEFORE_SAVE: '1' } }).signal;

  it('readiness: the change its probes read in the lost command is read again; the old root goes once the restart is saved', () => {
    sts = new Sts();
    sts.ok('apply -f -', PROBED);
    sts.ok('clock advance 3s');
    sts.ok(['exec', 'p', '--', 'sh', '-c', 'touch /tmp/ready /tmp/alive; echo kept > /tmp/scratch']);
    sts.ok('clock advance 5s');
    expect(sts.ok('get pods')).toBe(lines('NAME   READY   STATUS    RESTARTS   AGE', 'p      1/1     Running   0          8s'));
    sts.ok('exec p -- rm /tmp/ready');
    expect(crashed('clock advance 30s')).toBe('SIGKILL');
    sts.ok('clock advance 5s');
    expect(sts.ok('get pods')).toBe(lines('NAME   READY   STATUS    RESTARTS   AGE', 'p      0/1     Running   0          13s'));
    // the liveness probe fails in a command that is lost: the container keeps its files
    sts.ok('exec p -- rm /tmp/alive');
    expect(crashed('clock advance 30s')).toBe('SIGKILL');
    expect(sts.ok('exec p -- cat /tmp/scratch')).toBe('kept\n');
    sts.ok('clock advance 5s');
    expect(sts.ok('get pods')).toBe(lines('NAME   READY   STATUS   RESTARTS   AGE', 'p      0/1     Error    0          18s'));
    sts.ok('clock advance 1s');
    expect(sts.ok('get pods')).toBe(lines('NAME   READY   STATUS    RESTARTS     AGE', 'p      0/1     Running   1 (1s ago)   19s'));
    expect(sts.run('exec p -- cat /tmp/scratch').stderr).toBe('cat: /tmp/scratch: No such file or directory\ncommand terminated with exit code 1\n');
    const uid = sts.ok('get pod p -o jsonpath={.metadata.uid}');
    expect(
      readdirSync(`${sts.state}.data/pods/${uid}`)
        .filter((f) => f.startsWith('rootfs'))
        .sort(),
    ).toEqual(['rootfs-1']);
  });
});
