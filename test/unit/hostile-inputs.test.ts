// Thousands of generated odd inputs against the pure functions bad input reaches first: manifest
// decoding and validation, JSONPath, patches. Each either works or fails with one of sts's own
// error types (the CLI prints those as kubectl's texts), and none takes more than 200 ms.
// A seeded PRNG, so a failure names a case that can be replayed; the big soak uses fast-check.
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/api/errors.js';
import { applyDefaults } from '../../src/api/defaults.js';
import { jsonMerge, jsonPatch, PatchError, strategicMerge } from '../../src/api/patch.js';
import { decodeError, validate } from '../../src/api/validation.js';
import type { Json, KObject } from '../../src/api/types.js';
import { durationProblem, parseDuration } from '../../src/controller/clock.js';
import { parseManifest } from '../../src/manifest/load.js';
import { labelColumnHeader, labelColumnValue } from '../../src/print/columns.js';
import { jsonpath, JsonPathError, select } from '../../src/print/jsonpath.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '$patch',
  '$retainKeys',
  '$setElementOrder/containers',
  '$deleteFromPrimitiveList/finalizers',
  '',
  ' ',
  'a.b',
  'é',
  '0',
  '-1',
  'length',
  'metadata',
  'spec',
  'status',
  'name',
  'labels',
  'containers',
  'items',
  'kind',
  'apiVersion',
  'replicas',
  'selector',
];
const ODD_SCALARS: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  1e-300,
  '',
  '1Gi',
  'web',
  '__proto__',
  'constructor',
  'Always',
  'RollingUpdate',
  'OnDelete',
  'Parallel',
  'Retain',
  '10%',
  '0%',
  'delete',
  'replace',
  'merge',
  '€',
  'a'.repeat(300),
];

function value(r: Rng, depth: number): Json {
  if (depth <= 0 || r.chance(0.45)) return r.pick(ODD_SCALARS);
  if (r.chance(0.4)) return Array.from({ length: r.int(4) }, () => value(r, depth - 1));
  const o: Record<string, Json> = {};
  for (let i = r.int(4); i > 0; i--)
    Object.defineProperty(o, r.pick(ODD_KEYS), { value: value(r, depth - 1), enumerable: true, writable: true, configurable: true });
  return o;
}

const SEEDS: Json[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', labels: { app: 'nginx' } },
    spec: {
      serviceName: 'nginx',
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['nginx'] }] },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
      ordinals: { start: 0 },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'www', mountPath: '/w' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', ports: [{ port: 80 }], selector: { app: 'nginx' } } },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'c' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv' },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' } },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations: { a: 'b' } },
    spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 1 }] }] },
  },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc' }, provisioner: 'x', reclaimPolicy: 'Delete' },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { a: 'b' }, type: 'Opaque' },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} },
];

/** A copy of `v` with one value somewhere replaced, a key added, or a key removed. */
function mutate(r: Rng, v: Json): Json {
  if (typeof v !== 'object' || v === null || r.chance(0.15)) return value(r, 3);
  const out: Json = Array.isArray(v) ? [...v] : Object.defineProperties({}, Object.getOwnPropertyDescriptors(v));
  const keys = Object.keys(out);
  const roll = r.next();
  if (roll < 0.6 && keys.length) {
    const k = r.pick(keys);
    Object.defineProperty(out, k, { value: mutate(r, out[k]), enumerable: true, writable: true, configurable: true });
  } else if (roll < 0.85 || !keys.length) {
    if (Array.isArray(out)) out.push(value(r, 2));
    else Object.defineProperty(out, r.pick(ODD_KEYS), { value: value(r, 2), enumerable: true, writable: true, configurable: true });
  } else if (Array.isArray(out)) out.splice(r.int(out.length), 1);
  else delete out[r.pick(keys)];
  return out;
}

function mutated(r: Rng): Json {
  let doc = structuredClone(r.pick(SEEDS));
  for (let i = 1 + r.int(3); i > 0; i--) doc = mutate(r, doc);
  return doc;
}

/** YAML text: a mutated manifest as JSON or YAML-ish, garbled, with anchors and aliases thrown in. */
const YAML_TOKENS = [
  '&a ',
  '*a',
  '&b ',
  '*b',
  '<<: *a',
  '<<: ',
  'x: &a [*a]\n',
  '&b {k: *b}',
  '[',
  ']',
  '{',
  '}',
  ', ',
  ': ',
  '\n',
  '\n  ',
  '\n- ',
  '---\n',
  '...\n',
  '- ',
  '"',
  "'",
  '!!binary ',
  '!!str ',
  '!!int ',
  '!!map ',
  '!!set ',
  '? ',
  '|\n  ',
  '>-\n  ',
  '#',
  '%YAML 1.2\n',
  'key',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: ',
  'name: x',
  '__proto__',
  'constructor',
  '0x1F',
  '1e999',
  '.inf',
  '~',
  'null',
  'yes',
  '\t',
  '\\',
  '\u2028',
  '😀',
];

