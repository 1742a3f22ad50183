import { defineConfig } from 'vitest/config';

// The kubectl-oracle harness and corpus (test/clients): `npx vitest run -c vitest.clients.config.ts`.
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
