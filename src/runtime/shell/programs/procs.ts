// The container's processes: ps (procps's or busybox's columns), kill, pkill and killall. PID 1 is
// the image's main process (image-table.ts); when a signal ends it, the container exits: that is
// recorded on the pod (`killedAt`, `exitCode`) and the kubelet's STAGES table restarts it.
import type { Container } from '../../container.js';
import { compilePatterns, type Pattern, RegexError, RegexUnsupported } from '../../regex.js';
import { fail, ok, type Program, type ShellContext } from '../program.js';
import { imageInfo } from './image-table.js';

export interface Process {
  pid: number;
  ppid: number;
  user: string;
  /** the command line */
  cmd: string;
}

/** The processes running in a container (the caller's own `ps` not included). */
export function processes(ctr: Container): Process[] {
  const info = imageInfo(ctr.container.image);
  const own = [...(ctr.container.command ?? []), ...(ctr.container.args ?? [])].join(' ');
  const main = { pid: 1, ppid: 0, user: info?.user ?? 'root', cmd: info?.main ?? (own || 'sh') };
  return [main, ...(info?.children ?? []).map((ch, i) => ({ pid: 29 + i, ppid: 1, user: ch.user, cmd: ch.cmd }))];
}

/** The process name (`comm`): the command's first word without its directory, at most 15 characters. */
const comm = (cmd: string) => (cmd.split(' ')[0].replace(/:$/, '').split('/').pop() ?? '').slice(0, 15);

/** A program's own process: the next PID after the container's. */
const selfPid = (procs: Process[]) => (procs.length > 1 ? procs[procs.length - 1].pid + 1 : 7);

const isBusybox = (sh: ShellContext) => imageInfo(sh.ctr.container.image)?.ps === 'busybox';

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

const ps: Program = (sh, args) => {
  const started = sh.ctr.record.runningSince ?? sh.ctr.c.now;
  const procs = [...processes(sh.ctr)];
  const self = { pid: selfPid(procs), ppid: 0, user: 'root', cmd: ['ps', ...args].join(' ') };
  if (isBusybox(sh))
    return ok(
      [
        'PID   USER     TIME  COMMAND',
        ...[...procs, self].map((p) => `${String(p.pid).padStart(5)} ${p.user.padEnd(8)} ${'0:00'.padStart(5)} ${p.cmd}`),
      ]
        .map((l) => `${l}\n`)
        .join(''),
    );
  const opts = args.join(' ');
  const startOf = (p: Process) => hhmm(p === self ? sh.ctr.c.now : started);
  if (/^-?[a-z]*u/.test(opts) && !opts.startsWith('-'))
    return ok(
      [
        'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
        ...[...procs, self].map(
          (p) =>
            `${p.user.padEnd(8)} ${String(p.pid).padStart(7)}  0.0  0.0 ${String(p === self ? 8088 : 11404).padStart(6)} ${String(p === self ? 4032 : 7424).padStart(5)} ?        ${(p === self ? 'Rs' : p.pid === 1 ? 'Ss' : 'S').padEnd(4)} ${startOf(p)}   0:00 ${p.cmd}`,
        ),
      ]
        .map((l) => `${l}\n`)
        .join(''),
    );
  if (/^-\w*f/.test(opts))
    return ok(
      [
        'UID          PID    PPID  C STIME TTY          TIME CMD',
        ...[...procs, self].map(
          (p) =>
            `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p === self ? 0 : p.ppid).padStart(7)}  0 ${startOf(p)} ?        00:00:00 ${p.cmd}`,
        ),
      ]
        .map((l) => `${l}\n`)
        .join(''),
    );
  // without options: the caller's own processes (no terminal, same user); -e, -A, ax: all of them
  const all = /^-\w*[eA]/.test(opts) || /^[a-z]*x/.test(opts);
  return ok(
    [
      '    PID TTY          TIME CMD',
      ...[...procs, self].filter((p) => all || p.user === 'root').map((p) => `${String(p.pid).padStart(7)} ?        00:00:00 ${comm(p.cmd)}`),
    ]
      .map((l) => `${l}\n`)
      .join(''),
  );
};

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15, STOP: 19, CONT: 18 };

/** `-9`, `-KILL`, `-SIGKILL` (or the word after `-s`): the signal's number, or undefined if unknown. */
function signalOf(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) return Number(spec) > 0 && Number(spec) < 65 ? Number(spec) : undefined;
  return SIGNALS[spec.toUpperCase().replace(/^SIG/, '')];
}

