// The cluster file's lock and save as functions, in this process: takeover of locks and queue
// entries that name no live sts process, a save that survives short writes and full disks, and
// the load-time shape checks. (Waiting in line, between processes: test/e2e/file-safety.test.ts.)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/api/errors.js';
import { load, lock, save, type SaveIo } from '../../src/store/file.js';
import { acquireLock, LOCK_TIMEOUT_MS, parseHolder } from '../../src/store/lock.js';
import { newClusterFile, shapeProblem } from '../../src/store/schema.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-lock-'));
  path = join(dir, 'cluster.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that no longer runs. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
/** What the lock says, or undefined when there is none. */
const lockSays = () => (lstatSafe(`${path}.lock`) ? readlinkSync(`${path}.lock`) : undefined);
const lstatSafe = (p: string) => {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
};
const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  throw new Error('did not throw');
};
const timed = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

describe('parseHolder', () => {
  it('reads "PID COMMAND", and a bare pid (locks of older sts)', () => {
    expect(parseHolder('123 sts create namespace a')).toEqual({ pid: 123, command: 'sts create namespace a' });
    expect(parseHolder('123')).toEqual({ pid: 123, command: '' });
    expect(parseHolder('123\n')).toEqual({ pid: 123, command: '' });
  });
  it('names nobody when empty or garbage (never "process NaN")', () => {
    for (const text of ['', ' ', 'NaN', 'abc', '12abc', '-5', '0', '1.5', '\0\0'] as const) expect(parseHolder(text), text).toBeUndefined();
  });
});

describe('the lock', () => {
  it('is a symlink naming this process while held, gone once released', () => {
    const release = lock(path);
    expect(lstatSync(`${path}.lock`).isSymbolicLink()).toBe(true);
    expect(parseHolder(lockSays()!)?.pid).toBe(process.pid);
    release();
    expect(lstatSafe(`${path}.lock`)).toBeUndefined();
    expect(existsSync(`${path}.lock.d`)).toBe(false);
  });

  it('waits thirty seconds by default', () => {
    expect(LOCK_TIMEOUT_MS).toBe(30_000);
  });

  it('is not taken twice by one process (the second would wait for the first forever)', () => {
    const release = lock(path);
    expect(() => lock(path)).toThrow(/already held by this process/);
    release();
  });

  const stale: [string, () => void][] = [
    ['an empty file (a kill between creating a lock and writing it)', () => writeFileSync(`${path}.lock`, '')],
    ['garbage', () => writeFileSync(`${path}.lock`, 'x\u0000\u0001garbage')],
    ['"NaN"', () => writeFileSync(`${path}.lock`, 'NaN')],
    ['the pid of a dead process (as older sts wrote it)', () => writeFileSync(`${path}.lock`, String(deadPid()))],
    ['a symlink naming a dead process', () => symlinkSync(`${deadPid()} sts apply -f web.yaml`, `${path}.lock`)],
    ['a symlink naming this very process (a pid reused)', () => symlinkSync(`${process.pid} sts get pods`, `${path}.lock`)],
  ];
  for (const [what, make] of stale)
    it(`is taken over at once from ${what}`, () => {
      make();
      const [release, ms] = timed(() => lock(path, 5_000));
      expect(parseHolder(lockSays()!)?.pid).toBe(process.pid);
      expect(ms).toBeLessThan(1_000);
      release();
      expect(lstatSafe(`${path}.lock`)).toBeUndefined();
    });

  describe('held by a live process that is not sts (its pid reused)', () => {
    let other: ChildProcess;
    beforeEach(() => {
      other = spawn('sleep', ['30']);
    });
    afterEach(() => {
      other.kill();
    });
    it.runIf(process.platform === 'linux')('is taken over at once', () => {
      symlinkSync(`${other.pid} sts get pods`, `${path}.lock`);
      const [release, ms] = timed(() => lock(path, 5_000));
      expect(ms).toBeLessThan(1_000);
      release();
    });
  });

  it('skips queue entries of processes that died while waiting or choosing', () => {
    const q = `${path}.lock.d`;
    mkdirSync(q);
    const dead = deadPid();
    writeFileSync(join(q, `1-${dead}.ticket`), '');
    writeFileSync(join(q, `${dead}.choosing`), '');
    const [release, ms] = timed(() => lock(path, 5_000));
    expect(ms).toBeLessThan(1_000);
    expect(existsSync(q)).toBe(false); // the last one out removes the queue
    release();
  });

  it('after a takeover, removes temp files of dead writers only', () => {
    const dead = deadPid();
    writeFileSync(`${path}.${dead}.tmp`, '{"half');
    writeFileSync(join(dir, 'other.json.12.tmp'), 'not ours');
    symlinkSync(`${dead} sts apply -f web.yaml`, `${path}.lock`);
    const release = lock(path);
    release();
    expect(readdirSync(dir).sort()).toEqual(['other.json.12.tmp']);
  });

  it('calls afterTakeover only when it took a lock over', () => {
    let calls = 0;
    acquireLock(path, { afterTakeover: () => calls++ })();
    expect(calls).toBe(0);
    writeFileSync(`${path}.lock`, '');
    acquireLock(path, { afterTakeover: () => calls++ })();
    expect(calls).toBe(1);
  });
  // (many writers at once, through the real binary: test/soak/concurrency.test.ts)
});

