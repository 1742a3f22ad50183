// `sts create -f …` (and the imperative `create namespace|storageclass NAME`).
import { CliError } from '../api/errors.js';
import { resolveResource } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { parseDuration } from '../controller/clock.js';
import { loadManifests } from '../manifest/load.js';
import { admit, createObject, mapKindName } from '../apiserver/objects.js';
import { nsChoice, settleNamespace, withCluster, type GlobalOpts } from './context.js';
import { Failures, manifestInput, out } from './output.js';
import { settleManually, waitFor, type Target } from './converge.js';
import { warnMissingClasses, warnUnsimulated } from './write-warnings.js';
import { parseDryRun, type DryRun } from './dry-run.js';
import { printerFor } from '../print/printer.js';
import { flag, type Verb } from './verb.js';

/** sts's --wait (and its --timeout) on the write verbs: block until the StatefulSets converged. */
export const WAIT_FLAGS = [
  flag('--wait', 'bool', 'false', 'sts: wait until the StatefulSets affected have converged (on a manual clock: settle).'),
  flag('--timeout', 'duration', '0s', 'sts: how long --wait waits (cluster time on a manual clock; default 1h).'),
];

export const createVerb: Verb = {
  honours: ['dry-run', 'filename', 'output', 'recursive'],
  flags: WAIT_FLAGS,
  run: ({ args, opts }) => create(args, opts),
};

export const createNamespaceVerb: Verb = {
  honours: ['dry-run', 'output'],
  run: ({ args, opts }) => create(['namespace', ...args], opts),
};

export const createStorageClassVerb: Verb = {
  flags: [
    flag('--provisioner', 'string', 'sts.dev/disk', 'The provisioner (sts.dev/disk: formatted disks).'),
    flag('--reclaim-policy', 'string', 'Delete', 'Delete or Retain.'),
    flag('--volume-binding-mode', 'string', 'Immediate', 'Immediate or WaitForFirstConsumer.'),
    flag('--default', 'bool', 'false', 'Mark it the default StorageClass.'),
    flag('--dry-run', 'string', 'none', 'Must be "none", "server", or "client".', { noOptDefault: 'unchanged' }),
    flag('-o, --output', 'string', '', 'Output format: json, yaml or name.'),
  ],
  help: {
    short: 'Create a StorageClass with the specified name (sts only)',
    long: "Create a StorageClass with the specified name: sts has no `kubectl create storageclass`, but the docs' manifests often name a class the cluster lacks.",
    examples: '  # The class the seed manifests ask for\n  sts create storageclass alicloud-disk-ssd',
    usage:
      'sts create storageclass NAME [--provisioner=NAME] [--reclaim-policy=Delete|Retain] [--volume-binding-mode=Immediate|WaitForFirstConsumer] [--default] [options]',
  },
  run: ({ args, opts }) => create(['storageclass', ...args], opts),
};

export interface WriteOpts extends GlobalOpts {
  dryRun?: string;
  output?: string;
  filename?: string[];
  recursive?: boolean;
  wait?: boolean;
  timeout?: string;
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  default?: boolean;
}

export function waitTimeout(opts: WriteOpts): number {
  if (opts.timeout === undefined || opts.timeout === '0s' || opts.timeout === '0') return 3_600_000;
  const ms = parseDuration(opts.timeout);
  if (ms === undefined)
    throw new CliError(`error: invalid argument "${opts.timeout}" for "--timeout" flag: time: invalid duration "${opts.timeout}"`);
  return ms;
}

/** The StatefulSets among written objects, for --wait. */
export const setTargets = (objs: KObject[]): Target[] =>
  objs.filter((o) => o.kind === 'StatefulSet').map((o) => ({ kind: 'StatefulSet' as const, ns: o.metadata.namespace!, name: o.metadata.name }));

