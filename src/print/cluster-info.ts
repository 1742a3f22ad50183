// `cluster-info`'s lines (kubectl/pkg/cmd/clusterinfo/clusterinfo.go): the control plane's address,
// then each cluster service's, as kubectl builds the link: its load balancer, else the API server's
// proxy path for the service's first port.
import type { KObject } from '../api/types.js';

/** go-colortext's codes, which kubectl up to 1.31 wrote (1.32 dropped colour; sts keeps it for terminals). */
const GREEN = '\x1b[0;32m';
const YELLOW = '\x1b[0;33m';
const RESET = '\x1b[0m';

/** utilnet.JoinSchemeNamePort: `name`, `name:port`, `scheme:name:port`. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  return port ? `${name}:${port}` : name;
}

export function serviceLink(svc: KObject, host: string): string {
  const ports: { name?: string; port: number }[] = svc.spec?.ports ?? [];
  const ingress = svc.status?.loadBalancer?.ingress?.[0];
  if (ingress) return ports.map((p) => `http://${ingress.ip || ingress.hostname}:${p.port} `).join('');
  let name = svc.metadata.name;
  if (ports.length) {
    const port = ports[0];
    // kubectl guesses https from the port's name or number
    name = joinSchemeNamePort(port.name === 'https' || port.port === 443 ? 'https' : '', svc.metadata.name, port.name ?? '');
  }
  return `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
}

export function clusterInfoText(host: string, services: KObject[], color: boolean): string {
  const line = (name: string, link: string) =>
    color ? `${GREEN}${name}${RESET} is running at ${YELLOW}${link}${RESET}\n` : `${name} is running at ${link}\n`;
  return (
    line('Kubernetes control plane', host) +
    services.map((s) => line(s.metadata.labels?.['kubernetes.io/name'] || s.metadata.name, serviceLink(s, host))).join('') +
    "\nTo further debug and diagnose cluster problems, use 'sts describe', 'sts get events' and 'sts logs'.\n"
  );
}
