// `sts exec POD [-c CONTAINER] [-i] [-t] -- COMMAND…`: run a command in a pod's container, with
// the built-in shell and the pod's real files; kubectl's errors for pods that cannot run it.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliError } from '../api/errors.js';
import type { Json } from '../api/types.js';
import { openContainer } from '../exec/container.js';
import { Shell, type Io } from '../exec/shell.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { podContainers } from '../store/pod-object.js';
import { withCluster, type GlobalOpts } from './context.js';
import { err } from './output.js';
import type { Verb } from './verb.js';

export const execVerb: Verb = {
  honours: ['container', 'stdin', 'tty'],
  ignores: ['pod-running-timeout', 'quiet'],
  run: ({ args, opts, argsLenAtDash }) => exec(args, opts, argsLenAtDash >= 0),
};

export interface ExecOpts extends GlobalOpts {
  container?: string;
  stdin?: boolean;
  tty?: boolean;
}

const SHELLS = ['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash', '/usr/bin/bash'];

/** The running container a command can go into, or kubectl's error. */
function target(c: Cluster, ns: string, podName: string, want: string | undefined): Json {
  const p = c.pod(ns, podName);
  if (!p) throw new CliError(`Error from server (NotFound): pods "${podName}" not found`);
  if (p.st === 'Succeeded' || p.st === 'Failed') throw new CliError(`error: cannot exec into a container in a completed pod; current phase is ${p.st}`);
  const containers = podContainers(c, p);
  let ctr = containers[0];
  if (want !== undefined) {
    ctr = containers.find((x) => x.name === want);
    if (!ctr) throw new CliError(`Error from server (BadRequest): container ${want} is not valid for pod ${podName}`);
  } else if (containers.length > 1) err(`Defaulted container "${ctr.name}" out of: ${containers.map((x) => x.name).join(', ')}`);
  if (!p.node) throw new CliError(`Error from server (BadRequest): pod ${podName} does not have a host assigned`);
  if (p.st === 'ContainerCreating') throw new CliError(`error: unable to upgrade connection: container not found ("${ctr.name}")`);
  return ctr;
}

function finish(r: Io): void {
  if (r.out) process.stdout.write(r.out);
  if (r.err) process.stderr.write(r.err);
  if (r.code !== 0) {
    err(`command terminated with exit code ${r.code}`);
    process.exitCode = r.code;
  }
}

export async function exec(args: string[], opts: ExecOpts, dashed: boolean): Promise<void> {
  if (!args.length)
    throw new CliError("error: expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command", 'exec');
  if (!dashed && args.length > 1) throw new CliError('error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead', 'exec');
  const podName = args[0].replace(/^(pods?|po)\//, '');
  const argv = args.slice(1);
  if (!argv.length) throw new CliError('error: you must specify at least one command for the container', 'exec');
  const ns = opts.namespace || 'default';
  const path = statePath(opts.state);
  const interactiveShell = opts.stdin && SHELLS.includes(argv[0]) && !argv.includes('-c');

  if (interactiveShell && process.stdin.isTTY) {
    // A terminal session: one command per line, the cluster unlocked between them.
    let cwd = '/';
    const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: opts.tty ? '# ' : '' });
    rl.prompt();
    for await (const line of rl) {
      const r = await withCluster(opts, (c) => {
        const shell = new Shell(openContainer(c, path, c.pod(ns, podName)!, target(c, ns, podName, opts.container)));
        shell.cwd = cwd;
        const res = shell.script(line);
        cwd = shell.cwd;
        return res;
      });
      if (r.out) process.stdout.write(r.out);
      if (r.err) process.stderr.write(r.err);
      if (/^\s*exit\b/.test(line)) {
        rl.close();
        if (r.code) finish({ out: '', err: '', code: r.code });
        return;
      }
      rl.prompt();
    }
    return;
  }

  const input = opts.stdin ? readFileSync(0, 'utf8') : '';
  const r = await withCluster(opts, (c) => {
    const shell = new Shell(openContainer(c, path, c.pod(ns, podName) ?? ({} as never), target(c, ns, podName, opts.container)));
    return interactiveShell ? shell.script(input) : shell.exec(argv, input);
  });
  finish(r);
}
