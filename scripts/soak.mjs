#!/usr/bin/env node
// `npm run soak [-- --seed N] [--short] [--only writers,kills,hostile,escapes] [--jobs N] [--cases N] [--kills N] [--writers WxM]`:
// the soak/fuzz suite of issue 13 (test/soak/suite.mjs). Prints its figures and every distinct
// failure; exits 1 when any figure that must be 0 is not. Needs a build (`npm run build`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FULL, SECTIONS, SHORT, formatFigures, nonZero, runSoak } from '../test/soak/suite.mjs';
import { ROOT, cleanupOnSignals } from '../test/soak/proc.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
};
if (args.includes('--help') || args.includes('-h')) {
  console.log(
    `usage: npm run soak -- [--seed N] [--short] [--only ${SECTIONS.join(',')}] [--jobs N] [--cases N] [--kills N] [--writers WxM] [--json]`,
  );
  process.exit(0);
}
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('soak: no build; run `npm run build` first');
  process.exit(2);
}
cleanupOnSignals();

const seed = opt('seed') !== undefined ? Number(opt('seed')) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isSafeInteger(seed)) {
  console.error(`soak: --seed wants an integer, got ${opt('seed')}`);
  process.exit(2);
}
const sizes = { ...(args.includes('--short') ? SHORT : FULL) };
if (opt('cases')) sizes.cases = Number(opt('cases'));
if (opt('kills')) sizes.kills = Number(opt('kills'));
if (opt('writers')) [sizes.writers, sizes.mutations] = opt('writers').split('x').map(Number);
const sections = opt('only') ? opt('only').split(',') : SECTIONS;
const jobs = opt('jobs') ? Number(opt('jobs')) : undefined;

console.log(`soak: seed ${seed} (again: npm run soak -- --seed ${seed}${args.includes('--short') ? ' --short' : ''})`);
const { figures, findings, zero } = await runSoak({ seed, sizes, sections, jobs, log: (s) => console.log(`  … ${s}`) });
console.log('');
console.log(formatFigures(figures));
if (findings.list.length) {
  console.log(`\nfailures (${findings.list.length} distinct):`);
  console.log(findings.format());
}
if (args.includes('--json')) console.log(JSON.stringify({ figures, failures: findings.list }, null, 2));
const bad = nonZero(figures);
console.log(zero ? '\nsoak: every figure is 0' : `\nsoak: FAILED — ${bad.join(', ')}`);
process.exitCode = zero ? 0 : 1;
