// Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), read into the JSON the same
// request would have carried. client-go's typed clients send them (Helm v4's release Secrets, and the
// DeleteOptions it deletes them with); the server answers in JSON, which those clients accept too.
//
// The body: the magic `k8s\0`, then a runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw (the
// object's own message), 3 contentEncoding, 4 contentType}. Each kind is a table of its fields, numbered as
// in Kubernetes' generated.proto files (k8s.io/api core/v1 and policy/v1; k8s.io/apimachinery
// pkg/apis/meta/v1 and pkg/runtime). Every length and varint is bounds-checked: a hostile body is a 400.
import type { Json } from '../api/types.js';
import { ApiError, badRequest } from './status.js';

/**
 * How a field reads. Go writes every non-pointer field, set or not, so the zero values of those
 * (`string`, `int`, `time`) are left out as JSON's omitempty would; a pointer's (`ptrString`, `ptrInt`,
 * `bool`: every bool here is a *bool) is what the client set and is kept. `bytes` are base64, as in JSON;
 * `raw` stays a Buffer (runtime.Unknown's raw, FieldsV1's JSON).
 */
type Scalar = 'string' | 'ptrString' | 'bytes' | 'raw' | 'int' | 'ptrInt' | 'bool' | 'time' | 'microTime' | 'fieldsV1' | 'map' | 'bytesMap';
/** fieldNumber → [jsonName, type or nested message, repeated?] */
interface Schema {
  readonly [field: number]: readonly [name: string, type: Scalar | Schema, repeated?: 'repeated'];
}

