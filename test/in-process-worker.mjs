// The in-process runner's thread (test/helpers.ts): runs `main(argv, io)` of the built CLI for each
// request, with string streams, and wakes the waiting test thread through a shared cell.
import { Readable } from 'node:stream';
import { workerData } from 'node:worker_threads';

const { port, mainUrl } = workerData;
const cli = import(mainUrl);

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
