// The text machinery: Go's tabwriter as kubectl configures it, human durations, selectors, hashes.
import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/print/age.js';
import { table, tabwrite } from '../../src/print/tabwriter.js';
import { matches, parseSelector } from '../../src/api/labels.js';
import { parseDuration } from '../../src/controller/clock.js';
import { fnv1, revisionHash } from '../../src/controller/revisions.js';
import { parseQuantity } from '../../src/api/quantity.js';

describe('tabwriter', () => {
  it('pads every column but the last to max width + 3, at least 6', () => {
    expect(
      table([
        ['NAME', 'READY', 'AGE'],
        ['web-0', '1/1', '5s'],
        ['a', 'b', 'c'],
      ]),
    ).toBe('NAME    READY   AGE\nweb-0   1/1     5s\na       b       c\n');
  });
  it('keeps trailing padding when the last cell is empty', () => {
    expect(
      table([
        ['NAME', 'APP', 'X'],
        ['a', 'web', ''],
      ]),
    ).toBe('NAME   APP   X\na      web   \n');
  });
  it('cuts a cell at a newline', () => {
    expect(
      table([
        ['NAME', 'MSG'],
        ['a', 'one\ntwo'],
      ]),
    ).toBe('NAME   MSG\na      one...\n');
  });
  it('aligns describe blocks separately; a line without a tab ends a block', () => {
    const text = 'Name:\tweb\nNamespace:\tdefault\nContainers:\n  nginx:\n    Image:\tnginx\n    Port:\t80/TCP\n';
    expect(tabwrite(text, { minWidth: 0, padding: 2 })).toBe(
      'Name:       web\nNamespace:  default\nContainers:\n  nginx:\n    Image:  nginx\n    Port:   80/TCP\n',
    );
  });
});

describe('human durations (AGE)', () => {
  const cases: [number, string][] = [
    [-5000, '<invalid>'],
    [-500, '0s'],
    [0, '0s'],
    [59_000, '59s'],
    [119_999, '119s'],
    [120_000, '2m'],
    [125_000, '2m5s'],
    [599_000, '9m59s'],
    [600_000, '10m'],
    [179 * 60_000, '179m'],
    [3 * 3_600_000, '3h'],
    [3 * 3_600_000 + 4 * 60_000, '3h4m'],
    [8 * 3_600_000, '8h'],
    [47 * 3_600_000, '47h'],
    [48 * 3_600_000, '2d'],
    [53 * 3_600_000, '2d5h'],
    [8 * 86_400_000, '8d'],
    [400 * 86_400_000, '400d'],
    [730 * 86_400_000, '2y'],
    [735 * 86_400_000, '2y5d'],
    [9 * 365 * 86_400_000, '9y'],
  ];
  for (const [ms, text] of cases) it(`${ms}ms → ${text}`, () => expect(humanDuration(ms)).toBe(text));
});

describe('label selectors', () => {
  const l = { app: 'web', tier: 'db' };
  it('equality, inequality, sets, existence', () => {
    expect(matches(parseSelector('app=web'), l)).toBe(true);
    expect(matches(parseSelector('app==web,tier!=db'), l)).toBe(false);
    expect(matches(parseSelector('tier in (db, cache)'), l)).toBe(true);
    expect(matches(parseSelector('tier notin (db)'), l)).toBe(false);
    expect(matches(parseSelector('app,!legacy'), l)).toBe(true);
    expect(matches(parseSelector('!app'), l)).toBe(false);
  });
  it('rejects bad syntax', () => {
    expect(() => parseSelector('app in web')).toThrow(/expected: '\('/);
  });
});

describe('durations, quantities, revision hashes', () => {
  it('parses Go-style durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('10')).toBe(10_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('5x')).toBeUndefined();
  });
  it('parses quantities', () => {
    expect(parseQuantity('20Gi')).toBe(20 * 2 ** 30);
    expect(parseQuantity('100Mi')).toBe(100 * 2 ** 20);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('lots')).toBeUndefined();
  });
  it('FNV-1 (not 1a) and the safe alphabet', () => {
    expect(fnv1('')).toBe(0x811c9dc5);
    expect(fnv1('a')).toBe(0x050c5d7e); // FNV-1 32 of "a"; FNV-1a would be 0xe40c292c
    const h = revisionHash({ spec: { template: { $patch: 'replace' } } }, 0);
    expect(h).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(revisionHash({ spec: { template: { $patch: 'replace' } } }, 1)).not.toBe(h);
  });
});
