// `sts create configmap|secret generic|service clusterip NAME`: kubectl's generators
// (create_configmap.go, create_secret.go, create_service.go) build the object client-side; a client
// dry run prints it without opening the cluster, anything else goes through the API layer.
import { CliError, statusMessage } from '../api/errors.js';
import type { Json, KObject } from '../api/types.js';
import { DataBuilder, dataHash, type Sources } from '../manifest/data-sources.js';
import { printerFor } from '../print/printer.js';
import { typedJsonCompact } from '../print/gojson.js';
import { admit, createObject, LAST_APPLIED } from '../apiserver/objects.js';
import { nsChoice, settleNamespace, withCluster } from './context.js';
import { io, out } from './output.js';
import { parseDryRun } from './dry-run.js';
import type { Invocation, Opts, Verb } from './verb.js';

const IGNORES = ['allow-missing-template-keys', 'field-manager', 'show-managed-fields', 'validate'];
const DATA_FLAGS = ['append-hash', 'dry-run', 'from-env-file', 'from-file', 'from-literal', 'output', 'save-config'];

export const createConfigMapVerb: Verb = {
  honours: DATA_FLAGS,
  ignores: IGNORES,
  run: (inv) => createImperative(inv, 'configmap', configMapOf),
};

export const createSecretGenericVerb: Verb = {
  honours: [...DATA_FLAGS, 'type'],
  ignores: IGNORES,
  run: (inv) => createImperative(inv, 'secret', secretOf),
};

export const createServiceClusterIPVerb: Verb = {
  honours: ['clusterip', 'dry-run', 'output', 'tcp'],
  // kubectl's create service never reads --save-config (ServiceOptions.Complete): accepted, no effect
  ignores: [...IGNORES, 'save-config'],
  run: (inv) => createImperative(inv, 'service', serviceOf),
};

/** cmd/create's NameFromCommandArgs */
function nameArg({ path, args, argsLenAtDash }: Invocation): string {
  const n = argsLenAtDash === -1 ? args.length : argsLenAtDash;
  if (n !== 1) throw new CliError(`error: exactly one NAME is required, got ${n}`, path);
  return args[0];
}

const sources = (opts: Opts): Sources => ({ literals: opts.fromLiteral ?? [], files: opts.fromFile ?? [], envFiles: opts.fromEnvFile ?? [] });

/** A new object's metadata: the namespace only when -n gave it (kubectl's EnforceNamespace). */
const meta = (name: string, opts: Opts) => ({ name, ...(opts.namespaceExplicit ? { namespace: opts.namespace } : {}) });

function configMapOf(name: string, opts: Opts): KObject {
  const b = new DataBuilder('ConfigMap', name).addAll(sources(opts), io().env, io().cwd);
  const hashed = opts.appendHash ? `${name}-${dataHash('ConfigMap', name, b.data, b.binaryData)}` : name;
  return {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: meta(hashed, opts),
    ...(Object.keys(b.data).length ? { data: b.data } : {}),
    ...(Object.keys(b.binaryData).length ? { binaryData: b.binaryData } : {}),
  } as unknown as KObject;
}

function secretOf(name: string, opts: Opts): KObject {
  const b = new DataBuilder('Secret', name).addAll(sources(opts), io().env, io().cwd);
  const type: string = opts.type ?? '';
  const hashed = opts.appendHash ? `${name}-${dataHash('Secret', name, b.data, {}, type)}` : name;
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: meta(hashed, opts),
    ...(Object.keys(b.data).length ? { data: b.data } : {}),
    ...(type ? { type } : {}),
  } as unknown as KObject;
}

