#!/usr/bin/env node
// The `sts` executable: runs main(argv, io) of the bundled CLI, dist/sts.cjs (scripts/bundle.mjs, run by `npm run
// build`), compiled with V8's code cache dist/sts.cjs.cache. Node 20 has no code cache for ES modules (nor
// module.enableCompileCache), and its ESM loader costs most of a millisecond per module: one CommonJS script through
// vm.Script starts in a fraction of that. CommonJS itself (bin/package.json) for the same reason: an ESM entry
// starts Node's ESM loader. Required rather than run, this file is the loader (`loadCli`), which the in-process tests
// (test/in-process-worker.mjs) and the cache's training (scripts/bundle.mjs) use, so they load what users run.
/* global require, module, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (above) */
'use strict';
const { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join, resolve } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

/**
 * Load the bundle FILE with its code cache FILE.cache, as Node's CommonJS loader would but for the cache. The bundle
 * is written wrapped as the loader would wrap it (scripts/bundle.mjs), so its 1.4 MB are compiled as read, not copied
 * into a wrapped string first. `cache` says what became of it: 'accepted'; 'missing'; 'stale' (made for another build:
 * the cache file starts with the bundle's first line, which names its build); 'rejected' by V8 (another Node, other V8
 * flags, a damaged file).
 * saveCache() writes what V8 has compiled so far (it compiles functions when first called): call it after running
 * something representative.
 */
function loadBundle(path) {
  const file = resolve(path);
  // esbuild writes ASCII (charset 'ascii'), so latin1 reads the same string without decoding UTF-8
  const source = readFileSync(file, 'latin1');
  const header = source.slice(0, source.indexOf('\n') + 1);
  const cacheFile = `${file}.cache`;
  let cache = 'missing';
  let cachedData;
  try {
    const data = readFileSync(cacheFile);
    cache = data.toString('latin1', 0, header.length) === header ? 'accepted' : 'stale';
    if (cache === 'accepted') cachedData = data.subarray(header.length);
  } catch {} // no cache: compile from the source
  const script = withChecksums(() => new Script(source, { filename: file, cachedData }));
  if (script.cachedDataRejected) cache = 'rejected';
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  return { exports: mod.exports, cache, saveCache: () => saveCache(script, cacheFile, header) };
}

/**
 * V8 checks a code cache's version, flags and source length, but its contents only when this flag is on (a damaged
 * cache otherwise crashes the process in the deserializer), and the flag must be on when the cache is made, too.
 * Only around our compile: while it is on, V8 rejects the code caches of Node's own modules (they were made without).
 */
function withChecksums(f) {
  setFlagsFromString('--verify-snapshot-checksum');
  try {
    return f();
  } finally {
    setFlagsFromString('--no-verify-snapshot-checksum');
  }
}

/** Write the cache through a temporary file and a rename, so that a concurrent reader never sees half of one. The
 *  file is opened first: in a read-only installation, failing costs no serializing. */
function saveCache(script, cacheFile, header) {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  let fd;
  try {
    fd = openSync(tmp, 'w');
    const data = withChecksums(() => script.createCachedData());
    writeSync(fd, header, undefined, 'latin1');
    writeSync(fd, data);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, cacheFile);
    return true;
  } catch {
    // the next run compiles from the source again, nothing worse
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    return false;
  }
}

const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs;

/**
 * The CLI of the installation whose build is DIST: `{ main, processIo, cache, saveCache }` from the bundle, unless
 * tsc has rebuilt DIST since it was made (a bare `tsc` leaves it behind) or there is none: then from tsc's modules,
 * slower but never stale (`cache: 'no bundle'`; a promise only then).
 */
function loadCli(dist = join(__dirname, '..', 'dist')) {
  const bundle = join(dist, 'sts.cjs');
  const bundleTime = mtime(bundle);
  if (bundleTime !== undefined && !(mtime(join(dist, 'cli', 'main.js')) > bundleTime)) {
    const { exports, cache, saveCache } = loadBundle(bundle);
    return { main: exports.main, processIo: exports.processIo, cache, saveCache };
  }
  const url = require('node:url').pathToFileURL(join(dist, 'cli', 'main.js')).href;
  return import(url).then(({ main, processIo }) => ({ main, processIo, cache: 'no bundle', saveCache: () => false }));
}

module.exports = { loadBundle, loadCli };

if (require.main === module) run();

/** `sts ARGS`: the exit code is main's. STS_DEBUG_CACHE=1 says on stderr what became of the code cache. */
async function run() {
  const cli = await loadCli();
  const debug = process.env.STS_DEBUG_CACHE === '1';
  if (debug) process.stderr.write(`sts: code cache ${cli.cache}\n`);
  process.exitCode = await cli.main(process.argv.slice(2), cli.processIo());
  // a cache V8 could not use is replaced by one for this Node, made after this command ran
  if (cli.cache !== 'accepted' && cli.cache !== 'no bundle') {
    const saved = cli.saveCache();
    if (debug) process.stderr.write(`sts: code cache ${saved ? 'saved' : 'not saved'}\n`);
  }
}
