// `sts logs (POD | TYPE/NAME) [CONTAINER] | -l SELECTOR`: which pods and containers (kubectl's logs.go
// and polymorphichelpers.LogsForObjectFn), what the kubelet returns for each (--tail, --since,
// --timestamps, --limit-bytes), kubectl's --prefix, and -f to keep reading.
import { CliError } from '../api/errors.js';
import type { Json, KObject } from '../api/types.js';
import { defaultedContainerNote } from '../apiserver/pod-object.js';
import { containerLogLines, type LogLine } from '../runtime/logs.js';
import type { Cluster } from '../store/cluster.js';
import { statePath } from '../store/file.js';
import { namespaceOf, withCluster, type GlobalOpts } from './context.js';
import { parseGoDuration } from './flags.js';
import { delay, err, io } from './output.js';
import { byLogging, goType, objectForArg, podsForObject } from './pod-for-object.js';
import { listObjects, parseLabelSelector, resolveType } from './resources.js';
import type { Verb } from './verb.js';

export const logsVerb: Verb = {
  honours: [
    'all-containers',
    'all-pods',
    'container',
    'follow',
    'ignore-errors',
    'limit-bytes',
    'max-log-requests',
    'prefix',
    'previous',
    'selector',
    'since',
    'since-time',
    'tail',
    'timestamps',
  ],
  ignores: ['insecure-skip-tls-verify-backend', 'pod-running-timeout'],
  run: ({ args, opts, changed }) => logs(args, opts, changed),
};

export interface LogsOpts extends GlobalOpts {
  container?: string;
  tail?: number;
  follow?: boolean;
  previous?: boolean;
  selector?: string;
  allContainers?: boolean;
  allPods?: boolean;
  prefix?: boolean;
  timestamps?: boolean;
  limitBytes?: number;
  since?: string;
  sinceTime?: string;
  maxLogRequests?: number;
  ignoreErrors?: boolean;
}

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** What one log request asks the kubelet for (corev1.PodLogOptions). */
export interface LogRequest {
  tail?: number;
  /** only lines written at or after this time (ms) */
  since?: number;
  sinceSeconds?: number;
  timestamps: boolean;
  limitBytes?: number;
  previous: boolean;
}

/** One container's log stream: which pod and container, and what it returned. */
export interface Stream {
  pod: string;
  container: string;
  lines?: LogLine[];
  /** the API server's refusal (`container "nginx" in pod "web-0" is waiting to start: …`) */
  refused?: string;
}

/** time.Parse(time.RFC3339, s), with Go's error texts (metav1's ParseRFC3339 falls back to it). */
export function parseRfc3339(s: string): number {
  const layout = '2006-01-02T15:04:05Z07:00';
  const cannot = (rest: string, elem: string) =>
    new CliError(
      `error: parsing time ${JSON.stringify(s)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`,
    );
  const range = (what: string) => new CliError(`error: parsing time ${JSON.stringify(s)}: ${what} out of range`);
  let rest = s;
  const num = (elem: string, width: number, fixed: boolean): number => {
    const m = (fixed ? new RegExp(`^\\d{${width}}`) : new RegExp(`^\\d{1,${width}}`)).exec(rest);
    if (!m) throw cannot(rest, elem);
    rest = rest.slice(m[0].length);
    return Number(m[0]);
  };
  const lit = (text: string) => {
    if (!rest.startsWith(text)) throw cannot(rest, text);
    rest = rest.slice(text.length);
  };
  const year = num('2006', 4, true);
  lit('-');
  const month = num('01', 2, true);
  if (month < 1 || month > 12) throw range('month');
  lit('-');
  const day = num('02', 2, true);
  lit('T');
  const hour = num('15', 2, false);
  if (hour > 23) throw range('hour');
  lit(':');
  const minute = num('04', 2, true);
  if (minute > 59) throw range('minute');
  lit(':');
  const second = num('05', 2, true);
  if (second > 59) throw range('second');
  const frac = /^[.,](\d+)/.exec(rest);
  if (frac) rest = rest.slice(frac[0].length);
  let offset = 0;
  if (rest.startsWith('Z')) rest = rest.slice(1);
  else {
    const tz = /^([+-])(\d\d):(\d\d)/.exec(rest);
    if (!tz) throw cannot(rest, 'Z07:00');
    offset = (tz[1] === '-' ? -1 : 1) * (Number(tz[2]) * 60 + Number(tz[3])) * 60_000;
    rest = rest.slice(6);
  }
  if (rest) throw new CliError(`error: parsing time ${JSON.stringify(s)}: extra text: ${JSON.stringify(rest)}`);
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    throw new CliError(`error: parsing time ${JSON.stringify(s)}: day out of range`);
  return Date.UTC(year, month - 1, day, hour, minute, second, Number(`0.${frac?.[1] ?? 0}`) * 1000) - offset;
}

