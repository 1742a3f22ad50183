// The real kubectl 1.33 against `sts serve`: a rolling update of the tutorial's web set and the commands
// around it (set image, rollout status/history/undo/restart, patch of each type, the scale subresource,
// label, annotate, get -w, wait, server-side apply), compared with `sts` on the same cluster at the same
// instant (compare.ts: reads on the served cluster, changes on a twin copied just before).
//
// On a manual clock kubectl's `rollout status` and `get -w` wait for the clock: the test starts them and
// moves the clock itself. `sts rollout status` moves a manual clock on its own; its whole output is
// compared with kubectl's for the same progression. `rollout history` and the Tables are built from the
// server's objects, not from kubectl's wall clock, and are not normalized; describe's Events "Age" column
// is (kubectl ages events from its own wall clock: compare.ts).
//
// `it.fails(...)`: a known difference, with what differs; each is a to-do on one side.
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Result, Sts, until, webCluster } from '../helpers.js';
import { change, normalizeEventAges, type Pair, read, record, shown, stopServed, twin } from './compare.js';
import { KUBECTL, NO_KUBECTL, Served } from './served.js';

// soft: a test goes on after a difference, so the log (STS_SERVE_DIFF_LOG) has every one
const same = (pair: Pair) => expect.soft(shown(pair.kubectl, pair.normalize)).toEqual(shown(pair.sts, pair.normalize));
const IMAGE = 'registry.k8s.io/nginx-slim:0.9';

/**
 * `rollout status` through kubectl, the clock moved a second at a time until it ends; and `sts rollout
 * status` on a twin taken before, which moves its own clock through the same progression.
 */
async function rolloutStatus(served: Served, args: string[]): Promise<Pair> {
  const copy = twin(served.sts);
  const stsResult = copy.run(args);
  copy.cleanup();
  const k = served.kubectlStart(args);
  let kubectl: Result | undefined;
  for (let i = 0; i < 120 && k.child.exitCode === null; i++) {
    const printed = k.stdout.length;
    // let kubectl take in what the last second changed before the next one
    await until(() => k.stdout.length > printed || k.child.exitCode !== null, 'kubectl rollout status', 300).catch(() => undefined);
    served.sts.ok('clock advance 1s');
  }
  if (k.child.exitCode === null) kubectl = { ...(await k.stop()), stderr: `${k.stderr}(still waiting: stopped by the test)\n` };
  else kubectl = await k.done;
  return record(args.join(' '), { kubectl, sts: stsResult });
}

