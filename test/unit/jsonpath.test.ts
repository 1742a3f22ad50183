// The JSONPath engine (client-go util/jsonpath, ported): every expected text below is what kubectl
// 1.33 prints for the same template and object (`kubectl patch --local -o jsonpath=…`).
import { describe, expect, it } from 'vitest';
import { jsonpath, jsonpathAsJson, JsonPathError, jsonPathPrinterError, MAX_JSONPATH_VALUES, select } from '../../src/print/jsonpath.js';

const pod = (name: string, app: string, containers: string[][], status: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: app === 'nginx' ? { app, 'apps.kubernetes.io/pod-index': name.slice(-1) } : { app } },
  spec: { containers: containers.map(([n, image]) => ({ name: n, image })) },
  status,
});

const LIST = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'list' },
  items: [
    pod(
      'web-0',
      'nginx',
      [
        ['nginx', 'nginx:1.25'],
        ['log', 'busybox'],
      ],
      { phase: 'Running', restarts: 0, ratio: 0.5 },
    ),
    pod('web-1', 'nginx', [['nginx', 'nginx:1.25']], { phase: 'Pending', restarts: 3, ratio: 1.5 }),
    pod('db-0', 'db', [], { phase: 'Running', restarts: 12, note: null }),
  ],
};

const run = (tpl: string) => jsonpath(tpl, LIST);

