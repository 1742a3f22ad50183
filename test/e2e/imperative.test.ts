// create configmap | secret generic | service clusterip: the client dry run is byte for byte what
// kubectl 1.33 prints for the same sources (expected texts from kubectl itself), creating goes
// through the API (get, describe, errors), and kubectl's validation messages.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';

/** The sources kubectl was run with: a directory (text, an indented text, bytes) and an env file. */
function writeSources(dir: string): { conf: string; env: string } {
  const conf = join(dir, 'conf');
  mkdirSync(conf, { recursive: true });
  writeFileSync(join(conf, 'app.properties'), 'color=blue\nsize=10\n');
  writeFileSync(join(conf, 'motd'), 'Welcome!\n  indented line\n');
  writeFileSync(join(conf, 'logo.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]));
  const env = join(dir, 'app.env');
  writeFileSync(env, '# comment\nMODE=prod\nGREETING=hello: world\n\nEMPTY=\n');
  return { conf, env };
}

describe('client dry run: what kubectl prints, without the cluster', () => {
  let sts: Sts;
  let src: { conf: string; env: string };
  beforeAll(() => {
    sts = new Sts('none');
    src = writeSources(sts.dir);
  });
  afterAll(() => sts.cleanup());

  it('configmap from a directory and literals, as YAML', () => {
    const argv = [
      'create',
      'configmap',
      'app-config',
      `--from-file=${src.conf}`,
      '--from-literal=replicas=3',
      '--from-literal=enabled=yes',
      '--from-literal=note=a: b',
    ];
    expect(sts.ok([...argv, '--dry-run=client', '-o', 'yaml'])).toBe(
      lines(
        'apiVersion: v1',
        'binaryData:',
        '  logo.bin: iVBOR/8=',
        'data:',
        '  app.properties: |',
        '    color=blue',
        '    size=10',
        '  enabled: "yes"',
        '  motd: |',
        '    Welcome!',
        '      indented line',
        "  note: 'a: b'",
        '  replicas: "3"',
        'kind: ConfigMap',
        'metadata:',
        '  creationTimestamp: null',
        '  name: app-config',
      ),
    );
    expect(existsSync(sts.state)).toBe(false);
  });

  it('configmap from an env file in a namespace, as JSON (Go field order)', () => {
    expect(sts.ok(['create', 'configmap', 'env-config', `--from-env-file=${src.env}`, '-n', 'shop', '--dry-run=client', '-o', 'json'])).toBe(
      lines(
        '{',
        '    "kind": "ConfigMap",',
        '    "apiVersion": "v1",',
        '    "metadata": {',
        '        "name": "env-config",',
        '        "namespace": "shop",',
        '        "creationTimestamp": null',
        '    },',
        '    "data": {',
        '        "EMPTY": "",',
        '        "GREETING": "hello: world",',
        '        "MODE": "prod"',
        '    }',
        '}',
      ),
    );
  });

  it('secret generic: base64 data; --type and --append-hash', () => {
    expect(
      sts.ok([
        'create',
        'secret',
        'generic',
        'db',
        '--from-literal=username=admin',
        '--from-literal=password=s3cr3t!',
        `--from-file=key.pem=${join(src.conf, 'motd')}`,
        '--dry-run=client',
        '-o',
        'yaml',
      ]),
    ).toBe(
      lines(
        'apiVersion: v1',
        'data:',
        '  key.pem: V2VsY29tZSEKICBpbmRlbnRlZCBsaW5lCg==',
        '  password: czNjcjN0IQ==',
        '  username: YWRtaW4=',
        'kind: Secret',
        'metadata:',
        '  creationTimestamp: null',
        '  name: db',
      ),
    );
    expect(
      sts.ok('create secret generic db --from-literal=username=admin --type=kubernetes.io/basic-auth --append-hash --dry-run=client -o json'),
    ).toBe(
      lines(
        '{',
        '    "kind": "Secret",',
        '    "apiVersion": "v1",',
        '    "metadata": {',
        '        "name": "db-fth6bfmt9b",',
        '        "creationTimestamp": null',
        '    },',
        '    "data": {',
        '        "username": "YWRtaW4="',
        '    },',
        '    "type": "kubernetes.io/basic-auth"',
        '}',
      ),
    );
    expect(sts.ok('create configmap app-config --from-literal=a=b --append-hash --dry-run=client -o name')).toBe('configmap/app-config-65kg6bk9d9\n');
  });

  it('service clusterip: ports named after their spec, the app label and selector; headless', () => {
    expect(sts.ok('create service clusterip web --tcp=80:8080 --tcp=443:https --dry-run=client -o yaml')).toBe(
      lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: web',
        '  name: web',
        'spec:',
        '  ports:',
        '  - name: 80-8080',
        '    port: 80',
        '    protocol: TCP',
        '    targetPort: 8080',
        '  - name: 443-https',
        '    port: 443',
        '    protocol: TCP',
        '    targetPort: https',
        '  selector:',
        '    app: web',
        '  type: ClusterIP',
        'status:',
        '  loadBalancer: {}',
      ),
    );
    expect(sts.ok('create svc clusterip nginx --clusterip=None --dry-run=client -o json')).toBe(
      lines(
        '{',
        '    "kind": "Service",',
        '    "apiVersion": "v1",',
        '    "metadata": {',
        '        "name": "nginx",',
        '        "creationTimestamp": null,',
        '        "labels": {',
        '            "app": "nginx"',
        '        }',
        '    },',
        '    "spec": {',
        '        "selector": {',
        '            "app": "nginx"',
        '        },',
        '        "clusterIP": "None",',
        '        "type": "ClusterIP"',
        '    },',
        '    "status": {',
        '        "loadBalancer": {}',
        '    }',
        '}',
      ),
    );
    expect(sts.ok('create cm x --from-literal=a=b --dry-run=client')).toBe('configmap/x created (dry run)\n');
  });

  it("kubectl's validation messages", () => {
    const cases: [string, string][] = [
      ['create configmap', "error: exactly one NAME is required, got 0\nSee 'sts create configmap -h' for help and examples\n"],
      ['create secret generic a b', "error: exactly one NAME is required, got 2\nSee 'sts create secret generic -h' for help and examples\n"],
      ['create configmap x --from-literal=a', 'error: invalid literal source a, expected key=value\n'],
      [
        'create configmap x --from-literal=a=b --from-literal=a=c',
        'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"\n',
      ],
      ['create configmap x --from-file=/nonexistent', 'error: error reading /nonexistent: no such file or directory\n'],
      [`create configmap x --from-file=k=${src.conf}`, 'error: cannot give a key name for a directory path\n'],
      [
        `create configmap x --from-env-file=${src.env} --from-literal=a=b`,
        'error: from-env-file cannot be combined with from-file or from-literal\n',
      ],
      [`create secret generic x --from-env-file=${src.conf}`, 'error: env secret file cannot be a directory\n'],
      ['create service clusterip s', 'error: at least one tcp port specifier must be provided\n'],
      ['create service clusterip s --tcp=70000', 'error: strconv.ParseUint: parsing "70000": value out of range\n'],
      ['create service clusterip s --tcp=80:Bad_Name', 'error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n'],
      ['create service clusterip s --tcp=80:99999', 'error: must be between 1 and 65535, inclusive\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = sts.run(`${args} --dry-run=client`);
      expect([args, r.stderr, r.code]).toEqual([args, stderr, 1]);
    }
    expect(existsSync(sts.state)).toBe(false);
  });
});

describe('creating', () => {
  let sts: Sts;
  let src: { conf: string; env: string };
  beforeAll(() => {
    sts = new Sts();
    src = writeSources(sts.dir);
  });
  afterAll(() => sts.cleanup());

  it('created; get shows DATA (and TYPE); AlreadyExists as kubectl words it', () => {
    expect(sts.ok(['create', 'configmap', 'app-config', `--from-file=${src.conf}`, '--from-literal=note=a: b'])).toBe(
      'configmap/app-config created\n',
    );
    expect(sts.ok('create secret generic db --from-literal=username=admin --from-literal=password=s3cr3t!')).toBe('secret/db created\n');
    expect(sts.ok('create secret generic tls-ish --from-literal=a=b --type=kubernetes.io/basic-auth')).toBe('secret/tls-ish created\n');
    expect(sts.ok('create service clusterip web --tcp=80:8080')).toBe('service/web created\n');
    expect(sts.ok('get configmaps,secrets')).toBe(
      lines(
        'NAME                         DATA   AGE',
        'configmap/app-config         4      0s',
        'configmap/kube-root-ca.crt   1      0s',
        '',
        'NAME             TYPE                       DATA   AGE',
        'secret/db        Opaque                     2      0s',
        'secret/tls-ish   kubernetes.io/basic-auth   1      0s',
      ),
    );
    expect(sts.ok('get svc web -o jsonpath={.spec.ports[0].targetPort}/{.spec.selector.app}')).toBe('8080/web');
    const again = sts.run('create configmap app-config --from-literal=a=b');
    expect([again.stderr, again.code]).toEqual(['error: failed to create configmap: configmaps "app-config" already exists\n', 1]);
    expect(sts.run('create secret generic db --from-literal=a=b').stderr).toBe('error: failed to create secret secrets "db" already exists\n');
    expect(sts.run('create service clusterip web --tcp=80').stderr).toBe(
      'error: failed to create ClusterIP service: services "web" already exists\n',
    );
    expect(sts.run('create configmap x -n nope').stderr).toBe('error: failed to create configmap: namespaces "nope" not found\n');
    expect(sts.run('create configmap Bad_Name').stderr).toBe(
      `error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
    );
  });

  it('describe: every config map value in full, secret values only by size', () => {
    expect(sts.ok('describe configmap app-config')).toBe(
      lines(
        'Name:         app-config',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        'app.properties:',
        '----',
        'color=blue',
        'size=10',
        '',
        '',
        'motd:',
        '----',
        'Welcome!',
        '  indented line',
        '',
        '',
        'note:',
        '----',
        'a: b',
        '',
        '',
        'BinaryData',
        '====',
        'logo.bin: 5 bytes',
        '',
        'Events:  <none>',
      ),
    );
    expect(sts.ok('describe secret db')).toBe(
      lines(
        'Name:         db',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  <none>',
        '',
        'Type:  Opaque',
        '',
        'Data',
        '====',
        'password:  7 bytes',
        'username:  5 bytes',
      ),
    );
  });

  it('a server dry run checks against the cluster and keeps nothing; -o prints the object as stored', () => {
    expect(sts.ok('create configmap probe --from-literal=a=b --dry-run=server')).toBe('configmap/probe created (server dry run)\n');
    expect(sts.run('get configmap probe').code).toBe(1);
    const stored = JSON.parse(sts.ok('create secret generic s2 --from-literal=a=b -o json'));
    expect([stored.type, stored.data, stored.metadata.namespace, typeof stored.metadata.uid]).toEqual(['Opaque', { a: 'Yg==' }, 'default', 'string']);
  });

  it('the dry-run YAML piped into apply', () => {
    const yaml = sts.ok(['create', 'configmap', 'piped', `--from-env-file=${src.env}`, '--dry-run=client', '-o', 'yaml']);
    expect(sts.ok('apply -f -', yaml)).toBe('configmap/piped created\n');
    expect(sts.ok('get configmap piped -o jsonpath={.data.GREETING}')).toBe('hello: world');
  });
});