/** The kubelet's RFC3339NanoFixed, as --timestamps puts it before each line. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

/** What the kubelet sends for one request: the last --tail lines, those since --since, stamped (send() cuts at --limit-bytes). */
export function kubeletText(lines: LogLine[], req: LogRequest, now: number): string {
  let picked = req.tail === undefined ? lines : req.tail <= 0 ? [] : lines.slice(-req.tail);
  const since = req.sinceSeconds !== undefined ? now - req.sinceSeconds * 1000 : req.since;
  if (since !== undefined) picked = picked.filter((l) => l.at >= since);
  const text = picked.map((l) => `${req.timestamps ? `${stamp(l.at)} ` : ''}${l.text}\n`).join('');
  return text;
}

/** kubectl's prefixingWriter: `[pod/web-0/nginx] ` before every line it writes. */
const prefixed = (text: string, s: Stream) =>
  text
    .split(/(?<=\n)/)
    .filter(Boolean)
    .map((l) => `[pod/${s.pod}/${s.container}] ${l}`)
    .join('');

const statusOf = (pod: KObject, container: string): Json | undefined =>
  [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((x: Json) => x.name === container);
const waitingReason = (pod: KObject, container: string): string | undefined => statusOf(pod, container)?.state?.waiting?.reason;
/** An init container has run once it has a container ID; an app container once the pod's have started. */
const isInit = (pod: KObject, container: string) => (pod.spec?.initContainers ?? []).some((x: Json) => x.name === container);
const hasRun = (pod: KObject, container: string, appStarted: boolean) =>
  isInit(pod, container) ? statusOf(pod, container)?.containerID !== undefined : appStarted;

/** What the API server returns for one container's log, or why it refuses. */
export function readStream(c: Cluster, path: string, pod: KObject, container: string, previous: boolean): Stream {
  const name = pod.metadata.name;
  const s: Stream = { pod: name, container };
  const p = c.pod(pod.metadata.namespace!, name);
  const ctr = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x: Json) => x.name === container);
  if (!p || !ctr) s.refused = `pods "${name}" not found`;
  else if (previous) {
    if (!p.restarts && p.lastExitAt === undefined) s.refused = `previous terminated container "${container}" in pod "${name}" not found`;
    else s.lines = containerLogLines(path, p, ctr, true);
  } else if (!hasRun(pod, container, p.runningSince !== undefined))
    s.refused = `container "${container}" in pod "${name}" is waiting to start: ${waitingReason(pod, container) ?? p.waitingReason ?? (p.node ? 'ContainerCreating' : 'PodInitializing')}`;
  else s.lines = containerLogLines(path, p, ctr, false);
  return s;
}

/** logsForObjectWithClient for one pod: every container, or the one asked for (or defaulted, saying so). */
function containersOf(pod: KObject, opts: LogsOpts, allPods: boolean, notes: string[]): string[] {
  const names = (list: Json[] | undefined) => (list ?? []).map((x) => x.name as string);
  const init = names(pod.spec?.initContainers);
  const main = names(pod.spec?.containers);
  if (opts.allContainers) return [...init, ...main];
  if (opts.container) return [opts.container];
  const wanted = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (wanted) {
    if ([...init, ...main].includes(wanted)) return [wanted];
    notes.push(`Default container name "${wanted}" not found in pod ${pod.metadata.name}`);
  }
  const note = allPods ? undefined : defaultedContainerNote(pod.spec, main[0]);
  if (note) notes.push(note);
  return [main[0]];
}

/** The container streams of a pod: kubectl checks the container exists before asking for anything. */
function streamsOf(pod: KObject, opts: LogsOpts, allPods: boolean, notes: string[]): { pod: KObject; container: string }[] {
  const known = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((x: Json) => x.name);
  return containersOf(pod, opts, allPods, notes).map((container) => {
    if (!known.includes(container)) throw new CliError(`error: container ${container} is not valid for pod ${pod.metadata.name}`);
    return { pod, container };
  });
}

function checkArgs(args: string[], opts: LogsOpts): void {
  if (!args.length && !opts.selector) throw new CliError(`error: ${USAGE}`, 'logs');
  if (args.length === 1 && opts.selector) throw new CliError('error: only a selector (-l) or a POD name is allowed', 'logs');
  if (args.length > 2) throw new CliError(`error: ${USAGE}`, 'logs');
}

