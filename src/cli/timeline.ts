// `sts timeline [TYPE/NAME | TYPE NAME | -l SELECTOR] [--since D] [--svg FILE] [--html FILE]`: what
// happened to a namespace's pods and claims, drawn over time (print/timeline*.ts), from the pods'
// phase histories (store/history.ts), the gone pods' ones, claims' bound times and Warning events.
import { writeFileSync } from 'node:fs';
import { CliError } from '../api/errors.js';
import { matches, type Selector } from '../api/labels.js';
import type { KObject, PodRecord } from '../api/types.js';
import { podLabels } from '../apiserver/pod-object.js';
import { buildTimeline, type ClaimLife, type PodLife, type Timeline, type WarningEvent } from '../print/timeline-model.js';
import { timelineText } from '../print/timeline.js';
import { timelineHtml, timelineSvg } from '../print/timeline-svg.js';
import { iso, parseTime, type Cluster } from '../store/cluster.js';
import { duration } from './clock.js';
import { namespaceOf, withCluster } from './context.js';
import { io, localPath, out } from './output.js';
import { parseLabelSelector, parseResourceArgs } from './resources.js';
import { flag, type Verb } from './verb.js';

const USAGE = 'sts timeline [TYPE/NAME | TYPE NAME | -l SELECTOR] [--since=DURATION] [--svg=FILE] [--html=FILE]';

export const timelineVerb: Verb = {
  flags: [
    flag('-l, --selector', 'string', '', 'Selector (label query) to filter pods and claims on, e.g. -l app=web.'),
    flag('--since', 'string', '', 'Show only the last DURATION (e.g. 5m); default: since the oldest thing shown began.'),
    flag('--svg', 'string', '', 'Also write the picture as a standalone SVG file.'),
    flag('--html', 'string', '', 'Also write the picture as a standalone HTML page (the SVG and the markers).'),
  ],
  help: {
    short: 'Draw what happened to pods and claims over time',
    long: 'One row per pod (its replacements after it) and per claim, time across: Pending, ContainerCreating, Running (not ready), Ready and Terminating as coloured blocks on a terminal, characters when piped; markers for new revisions, container restarts and Warning events.',
    usage: USAGE,
    examples:
      '  # The StatefulSet web over the last five minutes\n  sts timeline sts/web --since 5m\n\n  # As an SVG for a slide\n  sts timeline -l app=web --svg web.svg',
  },
  run: async ({ args, opts }) => {
    const since = opts.since === undefined ? undefined : duration(opts.since, '--since');
    const selector = parseLabelSelector(opts.selector);
    if (args.length && selector) throw new CliError('error: only a selector (-l) or a TYPE/NAME is allowed', 'timeline');
    const target = targetOf(args);
    const timeline = await withCluster(opts, (c) => gather(c, namespaceOf(opts), target, selector, since));
    const time = (ms: number) => iso(ms);
    if (opts.svg) write(opts.svg, timelineSvg(timeline, time));
    if (opts.html) write(opts.html, timelineHtml(timeline, time));
    const { stdout, env } = io();
    const fancy = !!stdout.isTTY && !env.NO_COLOR && !opts.noColor;
    const width = stdout.columns && stdout.columns > 0 ? stdout.columns : Number(env.COLUMNS) > 0 ? Number(env.COLUMNS) : 80;
    out(timelineText(timeline, { width, fancy, time }).replace(/\n$/, ''));
  },
};

type Target = { kind: 'all' } | { kind: 'StatefulSet' | 'Pod' | 'PersistentVolumeClaim'; name: string };

function targetOf(args: string[]): Target {
  if (!args.length) return { kind: 'all' };
  const reqs = parseResourceArgs(args);
  const names = reqs[0]?.names;
  if (reqs.length !== 1 || names?.length !== 1) throw new CliError(`error: timeline takes one TYPE/NAME (${USAGE})`, 'timeline');
  const kind = reqs[0].info.kind;
  if (kind !== 'StatefulSet' && kind !== 'Pod' && kind !== 'PersistentVolumeClaim')
    throw new CliError(`error: timeline draws pods, claims and StatefulSets, not ${reqs[0].info.plural}`, 'timeline');
  return { kind, name: names[0] };
}

