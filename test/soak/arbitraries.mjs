// Hostile inputs for the soak, as fast-check arbitraries: manifests (odd types, deep nesting, huge
// numbers, unicode, prototype keys, anchors and aliases, invalid UTF-8), flag values, JSONPath
// templates, patches and exec command lines. Values are plain data; rendering to bytes is ours, so
// a document can hold what no YAML library would write (raw tokens, broken bytes).
import fc from 'fast-check';

// ------------------------------------------------------------------ leaves

export const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '__lookupSetter__',
  'isPrototypeOf',
];
export const protoKey = fc.constantFrom(...PROTO_KEYS);

/** Tokens a YAML/JSON number parser has to decide about. */
export const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '1e-400',
  '4.9e-324',
  '1.7976931348623157e308',
  '99999999999999999999999999',
  '9007199254740993',
  '18446744073709551616',
  '2147483648',
  '-2147483649',
  '-0',
  '0x7fffffffffffffff',
  '0o777',
  '0b101',
  '012',
  '1_000_000',
  '+12',
  '.inf',
  '-.inf',
  '.nan',
  '.NaN',
  '1.0',
  '1e3',
  '0.1e+1000',
  '123456789012345678901234567890.5',
];
const hugeNumberText = fc.constantFrom(...HUGE_NUMBERS);

const ODD_STRINGS = [
  '',
  ' ',
  '\t',
  '\u202e',
  '\ufeff',
  'é',
  '日本語',
  '🙂',
  '\ud800',
  '\udfff',
  'a\u0000b',
  '\u0007',
  '\r',
  '\n',
  'a'.repeat(300),
  '${x}',
  '{{.}}',
  '%s%n%x',
  '../..',
  '/etc/passwd',
  'NaN',
  'undefined',
  'null',
  'true',
  '~',
  'yes',
  'no',
  'on',
  'off',
  '0x1F',
  '1e3',
  '-',
  '--',
  '---',
  '...',
  '*',
  '&a',
  '!!binary',
  '? x',
  '- x',
  ': x',
  '#',
  '"',
  "'",
  '\\',
  '[',
  '{',
  '}',
  ']',
  ',',
  'kube-system',
  'default',
  'web-0',
  'a'.repeat(64),
  'A',
  'a.b',
  'a/b',
  'a..b',
  '.',
  'x'.repeat(254),
  'x'.repeat(70000),
];
export const oddString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 1, arbitrary: protoKey },
);

/** A raw token: written into the document as is. */
export const raw = (text) => ({ t: 'raw', text });
/** A mapping as entries, so keys such as __proto__ stay ordinary keys. */
export const map = (entries) => ({ t: 'map', entries });

const scalar = fc.oneof(
  { weight: 3, arbitrary: oddString },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 90n), max: 2n ** 90n }).map((b) => raw(b.toString())) },
  { weight: 2, arbitrary: hugeNumberText.map(raw) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const mapKey = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'name',
      'spec',
      'metadata',
      'data',
      'items',
      'replicas',
      'image',
      'labels',
      'containers',
      'ports',
      'selector',
      'kind',
      'apiVersion',
      'status',
      'template',
    ),
  },
  { weight: 2, arbitrary: protoKey },
  { weight: 2, arbitrary: oddString },
  { weight: 1, arbitrary: fc.constantFrom('$patch', '$retainKeys', '<<', '?', '-', ':') },
);

export const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(mapKey, tie('value')), { maxLength: 4 }).map(map),
}));

// ------------------------------------------------------------------ rendering

const quote = (s) => JSON.stringify(s);
const keyText = (k) => (k === '<<' ? '<<' : typeof k === 'string' ? quote(k) : renderFlow(k));

