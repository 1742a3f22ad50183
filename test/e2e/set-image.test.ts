// `sts set image` with kubectl's other ways of naming targets (-f, -l, --all, --local) and of
// reporting (--dry-run, -o).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, webCluster, type Sts } from '../helpers.js';

let sts: Sts;
beforeAll(() => (sts = webCluster()));
afterAll(() => sts.cleanup());
const image = () => sts.ok(['get', 'sts', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);

describe('set image', () => {
  it('--dry-run and -o report without changing', () => {
    expect(sts.ok('set image sts/web nginx=nginx:1.27 --dry-run=client')).toBe('statefulset.apps/web image updated (dry run)\n');
    expect(sts.ok('set image sts web nginx=nginx:1.27 -o name --dry-run=server')).toBe('statefulset.apps/web\n');
    expect(image()).toBe('registry.k8s.io/nginx-slim:0.21');
  });
  it('--local changes the file objects only, and prints them', () => {
    // kubectl goes on past the Service, then fails for it
    expect(sts.run('set image -f fixtures/web/web.yaml nginx=nginx:1.9.1 --local -o name')).toEqual({
      stdout: 'statefulset.apps/web\n',
      stderr: 'error: service/nginx the object is not a pod or does not have a pod template: *v1.Service\n',
      code: 1,
    });
    expect(image()).toBe('registry.k8s.io/nginx-slim:0.21');
  });
  it('-f, --all and -l name the targets', () => {
    expect(sts.ok('set image sts --all *=nginx:1.28')).toBe('statefulset.apps/web image updated\n');
    expect(image()).toBe('nginx:1.28');
    expect(sts.run('set image -f fixtures/web/web.yaml nginx=nginx:1.29 -o name').stdout).toBe('statefulset.apps/web\n');
    expect(image()).toBe('nginx:1.29');
    expect(sts.run('set image sts nginx=nginx:1')).toEqual({
      stdout: '',
      stderr: lines('error: resource(s) were provided, but no name was specified', "See 'sts set image -h' for help and examples"),
      code: 1,
    });
  });
});
