// The cluster file as a user's processes meet it: a full disk, locks left by killed commands, many
// writers at once (served in arrival order, with a notice after a second), permissions, read-only
// and symlinked files, shapes that are corrupt. (The lock and save as functions: test/unit/lock.test.ts.)
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, Sts } from '../helpers.js';

let sts: Sts;
beforeEach(() => {
  sts = new Sts();
});
afterEach(() => sts.cleanup());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  pid: number;
}

/** Start a process on this test's cluster; resolves when it exits (killed after 40 s: a lock that
 *  never lets go fails the test instead of hanging it). */
function start(argv: string[], env: Record<string, string> = {}): { pid: number; done: Promise<Run>; release(): void; stderr(): string } {
  const t0 = performance.now();
  const ch = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, STS_STATE: sts.state, NO_COLOR: '1', ...env } });
  const timer = setTimeout(() => ch.kill('SIGKILL'), 40_000);
  let stdout = '';
  let stderr = '';
  ch.stdout.on('data', (d) => (stdout += d));
  ch.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((res) =>
    ch.on('close', (code) => {
      clearTimeout(timer);
      res({ code: code ?? -1, stdout, stderr, ms: performance.now() - t0, pid: ch.pid! });
    }),
  );
  return { pid: ch.pid!, done, release: () => ch.stdin.end(), stderr: () => stderr };
}
const startSts = (args: string, env?: Record<string, string>) => start([BIN, ...args.split(' ')], env);

/**
 * A process that takes the lock through dist/store/lock.js and keeps it for HOLD_MS, or with "stdin"
 * until its stdin ends (its name has "sts" in it, so it counts as an sts process); with TIMEOUT_MS
 * it gives up after that long. Prints "held" once it holds the lock, or the error.
 */
function harness(): string {
  const file = join(sts.dir, 'sts-lock-harness.mjs');
  writeFileSync(
    file,
    `import { acquireLock } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'store', 'lock.js')).href)};
const [path, holdMs, timeoutMs] = process.argv.slice(2);
try {
  const release = acquireLock(path, { timeoutMs: timeoutMs ? Number(timeoutMs) : undefined });
  process.stdout.write('held\\n');
  const done = () => { release(); process.exit(0); };
  if (holdMs === 'stdin') process.stdin.on('end', done).resume();
  else setTimeout(done, Number(holdMs));
} catch (e) {
  process.stderr.write(e.message + '\\n');
  process.exit(1);
}
`,
  );
  return file;
}
/** Hold the lock for `ms` (or until `release()`); resolves once it is held. */
async function holdLock(ms: number | 'stdin'): Promise<{ pid: number; done: Promise<Run>; release(): void }> {
  const h = start([harness(), sts.state, String(ms)]);
  const held = await until(() => existsLink(`${sts.state}.lock`) && readlinkSync(`${sts.state}.lock`).startsWith(`${h.pid} `));
  if (!held) throw new Error(`the lock holder did not get the lock: ${JSON.stringify(await h.done)}`);
  return h;
}

