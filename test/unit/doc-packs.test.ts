// A pack's text (store/doc-packs.ts): plain JSON of namespace → document, a member a line, split
// back into members without parsing any of them; and which pack a namespace goes to.
import { describe, expect, it } from 'vitest';
import { PACKS, packMembers, packStem, packText } from '../../src/store/doc-packs.js';

const doc = (ns: string, extra = '') => JSON.stringify({ namespace: ns, objects: {}, pods: [], bound: {}, note: `a,\nb}${extra}` });

describe('a pack of namespaces', () => {
  it('is JSON of namespace → document, a line each, and splits back into the same texts', () => {
    const members: [string, string][] = [
      ['a', doc('a')],
      ['b', doc('b', '"}},\n"x":{')],
      ['constructor', doc('constructor')],
    ];
    const text = packText(members);
    expect(text.split('\n')).toHaveLength(4); // three lines and the final newline
    expect(JSON.parse(text)).toEqual(Object.fromEntries(members.map(([ns, d]) => [ns, JSON.parse(d)])));
    expect(packMembers(text)).toEqual(new Map(members));
    expect(packMembers(packText([['only', doc('only')]]))).toEqual(new Map([['only', doc('only')]]));
  });

  it('a text that is no pack is told, not split', () => {
    expect(packMembers('')).toBe('not a pack of namespaces');
    expect(packMembers('{"namespace":"a","objects":{}}')).toBe('not a pack of namespaces');
    expect(packMembers('{"a":{},\nnonsense}\n')).toBe('a line of it is no namespace\'s document: "nonsense"');
    expect(packMembers('{"a":{"x":1},\n"a":{"x":2}}\n')).toBe('a line of it is no namespace\'s document: "\\"a\\":{\\"x\\":2}"');
  });

  it("a namespace's pack is fixed by its name, one of PACKS; many namespaces spread over all of them", () => {
    expect(packStem('web')).toBe(packStem('web'));
    const used = new Map<string, number>();
    for (let i = 0; i < 1000; i++) used.set(packStem(`ns${i}`), (used.get(packStem(`ns${i}`)) ?? 0) + 1);
    expect(used.size).toBe(PACKS);
    expect([...used.keys()].every((s) => /^pack-\d\d$/.test(s))).toBe(true);
    expect(Math.max(...used.values())).toBeLessThan(40); // ~16 each
  });
});