describe('save', () => {
  const good = () => newClusterFile('manual', Date.UTC(2025, 0, 1));
  const errno = (code: string, text: string) => Object.assign(new Error(`${code}: ${text}, write`), { code });
  /** The real calls, with writes of at most `chunk` bytes, failing with `fail` after `budget` bytes. */
  const disk = (chunk: number, budget = Infinity, fail = errno('ENOSPC', 'no space left on device')): SaveIo & { calls: number } => {
    let written = 0;
    const io = {
      calls: 0,
      writeSync(fd: number, buf: Uint8Array, off: number, len: number) {
        io.calls++;
        if (written >= budget) throw fail;
        const n = Math.min(len, chunk, budget - written);
        written += n;
        return writeSync(fd, buf, off, n);
      },
      fsyncSync: (fd: number) => fsyncSync(fd),
    };
    return io;
  };

  it('finishes short writes: the file is whole', () => {
    const io = disk(7);
    const file = good();
    save(path, file, io);
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(file));
    expect(io.calls).toBeGreaterThan(100);
  });

  for (const [code, text] of [
    ['ENOSPC', 'no space left on device'],
    ['EDQUOT', 'disk quota exceeded'],
    ['EIO', 'input/output error'],
  ] as const)
    it(`${code} after a short write: one message, the previous file untouched, no temp file`, () => {
      save(path, good());
      const before = readFileSync(path, 'utf8');
      const next = good();
      next.objects.Namespace.push({ ...next.objects.Namespace[0], metadata: { name: 'more' } });
      expect(thrown(() => save(path, next, disk(4096, 5000, errno(code, text))))).toBe(
        `error: could not save the cluster file ${path}: ${text} (${code}); the previous state is kept`,
      );
      expect(readFileSync(path, 'utf8')).toBe(before);
      expect(readdirSync(dir)).toEqual(['cluster.json']);
    });

  it('a write that makes no progress is an error, not a loop', () => {
    save(path, good());
    const before = readFileSync(path, 'utf8');
    expect(thrown(() => save(path, good(), { writeSync: () => 0, fsyncSync: () => {} }))).toBe(
      `error: could not save the cluster file ${path}: input/output error (EIO); the previous state is kept`,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('fsync failing (EIO) keeps the previous file', () => {
    save(path, good());
    const before = readFileSync(path, 'utf8');
    const io = disk(1 << 20);
    io.fsyncSync = () => {
      throw errno('EIO', 'i/o error');
    };
    expect(thrown(() => save(path, good(), io))).toBe(
      `error: could not save the cluster file ${path}: input/output error (EIO); the previous state is kept`,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['cluster.json']);
  });
});

describe('load: shape checks', () => {
  const withField = (mutate: (f: Record<string, any>) => void) => {
    const f = JSON.parse(JSON.stringify(newClusterFile('manual', Date.UTC(2025, 0, 1))));
    mutate(f);
    return f;
  };
  const cases: [string, (f: Record<string, any>) => void][] = [
    ['objects is null, not an object', (f) => (f.objects = null)],
    ['objects is an array, not an object', (f) => (f.objects = [])],
    ['objects.Namespace is a number, not an array', (f) => (f.objects.Namespace = 5)],
    ['objects.Namespace[1] is null, not an object', (f) => (f.objects.Namespace[1] = null)],
    ['objects.Node[0].metadata.name is a number, not a string', (f) => (f.objects.Node[0].metadata.name = 7)],
    ['clock is missing', (f) => delete f.clock],
    ['clock.now is null, not a number', (f) => (f.clock.now = null)],
    ['clock.now is a string, not a number', (f) => (f.clock.now = '2025-01-01')],
    ['clock.now is 1e+300, not a time', (f) => (f.clock.now = 1e300)],
    ['clock.mode is "fast", not "real" or "manual"', (f) => (f.clock.mode = 'fast')],
    ['id is a number, not a string', (f) => (f.id = 5)],
    ['seq.rv is null, not a number', (f) => (f.seq.rv = null)],
    ['seq.podIP is missing', (f) => delete f.seq.podIP],
    ['stages is an array, not an object', (f) => (f.stages = [])],
    ['pods is null, not an array', (f) => (f.pods = null)],
    ['pods[0] is a number, not an object', (f) => (f.pods = [1])],
    ['events is an object, not an array', (f) => (f.events = {})],
    ['bound is null, not an object', (f) => (f.bound = null)],
    ['faults is a string, not an object', (f) => (f.faults = 'x')],
    ['faults.images is missing', (f) => (f.faults = {})],
    ['features.X is a number, not a boolean', (f) => (f.features = { X: 1 })],
    ['kubeconfig.contexts is null, not an array', (f) => (f.kubeconfig.contexts = null)],
  ];
  for (const [why, mutate] of cases)
    it(why, () => {
      expect(shapeProblem(withField(mutate))).toBe(why);
      const text = JSON.stringify(withField(mutate));
      writeFileSync(path, text);
      expect(thrown(() => load(path))).toBe(
        `error: cluster file "${path}" is corrupt (${why}); sts left it untouched. Move it away, or start over with 'sts cluster reset'`,
      );
      expect(readFileSync(path, 'utf8')).toBe(text);
    });

  it('a new file has the shape, and fields older files lack are filled in', () => {
    expect(shapeProblem(newClusterFile('real'))).toBeUndefined();
    writeFileSync(path, JSON.stringify(withField((f) => (delete f.faults, delete f.features, delete f.kubeconfig))));
    expect(load(path)).toMatchObject({ faults: { images: [], pods: {} }, features: {}, kubeconfig: { currentContext: 'sts' } });
  });

  it('a schema that is not a whole number is no schema', () => {
    for (const schema of [null, '1', 0.5, 0, -1]) {
      writeFileSync(path, JSON.stringify(withField((f) => (f.schema = schema))));
      expect(thrown(() => load(path))).toMatch(/is corrupt \(no schema version\)/);
    }
  });
});