function yamlText(r: Rng): string {
  const roll = r.next();
  if (roll < 0.35) return JSON.stringify(mutated(r));
  if (roll < 0.7) {
    const json = JSON.stringify(mutated(r));
    // splice some tokens into valid JSON
    let s = json;
    for (let i = 1 + r.int(3); i > 0; i--) {
      const at = r.int(s.length + 1);
      s = s.slice(0, at) + r.pick(YAML_TOKENS) + s.slice(at);
    }
    return s;
  }
  if (roll < 0.8) {
    // a small alias tower, sometimes big enough to be refused
    const levels = 2 + r.int(8);
    const width = 2 + r.int(9);
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', `l0: &l0 [${Array(width).fill('"x"').join(',')}]`];
    for (let i = 1; i < levels; i++)
      lines.push(
        `l${i}: &l${i} [${Array(width)
          .fill(`*l${i - 1}`)
          .join(',')}]`,
      );
    return lines.join('\n');
  }
  return Array.from({ length: 5 + r.int(40) }, () => r.pick(YAML_TOKENS)).join('');
}

const JSONPATH_TOKENS = [
  '{',
  '}',
  '.',
  '..',
  '[',
  ']',
  '[*]',
  '[?(',
  ')]',
  '@',
  '$',
  '*',
  ':',
  ',',
  '0',
  '1',
  '-1',
  '99999999999',
  '9223372036854775807',
  '-9223372036854775808',
  '99999999999999999999',
  '::0',
  '::-1',
  '1:',
  ':2',
  "'",
  '"',
  'range ',
  'end',
  '==',
  '!=',
  '<',
  '>=',
  '=~',
  'items',
  'metadata',
  'name',
  'labels',
  'spec',
  'containers',
  'image',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '\\.',
  ' ',
  'true',
  '1.5',
  '\n',
  'é',
  '😀',
  '{range .items[*]}',
  '{end}',
  '{..*}',
  '{range ..name}',
];

function template(r: Rng): string {
  if (r.chance(0.3)) {
    // well-formed paths with odd parts
    const parts = Array.from({ length: 1 + r.int(5) }, () =>
      r.pick([
        '.items',
        '.metadata',
        '.name',
        '[0]',
        '[-1]',
        '[*]',
        '[::0]',
        '[::-1]',
        '[0:99999999999]',
        '[1:0]',
        '..name',
        '.__proto__',
        '.constructor',
        "['a','b']",
        '[0,1]',
        '[?(@.name=="web-0")]',
        '[?(@.x<1)]',
        '.*',
      ]),
    );
    return `{${parts.join('')}}`;
  }
  return Array.from({ length: 1 + r.int(14) }, () => r.pick(JSONPATH_TOKENS)).join('');
}

const CLUSTER_LIST: Json = {
  apiVersion: 'v1',
  kind: 'List',
  metadata: { resourceVersion: '' },
  items: Array.from({ length: 30 }, (_, i) => ({
    ...structuredClone(SEEDS[0]),
    metadata: { name: `web-${i}`, labels: { app: 'nginx', 'apps.kubernetes.io/pod-index': String(i) }, annotations: { constructor: 'x' } },
    status: { phase: i % 3 ? 'Running' : 'Pending', x: i, conditions: [{ type: 'Ready', status: 'True' }] },
  })),
};

function patchBody(r: Rng): Json {
  const roll = r.next();
  if (roll < 0.3) return mutate(r, { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } } });
  if (roll < 0.5) return mutate(r, { spec: { $retainKeys: ['replicas'], replicas: 3, template: { $patch: 'replace', metadata: {} } } });
  if (roll < 0.75)
    return Array.from({ length: 1 + r.int(3) }, () =>
      mutate(r, {
        op: r.pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus']),
        path: r.pick([
          '/spec/replicas',
          '/spec/template/spec/containers/0',
          '/spec/x/y',
          '',
          '/',
          '/spec/template/spec/containers/-',
          '/__proto__/x',
          '/metadata/labels/constructor',
        ]),
        from: r.pick(['/spec/replicas', '', '/nope', '/spec']),
        value: value(r, 2),
      }),
    );
  return value(r, 4);
}

const OWN_ERRORS = [CliError, JsonPathError, PatchError];

