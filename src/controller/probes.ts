// The kubelet's exec probes (pkg/kubelet/prober: worker.go, prober.go; results_manager.go): startup,
// liveness and readiness probes whose `exec.command` runs in the container's simulated filesystem
// through the runtime's shell. httpGet and tcpSocket probes keep the stage table's timing (kubelet.ts).
//
// Simplifications, each for a reason:
// - A pod's probes share one clock, `probedAt`: at each instant one of them is due, those due run.
// - Commands take no cluster time (`sleep` returns at once), so timeoutSeconds never fires.
// - The files a probe reads change only when a command writes them (runtime/podfs.ts counts up
//   FILES_CHANGED in the pod's directory; the record keeps the count its probes last read,
//   `probesSeen`, so a transaction that is not saved forgets nothing), never while the clock moves. So once a round of probes
//   changes nothing (passing and ready, or failing past failureThreshold and unready) the pod is
//   quiet (`probesQuiet`) until its files change: a long `clock advance` runs each probe once, not
//   once per period, and `clock settle` does not wait for probes whose answer is known. After a
//   change, the probes run at their next due instant after the command that made it.
import { type Container, isObj, type PodRecord } from '../api/types.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../store/cluster.js';
import { podDir } from '../store/data-dirs.js';
import { podContainers, podEvent } from '../apiserver/pod-object.js';
import { openContainer, rootfsName } from '../runtime/container.js';
import { filesChangedCount } from '../runtime/files-changed.js';
import { Shell } from '../runtime/shell.js';
import { imageInfo, TOOL_OUTPUT } from '../runtime/shell/programs/image-table.js';
import { toolPresent } from '../runtime/shell/programs/images.js';
import { forget } from './record-fields.js';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

/** One exec probe of one container, with the API's defaults (pkg/apis/core/v1/defaults.go). */
export interface ExecProbe {
  container: Container;
  kind: ProbeKind;
  command: string[];
  delayMs: number;
  periodMs: number;
  failureThreshold: number;
  successThreshold: number;
}

/** How each kind is keyed in the pod's `probes` record (`mysql/r`) and named in its events. */
const KEY: Record<ProbeKind, string> = { startup: 's', liveness: 'l', readiness: 'r' };
const TITLE: Record<ProbeKind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };

const positive = (v: unknown, dflt: number) => (typeof v === 'number' && v > 0 ? v : dflt);

/** The exec probes of each list of containers (a template's: the same for every pod made from it). */
const probesOf = new WeakMap<Container[], ExecProbe[]>();

/** The pod's exec probes, startup probes first (the others wait for them). */
export function execProbes(c: Cluster, p: PodRecord): ExecProbe[] {
  const containers = podContainers(c, p);
  let out = probesOf.get(containers);
  if (!out) probesOf.set(containers, (out = containerProbes(containers)));
  return out;
}

function containerProbes(containers: Container[]): ExecProbe[] {
  const out: ExecProbe[] = [];
  for (const kind of ['startup', 'liveness', 'readiness'] as const)
    for (const container of containers) {
      const probe = container[`${kind}Probe`];
      const command = probe?.exec?.command;
      if (!Array.isArray(command) || !command.length || !command.every((w) => typeof w === 'string')) continue;
      out.push({
        container,
        kind,
        command,
        delayMs: Math.max(0, Number(probe.initialDelaySeconds) || 0) * 1000,
        periodMs: positive(probe.periodSeconds, 10) * 1000,
        failureThreshold: positive(probe.failureThreshold, 3),
        // liveness and startup probes must have 1 (validation); readiness may ask for more
        successThreshold: kind === 'readiness' ? positive(probe.successThreshold, 1) : 1,
      });
    }
  return out;
}

/** The containers whose readiness an exec probe decides. */
export const execReadiness = (c: Cluster, p: PodRecord) => execProbes(c, p).filter(decidesReadiness);
/** Whether an exec probe decides the pod's readiness (the kubelet's table asks at every start: no list made). */
export const hasExecReadiness = (c: Cluster, p: PodRecord) => execProbes(c, p).some(decidesReadiness);
const decidesReadiness = (pr: ExecProbe) => pr.kind === 'readiness';

const keyOf = (pr: ExecProbe) => `${pr.container.name}/${KEY[pr.kind]}`;

/** Whether a container's startup probe (if it has one) has passed: until then its others wait. */
const startedUp = (p: PodRecord, all: ExecProbe[], pr: ExecProbe) =>
  pr.kind === 'startup' || !all.some((s) => s.kind === 'startup' && s.container === pr.container) || p.probes?.[`${pr.container.name}/s`] === -1;

/** The first instant after `probedAt` on this probe's grid (initialDelay after the start, then every period). */
function nextRun(p: PodRecord, pr: ExecProbe): number {
  const t0 = (p.runningSince ?? 0) + pr.delayMs;
  const last = p.probedAt ?? -Infinity;
  return last < t0 ? t0 : t0 + (Math.floor((last - t0) / pr.periodMs) + 1) * pr.periodMs;
}