const existsLink = (p: string) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await pause(5)) if (cond()) return true;
  return false;
}
/** Whether the process with this pid has a ticket in the lock's queue. */
const queued = (pid: number) => existsSync(`${sts.state}.lock.d`) && readdirSync(`${sts.state}.lock.d`).some((n) => n.endsWith(`-${pid}.ticket`));
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** The files beside the cluster file, but its data folder (the namespaces' documents appear there
 *  once a save has split a one-file cluster: whether a command saved depends on the clock's second). */
const beside = (state: string) =>
  readdirSync(dirname(state))
    .filter((n) => n !== `${basename(state)}.data`)
    .sort();

describe('a full disk', () => {
  // A tmpfs of 256 KiB in a mount namespace of its own (root, or an unprivileged user namespace);
  // skipped where neither is allowed. The disk is filled, then 4 KiB freed: less than the file.
  const scenario = `
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
const [mnt, bin] = process.argv.slice(2);
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt], { stdio: 'ignore' });
} catch {
  console.log(JSON.stringify({ mounted: false }));
  process.exit(0);
}
const state = mnt + '/cluster.json';
const sts = (...args) => {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, STS_STATE: state, NO_COLOR: '1' }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
sts('cluster', 'reset', '--clock', 'manual');
sts('create', 'namespace', 'before');
writeFileSync(mnt + '/page', Buffer.alloc(4096));
try { writeFileSync(mnt + '/filler', Buffer.alloc(1 << 20)); } catch {}
rmSync(mnt + '/page');
const before = readFileSync(state, 'utf8');
const docs = () => readdirSync(mnt + '/cluster.json.data/docs').sort().join(' ');
const docsBefore = docs();
const full = sts('create', 'namespace', 'full');
const unchanged = readFileSync(state, 'utf8') === before && docs() === docsBefore;
const left = readdirSync(mnt).sort();
rmSync(mnt + '/filler');
const again = sts('create', 'namespace', 'again');
const names = sts('get', 'ns', '-o', 'name').stdout;
console.log(JSON.stringify({ mounted: true, state, size: before.length, full, unchanged, left, again, names }));
`;

  it('fails the save with one message, keeps the previous state and leaves no temp file', (ctx) => {
    const file = join(sts.dir, 'enospc.mjs');
    writeFileSync(file, scenario);
    const mnt = join(sts.dir, 'mnt');
    mkdirSync(mnt);
    const r = spawnSync('unshare', [process.getuid?.() === 0 ? '-m' : '-rm', process.execPath, file, mnt, BIN], { encoding: 'utf8' });
    if (r.error || r.status !== 0) return ctx.skip(`no mount namespace here: ${r.error?.message ?? r.stderr.trim()}`);
    const out = JSON.parse(r.stdout);
    if (!out.mounted) return ctx.skip('mounting a tmpfs is not permitted here');
    expect(out.size).toBeGreaterThan(4096); // so the write was cut short, then failed
    // nothing said on stdout: the command's output is printed only once the save has succeeded
    expect([out.full.code, out.full.stdout, out.full.stderr]).toEqual([
      1,
      '',
      `error: could not save the cluster file ${out.state}: no space left on device (ENOSPC); the previous state is kept\n`,
    ]);
    expect(out.unchanged).toBe(true);
    expect(out.left).toEqual(['cluster.json', 'cluster.json.data', 'filler']);
    expect(out.again.code).toBe(0);
    expect(out.names).toBe(['again', 'before', 'default', 'kube-node-lease', 'kube-public', 'kube-system'].map((n) => `namespace/${n}\n`).join(''));
  });
});

describe('locks left behind', () => {
  const dead = () => spawnSync(process.execPath, ['-e', '0']).pid!;
  const left: [string, () => void][] = [
    ['empty (killed between creating the lock and writing it)', () => writeFileSync(`${sts.state}.lock`, '')],
    ['garbage', () => writeFileSync(`${sts.state}.lock`, 'garbage\n')],
    ['naming a dead process', () => symlinkSync(`${dead()} sts apply -f web.yaml`, `${sts.state}.lock`)],
  ];
  for (const [what, make] of left)
    it(`a lock ${what} is taken over at once: no wait, no "process NaN"`, async () => {
      make();
      const r = await startSts('create namespace after-crash').done;
      expect([r.code, r.stdout, r.stderr]).toEqual([0, 'namespace/after-crash created\n', '']);
      expect(r.ms).toBeLessThan(5_000);
      expect(existsLink(`${sts.state}.lock`)).toBe(false);
    });

  it('a killed writer: the next command removes its lock, its queue entry and its temp file', async () => {
    const writer = dead();
    const waiter = dead();
    symlinkSync(`${writer} sts apply -f web.yaml`, `${sts.state}.lock`);
    writeFileSync(`${sts.state}.${writer}.tmp`, '{"schema":1,"id":"half a fi');
    mkdirSync(`${sts.state}.lock.d`);
    writeFileSync(`${sts.state}.lock.d/1-${waiter}.ticket`, '');
    const r = await startSts('get ns default -o name').done;
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'namespace/default\n', '']);
    expect(beside(sts.state)).toEqual(['cluster.json']);
  });

  it('a writer killed between its documents and its root: the next to take the lock over removes what no root names', async () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    const docs = join(`${sts.state}.data`, 'docs');
    const named = readdirSync(docs).sort();
    // what a save leaves when killed before its root's rename: documents of the next generation
    writeFileSync(join(docs, 'namespace-default.999.json'), '{"namespace":"default","objects":{},"pods":[],"bound":{}}');
    writeFileSync(join(docs, 'events.999.json'), '{"events":[]}');
    symlinkSync(`${dead()} sts apply -f web.yaml`, `${sts.state}.lock`);
    const r = await startSts('get pods -o name').done;
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'pod/web-0\npod/web-1\n', '']);
    expect(readdirSync(docs).sort()).toEqual(named);
  });
});

