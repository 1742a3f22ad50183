// src/serve/protobuf.ts: Kubernetes protobuf request bodies read into the JSON they stand for.
//
// Two kinds of vectors. Hand-encoded ones, built below with a few lines of encoder from the field numbers
// in Kubernetes' generated.proto files (k8s.io/api core/v1 and policy/v1, k8s.io/apimachinery
// pkg/apis/meta/v1 and pkg/runtime), written the way Go's generated marshallers write them (every
// non-pointer field, set or not). And real bodies Helm v4.1.4 (client-go 1.35) sent to `sts serve` while
// installing, upgrading and uninstalling a one-ConfigMap chart, kept in fixtures/protobuf/:
// helm-install-secret.pb (POST of release v1, pending-install), helm-superseded-secret.pb (PUT of v1,
// superseded by the upgrade), helm-delete-options.pb (DELETE of a release Secret).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/serve/body.js';
import { decodeProtobuf } from '../../src/serve/protobuf.js';
import { ApiError } from '../../src/serve/status.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'protobuf');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

// ---- a tiny encoder ----
const varint = (n: number | bigint): Buffer => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Buffer.from(out);
};
const cat = (...parts: Buffer[]) => Buffer.concat(parts);
/** a varint field (int64, int32, bool) */
const int = (field: number, n: number | bigint | boolean) => cat(varint(field << 3), varint(typeof n === 'boolean' ? Number(n) : n));
/** a length-delimited field (string, bytes, message) */
const len = (field: number, v: string | Buffer) => {
  const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  return cat(varint((field << 3) | 2), varint(b.length), b);
};
const msg = (field: number, ...parts: Buffer[]) => len(field, cat(...parts));
const entry = (field: number, k: string, v: string | Buffer) => msg(field, len(1, k), len(2, v));
/** meta.v1.Time and MicroTime: {1 seconds, 2 nanos} */
const time = (field: number, iso: string, nanos = 0) => msg(field, int(1, Date.parse(iso) / 1000), ...(nanos ? [int(2, nanos)] : []));
/** "k8s\0" and a runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType} */
const envelope = (apiVersion: string, kind: string, raw: Buffer, contentEncoding = '') =>
  cat(Buffer.from('k8s\0', 'latin1'), msg(1, len(1, apiVersion), len(2, kind)), len(2, raw), len(3, contentEncoding), len(4, ''));
/** ObjectMeta as Go writes it for an object with only a name (and maybe labels): every non-pointer field, empty. */
const goMeta = (name: string, ...more: Buffer[]) =>
  msg(1, len(1, name), len(2, ''), len(3, ''), len(4, ''), len(5, ''), len(6, ''), int(7, 0), len(8, ''), ...more);