/** Where the pods' files are: the command's transaction (withCluster, cli/context.ts) puts the
 *  state path on the cluster; without it (a cluster in memory only) exec probes pass. */

/** Quiet pods whose FILES_CHANGED was looked at in this run of the loop (commands write between runs). */
const looked = new WeakMap<Cluster, WeakSet<PodRecord>>();

/** A new run of the time loop (a new kubelet): quiet pods are looked at again. */
export const newProbeRun = (c: Cluster) => void looked.set(c, new WeakSet());

/** The pod's FILES_CHANGED count now (undefined: the cluster has no files). */
const changeCount = (c: Cluster, p: PodRecord) => (c.statePath ? filesChangedCount(podDir(c.statePath, p.uid)) : undefined);

/** Whether the pod's probes are known to answer as they did, its files unchanged since. */
function stillQuiet(c: Cluster, p: PodRecord): boolean {
  if (!p.probesQuiet) return false;
  const seen = looked.get(c);
  if (seen?.has(p)) return true;
  seen?.add(p);
  const count = changeCount(c, p);
  if (count === undefined || count === (p.probesSeen ?? 0)) return true;
  // the instants that passed while quiet saw the files as they were: the next one after now counts
  delete p.probesQuiet;
  p.probedAt = Math.max(p.probedAt ?? c.now, c.now);
  c.changed = true;
  return false;
}

const QUIET = ['probesQuiet'] as const;
/** The pod changed otherwise (a restart, a stage): its probes count again. */
export const probesDisturbed = (_c: Cluster, p: PodRecord) => forget(p, QUIET);

/** When the pod's next probe is due: undefined while it is quiet or its container is not running. */
export function nextProbe(c: Cluster, p: PodRecord): number | undefined {
  if (p.probedAt === undefined || p.runningSince === undefined || p.waitingReason || p.killedAt !== undefined) return undefined;
  if (stillQuiet(c, p)) return undefined;
  const all = execProbes(c, p);
  let next: number | undefined;
  for (const pr of all) if (startedUp(p, all, pr)) next = Math.min(next ?? Infinity, nextRun(p, pr));
  return next;
}

/** What the kubelet keeps of a probe's output (prober's maxReadLength: 10 KiB). */
const MAX_OUTPUT = 10 * 1024;

/**
 * Run a probe's command in its container: an image's tool (image-table.ts) runs while its file is
 * there, anything else as `kubectl exec` runs it. Exit 0 passes.
 */
