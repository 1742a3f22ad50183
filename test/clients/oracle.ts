// Ask the real kubectl how it reads a command line: run it against the loopback stub API server
// (stub-apiserver.ts) with a throw-away kubeconfig, and collect its exit code, its output and the
// requests it sent.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findKubectl, repoRoot } from './kubectl-binary.js';
import { parseResourcePath, startStubApiserver, type RecordedRequest, type StubApiserver } from './stub-apiserver.js';

export type { RecordedRequest } from './stub-apiserver.js';

export interface OracleResult {
  /** the exit code; -1 when the process was killed (timeout) */
  code: number;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** every request but discovery (/api, /apis, /api/v1, /apis/<g>/<v>, /version), in order */
  requests: RecordedRequest[];
}

export interface AskOptions {
  /** text on kubectl's standard input; without it, standard input is /dev/null */
  stdin?: string;
  /** working directory; default: a fresh one, removed afterwards */
  cwd?: string;
  /** files to write into the working directory first (relative path → content); `{{SERVER}}` in
   * a content is replaced by this call's server URL (for kubeconfig files) */
  files?: Record<string, string>;
  /** kill kubectl after this long (default 10 s) */
  timeoutMs?: number;
  /** the binary to run (default: findKubectl()) */
  kubectl?: string;
}

/** names the throw-away kubeconfig knows besides its current context `stub`, so that
 * `--context x`, `--cluster x`, `--user x`, `config use-context minikube` behave as against a
 * kubeconfig that has them (all point at the stub) */
const EXTRA_CONTEXTS = ['x', 'minikube', 'my-context'];
const EXTRA_USERS = ['x', 'cluster-admin'];

let stub: Promise<StubApiserver> | undefined;

/** the shared stub API server, started on first use */
export function sharedStub(): Promise<StubApiserver> {
  stub ??= startStubApiserver();
  return stub;
}

/** stop the shared stub (a later askKubectl starts a new one) */
export async function closeOracle(): Promise<void> {
  const s = stub;
  stub = undefined;
  if (s) await (await s).close();
}

export function kubeconfigFor(server: string): string {
  const clusters = ['stub', ...EXTRA_CONTEXTS.filter((c) => c === 'x')];
  const users = ['stub', ...EXTRA_USERS];
  const contexts = ['stub', ...EXTRA_CONTEXTS];
  return [
    'apiVersion: v1',
    'kind: Config',
    'preferences: {}',
    'clusters:',
    ...clusters.flatMap((name) => [`- name: ${name}`, '  cluster:', `    server: ${server}`, '    insecure-skip-tls-verify: true']),
    'users:',
    ...users.flatMap((name) => [`- name: ${name}`, '  user: {}']),
    'contexts:',
    ...contexts.flatMap((name) => [
      `- name: ${name}`,
      '  context:',
      `    cluster: ${name === 'x' ? 'x' : 'stub'}`,
      `    user: ${name === 'x' ? 'x' : 'stub'}`,
    ]),
    'current-context: stub',
    '',
  ].join('\n');
}