const decode = (b: Buffer) => decodeProtobuf(b);
const failure = (b: Buffer): ApiError => {
  try {
    decodeProtobuf(b);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('decoded');
};

describe('hand-encoded objects', () => {
  it('a Secret with every ObjectMeta field', () => {
    const meta = msg(
      1,
      len(1, 'creds'),
      len(2, 'creds-'),
      len(3, 'default'),
      len(4, ''),
      len(5, '6f1c0c1e-5a1b-4c47-9d0e-6b7f0e8f3a21'),
      len(6, '42'),
      int(7, 3),
      time(8, '2026-11-25T16:00:00Z', 500_000_000), // Time keeps seconds only, as the API does
      time(9, '2026-11-25T17:30:05Z'),
      int(10, 0),
      entry(11, 'app', 'web'),
      entry(11, 'tier', ''),
      entry(12, 'note', 'hello, wörld'),
      msg(13, len(1, 'StatefulSet'), len(3, 'web'), len(4, 'uid-1'), len(5, 'apps/v1'), int(6, true), int(7, false)),
      len(14, 'example.com/a'),
      len(14, 'example.com/b'),
      msg(
        17,
        len(1, 'kubectl'),
        len(2, 'Update'),
        len(3, 'v1'),
        time(4, '2026-11-25T16:00:01Z'),
        len(6, 'FieldsV1'),
        msg(7, len(1, '{"f:data":{".":{}}}')),
        len(8, ''),
      ),
    );
    const raw = cat(
      meta,
      entry(2, 'bin', Buffer.from([0, 0xff, 0x10])),
      entry(2, 'empty', Buffer.alloc(0)),
      entry(4, 'plain', 'text'),
      len(3, 'Opaque'),
      int(5, false),
    );
    expect(decode(envelope('v1', 'Secret', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'creds',
          generateName: 'creds-',
          namespace: 'default',
          uid: '6f1c0c1e-5a1b-4c47-9d0e-6b7f0e8f3a21',
          resourceVersion: '42',
          generation: 3,
          creationTimestamp: '2026-11-25T16:00:00Z',
          deletionTimestamp: '2026-11-25T17:30:05Z',
          deletionGracePeriodSeconds: 0,
          labels: { app: 'web', tier: '' },
          annotations: { note: 'hello, wörld' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-1', controller: true, blockOwnerDeletion: false }],
          finalizers: ['example.com/a', 'example.com/b'],
          managedFields: [
            {
              manager: 'kubectl',
              operation: 'Update',
              apiVersion: 'v1',
              time: '2026-11-25T16:00:01Z',
              fieldsType: 'FieldsV1',
              fieldsV1: { 'f:data': { '.': {} } },
            },
          ],
        },
        data: { bin: 'AP8Q', empty: '' },
        stringData: { plain: 'text' },
        type: 'Opaque',
        immutable: false,
      },
    });
  });

  it("Go's zero values are left out, as JSON's omitempty would (a pointer's are kept)", () => {
    const raw = cat(goMeta('x'), len(3, ''));
    expect(decode(envelope('v1', 'Secret', raw)).object).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } });
  });

  it('a ConfigMap', () => {
    const raw = cat(
      goMeta('settings', entry(11, 'a', 'b')),
      entry(2, 'k', 'v'),
      entry(2, 'multi', 'line 1\nline 2\n'),
      entry(3, 'blob', Buffer.from('hi')),
      int(4, true),
    );
    expect(decode(envelope('v1', 'ConfigMap', raw)).object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels: { a: 'b' } },
      data: { k: 'v', multi: 'line 1\nline 2\n' },
      binaryData: { blob: 'aGk=' },
      immutable: true,
    });
  });

  it('DeleteOptions, with Preconditions (kind DeleteOptions, in whichever group version it came)', () => {
    const raw = cat(int(1, 0), msg(2, len(1, 'uid-9'), len(2, '17')), int(3, false), len(4, 'Foreground'), len(5, 'All'), int(6, true));
    expect(decode(envelope('v1', 'DeleteOptions', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      object: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        gracePeriodSeconds: 0,
        preconditions: { uid: 'uid-9', resourceVersion: '17' },
        orphanDependents: false,
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
        ignoreStoreReadErrorWithClusterBreakingPotential: true,
      },
    });
    // a negative int64 is ten bytes of two's complement
    expect(decode(envelope('meta.k8s.io/v1', 'DeleteOptions', int(1, -1))).object).toEqual({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: -1,
    });
    expect(int(1, -1).length).toBe(11);
  });

  it('a Namespace, a ServiceAccount, an Event, an Eviction', () => {
    const ns = cat(
      goMeta('team'),
      msg(2, len(1, 'kubernetes')),
      msg(
        3,
        len(1, 'Terminating'),
        msg(2, len(1, 'NamespaceContentRemaining'), len(2, 'True'), time(4, '2026-11-25T16:00:00Z'), len(5, 'SomeResourcesRemain'), len(6, 'pods')),
      ),
    );
    expect(decode(envelope('v1', 'Namespace', ns)).object).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
      spec: { finalizers: ['kubernetes'] },
      status: {
        phase: 'Terminating',
        conditions: [
          {
            type: 'NamespaceContentRemaining',
            status: 'True',
            lastTransitionTime: '2026-11-25T16:00:00Z',
            reason: 'SomeResourcesRemain',
            message: 'pods',
          },
        ],
      },
    });

    const sa = cat(goMeta('builder'), msg(2, len(1, 'Secret'), len(3, 'builder-token')), msg(3, len(1, 'registry')), int(4, false));
    expect(decode(envelope('v1', 'ServiceAccount', sa)).object).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'builder' },
      secrets: [{ kind: 'Secret', name: 'builder-token' }],
      imagePullSecrets: [{ name: 'registry' }],
      automountServiceAccountToken: false,
    });

    const ev = cat(
      goMeta('web-0.1'),
      msg(2, len(1, 'Pod'), len(2, 'default'), len(3, 'web-0'), len(5, 'v1')),
      len(3, 'Scheduled'),
      len(4, 'Successfully assigned default/web-0'),
      msg(5, len(1, 'default-scheduler'), len(2, '')),
      time(6, '2026-11-25T16:00:00Z'),
      len(7, ''),
      int(8, 2),
      len(9, 'Normal'),
      time(10, '2026-11-25T16:00:00Z', 123_456_789),
      msg(11, int(1, 2), time(2, '2026-11-25T16:00:09Z', 5_000)),
      len(12, 'Binding'),
      len(14, 'default-scheduler'),
      len(15, 'node-1'),
    );
    expect(decode(envelope('v1', 'Event', ev)).object).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-0.1' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', apiVersion: 'v1' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-0',
      source: { component: 'default-scheduler' },
      firstTimestamp: '2026-11-25T16:00:00Z',
      count: 2,
      type: 'Normal',
      eventTime: '2026-11-25T16:00:00.123456Z',
      series: { count: 2, lastObservedTime: '2026-11-25T16:00:09.000005Z' },
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'node-1',
    });

    const eviction = cat(goMeta('web-0', len(3, 'default')), msg(2, int(1, 30)));
    expect(decode(envelope('policy/v1', 'Eviction', eviction)).object).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-0', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 30 },
    });
  });

  it('fields it does not know are skipped, whatever their wire type', () => {
    const fixed64 = cat(varint((90 << 3) | 1), Buffer.alloc(8, 7));
    const fixed32 = cat(varint((91 << 3) | 5), Buffer.alloc(4, 7));
    const raw = cat(goMeta('x', int(99, 5), len(98, 'junk'), fixed64), fixed32, int(1000, 1), msg(77, len(1, 'nested')), len(3, 'Opaque'));
    expect(decode(envelope('v1', 'Secret', raw)).object).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, type: 'Opaque' });
  });

  it('a map key is a key, even `__proto__`', () => {
    const { object } = decode(
      envelope('v1', 'ConfigMap', cat(goMeta('x', entry(11, '__proto__', 'p')), entry(2, '__proto__', 'd'), entry(2, 'constructor', 'c'))),
    );
    expect(JSON.stringify(object)).toBe(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","labels":{"__proto__":"p"}},"data":{"__proto__":"d","constructor":"c"}}',
    );
    expect(Object.getPrototypeOf(object.data)).toBe(Object.prototype);
  });
});

