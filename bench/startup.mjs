// Start-up, measured as issue 14 asks: paired runs of `node empty.mjs` and `sts ARGS` on a small cluster (web.yaml
// settled), alternating so that drift in the machine's load hits both alike; medians of wall time, and of CPU time
// (user + system of the process, from bash's `time`: steadier on a busy machine).
// `node bench/startup.mjs [--bin bin/sts.js]… [--runs 21] [ARGS…]` (default ARGS: get pods); several --bin are
// measured in the same rounds, for comparing variants.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { bin: { type: 'string', multiple: true, default: ['bin/sts.js'] }, runs: { type: 'string', default: '21' } },
  allowPositionals: true,
});
const bins = values.bin.map((b) => resolve(b));
const runs = Number(values.runs);
const args = positionals.length ? positionals : ['get', 'pods'];
// bash's `time` reports the child's CPU to the millisecond (/usr/bin/time, to 10 ms)
const TIME = ['-c', 'TIMEFORMAT="%3U %3S"; time "$@"', 'time'];
const cpu = existsSync('/bin/bash');

const dir = mkdtempSync(join(tmpdir(), 'sts-startup-'));
const empty = join(dir, 'empty.mjs');
writeFileSync(empty, '');
const env = { ...process.env, STS_STATE: join(dir, 'cluster.json') };

/** Wall milliseconds of one run of `node ARGV`, spawned directly. */
function wall(argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}
/** CPU milliseconds (user + system) of one run of `node ARGV`, under bash's `time` (a run of its own: bash's start
 *  must not count in the wall times). */
function cpuTime(argv) {
  const r = spawnSync('/bin/bash', [...TIME, process.execPath, ...argv], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const [user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return (user + sys) * 1000;
}
const time = (argv) => ({ wall: wall(argv), cpu: cpu ? cpuTime(argv) : NaN });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const argv of [
  ['cluster', 'reset', '--clock', 'manual'],
  ['apply', '-f', resolve('fixtures/web/web.yaml')],
  ['clock', 'settle'],
]) {
  time([bins[0], ...argv]);
}
for (const bin of bins) time([bin, ...args]); // warm the page cache

const base = [];
const runsOf = bins.map(() => []);
for (let i = 0; i < runs; i++) {
  base.push(time([empty]));
  bins.forEach((bin, j) => runsOf[j].push(time([bin, ...args])));
}
const report = (what, key) => {
  const b = median(base.map((r) => r[key]));
  console.log(`${what}: node empty.mjs ${b.toFixed(1)} ms (median of ${runs})`);
  bins.forEach((bin, j) => {
    const c = median(runsOf[j].map((r) => r[key]));
    const paired = median(runsOf[j].map((r, i) => r[key] / base[i][key]));
    console.log(
      `  ${relative(process.cwd(), bin)} ${args.join(' ')}: ${c.toFixed(1)} ms, ratio of medians ${(c / b).toFixed(2)}×, median of paired ratios ${paired.toFixed(2)}×`,
    );
  });
};
report('wall', 'wall');
if (cpu) report('cpu (user+sys)', 'cpu');
rmSync(dir, { recursive: true, force: true });
