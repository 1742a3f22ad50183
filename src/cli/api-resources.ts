// `sts api-resources`: the kinds sts knows, as kubectl lists them.
import { CliError } from '../api/errors.js';
import { apiVersionOf, KINDS } from '../api/kinds.js';
import { table } from '../print/tabwriter.js';
import { out } from './output.js';

import type { Verb } from './verb.js';

export const apiResourcesVerb: Verb = {
  honours: ['api-group', 'namespaced', 'no-headers', 'output', 'sort-by'],
  ignores: ['cached'],
  // kubectl filters by --namespaced only when the flag is given
  run: ({ opts, changed }) =>
    apiResources({
      output: opts.output,
      namespaced: changed.has('namespaced') ? String(opts.namespaced) : undefined,
      apiGroup: opts.apiGroup,
      sortBy: opts.sortBy,
      noHeaders: opts.noHeaders,
    }),
};

export async function apiResources(opts: {
  namespaced?: string;
  output?: string;
  apiGroup?: string;
  sortBy?: string;
  noHeaders?: boolean;
}): Promise<void> {
  if (opts.sortBy !== undefined && !['name', 'kind'].includes(opts.sortBy)) throw new CliError('error: --sort-by accepts only name or kind');
  const key = (k: (typeof KINDS)[number]) => (opts.sortBy === 'kind' ? k.kind : opts.sortBy === 'name' ? k.plural : `${k.group}\u0000${k.plural}`);
  const kinds = [...KINDS]
    .filter((k) => opts.namespaced === undefined || String(k.namespaced) === opts.namespaced)
    .filter((k) => opts.apiGroup === undefined || k.group === opts.apiGroup)
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (opts.output === 'name') {
    out(kinds.map((k) => (k.group ? `${k.plural}.${k.group}` : k.plural)).join('\n'));
    return;
  }
  out(
    table([
      ...(opts.noHeaders ? [] : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']]),
      ...kinds.map((k) => [k.plural, k.short.join(','), apiVersionOf(k), String(k.namespaced), k.kind]),
    ]),
  );
}

/** Older group/versions a 1.33 API server still serves beside the ones sts stores (the rest of
 *  KindInfo.alsoAccepts were removed from Kubernetes; sts only reads them in manifests). */
const STILL_SERVED = ['autoscaling/v1'];

export const apiVersionsVerb: Verb = { run: async () => out(apiVersions().join('\n')) };

/** `sts api-versions`: every group/version, sorted as Go's sort.Strings sorts them. */
export function apiVersions(): string[] {
  return [...new Set([...KINDS.map(apiVersionOf), ...STILL_SERVED])].sort();
}
