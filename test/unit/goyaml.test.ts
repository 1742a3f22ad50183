// kubectl's YAML (go-yaml v2 via sigs.k8s.io/yaml): quoting, folding, block scalars and key order.
// The expected texts are what kubectl 1.33 printed for the same data.
import { describe, expect, it } from 'vitest';
import { goNumber, goYaml, keyLess } from '../../src/print/goyaml.js';
import { lines } from '../helpers.js';

describe('scalars', () => {
  const data = {
    colon: 'a: b',
    dash: '- x',
    dq: 'say "hi"',
    empty: '',
    float: '1.5',
    hash: '#x',
    lead: '  leading space\nx\n',
    multi: 'line1\nline2\n',
    nonl: 'no newline',
    null: 'null',
    num: '123',
    q: "it's",
    star: '*x',
    tab: 'a\tb',
    tilde: '~',
    trail: 'trailing\n\n\n',
    tspace: 'a b  \nc\n',
    uni: 'héllo ☃',
    yes: 'yes',
    on: 'on',
    base60: '1:20',
    date: '2024-01-02',
    emoji: 'smile 😀',
  };
  it('quote only what would not read back as the same string; blocks for lines', () => {
    expect(goYaml({ data })).toBe(
      lines(
        'data:',
        '  base60: "1:20"',
        "  colon: 'a: b'",
        "  dash: '- x'",
        '  date: "2024-01-02"',
        '  dq: say "hi"',
        '  emoji: "smile \\U0001F600"',
        '  empty: ""',
        '  float: "1.5"',
        "  hash: '#x'",
        '  lead: |2',
        '      leading space',
        '    x',
        '  multi: |',
        '    line1',
        '    line2',
        '  nonl: no newline',
        '  "null": "null"',
        '  num: "123"',
        '  "on": "on"',
        "  q: it's",
        "  star: '*x'",
        '  tab: "a\\tb"',
        '  tilde: "~"',
        '  trail: |+',
        '    trailing',
        '',
        '',
        '  tspace: "a b  \\nc\\n"',
        '  uni: héllo ☃',
        '  "yes": "yes"',
      ),
    );
  });

  it('long strings fold at 80 columns, as kubectl prints them', () => {
    const words = `${'word '.repeat(40)}\n`;
    const abc = 'abc '.repeat(30);
    expect(goYaml({ data: { 'long.txt': words, longlit: abc } })).toBe(
      lines(
        'data:',
        '  long.txt: "word word word word word word word word word word word word word word',
        '    word word word word word word word word word word word word word word word word',
        '    word word word word word word word word word word \\n"',
        "  longlit: 'abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc",
        "    abc abc abc abc abc abc abc abc abc abc abc abc '",
      ),
    );
  });
});

describe('structure', () => {
  it('sequences under a key are not indented; empty collections are flow', () => {
    expect(
      goYaml({
        spec: { ports: [{ name: '80', port: 80 }], selector: {}, list: [], nested: [[1, 2]] },
        status: { loadBalancer: {} },
        n: null,
        t: true,
      }),
    ).toBe(
      lines(
        '"n": null',
        'spec:',
        '  list: []',
        '  nested:',
        '  - - 1',
        '    - 2',
        '  ports:',
        '  - name: "80"',
        '    port: 80',
        '  selector: {}',
        'status:',
        '  loadBalancer: {}',
        't: true',
      ),
    );
  });

  it('keys in go-yaml order: digit runs by value, letters after other characters', () => {
    const keys = ['key10', 'key9', 'aB', 'a_b', 'a', 'b', 'A'];
    expect(keys.sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0))).toEqual(['A', 'a', 'a_b', 'aB', 'b', 'key9', 'key10']);
  });

  it("numbers as Go's FormatFloat(f, 'g', -1, 64) writes them", () => {
    expect([goNumber(80), goNumber(1.5), goNumber(0.00001), goNumber(1234567.5), goNumber(1e21)]).toEqual([
      '80',
      '1.5',
      '1e-05',
      '1.2345675e+06',
      '1e+21',
    ]);
  });
});
