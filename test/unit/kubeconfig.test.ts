// The kubeconfig rules (clientcmd's namespace, kubectl config's set-context/use-context, MinifyConfig),
// the contexts list, cluster-info's service links and api-versions, as pure functions.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/types.js';
import { apiVersions } from '../../src/cli/api-resources.js';
import { serviceLink } from '../../src/print/cluster-info.js';
import { contextsList, kubeconfigView } from '../../src/print/kubeconfig.js';
import { contextNamespace, newKubeconfig, setContext, useContext, type Kubeconfig } from '../../src/store/kubeconfig.js';

const withContexts = (...extra: Kubeconfig['contexts']): Kubeconfig => ({ ...newKubeconfig(), contexts: [...newKubeconfig().contexts, ...extra] });
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('contextNamespace (clientcmd DirectClientConfig.Namespace)', () => {
  it('is default without a namespace in the current context', () => expect(contextNamespace(newKubeconfig())).toBe('default'));
  it("is the current context's namespace", () => {
    const k = withContexts({ name: 'x', cluster: '', user: '', namespace: 'bar' });
    expect(contextNamespace(k)).toBe('default');
    useContext(k, 'x');
    expect(contextNamespace(k)).toBe('bar');
  });
});

describe('setContext (create_context.go)', () => {
  it('creates a context with empty cluster and user', () => {
    const k = newKubeconfig();
    expect(setContext(k, 'x', false, { namespace: 'bar' })).toEqual({ name: 'x', created: true });
    expect(k.contexts[1]).toEqual({ name: 'x', cluster: '', user: '', namespace: 'bar' });
  });
  it('merges only the fields given into an existing context; an empty namespace clears it', () => {
    const k = newKubeconfig();
    expect(setContext(k, undefined, true, { namespace: 'foo' })).toEqual({ name: 'sts', created: false });
    expect(k.contexts[0]).toEqual({ name: 'sts', cluster: 'sts', user: 'sts', namespace: 'foo' });
    setContext(k, 'sts', false, { namespace: '' });
    expect(k.contexts[0]).toEqual({ name: 'sts', cluster: 'sts', user: 'sts' });
  });
  it('needs a name or --current, not both', () => {
    expect(thrown(() => setContext(newKubeconfig(), undefined, false, {}))).toBe('error: you must specify a non-empty context name or --current');
    expect(thrown(() => setContext(newKubeconfig(), 'x', true, {}))).toBe('error: you cannot specify both a context name and --current');
  });
});

describe('useContext (use_context.go)', () => {
  it('refuses unknown and empty names', () => {
    expect(thrown(() => useContext(newKubeconfig(), 'x'))).toBe('error: no context exists with the name: "x"');
    expect(thrown(() => useContext(newKubeconfig(), ''))).toBe('error: empty context names are not allowed');
  });
});

describe('kubeconfigView (view.go)', () => {
  it('omits the credentials unless raw', () => {
    expect(kubeconfigView(newKubeconfig()).users[0].user['client-key-data']).toBe('DATA+OMITTED');
    expect(kubeconfigView(newKubeconfig(), { raw: true }).users[0].user['client-key-data']).toMatch(/^LS0t/);
  });
  it('lists contexts by name, with the address sts serve records', () => {
    const k = { ...withContexts({ name: 'a', cluster: '', user: '' }), server: 'https://127.0.0.1:7443' };
    const v = kubeconfigView(k);
    expect(v.contexts.map((c: { name: string }) => c.name)).toEqual(['a', 'sts']);
    expect(v.clusters[0].cluster.server).toBe('https://127.0.0.1:7443');
  });
  it('minify: what the current context uses, or MinifyConfig’s errors', () => {
    const k = withContexts({ name: 'x', cluster: 'c2', user: '' });
    useContext(k, 'x');
    expect(thrown(() => kubeconfigView(k, { minify: true }))).toBe('error: cannot locate cluster c2');
    k.contexts[1].cluster = '';
    expect(kubeconfigView(k, { minify: true })).toMatchObject({ clusters: null, users: null, contexts: [{ name: 'x' }] });
  });
});

describe('contextsList (get_contexts.go)', () => {
  it('lists a name as often as it is given, sorted; unknown names are errors', () => {
    const k = withContexts({ name: 'a', cluster: '', user: '' });
    expect(contextsList(k, ['sts', 'a', 'sts', 'zz'], { names: true })).toEqual({ text: 'a\nsts\nsts\n', errors: ['context zz not found'] });
  });
});

describe('serviceLink (clusterinfo.go)', () => {
  const svc = (spec: object, status: object = {}): KObject =>
    ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'ns' }, spec, status }) as KObject;
  const host = 'https://127.0.0.1:6443';
  it('the proxy path of the first port, https guessed from its name or number', () => {
    expect(serviceLink(svc({ ports: [{ name: 'http', port: 80 }] }), host)).toBe(`${host}/api/v1/namespaces/ns/services/web:http/proxy`);
    expect(serviceLink(svc({ ports: [{ port: 443 }] }), host)).toBe(`${host}/api/v1/namespaces/ns/services/https:web:/proxy`);
    expect(serviceLink(svc({}), host)).toBe(`${host}/api/v1/namespaces/ns/services/web/proxy`);
  });
  it('a load balancer: every port at its ingress', () => {
    expect(serviceLink(svc({ ports: [{ port: 80 }, { port: 8080 }] }, { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } }), host)).toBe(
      'http://lb.example:80 http://lb.example:8080 ',
    );
  });
});

describe('apiVersions', () => {
  it('are unique and sorted as Go sorts strings (the core v1 last)', () => {
    const v = apiVersions();
    expect(v).toEqual([...new Set(v)].sort());
    expect(v[v.length - 1]).toBe('v1');
  });
});
