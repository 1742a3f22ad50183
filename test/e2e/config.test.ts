// `config` (the context and its namespace, as every command uses it), `api-versions`, `cluster-info`
// and `auth can-i`: whole outputs, as kubectl 1.33 prints them for an equivalent kubeconfig.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';

const VIEW = (contexts: string[], current = 'sts') =>
  lines(
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    '    certificate-authority-data: DATA+OMITTED',
    '    server: https://127.0.0.1:6443',
    '  name: sts',
    'contexts:',
    ...contexts,
    `current-context: ${current}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: sts',
    '  user:',
    '    client-certificate-data: DATA+OMITTED',
    '    client-key-data: DATA+OMITTED',
  );
const STS_CONTEXT = ['- context:', '    cluster: sts', '    user: sts', '  name: sts'];

const SERVICE = (ns?: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  ports:\n  - port: 80\n  selector:\n    app: web\n`;

describe('config', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts();
    sts.ok('create namespace foo');
  });
  afterAll(() => sts.cleanup());

  it('a new cluster has one context, sts, with no namespace', () => {
    expect(sts.ok('config current-context')).toBe('sts\n');
    expect(sts.ok('config view')).toBe(VIEW(STS_CONTEXT));
    expect(sts.ok('config get-contexts')).toBe(lines('CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE', '*         sts    sts       sts        '));
    expect(sts.ok('config view --raw')).toMatch(/^ {4}certificate-authority-data: LS0t[A-Za-z0-9+/=]+$/m);
  });

  it('set-context --current --namespace: every command works there; -n still wins', () => {
    expect(sts.ok('config set-context --current --namespace=foo')).toBe('Context "sts" modified.\n');
    expect(sts.run('get pods')).toEqual({ stdout: '', stderr: 'No resources found in foo namespace.\n', code: 0 });
    expect(sts.run('get pods -n default').stderr).toBe('No resources found in default namespace.\n');
    expect(sts.ok('config get-contexts --no-headers')).toBe('*     sts   sts   sts   foo\n');
    expect(sts.ok('config view --minify -o json')).toBe(
      JSON.stringify(
        {
          kind: 'Config',
          apiVersion: 'v1',
          preferences: {},
          clusters: [{ name: 'sts', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'DATA+OMITTED' } }],
          users: [{ name: 'sts', user: { 'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED' } }],
          contexts: [{ name: 'sts', context: { cluster: 'sts', user: 'sts', namespace: 'foo' } }],
          'current-context': 'sts',
        },
        null,
        4,
      ) + '\n',
    );
  });

  it('apply -f: a manifest without a namespace lands in the context namespace; its own namespace is kept; only -n must agree with it', () => {
    expect(sts.ok('apply -f -', SERVICE())).toBe('service/web created\n');
    expect(sts.ok('get svc web -o jsonpath={.metadata.namespace}')).toBe('foo');
    expect(sts.ok('apply -f -', SERVICE('default'))).toBe('service/web created\n');
    expect(sts.ok('get svc -n default -o name')).toBe(lines('service/kubernetes', 'service/web'));
    expect(sts.run('apply -n foo -f -', SERVICE('default'))).toEqual({
      stdout: '',
      stderr: `error: the namespace from the provided object "default" does not match the namespace "foo". You must pass '--namespace=default' to perform this operation.\n`,
      code: 1,
    });
    expect(sts.ok('delete svc web')).toBe('service "web" deleted\n');
    expect(sts.ok('get svc -o name -A')).toBe(lines('service/kubernetes', 'service/web', 'service/kube-dns'));
  });

  it('named contexts: created, modified, used; unknown names refused with kubectl’s words', () => {
    expect(sts.ok('config set-context x --namespace=bar')).toBe('Context "x" created.\n');
    expect(sts.ok('config set-context x --namespace=baz')).toBe('Context "x" modified.\n');
    expect(sts.run('config use-context nope')).toEqual({ stdout: '', stderr: 'error: no context exists with the name: "nope"\n', code: 1 });
    expect(sts.run('config set-context x --current').stderr).toBe('error: you cannot specify both a context name and --current\n');
    expect(sts.run('config set-context').stderr).toBe('error: you must specify a non-empty context name or --current\n');
    expect(sts.ok('config use x')).toBe('Switched to context "x".\n');
    expect(sts.ok('config current-context')).toBe('x\n');
    expect(sts.ok('config get-contexts')).toBe(
      lines(
        'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE',
        '          sts    sts       sts        foo',
        '*         x                           baz',
      ),
    );
    expect(sts.ok('config get-contexts -o name')).toBe(lines('sts', 'x'));
    expect(sts.run('config get-contexts x nope')).toEqual({
      stdout: lines('CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE', '*         x                           baz'),
      stderr: 'error: context nope not found\n',
      code: 1,
    });
    expect(sts.run('config get-contexts a b').stderr).toBe('context a not found\ncontext b not found\n');
    expect(sts.ok('config view')).toBe(
      VIEW(
        [
          '- context:',
          '    cluster: sts',
          '    namespace: foo',
          '    user: sts',
          '  name: sts',
          '- context:',
          '    cluster: ""',
          '    namespace: baz',
          '    user: ""',
          '  name: x',
        ],
        'x',
      ),
    );
    expect(sts.ok('config view --minify')).toBe(
      lines(
        'apiVersion: v1',
        'clusters: null',
        'contexts:',
        '- context:',
        '    cluster: ""',
        '    namespace: baz',
        '    user: ""',
        '  name: x',
        'current-context: x',
        'kind: Config',
        'preferences: {}',
        'users: null',
      ),
    );
    expect(sts.ok(['config', 'view', '-o', 'jsonpath={.contexts[*].context.namespace}'])).toBe('foo baz');
    expect(sts.run('get pods').stderr).toBe('No resources found in baz namespace.\n');
    expect(sts.ok('config set-context --current --namespace=')).toBe('Context "x" modified.\n');
    expect(sts.run('get pods').stderr).toBe('No resources found in default namespace.\n');
    expect(sts.ok('config use-context sts')).toBe('Switched to context "sts".\n');
  });

  it('refuses what kubectl refuses', () => {
    expect(sts.run('config get-contexts -o yaml').stderr).toBe(
      'error: --output yaml is not available in sts config get-contexts; resetting to default output format\n',
    );
    expect(sts.run('config view -o wide').stderr).toBe(
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
    const r = sts.run('config use-context a b');
    expect(r.stdout).toMatch(/^Set the current-context in a kubeconfig file\.\n/);
    expect(r.stderr).toBe('error: Unexpected args: [a b]\n');
    expect(r.code).toBe(1);
  });
});

