// Bad input of every kind: one clear message in kubectl's shape, exit 1, cluster file unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts, webCluster } from '../helpers.js';

describe('manifest and validation errors', () => {
  let sts: Sts;
  let before: string;
  beforeAll(() => {
    sts = webCluster();
    before = readFileSync(sts.state, 'utf8');
  });
  afterAll(() => sts.cleanup());

  const cases: [string, string][] = [
    ['syntax', 'error: error parsing fixtures/invalid/syntax.yaml: error converting YAML to JSON: yaml: line 5: bad indentation of a mapping entry'],
    [
      'nokind',
      `error: unable to decode "fixtures/invalid/nokind.yaml": Object 'Kind' is missing in '{"apiVersion":"apps/v1","metadata":{"name":"web"}}'`,
    ],
    [
      'crd',
      'error: resource mapping not found for name: "w" namespace: "" from "fixtures/invalid/crd.yaml": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first',
    ],
    [
      'unknown',
      'Error from server (BadRequest): error when creating "fixtures/invalid/unknown.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"',
    ],
    [
      'type',
      'Error from server (BadRequest): error when creating "fixtures/invalid/type.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32',
    ],
    [
      'invalid',
      [
        'The StatefulSet "Web_2" is invalid: ',
        `* metadata.name: Invalid value: "Web_2": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        '* spec.replicas: Invalid value: -1: must be greater than or equal to 0',
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`',
      ].join('\n'),
    ],
  ];
  for (const [file, message] of cases)
    it(`create -f ${file}.yaml: ${message.slice(0, 40)}…`, () => {
      const r = sts.run(`create -f fixtures/invalid/${file}.yaml`);
      expect(r).toEqual({ stdout: '', stderr: `${message}\n`, code: 1 });
      expect(readFileSync(sts.state, 'utf8')).toBe(before);
    });

  it('re-creating existing objects: AlreadyExists for each, exit 1', () => {
    const r = sts.run('create -f fixtures/web/web.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      lines(
        'Error from server (AlreadyExists): error when creating "fixtures/web/web.yaml": services "nginx" already exists',
        'Error from server (AlreadyExists): error when creating "fixtures/web/web.yaml": statefulsets.apps "web" already exists',
      ),
    );
  });

  it('files with no objects: create and apply refuse, delete finds nothing (as kubectl 1.33)', () => {
    expect(sts.run('create -f -', '')).toEqual({ stdout: '', stderr: 'error: no objects passed to create\n', code: 1 });
    expect(sts.run('apply -f -', '# only a comment\n')).toEqual({ stdout: '', stderr: 'error: no objects passed to apply\n', code: 1 });
    expect(sts.run('delete -f -', '')).toEqual({ stdout: 'No resources found\n', stderr: '', code: 0 });
    expect(readFileSync(sts.state, 'utf8')).toBe(before);
  });

  it('a missing file, an unknown type, a missing object', () => {
    expect(sts.run('create -f nothere.yaml')).toEqual({ stdout: '', stderr: 'error: the path "nothere.yaml" does not exist\n', code: 1 });
    expect(sts.run('get foos')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foos"\n', code: 1 });
    expect(sts.run('get pod nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(sts.run('delete pvc nope')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): persistentvolumeclaims "nope" not found\n',
      code: 1,
    });
  });

  it('a partial failure prints what was found and exits 1', () => {
    const r = sts.run('get pods web-0 nope');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NAME {4}READY/);
    expect(r.stdout).toContain('web-0');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('flags: unknown flag, bad output format, scale without --replicas', () => {
    expect(sts.run('get pods --bogus')).toEqual({ stdout: '', stderr: "error: unknown flag: --bogus\nSee 'sts get --help' for usage.\n", code: 1 });
    expect(sts.run('get pods -o bogus').stderr).toBe(
      'error: unable to match a printer suitable for the output format "bogus", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    );
    expect(sts.run('scale sts web')).toEqual({ stdout: '', stderr: 'error: required flag(s) "replicas" not set\n', code: 1 });
    expect(sts.run('scale sts web --replicas=-1')).toEqual({
      stdout: '',
      stderr: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n',
      code: 1,
    });
    expect(sts.run('scale sts web --replicas=3 --current-replicas=5').stderr).toBe('error: Expected replicas to be 5, was 2\n');
    expect(sts.run('delete pod').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(readFileSync(sts.state, 'utf8')).toBe(before);
  });

  it('shapes the decoder refuses, the simulation limit, a claim template without a name', () => {
    const web = readFileSync('fixtures/web/web.yaml', 'utf8').split('---')[1].replace('name: web', 'name: odd');
    expect(
      sts.run(
        'apply -f -',
        web.replace('  replicas: 2', '  replicas: 2\n  volumeClaimTemplates: 5').replace(/ {2}volumeClaimTemplates:\n(.|\n)*$/, ''),
      ).stderr,
    ).toBe(
      'Error from server (BadRequest): error when creating "STDIN": StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number into Go struct field StatefulSetSpec.spec.volumeClaimTemplates of type []v1.PersistentVolumeClaim\n',
    );
    expect(sts.run('apply -f -', web.replace('replicas: 2', 'replicas: 2000000000')).stderr).toBe(
      'The StatefulSet "odd" is invalid: spec.replicas: Invalid value: 2000000000: sts simulates at most 1000000 replicas per StatefulSet\n',
    );
    expect(sts.run('scale sts web --replicas=2000000000').code).toBe(1);
    expect(readFileSync(sts.state, 'utf8')).toBe(before);
    // upstream does not validate claim templates with the set: the claim's creation fails instead
    expect(sts.ok('apply -f -', web.replace('      name: www\n', ''))).toBe('statefulset.apps/odd created\n');
    expect(sts.ok('describe sts odd')).toMatch(
      /Warning {2}FailedCreate .* create Pod odd-0 in StatefulSet odd failed error: failed to create PVC -odd-0: PersistentVolumeClaim "-odd-0" is invalid/,
    );
    sts.ok('delete sts odd');
    before = readFileSync(sts.state, 'utf8');
  });

  it('a real process says the same, with exit code 1, reading a manifest from its stdin', () => {
    expect(sts.runProcess('create -f fixtures/invalid/nokind.yaml')).toEqual({ stdout: '', stderr: `${cases[1][1]}\n`, code: 1 });
    const bad = readFileSync('fixtures/invalid/unknown.yaml', 'utf8');
    expect(sts.runProcess('create -f -', bad)).toEqual({
      stdout: '',
      stderr: `${cases[3][1].replace('fixtures/invalid/unknown.yaml', 'STDIN')}\n`,
      code: 1,
    });
    expect(readFileSync(sts.state, 'utf8')).toBe(before);
  });

  it('an update of an immutable field is forbidden and changes nothing', () => {
    const changed = readFileSync('fixtures/web/web.yaml', 'utf8').replace('serviceName: "nginx"', 'serviceName: "other"');
    const r = sts.run('apply -f -', changed);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('service/nginx unchanged\n');
    expect(r.stderr).toBe(
      "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n",
    );
  });
});

describe('the cluster file', () => {
  it('is refused when corrupt, and left untouched', () => {
    const sts = new Sts();
    writeFileSync(sts.state, '{"schema":1, "clock": ');
    const r = sts.run('get pods');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: cluster file "${sts.state}" is corrupt \\(.*\\); sts left it untouched\\. Move it away, or start over with 'sts cluster reset'\\n$`,
      ),
    );
    expect(readFileSync(sts.state, 'utf8')).toBe('{"schema":1, "clock": ');
    expect(sts.run('cluster reset --clock manual').code).toBe(0);
    expect(sts.run('get pods').stderr).toBe('No resources found in default namespace.\n');
    sts.cleanup();
  });

  it('is refused when its schema is newer', () => {
    const sts = new Sts();
    const data = JSON.parse(readFileSync(sts.state, 'utf8'));
    data.schema = 99;
    writeFileSync(sts.state, JSON.stringify(data));
    const text = readFileSync(sts.state, 'utf8');
    const r = sts.run('apply -f fixtures/web/web.yaml');
    expect(r.stderr).toBe(`error: cluster file "${sts.state}" has schema version 99, newer than this sts understands (3); upgrade sts to use it\n`);
    expect(r.code).toBe(1);
    expect(readFileSync(sts.state, 'utf8')).toBe(text);
    sts.cleanup();
  });

  it('serializes concurrent writers: no change is lost', async () => {
    const sts = new Sts();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => sts.spawn(['create', 'namespace', `team-${i}`])));
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
    const names = sts.ok('get ns -o name').trim().split('\n');
    for (let i = 0; i < 8; i++) expect(names).toContain(`namespace/team-${i}`);
    sts.cleanup();
  });

  it('takes over a lock left by a process that died mid-command', () => {
    const sts = new Sts();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid; // a pid that no longer runs
    writeFileSync(`${sts.state}.lock`, String(dead));
    const r = sts.run('create namespace after-crash');
    expect(r).toEqual({ stdout: 'namespace/after-crash created\n', stderr: '', code: 0 });
    expect(existsSync(`${sts.state}.lock`)).toBe(false);
    sts.cleanup();
  });

  it('is created on first use, with namespaces, a default class and nodes', () => {
    const fresh = new Sts('none');
    expect(existsSync(fresh.state)).toBe(false);
    expect(fresh.ok('get sc')).toMatch(
      new RegExp(
        [
          '^NAME                 PROVISIONER        RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE',
          'standard \\(default\\)   sts.dev/hostpath   Delete          Immediate           false                  [01]s\n$',
        ].join('\n'),
      ),
    );
    expect(existsSync(fresh.state)).toBe(true);
    expect(fresh.ok('clock')).toMatch(/^mode: real\n/);
    expect(fresh.ok('get ns -o name')).toBe(
      lines('namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system'),
    );
    expect(fresh.ok('get nodes -o name')).toBe(lines('node/node-1', 'node/node-2', 'node/node-3'));
    fresh.cleanup();
  });
});

describe('a manifest stream', () => {
  it('a document that is not an object stops the stream; the ones before it are applied (found by the soak)', () => {
    const sts = new Sts();
    const r = sts.run(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: before\n---\ns\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n',
    );
    expect(r).toEqual({
      code: 1,
      stdout: 'configmap/before created\n',
      stderr: 'error: error parsing STDIN: line 6: expected an object with apiVersion and kind, found "s"\n',
    });
    expect(sts.ok('get cm before after --ignore-not-found -o name')).toBe('configmap/before\n');
    sts.cleanup();
  });
});