/**
 * --wait on create and apply. On a manual clock the cluster settles in the transaction that wrote the
 * objects (`during`): one load and one save, where a second transaction would read and write every
 * pod again (100,000 pods: most of a second). On a real clock sts polls after it (`after`, waitFor).
 * Either way the written lines come first and a failed wait's error after them, with exit 1.
 */
export class WriteWait {
  private settled = false;
  private problem: string | undefined;
  constructor(
    private readonly opts: WriteOpts,
    private readonly dryRun: DryRun,
    private readonly timeout: number,
  ) {}

  private wanted(written: KObject[], failed: boolean): Target[] {
    return this.opts.wait && !failed && this.dryRun === 'none' ? setTargets(written) : [];
  }

  /** Inside the transaction, after the writes. */
  during(c: Cluster, written: KObject[], failed: boolean): void {
    const targets = this.wanted(written, failed);
    if (!targets.length || c.file.clock.mode !== 'manual') return;
    this.settled = true;
    this.problem = settleManually(c, targets, this.timeout);
  }

  /** After the transaction, its output printed. */
  async after(written: KObject[], failed: boolean): Promise<void> {
    if (this.settled) {
      if (this.problem) throw new CliError(this.problem);
      return;
    }
    const targets = this.wanted(written, failed);
    if (targets.length) await waitFor(this.opts, targets, this.timeout);
  }
}

function imperative(args: string[], opts: WriteOpts): KObject {
  const [type, name, ...rest] = args;
  const info = type ? resolveResource(type) : undefined;
  if (!name || rest.length || !info || !['Namespace', 'StorageClass'].includes(info.kind)) {
    if (!type) throw new CliError('error: must specify one of -f and -k', 'create');
    throw new CliError(`error: sts create takes -f FILE, or one of: namespace NAME, storageclass NAME`, 'create');
  }
  if (info.kind === 'Namespace') return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as unknown as KObject;
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      ...(opts.default ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    provisioner: opts.provisioner ?? 'sts.dev/disk',
    reclaimPolicy: opts.reclaimPolicy ?? 'Delete',
    volumeBindingMode: opts.volumeBindingMode ?? 'Immediate',
  } as unknown as KObject;
}

export async function create(args: string[], opts: WriteOpts): Promise<void> {
  const timeout = waitTimeout(opts); // (its error before any other, as before)
  const dryRun = parseDryRun(opts.dryRun);
  const wait = new WriteWait(opts, dryRun, timeout);
  const docs = opts.filename?.length
    ? await loadManifests(opts.filename, opts.recursive, manifestInput())
    : [{ source: 'command line', line: 1, obj: imperative(args, opts) }];
  if (opts.filename?.length && args.length) throw new CliError(`error: unexpected arguments: ${args.join(' ')}`, 'create');
  if (!docs.length) throw new CliError('error: no objects passed to create'); // files with no documents
  const printer = printerFor({ output: opts.output, operation: 'created', dryRun });
  const failures = new Failures();
  if (dryRun === 'client') {
    // kubectl's client dry run never asks the server: the objects as read, their namespace filled in
    settleNamespace(opts);
    for (const d of docs) {
      const obj = failures.try(() => {
        const where = mapKindName(d.obj, nsChoice(opts), d.source);
        return where.ns ? { ...d.obj, metadata: { ...d.obj.metadata, namespace: where.ns } } : d.obj;
      });
      if (obj) out(printer.print([obj as KObject]));
    }
    return failures.report();
  }
  const written: KObject[] = [];
  await withCluster(
    opts,
    async (c) => {
      for (const d of docs) {
        const obj = failures.try(() => createObject(c, admit(c, d.obj, nsChoice(opts), d.source), d.source));
        if (!obj) continue;
        written.push(obj);
        out(printer.print([obj]));
      }
      warnMissingClasses(c, written);
      warnUnsimulated(written);
      wait.during(c, written, failures.list.length > 0);
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
  await wait.after(written, failures.list.length > 0);
}
