// Integers in manifests as kubectl's YAML decoder (go-yaml v2, resolve.go) reads them: underscores
// dropped, then Go's strconv.ParseInt(s, 0, 64) — so `0400` is octal (a secret volume's
// defaultMode), where YAML 1.2 would read decimal 400.
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadYamlStream } from '../../src/manifest/load.js';

const read = (text: string) => loadYamlStream(yaml, text)[0];

describe('integers as go-yaml reads them', () => {
  it('octal, hex, binary, underscores, signs', () => {
    expect(read('a: 0400\nb: 0644\nc: 0x1F\nd: 0o17\ne: 0b101\nf: 1_000\ng: -0x10\nh: +12\ni: 0\nj: 012_3')).toEqual({
      a: 256,
      b: 420,
      c: 31,
      d: 15,
      e: 5,
      f: 1000,
      g: -16,
      h: 12,
      i: 0,
      j: 83,
    });
  });
  it('what is not an integer stays what it was: floats, quoted numbers, strings', () => {
    expect(read('a: 08\nb: "0400"\nc: 1.5\nd: 0x\ne: 1e3\nf: abc')).toEqual({ a: 8, b: '0400', c: 1.5, d: '0x', e: 1000, f: 'abc' });
  });
});