describe("real bodies from Helm v4 (client-go 1.35's Secret storage)", () => {
  it('the release Secret `helm install` POSTs, whole', () => {
    const { apiVersion, kind, object } = decode(fixture('helm-install-secret.pb'));
    expect([apiVersion, kind]).toEqual(['v1', 'Secret']);
    expect(object).toEqual(JSON.parse(fixture('helm-install-secret.json').toString('utf8')));
    expect(object.metadata).toEqual({
      name: 'sh.helm.release.v1.web.v1',
      labels: { createdAt: '1795625072', name: 'web', owner: 'helm', status: 'pending-install', version: '1' },
    });
    expect(object.type).toBe('helm.sh/release.v1');
    // data.release: base64 (the Secret's bytes) of base64 of a gzipped release, as Helm stores it
    const release = JSON.parse(gunzipSync(Buffer.from(Buffer.from(object.data.release, 'base64').toString('latin1'), 'base64')).toString('utf8'));
    expect(release).toMatchObject({
      name: 'web',
      namespace: 'default',
      version: 1,
      info: { status: 'pending-install' },
      chart: { metadata: { name: 'tiny' } },
    });
    expect(release.manifest).toContain('name: web-cm');
  });

  it('the Secret `helm upgrade` PUTs to mark the old release superseded', () => {
    const { object } = decode(fixture('helm-superseded-secret.pb'));
    expect(Object.keys(object).sort()).toEqual(['apiVersion', 'data', 'kind', 'metadata', 'type']);
    expect(object.metadata).toEqual({
      name: 'sh.helm.release.v1.web.v1',
      labels: { modifiedAt: '1795625072', name: 'web', owner: 'helm', status: 'superseded', version: '1' },
    });
    expect(Object.keys(object.data)).toEqual(['release']);
  });

  it('the DeleteOptions `helm uninstall` deletes them with', () => {
    expect(decode(fixture('helm-delete-options.pb'))).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      object: { apiVersion: 'v1', kind: 'DeleteOptions' },
    });
  });

  it('parseBody reads them by their content type (and JSON as before)', async () => {
    const body = fixture('helm-delete-options.pb');
    expect(await parseBody(body, 'application/vnd.kubernetes.protobuf')).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions' });
    expect((await parseBody(fixture('helm-install-secret.pb'), 'application/vnd.kubernetes.protobuf; charset=binary')).kind).toBe('Secret');
    expect(await parseBody(Buffer.from('{"kind":"DeleteOptions"}'), 'application/json')).toEqual({ kind: 'DeleteOptions' });
    await expect(parseBody(body, 'application/json')).rejects.toMatchObject({ code: 400 });
  });
});

