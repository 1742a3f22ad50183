// `sts exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND…`: run a command in a pod's container, with
// the built-in shell and the pod's real files; kubectl's errors for pods that cannot run it.
import { createInterface } from 'node:readline';
import { CliError } from '../api/errors.js';
import type { Container as ContainerSpec, Json, PodRecord } from '../api/types.js';
import { openContainer } from '../runtime/container.js';
import { Shell, type Io } from '../runtime/shell.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { defaultedContainerNote, podObject } from '../apiserver/pod-object.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { err, io, readAllStdin, setExitCode } from './output.js';
import { attachablePod, objectForArg } from './pod-for-object.js';
import type { Verb } from './verb.js';

export const execVerb: Verb = {
  honours: ['container', 'quiet', 'stdin', 'tty'],
  ignores: ['pod-running-timeout'],
  run: ({ args, opts, argsLenAtDash }) => exec(args, opts, argsLenAtDash >= 0),
};

export interface ExecOpts extends GlobalOpts {
  container?: string;
  quiet?: boolean;
  stdin?: boolean;
  tty?: boolean;
}

export const SHELLS = ['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash', '/usr/bin/bash'];

/** The phase of a pod that has completed (no command goes into it), else undefined. */
export const completedPhase = (p: PodRecord): string | undefined => (p.stage === 'Succeeded' || p.stage === 'Failed' ? p.stage : undefined);

/** What the API server and the kubelet refuse once the container is chosen: a pod with no node yet, or
 *  a container that is not running (the kubelet's findContainer over the runtime's running pods: one
 *  still being created, or an init container that has completed, is not found). */
export function containerRefusal(p: PodRecord, spec: Json, ctr: ContainerSpec): 'no-host' | 'not-running' | undefined {
  if (!p.node) return 'no-host';
  const completedInit = (spec?.initContainers ?? []).some((x: ContainerSpec) => x.name === ctr.name);
  if (p.stage === 'ContainerCreating' || completedInit) return 'not-running';
  return undefined;
}

/** The API server's and the kubelet's words for those refusals (kubectl adds `Error from server (BadRequest): `
 *  to the first, `error: unable to upgrade connection: ` to the second). */
export const noHostMessage = (podName: string) => `pod ${podName} does not have a host assigned`;
export const notRunningMessage = (container: string) => `container not found ("${container}")`;
export const completedMessage = (verb: 'exec into' | 'attach', phase: string) =>
  verb === 'attach'
    ? `cannot attach a container in a completed pod; current phase is ${phase}`
    : `cannot exec into a container in a completed pod; current phase is ${phase}`;

/** The running container a command can go into, or kubectl's error (also cp's, which execs tar):
 *  podcmd.FindOrDefaultContainerByName, then what the API server says about the pod. */
export function target(c: Cluster, ns: string, podName: string, want: string | undefined, quiet = false): Json {
  const p = c.pod(ns, podName);
  if (!p) throw new CliError(`Error from server (NotFound): pods "${podName}" not found`);
  const phase = completedPhase(p);
  if (phase) throw new CliError(`error: ${completedMessage('exec into', phase)}`);
  const { metadata, spec } = podObject(c, p);
  const containers: ContainerSpec[] = spec?.containers ?? [];
  const all: ContainerSpec[] = [...(spec?.initContainers ?? []), ...containers];
  const byName = (name: string) => all.find((x) => x.name === name);
  let ctr = want !== undefined ? byName(want) : byName(metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? '');
  if (want !== undefined && !ctr) throw new CliError(`error: container ${want} not found in pod ${podName}`);
  if (!ctr) {
    ctr = containers[0];
    const note = quiet ? undefined : defaultedContainerNote(spec, ctr.name);
    if (note) err(note);
  }
  const refused = containerRefusal(p, spec, ctr);
  if (refused === 'no-host') throw new CliError(`Error from server (BadRequest): ${noHostMessage(podName)}`);
  if (refused === 'not-running') throw new CliError(`error: unable to upgrade connection: ${notRunningMessage(ctr.name)}`);
  return ctr;
}

/** One line of a terminal session: a fresh shell in the container, at the session's directory. */
export function sessionLine(c: Cluster, path: string, p: PodRecord, ctr: ContainerSpec, cwd: string, line: string): { r: Io; cwd: string } {
  const shell = new Shell(openContainer(c, path, p, ctr));
  shell.cwd = cwd;
  const r = shell.script(line);
  return { r, cwd: shell.cwd };
}

/** The line that ends a terminal session (`exit`, `exit 3`). */
export const endsSession = (line: string): boolean => /^\s*exit\b/.test(line);

function finish(r: Io): void {
  if (r.out) io().stdout.write(r.out);
  if (r.err) io().stderr.write(r.err);
  if (r.code !== 0) {
    err(`command terminated with exit code ${r.code}`);
    setExitCode(r.code);
  }
}

/** A command that is a shell reading its commands from stdin (`sh`, `bash -i`, not `sh -c …`). */
export const isShellSession = (argv: string[]): boolean => SHELLS.includes(argv[0]) && !argv.includes('-c');

/** A terminal session in a pod's container (exec -it, run -it): one command per line, the cluster
 *  unlocked between them, until `exit` or the end of input. Returns the session's exit code. */
export async function terminalSession(opts: ExecOpts, podName: string, prompt: boolean | undefined): Promise<number> {
  const path = statePath(opts.state);
  let cwd = '/';
  const rl = createInterface({ input: io().stdin, output: io().stdout as NodeJS.WritableStream, prompt: prompt ? '# ' : '' });
  // closed however the session ends (a command that fails must not leave stdin held open)
  try {
    rl.prompt();
    for await (const line of rl) {
      const r = await withCluster(opts, (c) => {
        const ns = namespaceOf(opts);
        const ran = sessionLine(c, path, c.pod(ns, podName)!, target(c, ns, podName, opts.container, opts.quiet), cwd, line);
        cwd = ran.cwd;
        return ran.r;
      });
      if (r.out) io().stdout.write(r.out);
      if (r.err) io().stderr.write(r.err);
      if (endsSession(line)) return r.code;
      rl.prompt();
    }
    return 0;
  } finally {
    rl.close();
  }
}

export async function exec(args: string[], opts: ExecOpts, dashed: boolean): Promise<void> {
  if (!args.length)
    throw new CliError(
      "error: expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command",
      'exec',
    );
  if (!dashed && args.length > 1)
    throw new CliError('error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead', 'exec');
  const argv = args.slice(1);
  if (!argv.length) throw new CliError('error: you must specify at least one command for the container');
  const path = statePath(opts.state);
  const interactiveShell = opts.stdin && isShellSession(argv);

  if (interactiveShell && io().stdin.isTTY) {
    const podName = await withCluster(opts, (c) => attachablePod(c, objectForArg(c, args[0], namespaceOf(opts))).metadata.name);
    const code = await terminalSession(opts, podName, opts.tty);
    if (code) finish({ out: '', err: '', code });
    return;
  }

  const input = opts.stdin ? await readAllStdin() : '';
  const r = await withCluster(opts, (c) => {
    const ns = namespaceOf(opts);
    const podName = attachablePod(c, objectForArg(c, args[0], ns)).metadata.name;
    const shell = new Shell(openContainer(c, path, c.pod(ns, podName) ?? ({} as never), target(c, ns, podName, opts.container, opts.quiet)));
    return interactiveShell ? shell.script(input) : shell.exec(argv, input);
  });
  finish(r);
}
