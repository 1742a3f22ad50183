// Figure 3, hostile inputs: fast-check-generated manifests, flag values, JSONPath templates,
// patches and exec command lines, each through the real binary — manifests many documents per
// `apply -f -` / `create -f -`, exec lines many per `exec -i POD -- sh` script — on lanes of their
// own (one per core). For every run: no stack trace, no "internal error" text, nothing over 5 s,
// and a failing command leaves the cluster's files byte-identical — except kubectl's own partial
// successes, which are asserted as such: a multi-document manifest keeps its valid documents (the
// documents it reported must alone give the same state), a wait that timed out keeps exactly the
// time it moved (the same as `clock advance` by that much). A batch that shows a problem is
// narrowed down to the inputs that cause it (within a time budget per soak).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import * as A from './arbitraries.mjs';
import { internalError, stackTrace } from './findings.mjs';
import { changes, snapshot } from './hostfs.mjs';
import { Lane, sameState, stateDiff } from './lane.mjs';
import { pool, prng } from './proc.mjs';

const SLOW_MS = 5_000;
const KILL_MS = SLOW_MS + 1_000; // anything slower is a failure already: no need to wait longer
const DOCS_PER_BATCH = 50;
const LINES_PER_SCRIPT = 250;

/** How a total splits over the kinds of input (batched kinds take the larger shares: they are cheap). */
export function planCases(total) {
  const share = { manifests: 0.5, execLines: 0.4, flags: 0.04, jsonpath: 0.025, patches: 0.025, execArgv: 0.01 };
  const plan = Object.fromEntries(Object.entries(share).map(([k, f]) => [k, Math.floor(total * f)]));
  plan.manifests += total - Object.values(plan).reduce((a, b) => a + b, 0);
  return plan;
}

/** What a run shows that it must not: a stack, an internal error, a death by signal, a slow run. */
function judge(r, input = '', { exec = false } = {}) {
  const text = `${r.stderr}\n${r.stdout}`;
  const oddExit = !exec && !r.timedOut && r.code !== 0 && r.code !== 1;
  return {
    stack: stackTrace(r.stderr) || (!r.timedOut && r.signal !== null) || oddExit,
    internal: internalError(text, input),
    slow: r.timedOut || r.ms > SLOW_MS,
    get bad() {
      return this.stack || this.internal || this.slow;
    },
  };
}

