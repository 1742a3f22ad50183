// OpenAPI v3 component schemas built from what sts already knows: the field docs of `sts explain`
// (api/explain-docs.ts) and the kinds (api/kinds.ts), shaped as kube-openapi emits them, so that
// kubectl explain (k8s.io/kubectl/pkg/explain/v2, templates/plaintext.tmpl) renders them as sts does.
import { EXPLAIN, type FieldDoc } from '../api/explain-docs.js';
import { KINDS, type KindInfo } from '../api/kinds.js';

export type Schema = Record<string, unknown>;

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const PRIMITIVES = new Set(['string', 'integer', 'boolean', 'number']);
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** Types that live outside any API group's package (k8s.io/apimachinery). */
const APIMACHINERY: Record<string, string> = {
  ObjectMeta: META,
  ListMeta: META,
  LabelSelector: META,
  OwnerReference: META,
  Time: META,
  IntOrString: 'io.k8s.apimachinery.pkg.util.intstr',
  Quantity: 'io.k8s.apimachinery.pkg.api.resource',
};
/** kube-openapi's v3 shapes of the two types that are "one of" (typeGuess shows their name: they have no `type`). */
const ONE_OF: Record<string, Schema> = {
  IntOrString: { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  Quantity: { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

/** k8s.io/api's package of a group-version: `io.k8s.api.apps.v1`, `io.k8s.api.core.v1`, `io.k8s.api.rbac.v1`. */
const apiPackage = (k: Pick<KindInfo, 'group' | 'version'>) => `io.k8s.api.${k.group ? k.group.split('.')[0] : 'core'}.${k.version}`;

/** The kind a type is named after: the longest one its name starts with (`StatefulSetPersistentVolumeClaimRetentionPolicy`
 *  → StatefulSet, `PodTemplateSpec` → Pod), else the longest one it contains (`RollingUpdateStatefulSetStrategy`). */
function kindWithin(type: string): KindInfo | undefined {
  const longest = (found: KindInfo[]) =>
    found.reduce<KindInfo | undefined>((best, k) => (!best || k.kind.length > best.kind.length ? k : best), undefined);
  return longest(KINDS.filter((k) => type.startsWith(k.kind))) ?? longest(KINDS.filter((k) => type.includes(k.kind)));
}

/** The schema name of a type: its package, else that of the kind it is named after, else that of the type it is met in. */
function schemaName(type: string, parentPackage: string): string {
  const owner = kindWithin(type);
  const pkg = Object.hasOwn(APIMACHINERY, type) ? APIMACHINERY[type] : owner ? apiPackage(owner) : parentPackage;
  return `${pkg}.${type}`;
}

const packageOf = (name: string) => name.slice(0, name.lastIndexOf('.'));
export const refTo = (name: string) => `#/components/schemas/${name}`;

/** The schemas being built: one per type name; a type documented in several places gets the union of its fields. */
class Builder {
  readonly schemas = new Map<string, Schema>();
  /** where a type's field was first documented differently from another place (sts's docs disagree with themselves) */
  readonly conflicts: string[] = [];
  private readonly seen = new Map<string, FieldDoc>();

  /** A named type's schema (made on first sight) and its fields merged in; returns its name. */
  named(type: string, parentPackage: string, fields: Record<string, FieldDoc> | undefined): string {
    const name = schemaName(type, parentPackage);
    let schema = this.schemas.get(name);
    if (!schema) {
      schema = Object.hasOwn(ONE_OF, type) ? { ...ONE_OF[type] } : { type: 'object' };
      this.schemas.set(name, schema);
    }
    if (fields) this.mergeFields(name, schema, fields);
    return name;
  }

  mergeFields(name: string, schema: Schema, fields: Record<string, FieldDoc>): void {
    const properties = (schema.properties ??= {}) as Record<string, Schema>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [field, doc] of Object.entries(fields)) {
      const key = `${name}.${field}`;
      const before = this.seen.get(key);
      if (before && !sameDoc(before, doc)) this.conflicts.push(key);
      if (!before) this.seen.set(key, doc);
      if (!Object.hasOwn(properties, field)) properties[field] = { ...this.fieldSchema(doc.type, packageOf(name), doc.fields), description: doc.doc };
      else this.fieldSchema(doc.type, packageOf(name), doc.fields); // the type's fields documented here count too
      if (doc.required) required.add(field);
    }
    schema.properties = sortKeys(properties);
    if (required.size) schema.required = [...required].sort();
  }

  /** A field's schema as kube-openapi writes it: a named type as `allOf: [$ref]`, lists and maps by their items. */
  fieldSchema(type: string, pkg: string, fields: Record<string, FieldDoc> | undefined): Schema {
    if (type.startsWith('[]')) return { type: 'array', items: this.itemSchema(type.slice(2), pkg, fields) };
    if (type.startsWith('map[string]'))
      return { type: 'object', additionalProperties: this.itemSchema(type.slice('map[string]'.length), pkg, fields) };
    if (PRIMITIVES.has(type)) return { type };
    return { allOf: [{ $ref: refTo(this.named(type, pkg, fields)) }] };
  }

  private itemSchema(type: string, pkg: string, fields: Record<string, FieldDoc> | undefined): Schema {
    return PRIMITIVES.has(type) ? { type } : { $ref: refTo(this.named(type, pkg, fields)) };
  }
}

function sameDoc(a: FieldDoc, b: FieldDoc): boolean {
  return a === b || (a.type === b.type && a.doc === b.doc && !!a.required === !!b.required);
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The fields every object has, as the docs word them (taken from a documented kind, not copied). */
function commonFields(): Record<string, FieldDoc> {
  const documented = Object.values(EXPLAIN).find((d) => d.fields?.apiVersion && d.fields.kind && d.fields.metadata);
  const f = documented!.fields!;
  return { apiVersion: f.apiVersion, kind: f.kind, metadata: f.metadata };
}

export const gvkOf = (k: KindInfo): GroupVersionKind => ({ group: k.group, kind: k.kind, version: k.version });

export interface SchemaSet {
  schemas: Map<string, Schema>;
  /** each kind's schema name */
  kindSchema: Map<KindInfo, string>;
  conflicts: string[];
}

/**
 * Every kind's schema and the types they use. A kind sts documents gets its fields; any other gets
 * apiVersion, kind, metadata and a free-form spec, and keeps unknown fields (the server validates).
 */
export function buildSchemas(): SchemaSet {
  const b = new Builder();
  const kindSchema = new Map<KindInfo, string>();
  for (const k of KINDS) {
    const name = `${apiPackage(k)}.${k.kind}`;
    const doc = Object.hasOwn(EXPLAIN, k.kind) ? EXPLAIN[k.kind] : undefined;
    const schema: Schema = b.schemas.get(name) ?? { type: 'object' };
    b.schemas.set(name, schema);
    if (doc) {
      schema.description = doc.doc;
      b.mergeFields(name, schema, doc.fields ?? {});
    } else {
      b.mergeFields(name, schema, commonFields());
      (schema.properties as Record<string, Schema>).spec = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      schema.properties = sortKeys(schema.properties as Record<string, Schema>);
      schema['x-kubernetes-preserve-unknown-fields'] = true;
    }
    schema['x-kubernetes-group-version-kind'] = [gvkOf(k)];
    kindSchema.set(k, name);
  }
  return { schemas: b.schemas, kindSchema, conflicts: b.conflicts };
}

/** The names of the schemas `roots` use, themselves included, in sorted order. */
export function closure(schemas: Map<string, Schema>, roots: string[]): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object')
      for (const [key, child] of Object.entries(v)) {
        if (key === '$ref' && typeof child === 'string') add(child.slice(refTo('').length));
        else visit(child);
      }
  };
  const add = (name: string) => {
    if (found.has(name)) return;
    found.add(name);
    visit(schemas.get(name));
  };
  roots.forEach(add);
  return [...found].sort();
}