const PORT_NAME_ERRORS: [test: (s: string) => boolean, text: string][] = [
  [(s) => s.length > 15, 'must be no more than 15 characters'],
  [(s) => !/^[-a-z0-9]+$/.test(s), 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
  [(s) => !/[a-z]/.test(s), 'must contain at least one letter (a-z)'],
  [(s) => s.includes('--'), 'must not contain consecutive hyphens'],
  [(s) => s.startsWith('-') || s.endsWith('-'), 'must not begin or end with a hyphen'],
];

/** create_service.go parsePorts: PORT[:TARGET], the port as strconv.ParseUint(s, 10, 16), the target a number or a port name. */
export function parsePorts(spec: string): { port: number; targetPort: number | string } {
  const [p, target] = spec.split(':');
  if (!/^[0-9]+$/.test(p)) throw new CliError(`error: strconv.ParseUint: parsing ${JSON.stringify(p)}: invalid syntax`);
  const port = Number(p);
  if (port > 65535) throw new CliError(`error: strconv.ParseUint: parsing ${JSON.stringify(p)}: value out of range`);
  if (target === undefined) return { port, targetPort: port };
  if (/^[+-]?[0-9]+$/.test(target) && Math.abs(Number(target)) <= Number.MAX_SAFE_INTEGER) {
    const n = Number(target);
    if (n < 1 || n > 65535) throw new CliError('error: must be between 1 and 65535, inclusive');
    return { port, targetPort: n };
  }
  const errs = PORT_NAME_ERRORS.filter(([bad]) => bad(target)).map(([, text]) => text);
  if (errs.length) throw new CliError(`error: ${errs.join(',')}`);
  return { port, targetPort: target };
}

function serviceOf(name: string, opts: Opts): KObject {
  const tcp: string[] = opts.tcp ?? [];
  const clusterIP: string = opts.clusterip ?? '';
  if (clusterIP !== 'None' && !tcp.length) throw new CliError('error: at least one tcp port specifier must be provided');
  const ports = tcp.map((spec) => ({ name: spec.replace(/:/g, '-'), protocol: 'TCP', ...parsePorts(spec) }));
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { ...meta(name, opts), labels: { app: name } },
    spec: { ...(ports.length ? { ports } : {}), selector: { app: name }, ...(clusterIP ? { clusterIP } : {}), type: 'ClusterIP' },
    status: { loadBalancer: {} },
  } as unknown as KObject;
}

/** How kubectl words a failed create, around the server's message (each generator has its own). */
const FAILED: Record<string, string> = {
  configmap: 'failed to create configmap: ',
  secret: 'failed to create secret ',
  service: 'failed to create ClusterIP service: ',
  poddisruptionbudget: 'failed to create podDisruptionBudgets: ',
};

export async function createImperative(inv: Invocation, what: string, build: (name: string, opts: Opts) => KObject): Promise<void> {
  const { opts } = inv;
  const name = nameArg(inv);
  const dryRun = parseDryRun(opts.dryRun);
  const printer = printerFor({ output: opts.output, operation: 'created', dryRun, typed: true }); // typed: kubectl built it, JSON in struct order
  settleNamespace(opts); // the kubeconfig's namespace, without opening the cluster
  const obj = build(name, opts);
  if (opts.saveConfig && what !== 'service' && what !== 'poddisruptionbudget') {
    // util.CreateOrUpdateAnnotation: the object as built, encoded by the typed JSON encoder
    const built = { ...obj, metadata: { ...obj.metadata, creationTimestamp: null } };
    obj.metadata.annotations = { [LAST_APPLIED]: `${typedJsonCompact(built)}\n` };
  }
  if (dryRun === 'client') return out(printer.print([{ ...obj, metadata: { ...obj.metadata, creationTimestamp: null } } as Json]));
  const stored = await withCluster(
    opts,
    (c) => {
      try {
        return createObject(c, admit(c, obj as Json, nsChoice(opts), 'command line'));
      } catch (e) {
        if (e instanceof CliError) throw new CliError(`error: ${FAILED[what]}${statusMessage(e)}`);
        throw e;
      }
    },
    false,
    dryRun === 'server',
  );
  out(printer.print([stored]));
}