const keepsTime = (argv) => argv[0] === 'wait' || (argv[0] === 'rollout' && argv[1] === 'status') || (argv[0] === 'clock' && argv[1] === 'settle');
const shq = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const SENTINEL = (name) => Buffer.from(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  sentinel: "yes"\n`);
const joinDocs = (docs) => Buffer.concat(docs.flatMap((d, i) => (i ? [Buffer.from('\n---\n'), d] : [d])));

/** Could this document fail to be YAML at all? Then kubectl's stream decoder stops there. */
function mightBreakStream(doc) {
  if (doc.bomb || doc.bytes.includes(0) || !doc.bytes.equals(Buffer.from(doc.bytes.toString('utf8'), 'utf8'))) return true;
  try {
    yaml.loadAll(doc.bytes.toString('utf8'), undefined, { json: true });
    return false;
  } catch {
    return true;
  }
}

export async function hostile({ root, total, lanes: laneCount, seed, findings, log = () => {} }) {
  const plan = planCases(total);
  const outside = join(root, 'outside');
  const SECRET = `SOAK-SECRET-${seed}`;
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret'), `${SECRET}\n`);
  const outsideSnap = () => snapshot(outside);
  const outsideBefore = outsideSnap();
  const hostPaths = [outside, join(outside, 'secret'), join(root, 'home'), root];

  // ---- generate (seeded; each kind from its own seed so changing one share leaves the others)
  const gen = (arb, n, k) => (n > 0 ? fc.sample(arb, { seed: seed + k, numRuns: n }) : []);
  const docSpecs = gen(A.manifestDoc, plan.manifests, 1);
  const bombSpec = fc.record({ levels: fc.integer({ min: 3, max: 9 }), width: fc.integer({ min: 2, max: 9 }) });
  const bombs = gen(bombSpec, Math.max(1, Math.floor(plan.manifests / 600)), 11);
  const lines = gen(A.execLine(hostPaths), plan.execLines, 2);
  const singles = [
    ...gen(A.flagCase, plan.flags, 3).map((argv) => ({ kind: 'flags', argv })),
    ...gen(A.jsonPathCase, plan.jsonpath, 4).map((argv) => ({ kind: 'jsonpath', argv })),
    ...gen(A.patchCase, plan.patches, 5).map((argv) => ({ kind: 'patches', argv })),
    ...gen(A.execArgv(hostPaths), plan.execArgv, 6).map((argv) => ({ kind: 'execArgv', argv: ['exec', 'web-0', '--', ...argv] })),
    ...A.SPECIAL_LINES.map((line) => ({ kind: 'execArgv', argv: ['exec', 'web-0', '--', 'sh', '-c', line] })),
  ];

  const units = [];
  const docs = docSpecs.map((s, i) => ({ ...A.renderDoc(s, `fz-${i}`), name: `fz-${i}` }));
  // a few alias bombs among them, at their seeded positions
  bombs.forEach((b, k) => {
    const i = (k * 7919) % Math.max(1, docs.length);
    const ls = ['soak-bomb:', '  l0: &l0 ["lol"]'];
    for (let l = 1; l <= b.levels; l++) ls.push(`  l${l}: &l${l} [${Array.from({ length: b.width }, () => `*l${l - 1}`).join(', ')}]`);
    if (docs[i])
      docs[i] = {
        ...docs[i],
        bytes: Buffer.concat([
          Buffer.from(`${ls.join('\n')}\n`),
          A.renderDoc({ template: 'ConfigMap', style: 'block', mutations: [], textOps: [] }, docs[i].name).bytes,
        ]),
        bomb: true,
      };
  });
  const rng = prng(seed);
  for (let i = 0; i < docs.length; i += DOCS_PER_BATCH)
    units.push({ kind: 'manifests', docs: docs.slice(i, i + DOCS_PER_BATCH), verb: rng.next() < 0.7 ? 'apply' : 'create', id: i / DOCS_PER_BATCH });
  for (let i = 0; i < lines.length; i += LINES_PER_SCRIPT) units.push({ kind: 'execLines', lines: lines.slice(i, i + LINES_PER_SCRIPT) });
  for (const s of singles) units.push({ kind: s.kind, argv: s.argv });
  // a seeded shuffle, so both lanes get a mix
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [units[i], units[j]] = [units[j], units[i]];
  }

  const fig = {
    cases: 0,
    byKind: {},
    stackTraces: 0,
    internalErrors: 0,
    over5s: 0,
    changedByFailing: 0,
    partialViolations: 0,
    partialChecked: 0,
    brokenState: 0,
    escapes: 0,
    maxMs: 0,
    skipped: 0,
    unsearched: 0,
  };
  // narrowing bad batches down costs runs (slow ones most): a time budget for it per soak, after
  // which a bad batch counts once, as a batch
  const searchUntil = Date.now() + 20_000 + total * 4;
  const count = (kind, n) => {
    fig.cases += n;
    fig.byKind[kind] = (fig.byKind[kind] ?? 0) + n;
  };
  const report = (kind, j, { command, input, r, note = '' }) => {
    const text = `${r.stderr}${r.stdout ? `\n${r.stdout}` : ''}`;
    const head = `exit ${r.code}${r.signal ? ` (${r.signal})` : ''} after ${r.ms.toFixed(0)} ms${note}`;
    if (j.stack) {
      fig.stackTraces++;
      findings.add('hostile', 'stack trace', {
        command,
        input,
        text: r.stderr || `signal ${r.signal}`,
        detail: `${head}: ${r.stderr.trim().slice(0, 500)}`,
      });
    }
    if (j.internal) {
      fig.internalErrors++;
      findings.add('hostile', 'internal error', { command, input, text, detail: `${head}: ${text.trim().slice(0, 500)}` });
    }
    if (j.slow) {
      fig.over5s++;
      const what =
        command[0] === 'exec' && command.includes('-c')
          ? `exec: ${command[command.indexOf('-c') + 1]
              .split(/[\s;|&]+/)
              .slice(0, 2)
              .join(' ')}`
          : `${kind}: ${command.slice(0, 2).join(' ')}`;
      findings.add('hostile', 'over 5 s', {
        command,
        input,
        text: what,
        detail: `${r.timedOut ? `still running after ${r.ms.toFixed(0)} ms (killed)` : head}`,
      });
    }
  };

  // ---- lanes: a settled web set, a config map, a secret; a pristine copy to go back to
  const lanes = [];
  for (let l = 0; l < Math.min(laneCount, units.length || 1); l++) {
    const lane = new Lane(root, `hostile-${l}`);
    await lane.setupWeb();
    await lane.ok(['create', 'configmap', 'cm1', '--from-literal=a=b']);
    await lane.ok(['create', 'secret', 'generic', 's1', '--from-literal=a=b']);
    await lane.ok(['exec', 'web-0', '--', 'sh', '-c', 'echo aaaaaaaaaaaaaaaaaaaa > /tmp/a']);
    const pristine = join(lane.dir, 'pristine');
    lane.saveTo(pristine);
    const ref = new Lane(root, `hostile-${l}-ref`);
    lanes.push({ lane, ref, pristine, pristineHash: lane.hash(), pristineDump: await lane.dump() });
  }
  const fresh = (L) => L.lane.restoreFrom(L.pristine);
  const runs = (L, argv, input, timeoutMs = KILL_MS) => L.lane.run(argv, { input, timeoutMs });

  /** After an accepted change: can the whole state still be read, and did no prototype key leak onto nodes? */
  async function healthy(L, cause) {
    const r = await L.lane.run(['get', await L.lane.kinds(), '-A', '-o', 'json'], { timeoutMs: KILL_MS });
    const j = judge(r);
    let why = '';
    if (r.code !== 0) why = `get -o json fails afterwards: ${r.stderr.trim().slice(0, 300)}`;
    else {
      try {
        const nodes = JSON.parse(r.stdout).items.filter((i) => i.kind === 'Node');
        if (JSON.stringify(nodes).includes('soakPolluted')) why = 'a prototype key reached objects it was not written to (nodes)';
      } catch (e) {
        why = `get -o json prints no JSON afterwards (${e.message})`;
      }
    }
    if (why || j.bad) {
      fig.brokenState++;
      findings.add('hostile', 'state broken by an accepted input', {
        ...cause,
        text: why || r.stderr,
        detail: why || `${r.stderr.trim().slice(0, 300)}`,
      });
    }
  }

  /** A failing command that changed the files: allowed only as kubectl's "wait keeps the time it moved". */
  async function failedButChanged(L, argv, input, r) {
    if (!keepsTime(argv)) {
      fig.changedByFailing++;
      findings.add('hostile', 'changed by a failing command', {
        command: argv,
        input,
        text: r.stderr,
        detail: `exit ${r.code}, the cluster file changed: ${r.stderr.trim().slice(0, 300)}`,
      });
      return;
    }
    fig.partialChecked++;
    const seen = await L.lane.dump();
    const moved = seen.ok ? (Date.parse(seen.now) - Date.parse(L.pristineDump.now)) / 1000 : NaN;
    let why = '';
    if (!(moved > 0)) why = `the clock did not move (${L.pristineDump.now} → ${seen.ok ? seen.now : 'unreadable'}), yet the file changed`;
    else {
      L.ref.restoreFrom(L.pristine);
      await L.ref.run(['clock', 'advance', `${moved}s`]);
      const expect = await L.ref.dump();
      if (!sameState(seen, expect)) why = `not the same as clock advance ${moved}s: ${stateDiff(expect, seen)}`;
    }
    if (why) {
      fig.partialViolations++;
      findings.add('hostile', 'partial success violated', {
        command: argv,
        input,
        text: why.replace(/\d+/g, 'N'),
        detail: `a failing ${argv[0]} kept more than the time it moved: ${why}`,
      });
    }
  }

  /** The inputs of a bad batch that are bad on their own. A slow batch is tried input by input (a
   *  slow run costs seconds, and bisecting would repeat it); anything else is bisected. */
  async function culprits(items, run, slow) {
    if (Date.now() > searchUntil) {
      fig.unsearched++;
      return [];
    }
    if (slow) {
      const out = [];
      for (const x of items) {
        if (Date.now() > searchUntil) {
          fig.unsearched++;
          break;
        }
        const one = await run([x]);
        if (one.bad) out.push({ item: x, res: one });
      }
      return out;
    }
    const budget = { runs: 24 };
    const bisect = async (xs) => {
      const out = [];
      const mid = Math.ceil(xs.length / 2);
      for (const half of [xs.slice(0, mid), xs.slice(mid)]) {
        if (!half.length || budget.runs-- <= 0) continue;
        const res = await run(half);
        if (!res.bad) continue;
        if (half.length === 1) out.push({ item: half[0], res });
        else out.push(...(await bisect(half)));
      }
      return out;
    };
    return bisect(items);
  }

  async function single(L, u) {
    if (L.lane.hash() !== L.pristineHash || u.kind === 'execArgv') fresh(L);
    const r = await runs(L, u.argv);
    if (r.spawnError) {
      fig.skipped++;
      return;
    }
    count(u.kind, 1);
    fig.maxMs = Math.max(fig.maxMs, r.ms);
    const j = judge(r, u.argv.join(' '), { exec: u.kind === 'execArgv' });
    if (j.bad) report(u.kind, j, { command: u.argv, r });
    if (u.kind === 'execArgv') await checkOutside(u.argv, r);
    if (r.timedOut) return fresh(L);
    if (L.lane.hash() === L.pristineHash) return;
    if (r.code !== 0 || u.kind === 'execArgv') await failedButChanged(L, u.argv, undefined, r);
    else await healthy(L, { command: u.argv });
  }

  async function checkOutside(command, r, input) {
    const leaked = `${r.stdout}${r.stderr}`.includes(SECRET);
    const changed = changes(outsideBefore, outsideSnap(), root);
    if (leaked || changed.length) {
      fig.escapes++;
      findings.add('escapes', 'escape (hostile exec)', {
        command,
        input,
        text: leaked ? 'read' : 'write',
        detail: leaked ? `printed the host file's secret` : `changed on the host: ${changed.join(', ')}`,
      });
      // put the sentinel back so later runs are judged on their own
      mkdirSync(outside, { recursive: true });
      writeFileSync(join(outside, 'secret'), `${SECRET}\n`);
    }
  }

  async function manifests(L, u) {
    const first = { name: `fz-b${u.id}-first`, bytes: SENTINEL(`fz-b${u.id}-first`) };
    const last = { name: `fz-b${u.id}-last`, bytes: SENTINEL(`fz-b${u.id}-last`) };
    const argv = [u.verb, '-f', '-'];
    const attempt = async (docs, timeoutMs = KILL_MS) => {
      fresh(L);
      const all = [first, ...docs, last];
      const r = await runs(L, argv, joinDocs(all.map((d) => d.bytes)), timeoutMs);
      return Object.assign(judge(r, joinDocs(all.map((d) => d.bytes)).toString('utf8')), { r, all });
    };
    const res = await attempt(u.docs);
    count('manifests', u.docs.length);
    fig.maxMs = Math.max(fig.maxMs, res.r.ms);
    if (res.bad) {
      const found = await culprits(u.docs, attempt, res.slow);
      if (!found.length) report('manifests', res, { command: argv, input: '(the whole batch; no single document shows it)', r: res.r });
      for (const { item, res: one } of found) report('manifests', one, { command: argv, input: item.bytes.toString('utf8'), r: one.r });
      await attempt(u.docs); // back to the batch's own result for the checks below
    }
    const r = res.r;
    if (r.timedOut) return;
    // which documents did it keep? `kind/name created|configured|unchanged`, one line each
    const byName = new Map(res.all.map((d, i) => [d.name, i]));
    const kept = new Set();
    const strays = [];
    for (const line of r.stdout.split('\n')) {
      const m = /^\S+\/(\S+) (created|configured|unchanged)/.exec(line);
      if (!m) continue;
      const i = byName.get(m[1]) ?? byName.get(m[1].replace(/-item$/, ''));
      if (i === undefined) strays.push(m[1]);
      else kept.add(i);
    }
    const breaks = u.docs.some(mightBreakStream);
    // the document an error's `line N` points into (documents are joined with one `---` line)
    const docAtLine = () => {
      const line = Number(/line (\d+)/.exec(r.stderr)?.[1]);
      let start = 1;
      for (const d of res.all) {
        const n = d.bytes.toString('latin1').split('\n').length;
        if (line && line < start + n) return d === first || d === last ? fallback() : d;
        start += n + 1;
      }
      return fallback();
    };
    const fallback = () => (/null byte/.test(r.stderr) ? u.docs.find((d) => d.bytes.includes(0)) : undefined) ?? u.docs.find(mightBreakStream);
    const where = (i) => `document ${i + 1} of ${res.all.length}`;
    if (!kept.has(0)) {
      fig.partialViolations++;
      findings.add('hostile', 'partial success violated', {
        command: argv,
        input: docAtLine()?.bytes.toString('utf8') ?? '(no document here stops a YAML stream)',
        text: `the first document, valid, was dropped${breaks ? ' (a later document is not YAML)' : ''}`,
        detail: `the first document, valid, was not kept (exit ${r.code}); kubectl keeps the documents before a broken one. stderr: ${r.stderr.trim().slice(0, 300)}`,
      });
    }
    if (!breaks && !kept.has(res.all.length - 1)) {
      fig.partialViolations++;
      findings.add('hostile', 'partial success violated', {
        command: argv,
        input: docAtLine()?.bytes.toString('utf8'),
        text: 'the last document, valid, was dropped',
        detail: `the last document, valid, was not kept though every document of the batch is YAML (${where(res.all.length - 1)}); stderr: ${r.stderr.trim().slice(0, 300)}`,
      });
    }
    if (strays.length) findings.add('hostile', 'unattributed', { command: argv, detail: `reported objects no document names: ${strays.join(', ')}` });
    const changed = L.lane.hash() !== L.pristineHash;
    if (r.code !== 0 && changed) {
      if (!kept.size) {
        fig.changedByFailing++;
        findings.add('hostile', 'changed by a failing command', {
          command: argv,
          text: r.stderr,
          detail: `nothing reported as kept, yet the cluster file changed: ${r.stderr.trim().slice(0, 300)}`,
        });
      } else if (!strays.length) {
        // the documents it reported, alone, must give the same state
        fig.partialChecked++;
        L.ref.restoreFrom(L.pristine);
        const again = await L.ref.run(argv, { input: joinDocs([...kept].sort((a, b) => a - b).map((i) => res.all[i].bytes)), timeoutMs: KILL_MS });
        const [seen, expect] = [await L.lane.dump(), await L.ref.dump()];
        if (again.code !== 0 || !sameState(seen, expect)) {
          fig.partialViolations++;
          findings.add('hostile', 'partial success violated', {
            command: argv,
            text: again.code !== 0 ? 'the documents it kept fail alone' : 'kept more than its documents',
            detail:
              again.code !== 0
                ? `the documents it reported as kept fail when applied alone: ${again.stderr.trim().slice(0, 300)}`
                : `the failing batch left more than its kept documents: ${stateDiff(expect, seen)}`,
          });
        }
      }
    } else if (r.code === 0 && !changed && kept.size)
      findings.add('hostile', 'unattributed', { command: argv, detail: 'reported objects as created but the file did not change' });
    if (changed) await healthy(L, { command: argv, input: '(a manifest batch)' });
  }

  async function execLines(L, u) {
    const argv = ['exec', '-i', 'web-0', '--', 'sh'];
    const script = (ls) => `${ls.map((l, k) => `sh -c ${shq(l)}\necho @@${k}@@`).join('\n')}\necho @@end@@\n`;
    const attempt = async (ls, timeoutMs = KILL_MS) => {
      fresh(L);
      const r = await runs(L, argv, script(ls), timeoutMs);
      return Object.assign(judge(r, ls.join('\n'), { exec: true }), { r });
    };
    const res = await attempt(u.lines);
    count('execLines', u.lines.length);
    fig.maxMs = Math.max(fig.maxMs, res.r.ms);
    await checkOutside(argv, res.r, '(an exec script)');
    const changed = L.lane.hash() !== L.pristineHash;
    if (res.bad) {
      const found = await culprits(u.lines, attempt, res.slow);
      if (!found.length)
        report('execLines', res, {
          command: argv,
          input: `(the whole script; no single line shows it) ${u.lines.slice(0, 3).join(' ⏎ ')} …`,
          r: res.r,
        });
      for (const { item, res: one } of found) report('execLines', one, { command: ['exec', 'web-0', '--', 'sh', '-c', item], r: one.r });
    } else {
      const seen = [...res.r.stdout.matchAll(/@@(\d+|end)@@/g)].length;
      if (seen < u.lines.length + 1) {
        const k = Math.max(0, seen - 1);
        findings.add('hostile', 'exec script cut short', {
          command: ['exec', 'web-0', '--', 'sh', '-c', u.lines[k]],
          text: res.r.stderr,
          detail: `a line run in its own \`sh -c\` ended the whole script (${seen} of ${u.lines.length + 1} markers): ${res.r.stderr.trim().slice(0, 200)}`,
        });
      }
    }
    if (changed) {
      fig.changedByFailing++;
      findings.add('hostile', 'changed by a failing command', { command: argv, input: '(an exec script)', detail: 'exec changed the cluster file' });
    }
  }

  let done = 0;
  fig.secondsByKind = {};
  await pool(units, lanes.length, async (u, _i, laneIdx) => {
    const L = lanes[laneIdx];
    const t = Date.now();
    if (u.kind === 'manifests') await manifests(L, u);
    else if (u.kind === 'execLines') await execLines(L, u);
    else await single(L, u);
    fig.secondsByKind[u.kind] = (fig.secondsByKind[u.kind] ?? 0) + (Date.now() - t) / 1000;
    if (++done % 250 === 0) log(`hostile: ${done}/${units.length} runs, ${fig.cases} cases`);
  });
  fig.plan = plan;
  return fig;
}