/**
 * A signal to PID 1: the kernel delivers only those the process handles (pid_namespaces(7)), so
 * KILL and STOP from inside do nothing, nor does anything to a shell; the servers end on TERM,
 * INT and QUIT, with their own status (nginx and mysqld shut down cleanly: 0) or 128+signal.
 * The container exits: the pod records it for the kubelet (see STAGES in controller/kubelet.ts).
 */
function signalMain(sh: ShellContext, sig: number): void {
  const main = processes(sh.ctr)[0];
  if (![2, 3, 15].includes(sig) || /^(sh|bash|ash)$/.test(comm(main.cmd))) return;
  const p = sh.ctr.record;
  if (p.runningSince === undefined || p.waitingReason || p.killedAt !== undefined || p.deletingSince !== undefined) return;
  p.killedAt = sh.ctr.c.now;
  p.exitCode = imageInfo(sh.ctr.container.image)?.termExit ?? 128 + sig;
  sh.ctr.c.touchPod(p);
}

/** Options before the operands: a signal (`-9`, `-s KILL`, `--signal KILL`), and `-f` for pkill. */
function parseKill(args: string[]): { sig: number; rest: string[]; full: boolean } | { bad: string } {
  let sig = 15;
  let full = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || rest.length) {
      rest.push(a);
      continue;
    }
    if (a === '-f') {
      full = true;
      continue;
    }
    const spec = a === '-s' || a === '--signal' ? (args[++i] ?? '') : a.slice(1);
    const n = signalOf(spec);
    if (n === undefined) return { bad: spec };
    sig = n;
  }
  return { sig, rest, full };
}

const kill: Program = (sh, args) => {
  const busybox = isBusybox(sh);
  const parsed = parseKill(args);
  if ('bad' in parsed) return fail(busybox ? `kill: bad signal name '${parsed.bad}'\n` : `kill: unknown signal: ${parsed.bad}\n`);
  if (!parsed.rest.length) return fail(busybox ? 'kill: usage: kill [-s SIG | -SIG] PID...\n' : 'kill: not enough arguments\n');
  const pids = new Set(processes(sh.ctr).map((p) => p.pid));
  let err = '';
  for (const arg of parsed.rest) {
    if (!/^\d+$/.test(arg)) {
      err += busybox ? `kill: bad pid '${arg}'\n` : `kill: failed to parse argument: '${arg}'\n`;
      continue;
    }
    const pid = Number(arg);
    if (!pids.has(pid)) err += busybox ? `kill: can't kill pid ${pid}: No such process\n` : `kill: (${pid}) - No such process\n`;
    else if (pid === 1) signalMain(sh, parsed.sig);
  }
  return { out: '', err, code: err ? 1 : 0 };
};

/** pkill PATTERN (a regular expression on the process name, or with -f the command line) and killall NAME. */
const pkill: Program = (sh, args, _stdin, prog) => {
  const parsed = parseKill(args);
  if ('bad' in parsed)
    return fail(prog === 'pkill' ? `pkill: unknown signal name ${parsed.bad}\n` : `${parsed.bad}: unknown signal; killall -l lists signals.\n`);
  if (!parsed.rest.length)
    return fail(prog === 'pkill' ? 'pkill: no matching criteria specified\n' : 'Usage: killall [OPTION]... [--] NAME...\n', prog === 'pkill' ? 2 : 1);
  const procs = processes(sh.ctr);
  let matched = false;
  let err = '';
  for (const name of parsed.rest) {
    let re: Pattern | undefined;
    try {
      re = prog === 'pkill' ? compilePatterns([name], { extended: true }) : undefined;
    } catch (e) {
      if (e instanceof RegexError || e instanceof RegexUnsupported) return fail(`pkill: ${e.message}\n`, 2);
      throw e;
    }
    const tick = () => sh.budget.check();
    const hits = procs.filter((p) => (re ? re.test(parsed.full ? p.cmd : comm(p.cmd), tick) : comm(p.cmd) === name));
    if (!hits.length && prog === 'killall') err += isBusybox(sh) ? `killall: ${name}: no process killed\n` : `${name}: no process found\n`;
    if (hits.length) matched = true;
    if (hits.some((p) => p.pid === 1)) signalMain(sh, parsed.sig);
  }
  return { out: '', err, code: matched && !err ? 0 : 1 };
};

export const procs: Record<string, Program> = { ps, kill, pkill, killall: pkill };
