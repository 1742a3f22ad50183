// What `logs` shows: believable start-up lines for nginx and httpd (and a line for anything else),
// the access lines of requests served (recorded when a pod is curled), and a crashed container's
// last words. A container's log is per instance: `--previous` is the one before the last restart.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Container as ContainerSpec, PodRecord } from '../api/types.js';
import { ensureDir, podDir } from '../store/data-dirs.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const nginxTime = (d: Date) =>
  `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const clfTime = (d: Date) =>
  `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
const apacheTime = (d: Date) =>
  `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds() * 1000, 6)} ${d.getUTCFullYear()}`;

const repo = (image: string) => image.split('@')[0].split('/').pop()!.split(':')[0];

function startup(ctr: ContainerSpec, ip: string | undefined, at: number): string[] {
  const d = new Date(at);
  const r = repo(ctr.image);
  if (r.startsWith('nginx'))
    return [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      `${nginxTime(d)} [notice] 1#1: using the "epoll" event method`,
      `${nginxTime(d)} [notice] 1#1: nginx/1.27.3`,
      `${nginxTime(d)} [notice] 1#1: start worker processes`,
      `${nginxTime(d)} [notice] 1#1: start worker process 29`,
    ];
  if (r === 'httpd') {
    const warn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip ?? '127.0.0.1'}. Set the 'ServerName' directive globally to suppress this message`;
    return [
      warn,
      warn,
      `[${apacheTime(d)}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations`,
      `[${apacheTime(d)}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
    ];
  }
  return [`sts: container "${ctr.name}" (${ctr.image}) started; sts does not run images, so this is all it says`];
}

const accessFile = (statePath: string, uid: string, container: string) => join(podDir(statePath, uid), 'log', `${container}.access`);

/** Record a request a web server container answered (nginx's and Apache's combined log format). */
export function recordAccess(
  statePath: string,
  p: PodRecord,
  ctr: ContainerSpec,
  from: string,
  path: string,
  status: number,
  bytes: number,
  agent: string,
  at: number,
): void {
  const file = accessFile(statePath, p.uid, ctr.name);
  ensureDir(join(podDir(statePath, p.uid), 'log'));
  const line =
    repo(ctr.image) === 'httpd'
      ? `${from} - - [${clfTime(new Date(at))}] "GET ${path} HTTP/1.1" ${status} ${bytes}`
      : `${from} - - [${clfTime(new Date(at))}] "GET ${path} HTTP/1.1" ${status} ${bytes} "-" "${agent}" "-"`;
  appendFileSync(file, `${line}\n`);
}

/** One line of a container's log and when it was written (what the kubelet stamps with --timestamps). */
export interface LogLine {
  at: number;
  text: string;
}

/** When an access line was written, from its [25/Nov/2025:09:25:00 +0000]. */
function accessTime(line: string, fallback: number): number {
  const m = /\[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) \+0000\]/.exec(line);
  return m ? Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) : fallback;
}

/** The log of the current container instance, or of the previous one, line by line with times. */
export function containerLogLines(statePath: string, p: PodRecord, ctr: ContainerSpec, previous: boolean): LogLine[] {
  const crashLine = 'sts: the container exited with code 1 (sts fault crash)';
  if (previous) {
    const at = p.lastExitAt ?? p.createdAt;
    return [...startup(ctr, p.ip, at).map((text) => ({ at, text })), { at, text: crashLine }];
  }
  const started = p.runningSince ?? p.createdAt;
  const lines = startup(ctr, p.ip, started).map((text) => ({ at: started, text }));
  const file = accessFile(statePath, p.uid, ctr.name);
  if (existsSync(file)) for (const l of readFileSync(file, 'utf8').split('\n')) if (l) lines.push({ at: accessTime(l, started), text: l });
  if (p.waitingReason === 'Error' || p.waitingReason === 'CrashLoopBackOff') lines.push({ at: p.lastExitAt ?? started, text: crashLine });
  return lines;
}