export function runProbeCommand(c: Cluster, p: PodRecord, ctr: Container, argv: string[]): { ok: boolean; output: string } {
  const root = c.statePath;
  if (!root) return { ok: true, output: '' };
  const shell = new Shell(openContainer(c, root, p, ctr));
  const name = argv[0].split('/').pop()!;
  const at = imageInfo(ctr.image)?.tools?.[name];
  if (at !== undefined && TOOL_OUTPUT[name]) {
    const path = argv[0].startsWith('/') ? argv[0] : at;
    if (toolPresent(shell, path)) return { ok: true, output: TOOL_OUTPUT[name](argv.slice(1)) };
    const why = argv[0].startsWith('/') ? `stat ${argv[0]}: no such file or directory` : 'executable file not found in $PATH';
    return { ok: false, output: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": ${why}: unknown` };
  }
  const r = shell.exec(argv);
  return { ok: r.code === 0, output: (r.out + r.err).slice(0, MAX_OUTPUT).replace(/\n$/, '') };
}

/** What a round of probes asks of the kubelet: the pod's readiness, or a restart. */
export interface ProbeOutcome {
  /** the pod became Ready, or stopped being so */
  ready?: boolean;
  /** a liveness or startup probe failed failureThreshold times: the container is killed */
  kill?: boolean;
  /** the counts changed (nothing a Pod object shows, but the file keeps them) */
  counted?: boolean;
}

interface ProbeState {
  counts: Record<string, number>;
  /** containers not ready */
  unready: Set<string>;
  /** the probe whose failures kill its container, if one does */
  kill?: ExecProbe;
}
type Result = { probe: ExecProbe; ok: boolean; output: string };

/** results_manager's counting, as a pure step: failures up to failureThreshold, readiness passes up to successThreshold. */
export function count(state: ProbeState, results: Result[]): ProbeState {
  const counts = { ...state.counts };
  const unready = new Set(state.unready);
  let kill: ExecProbe | undefined;
  for (const { probe: pr, ok } of results) {
    const key = keyOf(pr);
    const name = pr.container.name;
    if (ok) {
      if (pr.kind === 'startup') counts[key] = -1;
      else if (pr.kind === 'readiness' && unready.has(name)) {
        counts[key] = Math.min(counts[key] ?? 0, 0) - 1;
        if (-counts[key] >= pr.successThreshold) {
          unready.delete(name);
          delete counts[key];
        }
      } else delete counts[key];
      continue;
    }
    if (pr.kind === 'startup' && counts[key] === -1) continue;
    counts[key] = Math.min(Math.max(counts[key] ?? 0, 0) + 1, pr.failureThreshold);
    if (counts[key] < pr.failureThreshold) continue;
    if (pr.kind === 'readiness') unready.add(name);
    else kill ??= pr;
  }
  return { counts, unready, kill };
}

const same = (a: ProbeState, b: ProbeState) =>
  JSON.stringify([a.counts, [...a.unready].sort()]) === JSON.stringify([b.counts, [...b.unready].sort()]);

/**
 * Run the probes due at `at` and record what they found; events as the kubelet words them. The pod
 * is quiet once the same answers again would change nothing, and no probe that did not run is
 * part way through its count.
 */
export function probe(c: Cluster, p: PodRecord, at: number): ProbeOutcome {
  const all = execProbes(c, p);
  // what the probes see from here on is what this round reads (a probe that writes counts up again)
  const seen = changeCount(c, p);
  if (seen) p.probesSeen = seen;
  else delete p.probesSeen;
  const results: Result[] = all
    .filter((pr) => startedUp(p, all, pr) && nextRun(p, pr) <= at)
    .map((pr) => ({ probe: pr, ...runProbeCommand(c, p, pr.container, pr.command) }));
  // a hand-edited file may hold anything here: what is not a count or a name counts as nothing
  const counts = Object.entries(isObj(p.probes) ? p.probes : {}).filter(([, n]) => typeof n === 'number');
  const before: ProbeState = { counts: Object.fromEntries(counts), unready: new Set(Array.isArray(p.unready) ? p.unready : []) };
  const after = count(before, results);
  for (const r of results)
    if (!r.ok && !(r.probe.kind === 'startup' && before.counts[keyOf(r.probe)] === -1))
      podEvent(c, p, 'Warning', 'Unhealthy', `${TITLE[r.probe.kind]} probe failed: ${r.output}`, 'kubelet');
  if (after.kill)
    podEvent(c, p, 'Normal', 'Killing', `Container ${after.kill.container.name} failed ${after.kill.kind} probe, will be restarted`, 'kubelet');
  const wasReady = p.stage === 'Ready';
  p.probedAt = at;
  if (Object.keys(after.counts).length) p.probes = after.counts;
  else delete p.probes;
  const nowReady = !after.kill && after.unready.size === 0 && (wasReady || p.unready !== undefined);
  if (nowReady) delete p.unready;
  else if (after.unready.size || !wasReady) p.unready = [...after.unready].sort();
  const ran = new Set(results.map((r) => keyOf(r.probe)));
  // a probe that did not run, part way through its count or yet to pass; or probes a startup probe just let run
  const midway =
    all.some((pr) => {
      const n = after.counts[keyOf(pr)] ?? 0;
      const pending = n !== 0 || (pr.kind === 'readiness' && after.unready.has(pr.container.name));
      return !ran.has(keyOf(pr)) && pending && !saturated(pr, n);
    }) || Object.keys(after.counts).some((k) => after.counts[k] === -1 && before.counts[k] !== -1);
  if (!after.kill && !midway && same(after, count(after, results))) p.probesQuiet = true;
  return { ready: nowReady === wasReady ? undefined : nowReady, kill: !!after.kill, counted: !same(before, after) };
}

/** A count the same answer again leaves as it is: a startup probe passed, a readiness probe failed out. */
const saturated = (pr: ExecProbe, n: number) => (pr.kind === 'startup' && n === -1) || (pr.kind === 'readiness' && n >= pr.failureThreshold);

/**
 * A restarted container is a new container: its writable layer starts again from the image (the
 * image's files and tools are seeded anew when it is next opened); its volumes stay. The pod's
 * containers share one root here, so a restart gives all of them a fresh one: a new directory
 * (`restarts` names it; call this once they are counted up), emptied of what a transaction that was never saved may have left there.
 * The old one goes once the restart is saved (cli/context.ts); until then the saved state uses it.
 */
export function freshRoot(c: Cluster, p: PodRecord): void {
  const root = c.statePath;
  if (!root) return;
  rmSync(join(podDir(root, p.uid), rootfsName(p.restarts)), { recursive: true, force: true });
  c.oldRoots.push({ uid: p.uid, root: rootfsName((p.restarts ?? 1) - 1) });
}

/** A container (re)starts: its probes start over, and those with exec readiness probes are not ready. */
/** What a round of probes keeps on the record, forgotten when the container (re)starts. */
const PROBE_STATE = ['probes', 'unready', 'probedAt', 'probesQuiet'] as const;

export function probesStart(c: Cluster, p: PodRecord, at: number): void {
  const all = execProbes(c, p);
  forget(p, PROBE_STATE);
  if (!all.length) return;
  // the first round may be due this very instant (no initialDelaySeconds)
  p.probedAt = at - 1;
  const names = [...new Set(all.filter((pr) => pr.kind === 'readiness').map((pr) => pr.container.name))].sort();
  if (names.length) p.unready = names;
}