describe('cluster files from before contexts', () => {
  it('load with the sts context and no namespace', () => {
    const sts = new Sts();
    const file = JSON.parse(readFileSync(sts.state, 'utf8'));
    delete file.kubeconfig;
    writeFileSync(sts.state, JSON.stringify(file));
    expect(sts.run('get pods').stderr).toBe('No resources found in default namespace.\n');
    expect(sts.ok('config get-contexts -o name')).toBe('sts\n');
    sts.cleanup();
  });
});

describe('informational verbs', () => {
  let sts: Sts;
  beforeAll(() => (sts = new Sts()));
  afterAll(() => sts.cleanup());

  it('api-versions: the group/versions sts serves, sorted as kubectl sorts them', () => {
    expect(sts.ok('api-versions')).toBe(
      lines(
        'apps/v1',
        'autoscaling/v1',
        'autoscaling/v2',
        'batch/v1',
        'discovery.k8s.io/v1',
        'networking.k8s.io/v1',
        'policy/v1',
        'rbac.authorization.k8s.io/v1',
        'storage.k8s.io/v1',
        'v1',
      ),
    );
  });

  it('cluster-info: the control plane and the cluster services of kube-system (or of -n)', () => {
    const trailer = "\nTo further debug and diagnose cluster problems, use 'sts describe', 'sts get events' and 'sts logs'.\n";
    expect(sts.ok('cluster-info')).toBe(
      'Kubernetes control plane is running at https://127.0.0.1:6443\n' +
        'CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n' +
        trailer,
    );
    // the context's namespace does not move it; -n does
    sts.ok('config set-context --current --namespace=default');
    expect(sts.ok('cluster-info')).toMatch(/^CoreDNS is running/m);
    expect(sts.ok('cluster-info -n default')).toBe('Kubernetes control plane is running at https://127.0.0.1:6443\n' + trailer);
  });

  it('auth can-i: yes, with kubectl’s warnings and usage errors', () => {
    expect(sts.run('auth can-i create statefulsets.apps')).toEqual({ stdout: 'yes\n', stderr: '', code: 0 });
    expect(sts.run('auth can-i get pods/web-0 -q')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(sts.run('auth can-i get foos')).toEqual({
      stdout: 'yes\n',
      stderr: "Warning: the server doesn't have a resource type 'foos'\n\n",
      code: 0,
    });
    expect(sts.run('auth can-i frob nodes').stderr).toBe(
      "Warning: resource 'nodes' is not namespace scoped\n\nWarning: verb 'frob' is not a known verb\n\n",
    );
    expect(sts.run('auth can-i get storageclasses -A').stderr).toBe('');
    expect(sts.run('auth can-i get pods web-0')).toEqual({
      stdout: '',
      stderr: "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'sts auth can-i -h' for help and examples.\n",
      code: 1,
    });
    expect(sts.ok('auth can-i --list').split('\n').slice(0, 3)).toEqual([
      'Resources                                       Non-Resource URLs   Resource Names   Verbs',
      '*.*                                             []                  []               [*]',
      '                                                [*]                 []               [*]',
    ]);
  });
});