describe('waiting for the lock', () => {
  it('after a second, says once whom it waits for; then goes on', async () => {
    const holder = await holdLock('stdin');
    const t0 = performance.now();
    const late = startSts('create namespace late');
    // held until the waiter has spoken, then let go: it goes on
    expect(await until(() => late.stderr() !== ''), 'the notice').toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1_000);
    holder.release();
    const r = await late.done;
    expect(r).toMatchObject({
      code: 0,
      stdout: 'namespace/late created\n',
      stderr: `waiting for the cluster lock held by sts process ${holder.pid} (sts ${sts.state} stdin)…\n`,
    });
    await holder.done;
  });

  it('gives up at its deadline, naming the holder', async () => {
    const holder = await holdLock(6_000);
    const r = await start([harness(), sts.state, '0', '1500']).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `waiting for the cluster lock held by sts process ${holder.pid} (sts ${sts.state} 6000)…\n` +
        `error: timed out waiting for the cluster lock on ${sts.state} (held by process ${holder.pid})\n`,
    );
    expect(queued(r.pid)).toBe(false); // its ticket went with it
    await holdLockKill(holder);
  });

  it('serves waiters in the order they came', async () => {
    const holder = await holdLock('stdin');
    const waiters: Promise<Run>[] = [];
    for (let i = 1; i <= 6; i++) {
      const w = startSts(`create namespace w${i}`);
      waiters.push(w.done);
      expect(await until(() => queued(w.pid), 10_000), `w${i} queued`).toBe(true);
    }
    holder.release();
    const runs = await Promise.all(waiters);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
    await holder.done;
    const items: { metadata: { name: string; resourceVersion: string } }[] = JSON.parse(sts.ok('get ns -o json')).items;
    const byCommit = items
      .filter((n) => /^w\d$/.test(n.metadata.name))
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    expect(byCommit.map((n) => n.metadata.name)).toEqual(['w1', 'w2', 'w3', 'w4', 'w5', 'w6']);
  });
  // (50 writers at once: test/soak/concurrency.test.ts, with the soak)
});

/** Let a holder finish early (a test that no longer needs it). */
async function holdLockKill(h: { pid: number; done: Promise<Run> }): Promise<Run> {
  process.kill(h.pid, 'SIGKILL');
  return h.done;
}

