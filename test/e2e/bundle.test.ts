// The binary runs the bundle (dist/sts.cjs) with V8's code cache (bin/sts.js, scripts/bundle.mjs): the cache of the
// build is accepted, and a missing, damaged, foreign or unwritable one costs time, never the command.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, lines, ROOT, Sts, webCluster, type Result } from '../helpers.js';

const DIST = join(dirname(BIN), '..', 'dist');
const GET_PODS = lines(
  'NAME    READY   STATUS    RESTARTS   AGE',
  'web-0   1/1     Running   0          8s',
  'web-1   1/1     Running   0          4s',
);

let sts: Sts;
beforeAll(() => {
  sts = webCluster();
});
afterAll(() => sts.cleanup());

/** `sts ARGS` by the binary BIN, telling on stderr what became of the code cache. */
function run(bin: string, args: string[]): Result {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, env: { ...sts.env(), STS_DEBUG_CACHE: '1' }, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

describe('the binary of the build', () => {
  it('has a bundle (`npm run build`, scripts/build-to.sh; a bare tsc makes none)', () => {
    expect(existsSync(join(DIST, 'sts.cjs')), `no ${join(DIST, 'sts.cjs')}`).toBe(true);
  });

  it('runs the bundle, whose code cache V8 accepts', () => {
    expect(run(BIN, ['get', 'pods'])).toEqual({ stdout: GET_PODS, stderr: 'sts: code cache accepted\n', code: 0 });
  });

  it('keeps exit codes and messages', () => {
    expect(run(BIN, ['get', 'pod', 'nope'])).toEqual({
      stdout: '',
      stderr: lines('sts: code cache accepted', 'Error from server (NotFound): pods "nope" not found'),
      code: 1,
    });
  });

  it('finds the docs examples next to the bundle (import.meta.url in a CommonJS bundle)', () => {
    const fresh = new Sts();
    try {
      const r = spawnSync(process.execPath, [BIN, 'apply', '-f', 'https://k8s.io/examples/application/web/web.yaml'], {
        env: fresh.env(),
        encoding: 'utf8',
      });
      expect(r.stdout).toBe(lines('service/nginx created', 'statefulset.apps/web created'));
    } finally {
      fresh.cleanup();
    }
  });
});

describe('a copy of the build with a cache of its own', () => {
  let dir: string;
  let bin: string;
  let cache: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-bundle-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    for (const f of ['sts.js', 'package.json']) copyFileSync(join(dirname(BIN), f), join(dir, 'bin', f));
    copyFileSync(join(DIST, 'sts.cjs'), join(dir, 'dist', 'sts.cjs'));
    bin = join(dir, 'bin', 'sts.js');
    cache = join(dir, 'dist', 'sts.cjs.cache');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const good = () => readFileSync(join(DIST, 'sts.cjs.cache'));
  const header = () => readFileSync(join(DIST, 'sts.cjs'), 'latin1').split('\n')[0] + '\n';

  /** The command works whatever the cache was, which is then replaced by one V8 accepts. */
  function recovers(status: string) {
    expect(run(bin, ['get', 'pods'])).toEqual({ stdout: GET_PODS, stderr: lines(`sts: code cache ${status}`, 'sts: code cache saved'), code: 0 });
    expect(run(bin, ['get', 'pods'])).toEqual({ stdout: GET_PODS, stderr: 'sts: code cache accepted\n', code: 0 });
  }

  it('the build’s cache: accepted, left alone', () => {
    copyFileSync(join(DIST, 'sts.cjs.cache'), cache);
    const before = statSync(cache).mtimeMs;
    expect(run(bin, ['get', 'pods']).stderr).toBe('sts: code cache accepted\n');
    expect(statSync(cache).mtimeMs).toBe(before);
  });

  it('none: compiled from the source, then written', () => recovers('missing'));

  it('another build’s (V8 would take it for this one: it checks only the source’s length): never given to V8', () => {
    writeFileSync(cache, Buffer.concat([Buffer.from('// sts bundle 0000000000000000\n'), good().subarray(header().length)]));
    recovers('stale');
  });

  it('damaged inside (V8 checks its checksum instead of crashing in the deserializer)', () => {
    const data = good();
    for (let i = header().length + 4096; i < data.length; i += 997) data[i] ^= 0x5a;
    writeFileSync(cache, data);
    recovers('rejected');
  });

  it('cut short', () => {
    writeFileSync(cache, good().subarray(0, good().length >> 1));
    recovers('rejected');
  });

  it('cannot be written: the command works and says nothing', () => {
    mkdirSync(cache); // neither a file to read nor a name a file can be renamed to
    expect(run(bin, ['get', 'pods'])).toEqual({ stdout: GET_PODS, stderr: lines('sts: code cache missing', 'sts: code cache not saved'), code: 0 });
    expect(spawnSync(process.execPath, [bin, 'get', 'pods'], { env: sts.env(), encoding: 'utf8' }).stderr).toBe('');
  });

  it('a bundle older than tsc’s modules (a bare tsc since the build): the modules run instead', () => {
    cpSync(DIST, join(dir, 'dist'), { recursive: true });
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'dist', 'sts.cjs'), old, old);
    expect(run(bin, ['get', 'pods'])).toEqual({ stdout: GET_PODS, stderr: 'sts: code cache no bundle\n', code: 0 });
  });
});
