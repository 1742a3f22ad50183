// The `sts` command line: verbs and flags (kubectl's names), each verb's code loaded only when used.
import { Command, CommanderError, Option } from 'commander';
import type { GlobalOpts } from './context.js';
import { err, runCommand } from './output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** kubectl accepts `--flag=true|false` for booleans; commander wants `--flag` / nothing. */
const BOOLEAN_FLAGS = ['--wait', '--show-labels', '--all', '--all-namespaces', '--show-kind', '--force', '--now', '--ignore-not-found', '--recursive', '--no-headers', '--default'];
function normalizeArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const m = /^(--[a-z-]+)=(true|false)$/.exec(a);
    if (m && BOOLEAN_FLAGS.includes(m[1])) {
      if (m[2] === 'true') out.push(m[1]);
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
    .option('--show-labels', 'show all labels as the last column')
    .option('--show-kind', 'prefix names with their kind')
    .option('--no-headers', 'do not print headers')
    .action(lazy(async (args: string[], _o, cmd: Command) => (await import('./get.js')).get(args, globals(cmd))));

  const writeOpts = (c: Command) =>
    c
      .option('-f, --filename <file>', 'manifest file, directory or - for stdin (repeatable)', collect)
      .option('-R, --recursive', 'process the directory used in -f recursively')
      .option('--wait', 'wait until the StatefulSets affected have converged')
      .option('--timeout <duration>', 'how long --wait waits (cluster time on a manual clock)');

  writeOpts(
    program
      .command('create')
      .description('Create resources from files or stdin (or: create namespace NAME, create storageclass NAME)')
      .argument('[args...]')
      .option('--provisioner <name>', 'create storageclass: provisioner', undefined)
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

