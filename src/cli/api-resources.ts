// `sts api-resources`: the kinds sts knows, as kubectl lists them.
import { apiVersionOf, KINDS } from '../api/kinds.js';
import { table } from '../print/tabwriter.js';
import { out } from './output.js';

import type { Verb } from './verb.js';

export const apiResourcesVerb: Verb = {
  honours: ['namespaced', 'output'],
  ignores: ['cached'],
  // kubectl filters by --namespaced only when the flag is given
  run: ({ opts, changed }) => apiResources({ output: opts.output, namespaced: changed.has('namespaced') ? String(opts.namespaced) : undefined }),
};

export async function apiResources(opts: { namespaced?: string; output?: string }): Promise<void> {
  const kinds = [...KINDS]
    .filter((k) => opts.namespaced === undefined || String(k.namespaced) === opts.namespaced)
    .sort((a, b) => (a.group === b.group ? (a.plural < b.plural ? -1 : 1) : a.group < b.group ? -1 : 1));
  if (opts.output === 'name') {
    out(kinds.map((k) => (k.group ? `${k.plural}.${k.group}` : k.plural)).join('\n'));
    return;
  }
  out(table([['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...kinds.map((k) => [k.plural, k.short.join(','), apiVersionOf(k), String(k.namespaced), k.kind])]));
}
