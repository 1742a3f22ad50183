// The real kubectl 1.33's `drain` against `sts serve` (cordon, the eviction subresource, the
// PodDisruptionBudget's refusals and kubectl's retries), compared with `sts drain` on a twin of the same
// cluster: kubectl waits on the server's manual clock, which the test moves a second at a time; `sts
// drain` moves its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Result, Sts, until, webCluster } from '../helpers.js';
import { read, record, shown, stopServed, twin, type Pair } from './compare.js';
import { KUBECTL, NO_KUBECTL, Served } from './served.js';

const same = (pair: Pair) => expect(shown(pair.kubectl, pair.normalize)).toEqual(shown(pair.sts, pair.normalize));

/** Run `args` through kubectl (the clock moved a second at a time until it ends) and through sts on a twin. */
async function both(served: Served, args: string[]): Promise<Pair> {
  const copy = twin(served.sts);
  const stsResult = copy.run(args);
  copy.cleanup();
  const k = served.kubectlStart(args);
  for (let i = 0; i < 120 && k.child.exitCode === null; i++) {
    const printed = k.stdout.length + k.stderr.length;
    await until(() => k.stdout.length + k.stderr.length > printed || k.child.exitCode !== null, 'kubectl', 300).catch(() => undefined);
    served.sts.ok('clock advance 1s');
  }
  const kubectl: Result = k.child.exitCode === null ? await k.stop() : await k.done;
  return record(args.join(' '), { kubectl, sts: stsResult });
}

describe.skipIf(!KUBECTL)(`drain through kubectl${KUBECTL ? '' : ` (${NO_KUBECTL})`}`, () => {
  let sts: Sts;
  let served: Served;
  beforeAll(async () => {
    sts = webCluster();
    sts.ok('create pdb web --selector=app=nginx --max-unavailable=1');
    sts.ok('clock advance 5s');
    served = await Served.start(sts);
  });
  afterAll(async () => {
    await stopServed(served);
    sts?.cleanup();
  });

  it('drains the node of web-0: cordon, evict, the pod comes back elsewhere', async () => {
    const node = sts.ok(['get', 'pod', 'web-0', '-o', 'jsonpath={.spec.nodeName}']);
    same(await both(served, ['drain', node, '--ignore-daemonsets']));
    same(read(served, 'get nodes'));
    same(read(served, 'get pdb'));
  });

  it('uncordons it', async () => {
    const node = sts.ok(['get', 'nodes', '-o', 'jsonpath={.items[?(@.spec.unschedulable==true)].metadata.name}']);
    same(await both(served, ['uncordon', node]));
  });
});
