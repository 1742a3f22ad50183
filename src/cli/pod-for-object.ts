// Which pod a `TYPE/NAME` stands for in exec, logs, cp and port-forward: kubectl's polymorphichelpers
// (SelectorsForObject, AttachablePodForObjectFn, LogsForObjectFn) and the pod orderings of podutils.
import { CliError, timedOutWaiting } from '../api/errors.js';
import { fromLabelSelector, matches, type Selector } from '../api/labels.js';
import type { Json, KObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { getObject, listObjects, parseResourceArgs, resolveType } from './resources.js';

/** How Go's %T names the object kubectl decoded: `*v1.StatefulSet`. */
export const goType = (o: KObject) => `*${o.apiVersion.split('/').pop()}.${o.kind}`;

/** SelectorsForObject: the pods an object stands for, or why it has none. */
export function selectorForObject(o: KObject): { selector: Selector } | { error: string } {
  switch (o.kind) {
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'Deployment':
    case 'Job':
      return { selector: fromLabelSelector(o.spec?.selector ?? {}) };
    case 'ReplicationController':
      return { selector: fromLabelSelector({ matchLabels: o.spec?.selector ?? {} }) };
    case 'Service':
      if (!o.spec?.selector || !Object.keys(o.spec.selector).length)
        return { error: `invalid service '${o.metadata.name}': Service is defined without a selector` };
      return { selector: fromLabelSelector({ matchLabels: o.spec.selector }) };
    default:
      return { error: `selector for ${goType(o)} not implemented` };
  }
}

const time = (s: string | undefined) => (s ? Date.parse(s) : 0);
const readyCondition = (p: KObject): Json | undefined => (p.status?.conditions ?? []).find((c: Json) => c.type === 'Ready' && c.status === 'True');
const isReady = (p: KObject) => readyCondition(p) !== undefined;
/** podReadyTime: zero (0) when not ready */
const readyTime = (p: KObject) => time(readyCondition(p)?.lastTransitionTime);
const maxRestarts = (p: KObject) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s: Json) => s.restartCount ?? 0));
const created = (p: KObject) => time(p.metadata.creationTimestamp);
const assigned = (p: KObject) => !!p.spec?.nodeName;
/** afterOrZero: t1 is after t2, a zero time counting as after any other */
const afterOrZero = (t1: number, t2: number) => (t1 === 0 || t2 === 0 ? t1 === 0 : t1 > t2);

/** podutils.ByLogging's Less: the pod whose logs are most worth showing comes first. */
export function lessByLogging(a: KObject, b: KObject): boolean {
  if (assigned(a) !== assigned(b)) return assigned(a);
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const [ra, rb] = [rank[a.status?.phase] ?? 0, rank[b.status?.phase] ?? 0];
  if (ra !== rb) return ra < rb;
  if (isReady(a) !== isReady(b)) return isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  if (created(a) !== created(b)) return afterOrZero(created(b), created(a));
  return false;
}

/** podutils.ActivePods' Less: the pod a controller would delete first comes first. */
export function lessActive(a: KObject, b: KObject): boolean {
  if (assigned(a) !== assigned(b)) return !assigned(a);
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const [ra, rb] = [rank[a.status?.phase] ?? 0, rank[b.status?.phase] ?? 0];
  if (ra !== rb) return ra < rb;
  if (isReady(a) !== isReady(b)) return !isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  if (created(a) !== created(b)) return afterOrZero(created(a), created(b));
  return false;
}

const comparator = (less: (a: KObject, b: KObject) => boolean) => (a: KObject, b: KObject) => (less(a, b) ? -1 : less(b, a) ? 1 : 0);

/** exec, attach and port-forward take the most established pod: sort.Reverse(ActivePods). */
export const byAttachability = comparator((a, b) => lessActive(b, a));
export const byLogging = comparator(lessByLogging);

/** The object a `POD` or `TYPE/NAME` argument names (builder.ResourceNames("pods", arg)), or NotFound. */
export function objectForArg(c: Cluster, arg: string, ns: string): KObject {
  if (!arg.includes('/')) return getObject(c, resolveType('pods'), ns, arg);
  const [{ info, names }] = parseResourceArgs([arg]);
  return getObject(c, info, ns, names![0]);
}

/** The pods an object stands for, in the order kubectl picks from (a pod stands for itself). The
 *  `why` callback words the error for objects without pods, e.g. `cannot attach to *v1.ConfigMap: …`. */
export function podsForObject(
  c: Cluster,
  o: KObject,
  order: (a: KObject, b: KObject) => number,
  why: (o: KObject, reason: string) => string,
): KObject[] {
  if (o.kind === 'Pod') return [o];
  const s = selectorForObject(o);
  if ('error' in s) throw new CliError(`error: ${why(o, s.error)}`);
  const pods = listObjects(c, resolveType('pods'), o.metadata.namespace).filter((p) => matches(s.selector, p.metadata.labels));
  // GetPodList waits (--pod-running-timeout) for a pod to appear; nothing appears while sts waits, so it
  // reports at once what kubectl reports when that wait ends.
  if (!pods.length) throw timedOutWaiting();
  return pods.sort(order);
}

/** How attachablePodForObject words an object without pods. */
export const cannotAttach = (o: KObject, reason: string) => `cannot attach to ${goType(o)}: ${reason}`;

/** AttachablePodForObjectFn: the pod exec and port-forward work on. */
export function attachablePod(c: Cluster, o: KObject): KObject {
  return podsForObject(c, o, byAttachability, cannotAttach)[0];
}