describe('what it cannot read', () => {
  it('a kind (or group version) it has no table for is 415 UnsupportedMediaType', () => {
    for (const [v, k] of [
      ['v1', 'Pod'],
      ['apps/v1', 'Secret'],
      ['', ''],
      ['v1', 'constructor'],
      ['v1', '__proto__'],
    ]) {
      const e = failure(envelope(v, k, Buffer.alloc(0)));
      expect([e.code, e.reason]).toEqual([415, 'UnsupportedMediaType']);
    }
    expect(failure(envelope('v1', 'Secret', Buffer.alloc(0), 'gzip')).code).toBe(415);
  });

  it('malformed bodies are 400 BadRequest', () => {
    const ok = envelope('v1', 'Secret', goMeta('x'));
    const cases: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['no magic', Buffer.from('{"kind":"Secret"}')],
      ['JSON after the magic', Buffer.from('k8s\0{}', 'latin1')],
      ['truncated', ok.subarray(0, ok.length - 3)],
      ['a varint that never ends', Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.alloc(20, 0xff)])],
      ['a length past the end', cat(Buffer.from('k8s\0', 'latin1'), varint(0x12), varint(1e15))],
      ['a length of 2^64 - 1', cat(Buffer.from('k8s\0', 'latin1'), varint(0x12), varint(-1))],
      ['a group (wire type 3)', envelope('v1', 'Secret', varint((50 << 3) | 3))],
      ['field number 0', envelope('v1', 'Secret', len(0, 'x'))],
      ['a string sent as a varint', envelope('v1', 'Secret', int(3, 1))],
      ['a bool sent length-delimited', envelope('v1', 'Secret', len(5, 'x'))],
      ['a message that is not one', envelope('v1', 'Secret', len(1, Buffer.from([0x0a, 0x05, 0x61])))],
      ['fieldsV1 that is not JSON', envelope('v1', 'Secret', msg(1, msg(17, msg(7, len(1, '{nope')))))],
      ['a time past year 9999', envelope('v1', 'Secret', msg(1, msg(8, int(1, 253402300800))))],
      ['a time before year 1', envelope('v1', 'Secret', msg(1, msg(8, int(1, -62135596801))))],
      ['nanos out of range', envelope('v1', 'Event', time(10, '2026-11-25T16:00:00Z', 1e9))],
    ];
    for (const [what, body] of cases) {
      const e = failure(body);
      expect([what, e.code, e.reason]).toEqual([what, 400, 'BadRequest']);
    }
  });

  it('every truncation and thousands of corruptions of a real body are a 400, a 415 or an object, quickly', () => {
    const real = fixture('helm-install-secret.pb');
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) as number;
    const bodies: Buffer[] = [];
    for (let n = 0; n <= real.length; n++) bodies.push(real.subarray(0, n));
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(real);
      for (let j = 1 + Math.floor(rand() * 4); j > 0; j--) b[4 + Math.floor(rand() * (b.length - 4))] = Math.floor(rand() * 256);
      bodies.push(b);
    }
    for (let i = 0; i < 500; i++)
      bodies.push(cat(Buffer.from('k8s\0', 'latin1'), Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)))));
    const start = Date.now();
    for (const b of bodies) {
      try {
        const { object } = decodeProtobuf(b);
        expect(typeof object).toBe('object');
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        expect([400, 415]).toContain((e as ApiError).code);
      }
    }
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