/** Run one case: it may fail only with sts's own errors, and must finish within 200 ms. */
async function probe(what: string, input: unknown, run: () => unknown): Promise<number> {
  const t = performance.now();
  try {
    await run();
  } catch (e) {
    if (!OWN_ERRORS.some((E) => e instanceof E))
      throw new Error(`${what} threw ${(e as Error)?.stack ?? e} for ${JSON.stringify(input)?.slice(0, 2000)}`, { cause: e });
  }
  const ms = performance.now() - t;
  if (ms > 200) throw new Error(`${what} took ${ms.toFixed(0)} ms for ${JSON.stringify(input)?.slice(0, 2000)}`);
  return ms;
}

/** What the API server does to a decoded document before it is stored (admit, without a cluster). */
function admitPure(doc: Json): void {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
  const o = structuredClone(doc) as KObject;
  if (decodeError(o)) return;
  o.metadata ??= {} as KObject['metadata'];
  applyDefaults(o, 'standard');
  validate(o);
}

/** Per generator; 4 × 500 here. HOSTILE_CASES=20000 runs a longer search locally. */
const CASES = Number(process.env.HOSTILE_CASES ?? 500);

describe('hostile inputs never escape as crashes and never take long', () => {
  it(`${CASES} manifests: decode, default, validate`, async () => {
    const r = prng(13);
    for (let i = 0; i < CASES; i++) {
      const text = yamlText(r);
      await probe(`manifest #${i}`, text, async () => {
        for (const d of await parseManifest(text, 'gen.yaml')) admitPure(d.obj);
      });
    }
  });

  it(`${CASES} decoded documents straight into decode, default, validate`, async () => {
    const r = prng(1313);
    for (let i = 0; i < CASES; i++) {
      const doc = mutated(r);
      await probe(`document #${i}`, doc, () => admitPure(doc));
    }
  });

  it(`${CASES} JSONPath templates against a 30-object list`, async () => {
    const r = prng(7);
    for (let i = 0; i < CASES; i++) {
      const tpl = template(r);
      await probe(`jsonpath #${i}`, tpl, () => {
        jsonpath(tpl, CLUSTER_LIST);
        select(tpl, CLUSTER_LIST.items[0]);
      });
    }
  });

  it(`${CASES} patches of three types against a StatefulSet, then admitted`, async () => {
    const r = prng(42);
    for (let i = 0; i < CASES; i++) {
      const body = patchBody(r);
      await probe(`patch #${i}`, body, () => {
        for (const apply of [strategicMerge, jsonMerge, jsonPatch]) {
          let out: Json;
          try {
            out = apply(SEEDS[0], body);
          } catch (e) {
            if (e instanceof CliError || e instanceof PatchError) continue;
            throw e;
          }
          admitPure(out);
        }
      });
    }
  });

  it('the generators reach the interesting cases (a check on the checks)', async () => {
    const r = prng(99);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      try {
        await parseManifest(yamlText(r), 'gen.yaml');
      } catch (e) {
        const m = (e as Error).message;
        if (m.includes('excessive aliasing')) seen.add('alias');
        else if (m.includes('value contains itself')) seen.add('cycle');
        else if (m.includes('error parsing')) seen.add('syntax');
      }
      try {
        jsonpath(template(r), CLUSTER_LIST);
      } catch (e) {
        if ((e as JsonPathError).phase) seen.add(`jsonpath-${(e as JsonPathError).phase}`);
      }
    }
    expect([...seen].sort()).toEqual(['alias', 'cycle', 'jsonpath-execute', 'jsonpath-parse', 'syntax']);
  });
});

// ---- the findings of issue 13, one rule each ----

