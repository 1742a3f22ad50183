// `sts run NAME --image=IMAGE [-i [-t]] [--rm] [--restart=…] [-- COMMAND…]`: kubectl's run-pod/v1
// generator (generate/versioned/run.go) and RunOptions.Run (pkg/cmd/run/run.go): create the pod, or,
// attached, wait for it to be Ready, run the command in it with the built-in shell, and delete it (--rm).
import { kindInfo } from '../api/kinds.js';
import { CliError, notFound, timedOutWaiting } from '../api/errors.js';
import { jsonMerge } from '../api/patch.js';
import type { Json, KObject } from '../api/types.js';
import { parseDuration } from '../controller/clock.js';
import { advance } from '../controller/simulate.js';
import { deletedRef, printerFor } from '../print/printer.js';
import { openContainer } from '../runtime/container.js';
import { mainExited, SHELL_IMAGES } from '../runtime/main-process.js';
import { Shell } from '../runtime/shell.js';
import type { Io } from '../runtime/shell.js';
import { admit, createObject } from '../apiserver/objects.js';
import { deletePod } from '../apiserver/delete.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { nsChoice, withCluster, type GlobalOpts } from './context.js';
import { parseDryRun } from './dry-run.js';
import { isShellSession, target, terminalSession } from './exec.js';
import { delay, err, io, out, readAllStdin, setExitCode } from './output.js';
import type { Verb } from './verb.js';

export const runVerb: Verb = {
  honours: [
    'annotations',
    'attach',
    'command',
    'dry-run',
    'env',
    'image',
    'image-pull-policy',
    'labels',
    'leave-stdin-open',
    'output',
    'override-type',
    'overrides',
    'pod-running-timeout',
    'port',
    'privileged',
    'quiet',
    'restart',
    'rm',
    'stdin',
    'tty',
  ],
  ignores: ['cascade', 'field-manager', 'filename', 'force', 'grace-period', 'kustomize', 'record', 'recursive', 'save-config', 'timeout', 'wait'],
  required: ['image'],
  run: ({ args, opts, changed }) => run(args, opts as RunOpts, changed),
};

export interface RunOpts extends GlobalOpts {
  image?: string;
  imagePullPolicy?: string;
  annotations?: string[];
  env?: string[];
  labels?: string;
  port?: string;
  restart?: string;
  rm?: boolean;
  stdin?: boolean;
  tty?: boolean;
  attach?: boolean;
  command?: boolean;
  leaveStdinOpen?: boolean;
  privileged?: boolean;
  quiet?: boolean;
  dryRun?: string;
  output?: string;
  overrides?: string;
  overrideType?: string;
  podRunningTimeout?: string;
}

/** distribution/reference's ReferenceRegexp: [domain/]path[:tag][@digest] */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const IMAGE_REF = new RegExp(
  `^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:.]+\\](?::[0-9]+)?)/)?` +
    `${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,})?$`,
);

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['', 'Always', 'IfNotPresent', 'Never'];

const usageError = (msg: string) => new CliError(`error: ${msg}`, 'run');

/** generate.ParseLabels: `k=v,k2=v2`, each exactly one `=`. */
function parseLabels(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const kv = pair.split('=');
    if (kv.length !== 2) throw new CliError(`error: unexpected label spec: ${pair}`);
    labels[kv[0]] = kv[1];
  }
  return labels;
}

/** The annotations' `k=v` list, as the generator reads it (first `=` splits). */
function parseAnnotations(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list) {
    const i = a.indexOf('=');
    if (i <= 0) throw new CliError(`error: invalid annotation spec: ${a}`);
    out[a.slice(0, i)] = a.slice(i + 1);
  }
  return out;
}

/** generate/versioned's parseEnvs. */
function parseEnvs(list: string[]): Json[] {
  return list.map((e) => {
    const i = e.indexOf('=');
    if (i <= 0) throw new CliError(`error: invalid env: ${e}`);
    return { name: e.slice(0, i), value: e.slice(i + 1) };
  });
}

/** The pod kubectl's run-pod/v1 generator makes, in Go's field order (what -o json shows). */
function generatePod(name: string, rest: string[], opts: RunOpts, namespace?: string): KObject {
  const labels = opts.labels ? parseLabels(opts.labels) : { run: name };
  const annotations = opts.annotations?.length ? parseAnnotations(opts.annotations) : undefined;
  const env = opts.env?.length ? parseEnvs(opts.env) : undefined;
  let port: number | undefined;
  if (opts.port) {
    if (!/^[+-]?\d+$/.test(opts.port)) throw new CliError(`error: strconv.Atoi: parsing "${opts.port}": invalid syntax`);
    port = Number(opts.port);
  }
  const container: Json = { name, image: opts.image };
  if (rest.length) container[opts.command ? 'command' : 'args'] = rest;
  if (port !== undefined && port > 0) container.ports = [{ containerPort: port }];
  if (env) container.env = env;
  container.resources = {};
  if (opts.imagePullPolicy) container.imagePullPolicy = opts.imagePullPolicy;
  if (opts.privileged) container.securityContext = { privileged: true };
  if (opts.stdin) {
    container.stdin = true;
    if (!opts.leaveStdinOpen) container.stdinOnce = true;
  }
  if (opts.tty) container.tty = true;
  const pod: Json = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: null, labels, ...(annotations ? { annotations } : {}) },
    spec: { containers: [container], restartPolicy: opts.restart ?? 'Always', dnsPolicy: 'ClusterFirst' },
    status: {},
  };
  return pod as KObject;
}

