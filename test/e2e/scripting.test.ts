// Built for shell scripts: output formats, selectors, label/annotate, dry runs, and the small
// commands scripts call (api-resources, version, explain, completion).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorize } from '../../src/print/color.js';
import { lines, Sts } from '../helpers.js';

let sts: Sts;
beforeAll(() => {
  sts = new Sts();
  sts.ok('apply -f fixtures/web/web.yaml');
  sts.ok('scale sts web --replicas=3 --wait');
});
afterAll(() => sts.cleanup());

describe('output formats', () => {
  it('jsonpath: lists, range, filters, recursive descent, no trailing newline', () => {
    expect(sts.ok(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'])).toBe('web-0 web-1 web-2');
    expect(sts.ok(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'])).toBe(
      'web-0\tRunning\nweb-1\tRunning\nweb-2\tRunning\n',
    );
    expect(sts.ok(['get', 'pods', '-o', 'jsonpath={.items[?(@.metadata.name=="web-1")].spec.hostname}'])).toBe('web-1');
    expect(sts.ok(['get', 'sts', 'web', '-o', 'jsonpath={..image}'])).toBe('registry.k8s.io/nginx-slim:0.21');
    expect(sts.ok(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.labels.app}'])).toBe('nginx');
    expect(sts.ok(['get', 'pods', '-o', 'jsonpath-file=fixtures/templates/phases.jsonpath'])).toBe(
      lines('web-0=Running', 'web-1=Running', 'web-2=Running'),
    );
    expect(sts.run(['get', 'pods', '-o', 'jsonpath={.items[}']).stderr).toMatch(/^error: error parsing jsonpath \{\.items\[\}, /);
  });

  it('custom-columns, from flags and from a file; <none> for what is missing', () => {
    expect(
      sts.ok([
        'get',
        'pods',
        '-o',
        'custom-columns=NAME:.metadata.name,INDEX:.metadata.labels.apps\\.kubernetes\\.io/pod-index,GATES:.spec.readinessGates',
      ]),
    ).toMatch(/^NAME {4}INDEX {3}GATES\nweb-0   0 {7}<none>\nweb-1   1 {7}<none>\n/);
    expect(sts.ok(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,CLAIM:.spec.volumes[*].persistentVolumeClaim.claimName'])).toBe(
      lines('NAME    CLAIM', 'web-0   www-web-0', 'web-1   www-web-1', 'web-2   www-web-2'),
    );
    expect(sts.ok(['get', 'pods', '-o', 'custom-columns-file=fixtures/templates/columns.txt']).split('\n')[0]).toBe('NAME    NODE');
    expect(sts.run(['get', 'pods', '-o', 'custom-columns=NAME']).stderr).toBe(
      'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n',
    );
    // the StatefulSet Basics page's own template, and kubectl's other spellings of a template
    expect(sts.ok(['get', 'pod', 'web-0', '--template', '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'])).toBe(
      'registry.k8s.io/nginx-slim:0.21',
    );
    expect(sts.ok(['get', 'pods', '-o', 'go-template={{range .items}}{{.metadata.name}} {{end}}'])).toBe('web-0 web-1 web-2 ');
    expect(sts.ok(['get', 'pods', '-o', 'template', '--template={{.kind}}'])).toBe('List');
    expect(sts.ok(['get', 'pods', '-o', 'jsonpath-as-json={.items[0].metadata.name}'])).toBe('[\n    "web-0"\n]\n');
    expect(sts.run(['get', 'pods', '-o', 'go-template'])).toEqual({
      stdout: '',
      stderr: 'error: template format specified but no template given\n',
      code: 1,
    });
    expect(sts.run(['get', 'pods', '--template={{.a'])).toEqual({
      stdout: '',
      stderr: 'error: error parsing template {{.a, template: output:1: unclosed action started at output:1\n',
      code: 1,
    });
  });

  it('-o on writes, and dry runs that change nothing', () => {
    expect(sts.ok('scale sts web --replicas=5 --dry-run=server')).toBe('statefulset.apps/web scaled (server dry run)\n');
    expect(sts.ok('scale sts web --replicas=5 --dry-run=client -o name')).toBe('statefulset.apps/web\n');
    expect(JSON.parse(sts.ok('get sts web -o json')).spec.replicas).toBe(3);
    expect(sts.ok('delete pod web-0 --dry-run=client')).toBe('pod "web-0" deleted (dry run)\n');
    expect(sts.ok(['patch', 'sts', 'web', '-p', '{"spec":{"replicas":4}}', '--dry-run=server', '-o', 'yaml'])).toMatch(/\n {2}replicas: 4\n/);
    expect(JSON.parse(sts.ok('get sts web -o json')).spec.replicas).toBe(3);
    expect(sts.ok(['label', 'pod', 'web-0', 'tier=web', '--dry-run=client'])).toBe('pod/web-0 labeled (dry run)\n');
    expect(sts.ok('get pod web-0 -L tier --no-headers')).toMatch(/ +$/m);
    expect(sts.run('scale sts web --replicas=5 --dry-run=sometimes').stderr).toBe(
      'error: Invalid dry-run value (sometimes). Must be "none", "server", or "client".\n',
    );
  });
});

describe('selection and ordering', () => {
  it('label selectors: =, ==, !=, in, notin, exists, !key', () => {
    const names = (sel: string) => sts.ok(['get', 'pods', '-l', sel, '-o', 'name']).trim().split('\n').filter(Boolean);
    expect(names('apps.kubernetes.io/pod-index in (0,2)')).toEqual(['pod/web-0', 'pod/web-2']);
    expect(names('apps.kubernetes.io/pod-index notin (0,2)')).toEqual(['pod/web-1']);
    expect(names('app==nginx,apps.kubernetes.io/pod-index!=1')).toEqual(['pod/web-0', 'pod/web-2']);
    expect(names('app')).toHaveLength(3);
    expect(names('!app')).toEqual([]);
    expect(sts.run(['get', 'pods', '-l', 'app in nginx']).stderr).toMatch(/^error: unable to parse requirement/);
  });

  it('field selectors, --sort-by, -L, --show-kind, --chunk-size', () => {
    expect(sts.ok(['get', 'pods', '--field-selector', 'metadata.name!=web-1,status.phase=Running', '-o', 'name'])).toBe(
      lines('pod/web-0', 'pod/web-2'),
    );
    expect(sts.ok(['get', 'pods', '--sort-by', '{.metadata.creationTimestamp}', '-o', 'name'])).toBe(lines('pod/web-0', 'pod/web-1', 'pod/web-2'));
    expect(sts.ok(['get', 'pvc', '--sort-by=.metadata.name', '-o', 'jsonpath={.items[0].metadata.name}'])).toBe('www-web-0');
    expect(sts.ok('get pods -L app,statefulset.kubernetes.io/pod-name').split('\n')[0]).toBe(
      'NAME    READY   STATUS    RESTARTS   AGE   APP     POD-NAME',
    );
    expect(sts.ok('get sts --show-kind').split('\n')[1]).toMatch(/^statefulset\.apps\/web /);
    expect(sts.ok('get pods --chunk-size=1 -o name')).toBe(lines('pod/web-0', 'pod/web-1', 'pod/web-2'));
  });
});

describe('label and annotate', () => {
  it('set, refuse to overwrite, overwrite, remove', () => {
    expect(sts.ok('label pod web-1 tier=db')).toBe('pod/web-1 labeled\n');
    expect(sts.run('label pod web-1 tier=cache')).toEqual({
      stdout: '',
      stderr: "error: 'tier' already has a value (db), and --overwrite is false\n",
      code: 1,
    });
    expect(sts.ok('label pod web-1 tier=cache --overwrite')).toBe('pod/web-1 labeled\n');
    expect(sts.ok('get pods -l tier=cache -o name')).toBe('pod/web-1\n');
    expect(sts.ok('label pod web-1 tier-')).toBe('pod/web-1 unlabeled\n');
    expect(sts.ok('label pod web-1 tier-')).toBe('pod/web-1 not labeled\n');
    expect(sts.ok('annotate sts web note=hello')).toBe('statefulset.apps/web annotated\n');
    expect(JSON.parse(sts.ok('get sts web -o json')).metadata.annotations.note).toBe('hello');
    // the labelled pod keeps its identity
    expect(
      sts
        .ok('describe pod web-1')
        .split('\n')
        .filter((l) => l.includes('ClaimName')),
    ).toEqual(['    ClaimName:  www-web-1']);
  });
});

describe('small commands', () => {
  it('api-resources, version, explain, completion', () => {
    expect(
      sts
        .ok('api-resources')
        .split('\n')
        .find((l) => l.startsWith('statefulsets')),
    ).toBe('statefulsets               sts          apps/v1                        true         StatefulSet');
    expect(sts.ok('version')).toBe(lines('Client Version: v1.33.0-sts.0.1.0', 'Server Version: v1.33.0-sts.0.1.0'));
    const ex = sts.ok('explain statefulset.spec');
    expect(ex).toMatch(/^GROUP: {6}apps\nKIND: {7}StatefulSet\nVERSION: {4}v1\n\nFIELD: spec <StatefulSetSpec>\n/);
    expect(ex).toContain('\n  podManagementPolicy\t<string>\n    podManagementPolicy controls how pods are created');
    expect(ex).toContain('\n  selector\t<LabelSelector> -required-\n');
    expect(sts.run('explain statefulset.spec.nope').stderr).toBe('error: field "nope" does not exist\n');
    expect(sts.ok('completion bash')).toContain('complete -o default -F _sts sts');
    expect(sts.ok('__complete get sts/')).toBe('sts/web\n');
    expect(sts.ok(['__complete', 'scale', 'sts', ''])).toBe('web\n');
  });
});

describe('colour', () => {
  it('kubecolor-style on a terminal: dim headers, statuses by health; never when piped', () => {
    const text =
      'NAME    READY   STATUS             RESTARTS   AGE\nweb-0   1/1     Running            0          2m\nweb-1   0/1     CrashLoopBackOff   3          2m\n';
    const c = colorize(text, true);
    expect(c).toContain('\x1b[2mNAME    READY   STATUS             RESTARTS   AGE\x1b[22m');
    expect(c).toContain('\x1b[32mRunning\x1b[39m');
    expect(c).toContain('\x1b[31mCrashLoopBackOff\x1b[39m');
    expect(c.replace(/\x1b\[\d+m/g, '')).toBe(text);
    expect(sts.ok('get pods')).not.toContain('\x1b[');
  });
});