// k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto
const OwnerReference: Schema = {
  5: ['apiVersion', 'string'],
  1: ['kind', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  6: ['controller', 'bool'],
  7: ['blockOwnerDeletion', 'bool'],
};
const ManagedFieldsEntry: Schema = {
  1: ['manager', 'string'],
  2: ['operation', 'string'],
  3: ['apiVersion', 'string'],
  4: ['time', 'time'],
  6: ['fieldsType', 'string'],
  7: ['fieldsV1', 'fieldsV1'],
  8: ['subresource', 'string'],
};
const ObjectMeta: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  4: ['selfLink', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int'],
  8: ['creationTimestamp', 'time'],
  9: ['deletionTimestamp', 'time'],
  10: ['deletionGracePeriodSeconds', 'ptrInt'],
  11: ['labels', 'map'],
  12: ['annotations', 'map'],
  13: ['ownerReferences', OwnerReference, 'repeated'],
  14: ['finalizers', 'string', 'repeated'],
  17: ['managedFields', ManagedFieldsEntry, 'repeated'],
};
const DeleteOptions: Schema = {
  1: ['gracePeriodSeconds', 'ptrInt'],
  2: ['preconditions', { 1: ['uid', 'ptrString'], 2: ['resourceVersion', 'ptrString'] }],
  3: ['orphanDependents', 'bool'],
  4: ['propagationPolicy', 'ptrString'],
  5: ['dryRun', 'string', 'repeated'],
  6: ['ignoreStoreReadErrorWithClusterBreakingPotential', 'bool'],
};

// k8s.io/api/core/v1/generated.proto
const ObjectReference: Schema = {
  1: ['kind', 'string'],
  2: ['namespace', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['fieldPath', 'string'],
};
const metadata = ['metadata', ObjectMeta] as const;

/** The kinds read, by kind: the apiVersions they come in (none: any, as DeleteOptions is in every group). */
const KINDS: Record<string, { versions?: string[]; schema: Schema }> = {
  Secret: {
    versions: ['v1'],
    schema: { 1: metadata, 5: ['immutable', 'bool'], 2: ['data', 'bytesMap'], 4: ['stringData', 'map'], 3: ['type', 'string'] },
  },
  ConfigMap: {
    versions: ['v1'],
    schema: { 1: metadata, 4: ['immutable', 'bool'], 2: ['data', 'map'], 3: ['binaryData', 'bytesMap'] },
  },
  Namespace: {
    versions: ['v1'],
    schema: {
      1: metadata,
      2: ['spec', { 1: ['finalizers', 'string', 'repeated'] }],
      3: [
        'status',
        {
          1: ['phase', 'string'],
          2: [
            'conditions',
            { 1: ['type', 'string'], 2: ['status', 'string'], 4: ['lastTransitionTime', 'time'], 5: ['reason', 'string'], 6: ['message', 'string'] },
            'repeated',
          ],
        },
      ],
    },
  },
  ServiceAccount: {
    versions: ['v1'],
    schema: {
      1: metadata,
      2: ['secrets', ObjectReference, 'repeated'],
      3: ['imagePullSecrets', { 1: ['name', 'string'] }, 'repeated'],
      4: ['automountServiceAccountToken', 'bool'],
    },
  },
  Event: {
    versions: ['v1'],
    schema: {
      1: metadata,
      2: ['involvedObject', ObjectReference],
      3: ['reason', 'string'],
      4: ['message', 'string'],
      5: ['source', { 1: ['component', 'string'], 2: ['host', 'string'] }],
      6: ['firstTimestamp', 'time'],
      7: ['lastTimestamp', 'time'],
      8: ['count', 'int'],
      9: ['type', 'string'],
      10: ['eventTime', 'microTime'],
      11: ['series', { 1: ['count', 'int'], 2: ['lastObservedTime', 'microTime'] }],
      12: ['action', 'string'],
      13: ['related', ObjectReference],
      14: ['reportingComponent', 'string'],
      15: ['reportingInstance', 'string'],
    },
  },
  // k8s.io/api/policy/v1/generated.proto
  Eviction: { versions: ['policy/v1'], schema: { 1: metadata, 2: ['deleteOptions', DeleteOptions] } },
  DeleteOptions: { schema: DeleteOptions },
};

// k8s.io/apimachinery/pkg/runtime/generated.proto
const TypeMeta: Schema = { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] };
const Unknown: Schema = { 1: ['typeMeta', TypeMeta], 2: ['raw', 'raw'], 3: ['contentEncoding', 'string'], 4: ['contentType', 'string'] };

const MAGIC = Buffer.from('k8s\0', 'latin1');

/** A Kubernetes protobuf body as the API would have received it in JSON (apiVersion and kind included). */
export function decodeProtobuf(body: Buffer): { apiVersion: string; kind: string; object: Json } {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC))
    throw badRequest('the body of the request is not a Kubernetes protobuf object: it does not begin with "k8s\\x00"');
  const unknown = decodeMessage(body.subarray(MAGIC.length), Unknown);
  const apiVersion: string = unknown.typeMeta?.apiVersion ?? '';
  const kind: string = unknown.typeMeta?.kind ?? '';
  if (unknown.contentEncoding) throw new ApiError(415, 'UnsupportedMediaType', `unsupported content encoding "${unknown.contentEncoding}"`);
  const known = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (!known || (known.versions && !known.versions.includes(apiVersion)))
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the server cannot read ${kind || 'an object without a kind'}${apiVersion ? ` (${apiVersion})` : ''} as application/vnd.kubernetes.protobuf: send it as application/json`,
    );
  const object = { apiVersion, kind, ...decodeMessage(unknown.raw ?? Buffer.alloc(0), known.schema) };
  return { apiVersion, kind, object };
}

/** A bounded reader over one message's bytes. */
class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let v = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw malformed('truncated varint');
      const b = this.buf[this.pos++];
      v |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (!(b & 0x80)) return BigInt.asUintN(64, v);
    }
    throw malformed('varint longer than 10 bytes');
  }

  bytes(): Buffer {
    const n = this.varint();
    if (n > BigInt(this.buf.length - this.pos)) throw malformed('length past the end of the message');
    const out = this.buf.subarray(this.pos, this.pos + Number(n));
    this.pos += Number(n);
    return out;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 2) this.bytes();
    else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (this.pos + n > this.buf.length) throw malformed('truncated fixed-width field');
      this.pos += n;
    } else throw malformed(`wire type ${wire} is not read here`);
  }
}

const malformed = (what: string) => badRequest(`the body of the request is not valid protobuf: ${what}`);

const VARINT_TYPES = new Set<Scalar | Schema>(['int', 'ptrInt', 'bool']);

function decodeMessage(buf: Buffer, schema: Schema): Record<string, Json> {
  const r = new Reader(buf);
  const out: Record<string, Json> = {};
  while (!r.done()) {
    const key = r.varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0 || key >> 3n > 0x1fffffffn) throw malformed(`field number ${key >> 3n}`);
    const spec = Object.hasOwn(schema, field) ? schema[field] : undefined;
    if (!spec) {
      r.skip(wire);
      continue;
    }
    const [name, type, repeated] = spec;
    const expected = VARINT_TYPES.has(type) ? 0 : 2;
    if (wire !== expected) throw malformed(`field ${name} (${field}) has wire type ${wire}, not ${expected}`);
    if (type === 'map' || type === 'bytesMap') {
      const [k, v] = mapEntry(r.bytes(), type === 'bytesMap');
      // defined, not assigned: a key `__proto__` is a key, as JSON.parse makes it
      Object.defineProperty((out[name] ??= {}), k, { value: v, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const value = wire === 0 ? varintValue(r.varint(), type as Scalar) : lengthValue(r.bytes(), type);
    if (repeated) ((out[name] ??= []) as Json[]).push(value);
    else out[name] = value;
  }
  // what Go wrote only because its fields are not pointers: JSON's omitempty leaves it out
  for (const [name, type, repeated] of Object.values(schema)) {
    if (repeated || !(name in out)) continue;
    const v = out[name];
    if ((type === 'string' && v === '') || (type === 'int' && v === 0) || ((type === 'time' || type === 'microTime') && v === null)) delete out[name];
  }
  return out;
}

function varintValue(v: bigint, type: Scalar): Json {
  if (type === 'bool') return v !== 0n;
  return Number(BigInt.asIntN(64, v)); // int32s come sign-extended to 64 bits
}

function lengthValue(b: Buffer, type: Scalar | Schema): Json {
  switch (type) {
    case 'string':
    case 'ptrString':
      return b.toString('utf8');
    case 'bytes':
      return b.toString('base64');
    case 'raw':
      return b;
    case 'time':
    case 'microTime':
      return timestamp(b, type === 'microTime');
    case 'fieldsV1': {
      const raw: Buffer | undefined = decodeMessage(b, { 1: ['raw', 'raw'] }).raw;
      if (!raw?.length) return {};
      try {
        return JSON.parse(raw.toString('utf8'));
      } catch {
        throw malformed('fieldsV1 is not JSON');
      }
    }
    default:
      if (typeof type === 'string') throw malformed(`a ${type} cannot be length-delimited`);
      return decodeMessage(b, type);
  }
}

/** A map entry {1 key, 2 value}; either may be missing (the empty string, then). */
function mapEntry(b: Buffer, bytes: boolean): [string, string] {
  const e = decodeMessage(b, { 1: ['key', 'ptrString'], 2: ['value', bytes ? 'bytes' : 'ptrString'] });
  return [e.key ?? '', e.value ?? ''];
}

const MIN_SECONDS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

/** meta.v1.Time (seconds only, as the API keeps it) or MicroTime (microseconds), as RFC 3339; empty is the zero time, left out. */
function timestamp(b: Buffer, micro: boolean): string | null {
  if (!b.length) return null;
  const t = decodeMessage(b, { 1: ['seconds', 'ptrInt'], 2: ['nanos', 'ptrInt'] });
  const seconds: number = t.seconds ?? 0;
  const nanos: number = t.nanos ?? 0;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw malformed(`timestamp ${seconds}s is out of range`);
  if (nanos < 0 || nanos > 999_999_999) throw malformed(`timestamp nanos ${nanos} is out of range`);
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}
