// `config view` and `config get-contexts` as kubectl prints them: the kubeconfig as clientcmd's v1
// Config (its JSON field order; clientcmdapi.MinifyConfig and ShortenConfig's DATA+OMITTED), and
// the contexts table of get_contexts.go.
import { CliError } from '../api/errors.js';
import type { Json } from '../api/types.js';
import { CLUSTER, CREDENTIALS, USER, serverOf, type Kubeconfig, type KubeContext } from '../store/kubeconfig.js';
import { table } from './tabwriter.js';

const DATA_OMITTED = 'DATA+OMITTED';

const byName = (a: KubeContext, b: KubeContext) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The kubeconfig `config view` prints; `minify` keeps only what the current context uses, `raw` keeps the credentials. */
export function kubeconfigView(k: Kubeconfig, o: { minify?: boolean; raw?: boolean } = {}): Json {
  const data = (v: string) => (o.raw ? v : DATA_OMITTED);
  let contexts = [...k.contexts].sort(byName);
  let clusters = [{ name: CLUSTER, cluster: { server: serverOf(k), 'certificate-authority-data': data(CREDENTIALS.certificateAuthority) } }];
  let users = [
    { name: USER, user: { 'client-certificate-data': data(CREDENTIALS.clientCertificate), 'client-key-data': data(CREDENTIALS.clientKey) } },
  ];
  if (o.minify) {
    if (!k.currentContext) throw new CliError('error: current-context must exist in order to minify');
    const current = contexts.find((c) => c.name === k.currentContext);
    if (!current) throw new CliError(`error: cannot locate context ${k.currentContext}`);
    if (current.cluster && current.cluster !== CLUSTER) throw new CliError(`error: cannot locate cluster ${current.cluster}`);
    if (current.user && current.user !== USER) throw new CliError(`error: cannot locate user ${current.user}`);
    contexts = [current];
    if (!current.cluster) clusters = [];
    if (!current.user) users = [];
  }
  const orNull = <T>(list: T[]) => (list.length ? list : null);
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: orNull(clusters),
    users: orNull(users),
    contexts: orNull(
      contexts.map((c) => ({ name: c.name, context: { cluster: c.cluster, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
    ),
    'current-context': k.currentContext,
  };
}

/** `config get-contexts [NAME…]`: the table (or names), and a `context X not found` for each unknown name. */
export function contextsList(k: Kubeconfig, names: string[], o: { names?: boolean; noHeaders?: boolean }): { text: string; errors: string[] } {
  const find = (n: string) => k.contexts.find((c) => c.name === n);
  const errors = names.filter((n) => !find(n)).map((n) => `context ${n} not found`);
  // as kubectl: a name given twice is listed twice
  const shown = (names.length ? names.map(find).filter((c) => c !== undefined) : [...k.contexts]).sort(byName);
  if (o.names) return { text: shown.map((c) => `${c.name}\n`).join(''), errors };
  const rows = shown.map((c) => [c.name === k.currentContext ? '*' : '', c.name, c.cluster, c.user, c.namespace ?? '']);
  return { text: table([...(o.noHeaders ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']]), ...rows]), errors };
}
