// sts against the real kubectl, line by line over the corpus (docs pages, kubectl's help examples, odd
// forms): what kubectl accepts, sts accepts and reads the same way (namespace, selectors, resource,
// name, watch, server dry run — from the requests kubectl sent); what kubectl refuses before asking
// the server, sts refuses with the same words. kubectl's answers are recorded
// (test/clients/kubectl-answers.json, `npm run record:kubectl`), so this runs on machines without it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveResource } from '../../src/api/kinds.js';
import { parseCommandLine } from '../../src/cli/dispatch.js';
import { BIN } from '../helpers.js';
import { CORPUS, FILES } from './corpus.js';
import { lineKey, loadKubectlAnswers, normalize, writeFiles, type KubectlAnswer } from './oracle.js';

const answers = new Map(loadKubectlAnswers().answers.map((a) => [lineKey(a), a]));

/** sts's refusals on purpose: a command it does not simulate, or a flag it does not support (the README lists both). */
const refusedOnPurpose = (error: string) => /^error: ("sts [a-z -]+" is not simulated: |sts does not support the --[a-z-]+ flag )/.test(error);

/** The corpus lines sts refuses on purpose, today. A line that starts working must leave this list (the
 *  last test says so), and a new refusal must be added here, deliberately.
 *  When that last test fails, its expected-vs-received diff is the list to paste here. */
const GAPS = new Set<string>([
  'kubectl get -k dir/',
  'kubectl create -f registry.yaml --edit -o json',
  'kubectl apply -k dir/',
  'kubectl apply --prune -f manifest.yaml -l app=nginx',
  'kubectl apply --prune -f manifest.yaml --all --prune-allowlist=core/v1/ConfigMap',
  'kubectl delete -k dir',
  'kubectl delete pods --all --interactive',
  'kubectl edit job.v1.batch/myjob -o json',
  'kubectl edit deployment/mydeployment -o yaml --save-config',
  "kubectl edit deployment mydeployment --subresource='status'",
  'kubectl label pods foo status=unhealthy --resource-version=1',
  "kubectl annotate pods foo description='my frontend running nginx' --resource-version=1",
  'kubectl rollout undo --dry-run=server deployment/abc',
  'kubectl rollout restart deployment --selector=app=nginx',
]);

/** The verbs whose first arguments are TYPE [NAME] or TYPE/NAME, as kubectl's resource builder reads them. */
const RESOURCE_VERBS = ['get', 'describe', 'delete', 'scale', 'label', 'annotate', 'patch', 'edit', 'wait'];

/** What sts understood, in the terms of kubectl's first request. */
function stsReading(path: string, args: string[], opts: Record<string, unknown>, changed: ReadonlySet<string>) {
  const r: { namespace?: string; resource?: string; name?: string; labelSelector?: string; fieldSelector?: string } = {};
  if (changed.has('namespace')) r.namespace = (opts.namespace as string) || 'default';
  if (opts.selector !== undefined) r.labelSelector = opts.selector as string;
  if (opts.fieldSelector !== undefined) r.fieldSelector = opts.fieldSelector as string;
  const verb = path.split(' ')[0];
  const first = args[0];
  if (RESOURCE_VERBS.includes(verb) && first && !opts.filename) {
    const [type, name] = first.includes('/') ? first.split('/') : [first.split(',')[0], args[1]];
    const info = resolveResource(type);
    if (info) {
      r.resource = info.plural;
      if (name !== undefined && !first.includes(',')) r.name = name;
    }
  }
  return r;
}

/** A scratch directory holding the corpus' files, and a cluster file on a manual clock, for the real binary. */
const dir = mkdtempSync(join(tmpdir(), 'sts-corpus-'));
writeFiles(dir, FILES, 'https://127.0.0.1:6443');
const env = { ...process.env, STS_STATE: join(dir, 'state', 'cluster.json'), NO_COLOR: '1' };
spawnSync(process.execPath, [BIN, 'cluster', 'reset', '--clock', 'manual'], { env });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runSts = (a: KubectlAnswer) =>
  spawnSync(process.execPath, [BIN, ...a.argv], { cwd: dir, env, input: a.stdin ?? '', encoding: 'utf8', timeout: 20_000 });

describe('the corpus, line by line', () => {
  for (const line of CORPUS) {
    const a = answers.get(lineKey(line));
    it(`${line.source}: ${line.shell}`, async () => {
      expect(a, 'recorded answer (npm run record:kubectl)').toBeDefined();
      const parsed = await parseCommandLine(line.argv);
      if (!parsed.ok && refusedOnPurpose(parsed.error)) {
        expect(GAPS.has(line.shell), `a refusal not in GAPS: ${parsed.error}`).toBe(true);
        return;
      }
      const verbose = line.argv.some((w) => /^(-v|--v)(=|$)|^-v\d/.test(w));
      if (a!.flagLevel) {
        // kubectl refused before asking the server: sts refuses with the same words
        if (!parsed.ok) expect(`${parsed.error}\n`).toBe(normalize(a!.stderr));
        else {
          const r = runSts(a!);
          expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 1, stderr: normalize(a!.stderr) });
        }
        return;
      }
      expect(parsed.ok ? '' : parsed.error, 'kubectl accepts this line').toBe('');
      if (!parsed.ok || !a!.reading || verbose) return;
      const { path, invocation } = parsed;
      const mine = stsReading(path, invocation.args, invocation.opts, invocation.changed);
      const theirs = a!.reading;
      if (mine.namespace !== undefined && theirs.namespace !== undefined) expect(mine.namespace, 'namespace').toBe(theirs.namespace);
      if (theirs.labelSelector !== undefined && 'selector' in invocation.opts && path !== 'logs')
        expect(mine.labelSelector, 'label selector').toBe(theirs.labelSelector);
      if (theirs.fieldSelector !== undefined && mine.fieldSelector !== undefined)
        expect(mine.fieldSelector, 'field selector').toBe(theirs.fieldSelector);
      if (mine.resource !== undefined && theirs.resource !== undefined) expect(mine.resource, 'resource').toBe(theirs.resource);
      if (mine.name !== undefined && theirs.name !== undefined) expect(mine.name, 'name').toBe(theirs.name);
      if (path === 'get' && theirs.watch) expect(invocation.opts.watch || invocation.opts.watchOnly, 'watch').toBe(true);
      if (theirs.dryRun === 'All' && 'dryRun' in invocation.opts) expect(invocation.opts.dryRun, 'server dry run').toBe('server');
    });
  }
});

describe('the documented gaps', () => {
  it('are all still refused (remove a line from GAPS when sts learns it)', async () => {
    const stillRefused: string[] = [];
    for (const line of CORPUS.filter((l) => GAPS.has(l.shell))) {
      const parsed = await parseCommandLine(line.argv);
      if (!parsed.ok && refusedOnPurpose(parsed.error)) stillRefused.push(line.shell);
    }
    expect(stillRefused.sort()).toEqual([...GAPS].sort());
  });
});
