// `sts delete`: by name, TYPE/NAME, -f, --all or -l; pods terminate gracefully, sets cascade.
import { CliError } from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import { loadManifests } from '../manifest/load.js';
import { deleteObject, type DeleteOptions } from '../apiserver/delete.js';
import { mapKindName } from '../apiserver/objects.js';
import { namespaceOf, nsChoice, withCluster } from './context.js';
import { err, Failures, manifestInput, out } from './output.js';
import { waitTimeout, type WriteOpts } from './create.js';
import { waitFor, type Target } from './converge.js';
import { parseDryRun } from './dry-run.js';
import { deletedRef, printerFor } from '../print/printer.js';
import { listObjects, parseLabelSelector, parseResourceArgs } from './resources.js';
import { WAIT_FLAGS } from './create.js';
import type { Verb } from './verb.js';

export const deleteVerb: Verb = {
  honours: [
    'all',
    'all-namespaces',
    'cascade',
    'dry-run',
    'field-selector',
    'filename',
    'force',
    'grace-period',
    'ignore-not-found',
    'now',
    'output',
    'recursive',
    'selector',
    'timeout',
    'wait',
  ],
  // kubectl's --wait (default true) waits for the objects to be gone; sts's waits for the sets to converge
  flags: WAIT_FLAGS,
  run: ({ args, opts }) => del(args, opts),
};

export interface DeleteOpts extends WriteOpts {
  all?: boolean;
  selector?: string;
  cascade?: string;
  gracePeriod?: number;
  force?: boolean;
  now?: boolean;
  ignoreNotFound?: boolean;
}

export function cascadeOf(v: string | undefined): DeleteOptions['cascade'] {
  if (v === undefined || v === 'background' || v === 'true') {
    if (v === 'true') err('warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.');
    return 'background';
  }
  if (v === 'false') {
    err('warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.');
    return 'orphan';
  }
  if (v === 'foreground' || v === 'orphan') return v;
  throw new CliError(`error: invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
}

function graceOf(opts: DeleteOpts): number | undefined {
  let grace = opts.gracePeriod;
  if (opts.now) {
    if (grace !== undefined && grace !== -1) throw new CliError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (opts.force && grace !== undefined && grace > 0)
    throw new CliError('error: --force and --grace-period greater than 0 cannot be specified together');
  if (grace !== undefined && grace < 0) grace = undefined;
  if (opts.force && grace === undefined) grace = 0;
  if (grace === 0 && !opts.force) grace = 1; // kubectl: a zero grace period without --force means 1 second
  return grace;
}

/** cmdutil.AddSourceToErr("deleting", info.Source, err): the server's message names the manifest. */
function fromSource(e: unknown, source: string): unknown {
  const m = e instanceof CliError ? /^(Error from server \(\w+\): )(.*)$/s.exec(e.message) : null;
  return m ? new CliError(`${m[1]}error when deleting "${source}": ${m[2]}`) : e;
}

export async function del(args: string[], opts: DeleteOpts): Promise<void> {
  const cascade = cascadeOf(opts.cascade);
  const gracePeriod = graceOf(opts);
  const timeout = waitTimeout(opts);
  const selector = parseLabelSelector(opts.selector);
  const fromFiles = opts.filename?.length ? await loadManifests(opts.filename, opts.recursive, manifestInput()) : [];
  const reqs = parseResourceArgs(args);
  // files that name nothing: kubectl's builder finds no resources, and says so
  if (opts.filename?.length && !fromFiles.length && !reqs.length) return out('No resources found');
  if (!reqs.length && !fromFiles.length)
    throw new CliError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  if (reqs.some((r) => !r.names) && !opts.all && !selector) throw new CliError('error: resource(s) were provided, but no name was specified');
  if (opts.all && reqs.some((r) => r.names)) throw new CliError('error: cannot set --all and --selector at the same time');
  const force = opts.force && gracePeriod === 0;
  if (force)
    err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
    );
  const dryRun = parseDryRun(opts.dryRun);
  const printer = printerFor({ output: opts.output, deletion: true, operation: force ? 'force deleted' : 'deleted', dryRun });
  const failures = new Failures();
  const waits: Target[] = [];
  await withCluster(
    opts,
    (c) => {
      const ns = namespaceOf(opts);
      const targets: { info: KindInfo; ns: string | undefined; name: string; source?: string }[] = [];
      for (const d of fromFiles) failures.try(() => targets.push({ ...mapKindName(d.obj, nsChoice(opts), d.source), source: d.source }));
      for (const r of reqs) {
        if (r.names) for (const name of r.names) targets.push({ info: r.info, ns, name });
        else for (const o of listObjects(c, r.info, ns, selector)) targets.push({ info: r.info, ns: o.metadata.namespace, name: o.metadata.name });
      }
      if (!targets.length && !failures.list.length) {
        out('No resources found');
        return;
      }
      for (const t of targets)
        failures.try(() => {
          const uid = t.info.kind === 'Pod' ? c.pod(t.ns!, t.name)?.uid : undefined;
          try {
            deleteObject(c, t.info, t.ns, t.name, { cascade, gracePeriod });
          } catch (e) {
            if (opts.ignoreNotFound && e instanceof CliError && e.message.includes('(NotFound)')) return;
            throw t.source ? fromSource(e, t.source) : e;
          }
          out(printer.print([deletedRef(t.info.kind, t.name)]));
          if (t.info.kind === 'Pod' || t.info.kind === 'StatefulSet') waits.push({ kind: t.info.kind, ns: t.ns!, name: t.name, gone: true, uid });
        });
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
  if (opts.wait && !failures.list.length && dryRun === 'none') await waitFor(opts, waits, timeout);
}
