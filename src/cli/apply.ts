// `sts apply -f …`: create what is missing, three-way-merge what exists (the manifest wins, fields
// dropped since the last apply go), and say created / configured / unchanged. With --server-side the
// API layer merges instead and tracks field managers (kubectl's applyOneObject, ServerSideApply).
import { CliError } from '../api/errors.js';
import { isObj, type Json, type KObject } from '../api/types.js';
import { loadManifests } from '../manifest/load.js';
import { canonical } from '../api/validation.js';
import { applyDefaults } from '../api/defaults.js';
import { admit, createObject, defaultClassName, LAST_APPLIED, mapKindName, threeWayMerge, updateObject } from '../apiserver/objects.js';
import type { Cluster } from '../store/cluster.js';
import { podObject } from '../apiserver/pod-object.js';
import { nsChoice, withCluster } from './context.js';
import { err, Failures, manifestInput, out } from './output.js';
import { waitTimeout, WriteWait, type WriteOpts } from './create.js';
import { warnMissingClasses, warnUnsimulated } from './write-warnings.js';
import { parseDryRun } from './dry-run.js';
import { toPrinter } from '../print/printer.js';
import { WAIT_FLAGS } from './create.js';
import type { Verb } from './verb.js';
import { conflictMessage, serverSideApply } from '../apiserver/server-side-apply.js';

/** What kubectl adds to a server-side apply's conflict (apply.go, applyOneObject). */
const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

/** kubectl's GetApplyFieldManagerFlag: --field-manager if given, else `kubectl` server-side. */
const SERVER_SIDE_MANAGER = 'kubectl';

interface ApplyOpts extends WriteOpts {
  serverSide?: boolean;
  forceConflicts?: boolean;
  fieldManager?: string;
  showManagedFields?: boolean;
}

export const applyVerb: Verb = {
  honours: ['dry-run', 'filename', 'output', 'recursive', 'server-side', 'force-conflicts', 'field-manager', 'show-managed-fields'],
  ignores: ['openapi-patch', 'overwrite'],
  flags: WAIT_FLAGS,
  run: ({ opts, changed }) => apply({ ...opts, fieldManager: changed.has('field-manager') ? opts.fieldManager : undefined }),
};

function current(c: Cluster, kind: string, ns: string | undefined, name: string): KObject | undefined {
  if (kind === 'Pod') {
    const p = c.pod(ns!, name);
    return p ? podObject(c, p) : undefined;
  }
  return c.get(kind, ns, name);
}

/** The manifest as kubectl records it in the last-applied annotation. */
function lastApplied(raw: Json, ns: string | undefined): string {
  // Most manifests carry no annotations: the text differs from the manifest's only in the namespace
  // (canonical sorts keys), so only the metadata is copied (a clone of 2,000 documents cost 15 ms).
  if (isObj(raw) && !raw.metadata?.annotations) {
    const meta = raw.metadata;
    const withNs = ns && isObj(meta) && meta.namespace == null;
    return `${canonical(withNs ? { ...raw, metadata: { ...meta, namespace: ns } } : raw)}\n`;
  }
  const copy = structuredClone(raw);
  if (copy.metadata?.annotations) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (!Object.keys(copy.metadata.annotations).length) delete copy.metadata.annotations;
  }
  if (ns && copy.metadata && typeof copy.metadata === 'object' && !Array.isArray(copy.metadata)) copy.metadata.namespace ??= ns;
  return `${canonical(copy)}\n`;
}

export async function apply(opts: ApplyOpts): Promise<void> {
  const timeout = waitTimeout(opts); // (its error before any other, as before)
  const dryRun = parseDryRun(opts.dryRun);
  const wait = new WriteWait(opts, dryRun, timeout);
  if (opts.forceConflicts && !opts.serverSide) throw new CliError('error: --force-conflicts only works with --server-side');
  if (dryRun === 'client' && opts.serverSide)
    throw new CliError("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  const docs = await loadManifests(opts.filename ?? [], opts.recursive, manifestInput());
  if (!docs.length) throw new CliError('error: no objects passed to apply'); // files with no documents
  const printer = toPrinter({ output: opts.output, dryRun, showManagedFields: opts.showManagedFields });
  const failures = new Failures();
  const written: KObject[] = [];
  const reports: [KObject, string][] = [];
  await withCluster(
    opts,
    async (c) => {
      for (const d of docs)
        failures.try(() => {
          const { info, ns, name } = mapKindName(d.obj, nsChoice(opts), d.source);
          const live = current(c, info.kind, ns, name);
          if (opts.serverSide) {
            const obj = applyServerSide(c, live, d.obj, ns, d.source, opts);
            written.push(obj);
            reports.push([obj, 'serverside-applied']);
            return;
          }
          const record = lastApplied(d.obj, ns);
          if (!live) {
            const obj = admit(c, d.obj, nsChoice(opts), d.source);
            obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: record };
            written.push(createObject(c, obj, d.source));
            reports.push([obj, 'created']);
            return;
          }
          const prev = live.metadata.annotations?.[LAST_APPLIED];
          if (prev === undefined)
            err(
              `Warning: resource ${info.plural}/${name} is missing the ${LAST_APPLIED} annotation which is required by sts apply. sts apply should only be used on resources created declaratively by either sts create --save-config or sts apply. The missing annotation will be patched automatically.`,
            );
          const merged = threeWayMerge(prev ? JSON.parse(prev) : {}, d.obj, structuredClone(live));
          merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: record };
          const desired = admit(c, merged, nsChoice(opts), d.source, 'patching');
          const changed = updateObject(c, live, desired);
          written.push(desired);
          reports.push([desired, changed ? 'configured' : 'unchanged']);
        });
      for (const [o, operation] of reports) out(printer(operation).print([o]));
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

/**
 * One object through server-side apply, as `PATCH …?fieldManager=kubectl&force=…` with the manifest
 * (its namespace set, as kubectl's builder sets it) would go: merge and ownership, then admission and
 * the create or update rules. A conflict is kubectl's error, its advice appended.
 */
function applyServerSide(c: Cluster, live: KObject | undefined, manifest: Json, ns: string | undefined, source: string, opts: ApplyOpts): KObject {
  const body = structuredClone(manifest);
  if (ns && isObj(body.metadata)) body.metadata.namespace = ns;
  const manager = opts.fieldManager ?? SERVER_SIDE_MANAGER;
  const { object, conflicts } = serverSideApply(live, body, manager, {
    force: !!opts.forceConflicts,
    now: c.timestamp(),
    defaults: (o) => applyDefaults(o, defaultClassName(c)),
  });
  if (conflicts.length) throw new CliError(`error: ${conflictMessage(conflicts)}\n${CONFLICT_ADVICE}`);
  if (!live) return createObject(c, admit(c, object, nsChoice(opts), source), source);
  const desired = admit(c, object, nsChoice(opts), source, 'patching');
  updateObject(c, live, desired);
  return desired;
}
