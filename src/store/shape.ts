// Load-time shape checks of the root file and its documents: one that does not have the shape the
// code reads without looking first is corrupt, and refused, never "fixed".

/** What a check found wrong: where (".clock.now", "[3]"), and what ("is null, not a number").
 *  Made only on failure, so checking a large good file allocates next to nothing. */
type Problem = [at: string, what: string];
type Check = (v: unknown) => Problem | undefined;

/** Times must stay within what a Date can show (±8.64e15 ms). */
const MAX_TIME = 8.64e15;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const jsonType = (v: unknown) =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : typeof v === 'number' && !Number.isFinite(v)
          ? 'out of range'
          : `a ${typeof v}`;

/** "is null, not a number"; "is missing" */
const bad = (v: unknown, want: string): Problem => ['', v === undefined ? 'is missing' : `is ${jsonType(v)}, not ${want}`];
const str: Check = (v) => (typeof v === 'string' ? undefined : bad(v, 'a string'));
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : bad(v, 'a boolean'));
const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : bad(v, 'a number'));
const time: Check = (v) => num(v) ?? (Math.abs(v as number) <= MAX_TIME ? undefined : ['', `is ${v}, not a time`]);
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v as string)
      ? undefined
      : typeof v === 'string'
        ? ['', `is ${JSON.stringify(v)}, not ${values.map((x) => `"${x}"`).join(' or ')}`]
        : bad(v, 'a string');
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? undefined : check(v);
const list =
  (each: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return bad(v, 'an array');
    for (let i = 0; i < v.length; i++) {
      const p = each(v[i]);
      if (p) return [`[${i}]${p[0]}`, p[1]];
    }
    return undefined;
  };
const record =
  (each: Check): Check =>
  (v) => {
    if (!isRecord(v)) return bad(v, 'an object');
    for (const k in v) {
      const p = each(v[k]);
      if (p) return [`.${k}${p[0]}`, p[1]];
    }
    return undefined;
  };
/** An object with these fields (others are let through: a newer sts of the same schema may add some). */
const fields = (want: Record<string, Check>): Check => {
  const keys = Object.keys(want);
  const checks = Object.values(want);
  return (v) => {
    if (!isRecord(v)) return bad(v, 'an object');
    for (let i = 0; i < keys.length; i++) {
      const p = checks[i](v[keys[i]]);
      if (p) return [`.${keys[i]}${p[0]}`, p[1]];
    }
    return undefined;
  };
};

/** a node's usage: a pod count, or [pods, cpu, memory] */
const USAGE: Check = (v) => (typeof v === 'number' ? num(v) : list(num)(v));
const POD = fields({ ns: str, name: str, uid: str, st: str, c: time, t: time, h: optional(str) });
const EVENT = fields({ ns: str, kind: str, name: str, reason: str, msg: str, first: time, last: time, count: num });
const OBJECTS = record(list(fields({ metadata: fields({ name: str, namespace: optional(str) }) })));

/** What every part of the code reads without looking first: the top-level fields, and of stored
 *  objects, pod records and events what indexing and printing them needs. */
const ROOT_FIELDS = {
  id: str,
  clock: fields({ mode: oneOf('real', 'manual'), now: time }),
  seq: fields({ uid: num, rv: num, clusterIP: num, podIP: record(num), reservedIPs: optional(list(str)) }),
  stages: record(num),
  objects: OBJECTS,
  pods: list(POD),
  events: list(EVENT),
  bound: record(time),
  // added after the first files were written: load() fills them in when absent
  faults: optional(fields({ images: list(str), pods: optional(record(oneOf('crash', 'unready'))), nodes: optional(record(time)) })),
  features: optional(record(bool)),
  dataChangedAt: optional(record(time)),
  kubeconfig: optional(
    fields({
      currentContext: str,
      contexts: list(fields({ name: str, cluster: str, user: str, namespace: optional(str) })),
      server: optional(str),
    }),
  ),
};
/** Schema 1: everything in the one file. */
const FILE_V1 = fields(ROOT_FIELDS);
/** Schema 2: the root, indexing namespaces' documents; or, without `docs`, a cluster whole in one
 *  file as `sts cluster reset` writes it (pods, events and bound times are checked where they are). */
const ROOT_V2 = fields({
  ...ROOT_FIELDS,
  pods: optional(list(POD)),
  events: optional(list(EVENT)),
  bound: optional(record(time)),
  gen: optional(num),
  docs: optional(record(fields({ file: str, due: optional(time), aff: optional(bool) }))),
  eventsFile: optional(str),
  usage: optional(record(USAGE)),
});
/** A namespace's document (store/docs.ts): its pods do not repeat the namespace. */
const NS_DOC = fields({
  namespace: str,
  objects: OBJECTS,
  t0: optional(time),
  pods: list((v) => (isRecord(v) ? undefined : bad(v, 'an object'))), // their fields: docPods
  podBase: optional((v) => (isRecord(v) ? undefined : bad(v, 'an object'))),
  bound: record(time),
  claims: optional(record(list(fields({ o: num, u: str, rv: num, c: time })))),
  usage: optional(record(USAGE)),
  gone: optional(list(fields({ n: str, uid: str, c: time, g: time, r: optional(str), h: optional(str) }))),
});
const EVENTS_DOC = fields({ events: list(EVENT) });

const problem = (check: Check, data: unknown) => {
  const p = check(data);
  return p && `${p[0].slice(1)} ${p[1]}`;
};

/** Why a parsed cluster file (of a schema this sts knows) cannot be used, or undefined when it can. */
export function shapeProblem(data: object): string | undefined {
  return problem((data as { schema?: number }).schema === 1 ? FILE_V1 : ROOT_V2, data);
}
/** A document's pods have these fields, each their own or the same for all in its podBase. */
const POD_FIELDS: Record<string, Check> = { st: str, c: time, t: time, h: optional(str) };
const DOC_POD = fields(POD_FIELDS);
const docPods: Check = (doc) => {
  const { pods, podBase: base } = doc as { pods: unknown; podBase?: Record<string, unknown> };
  const each = base ? fields(Object.fromEntries(Object.entries(POD_FIELDS).map(([k, check]) => [k, (v: unknown) => check(v ?? base[k])]))) : DOC_POD;
  const p = list(each)(pods);
  return p && [`.pods${p[0]}`, p[1]];
};
export const docShapeProblem = (data: unknown) => problem(NS_DOC, data) ?? problem(docPods, data);
export const eventsShapeProblem = (data: unknown) => problem(EVENTS_DOC, data);
