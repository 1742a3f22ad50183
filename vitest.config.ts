import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test`: unit tests and the CLI end to end (mostly in-process, see test/helpers.ts). The real
// kubectl corpus (`npm run test:clients`) and the short soak (`npm run soak:short`) have their own configs.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    // one process per test file: the in-process runner blocks its thread (Atomics.wait) and names
    // its process as an sts process for the locks (test/helpers.ts)
    pool: 'forks',
    // at least 3: the default (cores − 1) runs one file at a time on two cores, and many files
    // spend their time waiting on processes (locks, watches)
    maxWorkers: Math.max(3, availableParallelism() - 1),
    // a worker's process is reused for the next file (no new process, vitest and CLI loaded once):
    // tests must not leave global state behind (the CLI keeps none between commands, see main.ts)
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
