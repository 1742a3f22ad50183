// `sts wait --for=condition=Ready|--for=delete|--for=jsonpath='{…}'=VALUE (TYPE NAME | -l SEL | --all)`.
// On a manual clock the cluster's time is moved forward a second at a time until every object
// meets the condition (or --timeout of cluster time passes); on a real clock sts polls.
import { CliError, notFound } from '../api/errors.js';
import { qualifiedSingular, type KindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { parseDuration } from '../controller/clock.js';
import { advance } from '../controller/simulate.js';
import { JsonPathError, formatValue, select } from '../print/jsonpath.js';
import type { Cluster } from '../store/cluster.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { delay, out } from './output.js';
import type { Verb } from './verb.js';
import { getObject, listObjects, parseLabelSelector, parseResourceArgs } from './resources.js';

export interface WaitOpts extends GlobalOpts {
  for?: string;
  timeout?: string;
  selector?: string;
  all?: boolean;
}

type Check = { kind: 'delete' } | { kind: 'condition'; name: string; value: string } | { kind: 'jsonpath'; path: string; value?: string };

function parseFor(f: string | undefined): Check {
  if (!f) throw new CliError('error: --for must be set', 'wait');
  if (f === 'delete') return { kind: 'delete' };
  if (f.startsWith('condition=')) {
    const [name, value = 'true'] = f.slice(10).split('=');
    if (!name) throw new CliError(`error: unrecognized condition: "${f}"`);
    return { kind: 'condition', name, value: value.toLowerCase() };
  }
  if (f.startsWith('jsonpath=')) {
    const rest = f.slice(9);
    const m = /^(\{.+\})(?:=(.*))?$/.exec(rest) ?? /^(\.[^={}]+)(?:=(.*))?$/.exec(rest);
    if (!m || !/[A-Za-z]/.test(m[1]))
      throw new CliError(
        `error: jsonpath wait format must be --for=jsonpath='{JSONPath expression}'=<value> or --for=jsonpath='{JSONPath expression}', got "${rest}"`,
      );
    return { kind: 'jsonpath', path: m[1], value: m[2] };
  }
  throw new CliError(`error: unrecognized condition: "${f}"`);
}

interface Target {
  info: KindInfo;
  ns: string;
  name: string;
  uid?: string;
  done?: boolean;
}

function met(c: Cluster, t: Target, check: Check): boolean {
  let obj: KObject | undefined;
  try {
    obj = getObject(c, t.info, t.ns, t.name);
  } catch {
    obj = undefined;
  }
  if (check.kind === 'delete') return !obj || (t.uid !== undefined && obj.metadata.uid !== t.uid);
  if (!obj) throw notFound(t.info, t.name);
  if (check.kind === 'condition') {
    const cond = (obj.status?.conditions ?? []).find((x: { type: string }) => x.type.toLowerCase() === check.name.toLowerCase());
    return !!cond && String(cond.status).toLowerCase() === check.value;
  }
  let values;
  try {
    values = select(check.path, obj);
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
  if (!values.length) return false;
  return check.value === undefined || values.some((v) => formatValue(v) === check.value);
}

export const waitVerb: Verb = {
  honours: ['all', 'for', 'selector', 'timeout'],
  run: ({ args, opts }) => wait(args, opts),
};

export async function wait(args: string[], opts: WaitOpts): Promise<void> {
  const check = parseFor(opts.for);
  const timeout = opts.timeout === undefined ? 30_000 : parseDuration(opts.timeout);
  if (timeout === undefined)
    throw new CliError(`error: invalid argument "${opts.timeout}" for "--timeout" flag: time: invalid duration "${opts.timeout}"`);
  const reqs = parseResourceArgs(args);
  if (!reqs.length) throw new CliError('error: resource(s) were provided, but no name was specified', 'wait');
  const selector = parseLabelSelector(opts.selector);
  const report = (t: Target) => {
    if (!t.done) out(`${qualifiedSingular(t.info)}/${t.name} condition met`);
    t.done = true;
  };
  const timedOut = (targets: Target[]) =>
    new CliError(
      targets
        .filter((t) => !t.done)
        .map((t) => `error: timed out waiting for the condition on ${t.info.plural}/${t.name}`)
        .join('\n'),
    );

  const state = await withCluster(
    opts,
    (c) => {
      const ns = namespaceOf(opts);
      const targets: Target[] = [];
      for (const r of reqs) {
        if (r.names) for (const name of r.names) targets.push({ info: r.info, ns, name });
        else if (selector || opts.all)
          for (const o of listObjects(c, r.info, ns, selector)) targets.push({ info: r.info, ns: o.metadata.namespace ?? ns, name: o.metadata.name });
        else throw new CliError('error: resource(s) were provided, but no name was specified', 'wait');
      }
      if (!targets.length) throw new CliError('error: no matching resources found');
      for (const t of targets) {
        try {
          t.uid = getObject(c, t.info, t.ns, t.name).metadata.uid;
        } catch (e) {
          if (check.kind !== 'delete') throw e;
        }
      }
      const sweep = () => targets.forEach((t) => !t.done && met(c, t, check) && report(t));
      sweep();
      if (targets.every((t) => t.done) || c.file.clock.mode !== 'manual') return targets;
      const start = c.now;
      while (c.now < start + timeout) {
        const { idle } = advance(c, Math.min(c.now + 1000, start + timeout));
        sweep();
        if (targets.every((t) => t.done)) return targets;
        if (idle && !c.dirtySets.size) {
          // nothing will change any more: the rest of the timeout passes at once
          c.now = start + timeout;
          break;
        }
      }
      throw timedOut(targets);
    },
    true,
  );
  if (state.every((t) => t.done)) return;
  const deadline = Date.now() + timeout;
  for (;;) {
    await delay(200);
    await withCluster(opts, (c) => state.forEach((t) => !t.done && met(c, t, check) && report(t)));
    if (state.every((t) => t.done)) return;
    if (Date.now() > deadline) throw timedOut(state);
  }
}