function write(file: string, text: string): void {
  try {
    writeFileSync(localPath(file), text);
  } catch (e) {
    throw new CliError(`error: cannot write "${file}": ${(e as Error).message}`);
  }
}

/** The pods (live and gone), claims and Warning events the timeline shows. */
function gather(c: Cluster, ns: string, target: Target, selector: Selector | undefined, since: number | undefined): Timeline {
  const live = c.pods(ns);
  if (target.kind === 'StatefulSet' && !c.get('StatefulSet', ns, target.name))
    throw new CliError(`Error from server (NotFound): statefulsets.apps "${target.name}" not found`);
  const ordinalOf = (set: string) => new RegExp(`^${set.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`);
  const podWanted = (p: PodRecord): boolean =>
    target.kind === 'all'
      ? !selector || matches(selector, podLabels(c, p))
      : target.kind === 'StatefulSet'
        ? p.set === target.name || ordinalOf(target.name).test(p.name)
        : target.kind === 'Pod' && p.name === target.name;
  const pods = live.filter(podWanted);
  const names = new Set(pods.map((p) => p.name));
  const lives: PodLife[] = pods.map((p) => ({
    name: p.name,
    uid: p.uid,
    createdAt: p.createdAt,
    ...(p.revision !== undefined ? { revision: p.revision } : {}),
    ...(p.history !== undefined ? { history: p.history } : {}),
  }));
  for (const f of c.finishedPods.of(ns)) {
    const wanted =
      target.kind === 'all'
        ? !selector || names.has(f.name)
        : target.kind === 'StatefulSet'
          ? ordinalOf(target.name).test(f.name)
          : target.kind === 'Pod' && f.name === target.name;
    if (wanted) lives.push({ ...f });
  }
  if (target.kind === 'Pod' && !lives.length) throw new CliError(`Error from server (NotFound): pods "${target.name}" not found`);
  const claims: ClaimLife[] = [];
  for (const pvc of c.list('PersistentVolumeClaim', ns)) {
    const name = pvc.metadata.name;
    const wanted =
      target.kind === 'all'
        ? !selector || matches(selector, pvc.metadata.labels)
        : target.kind === 'StatefulSet'
          ? new RegExp(`-${ordinalOf(target.name).source.slice(1)}`).test(name)
          : target.kind === 'PersistentVolumeClaim' && name === target.name;
    if (wanted) claims.push(claimLife(c, ns, pvc));
  }
  if (target.kind === 'PersistentVolumeClaim' && !claims.length)
    throw new CliError(`Error from server (NotFound): persistentvolumeclaims "${target.name}" not found`);
  const uids = new Set(lives.map((p) => p.uid));
  const warnings: WarningEvent[] = c
    .events()
    .filter((e) => e.ns === ns && e.type === 'Warning' && uids.has(e.uid))
    .map((e) => ({ uid: e.uid, reason: e.reason, msg: e.msg, first: e.first, last: e.last, count: e.count }));
  return buildTimeline({ pods: lives, claims, warnings, now: c.now, ...(since !== undefined ? { since } : {}) });
}

function claimLife(c: Cluster, ns: string, pvc: KObject): ClaimLife {
  const bound = c.file.bound[`${ns}/${pvc.metadata.name}`];
  const deleted = parseTime(pvc.metadata.deletionTimestamp);
  return {
    name: pvc.metadata.name,
    createdAt: parseTime(pvc.metadata.creationTimestamp),
    ...(bound !== undefined ? { boundAt: bound } : pvc.status?.phase === 'Bound' ? { boundAt: parseTime(pvc.metadata.creationTimestamp) } : {}),
    ...(Number.isNaN(deleted) ? {} : { deletedAt: deleted }),
  };
}
