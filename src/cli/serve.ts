// `sts serve [--port N] [--address 127.0.0.1] [--kubeconfig-out FILE]`: the cluster file behind a
// Kubernetes API server, so the real kubectl, Helm and client libraries can use the simulation.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { CliError } from '../api/errors.js';
import { statePath } from '../store/file.js';
import { err, localPath, out } from './output.js';
import { flag, type Verb } from './verb.js';

export const serveVerb: Verb = {
  flags: [
    flag('--port', 'int', '6443', 'The port to listen on (0: any free port).'),
    flag('--address', 'string', '127.0.0.1', 'The address to listen on. Anything but loopback needs --allow-remote and --token.'),
    flag('--kubeconfig-out', 'string', '', 'Write a kubeconfig for this server to FILE (KUBECONFIG=FILE kubectl get pods).'),
    flag('--token', 'string', '', 'A bearer token every request must carry (written into --kubeconfig-out).'),
    flag('--allow-remote', 'bool', 'false', 'Allow a non-loopback --address (with --token).'),
    flag('--tls', 'bool', 'false', 'Serve HTTPS with a self-signed certificate made at start (its CA goes into --kubeconfig-out).'),
  ],
  help: {
    short: 'Serve the simulated cluster as a Kubernetes API server (for kubectl, Helm and client libraries)',
    usage: 'sts serve [--port=6443] [--address=127.0.0.1] [--kubeconfig-out=FILE] [--token=TOKEN]',
  },
  run: ({ opts }) => serve(opts),
};

interface ServeOpts {
  state?: string;
  port?: number;
  address?: string;
  kubeconfigOut?: string;
  token?: string;
  allowRemote?: boolean;
  tls?: boolean;
}

const isLoopback = (a: string) => a === 'localhost' || a === '::1' || /^127\./.test(a);

/** A kubeconfig naming this server, for kubectl and client libraries (`ca`: the PEM its certificate is checked with). */
export function kubeconfigFor(url: string, token: string | undefined, ca?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    // client libraries (client-node) refuse plain http unless TLS checks are explicitly off
    ...(url.startsWith('http://') ? ['    insecure-skip-tls-verify: true'] : []),
    ...(ca ? [`    certificate-authority-data: ${Buffer.from(ca).toString('base64')}`] : []),
    `    server: ${url}`,
    '  name: sts',
    'contexts:',
    '- context:',
    '    cluster: sts',
    '    user: sts',
    '  name: sts',
    'current-context: sts',
    'preferences: {}',
    'users:',
    '- name: sts',
    `  user: ${token ? `\n    token: ${token}` : '{}'}`,
    '',
  ].join('\n');
}

export async function serve(opts: ServeOpts): Promise<void> {
  const address = opts.address ?? '127.0.0.1';
  const port = opts.port ?? 6443;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`error: invalid port ${port}: must be between 0 and 65535`);
  if (address !== 'localhost' && !isIP(address)) throw new CliError(`error: invalid --address "${address}": must be an IP address`);
  if (!isLoopback(address) && !(opts.allowRemote && opts.token))
    throw new CliError(
      `error: --address ${address} is not loopback: serving it needs --allow-remote and --token (anyone who reaches it could change the cluster)`,
    );
  const file = statePath(opts.state);
  const { startServer } = await import('../serve/server.js');
  const { serveRoutes } = await import('../serve/routes.js');
  const tls = opts.tls ? (await import('../serve/tls.js')).selfSignedCertificate(address) : undefined;
  // over HTTPS kubectl asks for a user name and password unless the kubeconfig gives a credential: a token made now
  const token = opts.token || (tls ? randomBytes(16).toString('hex') : undefined);
  const server = await startServer({
    statePath: file,
    port,
    address,
    token,
    log: (line) => err(line),
    extra: serveRoutes(),
    tls,
  }).catch((e: NodeJS.ErrnoException) => {
    const where = `${address}:${port}`;
    if (e.code === 'EADDRINUSE')
      throw new CliError(`error: cannot listen on ${where}: the address is in use (choose another --port, or --port 0 for any free one)`);
    if (e.code === 'EACCES') throw new CliError(`error: cannot listen on ${where}: permission denied (ports below 1024 need privileges)`);
    if (e.code === 'EADDRNOTAVAIL') throw new CliError(`error: cannot listen on ${where}: no such address on this machine`);
    throw e;
  });
  if (opts.kubeconfigOut) writeFileSync(localPath(opts.kubeconfigOut), kubeconfigFor(server.url, token, tls?.cert), { mode: 0o600 });
  out(`Serving ${file} at ${server.url}`);
  if (opts.kubeconfigOut) out(`Kubeconfig written to ${opts.kubeconfigOut}: KUBECONFIG=${opts.kubeconfigOut} kubectl get pods`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  out('Stopped.');
}
