// `sts logs POD [-c C] [--tail N] [-f] [--previous]`.
import { CliError } from '../api/errors.js';
import { containerLog } from '../exec/logs.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { podContainers } from '../store/pod-object.js';
import { withCluster, type GlobalOpts } from './context.js';
import { err, out } from './output.js';
import type { Verb } from './verb.js';

export const logsVerb: Verb = {
  honours: ['container', 'follow', 'previous', 'tail'],
  ignores: ['insecure-skip-tls-verify-backend', 'max-log-requests', 'pod-running-timeout'],
  run: ({ args, opts }) => logs(args, opts),
};

export interface LogsOpts extends GlobalOpts {
  container?: string;
  tail?: number;
  follow?: boolean;
  previous?: boolean;
}

function read(c: Cluster, path: string, ns: string, name: string, opts: LogsOpts, quiet: boolean): string[] {
  const p = c.pod(ns, name);
  if (!p) throw new CliError(`Error from server (NotFound): pods "${name}" not found`);
  const containers = podContainers(c, p);
  let ctr = containers[0];
  if (opts.container !== undefined) {
    ctr = containers.find((x) => x.name === opts.container);
    if (!ctr) throw new CliError(`Error from server (BadRequest): container ${opts.container} is not valid for pod ${name}`);
  } else if (containers.length > 1 && !quiet) err(`Defaulted container "${ctr.name}" out of: ${containers.map((x) => x.name).join(', ')}`);
  if (opts.previous) {
    if (!p.rs && p.lt === undefined) throw new CliError(`Error from server (BadRequest): previous terminated container "${ctr.name}" in pod "${name}" not found`);
    return containerLog(path, p, ctr, true);
  }
  if (p.ru === undefined) {
    const why = p.w ?? (p.node ? 'ContainerCreating' : undefined);
    if (!why) throw new CliError(`Error from server (BadRequest): container "${ctr.name}" in pod "${name}" is waiting to start: PodInitializing`);
    throw new CliError(`Error from server (BadRequest): container "${ctr.name}" in pod "${name}" is waiting to start: ${why}`);
  }
  return containerLog(path, p, ctr, false);
}

export async function logs(args: string[], opts: LogsOpts): Promise<void> {
  if (args.length !== 1) throw new CliError(args.length ? 'error: sts logs takes one pod' : "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command", 'logs');
  const name = args[0].replace(/^(pods?|po)\//, '');
  const ns = opts.namespace || 'default';
  const path = statePath(opts.state);
  const tail = opts.tail ?? -1;
  let shown = await withCluster(opts, (c) => read(c, path, ns, name, opts, false));
  out((tail >= 0 ? shown.slice(Math.max(0, shown.length - tail)) : shown).map((l) => `${l}\n`).join(''));
  if (!opts.follow) return;
  // -f: print what is added, until interrupted (or the pod goes).
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    let now: string[];
    try {
      now = await withCluster(opts, (c) => read(c, path, ns, name, opts, true));
    } catch {
      return;
    }
    const fresh = now.slice(0, shown.length).join('\n') === shown.join('\n') ? now.slice(shown.length) : now;
    if (fresh.length) out(fresh.map((l) => `${l}\n`).join(''));
    shown = now;
  }
}
