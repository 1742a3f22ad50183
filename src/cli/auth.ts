// `sts auth can-i`: the simulated cluster has no RBAC and its one user is an admin, so every answer
// is yes; the arguments, warnings and errors are kubectl's (kubectl/pkg/cmd/auth/cani.go).
import { CliError } from '../api/errors.js';
import { resolveResource, type KindInfo } from '../api/kinds.js';
import { table } from '../print/tabwriter.js';
import { err, out } from './output.js';
import type { Verb } from './verb.js';

const RESOURCE_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  '*',
  'approve',
  'sign',
  'escalate',
  'attest',
];
const NON_RESOURCE_VERBS = ['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*'];
/** resources the server knows that discovery does not list (the impersonate verb's) */
const NON_STANDARD = ['users', 'groups'];

/** The rules of a kind cluster's admin (cluster-admin, system:basic-user, system:discovery,
 *  system:public-info-viewer) as `auth can-i --list` compacts, sorts and prints them. */
const ADMIN_RULES: string[][] = [
  ['*.*', '[]', '[]', '[*]'],
  ['', '[*]', '[]', '[*]'],
  ['selfsubjectreviews.authentication.k8s.io', '[]', '[]', '[create]'],
  ['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]'],
  ['selfsubjectrulesreviews.authorization.k8s.io', '[]', '[]', '[create]'],
  ...[
    '/api/*',
    '/api',
    '/apis/*',
    '/apis',
    '/healthz',
    '/healthz',
    '/livez',
    '/livez',
    '/openapi/*',
    '/openapi',
    '/readyz',
    '/readyz',
    '/version/',
    '/version/',
    '/version',
    '/version',
  ].map((url) => ['', `[${url}]`, '[]', '[get]']),
];

/** kubectl's WarningPrinter; cani.go's messages end in a newline of their own, hence the blank line. */
const warn = (msg: string) => err(`Warning: ${msg}\n\n`);

/** cani.go's resourceFor: the kind a TYPE names (short names and groups resolved), or a warning. */
function resourceFor(arg: string): KindInfo | '*' | undefined {
  if (arg === '*') return '*';
  const lower = arg.toLowerCase();
  const parts = lower.split('.');
  // resource.version.group (schema.ParseResourceArg), then resource or resource.group
  const full = parts.length >= 3 ? resolveResource(`${parts[0]}.${parts.slice(2).join('.')}`) : undefined;
  const info = full && full.version === parts[1] ? full : resolveResource(lower);
  if (info) return info;
  const dot = lower.indexOf('.');
  const [resource, group] = dot < 0 ? [lower, ''] : [lower.slice(0, dot), lower.slice(dot + 1)];
  if (!NON_STANDARD.includes(lower))
    warn(
      group ? `the server doesn't have a resource type '${resource}' in group '${group}'` : `the server doesn't have a resource type '${resource}'`,
    );
  return undefined;
}

export const canIVerb: Verb = {
  honours: ['all-namespaces', 'list', 'no-headers', 'quiet', 'subresource'],
  async run({ args, opts }) {
    if (opts.list) {
      if (args.length) throw new CliError('error: list option must be specified with no arguments');
      if (opts.quiet || opts.allNamespaces || opts.subresource)
        throw new CliError("error: list option can't be specified with neither quiet, all-namespaces nor subresource options");
      return out(table([...(opts.noHeaders ? [] : [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']]), ...ADMIN_RULES]));
    }
    if (args.length !== 2)
      throw new CliError(
        "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'sts auth can-i -h' for help and examples.",
      );
    const [verb, target] = args;
    if (target.startsWith('/')) {
      if (opts.subresource) throw new CliError('error: --subresource can not be used with NonResourceURL');
      if (!NON_RESOURCE_VERBS.includes(verb)) warn(`verb '${verb}' is not a known verb`);
    } else {
      const info = resourceFor(target.split('/')[0]);
      if (!opts.allNamespaces) {
        if (info && info !== '*' && !info.namespaced)
          warn(
            info.group
              ? `resource '${info.plural}' is not namespace scoped in group '${info.group}'`
              : `resource '${info.plural}' is not namespace scoped`,
          );
        if (!RESOURCE_VERBS.includes(verb)) warn(`verb '${verb}' is not a known verb`);
      }
    }
    if (opts.noHeaders) throw new CliError('error: --no-headers cannot be set without --list specified');
    if (!opts.quiet) out('yes');
  },
};
