// The kubeconfig sts presents, kept in the cluster file: contexts and the current one (clientcmd's
// api.Config) over the one simulated cluster and user. The rules kubectl's config commands follow
// (kubectl/pkg/cmd/config: create_context.go, use_context.go) and clientcmd's namespace rule.
import { CliError } from '../api/errors.js';

export interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  /** absent: commands work in "default" */
  namespace?: string;
}

export interface Kubeconfig {
  currentContext: string;
  contexts: KubeContext[];
  /** the address `sts serve` listens on, while one is recorded; else SERVER */
  server?: string;
}

/** The one cluster and user every new cluster file has, named as kind names them after the cluster. */
export const CLUSTER = 'sts';
export const USER = 'sts';
/** kubeadm's (and kind's) API server address. */
export const SERVER = 'https://127.0.0.1:6443';

/** The credentials `config view --raw` shows: kind's shape (a CA, a client certificate and key),
 *  placeholders, since nothing in the simulation speaks TLS. */
const pem = (label: string, text: string) => Buffer.from(`-----BEGIN ${label}-----\n${text}\n-----END ${label}-----\n`).toString('base64');
export const CREDENTIALS = {
  certificateAuthority: pem('CERTIFICATE', 'sts simulated cluster CA (placeholder)'),
  clientCertificate: pem('CERTIFICATE', 'sts simulated user (placeholder)'),
  clientKey: pem('RSA PRIVATE KEY', 'sts simulated user key (placeholder)'),
};

export const newKubeconfig = (): Kubeconfig => ({ currentContext: 'sts', contexts: [{ name: 'sts', cluster: CLUSTER, user: USER }] });

export const serverOf = (k: Kubeconfig): string => k.server ?? SERVER;

export const currentContextOf = (k: Kubeconfig): KubeContext | undefined => k.contexts.find((c) => c.name === k.currentContext);

/** clientcmd's DirectClientConfig.Namespace without -n: the current context's namespace, else "default". */
export function contextNamespace(k: Kubeconfig): string {
  return currentContextOf(k)?.namespace || 'default';
}

export interface ContextChange {
  cluster?: string;
  user?: string;
  /** '' clears it */
  namespace?: string;
}

/** `config set-context [NAME | --current]`: merge the given fields into the context, creating it if new. */
export function setContext(k: Kubeconfig, name: string | undefined, current: boolean, change: ContextChange): { name: string; created: boolean } {
  if (!name && !current) throw new CliError('error: you must specify a non-empty context name or --current');
  if (name && current) throw new CliError('error: you cannot specify both a context name and --current');
  const target = current ? k.currentContext : name!;
  if (!target) throw new CliError('error: no current context is set');
  let ctx = k.contexts.find((c) => c.name === target);
  const created = !ctx;
  if (!ctx) {
    ctx = { name: target, cluster: '', user: '' };
    k.contexts.push(ctx);
  }
  if (change.cluster !== undefined) ctx.cluster = change.cluster;
  if (change.user !== undefined) ctx.user = change.user;
  if (change.namespace !== undefined) {
    if (change.namespace) ctx.namespace = change.namespace;
    else delete ctx.namespace;
  }
  return { name: target, created };
}

/** `config use-context NAME`. */
export function useContext(k: Kubeconfig, name: string): void {
  if (!name) throw new CliError('error: empty context names are not allowed');
  if (!k.contexts.some((c) => c.name === name)) throw new CliError(`error: no context exists with the name: ${JSON.stringify(name)}`);
  k.currentContext = name;
}