export async function askKubectl(argv: string[], opts: AskOptions = {}): Promise<OracleResult> {
  const kubectl = opts.kubectl ?? findKubectl();
  if (!kubectl) throw new Error('askKubectl: no kubectl 1.33 found (see test/clients/kubectl-binary.ts)');
  const server = await sharedStub();
  const channel = server.openChannel();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-oracle-'));
  try {
    const home = path.join(tmp, 'home');
    fs.mkdirSync(home);
    const kubeconfig = path.join(tmp, 'kubeconfig');
    fs.writeFileSync(kubeconfig, kubeconfigFor(channel.server));
    let cwd = opts.cwd;
    if (!cwd) {
      cwd = path.join(tmp, 'work');
      fs.mkdirSync(cwd);
    }
    writeFiles(cwd, opts.files ?? {}, channel.server);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home, // so the discovery/http cache is $HOME/.kube/cache, thrown away
      KUBECACHEDIR: path.join(home, '.kube', 'cache'),
      KUBECONFIG: kubeconfig,
      KUBE_EDITOR: 'true', // `edit` never waits for a person
      EDITOR: 'true',
      LANG: 'C',
      TZ: 'UTC',
    };
    const run = await runProcess(kubectl, argv, { cwd, env, stdin: opts.stdin, timeoutMs: opts.timeoutMs ?? 10_000 });
    return { ...run, requests: server.channelRequests(channel.id, true) };
  } finally {
    server.channelRequests(channel.id, true);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** write `files` (relative path → content) under `dir`, with `{{SERVER}}` replaced by `server` */
export function writeFiles(dir: string, files: Record<string, string>, server: string): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    if (!path.resolve(file).startsWith(path.resolve(dir) + path.sep)) throw new Error(`writeFiles: ${rel} is outside ${dir}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content.replaceAll('{{SERVER}}', server));
  }
}

function runProcess(
  file: string,
  args: string[],
  o: { cwd: string; env: Record<string, string>; stdin?: string; timeoutMs: number },
): Promise<{ code: number; timedOut: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: o.cwd,
      env: o.env,
      stdio: [o.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout kills whatever it started too
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    if (o.stdin !== undefined) {
      child.stdin!.on('error', () => {}); // kubectl may exit before reading it all
      child.stdin!.end(o.stdin);
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, o.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: timedOut || code === null ? -1 : code,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Reading the results.

/** kubectl could not reach a server at all (e.g. `-s http://127.0.0.1:1`): not a rejection of the line */
export function connectionFailure(result: { stderr: string }): boolean {
  return /The connection to the server .* was refused|Unable to connect to the server|dial tcp|no such host/.test(result.stderr);
}

/** kubectl failed before sending any non-discovery request: it rejected the line itself (a flag or
 * usage error), not the server's answer. A failure to connect at all does not count. */
export function flagLevelRejection(result: { code: number; timedOut?: boolean; stderr: string; requests: unknown[] }): boolean {
  return result.code !== 0 && !result.timedOut && result.requests.length === 0 && !connectionFailure(result);
}

/** kubectl's words as sts would say them */
export function normalize(text: string): string {
  return text.replace(/\bkubectl\b/g, 'sts');
}

/** what the first real request says about how kubectl read the line */
export interface Reading {
  /** HTTP method of that request */
  method?: string;
  namespace?: string;
  /** plural resource, e.g. 'statefulsets' */
  resource?: string;
  /** API group: '' for the core group */
  group?: string;
  name?: string;
  subresource?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** true when any request was a watch */
  watch?: boolean;
  /** 'All' when any request carried dryRun=All (server-side dry run) */
  dryRun?: 'All';
}

export function isOpenAPIRequest(r: { path: string }): boolean {
  return r.path === '/openapi' || r.path.startsWith('/openapi/');
}

/** the reading from the first request that is neither discovery nor OpenAPI; watch and dryRun
 * from any request. Undefined when there is no such request. */
export function readingOf(requests: Pick<RecordedRequest, 'method' | 'path' | 'query'>[]): Reading | undefined {
  const real = requests.filter((r) => !isOpenAPIRequest(r));
  if (real.length === 0) return undefined;
  const first = real[0];
  const reading: Reading = { method: first.method };
  const p = parseResourcePath(first.path);
  if (p) {
    if (p.namespace !== undefined) reading.namespace = p.namespace;
    reading.resource = p.resource;
    reading.group = p.group;
    if (p.name !== undefined) reading.name = p.name;
    if (p.subresource !== undefined) reading.subresource = p.subresource;
  }
  if (first.query.labelSelector !== undefined) reading.labelSelector = first.query.labelSelector;
  if (first.query.fieldSelector !== undefined) reading.fieldSelector = first.query.fieldSelector;
  if (real.some((r) => r.query.watch === 'true' || r.query.watch === '1')) reading.watch = true;
  if (real.some((r) => r.query.dryRun === 'All')) reading.dryRun = 'All';
  return reading;
}

// ---------------------------------------------------------------------------------------------
// Recorded answers (test/clients/kubectl-answers.json, written by scripts/record-kubectl.mjs).

export interface MinimalRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface KubectlAnswer {
  argv: string[];
  source: string;
  stdin?: string;
  code: number;
  timedOut?: true;
  /** scrubStderr() of kubectl's stderr */
  stderr: string;
  /** flagLevelRejection() of the run */
  flagLevel: boolean;
  /** the requests, without discovery and OpenAPI ones */
  requests: MinimalRequest[];
  /** readingOf() the requests (OpenAPI ones included in the count, excluded from the reading) */
  reading?: Reading;
}

export interface KubectlAnswers {
  kubectl: string;
  recordedAt: string;
  answers: KubectlAnswer[];
}

export const ANSWERS_PATH = path.join(repoRoot(), 'test', 'clients', 'kubectl-answers.json');

export function loadKubectlAnswers(file: string = ANSWERS_PATH): KubectlAnswers {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as KubectlAnswers;
}

/** a stable key for a corpus line (argv and stdin) */
export function lineKey(line: { argv: string[]; stdin?: string }): string {
  return JSON.stringify([line.argv, line.stdin ?? null]);
}

/** what changes from run to run in kubectl's stderr, replaced by placeholders: the stub's URL
 * ({{SERVER}}), the throw-away directory ({{TMP}}), klog's time and pid (`W1125 09:31:04.039632 5078 `
 * → `W0000 00:00:00.000000 0 `) */
export function scrubStderr(text: string): string {
  return text
    .replace(/http:\/\/127\.0\.0\.1:\d+\/c\/k\d+/g, '{{SERVER}}')
    .replace(/127\.0\.0\.1:\d+\/c\/k\d+/g, '{{SERVER}}')
    .replace(/\/[^\s"']*\/sts-oracle-[A-Za-z0-9]+/g, '{{TMP}}')
    .replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, '$10000 00:00:00.000000 0 ');
}

/** drop a request identical to the one before it (polling, e.g. `wait --for=create`, repeats one) */
function dedupe(requests: MinimalRequest[]): MinimalRequest[] {
  const out: MinimalRequest[] = [];
  let last = '';
  for (const r of requests) {
    const key = JSON.stringify(r);
    if (key !== last) out.push(r);
    last = key;
  }
  return out;
}

/** the answer to record for one run */
export function toAnswer(line: { argv: string[]; source: string; stdin?: string }, result: OracleResult): KubectlAnswer {
  const answer: KubectlAnswer = {
    argv: line.argv,
    source: line.source,
    ...(line.stdin !== undefined ? { stdin: line.stdin } : {}),
    code: result.code,
    ...(result.timedOut ? { timedOut: true as const } : {}),
    stderr: scrubStderr(result.stderr),
    flagLevel: flagLevelRejection(result),
    requests: dedupe(result.requests.filter((r) => !isOpenAPIRequest(r)).map(({ method, path: p, query }) => ({ method, path: p, query }))),
  };
  const reading = readingOf(result.requests);
  if (reading) answer.reading = reading;
  return answer;
}
