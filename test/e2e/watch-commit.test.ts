// A watcher (`get -w` in another process) sees a command's changes only once they are saved, in
// commit order: never those of a command that failed or was killed before its save.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, lines, ROOT, Sts } from '../helpers.js';

let sts: Sts;
beforeEach(() => {
  sts = new Sts();
  sts.ok('apply -f fixtures/web/web.yaml');
});
afterEach(() => sts.cleanup());

/** `sts get pods -w` in its own process, stopped (SIGTERM) once its output ends with what a test waits for. */
class Watcher {
  private stdout = '';
  private stderr = '';
  private readonly closed: Promise<void>;
  private readonly child;
  constructor(state: string) {
    this.child = spawn(process.execPath, [BIN, 'get', 'pods', '-w', '--request-timeout=20s'], {
      cwd: ROOT,
      env: { ...process.env, STS_STATE: state, NO_COLOR: '1' },
    });
    this.child.stdout.on('data', (d) => (this.stdout += d));
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.closed = new Promise((res) => this.child.on('close', () => res()));
  }
  /** Wait until the output ends with `tail` (the initial list: the watcher is registered), or give up after 10 s. */
  async until(tail: string): Promise<void> {
    for (const end = Date.now() + 10_000; !this.stdout.endsWith(tail) && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
  }
  /** Stop it and return everything it printed. */
  async stop(): Promise<string> {
    this.child.kill('SIGTERM');
    await this.closed;
    expect(this.stderr).toBe('');
    return this.stdout;
  }
}

const INITIAL = lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-0   0/1     Pending   0          0s');

/** What `clock advance 2s` shows of the web set from 0s on: the last rows of each test, after what it checks. */
const AT_2S = lines('web-0   0/1     Pending   0          2s', 'web-0   0/1     ContainerCreating   0          2s');

describe('watchers see committed changes only', () => {
  it('a manifest with an invalid document: the watcher sees the valid one, which was kept, and nothing else', async () => {
    const w = new Watcher(sts.state);
    await w.until(INITIAL);
    const manifest = join(sts.dir, 'two.yaml');
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: nginx\n`;
    writeFileSync(manifest, `${pod('solo')}---\n${pod('Bad_Name')}`);
    const r = sts.run(['apply', '-f', manifest]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('pod/solo created\n');
    expect(sts.ok('get pods -o name')).toBe(lines('pod/solo', 'pod/web-0'));
    sts.ok('clock advance 2s');
    const tail = lines('web-0   0/1     Pending             0          2s', 'web-0   0/1     ContainerCreating   0          2s');
    await w.until(tail);
    expect(await w.stop()).toBe(
      INITIAL +
        lines(
          'solo    0/1     Pending   0          0s',
          'solo    0/1     Pending   0          1s',
          'solo    0/1     ContainerCreating   0          1s',
        ) +
        tail,
    );
  });

  it('a wait that times out keeps the time it moved: the watcher sees exactly that, once', async () => {
    const w = new Watcher(sts.state);
    await w.until(INITIAL);
    const r = sts.run('wait --for=condition=Ready pod/web-0 --timeout=3s');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: timed out waiting for the condition on pods/web-0\n' });
    sts.ok('clock advance 1s');
    const tail = lines('web-0   1/1     Running             0          4s', 'web-1   0/1     Pending             0          0s');
    await w.until(tail);
    expect(await w.stop()).toBe(INITIAL + AT_2S + tail);
  });

  it('a command killed after its changes were noted but before its save shows nothing', async () => {
    const w = new Watcher(sts.state);
    await w.until(INITIAL);
    const killed = await new Promise<NodeJS.Signals | null>((res) =>
      spawn(process.execPath, [BIN, 'clock', 'advance', '8s'], {
        cwd: ROOT,
        env: { ...process.env, STS_STATE: sts.state, STS_TEST_CRASH_BEFORE_SAVE: '1' },
      }).on('exit', (_code, signal) => res(signal)),
    );
    expect(killed).toBe('SIGKILL');
    expect(sts.ok('get pods')).toBe(INITIAL); // nothing of it was kept
    sts.ok('clock advance 2s'); // what follows shows up, and nothing before it
    await w.until(AT_2S);
    expect(await w.stop()).toBe(INITIAL + AT_2S);
  });

  it('concurrent writers: rows come in commit order, as from one writer after another', async () => {
    const w = new Watcher(sts.state);
    await w.until(INITIAL);
    // eight one-second steps from eight processes at once: in whatever order the lock lets them
    // commit, the cluster goes through the same instants, and the watcher must show them in order
    const steps = Array.from({ length: 8 }, () => sts.spawn(['clock', 'advance', '1s']));
    expect((await Promise.all(steps)).map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const tail = lines('web-1   1/1     Running             0          4s');
    await w.until(tail);
    expect(await w.stop()).toBe(
      INITIAL +
        AT_2S +
        lines(
          'web-0   1/1     Running             0          4s',
          'web-1   0/1     Pending             0          0s',
          'web-1   0/1     Pending             0          2s',
          'web-1   0/1     ContainerCreating   0          2s',
        ) +
        tail,
    );
  });

  it('a watcher journal that cannot be written: the command succeeds all the same', () => {
    // the journal of a live process (this one) that is no file to append to
    mkdirSync(join(`${sts.state}.watch`, `${process.pid}.jsonl`), { recursive: true });
    expect(sts.run('clock advance 2s')).toEqual({ code: 0, stdout: expect.stringMatching(/^clock advanced 2s: now [\dT:Z-]+\n$/), stderr: '' });
    expect(sts.ok('get pods')).toBe(lines('NAME    READY   STATUS              RESTARTS   AGE', 'web-0   0/1     ContainerCreating   0          2s'));
  });
});
