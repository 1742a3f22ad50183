// `sts apply --server-side`: kubectl 1.33's messages, field managers and their conflicts, dry run.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, podNames, Sts } from '../helpers.js';

const web = readFileSync('fixtures/web/web.yaml', 'utf8');
const web3 = web.replace('replicas: 2', 'replicas: 3');

/** kubectl's advice after a conflict (apply.go). */
const ADVICE = [
  'Please review the fields above--they currently have other managers. Here',
  'are the ways you can resolve this warning:',
  '* If you intend to manage all of these fields, please re-run the apply',
  '  command with the `--force-conflicts` flag.',
  '* If you do not intend to manage all of the fields, please edit your',
  '  manifest to remove references to the fields that should keep their',
  '  current managers.',
  '* You may co-own fields by updating your manifest to match the existing',
  "  value; in this case, you'll become the manager if the other manager(s)",
  '  stop managing the field (remove it from their configuration).',
  'See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts',
];

const managers = (sts: Sts) => sts.ok(['get', 'sts', 'web', '-o', 'jsonpath={range .metadata.managedFields[*]}{.manager} {.operation}{"\\n"}{end}']);

describe('apply --server-side', () => {
  let sts: Sts;
  beforeEach(() => {
    sts = new Sts();
  });
  afterEach(() => sts.cleanup());

  it('creates, then re-applies; replicas in the manifest scale the set', () => {
    expect(sts.ok('apply --server-side -f fixtures/web/web.yaml')).toBe(
      lines('service/nginx serverside-applied', 'statefulset.apps/web serverside-applied'),
    );
    expect(managers(sts)).toBe(lines('kubectl Apply'));
    expect(sts.ok('apply --server-side -f -', web3)).toBe(lines('service/nginx serverside-applied', 'statefulset.apps/web serverside-applied'));
    sts.ok('clock settle');
    expect(podNames(sts)).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2']);
  });

  it('the manager owns what it applied: the fields in FieldsV1', () => {
    sts.ok('apply --server-side -f fixtures/web/web.yaml');
    const entry = JSON.parse(sts.ok('get svc nginx -o json --show-managed-fields')).metadata.managedFields[0];
    expect({ ...entry, time: 'T' }).toEqual({
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:clusterIP': {},
          'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
          'f:selector': {},
        },
      },
      manager: 'kubectl',
      operation: 'Apply',
      time: 'T',
    });
  });

  it('--dry-run=server changes nothing', () => {
    expect(sts.ok('apply --server-side --dry-run=server -f fixtures/web/web.yaml')).toBe(
      lines('service/nginx serverside-applied (server dry run)', 'statefulset.apps/web serverside-applied (server dry run)'),
    );
    expect(sts.run('get sts web').stderr).toBe(lines('Error from server (NotFound): statefulsets.apps "web" not found'));
  });

  it('another field manager changing replicas conflicts; --force-conflicts takes them', () => {
    sts.ok('apply --server-side -f fixtures/web/web.yaml');
    const r = sts.run('apply --server-side --field-manager=ci -f -', web3);
    expect(r).toEqual({
      stdout: lines('service/nginx serverside-applied'),
      stderr: lines('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas', ...ADVICE),
      code: 1,
    });
    expect(sts.ok('apply --server-side --field-manager=ci --force-conflicts -f -', web3)).toBe(
      lines('service/nginx serverside-applied', 'statefulset.apps/web serverside-applied'),
    );
    expect(sts.ok(['get', 'sts', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('3');
    // Apply entries sort by time, then by manager
    expect(managers(sts)).toBe(lines('ci Apply', 'kubectl Apply'));
  });

  it('over a client-side apply, kubectl takes the fields unchanged since it', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    expect(sts.ok('apply --server-side -f -', web3)).toBe(lines('service/nginx serverside-applied', 'statefulset.apps/web serverside-applied'));
    expect(managers(sts)).toBe(lines('kubectl Apply', 'before-first-apply Update'));
  });

  it('over a client-side apply, a field scaled since conflicts with the fields the object had', () => {
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('scale sts web --replicas=5');
    const r = sts.run('apply --server-side -f -', web3);
    expect(r.stderr).toBe(lines('error: Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas', ...ADVICE));
  });

  it('a field dropped from the manifest goes', () => {
    sts.ok('apply --server-side -f -', web.replace('    app: nginx\nspec:\n  ports', '    app: nginx\n    tier: web\nspec:\n  ports'));
    expect(sts.ok(['get', 'svc', 'nginx', '-o', 'jsonpath={.metadata.labels}'])).toBe('{"app":"nginx","tier":"web"}');
    sts.ok('apply --server-side -f fixtures/web/web.yaml');
    expect(sts.ok(['get', 'svc', 'nginx', '-o', 'jsonpath={.metadata.labels}'])).toBe('{"app":"nginx"}');
  });

  it('refuses --force-conflicts without --server-side, and --dry-run=client with it', () => {
    expect(sts.run('apply --force-conflicts -f fixtures/web/web.yaml')).toEqual({
      stdout: '',
      stderr: lines('error: --force-conflicts only works with --server-side'),
      code: 1,
    });
    expect(sts.run('apply --server-side --dry-run=client -f fixtures/web/web.yaml')).toEqual({
      stdout: '',
      stderr: lines("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)"),
      code: 1,
    });
  });

  it('-o yaml leaves managedFields out unless --show-managed-fields', () => {
    const plain = sts.ok('apply --server-side -f fixtures/web/web.yaml -o yaml');
    expect(plain).not.toContain('managedFields');
    expect(sts.ok('apply --server-side -f fixtures/web/web.yaml -o yaml --show-managed-fields')).toContain('managedFields:');
  });

  // kubectl's get hides them too (OmitManagedFieldsPrinter), in a list as well
  it('get -o yaml|json leaves managedFields out unless --show-managed-fields', () => {
    sts.ok('apply --server-side -f fixtures/web/web.yaml');
    expect(sts.ok('get sts web -o yaml')).not.toContain('managedFields');
    expect(sts.ok('get sts,svc -o json')).not.toContain('managedFields');
    expect(sts.ok('get sts web -o json --show-managed-fields')).toContain('"managedFields": [');
    expect(sts.ok('get sts -o yaml --show-managed-fields')).toContain('    managedFields:\n');
  });
});