/** The message a call fails with, or 'no error'. */
async function failure(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

const STS = SEEDS[0];

describe('YAML aliases are bounded as go-yaml bounds them (decode.go allowedAliasRatio)', () => {
  const tower = (levels: number, width: number) => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', `data: {}`, `l0: &l0 [${Array(width).fill('"lol"').join(',')}]`];
    for (let i = 1; i < levels; i++)
      lines.push(
        `l${i}: &l${i} [${Array(width)
          .fill(`*l${i - 1}`)
          .join(',')}]`,
      );
    return lines.join('\n');
  };
  it('a 9 × 9 alias bomb is refused in milliseconds, with kubectl’s text', async () => {
    const t = performance.now();
    expect(await failure(() => parseManifest(tower(9, 9), 'bomb.yaml'))).toBe(
      'error: error parsing bomb.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing',
    );
    expect(performance.now() - t).toBeLessThan(100);
  });
  // the boundary kubectl 1.33 draws for one map of 100 keys aliased N times: 209 pass, 210 do not
  const aliased = (n: number) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  base: &base {${Array.from({ length: 100 }, (_, i) => `k${i}: v`).join(', ')}}\n  refs: [${Array(n).fill('*base').join(',')}]\n`;
  it('209 aliases of a 100-key map pass', async () => expect((await parseManifest(aliased(209), 'a.yaml')).length).toBe(1));
  it('210 aliases of a 100-key map are excessive', async () =>
    expect(await failure(() => parseManifest(aliased(210), 'a.yaml'))).toBe(
      'error: error parsing a.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing',
    ));
  it('merge keys count as one alias each, as go-yaml counts them (kubectl: 304 merges of a 100-key map)', async () => {
    const merges = (n: number) =>
      `base: &base {${Array.from({ length: 100 }, (_, i) => `k${i}: [v]`).join(', ')}}\nrefs: [${Array(n).fill('{<<: *base}').join(',')}]\n`;
    expect(await failure(() => parseManifest(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n${merges(304)}`, 'm.yaml'))).toBe(
      'error: error parsing m.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing',
    );
  });
  it('an anchor that contains itself, an anchor never defined', async () => {
    expect(await failure(() => parseManifest('a: &a [*a]\n', 'self.yaml'))).toBe(
      "error: error parsing self.yaml: error converting YAML to JSON: yaml: anchor 'a' value contains itself",
    );
    expect(await failure(() => parseManifest('a: &x 1\n---\nb: *x\n', 'unk.yaml'))).toBe(
      "error: error parsing unk.yaml: error converting YAML to JSON: yaml: unknown anchor 'x' referenced",
    );
  });
});

describe('strict decoding refuses what JavaScript objects would misread', () => {
  const decoded = async (yaml: string) => decodeError((await parseManifest(yaml, 'x.yaml'))[0].obj);
  it('top-level constructor, prototype and __proto__ are unknown fields, like any other', async () =>
    expect(await decoded('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n__proto__: {x: 1}\nconstructor: 1\nprototype: 2\n')).toBe(
      'strict decoding error: unknown field "__proto__", unknown field "constructor", unknown field "prototype"',
    ));
  it('metadata that is not a map is the decoder’s type error', async () =>
    expect(await decoded('apiVersion: v1\nkind: ConfigMap\nmetadata: "1Gi"\n')).toBe(
      'json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta',
    ));
  it('the first wrong type in key order wins; numbers that do not fit say so', () => {
    const sts = structuredClone(STS);
    sts.spec.replicas = 1.5;
    sts.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    sts.metadata.labels = { app: 5 };
    expect(decodeError(sts)).toBe('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
    delete sts.metadata.labels;
    expect(decodeError(sts)).toBe('json: cannot unmarshal number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type int32');
    sts.spec.replicas = 2;
    expect(decodeError(sts)).toBe(
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    );
  });
  it('null items become Go’s zero values, so validation sees objects', () => {
    const sts = structuredClone(STS);
    sts.spec.selector.matchExpressions = [null];
    expect(decodeError(sts)).toBeUndefined();
    expect(sts.spec.selector.matchExpressions).toEqual([{}]);
    applyDefaults(sts);
    expect(validate(sts).map((e) => `${e.path} ${e.type}`)).toEqual([
      'spec.selector.matchExpressions[0].operator Invalid',
      'spec.selector.matchExpressions[0].key Invalid',
    ]);
  });
  it('a data key named __proto__ stays data through defaulting', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: JSON.parse('{"__proto__":"x"}') };
    applyDefaults(secret as unknown as KObject);
    expect(Object.keys((secret as Json).data)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf((secret as Json).data)).toBe(Object.prototype);
  });
});

