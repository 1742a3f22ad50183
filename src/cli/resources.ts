// Resource arguments as kubectl reads them (`pods`, `pod web-0`, `pod,pvc`, `sts/web`, `all`), and
// fetching the objects they name.
import { CliError } from '../api/errors.js';
import { kindsInAll, resolveResource, shortNameWarning, typedResource, type KindInfo } from '../api/kinds.js';
import { parseSelector, type Selector } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import { mapKindName } from '../apiserver/objects.js';
import type { Cluster } from '../store/cluster.js';
import { manifestInput, warnOnce } from './output.js';
import { getObject, listObjects } from '../apiserver/read.js';

// what verbs fetch, from the read model (apiserver/read.ts)
export { getObject, hasObject, listObjects } from '../apiserver/read.js';

export interface ResourceRequest {
  info: KindInfo;
  /** undefined: every object of the kind */
  names?: string[];
  /** the namespace a manifest given with -f names for its object (else the command's) */
  ns?: string;
}

/** The objects a verb acts on: `-f FILE…` (kubectl's FilenameParam: the objects the manifests
 *  describe, looked up by kind and name) or the TYPE/NAME arguments. */
export async function requestsFor(
  args: string[],
  opts: { filename?: string[]; recursive?: boolean; namespace?: string },
  parse: { allowAll?: boolean } = {},
): Promise<ResourceRequest[]> {
  if (!opts.filename?.length) return parseResourceArgs(args, parse);
  if (args.length) throw new CliError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  const { loadManifests } = await import('../manifest/load.js');
  // before withCluster, opts.namespace is only ever the -n flag
  const choice = { name: opts.namespace || 'default', explicit: opts.namespace !== undefined };
  return (await loadManifests(opts.filename, opts.recursive, manifestInput())).map((d) => {
    const where = mapKindName(d.obj, choice, d.source);
    return { info: where.info, names: [where.name], ...(where.ns && d.obj.metadata?.namespace ? { ns: where.ns } : {}) };
  });
}

export function resolveType(t: string): KindInfo {
  const warning = shortNameWarning(t);
  if (warning) warnOnce(warning);
  const info = resolveResource(t);
  if (!info) throw new CliError(`error: the server doesn't have a resource type "${typedResource(t)}"`);
  return info;
}

export function parseResourceArgs(args: string[], opts: { allowAll?: boolean } = {}): ResourceRequest[] {
  if (!args.length) return [];
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length) {
    if (slashed.length !== args.length)
      throw new CliError(
        "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'sts get resource/<resource_name>' instead of 'sts get resource resource/<resource_name>'",
      );
    return args.map((a) => {
      const parts = a.split('/');
      if (parts.length > 2) throw new CliError('error: arguments in resource/name form may not have more than one slash');
      const [t, n] = parts;
      if (!n) throw new CliError(`error: arguments in resource/name form must have a single resource and name`);
      return { info: resolveType(t), names: [n] };
    });
  }
  const [types, ...names] = args;
  const out: ResourceRequest[] = [];
  for (const t of types.split(',').filter(Boolean)) {
    if (t === 'all' && opts.allowAll) {
      for (const info of kindsInAll()) out.push({ info, names: names.length ? names : undefined });
      continue;
    }
    out.push({ info: resolveType(t), names: names.length ? names : undefined });
  }
  return out;
}

export function parseLabelSelector(text: string | undefined): Selector | undefined {
  if (text === undefined) return undefined;
  try {
    return parseSelector(text);
  } catch (e) {
    throw new CliError(`error: ${(e as Error).message}`);
  }
}

/** The objects requests name, for the write verbs: each named one (a NotFound is collected and the
 *  rest go on), or every object of a bare type when `-l` or `--all` says which. */
export function targetObjects(
  c: Cluster,
  reqs: ResourceRequest[],
  ns: string,
  pick: { selector?: Selector; all?: boolean },
  failures: { try<T>(fn: () => T): T | undefined },
  usageOf?: string,
): { info: KindInfo; obj: KObject }[] {
  const targets: { info: KindInfo; obj: KObject }[] = [];
  for (const r of reqs) {
    if (r.names) for (const n of r.names) failures.try(() => targets.push({ info: r.info, obj: getObject(c, r.info, r.ns ?? ns, n) }));
    else if (pick.selector || pick.all) for (const obj of listObjects(c, r.info, ns, pick.selector)) targets.push({ info: r.info, obj });
    else throw new CliError('error: resource(s) were provided, but no name was specified', usageOf);
  }
  return targets;
}

/** The objects a `TYPE NAME…` / `TYPE/NAME…` argument list names (no bare types). */
export function namedTargets(args: string[] | ResourceRequest[], verb: string): { info: KindInfo; name: string; ns?: string }[] {
  const reqs = args.every((a) => typeof a === 'string') ? parseResourceArgs(args as string[]) : (args as ResourceRequest[]);
  if (!reqs.length) throw new CliError(`error: one or more resources must be specified as <resource> <name> or <resource>/<name>`, verb);
  return reqs.flatMap((r) => {
    if (!r.names) throw new CliError(`error: resource(s) were provided, but no name was specified`, verb);
    return r.names.map((name) => ({ info: r.info, name, ...(r.ns ? { ns: r.ns } : {}) }));
  });
}

export interface FieldRequirement {
  path: string;
  op: '=' | '!=';
  value: string;
}

/** Fields the API server lets each kind be selected by (beyond metadata.name and metadata.namespace). */
const FIELDS: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Namespace: ['status.phase'],
  PersistentVolume: [],
  PersistentVolumeClaim: [],
  Node: ['spec.unschedulable'],
  Secret: ['type'],
  StatefulSet: ['status.successful'],
};

export function parseFieldSelector(text: string | undefined, kinds: KindInfo[]): FieldRequirement[] | undefined {
  if (text === undefined) return undefined;
  const reqs = text
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(part.trim());
      if (!m) throw new CliError(`error: invalid selector: '${text}'; can't understand '${part}'`);
      return { path: m[1].trim(), op: (m[2] === '!=' ? '!=' : '=') as FieldRequirement['op'], value: m[3].trim() };
    });
  for (const k of kinds)
    for (const r of reqs)
      if (!['metadata.name', 'metadata.namespace'].includes(r.path) && !(FIELDS[k.kind] ?? []).includes(r.path))
        throw new CliError(
          `Error from server (BadRequest): Unable to find "${k.group ? `${k.group}/${k.version}` : `/${k.version}`}, Resource=${k.plural}" that match label selector "", field selector "${text}": field label not supported: ${r.path}`,
        );
  return reqs;
}

export function matchesFields(reqs: FieldRequirement[], o: KObject): boolean {
  return reqs.every((r) => {
    let v: unknown = o;
    for (const k of r.path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    if (r.path === 'source' && o.kind === 'Event') v = (o.source as { component?: string } | undefined)?.component;
    const s = v === undefined || v === null ? '' : String(v);
    return r.op === '=' ? s === r.value : s !== r.value;
  });
}
