// Drive the real binary: every test gets its own cluster file on a manual clock.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The binary under test; STS_BIN points at a private build (scripts/build-to.sh). */
export const BIN = process.env.STS_BIN ? resolve(process.env.STS_BIN) : join(ROOT, 'bin', 'sts.js');
export const FIXTURES = join(ROOT, 'fixtures');

export interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

export class Sts {
  readonly dir: string;
  readonly state: string;
  /** clock 'none': no reset, the file does not exist until the first command. */
  constructor(clock: 'manual' | 'real' | 'none' = 'manual') {
    this.dir = mkdtempSync(join(tmpdir(), 'sts-test-'));
    this.state = join(this.dir, 'sub', 'cluster.json');
    if (clock === 'none') return;
    const r = this.run(`cluster reset --clock ${clock}`);
    if (r.code !== 0) throw new Error(`reset failed: ${r.stderr}`);
  }
  /** Run `sts ARGS` (split on spaces; pass an array for arguments with spaces). */
  run(args: string | string[], input?: string): Result {
    const argv = Array.isArray(args) ? args : args.split(' ').filter(Boolean);
    const r = spawnSync(process.execPath, [BIN, ...argv], {
      cwd: ROOT,
      env: { ...process.env, STS_STATE: this.state, NO_COLOR: '1' },
      input,
      encoding: 'utf8',
    });
    return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
  }
  /** Run and expect success; returns stdout. */
  ok(args: string | string[], input?: string): string {
    const r = this.run(args, input);
    if (r.code !== 0) throw new Error(`sts ${args} failed (${r.code}):\n${r.stderr}`);
    return r.stdout;
  }
  /** Start without waiting (concurrency, watch, follow); optionally stopped with SIGTERM after a while. */
  spawn(args: string[], killAfterMs?: number): Promise<Result> {
    return new Promise((res) => {
      const ch = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, STS_STATE: this.state, NO_COLOR: '1' } });
      if (killAfterMs !== undefined) setTimeout(() => ch.kill('SIGTERM'), killAfterMs);
      let stdout = '';
      let stderr = '';
      ch.stdout.on('data', (d) => (stdout += d));
      ch.stderr.on('data', (d) => (stderr += d));
      ch.on('close', (code) => res({ stdout, stderr, code: code ?? -1 }));
    });
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Volume names carry uids; replace them with a same-width placeholder so columns stay aligned. */
export const normalizeUids = (s: string) => s.replace(/pvc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'pvc-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx');

/** Join lines and add the final newline, for readable expected outputs. */
export const lines = (...ls: string[]) => ls.join('\n') + '\n';

/** `pod/web-0`… as `get pods -o name` lists them. */
export const podNames = (sts: Sts) => sts.ok('get pods -o name').trim().split('\n').filter(Boolean);

/** A cluster on a manual clock with the tutorial's web set applied and settled (2 pods Ready). */
export function webCluster(): Sts {
  const sts = new Sts();
  sts.ok('apply -f fixtures/web/web.yaml');
  sts.ok('clock settle');
  return sts;
}
