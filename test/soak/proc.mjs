// The soak suite's process machinery: one temp root per run, every spawned `sts` tracked and
// killed on the way out, a seeded PRNG and a small worker pool (process-level parallelism).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The binary under test; STS_SOAK_BIN points at another build (e.g. a copy taken while src/ is being edited). */
export const BIN = process.env.STS_SOAK_BIN ? resolve(process.env.STS_SOAK_BIN) : join(ROOT, 'bin', 'sts.js');
export const FIXTURES = join(ROOT, 'fixtures');
export const CORES = availableParallelism();

/** Every child still running, so an interrupted soak leaves no `sts` behind. */
const children = new Set();
/** Every temp root not yet removed. */
const roots = new Set();

function cleanupAll() {
  for (const ch of children) {
    try {
      ch.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  children.clear();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  roots.clear();
}
process.once('exit', cleanupAll);

/** For the command-line runner: an interrupted soak kills its children and removes its files. */
export function cleanupOnSignals() {
  for (const [sig, n] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ]) {
    process.once(sig, () => {
      cleanupAll();
      process.exit(128 + n);
    });
  }
}

/** A temp root for one run: `sts-soak-XXXX/` with a home and a TMPDIR of its own for the children. */
export function makeRoot() {
  const dir = mkdtempSync(join(tmpdir(), 'sts-soak-'));
  roots.add(dir);
  mkdirSync(join(dir, 'home'));
  mkdirSync(join(dir, 'tmp'));
  return {
    dir,
    remove() {
      rmSync(dir, { recursive: true, force: true });
      roots.delete(dir);
    },
  };
}

/** The environment every `sts` gets: nothing inherited that changes its behaviour (no STS_DEBUG). */
export function stsEnv(root, state) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(root, 'home'),
    TMPDIR: join(root, 'tmp'),
    STS_STATE: state,
    NO_COLOR: '1',
    KUBE_EDITOR: 'false',
    EDITOR: 'false',
    LANG: 'C.UTF-8',
  };
}

/**
 * Run `sts ARGV` with stdin INPUT (string or Buffer). Resolves with output, exit code, signal,
 * wall time, and whether the timeout fired. `killAfterMs` sends SIGKILL at that point (the kill
 * test); `timeoutMs` does the same for runaways and marks the run as timed out.
 */
export function runSts(env, argv, { input, timeoutMs = 20_000, killAfterMs } = {}) {
  return new Promise((res) => {
    const t0 = process.hrtime.bigint();
    let ch;
    try {
      ch = spawn(process.execPath, [BIN, ...argv], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      // E2BIG (an argument past the kernel's 128 KiB) is thrown, not emitted: the command never ran
      res({ argv, stdout: '', stderr: '', code: -1, signal: null, ms: 0, timedOut: false, killed: false, spawnError: e.message });
      return;
    }
    children.add(ch);
    const out = [];
    const errs = [];
    let timedOut = false;
    let killed = false;
    const timers = [];
    if (killAfterMs !== undefined)
      timers.push(
        setTimeout(() => {
          killed = ch.exitCode === null && ch.signalCode === null;
          ch.kill('SIGKILL');
        }, killAfterMs),
      );
    timers.push(
      setTimeout(() => {
        timedOut = true;
        ch.kill('SIGKILL');
      }, timeoutMs),
    );
    ch.stdout.on('data', (d) => out.push(d));
    ch.stderr.on('data', (d) => errs.push(d));
    ch.stdin.on('error', () => {}); // a child that exits before reading its stdin
    if (input !== undefined) ch.stdin.end(input);
    else ch.stdin.end();
    let spawnError;
    ch.on('error', (e) => {
      // ENOENT and the like: the command never ran ('close' still follows)
      spawnError = e;
    });
    ch.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      children.delete(ch);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      res({
        argv,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(errs).toString('utf8'),
        code: code ?? -1,
        signal,
        ms,
        timedOut,
        killed: killed && signal === 'SIGKILL',
        spawnError: spawnError?.message,
      });
    });
  });
}

/** Run fn over items with at most n at a time; results in order. */
export async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async (_, lane) => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i, lane);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** mulberry32: a small seeded PRNG for what fast-check does not generate (kill times, choices). */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

export const percentile = (xs, p) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
