// `sts timeline`: a seeded scenario on a manual clock (create, scale, delete a pod, roll an image)
// drawn whole at a fixed width, plain as when piped; restarts and Warning events as markers; the
// SVG and HTML files; the errors. Histories are invisible elsewhere (the whole suite runs unchanged).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, Sts } from '../helpers.js';

// the width a terminal of 100 columns gives (the in-process runner passes the environment on)
process.env.COLUMNS = '100';

/** The header's instants depend on when the cluster was made. */
const steady = (text: string) => text.replace(/^\S+ to \S+ /, 'START to NOW ');

describe('timeline', () => {
  let sts: Sts;
  beforeAll(() => {
    sts = new Sts('manual');
    sts.ok('apply -f fixtures/web/web.yaml');
    sts.ok('clock advance 20s');
    sts.ok('scale sts web --replicas=3');
    sts.ok('clock advance 10s');
    sts.ok('delete pod web-1');
    sts.ok('clock advance 10s');
    sts.ok('set image sts/web nginx=registry.k8s.io/nginx-slim:0.22');
    sts.ok('clock advance 30s');
  });
  afterAll(() => sts.cleanup());

  it('draws every pod (its replacements after it) and claim, fitted to the width, with a legend and the markers', () => {
    expect(steady(sts.ok('timeline'))).toBe(
      lines(
        'START to NOW (1m10s), one column = 1s',
        '',
        'NAME           0s        10s       20s       30s       40s       50s       1m',
        'pod/web-0      ..::==============================================~~^::===============',
        'pod/web-1          ..::======================~~.::==========~~^::====================',
        'pod/web-2                          ..::================~~^::=========================',
        'pvc/www-web-0  .#####################################################################',
        'pvc/www-web-1      .#################################################################',
        'pvc/www-web-2                      .#################################################',
        '',
        '. Pending   : ContainerCreating   = Ready   # Bound   ~ Terminating   ^ new revision',
        '',
        '42s  pod/web-2  ^ revision web-5f9758f485 (was web-f99c84b4b)',
        '47s  pod/web-1  ^ revision web-5f9758f485 (was web-f99c84b4b)',
        '52s  pod/web-0  ^ revision web-5f9758f485 (was web-f99c84b4b)',
      ),
    );
  });

  it('one object, a window, a selector', () => {
    const web1 = steady(sts.ok('timeline pod/web-1 --since 30s')).split('\n');
    expect(web1.slice(0, 4)).toEqual([
      'START to NOW (30s), one column = 500ms',
      '',
      'NAME       0s        5s        10s       15s       20s       25s',
      'pod/web-1  ==========~~~~^.::::========================================',
    ]);
    expect(steady(sts.ok('timeline pvc/www-web-2 --since 10s')).split('\n')[3]).toBe(`pvc/www-web-2  ${'#'.repeat(50)}`);
    expect(
      sts
        .ok('timeline -l app=nginx')
        .split('\n')
        .filter((l) => l.startsWith('pod/') || l.startsWith('pvc/')),
    ).toHaveLength(6);
    expect(sts.ok('timeline -l app=other')).toMatch(/\nNo pods or claims found\.\n$/);
    expect(sts.ok('timeline sts/web')).toBe(sts.ok('timeline'));
  });

  it('restarts and Warning events are markers', () => {
    sts.ok('fault crash web-2');
    sts.ok('clock advance 30s');
    const text = sts.ok('timeline pod/web-2 --since 30s');
    const row = text.split('\n').find((l) => l.startsWith('pod/web-2'))!;
    expect(row).toMatch(/^pod\/web-2  =*\*!?-+/);
    expect(text).toMatch(/\n +\d+s  pod\/web-2  \* container exited, restarted\n/);
    expect(text).toMatch(/\n +\d+s  pod\/web-2  ! BackOff: Back-off restarting failed container nginx in pod web-2_default/);
    sts.ok('fault heal web-2');
  });

  it('--svg and --html write standalone files', () => {
    const svg = join(sts.dir, 'web.svg');
    const html = join(sts.dir, 'web.html');
    sts.ok(['timeline', 'sts/web', '--svg', svg, '--html', html]);
    const picture = readFileSync(svg, 'utf8');
    expect(picture).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /);
    expect(picture).toContain('<g class="row" data-name="pod/web-0">');
    expect(picture).toContain('<g class="row" data-name="pvc/www-web-2">');
    expect(picture).toContain('class="marker revision"');
    expect(picture).toContain('class="marker restart"');
    expect(picture).toMatch(/<rect class="Terminating" /);
    expect(picture.trimEnd().endsWith('</svg>')).toBe(true);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<svg xmlns=');
    expect(page).toContain('<td>pod/web-1</td><td>new revision</td>');
  });

  it("errors in kubectl's words", () => {
    expect(sts.run('timeline pod/nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(sts.run('timeline sts/nope')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): statefulsets.apps "nope" not found\n',
    });
    expect(sts.run('timeline --since soon').stderr).toMatch(/^error: invalid --since "soon"/);
    expect(sts.run('timeline svc/nginx').stderr).toBe(
      lines('error: timeline draws pods, claims and StatefulSets, not services', "See 'sts timeline -h' for help and examples"),
    );
  });
});
