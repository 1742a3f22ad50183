// The soak suite (issue 13): concurrent writers, kills at random points, hostile inputs and exec
// escape probes against the real binary, with the figures it prints and the distinct failures
// behind them. `npm run soak` runs the full sizes (scripts/soak.mjs); test/soak/soak-short.test.ts
// a short seeded run.
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { Findings } from './findings.mjs';
import { concurrentWriters } from './writers.mjs';
import { kills } from './kills.mjs';
import { hostile } from './hostile.mjs';
import { escapes } from './escapes.mjs';
import { BIN, makeRoot } from './proc.mjs';

/** The newest modification time under the binary's dist/: a build during the soak changes it. */
function buildStamp() {
  let newest = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else newest = Math.max(newest, statSync(join(d, e.name)).mtimeMs);
    }
  };
  try {
    walk(join(dirname(BIN), '..', 'dist'));
  } catch {
    /* no dist beside this binary */
  }
  return newest;
}

export const FULL = { writers: 50, mutations: 20, kills: 500, cases: 20_000 };
export const SHORT = { writers: 5, mutations: 5, kills: 20, cases: 300 };
export const SECTIONS = ['writers', 'kills', 'hostile', 'escapes'];

/**
 * Run the sections asked for. Returns the figures, the findings, and `zero`: whether every figure
 * that must be 0 is. Every file goes into one temp root, removed at the end.
 */
export async function runSoak({ seed, sizes = FULL, sections = SECTIONS, jobs = Math.min(2, availableParallelism()), log = () => {} }) {
  const root = makeRoot();
  const findings = new Findings();
  const figures = { seed, jobs, started: new Date().toISOString(), sizes };
  const t0 = Date.now();
  const stamp = buildStamp();
  const timed = async (name, fn) => {
    const s = Date.now();
    figures[name] = await fn();
    figures[name].seconds = (Date.now() - s) / 1000;
    log(`${name}: done in ${figures[name].seconds.toFixed(1)} s`);
  };
  try {
    if (sections.includes('writers'))
      await timed('writers', () => concurrentWriters({ root: root.dir, writers: sizes.writers, mutations: sizes.mutations, findings, log }));
    if (sections.includes('kills')) await timed('kills', () => kills({ root: root.dir, target: sizes.kills, lanes: jobs, seed, findings, log }));
    if (sections.includes('hostile')) await timed('hostile', () => hostile({ root: root.dir, total: sizes.cases, lanes: jobs, seed, findings, log }));
    if (sections.includes('escapes')) await timed('escapes', () => escapes({ root: root.dir, seed, findings, log, jobs }));
  } finally {
    root.remove();
  }
  figures.seconds = (Date.now() - t0) / 1000;
  figures.buildChanged = buildStamp() !== stamp;
  return { figures, findings, zero: nonZero(figures).length === 0 };
}

/** The figures that must be 0, with their values when they are not. */
export function nonZero(f) {
  const must = [];
  const check = (name, v) => v && must.push(`${name} ${v}`);
  if (f.writers) {
    check('writers: lost updates', f.writers.lost);
    check('writers: failed commands', f.writers.rejected);
    check('writers: failed but visible', f.writers.phantoms);
    check('writers: leftovers', f.writers.leftovers);
  }
  if (f.kills) {
    check('kills: bad states', f.kills.bad);
    check('kills: next command failed', f.kills.nextFailed);
    check('kills: *.tmp leftovers', f.kills.tmp);
    check('kills: stale locks', f.kills.locks);
    check('kills: fewer kills than asked', Math.max(0, f.sizes.kills - f.kills.kills));
  }
  if (f.hostile) {
    const h = f.hostile;
    check('hostile: stack traces', h.stackTraces);
    check('hostile: internal errors', h.internalErrors);
    check('hostile: runs over 5 s', h.over5s);
    check('hostile: files changed by failing commands', h.changedByFailing);
    check('hostile: partial successes violated', h.partialViolations);
    check('hostile: states broken by accepted inputs', h.brokenState);
    check('hostile: escapes (exec lines)', h.escapes);
  }
  if (f.escapes) {
    check('escapes', f.escapes.escapes);
    check('escape probes that crashed', f.escapes.errors);
    check('claims filled past their size', f.escapes.overQuota);
  }
  return must;
}

const ms = (x) => `${(x / 1000).toFixed(2)} s`;
const n = (x) => x.toLocaleString('en-US');

/** The figures as the README shows them. */
export function formatFigures(f) {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const out = [`sts soak — seed ${f.seed} — ${f.started} — ${availableParallelism()} cores (${cpu}), ${f.jobs} lanes — ${f.seconds.toFixed(0)} s`];
  if (f.writers) {
    const w = f.writers;
    out.push(
      `1. concurrent writers  ${w.writers} × ${w.mutations} = ${n(w.commands)} mutations: ${n(w.acknowledged)} acknowledged, lost updates ${w.lost}, failed ${w.rejected}, failed-but-visible ${w.phantoms}, leftovers ${w.leftovers}`,
      `   lock wait per command (${w.lockWaitSource}): p50 ${ms(w.lockWait.p50)}, p99 ${ms(w.lockWait.p99)}, max ${ms(w.lockWait.max)}; latency p50 ${ms(w.latency.p50)}, p99 ${ms(w.latency.p99)}, max ${ms(w.latency.max)} (${w.soloMs.create.toFixed(0)}/${w.soloMs.label.toFixed(0)} ms alone); all done in ${ms(w.wallMs)}`,
    );
  }
  if (f.kills) {
    const k = f.kills;
    const types = Object.entries(k.byType)
      .map(([t, c]) => `${t} ${c}`)
      .join(', ');
    const durs = Object.entries(k.durations)
      .map(([t, d]) => `${t} ${d.toFixed(0)} ms`)
      .join(', ');
    out.push(
      `2. kills               ${n(k.kills)} SIGKILLs (${types}); state after the kill: before ${k.before}, after ${k.after}, neither ${k.bad}; next command failed ${k.nextFailed}; *.tmp left ${k.tmp}; stale locks ${k.locks}`,
      `   (killed at a uniform point of each command's own run time; median run: ${durs}; ${k.completed} commands finished before their kill)`,
    );
  }
  if (f.hostile) {
    const h = f.hostile;
    const kinds = Object.entries(h.byKind)
      .map(([t, c]) => `${t} ${n(c)}`)
      .join(', ');
    out.push(
      `3. hostile inputs      ${n(h.cases)} cases (${kinds}): stack traces ${h.stackTraces}, internal errors ${h.internalErrors}, over 5 s ${h.over5s}, files changed by failing commands ${h.changedByFailing}, partial successes violated ${h.partialViolations} (${h.partialChecked} failing runs compared with what they kept), states broken by accepted inputs ${h.brokenState}, exec-line escapes ${h.escapes}; slowest run ${ms(h.maxMs)}${h.skipped ? `; ${h.skipped} not runnable (argument too long)` : ''}${h.unsearched ? `; ${h.unsearched} bad batches not narrowed down (search budget spent: counted once each)` : ''}`,
    );
  }
  if (f.escapes)
    out.push(
      `4. exec escapes        ${f.escapes.probes} probes: escapes ${f.escapes.escapes}, probe errors ${f.escapes.errors}, claims filled past their size ${f.escapes.overQuota}`,
    );
  if (f.buildChanged) out.push('warning: dist/ was rebuilt while the soak ran: failures may come from a half-written build');
  return out.join('\n');
}
