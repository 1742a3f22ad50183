// Errors carry the exact text kubectl would print; the CLI prints `message` to stderr as is.
import { type KindInfo, qualifiedPlural } from './kinds.js';

export class CliError extends Error {
  constructor(
    message: string,
    /** Command for the `See 'sts <cmd> -h'` hint of usage errors. */
    readonly usageOf?: string,
  ) {
    super(message);
  }
}

export const notFound = (k: KindInfo, name: string) => new CliError(`Error from server (NotFound): ${qualifiedPlural(k)} "${name}" not found`);

/** kubectl's wait.ErrWaitTimeout text: a wait that ended without its condition. */
export const timedOutWaiting = () => new CliError('error: timed out waiting for the condition');

export const alreadyExists = (k: KindInfo, name: string, source?: string) =>
  new CliError(
    `Error from server (AlreadyExists): ${source ? `error when creating "${source}": ` : ''}${qualifiedPlural(k)} "${name}" already exists`,
  );

/** The resource builder's error when a command names nothing (kubectl's resource.Builder.Do). */
export const noResources = () =>
  new CliError(
    "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
  );

/** The resource builder's error for names with --all-namespaces. */
export const namesAcrossNamespaces = () => new CliError('error: a resource cannot be retrieved by name across all namespaces');

export const usage = (msg: string, cmd: string) => new CliError(`error: ${msg}`, cmd);

export interface FieldError {
  path: string;
  type: 'Required' | 'Invalid' | 'Unsupported' | 'Forbidden' | 'Duplicate';
  value?: unknown;
  detail?: string;
  supported?: string[];
  /** the value as the server prints it, when that is Go's %#v of an internal type, not of the JSON */
  shown?: string;
}

/** Go's %#v-ish rendering of a value, as the API server puts it in field errors. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    if (entries.every(([, x]) => typeof x === 'string'))
      return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
    return JSON.stringify(v);
  }
  return String(v);
}

export function fieldErrorText(e: FieldError): string {
  switch (e.type) {
    case 'Required':
      return `${e.path}: Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'Forbidden':
      return `${e.path}: Forbidden: ${e.detail}`;
    case 'Duplicate':
      return `${e.path}: Duplicate value: ${goValue(e.value)}`;
    case 'Unsupported':
      return `${e.path}: Unsupported value: ${goValue(e.value)}: supported values: ${(e.supported ?? []).map((s) => `"${s}"`).join(', ')}`;
    case 'Invalid':
      return `${e.path}: Invalid value: ${e.shown ?? goValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** `The StatefulSet "web" is invalid: …` — one cause inline, several as `* ` lines. */
export function invalidError(kind: string, name: string, errs: FieldError[]): CliError {
  if (errs.length === 1) return new CliError(`The ${kind} "${name}" is invalid: ${fieldErrorText(errs[0])}`);
  return new CliError(`The ${kind} "${name}" is invalid: \n${errs.map((e) => `* ${fieldErrorText(e)}`).join('\n')}`);
}

/**
 * The API server's Status message inside an error as kubectl prints it: what a client shows when it
 * wraps the error in its own words (`failed to create configmap: configmaps "x" already exists`).
 * Several causes of an Invalid error read `[a, b]`, as the server's aggregate puts them.
 */
export function statusMessage(e: CliError): string {
  const m = /^Error from server \(\w+\): (.*)$/s.exec(e.message);
  if (m) return m[1];
  const inv = /^The (.*?) is invalid: (.*)$/s.exec(e.message);
  if (!inv) return e.message;
  const causes = inv[2].startsWith('\n* ') ? `[${inv[2].slice(3).split('\n* ').join(', ')}]` : inv[2];
  return `${inv[1]} is invalid: ${causes}`;
}

/** NotFound as kubectl's resource builder reports it for a manifest: `error when replacing "web.yaml": …`. */
export const notFoundWhen = (k: KindInfo, name: string, verb: string, source: string) =>
  new CliError(`Error from server (NotFound): error when ${verb} "${source}": ${qualifiedPlural(k)} "${name}" not found`);

/** An update whose resourceVersion is not the stored one (optimistic concurrency). */
export const conflict = (k: KindInfo, name: string, verb: string, source: string) =>
  new CliError(
    `Error from server (Conflict): error when ${verb} "${source}": Operation cannot be fulfilled on ${qualifiedPlural(k)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  );