describe('permissions and odd files', () => {
  it('a new cluster file is 0600 in a new 0700 directory', () => {
    const fresh = new Sts('none');
    fresh.ok('get ns');
    expect([mode(fresh.state), mode(join(fresh.dir, 'sub'))]).toEqual(['600', '700']);
    fresh.cleanup();
  });

  it('an existing file and data directory are made private by the next save', () => {
    chmodSync(sts.state, 0o644);
    mkdirSync(`${sts.state}.data`, { mode: 0o755 });
    chmodSync(`${sts.state}.data`, 0o755);
    sts.ok('create namespace a');
    expect([mode(sts.state), mode(`${sts.state}.data`)]).toEqual(['600', '700']);
  });

  it('volume directories are private, and so is the data directory once saved', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock settle');
    sts.ok('exec web-0 -- touch /usr/share/nginx/html/x');
    sts.ok('create namespace saved');
    expect(mode(`${sts.state}.data`)).toBe('700');
    for (const v of readdirSync(`${sts.state}.data/volumes`)) expect(mode(`${sts.state}.data/volumes/${v}`)).toBe('700');
  });

  it('a read-only file is refused by commands that would change it, and read by the rest', () => {
    sts.ok('create namespace kept');
    chmodSync(sts.state, 0o444);
    const text = readFileSync(sts.state, 'utf8');
    const r = sts.run('create namespace more');
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: the cluster file ${sts.state} is read-only; sts will not replace it\n` });
    expect(sts.ok('get ns kept -o name')).toBe('namespace/kept\n');
    expect(readFileSync(sts.state, 'utf8')).toBe(text);
    expect(mode(sts.state)).toBe('444');
  });

  it('a symlinked file: the target is written, the link stays a link', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'sts-target-'));
    const target = join(elsewhere, 'real.json');
    writeFileSync(target, readFileSync(sts.state));
    rmSync(sts.state);
    symlinkSync(target, sts.state);
    sts.ok('create namespace through-link');
    expect(lstatSync(sts.state).isSymbolicLink()).toBe(true);
    expect(readlinkSync(sts.state)).toBe(target);
    expect(readFileSync(target, 'utf8')).toContain('"through-link"');
    // the documents are beside the root itself, so the link can be switched to another cluster
    expect(beside(target)).toEqual(['real.json']);
    expect(beside(sts.state)).toEqual(['cluster.json']);
    rmSync(elsewhere, { recursive: true });
  });

  it('a link switched between two clusters: each keeps its own namespaces, and a reset through the link only its own', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'sts-two-'));
    const point = (name: string) => {
      rmSync(sts.state, { force: true });
      symlinkSync(join(elsewhere, name), sts.state);
    };
    point('a.json');
    sts.ok('cluster reset --clock manual');
    sts.ok('create namespace alpha');
    sts.ok('run p -n alpha --image=nginx');
    point('b.json');
    sts.ok('cluster reset --clock manual');
    sts.ok('run q --image=nginx');
    point('a.json');
    expect(sts.ok('get pods -A -o name')).toBe('pod/p\n');
    point('b.json');
    expect(sts.ok('get pods -A -o name')).toBe('pod/q\n');
    rmSync(elsewhere, { recursive: true });
  });
});

describe('a corrupt file', () => {
  const cases: [string, (f: Record<string, any>) => void][] = [
    ['objects is null, not an object', (f) => (f.objects = null)],
    ['clock.now is null, not a number', (f) => (f.clock.now = null)],
    ['pods is an object, not an array', (f) => (f.pods = {})],
  ];
  for (const [why, mutate] of cases)
    it(`(${why}) is refused by every command and never rewritten`, () => {
      const f = JSON.parse(readFileSync(sts.state, 'utf8'));
      mutate(f);
      const text = JSON.stringify(f);
      writeFileSync(sts.state, text);
      const message = `error: cluster file "${sts.state}" is corrupt (${why}); sts left it untouched. Move it away, or start over with 'sts cluster reset'\n`;
      expect(sts.run('get ns')).toEqual({ code: 1, stdout: '', stderr: message });
      expect(sts.run('create namespace x')).toEqual({ code: 1, stdout: '', stderr: message });
      expect(readFileSync(sts.state, 'utf8')).toBe(text);
    });
});
