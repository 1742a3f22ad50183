// The in-process runner's thread (test/helpers.ts): runs `main(argv, io)` of the CLI under test for each request,
// with string streams, and wakes the waiting test thread through a shared cell. The CLI is loaded as bin/sts.js
// loads it (the bundle and its code cache), so the tests run what users run.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

const { port, bin } = workerData;
const cli = loadCli();

/** The CLI next to BIN, through BIN's own loader; a build from before the bundle (an ES module bin) has none. */
async function loadCli() {
  let loader;
  try {
    loader = createRequire(import.meta.url)(bin);
  } catch (e) {
    if (e?.code !== 'ERR_REQUIRE_ESM') throw e;
    return import(pathToFileURL(join(dirname(bin), '..', 'dist', 'cli', 'main.js')).href);
  }
  return loader.loadCli();
}

port.on('message', async ({ argv, env, cwd, input, cell }) => {
  let stdout = '';
  let stderr = '';
  let code;
  try {
    const { main } = await cli;
    const io = {
      stdout: { write: (s) => void (stdout += s) },
      stderr: { write: (s) => void (stderr += s) },
      stdin: Readable.from(input === undefined ? [] : [Buffer.from(input)]),
      env,
      cwd,
    };
    code = await main(argv, io);
  } catch (e) {
    stderr += `in-process runner: ${e?.stack ?? e}\n`;
    code = -1;
  }
  port.postMessage({ stdout, stderr, code });
  Atomics.store(cell, 0, 1);
  Atomics.notify(cell, 0);
});
