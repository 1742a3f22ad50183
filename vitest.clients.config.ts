import { defineConfig } from 'vitest/config';

// The real clients: the kubectl-oracle harness and corpus (test/clients), and kubectl, Helm and the
// JavaScript client against `sts serve` (test/serve): `npm run test:clients`.
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts', 'test/serve/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
