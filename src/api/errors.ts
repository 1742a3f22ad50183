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

export const notFound = (k: KindInfo, name: string) =>
  new CliError(`Error from server (NotFound): ${qualifiedPlural(k)} "${name}" not found`);

export const alreadyExists = (k: KindInfo, name: string, source?: string) =>
  new CliError(
    `Error from server (AlreadyExists): ${source ? `error when creating "${source}": ` : ''}${qualifiedPlural(k)} "${name}" already exists`,
  );

export const usage = (msg: string, cmd: string) => new CliError(`error: ${msg}`, cmd);

export interface FieldError {
  path: string;
  type: 'Required' | 'Invalid' | 'Unsupported' | 'Forbidden' | 'Duplicate';
  value?: unknown;
  detail?: string;
  supported?: string[];
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
      return `${e.path}: Invalid value: ${goValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** `The StatefulSet "web" is invalid: …` — one cause inline, several as `* ` lines. */
export function invalidError(kind: string, name: string, errs: FieldError[]): CliError {
  if (errs.length === 1) return new CliError(`The ${kind} "${name}" is invalid: ${fieldErrorText(errs[0])}`);
  return new CliError(`The ${kind} "${name}" is invalid: \n${errs.map((e) => `* ${fieldErrorText(e)}`).join('\n')}`);
}