describe('strategic merge patches refused with the API server’s texts', () => {
  it('a $retainKeys that is not a list, or does not name a field the patch sets', async () => {
    expect(await failure(() => strategicMerge(STS, { spec: { $retainKeys: 'x' } }))).toBe(
      'Error from server (BadRequest): invalid patch format of retainKeys',
    );
    expect(await failure(() => strategicMerge(STS, { spec: { $retainKeys: 5 } }))).toBe(
      'Error from server (BadRequest): invalid patch format of retainKeys',
    );
    expect(await failure(() => strategicMerge(STS, { spec: { $retainKeys: ['replicas'], serviceName: 'x' } }))).toBe(
      'Error from server (BadRequest): invalid patch format of retainKeys',
    );
  });
  it('$retainKeys keeps only the fields it names', () =>
    expect(strategicMerge(STS, { spec: { $retainKeys: ['replicas'], replicas: 3 } }).spec).toEqual({ replicas: 3 }));
  it('an unknown $patch, a list item without its merge key, a list of mixed things', async () => {
    expect(await failure(() => strategicMerge(STS, { spec: { $patch: 'foo', replicas: 2 } }))).toBe(
      'Error from server: unknown patch type: foo in map: map[$patch:foo replicas:2]',
    );
    expect(await failure(() => strategicMerge(STS, { spec: { $patch: 5 } }))).toBe(
      'Error from server: unknown patch type: %!s(int64=5) in map: map[$patch:5]',
    );
    expect(await failure(() => strategicMerge(STS, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }))).toBe(
      'Error from server: map: map[image:x] does not contain declared merge key: name',
    );
    expect(await failure(() => strategicMerge(STS, { spec: { template: { spec: { containers: [5] } } } }))).toBe(
      'Error from server: list element types are not identical: [[map[image:nginx:1 name:nginx ports:[map[containerPort:80]] volumeMounts:[map[mountPath:/w name:www]]]] [5]]',
    );
  });
  it('keys named __proto__ are data in all three patch types, never a prototype', () => {
    const patch = JSON.parse('{"data":{"__proto__":{"polluted":1}}}');
    for (const out of [
      strategicMerge({ data: {} }, patch),
      jsonMerge({ data: {} }, patch),
      jsonPatch({ data: {} }, [{ op: 'add', path: '/data/__proto__', value: { polluted: 1 } }]),
    ]) {
      expect(Object.keys(out.data)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
      expect(({} as Json).polluted).toBeUndefined();
    }
  });
  it('JSON patch operations of the wrong shape', async () => {
    expect(await failure(() => jsonPatch(STS, [5]))).toBe(
      'Error from server (BadRequest): json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    );
    expect(await failure(() => jsonPatch(STS, [{ op: 'add', path: 5 }]))).toBe('add operation failed to decode path: missing value');
    expect(await failure(() => jsonPatch(STS, [{ op: 'move', path: '/x' }]))).toBe(
      'move operation failed to decode from: operation, missing from field: missing value',
    );
    expect(await failure(() => jsonPatch(STS, [null]))).toBe('Unexpected kind: unknown');
  });
  it('a patch nested deeper than any object is refused before anything recurses into it', async () => {
    let deep: Json = {};
    for (let i = 0; i < 50_000; i++) deep = { a: deep };
    expect(await failure(() => strategicMerge(STS, deep))).toBe('Error from server (BadRequest): sts: the patch is nested deeper than 1000 levels');
  });
});

describe('durations, -L, explain', () => {
  it('a duration longer than Go’s int64 nanoseconds is refused as time.ParseDuration refuses it', () => {
    expect(parseDuration('10000000000000000h')).toBeUndefined();
    expect(durationProblem('10000000000000000h')).toBe('time: invalid duration "10000000000000000h" (longer than 2562047h47m16.854775807s)');
    expect(parseDuration('2562047h')).toBe(2562047 * 3_600_000);
    expect(durationProblem('5x')).toBe('use a duration like 30s, 5m or 1h30m');
  });
  it('-L __proto__ is a label like any other: an empty column', () => {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
    } as unknown as KObject;
    expect(['__proto__', 'constructor', 'toString', 'kubernetes.io/metadata.name'].map((k) => labelColumnValue(ns, k))).toEqual([
      '',
      '',
      '',
      'default',
    ]);
    expect(labelColumnHeader('kubernetes.io/metadata.name')).toBe('METADATA.NAME');
  });
});

describe('long lists do not overflow the stack (no spread of a whole list into a call)', () => {
  it('a list of 300,000 values through JSONPath wildcards, unions and ranges', () => {
    const items = Array.from({ length: 300_000 }, (_, i) => i);
    expect(jsonpath('{.items[*]}', { items }).length).toBe(items.join(' ').length);
    expect(select('{range .items[*]}{@}{end}', { items }).length).toBe(300_000);
    expect(select('{.m.*}', { m: Object.fromEntries(items.map((i) => [`k${i}`, i])) }).length).toBe(300_000);
  });
  it('300,000 invalid labels are 600,000 field errors, not a RangeError', () => {
    const labels = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`-bad${i}`, '-bad-']));
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels } } as unknown as KObject;
    expect(decodeError(cm)).toBeUndefined();
    expect(validate(cm).length).toBe(600_000);
  });
  it('a YAML list of 200,000 items is checked for aliases without recursion', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nlist: [${Array(200_000).fill('1').join(',')}]\n`;
    expect(await failure(() => parseManifest(text, 'long.yaml'))).toBe('no error');
  });
});
