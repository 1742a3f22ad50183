// `sts apply -f …`: create what is missing, three-way-merge what exists (the manifest wins, fields
// dropped since the last apply go), and say created / configured / unchanged.
import { CliError } from '../api/errors.js';
import type { Json, KObject } from '../api/types.js';
import { loadManifests } from '../manifest/load.js';
import { canonical } from '../api/validation.js';
import { admit, createObject, LAST_APPLIED, mapKindName, threeWayMerge, updateObject } from '../apiserver/objects.js';
import type { Cluster } from '../store/cluster.js';
import { podObject } from '../apiserver/pod-object.js';
import { nsChoice, withCluster } from './context.js';
import { err, Failures, manifestInput, out } from './output.js';
import { setTargets, waitTimeout, type WriteOpts } from './create.js';
import { waitFor } from './converge.js';
import { warnMissingClasses, warnUnsimulated } from './write-warnings.js';
import { parseDryRun } from './dry-run.js';
import { toPrinter } from '../print/printer.js';
import { WAIT_FLAGS } from './create.js';
import type { Verb } from './verb.js';

export const applyVerb: Verb = {
  honours: ['dry-run', 'filename', 'output', 'recursive'],
  ignores: ['openapi-patch', 'overwrite'],
  flags: WAIT_FLAGS,
  run: ({ opts }) => apply(opts),
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
  const copy = structuredClone(raw);
  if (copy.metadata?.annotations) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (!Object.keys(copy.metadata.annotations).length) delete copy.metadata.annotations;
  }
  if (ns && copy.metadata && typeof copy.metadata === 'object' && !Array.isArray(copy.metadata)) copy.metadata.namespace ??= ns;
  return `${canonical(copy)}\n`;
}

export async function apply(opts: WriteOpts): Promise<void> {
  const timeout = waitTimeout(opts);
  const docs = await loadManifests(opts.filename ?? [], opts.recursive, manifestInput());
  if (!docs.length) throw new CliError('error: no objects passed to apply'); // files with no documents
  const dryRun = parseDryRun(opts.dryRun);
  const printer = toPrinter({ output: opts.output, dryRun });
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
    },
    false,
    dryRun !== 'none',
  );
  failures.report();
  if (opts.wait && !failures.list.length && dryRun === 'none') await waitFor(opts, setTargets(written), timeout);
}
