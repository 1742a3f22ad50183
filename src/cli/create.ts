// `sts create -f …` (and the imperative `create namespace|storageclass NAME`).
import { CliError } from '../api/errors.js';
import { resolveResource } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { parseDuration } from '../controller/clock.js';
import { loadManifests } from '../manifest/load.js';
import { admit, createObject, mapKindName } from '../apiserver/objects.js';
import { nsChoice, settleNamespace, withCluster, type GlobalOpts } from './context.js';
import { Failures, manifestInput, out } from './output.js';
import { waitFor, type Target } from './converge.js';
import { warnMissingClasses, warnUnsimulated } from './write-warnings.js';
import { parseDryRun } from './dry-run.js';
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
  const timeout = waitTimeout(opts);
  const docs = opts.filename?.length
    ? await loadManifests(opts.filename, opts.recursive, manifestInput())
    : [{ source: 'command line', line: 1, obj: imperative(args, opts) }];
  if (opts.filename?.length && args.length) throw new CliError(`error: unexpected arguments: ${args.join(' ')}`, 'create');
  if (!docs.length) throw new CliError('error: no objects passed to create'); // files with no documents
  const dryRun = parseDryRun(opts.dryRun);
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
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
  if (opts.wait && !failures.list.length && dryRun === 'none') await waitFor(opts, setTargets(written), timeout);
}