/** cmdutil.Overrider: --overrides as a JSON merge patch (the default --override-type). */
function override(pod: KObject, opts: RunOpts): KObject {
  if (!opts.overrides) return pod;
  if (opts.overrideType && opts.overrideType !== 'merge')
    throw new CliError(`error: sts supports only --override-type=merge (the default), not ${JSON.stringify(opts.overrideType)}`);
  let patch: Json;
  try {
    patch = JSON.parse(opts.overrides);
  } catch {
    throw new CliError('error: Invalid JSON Patch');
  }
  return jsonMerge(pod, patch) as KObject;
}

export async function run(args: string[], opts: RunOpts, changed: ReadonlySet<string>): Promise<void> {
  // RunOptions.Validate, in its order
  const dryRun = parseDryRun(opts.dryRun);
  if (!args.length) throw usageError('NAME is required for run');
  const [name, ...rest] = args;
  const image = opts.image ?? '';
  if (!image) throw usageError('--image is required');
  if (!IMAGE_REF.test(image)) throw new CliError(`error: Invalid image name "${image}": invalid reference format`);
  if (opts.tty && !opts.stdin) throw usageError('-i/--stdin is required for containers with -t/--tty=true');
  const restart = opts.restart ?? 'Always';
  if (!RESTART_POLICIES.includes(restart)) throw usageError(`invalid restart policy: ${restart}`);
  const attach = !!opts.attach || (!!opts.stdin && !changed.has('attach'));
  if (!attach && opts.rm) throw usageError('--rm should only be used for attached containers');
  if (attach && dryRun !== 'none')
    throw usageError("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  if (!PULL_POLICIES.includes(opts.imagePullPolicy ?? '')) throw usageError(`invalid image pull policy: ${opts.imagePullPolicy}`);
  const timeout = parseDuration(opts.podRunningTimeout ?? '1m0s') ?? 60_000;
  const pod = override(generatePod(name, rest, { ...opts, restart }, changed.has('namespace') ? opts.namespace : undefined), opts);
  const printer = printerFor({ output: opts.output, operation: 'created', dryRun, typed: dryRun === 'client' }); // kubectl built it: JSON in struct order
  if (dryRun === 'client') return out(printer.print([pod]));
  // what runs when attached: the command given, else the image's shell (SHELL_IMAGES: no entrypoint, CMD sh)
  const argv = rest.length ? rest : SHELL_IMAGES.test(image) ? ['sh'] : undefined;
  if (attach && !argv)
    throw new CliError(
      `error: sts cannot attach to the default process of image "${image}"; give the command to run: sts run ${name} --image=${image} -i --rm -- sh`,
    );

  const created = await withCluster(opts, (c) => createObject(c, admit(c, pod, nsChoice(opts), 'command line')), false, dryRun !== 'none');
  if (!attach) return out(printer.print([created]));
  const ns = created.metadata.namespace!;
  await waitUntilReady(opts, ns, name, timeout);

  // the attached command is the pod's process: unless the pod restarts Always, its end is the pod's
  const ended = (c: Cluster, code: number) => {
    const p = c.pod(ns, name);
    if (restart !== 'Always' && p?.uid === created.metadata.uid) mainExited(c, p, code);
  };
  let code: number;
  if (opts.stdin && isShellSession(argv!) && io().stdin.isTTY) {
    if (opts.tty && !opts.quiet) err("If you don't see a command prompt, try pressing enter.");
    code = await terminalSession(opts, name, opts.tty);
    const status = code;
    await withCluster(opts, (c) => ended(c, status));
  } else {
    const input = opts.stdin ? await readAllStdin() : '';
    const path = statePath(opts.state);
    const r: Io = await withCluster(opts, (c) => {
      const shell = new Shell(openContainer(c, path, c.pod(ns, name)!, target(c, ns, name, undefined, true)));
      const r = opts.stdin && isShellSession(argv!) ? shell.script(input) : shell.exec(argv!, input);
      ended(c, r.code);
      return r;
    });
    if (r.out) io().stdout.write(r.out);
    if (r.err) io().stderr.write(r.err);
    code = r.code;
  }
  // RunOptions.removeCreatedObjects, deferred: before the exit code is reported
  if (opts.rm) {
    const deleted = await withCluster(opts, (c) => {
      const p = c.pod(ns, name);
      return !!p && p.uid === created.metadata.uid && deletePod(c, p);
    });
    if (deleted) out(printerFor({ deletion: true, operation: 'deleted' }).print([deletedRef('Pod', name)]));
  }
  const waitsForExit = !opts.leaveStdinOpen && (restart === 'Never' || restart === 'OnFailure');
  if (waitsForExit && code !== 0) {
    err(`pod ${ns}/${name} terminated (Error)`);
    setExitCode(code);
  }
}

/** handleAttachPod's waitForPod(podRunningAndReady): on a manual clock time moves a second at a time. */
async function waitUntilReady(opts: GlobalOpts, ns: string, name: string, timeoutMs: number): Promise<void> {
  const state = (c: Cluster) => {
    const p = c.pod(ns, name);
    if (!p) throw notFound(kindInfo('Pod')!, name);
    return p.stage;
  };
  const ready = await withCluster(
    opts,
    (c) => {
      if (state(c) === 'Ready' || c.file.clock.mode !== 'manual') return state(c) === 'Ready';
      const start = c.now;
      while (c.now < start + timeoutMs) {
        const { idle } = advance(c, Math.min(c.now + 1000, start + timeoutMs));
        if (state(c) === 'Ready') return true;
        if (idle && !c.dirtySets.size) break;
      }
      throw timedOutWaiting();
    },
    true,
  );
  if (ready) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await delay(200);
    if ((await withCluster(opts, state)) === 'Ready') return;
    if (Date.now() > deadline) throw timedOutWaiting();
  }
}
