import { defineConfig } from 'vitest/config';

// `npm run test:pages`: the Kubernetes docs' StatefulSet pages replayed with sts (test/pages/), each
// against the outputs the page shows. Manifests come from fixtures/docs/examples (no network).
export default defineConfig({
  test: {
    include: ['test/pages/**/*.test.ts'],
    // as vitest.config.ts: one process per file, the in-process runner blocks its thread (test/helpers.ts)
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
