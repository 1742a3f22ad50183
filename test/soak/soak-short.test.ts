// The short, seeded soak (issue 13): 5 × 5 concurrent writers, 20 kills, 300 hostile inputs and
// every exec escape probe through the real binary; each figure must be 0. `npm run soak` runs the
// full sizes and prints the figures the README quotes.
import { describe, expect, it } from 'vitest';
// plain ESM JavaScript, shared with scripts/soak.mjs (the repo runs no TypeScript outside vitest)
import { SHORT, formatFigures, nonZero, runSoak } from './suite.mjs';

const SEED = 13;

describe('soak (short, seed 13)', () => {
  it('loses no update, survives kills, takes hostile input and lets nothing out of a pod', async () => {
    const { figures, findings } = await runSoak({ seed: SEED, sizes: SHORT, jobs: 2 });
    const report = `${formatFigures(figures)}\n${findings.format()}`;
    expect(nonZero(figures), report).toEqual([]);
    // the suite measured what it says it measured
    expect(figures.writers.acknowledged).toBe(SHORT.writers * SHORT.mutations);
    expect(figures.kills.kills).toBe(SHORT.kills);
    expect(figures.hostile.cases).toBeGreaterThanOrEqual(SHORT.cases);
    expect(figures.escapes.probes).toBeGreaterThan(50);
  }, 300_000);
});