/** What a template fails with: its phase and message. */
function failure(tpl: string): string {
  try {
    run(tpl);
  } catch (e) {
    if (e instanceof JsonPathError) return `${e.phase}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('fields, wildcards and escaped keys', () => {
  it('selects values and joins one node’s values with a space', () => expect(run('{.items[*].metadata.name}')).toBe('web-0 web-1 db-0'));
  it('prints text around actions as is, maps as sorted JSON', () => expect(run('{.kind}/{.metadata}')).toBe('ConfigMap/{"name":"list"}'));
  it('a dot inside a key is escaped', () => expect(run('{.items[0].metadata.labels.apps\\.kubernetes\\.io/pod-index}')).toBe('0'));
  it("['key'] is a field", () => expect(run("{.items[0].metadata.labels['app']}")).toBe('nginx'));
  it('missing keys print nothing, including names on Object.prototype', () => {
    expect(run('{.items[0].metadata.missing}')).toBe('');
    expect(run('{.items[0].metadata.name.constructor}')).toBe('');
    expect(run('{.items[0].metadata.__proto__}')).toBe('');
    expect(run('{.items[0].metadata.toString}')).toBe('');
  });
  it('null prints as null; numbers as Go prints int64 and float64', () => {
    expect(run('{.items[2].status.note}')).toBe('null');
    expect(run('{.items[2].status}')).toBe('{"note":null,"phase":"Running","restarts":12}');
    expect(run('{.items[0].status.ratio}')).toBe('0.5');
    expect(jsonpath('{.a} {.b} {.c} {.d}', { a: 1234567.5, b: 123456.5, c: 0.00001, d: 1e20 })).toBe('1.2345675e+06 123456.5 1e-05 1e+20');
  });
  it('JSON output escapes <, > and & as Go does', () => expect(jsonpath('{.a}', { a: { s: '<é&>' } })).toBe('{"s":"\\u003cé\\u0026\\u003e"}'));
  it('* over a string gives its bytes', () => expect(run('{.items[0].metadata.name.*}')).toBe('119 101 98 45 48'));
  it('string literals with Go escapes, in either quote', () => expect(run(`{"a\\tb"}{'it\\'s'}`)).toBe("a\tbit's"));
});

describe('slices, as evalArray checks them', () => {
  it('indexes, negative indexes, ranges and steps', () => {
    expect(run('{.items[0].metadata.name}')).toBe('web-0');
    expect(run('{.items[-1].metadata.name}')).toBe('db-0');
    expect(run('{.items[1:].metadata.name}')).toBe('web-1 db-0');
    expect(run('{.items[:2].metadata.name}')).toBe('web-0 web-1');
    expect(run('{.items[0:3:2].metadata.name}')).toBe('web-0 db-0');
    expect(run('{.items[3:3]}')).toBe('');
  });
  it('a step of 0 or less is refused, at once', () => {
    const t = performance.now();
    expect(failure('{.items[::0]}')).toBe('execute: step must be > 0');
    expect(failure('{.items[::-1]}')).toBe('execute: step must be > 0');
    expect(performance.now() - t).toBeLessThan(50);
  });
  it('bounds beyond the list are refused with its length; beyond int64 they are not numbers', () => {
    expect(failure('{.items[0:99999999999]}')).toBe('execute: array index out of bounds: index 99999999998, length 3');
    expect(failure('{.items[5]}')).toBe('execute: array index out of bounds: index 5, length 3');
    expect(failure('{.items[-4]}')).toBe('execute: array index out of bounds: index -1, length 3');
    expect(failure('{.items[2:1]}')).toBe('execute: starting index 2 is greater than ending index 1');
    expect(failure('{.items[0:99999999999999999999]}')).toBe('parse: array index 99999999999999999999 is not a number');
    expect(failure('{.items[9223372036854775807]}')).toBe('execute: array index out of bounds: index 9223372036854775807, length 3');
  });
  it('an index into an empty list fails; a slice of something else says its Go type', () => {
    expect(failure('{.items[*].spec.containers[0].name}')).toBe('execute: array index out of bounds: index 0, length 0');
    expect(failure('{.items[0].metadata.name[0]}')).toBe('execute: string is not array or slice');
    expect(failure('{.metadata[0]}')).toBe('execute: map[string]interface {} is not array or slice');
  });
});

describe('unions, recursive descent, filters', () => {
  it('unions of indexes and of keys', () => {
    expect(run('{.items[0,2].metadata.name}')).toBe('web-0 db-0');
    expect(run("{.items[0].metadata['name','labels']}")).toBe('web-0 {"app":"nginx","apps.kubernetes.io/pod-index":"0"}');
  });
  it('.. descends through everything', () => {
    expect(run('{..image}')).toBe('nginx:1.25 busybox nginx:1.25');
    expect(run('{.items[0]..name}')).toBe('web-0 nginx log');
    expect(failure('{....name}')).toBe('parse: invalid multiple recursive descent');
    expect(failure('{..*}')).toBe("parse: unrecognized character in action: U+002A '*'");
  });
  it('filters compare values of one kind; existence filters', () => {
    expect(run('{.items[?(@.status.phase=="Running")].metadata.name}')).toBe('web-0 db-0');
    expect(run('{.items[?(@.status.restarts>2)].metadata.name}')).toBe('web-1 db-0');
    expect(run('{.items[?(@.status.restarts<=3)].metadata.name}')).toBe('web-0 web-1');
    expect(run('{.items[?(@.status.ratio==1.5)].metadata.name}')).toBe('web-1');
    expect(run('{.items[?(@.metadata.labels.app!="nginx")].metadata.name}')).toBe('db-0');
    expect(run('{.items[?(@.status.note)].metadata.name}')).toBe('db-0');
  });
  it('filters refuse mixed types, several values, and operators kubectl does not have', () => {
    expect(failure('{.items[?(@.status.restarts=="3")].metadata.name}')).toBe('execute: incompatible types for comparison');
    expect(failure('{.items[?(@.spec.containers[*].name=="log")]}')).toBe('execute: can only compare one element at a time');
    expect(failure('{.items[?(@.status.phase=~"Run")]}')).toBe("parse: unrecognized character in action: U+007E '~'");
    expect(failure('{.items[0].metadata.name[?(@)]}')).toBe('execute: web-0 is not array or slice and cannot be filtered');
  });
});

describe('range and end', () => {
  it('range repeats its body per value, and nests', () => {
    expect(run('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}')).toBe('web-0\tRunning\nweb-1\tPending\ndb-0\tRunning\n');
    expect(run('{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.image},{end};{end}')).toBe(
      'web-0:nginx:1.25,busybox,;web-1:nginx:1.25,;db-0:;',
    );
  });
  it('an unclosed range runs its body once more on the whole object; a stray end fails', () => {
    expect(run('{range .items[*]}{.metadata.name}')).toBe('web-0web-1db-0list');
    expect(failure('{end}')).toBe('execute: not in range, nothing to end');
  });
});

describe('parse errors', () => {
  it('unterminated pieces', () => {
    expect(failure('{.items[')).toBe('parse: unterminated array');
    expect(failure('{.items[?(@.x]}')).toBe('parse: unterminated filter');
    expect(failure('{.items')).toBe('parse: unclosed action');
    expect(failure('{"abc}')).toBe('parse: unterminated quoted string');
  });
});

describe('limits that keep a template from holding the cluster lock', () => {
  it('an exponential template stops with an error instead of running for minutes', () => {
    // 200 nested maps: four nested `range ..` visit C(200, 4) ≈ 64 million chains
    let deep: Record<string, unknown> = { s: 'x' };
    for (let i = 0; i < 200; i++) deep = { a: deep, s: 'x' };
    const t = performance.now();
    let message = '';
    try {
      jsonpath('{range ..}{range ..}{range ..}{range ..}{.s}{end}{end}{end}{end}', deep);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`sts: the template selects more than ${MAX_JSONPATH_VALUES} values; narrow it`);
    expect(performance.now() - t).toBeLessThan(5000);
  });
});

describe('select (custom columns, --sort-by, wait --for=jsonpath)', () => {
  it('takes a path with or without braces and returns the values', () => {
    expect(select('.items[*].metadata.name', LIST)).toEqual(['web-0', 'web-1', 'db-0']);
    expect(select('{.items[0].status}', LIST)).toEqual([{ phase: 'Running', restarts: 0, ratio: 0.5 }]);
    expect(select('.metadata.constructor', LIST)).toEqual([]);
  });
});

describe('jsonpath-as-json', () => {
  it('each node’s values as one indented JSON list', () =>
    expect(jsonpathAsJson('{.items[*].metadata.name}{.items[2].status}{"t"}', LIST)).toBe(
      '[\n    "web-0",\n    "web-1",\n    "db-0"\n]\n[\n    {\n        "note": null,\n        "phase": "Running",\n        "restarts": 12\n    }\n]\n[\n    "t"\n]\n',
    ));
});

describe("kubectl's printer message for a template that fails", () => {
  const obj = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a' },
    spec: { n: 3, f: 0.5, b: true, z: null, s: 'q"\t<é>', l: [1, 'x', []], e: {} },
  };
  it('an execution error prints the template and the object as Go’s %#v', () => {
    const tpl = '{.spec.l[::0]}';
    let e: JsonPathError | undefined;
    try {
      jsonpath(tpl, obj);
    } catch (x) {
      e = x as JsonPathError;
    }
    expect(jsonPathPrinterError(tpl, e!, obj)).toBe(
      'error: error executing jsonpath "{.spec.l[::0]}": Error executing template: step must be > 0. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.spec.l[::0]}\n' +
        '\tobject given to jsonpath engine was:\n' +
        '\t\tmap[string]interface {}{"apiVersion":"v1", "kind":"ConfigMap", "metadata":map[string]interface {}{"name":"a"}, "spec":map[string]interface {}{"b":true, "e":map[string]interface {}{}, "f":0.5, "l":[]interface {}{1, "x", []interface {}{}}, "n":3, "s":"q\\"\\t<é>", "z":interface {}(nil)}}\n\n\n',
    );
  });
  it('a parse error names the template', () => {
    expect(jsonPathPrinterError('{.x[', new JsonPathError('unterminated array', 'parse'), obj)).toBe(
      'error: error parsing jsonpath {.x[, unterminated array',
    );
  });
});
