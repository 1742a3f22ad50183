// get prints a list as it makes it (printer.chunks): the text of every format is print's, byte for
// byte, while the list's objects are made one at a time and the text goes out in chunks; and the CLI
// writes the chunks waiting for a full stream (cli/output.ts writeChunks).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/api/types.js';
import { invoke, writeChunks, type Io } from '../../src/cli/output.js';
import { goYaml, goYamlList } from '../../src/print/goyaml.js';
import { CHUNK, inChunks, ObjectList } from '../../src/print/object-list.js';
import { preloadPrinters, printerFor, type PrintContext, type PrintFlags } from '../../src/print/printer.js';
import { jsonListOf, printJson } from '../../src/print/printers.js';
import { tableLines, tabwrite } from '../../src/print/tabwriter.js';

const NOW = Date.UTC(2026, 0, 1, 12);

/** A pod with what the formats must get right: go-yaml's quoting and folding at 80 columns, Go's
 *  JSON escapes, keys JSON drops, a key named __proto__, unicode, numbers. */
function pod(i: number): KObject {
  const words = Array.from({ length: 5 + (i % 23) }, (_, k) => `w${k}${'x'.repeat((i * k) % 7)}`).join(' ');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${i}`,
      namespace: `ns${i % 3}`,
      creationTimestamp: new Date(NOW - i * 7_000).toISOString().replace('.000Z', 'Z'),
      labels: { app: 'web', 'apps.kubernetes.io/pod-index': String(i), odd: i % 2 ? 'yes' : '0x1F' },
      annotations: { note: words, text: `line one\nline ${i}\n`, 'a: b': `'quoted' "and" <&> \u2028 é😀`, empty: '' },
    },
    spec: {
      containers: [{ name: 'app', image: `nginx:1.${i}`, args: ['- x', ': y', '#z', ' lead', 'trail ', words], ports: [{ containerPort: 80 + i }] }],
      nodeName: i % 4 ? `node-${i % 4}` : undefined,
      dropped: undefined,
      ...JSON.parse(`{"__proto__": {"n": ${i}}}`),
    },
    status: {
      phase: i % 5 ? 'Running' : 'Pending',
      podIP: i % 4 ? `10.244.${i % 4}.${i}` : undefined,
      conditions: [{ type: 'Ready', status: i % 5 ? 'True' : 'False', lastProbeTime: null }],
      containerStatuses: [
        {
          name: 'app',
          ready: i % 5 !== 0,
          restartCount: i % 3,
          state: i % 5 ? { running: { startedAt: '2026-01-01T11:00:00Z' } } : { waiting: { reason: 'ContainerCreating' } },
        },
      ],
      ratio: i / 8,
    },
  } as unknown as KObject;
}

const service = (i: number): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `svc-${i}`, namespace: 'ns0', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { type: 'ClusterIP', clusterIP: `10.96.0.${i}`, ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } },
  }) as unknown as KObject;

/** A list as get builds it: services given, pods made when printed (counted), more services. */
function list(pods: number, made = { count: 0 }): ObjectList {
  const l = new ObjectList();
  l.push(service(1));
  l.pushMade('Pod', pods, (i) => {
    made.count++;
    return pod(i);
  });
  l.pushMade('Pod', 2, (i) => pod(1000 + i));
  l.push(service(2));
  return l;
}

async function printer(flags: PrintFlags) {
  await preloadPrinters(flags);
  return printerFor(flags);
}

/** The chunks of a list against print's text of all its objects. */
async function same(flags: PrintFlags, l: ObjectList, ctx: PrintContext = { now: NOW }) {
  const p = await printer(flags);
  const chunks = [...p.chunks!(l, ctx)].join('');
  expect(chunks).toBe(p.print(l.toArray(), ctx));
  return chunks;
}

describe('a list printed as it is made reads as print prints it', () => {
  const formats: [string, PrintFlags][] = [
    ['table', {}],
    ['-A -o wide --show-labels -L', { allNamespaces: true, output: 'wide', showLabels: true, labelColumns: ['app,odd', 'missing'] }],
    ['--no-headers --show-kind', { noHeaders: true, showKind: true }],
    ['-o name', { output: 'name' }],
    ['-o json', { output: 'json' }],
    ['-o yaml', { output: 'yaml' }],
    ['-o json --sort-by', { output: 'json', sortBy: '.metadata.labels.odd' }],
    ['-o yaml --sort-by', { output: 'yaml', sortBy: '{.status.ratio}' }],
    ['--sort-by', { sortBy: '.metadata.creationTimestamp' }],
    ['-o jsonpath', { output: 'jsonpath={.items[*].metadata.name}' }],
    ['-o custom-columns', { output: 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName' }],
  ];
  for (const [name, flags] of formats)
    it(`${name}, for lists of 0 to 40 made pods (JSON is stringified 16 items at a time)`, async () => {
      for (const n of [0, 1, 15, 16, 17, 40]) await same(flags, list(n));
    });

  it('an empty list, and a list of one object (a List unless get named it)', async () => {
    for (const output of ['json', 'yaml']) {
      expect(await same({ output }, new ObjectList())).toMatch(/items": \[\]|items: \[\]/);
      const one = new ObjectList();
      one.push(pod(3));
      expect(await same({ output }, one, { single: false })).toMatch(/List/);
      expect(await same({ output }, one, { single: true })).not.toMatch(/List/);
    }
  });

  it('JSON and YAML: the List of raw objects, with what JSON drops or changes, as the whole List', () => {
    const odd = [{ a: undefined, b: [undefined, NaN, () => 1], c: new Date(0), d: {}, e: [] }, null, 'text', 5] as unknown as KObject[];
    expect([...jsonListOf(odd)].join('')).toBe(printJson(odd, false));
    const asList = { apiVersion: 'v1', items: odd, kind: 'List', metadata: { resourceVersion: '' } };
    expect([...goYamlList(odd, odd.length)].join('')).toBe(goYaml(asList));
  });

  it('makes the objects one at a time: the first chunk is out before most are made, and chunks stay small', async () => {
    for (const [output, pods] of [
      ['json', 3000],
      ['yaml', 3000],
      ['name', 20_000],
      [undefined, 3000],
    ] as const) {
      const made = { count: 0 };
      const p = await printer({ output });
      const chunks = p.chunks!(list(pods, made), { now: NOW })[Symbol.iterator]();
      const first = chunks.next().value as string;
      // a table lays out all its rows first (its columns' widths), but makes each object only for its row
      if (output) expect(made.count).toBeLessThan(pods / 2);
      let n = 1;
      for (let r = chunks.next(); !r.done; r = chunks.next()) {
        expect(r.value.length).toBeLessThan(2 * CHUNK);
        n++;
      }
      expect([first.length < 2 * CHUNK, made.count, n > 2]).toEqual([true, pods, true]);
    }
  });
});

describe('tables', () => {
  it('rows of as many cells each are laid out as tabwrite lays them out', () => {
    const rows = [
      ['NAME', 'STATUS', 'NOTE'],
      ['é😀', 'two\nlines', 'last column is never padded   '],
      ['a\tb', '', 'x'],
      ['long-name-of-a-pod-0', 'Running', ''],
    ];
    const clean = (c: string) => (c.includes('\n') ? `${c.slice(0, c.indexOf('\n'))}...` : c).replace(/\t/g, ' ');
    const text = rows.map((r) => r.map(clean).join('\t')).join('\n') + '\n';
    expect([...tableLines(rows)].join('')).toBe(tabwrite(text, { minWidth: 6, padding: 3 }));
    expect([...tableLines([['only'], ['one column']])].join('')).toBe('only\none column\n');
  });

  it('rows of different lengths go through tabwrite', () => {
    const rows = [['a', 'b', 'c'], ['dd'], ['e', 'f']];
    expect([...tableLines(rows)].join('')).toBe(tabwrite('a\tb\tc\ndd\ne\tf\n', { minWidth: 6, padding: 3 }));
  });
});

describe('chunks', () => {
  it('pieces gathered into chunks of about CHUNK characters, nothing lost', () => {
    const pieces = Array.from({ length: 5000 }, (_, i) => `${'x'.repeat(i % 100)}\n`);
    const chunks = [...inChunks(pieces)];
    expect(chunks.join('')).toBe(pieces.join(''));
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(CHUNK);
  });
});

/** A stream whose buffer fills at every other write, emptied ('drain') a moment later. */
class SlowStream extends EventEmitter {
  readonly got: string[] = [];
  waits = 0;
  write(s: string): boolean {
    this.got.push(s);
    if (this.got.length % 2) return true;
    this.waits++;
    setTimeout(() => this.emit('drain'), 1);
    return false;
  }
}

const ioWith = (stdout: Io['stdout']): Io => ({ stdout, stderr: { write: () => undefined }, stdin: process.stdin, env: {}, cwd: '/' });

describe('writeChunks', () => {
  it('waits for a full stream to drain before it writes more, and writes everything in order', async () => {
    const stream = new SlowStream();
    const chunks = ['a', 'b', 'c', 'd', 'e'];
    const code = await invoke([], ioWith(stream), () => writeChunks(chunks));
    expect([code, stream.got, stream.waits]).toEqual([0, chunks, 2]);
  });

  it('stops, exiting 1, when the stream fails while it waits (the reader went away)', async () => {
    const stream = new SlowStream();
    stream.write = (s: string) => {
      stream.got.push(s);
      setTimeout(() => stream.emit('error', new Error('EPIPE')), 1);
      return false;
    };
    const code = await invoke([], ioWith(stream), () => writeChunks(['a', 'b', 'c']));
    expect([code, stream.got]).toEqual([1, ['a']]);
  });
});