function deepText(depth, shape) {
  return shape === 'seq' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Flow style, one line: JSON where the value is JSON, YAML where it is not. */
export function renderFlow(v) {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number')
    return Number.isNaN(v) ? '.nan' : v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(renderFlow).join(', ')}]`;
  if (v.t === 'raw') return v.text;
  if (v.t === 'anchor') return `&${v.name} ${renderFlow(v.value)}`;
  if (v.t === 'alias') return `*${v.name}`;
  if (v.t === 'deep') return deepText(v.depth, v.shape);
  if (v.t === 'long') return quote('x'.repeat(v.n));
  if (v.t === 'map') return `{${v.entries.map(([k, x]) => `${keyText(k)}: ${renderFlow(x)}`).join(', ')}}`;
  throw new Error(`cannot render ${JSON.stringify(v)}`);
}

/** Block style, as people write manifests; scalars and odd nodes in flow style. */
export function renderBlock(v, indent = '') {
  const isBlockMap = (x) => x && x.t === 'map' && x.entries.length > 0;
  const isBlockList = (x) => Array.isArray(x) && x.length > 0;
  if (isBlockMap(v))
    return v.entries
      .map(([k, x]) => {
        const key = typeof k === 'string' && /^([A-Za-z_$][\w$./-]*|<<)$/.test(k) ? k : keyText(k);
        if (isBlockMap(x)) return `${indent}${key}:\n${renderBlock(x, `${indent}  `)}`;
        if (isBlockList(x)) return `${indent}${key}:\n${renderBlock(x, indent)}`;
        return `${indent}${key}: ${renderFlow(x)}`;
      })
      .join('\n');
  if (isBlockList(v))
    return v
      .map((x) => {
        if (isBlockMap(x)) {
          const inner = renderBlock(x, `${indent}  `);
          return `${indent}- ${inner.slice(indent.length + 2)}`;
        }
        if (isBlockList(x)) return `${indent}-\n${renderBlock(x, `${indent}  `)}`;
        return `${indent}- ${renderFlow(x)}`;
      })
      .join('\n');
  return `${indent}${renderFlow(v)}`;
}

/** Plain JS (from a template) to our representation. */
export function fromPlain(v) {
  if (Array.isArray(v)) return v.map(fromPlain);
  if (v && typeof v === 'object') return map(Object.entries(v).map(([k, x]) => [k, fromPlain(x)]));
  return v;
}

// ------------------------------------------------------------------ manifests

const labels = { app: 'fz' };
export const TEMPLATES = {
  ConfigMap: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { k: 'v', other: 'x' } }),
  Secret: (name) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', stringData: { k: 'v' }, data: { b: 'eHl6' } }),
  Service: (name) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels },
    spec: { selector: labels, clusterIP: 'None', ports: [{ port: 80, name: 'web', targetPort: 8080 }] },
  }),
  StatefulSet: (name) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'web' }], volumeMounts: [{ name: 'd', mountPath: '/data' }] },
          ],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'd' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  }),
  Namespace: (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }),
  PersistentVolumeClaim: (name) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  }),
  StorageClass: (name) => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: 'example.com/fz',
    reclaimPolicy: 'Delete',
    allowVolumeExpansion: true,
  }),
  Pod: (name) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 1'] }] },
  }),
  List: (name) => ({ apiVersion: 'v1', kind: 'List', items: [TEMPLATES.ConfigMap(`${name}-item`)] }),
};

const KINDS = [
  'ConfigMap',
  'configmap',
  'Secret',
  'StatefulSet',
  'Pod',
  'Namespace',
  'List',
  'Node',
  'Status',
  'Event',
  'ControllerRevision',
  'Endpoints',
  'Deployment',
  'CustomThing',
  'Service',
];
const API_VERSIONS = ['v1', 'apps/v1', 'v2', 'apps/v1beta1', 'storage.k8s.io/v1', '', 'v1/v1', '/', 'apps/', 'x.io/v1'];

const mutation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('set'), pick: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete'), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('addKey'), pick: fc.nat(), key: mapKey, value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('kind'), value: fc.oneof(fc.constantFrom(...KINDS), oddString) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('apiVersion'), value: fc.oneof(fc.constantFrom(...API_VERSIONS), oddString) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('metadata'), value: fc.oneof(hostileValue, fc.constantFrom('1Gi', null, [], 0)) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('deep'),
      pick: fc.nat(),
      depth: fc.oneof(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 200, max: 5000 }), fc.constantFrom(20_000, 100_000)),
      shape: fc.constantFrom('seq', 'map'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('long'), pick: fc.nat(), n: fc.constantFrom(1_000, 100_000, 1_100_000) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('alias'), pick: fc.nat(), pick2: fc.nat(), merge: fc.boolean() }) },
);

const textOp = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('bomb'),
      levels: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 9 })),
      width: fc.integer({ min: 2, max: 9 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('badutf8'),
      at: fc.nat(),
      bytes: fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xfe, 0xff]),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('tag'),
      at: fc.nat(),
      tag: fc.constantFrom(
        '!!binary',
        '!!js/undefined',
        '!!js/function',
        '!!python/object:os.system',
        '!!set',
        '!!omap',
        '!!timestamp',
        '!!float',
        '!!int',
        '!custom',
        '!!str',
        '!!map',
        '!!seq',
        '!<tag:yaml.org,2002:str>',
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('bom', 'crlf', 'tabs', 'dupkey', 'nul', 'complexkey', 'truncate', 'cr'), at: fc.nat() }) },
);

export const manifestDoc = fc.record({
  template: fc.constantFrom(...Object.keys(TEMPLATES)),
  style: fc.constantFrom('block', 'block', 'block', 'flow', 'json'),
  mutations: fc.array(mutation, { minLength: 0, maxLength: 4 }),
  textOps: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 2 }) }),
});

/** Every (container, key) place in a value: [parent, index] pairs, parent being a map node or a list. */
function places(v, out = [], path = []) {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, index: i, path: [...path, i] }), places(x, out, [...path, i])));
  else if (v && v.t === 'map')
    v.entries.forEach(([k, x], i) => (out.push({ parent: v, index: i, path: [...path, k] }), places(x, out, [...path, k])));
  return out;
}
const protectedPath = (p) =>
  (p[0] === 'metadata' && (p.length === 1 || p[1] === 'name')) || (p[0] === 'items' && p.length >= 3 && p[2] === 'metadata');
const setAt = (pl, value) => (Array.isArray(pl.parent) ? (pl.parent[pl.index] = value) : (pl.parent.entries[pl.index][1] = value));
const topEntry = (doc, key) => doc.entries.find(([k]) => k === key);

/**
 * Render one generated document for object NAME. Returns its bytes and what the orchestrator
 * needs to judge it: whether it might not even be YAML (then later documents may be dropped, as
 * kubectl's stream decoder stops there) and whether it holds an alias bomb.
 */
export function renderDoc(spec, name) {
  const doc = fromPlain(TEMPLATES[spec.template](name));
  let noName = false;
  for (const m of spec.mutations) {
    const all = places(doc).filter((p) => !protectedPath(p.path));
    const pl = all.length ? all[m.pick % all.length] : undefined;
    if (m.op === 'set' && pl) setAt(pl, m.value);
    else if (m.op === 'delete' && pl) (Array.isArray(pl.parent) ? pl.parent : pl.parent.entries).splice(pl.index, 1);
    else if (m.op === 'addKey') {
      const maps = [
        doc,
        ...places(doc)
          .map((p) => (Array.isArray(p.parent) ? p.parent[p.index] : p.parent.entries[p.index][1]))
          .filter((x) => x && x.t === 'map'),
      ];
      const target = maps[m.pick % maps.length];
      if (target === doc && (m.key === 'metadata' || m.key === 'items')) continue; // would shadow the name
      target.entries.push([m.key, m.value]);
    } else if (m.op === 'kind' || m.op === 'apiVersion') {
      const e = topEntry(doc, m.op);
      if (e) e[1] = m.value;
    } else if (m.op === 'metadata') {
      const e = topEntry(doc, spec.template === 'List' ? 'items' : 'metadata');
      if (e) e[1] = m.value;
      noName = true;
    } else if (m.op === 'deep' && pl) setAt(pl, { t: 'deep', depth: m.depth, shape: m.shape });
    else if (m.op === 'long' && pl) setAt(pl, { t: 'long', n: m.n });
    else if (m.op === 'alias' && pl) {
      // an anchor on one value, an alias (or a merge key `<<: *a`) at another place, maybe inside it
      const name = `a${m.pick % 97}`;
      const value = Array.isArray(pl.parent) ? pl.parent[pl.index] : pl.parent.entries[pl.index][1];
      setAt(pl, { t: 'anchor', name, value });
      const later = places(doc).filter((p) => !protectedPath(p.path));
      const p2 = later[m.pick2 % later.length];
      const target = Array.isArray(p2.parent) ? p2.parent[p2.index] : p2.parent.entries[p2.index][1];
      if (m.merge && target && target.t === 'map') target.entries.push(['<<', { t: 'alias', name }]);
      else if (p2.parent !== pl.parent || p2.index !== pl.index) setAt(p2, { t: 'alias', name });
    }
  }
  let text = spec.style === 'block' ? renderBlock(doc) : renderFlow(doc);
  let latin1 = false; // after invalid UTF-8 went in, the text holds bytes as latin1 characters
  let maybeBroken = false;
  let bomb = false;
  for (const t of spec.textOps) {
    switch (t.op) {
      case 'bomb': {
        const lines = ['soak-bomb:', '  l0: &l0 ["lol"]'];
        for (let l = 1; l <= t.levels; l++) lines.push(`  l${l}: &l${l} [${Array.from({ length: t.width }, () => `*l${l - 1}`).join(', ')}]`);
        text = `${lines.join('\n')}\n${spec.style === 'block' ? text : `body: ${text}`}`;
        bomb = t.levels * Math.log10(t.width) >= 5;
        maybeBroken = true;
        break;
      }
      case 'tag': {
        const ls = text.split('\n');
        const i = t.at % ls.length;
        if (!/name/.test(ls[i])) ls[i] = ls[i].replace(/: /, `: ${t.tag} `);
        text = ls.join('\n');
        maybeBroken = true;
        break;
      }
      case 'bom':
        text = `\ufeff${text}`;
        break;
      case 'crlf':
        text = text.replace(/\n/g, '\r\n');
        break;
      case 'cr':
        text = text.replace(/\n/g, '\r');
        maybeBroken = true;
        break;
      case 'tabs':
        text = text.replace(/^ {2}/m, '\t');
        maybeBroken = true;
        break;
      case 'dupkey':
        text = spec.style === 'block' ? `${text}\nkind: ConfigMap` : text.replace(/^\{/, '{"kind": "Secret", ');
        maybeBroken = true;
        break;
      case 'nul': {
        const i = t.at % (text.length + 1);
        text = `${text.slice(0, i)}\u0000${text.slice(i)}`;
        maybeBroken = true;
        break;
      }
      case 'complexkey':
        text = `? [a, b]\n: c\n${spec.style === 'block' ? text : `body: ${text}`}`;
        maybeBroken = true;
        break;
      case 'truncate':
        text = text.slice(0, Math.max(1, t.at % text.length));
        maybeBroken = true;
        noName = true;
        break;
      case 'badutf8': {
        // inside a string value (not the name), else as a trailing comment
        const b = Buffer.from(text, latin1 ? 'latin1' : 'utf8');
        const inString = ['"v"', '"fz"', '"nginx:1.27"', '"busybox"', '"1Gi"'].map((s) => b.indexOf(s)).find((i) => i >= 0);
        const at = inString !== undefined ? inString + 1 : b.length;
        const pad = inString !== undefined ? [] : [0x20, 0x23, 0x20];
        const b2 = Buffer.concat([b.subarray(0, at), Buffer.from(pad), Buffer.from(t.bytes), b.subarray(at)]);
        text = b2.toString('latin1');
        latin1 = true;
        maybeBroken = true;
        break;
      }
    }
  }
  // a document separator inside a document would shift every later document: keep them out
  const bytes = Buffer.from(text.replace(/^(---|\.\.\.)(?=\s|$)/gm, '# $1'), latin1 ? 'latin1' : 'utf8');
  return { bytes, maybeBroken, bomb, noName, template: spec.template };
}

// ------------------------------------------------------------------ JSONPath

const FIELDS = [
  'items',
  'metadata',
  'name',
  'labels',
  'spec',
  'status',
  'containers',
  'image',
  'replicas',
  'phase',
  'conditions',
  'type',
  'app',
  'kind',
  'length',
];
const sliceInt = fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31), 2 ** 53, 1e21, -1e21));
const optInt = fc.option(sliceInt, { nil: undefined }).map((x) => (x === undefined ? '' : String(x)));
const filterValue = fc.oneof(
  fc.integer().map(String),
  oddString.map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null', '@.metadata.name', '"web-0"', "'Running'", '1e400'),
);
const segment = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .oneof(
        fc.constantFrom(...FIELDS),
        protoKey,
        oddString.map((s) => s.replace(/[{}]/g, '')),
      )
      .map((f) => `.${f}`),
  },
  { weight: 2, arbitrary: fc.constant('[*]') },
  { weight: 2, arbitrary: sliceInt.map((i) => `[${i}]`) },
  {
    weight: 3,
    arbitrary: fc.tuple(optInt, optInt, fc.option(optInt, { nil: undefined })).map(([a, b, c]) => `[${a}:${b}${c === undefined ? '' : `:${c}`}]`),
  },
  { weight: 1, arbitrary: fc.tuple(sliceInt, sliceInt).map(([a, b]) => `[${a},${b}]`) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...FIELDS), protoKey, oddString).map((k) => `['${k}']`) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...FIELDS), protoKey).map((k) => `..${k}`) },
  { weight: 1, arbitrary: fc.constant('.*') },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...FIELDS, ...PROTO_KEYS), fc.constantFrom('==', '!=', '<', '>', '<=', '>=', '=~', '', ' in ', '==='), filterValue)
      .map(([f, op, v]) => (op ? `[?(@.${f}${op}${v})]` : `[?(@.${f})]`)),
  },
);
const pathExpr = fc.tuple(fc.constantFrom('', '$', '@', '.'), fc.array(segment, { minLength: 1, maxLength: 5 })).map(([p, s]) => `${p}${s.join('')}`);
export const jsonPathExpr = fc.oneof(
  { weight: 6, arbitrary: pathExpr.map((p) => `{${p.startsWith('.') || p.startsWith('$') || p.startsWith('@') ? p : `.${p}`}}`) },
  { weight: 1, arbitrary: oddString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{',
      '}',
      '{{',
      '{.a',
      '{end}',
      '{range .items[*]}',
      '{range}{end}',
      '{..}',
      '{[]}',
      '{.items[::0]}',
      '{.items[::-1]}',
      '{"\\t"}',
      '{"\\u00e9"}',
      '{""}',
      '{.}',
      '{$}',
      '{@}',
      '{.items[?(@)]}',
    ),
  },
);
export const jsonPathTemplate = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: jsonPathExpr },
      { weight: 2, arbitrary: oddString.map((s) => s.replace(/[{}]/g, '')) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(pathExpr, fc.array(jsonPathExpr, { maxLength: 2 }), fc.boolean())
          .map(([p, body, end]) => `{range ${p}}${body.join('')}${end ? '{end}' : ''}`),
      },
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((xs) => xs.join(''));

// ------------------------------------------------------------------ flags

const DURATIONS = [
  '0',
  '0s',
  '1s',
  '-1s',
  '-5m',
  '1.5h',
  '1h1h',
  '1.5.5s',
  '10000000000000000h',
  '9223372036854775807ns',
  '1e400s',
  '1d',
  '1w',
  'µs',
  '1µs',
  '1us',
  '1ns',
  's',
  '1',
  '∞',
  '3s',
  '1m',
];
const SELECTORS = [
  'a=b',
  'a in (b,c)',
  '!a',
  'a!=b',
  'a,',
  '=',
  'in (',
  'a notin ()',
  'metadata.name=web-0',
  'status.phase!=Running',
  'spec.nodeName',
  'x==y',
  '(((',
  'app=nginx',
  'a=b,c=d,',
  'a=b=c',
  '__proto__=1',
  'constructor',
  'app',
  'app in ()',
];
const OUTPUTS = [
  'json',
  'yaml',
  'wide',
  'name',
  'jsonpath',
  'jsonpath=',
  'jsonpath-as-json={.x}',
  'go-template={{.}}',
  'template=x',
  'custom-columns=',
  'custom-columns=A:.x,B',
  'custom-columns=A',
  'custom-columns-file=/etc/passwd',
  'jsonpath-file=/nonexistent',
  'go-template-file=/nonexistent',
  'kyaml',
  'JSON',
  'yaml=',
  'name=x',
  '',
];
export const flagValue = fc
  .oneof(
    { weight: 4, arbitrary: oddString },
    { weight: 2, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 2, arbitrary: hugeNumberText },
    { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.constantFrom(...DURATIONS),
        fc
          .tuple(
            fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.double({ noNaN: true })),
            fc.constantFrom('ns', 'us', 'µs', 'ms', 's', 'm', 'h', 'd', ''),
          )
          .map(([n, u]) => `${n}${u}`),
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...SELECTORS) },
    { weight: 2, arbitrary: fc.constantFrom(...OUTPUTS) },
    { weight: 1, arbitrary: jsonPathTemplate },
    { weight: 1, arbitrary: protoKey },
  )
  .map((s) => s.replace(/\0/g, ' '));

/** Commands a flag value goes into; V and W are generated values. Long-running and interactive
 *  commands (watch, follow, edit, port-forward) are left out: they are meant to run for long. */
export const FLAG_COMMANDS = [
  (V) => ['get', 'pods', '-o', V],
  (V) => ['get', 'pods', `--sort-by=${V}`],
  (V) => ['get', 'pods', `--selector=${V}`],
  (V) => ['get', 'pods', `--field-selector=${V}`],
  (V) => ['get', 'namespaces', `--label-columns=${V}`],
  (V) => ['get', 'pods', `--chunk-size=${V}`],
  (V) => ['get', V],
  (V) => ['get', 'pods', V],
  (V) => [`--namespace=${V}`, 'get', 'pods'],
  (V) => ['get', 'pods', `--request-timeout=${V}`],
  (V) => ['get', 'statefulset', 'web', `--output=custom-columns=${V}`],
  (V) => ['scale', 'statefulset', 'web', `--replicas=${V}`],
  (V) => ['scale', 'statefulset', 'web', '--replicas=1', `--current-replicas=${V}`],
  (V) => ['clock', 'advance', V],
  (V) => ['clock', 'settle', `--timeout=${V}`],
  (V) => ['cluster', 'stages', `start=${V}`],
  (V) => ['cluster', 'stages', V],
  (V) => ['logs', 'web-0', `--tail=${V}`],
  (V) => ['logs', 'web-0', `--since=${V}`],
  (V) => ['logs', 'web-0', `--since-time=${V}`],
  (V) => ['logs', 'web-0', `--limit-bytes=${V}`],
  (V) => ['logs', V],
  (V) => ['delete', 'pod', 'web-1', `--grace-period=${V}`],
  (V) => ['delete', 'pod', V],
  (V) => ['delete', 'configmap', 'cm1', `--timeout=${V}`],
  (V) => ['wait', `--for=${V}`, 'pod/web-0', '--timeout=3s'],
  (V) => ['wait', '--for=delete', 'pod/web-0', `--timeout=${V}`],
  (V) => ['wait', '--for=condition=Ready', 'pods', `--selector=${V}`, '--timeout=2s'],
  (V) => ['wait', `--for=jsonpath=${V}`, 'statefulset/web', '--timeout=2s'],
  (V) => ['rollout', 'status', 'statefulset/web', `--timeout=${V}`],
  (V) => ['rollout', 'undo', 'statefulset/web', `--to-revision=${V}`],
  (V) => ['rollout', 'history', 'statefulset/web', `--revision=${V}`],
  (V) => ['label', 'pod', 'web-0', `${V}=x`],
  (V) => ['label', 'pod', 'web-0', `soak=${V}`],
  (V) => ['label', 'pod', 'web-0', V],
  (V) => ['annotate', 'pod', 'web-0', `soak=${V}`],
  (V) => ['annotate', 'pod', 'web-0', `${V}=x`],
  (V) => ['explain', V],
  (V) => ['explain', `pod.${V}`],
  (V) => ['explain', `statefulset.spec.${V}`, '--recursive'],
  (V) => ['create', 'configmap', V, '--from-literal=a=b'],
  (V) => ['create', 'configmap', 'fzc', `--from-literal=${V}`],
  (V) => ['create', 'namespace', V],
  (V) => ['create', 'secret', 'generic', 'fzs', `--from-literal=${V}`],
  (V) => ['create', 'service', 'clusterip', 'fzsvc', `--tcp=${V}`],
  (V) => ['create', 'storageclass', V],
  (V) => ['set', 'image', 'statefulset/web', `nginx=${V}`],
  (V) => ['set', 'image', 'statefulset/web', V],
  (V) => ['fault', 'image', V],
  (V) => ['fault', 'crash', V],
  (V) => ['config', 'set-context', '--current', `--namespace=${V}`],
  (V) => ['config', 'use-context', V],
  (V) => ['config', 'view', `--output=${V}`],
  (V) => ['api-resources', `--sort-by=${V}`],
  (V) => ['api-resources', `--output=${V}`],
  (V) => ['api-resources', `--api-group=${V}`],
  (V) => ['events', `--for=${V}`],
  (V) => ['events', `--types=${V}`],
  (V) => ['describe', 'pod', V],
  (V) => ['describe', V],
  (V) => ['describe', 'pods', `--selector=${V}`],
  (V) => ['exec', 'web-0', `--container=${V}`, '--', 'ls'],
  (V) => ['version', `--output=${V}`],
  (V) => [V],
  (V) => ['get', 'pods', `--${V}`],
  (V, W) => ['label', 'pod', 'web-0', `${V}=${W}`, '--overwrite'],
  (V, W) => ['create', 'configmap', 'fzc2', `--from-literal=${V}=${W}`],
  (V, W) => ['get', V, W],
];

/** Interactive or endless: kept out of generated command lines. */
const ENDLESS =
  /^(-w|--watch(-only)?(=.*)?|-f|--follow(=.*)?|-i|--stdin(=.*)?|-t|--tty(=.*)?|edit|port-forward|attach|proxy|--filename(=.*)?|-k|--kustomize(=.*)?|-it|-ti)$/;
export function sanitize(argv) {
  return argv.map((a, i) =>
    ENDLESS.test(a) || (i > 0 && /^-/.test(a) && !a.startsWith('--') && a.length > 1 && /[wfit]/.test(a) && !/[=]/.test(a)) ? `x${a}` : a,
  );
}

export const flagCase = fc.record({ command: fc.nat(), v: flagValue, w: flagValue }).map(({ command, v, w }) => {
  const fn = FLAG_COMMANDS[command % FLAG_COMMANDS.length];
  const positional = (s) => (s.startsWith('-') ? `x${s}` : s);
  return sanitize(fn(positional(v), positional(w)));
});

export const jsonPathCase = fc.record({ how: fc.nat(), t: jsonPathTemplate, e: jsonPathExpr }).map(({ how, t, e }) => {
  const forms = [
    ['get', 'pods', '-o', `jsonpath=${t}`],
    ['get', 'statefulset', 'web', '-o', `jsonpath=${t}`],
    ['get', 'pods', '-o', `jsonpath-as-json=${t}`],
    ['get', 'nodes', '-o', `jsonpath=${t}`],
    ['get', 'pods', `--sort-by=${e}`],
    ['get', 'pods', '-o', `custom-columns=NAME:${e.replace(/^\{|\}$/g, '')}`],
    ['wait', `--for=jsonpath=${e}=x`, 'pod/web-0', '--timeout=1s'],
    ['get', 'events', '-o', `jsonpath=${t}`],
    ['events', '-o', `jsonpath=${t}`],
    ['get', 'pods', '-o', `jsonpath={range .items[*]}${t}{"\\n"}{end}`],
  ];
  return forms[how % forms.length].map((a) => a.replace(/\0/g, ' '));
});

// ------------------------------------------------------------------ patches

export const PATCH_TARGETS = [
  ['statefulset', 'web'],
  ['configmap', 'cm1'],
  ['service', 'nginx'],
  ['pod', 'web-0'],
  ['namespace', 'default'],
  ['persistentvolumeclaim', 'www-web-0'],
  ['secret', 's1'],
  ['storageclass', 'standard'],
];
const directive = fc.oneof(
  fc.tuple(fc.constant('$patch'), fc.oneof(fc.constantFrom('delete', 'replace', 'merge', 'junk'), hostileValue)),
  fc.tuple(
    fc.constant('$retainKeys'),
    fc.oneof(fc.constant(['name']), fc.constant('str'), fc.constant(1), fc.constant(map([])), fc.constant(null), hostileValue),
  ),
  fc.tuple(
    fc.constantFrom('$setElementOrder/containers', '$setElementOrder/ports', '$setElementOrder/finalizers', '$setElementOrder/x'),
    fc.oneof(fc.constant([map([['name', 'nginx']])]), hostileValue),
  ),
  fc.tuple(
    fc.constantFrom('$deleteFromPrimitiveList/finalizers', '$deleteFromPrimitiveList/args', '$deleteFromPrimitiveList/x'),
    fc.oneof(fc.constant(['kubernetes']), hostileValue),
  ),
  fc.tuple(fc.constantFrom('$unknown', '$', '$$patch'), hostileValue),
);
const patchShape = fc.record({
  labels: fc.option(fc.array(fc.tuple(oddString, fc.oneof(oddString, hostileValue)), { maxLength: 3 }), { nil: undefined }),
  replicas: fc.option(fc.oneof(scalar, hostileValue), { nil: undefined }),
  image: fc.option(fc.oneof(scalar, hostileValue), { nil: undefined }),
  containersDirective: fc.option(directive, { nil: undefined }),
  data: fc.option(fc.array(fc.tuple(oddString, hostileValue), { maxLength: 3 }), { nil: undefined }),
  topDirective: fc.option(directive, { nil: undefined }),
  proto: fc.option(fc.tuple(protoKey, hostileValue), { nil: undefined }),
  extra: fc.option(fc.tuple(mapKey, hostileValue), { nil: undefined }),
  finalizers: fc.option(fc.oneof(fc.constant(['kubernetes', 'soak/x']), hostileValue), { nil: undefined }),
});
function mergePatch(s) {
  const top = [];
  const meta = [];
  if (s.labels) meta.push(['labels', map(s.labels)]);
  if (s.finalizers !== undefined) meta.push(['finalizers', s.finalizers]);
  if (s.proto) meta.push([s.proto[0], map([['soakPolluted', s.proto[1]]])]);
  if (meta.length) top.push(['metadata', map(meta)]);
  const container = [['name', 'nginx']];
  if (s.image !== undefined) container.push(['image', s.image]);
  const podSpec = [['containers', [map(container)]]];
  if (s.containersDirective) podSpec.push(s.containersDirective);
  const spec = [];
  if (s.replicas !== undefined) spec.push(['replicas', s.replicas]);
  if (s.image !== undefined || s.containersDirective) spec.push(['template', map([['spec', map(podSpec)]])]);
  if (spec.length) top.push(['spec', map(spec)]);
  if (s.data) top.push(['data', map(s.data)]);
  if (s.topDirective) top.push(s.topDirective);
  if (s.extra) top.push(s.extra);
  return map(top);
}
const POINTERS = [
  '/spec/replicas',
  '/metadata/labels/a~1b',
  '/metadata/labels/soak',
  '/spec/template/spec/containers/0/image',
  '/spec/template/spec/containers/-',
  '/spec/template/spec/containers/99999999',
  '/__proto__/soakPolluted',
  '/metadata/constructor/prototype/soakPolluted',
  '',
  '/',
  '/data/k',
  '/data',
  '/metadata',
  '/metadata/name',
  '/kind',
  '/spec/ports/0/port',
  '/~2',
  '/a~',
  '/metadata/labels/__proto__',
];
const pointer = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...POINTERS) },
  { weight: 1, arbitrary: oddString },
  {
    weight: 1,
    arbitrary: fc.array(oddString, { maxLength: 3 }).map((xs) => `/${xs.map((x) => x.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`),
  },
);
const jsonPatchOp = fc
  .record({
    op: fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test'), oddString),
    path: pointer,
    value: hostileValue,
    from: pointer,
    drop: fc.nat(7),
  })
  .map(({ op, path, value, from, drop }) => {
    const e = [
      ['op', op],
      ['path', path],
      ['value', value],
      ['from', from],
    ];
    if (drop < 4) e.splice(drop, 1);
    return map(e);
  });
export const patchCase = fc
  .record({
    target: fc.nat(),
    type: fc.constantFrom('strategic', 'merge', 'json', undefined, 'junk'),
    shape: patchShape,
    ops: fc.array(jsonPatchOp, { maxLength: 4 }),
    oddBody: fc.oneof(hostileValue, oddString.map(raw), fc.constantFrom('', '{', '[', 'null', '{}', '[]', '"x"', '1e400', '{"a":1}{"b":2}').map(raw)),
    bodyKind: fc.nat(9),
    yaml: fc.boolean(),
  })
  .map(({ target, type, shape, ops, oddBody, bodyKind, yaml }) => {
    const [kind, name] = PATCH_TARGETS[target % PATCH_TARGETS.length];
    let body;
    if (bodyKind === 0) body = oddBody;
    else if (type === 'json') body = bodyKind === 1 ? mergePatch(shape) : ops;
    else body = bodyKind === 1 ? ops : mergePatch(shape);
    const text = yaml ? renderBlock(body) : renderFlow(body);
    const argv = ['patch', kind, name, `--patch=${text.replace(/\0/g, ' ')}`];
    if (type) argv.push(`--type=${type}`);
    return argv;
  });

// ------------------------------------------------------------------ exec

export const PROGRAMS = [
  'echo',
  'cat',
  'ls',
  'touch',
  'mkdir',
  'rm',
  'rmdir',
  'cp',
  'mv',
  'pwd',
  'cd',
  'hostname',
  'env',
  'printenv',
  'df',
  'whoami',
  'id',
  'date',
  'sleep',
  'true',
  'false',
  'exit',
  'nslookup',
  'getent',
  'curl',
  'wget',
  'wc',
  'head',
  'tail',
  'grep',
  'sort',
  'uname',
  'sh',
  'bash',
  'test',
  '[',
  'ln',
  'mount',
  'chmod',
  'dd',
  'yes',
  'vi',
  'node',
  'constructor',
  '__proto__',
];
const FLAGS = [
  '-r',
  '-rf',
  '-p',
  '-l',
  '-la',
  '-a',
  '-n',
  '-c',
  '-E',
  '-e',
  '-f',
  '-h',
  '-i',
  '-s',
  '-q',
  '--',
  '-n99999999999',
  '-n-1',
  '-1',
  '-R',
  '-v',
  '-x',
  '-o',
  '-d',
  '-z',
  '--help',
  '-9999999999999999999',
];
const REGEXES = [
  '(',
  '[',
  ')',
  '\\',
  '*',
  '+',
  '?',
  '{',
  'a{99999}',
  '(a+)+$',
  '^(a|a)+$',
  '(a*)*b',
  '(?:x',
  '[[:alpha:]]',
  '\\1',
  '.*.*.*.*=.*',
  '[z-a]',
  '(?<n>a)\\k<n>',
  'a**',
  '^$',
];
const VARS = [
  '$HOME',
  '$__proto__',
  '${__proto__}',
  '${constructor}',
  '$constructor',
  '$toString',
  '$PATH',
  '$?',
  '$$',
  '$#',
  '$@',
  '$*',
  '$0',
  '$1',
  '${#x}',
  '${x:-y}',
  '${x?}',
  '$((1+1))',
  '$(( 1/0 ))',
  '${',
  '$',
  '$hasOwnProperty',
];

/** Paths inside the pod, and host paths the pod must not reach (given by the caller). */
export function execLine(hostPaths) {
  const podPaths = [
    '/',
    '.',
    '..',
    '/data',
    '/usr/share/nginx/html',
    '/usr/share/nginx/html/index.html',
    '/tmp',
    '/tmp/a',
    '/etc/hostname',
    '/etc/hosts',
    '/proc/self/root',
    '/proc/1/root/etc/passwd',
    '/dev/zero',
    '/dev/null',
    '*',
    '/tmp/*',
    '~',
    '-',
    '../../../../../../',
    '/../../../..',
    '/usr/share/nginx/html/../../../../../..',
    '//..//..//etc',
  ];
  const path = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...podPaths) },
    { weight: 2, arbitrary: fc.constantFrom(...hostPaths) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(...hostPaths, 'etc/passwd', 'tmp'))
        .map(([n, p]) => `${'../'.repeat(n)}${p.replace(/^\//, '')}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('a/'.repeat(200), `/tmp/${'x'.repeat(300)}`, '/tmp/\u00e9\u202e', '/tmp/a b', '/tmp/-rf') },
  );
  const word = fc.oneof(
    { weight: 4, arbitrary: path },
    { weight: 2, arbitrary: fc.constantFrom(...FLAGS) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), hugeNumberText).map(String) },
    { weight: 2, arbitrary: oddString.map((s) => s.replace(/\0/g, '')) },
    { weight: 1, arbitrary: fc.constantFrom(...REGEXES).map((r) => `'${r}'`) },
    { weight: 1, arbitrary: fc.constantFrom(...VARS) },
    { weight: 1, arbitrary: oddString.map((s) => `"${s.replace(/["\\$`\0]/g, '')}"`) },
  );
  const simple = fc
    .tuple(
      fc.constantFrom(...PROGRAMS),
      fc.array(word, { maxLength: 4 }),
      fc.constantFrom('', '', '', ' > /tmp/o', ' >> /tmp/o', ' < /tmp/a', ' 2>&1', ' > /data/o', ' >&', ' <<EOF', ' > ', ` > ${hostPaths[0]}/w`),
    )
    .map(([p, args, redir]) => `${p}${args.length ? ' ' : ''}${args.join(' ')}${redir}`);
  const { line } = fc.letrec((tie) => ({
    line: fc.oneof({ depthSize: 'small' }, simple, tie('joined'), tie('subst')),
    joined: fc.tuple(tie('line'), fc.constantFrom(';', ' && ', ' || ', ' | ', ' & ', ';;', ' ; '), tie('line')).map(([a, op, b]) => `${a}${op}${b}`),
    subst: fc
      .tuple(fc.constantFrom('echo ', 'cat ', 'ls ', ''), tie('line'), fc.boolean())
      .map(([p, inner, backtick]) => (backtick ? `${p}\`${inner.replace(/`/g, '')}\`` : `${p}$(${inner})`)),
  }));
  return line.map((s) => s.replace(/\0/g, '').replace(/\n/g, ' '));
}

