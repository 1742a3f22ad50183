// `diff -u` hunks as GNU diff 3.8 prints them (the expected texts are its output for the same files).
import { describe, expect, it } from 'vitest';
import { unifiedHunks } from '../../src/print/unified-diff.js';
import { lines } from '../helpers.js';

const text = (...ls: string[]) => lines(...ls);

describe('unified hunks', () => {
  it('the same text has no hunks', () => expect(unifiedHunks(text('a', 'b'), text('a', 'b'))).toBe(''));

  it('changes more than 2*3 lines apart get a hunk each, with 3 lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'generation: 1', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'replicas: 2', 'l', 'm'];
    const after = before.map((l) => (l === 'generation: 1' ? 'generation: 2' : l === 'replicas: 2' ? 'replicas: 3' : l));
    expect(unifiedHunks(text(...before), text(...after))).toBe(
      text(
        '@@ -2,7 +2,7 @@',
        ' b',
        ' c',
        ' d',
        '-generation: 1',
        '+generation: 2',
        ' e',
        ' f',
        ' g',
        '@@ -10,6 +10,6 @@',
        ' i',
        ' j',
        ' k',
        '-replicas: 2',
        '+replicas: 3',
        ' l',
        ' m',
      ),
    );
  });

  it('changes 6 lines apart share a hunk', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
    const after = ['1', '2', 'x', '4', '5', '6', '7', '8', 'y', '10'];
    expect(unifiedHunks(text(...before), text(...after))).toBe(
      text('@@ -1,10 +1,10 @@', ' 1', ' 2', '-3', '+x', ' 4', ' 5', ' 6', ' 7', ' 8', '-9', '+y', ' 10'),
    );
  });

  it('an inserted list item lands where GNU diff puts it (shift_boundaries)', () => {
    const before = ['containers:', '- name: a', '  image: x', '- name: b', '  image: y', 'volumes: []'];
    const after = ['containers:', '- name: a', '  image: x', '- name: c', '  image: z', '- name: b', '  image: y', 'volumes: []'];
    expect(unifiedHunks(text(...before), text(...after))).toBe(
      text('@@ -1,6 +1,8 @@', ' containers:', ' - name: a', '   image: x', '+- name: c', '+  image: z', ' - name: b', '   image: y', ' volumes: []'),
    );
  });

  it('against an empty file (diff -N of a new object): -0,0', () => {
    expect(unifiedHunks('', text('x', 'y'))).toBe(text('@@ -0,0 +1,2 @@', '+x', '+y'));
  });

  it('a missing final newline is a difference of its own', () => {
    expect(unifiedHunks('a\nb', 'a\nb\n')).toBe(text('@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b'));
  });
});
