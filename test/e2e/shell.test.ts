// `sts shell`: piped input runs as a script (whole outputs, the last failure's exit code), and the
// interactive prompt through a pseudo-terminal (`script` from util-linux): prompt, Tab, Ctrl-C, history.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, lines, ROOT, until, webCluster, type Sts } from '../helpers.js';

let sts: Sts;
/** shells on terminals still running when a test ends (it failed): stopped before the next */
const terminals = new Set<ChildProcess>();
afterEach(() => {
  for (const child of terminals) if (child.exitCode === null) child.kill('SIGKILL');
  terminals.clear();
  sts?.cleanup();
});

/** The cluster's time of day, as the prompt shows it. */
const timeOfDay = () => /now: +\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d)Z/.exec(sts.ok('clock'))![1];

describe('sts shell: piped input is a script', () => {
  it('runs each line as a command (prefixes, ns, !cmd, pipes into host commands); no prompt; exits with the failure', () => {
    sts = webCluster();
    const script = lines(
      'kubectl get pods',
      '# a comment, and a blank line',
      '',
      'sts get pods -o name | grep web-1',
      'ns kube-system',
      'get pods',
      '!echo hi',
      'get pods nope',
      "get sts -n default -o 'custom-columns=SET NAME:.metadata.name' | sed 's/^/> /'",
    );
    const r = sts.runProcess('shell', script);
    expect(r.stdout).toBe(
      lines(
        'NAME    READY   STATUS    RESTARTS   AGE',
        'web-0   1/1     Running   0          8s',
        'web-1   1/1     Running   0          4s',
        'pod/web-1',
        'hi',
        '> SET NAME',
        '> web',
      ),
    );
    expect(r.stderr).toBe(lines('No resources found in kube-system namespace.', 'Error from server (NotFound): pods "nope" not found'));
    expect(r.code).toBe(1);
  });

  it('exit code: the last failing line, 0 when none failed, or exit N; nothing runs after exit', () => {
    sts = webCluster();
    expect(sts.runProcess('shell', lines('get pods nope', '!exit 3', 'get pods -o name'))).toEqual({
      stdout: lines('pod/web-0', 'pod/web-1'),
      stderr: lines('Error from server (NotFound): pods "nope" not found'),
      code: 3,
    });
    expect(sts.runProcess('shell', lines('get sts -o name', 'clock settle')).code).toBe(0);
    expect(sts.runProcess('shell', lines('get sts -o name', 'exit 4', 'get pods -o name'))).toEqual({
      stdout: lines('statefulset.apps/web'),
      stderr: '',
      code: 4,
    });
    expect(sts.runProcess('shell', lines('ns nope', 'get "unterminated', 'shell'))).toEqual({
      stdout: '',
      stderr: lines('Error from server (NotFound): namespaces "nope" not found', 'error: unterminated double quote', 'error: already in sts shell'),
      code: 1,
    });
  });

  it('sees what other sts processes did between its lines (it holds no lock while it reads)', () => {
    sts = webCluster();
    const other = `${process.execPath} ${BIN}`;
    const r = sts.runProcess(
      'shell',
      lines(`!${other} scale sts web --replicas=1 >/dev/null`, 'get sts web -o name', 'clock settle', 'get pods -o name'),
    );
    expect(r.stdout).toMatch(/^statefulset.apps\/web\nsettled after \d+s: now .*\npod\/web-0\n$/);
    expect(r.code).toBe(0);
    expect(sts.ok('get pods -o name')).toBe(lines('pod/web-0'));
  });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** `sts shell` on a pseudo-terminal: what it shows (colours and cursor moves taken out), keys to send. */
class Terminal {
  private raw = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  constructor() {
    // `exec`: script runs its command through $SHELL or /bin/sh; a shell left waiting in the terminal's process
    // group gets Ctrl-C's SIGINT too, and dash then ends itself with it (130) once sts exits
    this.child = spawn('script', ['-qfec', `exec ${process.execPath} ${BIN} shell`, '/dev/null'], {
      cwd: ROOT,
      env: { ...sts.env(), TERM: 'xterm' }, // readline completes nothing on a dumb terminal
    });
    terminals.add(this.child);
    this.child.stdout!.on('data', (d) => (this.raw += d));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }
  /** The screen's text so far, without escape sequences and carriage returns. */
  get text(): string {
    return this.raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  }
  /** Wait for the prompt (the screen ends with it when the shell waits for a line): keys typed before it
   *  are echoed twice, by the terminal and then by readline. */
  idle(): Promise<void> {
    return until(() => this.text.endsWith('> '), 'the shell to prompt', 5000).catch((e: Error) => {
      throw new Error(`${e.message}; it showed:\n${this.text}`);
    });
  }
  send(keys: string): void {
    this.child.stdin!.write(keys);
  }
  /** Wait until the screen (after what it showed before `mark`) contains `what`. */
  async shows(what: string | RegExp, mark = 0): Promise<void> {
    const found = () => (typeof what === 'string' ? this.text.slice(mark).includes(what) : what.test(this.text.slice(mark)));
    await until(found, `the shell to show ${String(what)}`, 5000).catch((e: Error) => {
      throw new Error(`${e.message}; it showed:\n${this.text}`);
    });
  }
}

describe.skipIf(!hasScript)('sts shell on a terminal', () => {
  it('shows the namespace and the cluster time in the prompt; Tab completes verbs, subcommands and pod names; Ctrl-D leaves', async () => {
    sts = webCluster();
    const prompt = `sts default ${timeOfDay()}> `;
    const t = new Terminal();
    await t.shows(prompt);
    t.send('get pods we\t');
    await t.shows(`${prompt}get pods web-`);
    t.send('\t'); // two candidates: Tab again lists them (a Tab completes only as the last key of what arrives at once)
    await t.shows('web-0\nweb-1\n');
    t.send('1\t');
    await t.shows(`${prompt}get pods web-1 `);
    t.send('\r');
    await t.shows(lines('NAME    READY   STATUS    RESTARTS   AGE', 'web-1   1/1     Running   0          4s'));
    await t.idle();
    const mark = t.text.length;
    t.send('rollo\t');
    await t.shows('rollout ', mark);
    t.send('sta\t');
    await t.shows('rollout status ', mark);
    t.send('sts/\t');
    await t.shows('rollout status sts/web ', mark);
    t.send('\r');
    await t.shows('partitioned roll out complete: 2 new pods have been updated...\n', mark);
    await t.idle();
    const files = t.text.length;
    t.send('apply -f fixtures/we\t'); // files after -f
    await t.shows('apply -f fixtures/web/', files);
    t.send('web-\t');
    await t.shows('apply -f fixtures/web/web-parallel.yaml ', files);
    t.send('\x15'); // Ctrl-U: the line is dropped
    t.send('\x04');
    expect(await t.exited).toBe(0);
  });

  it('Ctrl-C stops a running get -w and the shell answers the next command', async () => {
    sts = webCluster();
    const t = new Terminal();
    const prompt = `sts default ${timeOfDay()}> `;
    await t.shows(prompt);
    t.send('get pods -w\r');
    await t.shows('web-1   1/1     Running   0          4s\n');
    const watchDir = `${sts.state}.watch`;
    await until(() => existsSync(watchDir) && readdirSync(watchDir).length > 0, 'the watch to register');
    t.send('\x03');
    await until(() => readdirSync(watchDir).length === 0, 'the watch to end');
    await t.shows(`^C\n${prompt}`); // the terminal echoes ^C; the shell starts a new line and prompts
    const mark = t.text.length;
    t.send('ns kube-system\r');
    await t.shows(`sts kube-system ${timeOfDay()}> `, mark);
    await t.idle();
    t.send('exit\r');
    expect(await t.exited).toBe(0);
    expect(t.text).toContain(lines('web-1   1/1     Running   0          4s', '^C'));
  });

  it('keeps history beside the cluster file: Up recalls the last session, Ctrl-R searches it', async () => {
    sts = webCluster();
    const first = new Terminal();
    await first.idle();
    first.send('get pods web-0 -o name\r');
    await first.shows('pod/web-0\n');
    await first.idle();
    first.send('get sts -o name\r');
    await first.shows('statefulset.apps/web\n');
    await first.idle();
    first.send('\x04');
    await first.exited;
    expect(readFileSync(`${sts.state}.history`, 'utf8')).toBe(lines('get pods web-0 -o name', 'get sts -o name'));

    const second = new Terminal();
    await second.idle();
    second.send('\x1b[A');
    await second.shows('> get sts -o name');
    second.send('\x15\x12web-0'); // clear the line, then search back
    await second.shows("(reverse-i-search)`web-0': get pods web-0 -o name");
    const mark = second.text.length;
    second.send('\r');
    await second.shows('pod/web-0\n', mark);
    await second.idle();
    second.send('exit 2\r');
    expect(await second.exited).toBe(2);
  });
});
