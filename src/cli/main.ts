// The `sts` command line: verbs and flags (kubectl's names), each verb's code loaded only when used.
import { Command, CommanderError, Option } from 'commander';
import type { GlobalOpts } from './context.js';
import { err, runCommand } from './output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** kubectl accepts `--flag=true|false` for booleans; commander wants `--flag`, nothing, or `--no-flag`. */
const NEGATABLE = ['--watch'];
const BOOLEAN_FLAGS = [...NEGATABLE, '--follow', '--previous', '--overwrite', '--wait', '--show-labels', '--all', '--all-namespaces', '--show-kind', '--force', '--now', '--ignore-not-found', '--recursive', '--no-headers', '--default'];
function normalizeArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const m = /^(--[a-z-]+)=(true|false)$/.exec(a);
    if (m && BOOLEAN_FLAGS.includes(m[1])) {
      if (m[2] === 'true') out.push(m[1]);
      else if (NEGATABLE.includes(m[1])) out.push(`--no-${m[1].slice(2)}`);
      continue;
    }
    out.push(a);
  }
  return out;
}

/** Wrap a lazily imported verb so errors print kubectl-style and set the exit code. */
const lazy =
  <T extends unknown[]>(fn: (...a: T) => Promise<void>) =>
  (...a: T) =>
    runCommand(() => fn(...a));

const globals = (cmd: Command) => cmd.optsWithGlobals() as GlobalOpts & Record<string, never>;

