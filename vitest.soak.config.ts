import { defineConfig } from 'vitest/config';

// The short, seeded soak through the real binary (~15 s): `npm run soak:short`; `npm run soak` runs the full sizes.
export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
