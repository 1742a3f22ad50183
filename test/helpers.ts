// Drive the CLI: every test gets its own cluster file on a manual clock. Commands run in-process by
// default (the built CLI, loaded as the binary loads it, in a worker thread, answered synchronously);
// the real binary for what only a process shows (`{ process: true }`, runProcess, spawn).
import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The binary under test; STS_BIN points at a private build (scripts/build-to.sh). */
export const BIN = process.env.STS_BIN ? resolve(process.env.STS_BIN) : join(ROOT, 'bin', 'sts.js');
export const FIXTURES = join(ROOT, 'fixtures');

export interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

/** How long one in-process command may take before the test fails (a command waiting forever). */
const IN_PROCESS_TIMEOUT_MS = 120_000;

/**
 * The CLI in a worker thread (one per test process, started on first use): the test thread posts a
 * request, sleeps on a shared cell until the worker flips it, then takes the answer off the port
 * (synckit's pattern), so `run()` stays synchronous. The worker runs main() of the build next to BIN,
 * loaded through BIN's own loader (the bundle dist/sts.cjs and its code cache).
 */
class InProcess {
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(new URL('./in-process-worker.mjs', import.meta.url), { workerData: { port: port2, bin: BIN }, transferList: [port2] });
    this.worker.unref();
    this.port = port1;
    this.port.unref();
    // Other sts processes (a watch, logs -f) decide whether a lock's holder is alive by its command
    // line naming sts: this process holds locks for the in-process commands.
    if (!/(^|[^A-Za-z0-9])sts([^A-Za-z0-9]|$)/.test(process.title)) process.title = `sts in-process tests (${process.title})`;
  }

  run(argv: string[], env: Record<string, string | undefined>, input: string | undefined): Result {
    Atomics.store(this.cell, 0, 0);
    this.port.postMessage({ argv, env, cwd: ROOT, input, cell: this.cell });
    if (Atomics.wait(this.cell, 0, 0, IN_PROCESS_TIMEOUT_MS) === 'timed-out') {
      // its late answer must not become the next command's: the next run gets a fresh worker
      void this.worker.terminate();
      inProcess = undefined;
      throw new Error(`sts ${argv.join(' ')}: no answer in ${IN_PROCESS_TIMEOUT_MS} ms`);
    }
    const answer = receiveMessageOnPort(this.port);
    if (!answer) throw new Error(`sts ${argv.join(' ')}: the in-process runner answered nothing`);
    return answer.message as Result;
  }
}

let inProcess: InProcess | undefined;

export class Sts {
  readonly dir: string;
  readonly state: string;
  /** Whether run() and ok() start the real binary (for exit codes, stdin, signals, locks between processes). */
  readonly process: boolean;
  /** clock 'none': no reset, the file does not exist until the first command. */
  constructor(clock: 'manual' | 'real' | 'none' = 'manual', options: { process?: boolean } = {}) {
    this.process = !!options.process;
    this.dir = mkdtempSync(join(tmpdir(), 'sts-test-'));
    this.state = join(this.dir, 'sub', 'cluster.json');
    if (clock === 'none') return;
    const r = this.run(`cluster reset --clock ${clock}`);
    if (r.code !== 0) throw new Error(`reset failed: ${r.stderr}`);
  }
  /** Run `sts ARGS` (split on spaces; pass an array for arguments with spaces). */
  run(args: string | string[], input?: string): Result {
    if (this.process) return this.runProcess(args, input);
    return (inProcess ??= new InProcess()).run(argvOf(args), this.env(), input);
  }
  /** Run `sts ARGS` as a process of the real binary. */
  runProcess(args: string | string[], input?: string): Result {
    const r = spawnSync(process.execPath, [BIN, ...argvOf(args)], { cwd: ROOT, env: this.env(), input, encoding: 'utf8' });
    return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
  }
  /** The environment every command of this cluster gets. */
  env(): Record<string, string | undefined> {
    return { ...process.env, STS_STATE: this.state, NO_COLOR: '1' };
  }
  /** Run and expect success; returns stdout. */
  ok(args: string | string[], input?: string): string {
    const r = this.run(args, input);
    if (r.code !== 0) throw new Error(`sts ${args} failed (${r.code}):\n${r.stderr}`);
    return r.stdout;
  }
  /** Start a process without waiting (concurrency); resolves when it exits. */
  spawn(args: string[]): Promise<Result> {
    return this.start(args).done;
  }
  /** Start a process (a watch, a follow, a lock holder) to wait on, act alongside, and stop. */
  start(args: string[], env: Record<string, string> = {}): Running {
    return new Running(spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...this.env(), ...env } }), this.state);
  }
  /** Whether some command holds this cluster's lock (a symlink naming its holder, so lstat). */
  locked(): boolean {
    try {
      lstatSync(`${this.state}.lock`);
      return true;
    } catch {
      return false;
    }
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Resolves once `ready()` holds, checked every few ms; fails after `ms`. For what leaves no other sign
 *  (a file appearing), and for output that may arrive in pieces. */
export async function until(ready: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !ready();) {
    if (Date.now() > end) throw new Error(`gave up after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A running sts process: its output so far, a wait for what a test expects, and a stop. */
export class Running {
  stdout = '';
  stderr = '';
  readonly done: Promise<Result>;
  constructor(
    readonly child: ChildProcess,
    private readonly state: string,
  ) {
    child.stdout!.on('data', (d) => (this.stdout += d));
    child.stderr!.on('data', (d) => (this.stderr += d));
    this.done = new Promise((res) => child.on('close', (code) => res({ stdout: this.stdout, stderr: this.stderr, code: code ?? -1 })));
  }
  /** Wait until stdout ends with `tail` (or passes `test`). */
  output(tail: string | ((stdout: string) => boolean), ms?: number): Promise<void> {
    const test = typeof tail === 'string' ? (out: string) => out.endsWith(tail) : tail;
    return until(
      () => test(this.stdout),
      `sts ${this.child.spawnargs.slice(2).join(' ')} to print ${String(tail)}; it printed:\n${this.stdout}${this.stderr}`,
      ms,
    );
  }
  /** Wait until this process is a registered watcher of the cluster (its journal file exists). */
  registered(): Promise<void> {
    return until(
      () => existsSync(`${this.state}.watch`) && readdirSync(`${this.state}.watch`).some((f) => f.startsWith(`${this.child.pid}-`)),
      `sts ${this.child.spawnargs.slice(2).join(' ')} to start watching`,
    );
  }
  /** Stop it (SIGTERM) and return everything it printed. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Result> {
    this.child.kill(signal);
    return this.done;
  }
}

const argvOf = (args: string | string[]) => (Array.isArray(args) ? args : args.split(' ').filter(Boolean));

/** Volume names carry uids; replace them with a same-width placeholder so columns stay aligned. */
export const normalizeUids = (s: string) =>
  s.replace(/pvc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx');

/** Join lines and add the final newline, for readable expected outputs. */
export const lines = (...ls: string[]) => ls.join('\n') + '\n';

/** `pod/web-0`… as `get pods -o name` lists them. */
export const podNames = (sts: Sts) => sts.ok('get pods -o name').trim().split('\n').filter(Boolean);

/** A cluster on a manual clock with the tutorial's web set applied and settled (2 pods Ready). */
export function webCluster(options: { process?: boolean } = {}): Sts {
  const sts = new Sts('manual', options);
  sts.ok('apply -f fixtures/web/web.yaml');
  sts.ok('clock settle');
  return sts;
}