export async function main(argv: string[]): Promise<void> {
  const program = new Command('sts')
    .description('kubectl for StatefulSets, on a simulated cluster that lives in one file')
    .version('0.1.0', '--sts-version', 'print the sts version')
    .option('--state <file>', 'cluster file (default: $STS_STATE or ~/.sts/cluster.json)')
    .option('-n, --namespace <namespace>', 'namespace for this request')
    .option('--no-color', 'never colour the output')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => {
        // commander's `error: unknown option '--x'` → kubectl's `error: unknown flag: --x`
        const m = /^error: unknown option '([^']+)'/.exec(s);
        process.stderr.write(m ? `error: unknown flag: ${m[1]}\n` : s);
      },
    });

  program
    .command('get')
    .description('Display one or many resources')
    .argument('[resources...]', 'TYPE [NAME...], TYPE/NAME..., TYPE1,TYPE2, or all')
    .option('-o, --output <format>', 'output format: wide, yaml, json, name')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-l, --selector <selector>', "label selector (e.g. -l app=nginx,tier!=db)")
    .option('--field-selector <selector>', 'field selector (e.g. status.phase=Running, involvedObject.name=web-0)')
    .option('--sort-by <jsonpath>', 'sort by a field (e.g. .metadata.creationTimestamp)')
    .option('--show-labels', 'show all labels as the last column')
    .option('--show-kind', 'prefix names with their kind')
    .option('-L, --label-columns <keys>', 'a column for each of these label keys (repeatable, or comma-separated)', collect)
    .option('--chunk-size <n>', 'accepted for kubectl scripts: sts lists everything in one piece')
    .option('--no-headers', 'do not print headers')
    .option('-w, --watch', 'after listing, print a row for every change')
    .option('--watch-only', 'print a row for every change, without listing first')
    .option('--output-watch-events', 'with --watch: an EVENT column (ADDED, MODIFIED, DELETED)')
    .option('--request-timeout <duration>', 'with --watch: stop after this long (wall time)')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./get.js')).get(args, globals(cmd))));

  const writeOpts = (c: Command) =>
    c
      .option('--dry-run [strategy]', 'client or server: check and show, change nothing')
      .option('-o, --output <format>', 'name, yaml or json: print the objects instead of the message')
      .option('-f, --filename <file>', 'manifest file, directory or - for stdin (repeatable)', collect)
      .option('-R, --recursive', 'process the directory used in -f recursively')
      .option('--wait', 'wait until the StatefulSets affected have converged')
      .option('--timeout <duration>', 'how long --wait waits (cluster time on a manual clock)');

  writeOpts(
    program
      .command('create')
      .description('Create resources from files or stdin (or: create namespace NAME, create storageclass NAME)')
      .argument('[args...]')
      .option('--provisioner <name>', 'create storageclass: provisioner (default sts.dev/disk: formatted disks)')
      .option('--reclaim-policy <policy>', 'create storageclass: Delete or Retain')
      .option('--volume-binding-mode <mode>', 'create storageclass: Immediate or WaitForFirstConsumer')
      .option('--default', 'create storageclass: mark it the default class'),
  ).action(lazy(async (args: string[], _o, cmd: Command) => (await import('./create.js')).create(args, globals(cmd))));

  writeOpts(program.command('apply').description('Apply a configuration to resources by file or stdin')).action(
    lazy(async (_o, cmd: Command) => (await import('./apply.js')).apply(globals(cmd))),
  );

  writeOpts(
    program
      .command('scale')
      .description('Set a new size for a StatefulSet')
      .argument('[resources...]', 'sts NAME, sts/NAME or statefulset.apps/NAME')
      .addOption(new Option('--replicas <count>', 'the new number of replicas'))
      .option('--current-replicas <count>', 'precondition: the current size must be this')
      .option('-l, --selector <selector>', 'label selector')
      .option('--all', 'every resource of the type'),
  ).action(lazy(async (args: string[], _o, cmd: Command) => (await import('./scale.js')).scale(args, globals(cmd))));

  writeOpts(
    program
      .command('delete')
      .description('Delete resources by name, by file, by label selector or --all')
      .argument('[resources...]')
      .option('--all', 'delete every resource of the type in the namespace')
      .option('-l, --selector <selector>', 'label selector')
      .option('--cascade <mode>', 'background (default), foreground or orphan')
      .option('--grace-period <seconds>', 'seconds a pod gets to terminate (-1: its own)')
      .option('--force', 'with --grace-period=0: remove at once')
      .option('--now', 'terminate pods immediately (grace period 1)')
      .option('--ignore-not-found', 'treat a missing resource as deleted'),
  ).action(lazy(async (args: string[], _o, cmd: Command) => (await import('./delete.js')).del(args, globals(cmd))));

  program
    .command('describe')
    .description('Show details of a resource or group of resources')
    .argument('[resources...]')
    .option('-l, --selector <selector>', 'label selector')
    .option('-A, --all-namespaces', 'across all namespaces')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./describe.js')).describe(args, globals(cmd))));

  program
    .command('patch')
    .description('Update fields of a resource with a strategic merge, JSON merge or JSON patch')
    .argument('[resources...]', 'TYPE NAME or TYPE/NAME')
    .option('-p, --patch <patch>', 'the patch (JSON or YAML)')
    .option('--patch-file <file>', 'read the patch from a file')
    .option('--type <type>', 'strategic (default), merge or json')
    .option('--dry-run [strategy]', 'client or server: check and show, change nothing')
    .option('-o, --output <format>', 'name, yaml or json: print the object instead of the message')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./patch.js')).patch(args, globals(cmd))));

  for (const [verb, field] of [
    ['label', 'labels'],
    ['annotate', 'annotations'],
  ] as const)
    program
      .command(verb)
      .description(`${verb === 'label' ? 'Update the labels' : 'Update the annotations'} on resources: KEY=VALUE, or KEY- to remove`)
      .argument('[args...]', 'TYPE NAME | TYPE/NAME …, then KEY=VALUE … KEY-')
      .option('--overwrite', 'allow changing an existing value')
      .option('-l, --selector <selector>', 'label selector')
      .option('--all', 'every resource of the type')
      .option('--dry-run [strategy]', 'client or server: check and show, change nothing')
      .option('-o, --output <format>', 'name, yaml or json')
      .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./label.js')).label(args, globals(cmd), field)));

  program
    .command('edit')
    .description('Edit a resource in $KUBE_EDITOR / $EDITOR (default vi) and apply the change')
    .argument('[resources...]', 'TYPE NAME or TYPE/NAME')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./edit.js')).edit(args, globals(cmd))));

  program
    .command('set')
    .description('Set specific features on objects')
    .command('image')
    .description('Update container images of a pod template: set image sts/web nginx=nginx:1.25')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME, then CONTAINER=IMAGE (or *=IMAGE)')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./set.js')).setImage(args, globals(cmd))));

  const rollout = program.command('rollout').description('Manage the rollout of a StatefulSet');
  rollout
    .command('status')
    .description('Show the status of the rollout (waits for it on either clock)')
    .argument('[resources...]', 'sts/NAME')
    .option('-w, --watch', 'watch until the rollout is done (default)', true)
    .option('--no-watch', 'print the current status once')
    .option('--timeout <duration>', 'give up after this long (cluster time on a manual clock)')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./rollout.js')).status(args, globals(cmd))));
  rollout
    .command('history')
    .description('View previous rollout revisions')
    .argument('[resources...]', 'sts/NAME')
    .option('--revision <n>', 'show the pod template of this revision')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./rollout.js')).history(args, globals(cmd))));
  rollout
    .command('undo')
    .description('Roll back to the previous (or a given) revision')
    .argument('[resources...]', 'sts/NAME')
    .option('--to-revision <n>', 'the revision to roll back to (default: the previous one)')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./rollout.js')).undo(args, globals(cmd))));
  rollout
    .command('restart')
    .description('Restart every pod of the set by a rolling update')
    .argument('[resources...]', 'sts/NAME')
    .option('--wait', 'wait until the restart has rolled out')
    .option('--timeout <duration>', 'how long --wait waits')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./rollout.js')).restart(args, globals(cmd))));
  rollout
    .command('pause')
    .description('Pause a rollout (not supported for StatefulSets, as in kubectl)')
    .argument('[resources...]', 'sts/NAME')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./rollout.js')).pauseResume(args, 'pausing', globals(cmd))));
  rollout
    .command('resume')
    .description('Resume a rollout (not supported for StatefulSets, as in kubectl)')
    .argument('[resources...]', 'sts/NAME')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./rollout.js')).pauseResume(args, 'resuming', globals(cmd))));

  const fault = program.command('fault').description('Make things go wrong on purpose');
  fault
    .command('image')
    .description('Images matching PATTERN (a glob, e.g. nginx:bad*) fail to pull; --clear removes faults')
    .argument('[pattern]')
    .option('--clear', 'remove this image fault (all of them without PATTERN)')
    .action(lazy(async (pattern: string | undefined, _o, cmd: Command) => (await import('./fault.js')).faultImage(pattern, globals(cmd))));
  fault
    .command('crash')
    .description('The pod\'s container keeps exiting: restarts count up, CrashLoopBackOff, never Ready')
    .argument('<pod>')
    .action(lazy(async (pod: string, _o, cmd: Command) => (await import('./fault.js')).faultPod('crash', pod, globals(cmd))));
  fault
    .command('unready')
    .description('The pod runs but is never Ready (0/1)')
    .argument('<pod>')
    .action(lazy(async (pod: string, _o, cmd: Command) => (await import('./fault.js')).faultPod('unready', pod, globals(cmd))));
  fault
    .command('heal')
    .description('The pod behaves normally again')
    .argument('<pod>')
    .action(lazy(async (pod: string, _o, cmd: Command) => (await import('./fault.js')).faultHeal(pod, globals(cmd))));
  fault
    .command('list')
    .description('List the faults in force')
    .action(lazy(async (_o, cmd: Command) => (await import('./fault.js')).faultList(globals(cmd))));

  program
    .command('exec')
    .description('Run a command in a pod: exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [args...]')
    .argument('[args...]')
    .option('-c, --container <name>', 'container (default: the first)')
    .option('-i, --stdin', 'pass stdin to the command')
    .option('-t, --tty', 'stdin is a terminal')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./exec.js')).exec(args, globals(cmd), argv.includes('--'))));

  program
    .command('logs')
    .description('Print the logs of a container in a pod')
    .argument('[pod...]')
    .option('-c, --container <name>', 'container (default: the first)')
    .option('--tail <n>', 'only the last N lines')
    .option('-f, --follow', 'keep printing new lines')
    .option('-p, --previous', 'the previous instance of the container (after a restart)')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./logs.js')).logs(args, globals(cmd))));

  program
    .command('wait')
    .description("Wait for a condition: --for=condition=Ready, --for=delete, --for=jsonpath='{.status.readyReplicas}'=3")
    .argument('[resources...]')
    .option('--for <condition>', 'condition=NAME[=VALUE], delete, or jsonpath=EXPR[=VALUE]')
    .option('--timeout <duration>', 'give up after this long (cluster time on a manual clock)', '30s')
    .option('-l, --selector <selector>', 'label selector')
    .option('--all', 'every resource of the type')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./wait.js')).wait(args, globals(cmd))));

  program
    .command('version')
    .description('Print the client and (simulated) server versions')
    .option('-o, --output <format>', 'json or yaml')
    .option('--client', 'only the client version')
    .action(lazy(async (o: { output?: string; client?: boolean }) => (await import('./version.js')).version(o)));

  program
    .command('explain')
    .description('Documentation of a resource and its fields: explain statefulset.spec')
    .argument('[path]', 'TYPE or TYPE.field.path')
    .option('--recursive', 'all the fields below, names and types only')
    .action(lazy(async (path: string | undefined, o: { recursive?: boolean }) => (await import('./explain.js')).explain(path, o)));

  program
    .command('completion')
    .description('Print a shell completion script: source <(sts completion bash)')
    .argument('[shell]', 'bash or zsh')
    .action(lazy(async (shell: string | undefined) => (await import('./completion.js')).completion(shell)));
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .action(lazy(async (words: string[], _o, cmd: Command) => (await import('./completion.js')).complete(words, globals(cmd))));

  program
    .command('api-resources')
    .description('Print the resource types sts knows')
    .option('--namespaced <bool>', 'only namespaced (true) or cluster-scoped (false) types')
    .option('-o, --output <format>', 'name: only the resource names')
    .action(lazy(async (o: { namespaced?: string; output?: string }) => (await import('./api-resources.js')).apiResources(o)));

  const clock = program
    .command('clock')
    .description("Show the cluster's clock (real or manual) and its now")
    .action(lazy(async (_o, cmd: Command) => (await import('./clock.js')).showClock(globals(cmd))));
  clock
    .command('advance')
    .description('Move the cluster clock forward (e.g. 30s, 5m, 1h30m)')
    .argument('<duration>')
    .action(lazy(async (d: string, _o, cmd: Command) => (await import('./clock.js')).advanceClock(d, globals(cmd))));
  clock
    .command('settle')
    .description('Advance until nothing is left to do')
    .option('--timeout <duration>', 'give up after this much cluster time', '1h')
    .action(lazy(async (_o, cmd: Command) => (await import('./clock.js')).settleClock(globals(cmd))));

  const cluster = program.command('cluster').description('Manage the simulated cluster itself');
  cluster
    .command('reset')
    .description('Start a fresh, empty cluster in the file')
    .option('--clock <mode>', 'real or manual', 'real')
    .action(lazy(async (_o, cmd: Command) => (await import('./cluster.js')).reset(globals(cmd))));
  cluster
    .command('stages')
    .description('Show or set pod lifecycle durations (e.g. start=5s; start=default to reset)')
    .argument('[assignments...]')
    .action(lazy(async (a: string[], _o, cmd: Command) => (await import('./cluster.js')).stages(a, globals(cmd))));
  cluster
    .command('features')
    .description('Show or switch feature gates (e.g. MaxUnavailableStatefulSet=true)')
    .argument('[assignments...]')
    .action(lazy(async (a: string[], _o, cmd: Command) => (await import('./cluster.js')).features(a, globals(cmd))));

  try {
    await program.parseAsync(normalizeArgv(argv), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode !== 0) {
        const sub = argv.find((a) => !a.startsWith('-')) ?? '';
        if (e.code === 'commander.unknownOption' || e.code === 'commander.unknownCommand')
          err(`See 'sts ${e.code === 'commander.unknownOption' ? `${sub} ` : ''}--help' for usage.`);
        process.exitCode = 1;
      }
      return;
    }
    throw e;
  }
}