describe.skipIf(!KUBECTL)(`a rollout through kubectl${KUBECTL ? '' : ` (${NO_KUBECTL})`}`, () => {
  let sts: Sts;
  let served: Served;
  beforeAll(async () => {
    sts = webCluster();
    served = await Served.start(sts);
  });
  afterAll(async () => {
    await stopServed(served);
    sts?.cleanup();
  });

  it('set image sts/web nginx=…:0.9', () => {
    same(change(served, `set image sts/web nginx=${IMAGE}`));
    same(read(served, 'get pods'));
  });

  it('rollout status sts/web follows the rolling update to its end', async () => {
    same(await rolloutStatus(served, ['rollout', 'status', 'sts/web']));
    same(read(served, 'get pods'));
    same(read(served, 'rollout status sts/web'));
    same(read(served, 'get sts web -o wide'));
  });

  it('rollout history, and revision 2 in full', () => {
    same(read(served, 'rollout history sts/web'));
    same(read(served, 'rollout history sts/web --revision=2'));
    same(read(served, 'rollout history sts/web --revision=1'));
    same(read(served, 'rollout history sts/web --revision=7'));
    same(read(served, 'get controllerrevisions'));
  });

  // (kubectl 1.33 prints no last-applied warning on undo; neither does sts)
  it('rollout undo back to 0.21', async () => {
    same(change(served, 'rollout undo sts/web'));
    same(await rolloutStatus(served, ['rollout', 'status', 'sts/web']));
    same(read(served, 'rollout history sts/web'));
    same(read(served, ['get', 'sts', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']));
  });

  it('rollout restart', async () => {
    same(change(served, 'rollout restart sts/web'));
    same(await rolloutStatus(served, ['rollout', 'status', 'sts/web']));
    same(read(served, 'get pods'));
    same(read(served, 'rollout history sts/web'));
    same(read(served, 'rollout status sts/web --watch=false'));
    same(read(served, 'describe sts web', normalizeEventAges));
  });

  it('patch --type=strategic, merge, json; a patch that changes nothing', () => {
    same(change(served, ['patch', 'sts', 'web', '-p', '{"metadata":{"labels":{"tier":"web"}}}']));
    same(
      change(served, [
        'patch',
        'sts',
        'web',
        '--type=strategic',
        '-p',
        '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"registry.k8s.io/nginx-slim:0.21"}]}}}}',
      ]),
    );
    same(change(served, ['patch', 'sts', 'web', '--type=merge', '-p', '{"spec":{"replicas":3}}']));
    same(change(served, ['patch', 'sts', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]']));
    same(change(served, ['patch', 'sts', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/nope/x","value":2}]']));
    same(change(served, ['patch', 'pod', 'web-0', '-p', '{"metadata":{"labels":{"x":"y"}}}', '-o', 'name']));
    same(change(served, ['patch', 'sts', 'web', '--type=merge', '-p', '{"spec":{"replicas":-1}}']));
  });

  // sts: 'error: sts does not support the --subresource flag of "patch"'; kubectl: scale.autoscaling/web patched
  it('patch --subresource=scale', () => {
    same(change(served, ['patch', 'sts', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":3}}']));
    same(change(served, ['patch', 'sts', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":2}}', '-o', 'yaml']));
    same(read(served, 'get sts web --subresource=scale -o yaml'));
    same(read(served, 'get sts web --subresource=status -o jsonpath={.status.replicas}'));
  });

  // a real server's ScaleREST.ConvertToTable gives printers.go printScale's NAME DESIRED AVAILABLE AGE
  it('get --subresource=scale as a table', () => {
    same(read(served, 'get sts web --subresource=scale'));
  });

  it('label and annotate: add, refuse to overwrite, overwrite, remove', () => {
    same(change(served, 'label sts web tier=frontend'));
    same(change(served, 'label sts web tier=backend --overwrite'));
    same(change(served, 'label pod web-0 tier=cache'));
    same(change(served, 'label pod web-0 tier=other'));
    same(change(served, 'label pods --all canary=true'));
    same(change(served, 'annotate sts web note=hello'));
    same(change(served, 'annotate sts web note=bye'));
    same(change(served, 'annotate sts web note-'));
    same(read(served, 'get sts web --show-labels'));
    same(read(served, 'get pods -L canary'));
  });

  it('wait --for=condition=Ready pod/web-0, and for a jsonpath', () => {
    sts.ok('clock settle');
    same(read(served, 'wait --for=condition=Ready pod/web-0'));
    same(read(served, ['wait', '--for=jsonpath={.status.readyReplicas}=2', 'sts/web']));
    same(read(served, 'wait --for=condition=Ready pod/nope --timeout=1s'));
  });

  it('get -w: the rows of a pod deleted and replaced', async () => {
    const k = served.kubectlStart(['get', 'pods', '-w']);
    const s = sts.start(['get', 'pods', '-w']);
    try {
      await k.output((out) => out.includes('web-1'), 15_000);
      await s.output((out) => out.includes('web-1'), 15_000);
      await s.registered();
      sts.ok('delete pod web-1 --wait=false');
      for (let i = 0; i < 12; i++) {
        await new Promise((r) => setTimeout(r, 150));
        sts.ok('clock advance 1s');
      }
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      const kr = await k.stop();
      const sr = await s.stop();
      // both were stopped by a signal: only what they printed is compared
      same(record('get pods -w', { kubectl: { ...kr, code: 0 }, sts: { ...sr, code: 0 } }));
      if (process.env.STS_SERVE_DIFF_LOG) appendFileSync(process.env.STS_SERVE_DIFF_LOG, `=== kubectl get pods -w printed:\n${kr.stdout}\n`);
      // the header, three pods, and rows for web-1 going and coming back
      expect(kr.stdout.trim().split('\n').length).toBeGreaterThan(5);
    }
  });

  it('apply --server-side', () => {
    same(change(served, 'apply --server-side -f fixtures/web/web.yaml'));
    same(change(served, 'apply --server-side --field-manager=other -f fixtures/web/web.yaml'));
    same(read(served, 'get sts web -o yaml --show-managed-fields'));
  });
});
