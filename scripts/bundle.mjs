// The CLI as one file, for a fast start (issue 14): `node scripts/bundle.mjs [DIST]` bundles tsc's DIST/cli/main.js
// and its dependencies (chalk, ora, js-yaml, cli-table3) into DIST/sts.cjs, then trains V8's code cache
// DIST/sts.cjs.cache on a small cluster. bin/sts.js loads both (its header says why). DIST defaults to dist/;
// scripts/build-to.sh passes .build/NAME/dist.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The cluster the cache is trained on (made by one process), and the commands that train it (run by another, which
// saves the cache). V8 caches every function compiled in the process, so the setup's would be cached too and every
// start would pay to read them: only what `sts get` and `describe` run on a small cluster, the everyday commands.
const SETUP = [
  ['cluster', 'reset', '--clock', 'manual'],
  ['apply', '-f', join(root, 'fixtures', 'web', 'web.yaml')],
  ['clock', 'settle'],
];
const TRAINING = [
  ['get', 'pods'],
  ['get', 'sts,pvc'],
  ['describe', 'sts', 'web'],
];

// `--run BUNDLE setup|train SCRATCH` is the child that bundle() starts for each step
const [mode, file, step, scratch] = process.argv.slice(2);
if (mode === '--run') await runCommands(file, step === 'setup' ? SETUP : TRAINING, scratch);
else await bundle(resolve(mode ?? join(root, 'dist')));

async function bundle(dist) {
  const { build } = await import('esbuild');
  const outfile = join(dist, 'sts.cjs');
  const { outputFiles } = await build({
    entryPoints: [join(dist, 'cli', 'main.js')],
    bundle: true,
    write: false,
    outfile,
    platform: 'node',
    target: 'node20',
    // CommonJS in one file: an `import()` of a bundled module becomes a lazy init, so a verb's code still runs only
    // when the verb does
    format: 'cjs',
    // bin/sts.js reads the bundle as latin1
    charset: 'ascii',
    // src/manifest/docs-urls.ts looks upwards from its module for fixtures/docs/examples: from the bundle's file
    // here (bin/sts.js gives the bundle __filename, as Node's loader would), computed only if asked for
    define: { 'import.meta.url': '__stsImportMeta.url' },
    // ("use strict" first, as ES modules are strict: esbuild's own directive would come after the banner)
    banner: { js: "'use strict';\nvar __stsImportMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
    // whitespace and syntax only: less to read and parse, and stack traces keep the source's names
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = outputFiles[0].text;
  // the first line names the build; the cache file starts with it, so a cache made for another build is never used
  // (V8 itself compares only the source's length)
  const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
  // wrapped as Node's CommonJS loader wraps a module (lib/internal/modules/cjs/loader.js, wrapSafe), which bin/sts.js
  // then need not do; the closing brace on a line of its own, so that a `//` comment on the last line cannot swallow it
  writeFileSync(outfile, `// sts bundle ${id}\n(function (exports, require, module, __filename, __dirname) { ${code}\n})`);

  const cache = `${outfile}.cache`;
  rmSync(cache, { force: true });
  const scratch = mkdtempSync(join(tmpdir(), 'sts-train-'));
  try {
    for (const step of ['setup', 'train']) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--run', outfile, step, scratch], { stdio: 'inherit' });
      // without its cache the CLI works, only slower, and writes one on its first run: the build still succeeds
      if (r.status !== 0) {
        console.error(`scripts/bundle.mjs: training the code cache failed (${step}); ${cache} not written`);
        break;
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Run COMMANDS through the bundle as bin/sts.js loads it, on the cluster in SCRATCH; saves the code cache after the
 *  training ones (V8 compiles functions when first called: a cache made before running holds little). */
async function runCommands(file, commands, scratch) {
  const { loadBundle } = createRequire(import.meta.url)('../bin/sts.js');
  const { exports, saveCache } = loadBundle(file);
  const env = { ...process.env, STS_STATE: join(scratch, 'cluster.json') };
  for (const argv of commands) {
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s) => void (stderr += s) }, stdin: Readable.from([]), env, cwd: scratch };
    const code = await exports.main(argv, io);
    if (code !== 0) throw new Error(`sts ${argv.join(' ')}: exit ${code}\n${stderr}`);
  }
  if (commands === TRAINING && !saveCache()) throw new Error(`cannot write ${file}.cache`);
}
