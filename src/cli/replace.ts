// `sts replace -f FILE [--force]`: kubectl's replace (pkg/cmd/replace): each object in the files
// takes the place of the stored one as a whole (a PUT: status and server-set fields stay), NotFound
// when there is none. --force deletes them, waits until they are gone, and creates them anew.
import { conflict, CliError, notFoundWhen } from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { parseDuration } from '../controller/clock.js';
import { advance } from '../controller/simulate.js';
import { loadManifests, type Doc } from '../manifest/load.js';
import { deleteObject, type DeleteOptions } from '../apiserver/delete.js';
import { admit, createObject, mapKindName, updateObject } from '../apiserver/objects.js';
import type { Cluster } from '../store/cluster.js';
import { nsChoice, withCluster, type GlobalOpts } from './context.js';
import { cascadeOf } from './delete.js';
import { delay, Failures, manifestInput, out } from './output.js';
import { getObject, hasObject } from './resources.js';
import { parseDryRun } from './dry-run.js';
import { deletedRef, printerFor } from '../print/printer.js';
import type { Verb } from './verb.js';

export const replaceVerb: Verb = {
  // --wait: kubectl waits for a forced replacement's deletion either way
  honours: ['cascade', 'dry-run', 'filename', 'force', 'grace-period', 'output', 'recursive', 'timeout', 'wait'],
  ignores: ['allow-missing-template-keys', 'field-manager', 'show-managed-fields', 'validate'],
  run: ({ opts }) => replace(opts),
};

export interface ReplaceOpts extends GlobalOpts {
  filename?: string[];
  recursive?: boolean;
  force?: boolean;
  cascade?: string;
  gracePeriod?: number;
  timeout?: string;
  dryRun?: string;
  output?: string;
}

interface Target {
  doc: Doc;
  info: KindInfo;
  ns: string | undefined;
  name: string;
}

export async function replace(opts: ReplaceOpts): Promise<void> {
  if (!opts.filename?.length) throw new CliError('error: must specify one of -f and -k');
  const grace = opts.gracePeriod ?? -1;
  const timeout = opts.timeout === undefined || opts.timeout === '0s' || opts.timeout === '0' ? 0 : parseDuration(opts.timeout);
  if (timeout === undefined)
    throw new CliError(`error: invalid argument "${opts.timeout}" for "--timeout" flag: time: invalid duration "${opts.timeout}"`);
  const dryRun = parseDryRun(opts.dryRun);
  if (grace >= 0 && !opts.force) throw new CliError('error: --grace-period must have --force specified');
  if (timeout !== 0 && !opts.force) throw new CliError('error: --timeout must have --force specified');
  if (opts.force && dryRun !== 'none') throw new CliError('error: --dry-run can not be used when --force is set');
  const printer = printerFor({ output: opts.output, operation: 'replaced', dryRun });
  const cascade = cascadeOf(opts.cascade);
  const docs = await loadManifests(opts.filename, opts.recursive, manifestInput());
  const failures = new Failures();
  if (opts.force) return forceReplace(opts, docs, { cascade, gracePeriod: grace >= 0 ? grace : undefined }, timeout || 5 * 60_000);
  if (dryRun === 'client') {
    // the objects as read, their namespace filled in; the cluster is not asked
    for (const d of docs) {
      const t = failures.try(() => mapKindName(d.obj, nsChoice(opts), d.source));
      if (t) out(printer.print([withNamespace(d.obj, t.ns)]));
    }
    return failures.report();
  }
  const replaced = await withCluster(
    opts,
    (c) => {
      const done: KObject[] = [];
      for (const d of docs) failures.try(() => done.push(replaceOne(c, d, opts)));
      return done;
    },
    false,
    dryRun === 'server',
  );
  out(printer.print(replaced));
  failures.report();
}

const withNamespace = (raw: KObject, ns: string | undefined): KObject => (ns ? { ...raw, metadata: { ...raw.metadata, namespace: ns } } : raw);

/** A PUT of the manifest: the stored object must exist, and be the version the manifest names, if it names one. */
function replaceOne(c: Cluster, d: Doc, opts: ReplaceOpts): KObject {
  const { info, ns, name } = mapKindName(d.obj, nsChoice(opts), d.source);
  if (!hasObject(c, info, ns ?? '', name)) throw notFoundWhen(info, name, 'replacing', d.source);
  const current = getObject(c, info, ns ?? '', name);
  const rv = d.obj.metadata?.resourceVersion;
  if (rv !== undefined && rv !== '' && String(rv) !== current.metadata.resourceVersion) throw conflict(info, name, 'replacing', d.source);
  const desired = admit(c, d.obj, nsChoice(opts), d.source, 'replacing');
  updateObject(c, current, desired);
  return desired;
}

/** forceReplace: delete what exists (a missing object is no error), wait until it is gone, create. */
async function forceReplace(opts: ReplaceOpts, docs: Doc[], del: DeleteOptions, timeoutMs: number): Promise<void> {
  const targets: Target[] = await withCluster(opts, (c) => {
    const ts = docs.map((doc) => ({ doc, ...mapKindName(doc.obj, nsChoice(opts), doc.source) }));
    for (const t of ts) {
      if (!hasObject(c, t.info, t.ns ?? '', t.name)) continue;
      deleteObject(c, t.info, t.ns, t.name, del);
      out(printerFor({ deletion: true, operation: del.gracePeriod === 0 ? 'force deleted' : 'deleted' }).print([deletedRef(t.info.kind, t.name)]));
    }
    return ts;
  });
  await waitGone(opts, (c) => targets.every((t) => !hasObject(c, t.info, t.ns ?? '', t.name)), timeoutMs);
  const created = await withCluster(opts, (c) => targets.map((t) => createObject(c, admit(c, t.doc.obj, nsChoice(opts), t.doc.source))));
  if (!created.length) throw new CliError('error: no objects passed to replace');
  out(printerFor({ output: opts.output, operation: 'replaced' }).print(created));
}

/** The deleted objects must be gone: on a manual clock time moves on (a second at a time), on a real one sts polls. */
async function waitGone(opts: GlobalOpts, gone: (c: Cluster) => boolean, timeoutMs: number): Promise<void> {
  const timedOut = new CliError('error: context deadline exceeded');
  const manual = await withCluster(
    opts,
    (c) => {
      if (c.file.clock.mode !== 'manual') return false;
      const end = c.now + timeoutMs;
      while (!gone(c) && c.now < end) advance(c, Math.min(end, c.now + 1000));
      if (!gone(c)) throw timedOut;
      return true;
    },
    true,
  );
  if (manual) return;
  const deadline = Date.now() + timeoutMs;
  while (!(await withCluster(opts, gone))) {
    if (Date.now() > deadline) throw timedOut;
    await delay(1000);
  }
}