/** LogsOptions.Validate, which kubectl runs once the objects are fetched. */
function validate(opts: LogsOpts, req: LogRequest, containerArg: boolean, changed: ReadonlySet<string>): void {
  const fail = (m: string) => new CliError(`error: ${m}`);
  if (opts.sinceTime && opts.since && parseGoDuration(opts.since) !== 0) throw fail('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (opts.allContainers && opts.container) throw fail(`--all-containers=true should not be specified with container name ${opts.container}`);
  if (changed.has('container') && containerArg) throw fail('only one of -c or an inline [CONTAINER] arg is allowed');
  if ((opts.limitBytes ?? 0) < 0) throw fail('--limit-bytes must be greater than 0');
  if ((req.sinceSeconds ?? 0) < 0) throw fail('--since must be greater than 0');
  if ((req.tail ?? 0) < -1) throw fail('--tail must be greater than or equal to -1');
}

export async function logs(args: string[], optsIn: LogsOpts, changed: ReadonlySet<string> = new Set()): Promise<void> {
  checkArgs(args, optsIn);
  const opts: LogsOpts = { ...optsIn, ...(args[1] !== undefined ? { container: args[1] } : {}), prefix: optsIn.prefix || optsIn.allPods };
  const tail = opts.tail ?? -1;
  const sinceMs = opts.since ? parseGoDuration(opts.since) : 0;
  const req: LogRequest = {
    previous: !!opts.previous,
    timestamps: !!opts.timestamps,
    // with a selector kubectl asks for the last 10 lines unless --tail says otherwise
    tail: opts.selector && tail === -1 && !changed.has('tail') ? 10 : tail !== -1 ? tail : undefined,
    since: opts.sinceTime ? parseRfc3339(opts.sinceTime) : undefined,
    sinceSeconds: sinceMs ? Math.round(sinceMs / 1000) : undefined,
    limitBytes: opts.limitBytes ? opts.limitBytes : undefined,
  };
  const selector = parseLabelSelector(opts.selector);
  const path = statePath(opts.state);
  const notes: string[] = [];

  // Which container streams to read, then a first read of each.
  const read = withCluster(opts, (c) => {
    const ns = namespaceOf(opts);
    let pods: KObject[];
    if (selector) {
      pods = listObjects(c, resolveType('pods'), ns, selector);
      if (!pods.length) notes.push(`No resources found in ${ns} namespace.`);
    } else {
      let object: KObject;
      try {
        object = objectForArg(c, args[0], ns);
      } catch (e) {
        // logs.go: a NotFound is reworded, with the namespace
        if (e instanceof CliError && e.message.startsWith('Error from server (NotFound): '))
          throw new CliError(`error: error from server (NotFound): ${e.message.slice('Error from server (NotFound): '.length)} in namespace "${ns}"`);
        throw e;
      }
      validate(opts, req, args.length === 2, changed);
      pods = podsForObject(c, object, byLogging, (o, reason) => `cannot get the logs from ${goType(o)}: ${reason}`);
      if (!opts.allPods) {
        if (pods.length > 1) notes.push(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}`);
        pods = pods.slice(0, 1);
      }
    }
    if (selector) validate(opts, req, args.length === 2, changed);
    const targets = pods.flatMap((pod) => streamsOf(pod, opts, !!opts.allPods, notes));
    return { targets, streams: targets.map((t) => readStream(c, path, t.pod, t.container, req.previous)), now: c.now };
  });
  // what kubectl says on its way (which pod, which container) comes out even if it then fails
  const { targets, streams, now } = await read.finally(() => notes.forEach((n) => err(n)));
  if (opts.follow && targets.length > 1 && targets.length > (opts.maxLogRequests ?? 5))
    throw new CliError(
      `error: you are attempting to follow ${targets.length} log streams, but maximum allowed concurrency is ${opts.maxLogRequests ?? 5}, use --max-log-requests to increase the limit`,
    );

  /** Write what a stream returned; a refusal ends the command unless --ignore-errors. */
  const emit = (s: Stream, text: string) => {
    if (s.refused === undefined) io().stdout.write(opts.prefix ? prefixed(text, s) : text);
    else if (opts.ignoreErrors) io().stdout.write(`error: ${s.refused}\n`);
    else throw new CliError(`Error from server (BadRequest): ${s.refused}`);
  };
  /** --limit-bytes counts what each stream has sent in all */
  const budget = streams.map(() => req.limitBytes ?? Infinity);
  const send = (i: number, text: string) => {
    const cut = Number.isFinite(budget[i]) ? Buffer.from(text).subarray(0, budget[i]).toString() : text;
    budget[i] -= Buffer.byteLength(cut);
    if (cut) emit(streams[i], cut);
  };
  streams.forEach((s, i) => (s.refused === undefined ? send(i, kubeletText(s.lines ?? [], req, now)) : emit(s, '')));
  if (!opts.follow) return;

  // -f: print what each stream adds, until interrupted or every stream has ended (its pod gone).
  const seen = streams.map((s) => s.lines?.length ?? 0);
  const open = streams.map((s) => s.refused === undefined);
  while (open.some(Boolean)) {
    await delay(500);
    const fresh = await withCluster(opts, (c) => targets.map((t) => readStream(c, path, t.pod, t.container, req.previous)));
    fresh.forEach((s, i) => {
      if (!open[i]) return;
      if (s.refused !== undefined) {
        open[i] = false;
        return;
      }
      const lines = s.lines!;
      const added = lines.length >= seen[i] ? lines.slice(seen[i]) : lines;
      seen[i] = lines.length;
      if (added.length) send(i, kubeletText(added, { ...req, tail: undefined, since: undefined, sinceSeconds: undefined }, now));
    });
  }
}