/** Lines known to stress an interpreter (backtracking, recursion, growth, deep paths): each runs once per soak, on its own. */
export const SPECIAL_LINES = [
  "echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! > /tmp/r; grep -E '^(a+)+$' /tmp/r",
  "echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa > /tmp/r; grep -E '(a|aa)+b' /tmp/r",
  `echo ${'$('.repeat(3000)}x${')'.repeat(3000)}`,
  `echo ${'$('.repeat(200)}x${')'.repeat(200)}`,
  "echo 'sh < /tmp/s' > /tmp/s; sh < /tmp/s",
  'echo \'sh -c "sh /tmp/s"\' > /tmp/s; sh /tmp/s',
  'echo x > /tmp/g; ' + Array.from({ length: 22 }, (_, i) => (i % 2 ? 'cat /tmp/h /tmp/h > /tmp/g' : 'cat /tmp/g /tmp/g > /tmp/h')).join('; '),
  "grep '(' /etc/hostname",
  'echo $__proto__ $constructor ${toString}',
  'cd /; cd ..; cd ..; pwd; ls',
  'mv /usr/share/nginx/html /tmp/x',
  'cp -r /usr/share/nginx/html /tmp/y',
  'rm -rf /usr/share/nginx/html',
  'rm -rf /',
  'mkdir -p ' + 'd/'.repeat(2000),
  'cat /dev/zero',
  'yes',
  'sleep 100000000',
  'head -c 999999999999 /dev/zero',
  'exit 999999999999999999999',
];

/** argv for `exec POD -- ARGV…` without a shell. */
export function execArgv(hostPaths) {
  return fc
    .tuple(
      fc.constantFrom(...PROGRAMS),
      fc.array(
        fc.oneof(
          fc.constantFrom(...FLAGS, ...REGEXES, ...hostPaths, '/data', '..', '/etc/hostname', '/tmp/a'),
          oddString.map((s) => s.replace(/\0/g, ' ')),
        ),
        { maxLength: 4 },
      ),
    )
    .map(([p, a]) => [p, ...a]);
}
