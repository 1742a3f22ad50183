// `pods/exec` and `pods/attach` over a WebSocket (kubectl ≥1.30 asks for v5.channel.k8s.io): what the
// API server and the kubelet check before the upgrade, then the command in sts's shell as `sts exec`
// runs it (cli/exec.ts), each run one transaction; the cluster is never locked while a client types.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Container as ContainerSpec, PodRecord } from '../api/types.js';
import { podObject } from '../apiserver/pod-object.js';
import {
  completedMessage,
  completedPhase,
  containerRefusal,
  endsSession,
  isShellSession,
  noHostMessage,
  notRunningMessage,
  sessionLine,
} from '../cli/exec.js';
import { readStream } from '../cli/logs.js';
import { openContainer } from '../runtime/container.js';
import { Shell, type Io } from '../runtime/shell.js';
import type { Cluster } from '../store/cluster.js';
import { goBool, podContainer } from './exec-query.js';
import { ApiError, badRequest, notFoundStatus } from './status.js';
import type { ResourceTarget, ServeContext, UpgradeHandler } from './types.js';
import {
  acceptChannels,
  exitStatus,
  failureOf,
  pickProtocol,
  PlainRefusal,
  PROTOCOLS,
  refuse,
  STDERR,
  STDOUT,
  wantsWebSocket,
  type Channels,
} from './websocket-channels.js';

/** End the open exec and attach sessions: for the server's close(), which does not see upgraded sockets. */
export { closeAllChannels as closeExecSessions } from './websocket-channels.js';

/** How often an attached session looks for new output of the main process. */
const ATTACH_POLL_MS = 200;

type Verb = 'exec' | 'attach';

/** PodExecOptions / PodAttachOptions. */
interface Streams {
  container: string | null;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** `GET …/pods/{name}/exec?command=…&container=…&stdin=…&stdout=…&stderr=…&tty=…` with `Upgrade: websocket`. */
export const execUpgrade: UpgradeHandler = (ctx, req, socket, head, target) => serve(ctx, req, socket, head, target, 'exec');

/** `GET …/pods/{name}/attach?container=…&stdin=…&stdout=…&stderr=…&tty=…` with `Upgrade: websocket`. */
export const attachUpgrade: UpgradeHandler = (ctx, req, socket, head, target) => serve(ctx, req, socket, head, target, 'attach');

/** The pod and container a session works in, checked as the API server and the kubelet check them. */
function check(c: Cluster, target: ResourceTarget, ns: string, want: string | null, verb: Verb): { p: PodRecord; ctr: ContainerSpec } {
  const name = target.name!;
  const p = c.pod(ns, name);
  if (!p) throw notFoundStatus(target.info, name);
  const phase = completedPhase(p);
  if (phase) throw badRequest(completedMessage(verb === 'exec' ? 'exec into' : 'attach', phase));
  const { spec } = podObject(c, p);
  const ctr = podContainer(spec, name, want);
  const refused = containerRefusal(p, spec, ctr);
  if (refused === 'no-host') throw badRequest(noHostMessage(name));
  if (refused === 'not-running') throw new PlainRefusal(404, notRunningMessage(ctr.name));
  return { p, ctr };
}

async function serve(ctx: ServeContext, req: IncomingMessage, socket: Duplex, head: Buffer, target: ResourceTarget, verb: Verb): Promise<void> {
  socket.on('error', () => socket.destroy());
  let ch: Channels | undefined;
  try {
    if (!target.name) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
    const q = new URL(req.url ?? '/', 'http://sts').searchParams;
    const streams: Streams = {
      container: q.get('container'),
      stdin: goBool(q, 'stdin'),
      stdout: goBool(q, 'stdout'),
      stderr: goBool(q, 'stderr'),
      tty: goBool(q, 'tty'),
    };
    const argv = q.getAll('command');
    if (verb === 'exec' && !argv.length) throw badRequest('you must specify at least one command for the container');
    if (!streams.stdin && !streams.stdout && !streams.stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
    streams.stderr &&= !streams.tty; // the kubelet's NewOptions: a terminal has no separate stderr, so it is bypassed
    const ns = target.ns ?? 'default';
    // attach's output starts here: what the log has now is the past
    const { container, start } = await ctx.transact((c) => {
      const ctr = check(c, target, ns, streams.container, verb).ctr.name;
      return { container: ctr, start: verb === 'attach' ? logSnapshot(c, ctx, ns, target.name!, ctr) : undefined };
    });
    // kubectl retries a refused WebSocket as SPDY/3.1 (a POST): it gets the same refusals above, then this
    if (!wantsWebSocket(req)) throw badRequest(`sts serve speaks ${verb} over WebSocket only (${PROTOCOLS.join(', ')}), not SPDY/3.1`);
    const protocol = pickProtocol(req);
    if (!protocol) throw badRequest(`unable to upgrade connection: sts serve speaks ${PROTOCOLS.join(' or ')}`);
    ch = await acceptChannels(req, socket, head, protocol);
    if (!ch) return;
    const session: Session = { ctx, ch, target, ns, container, streams };
    if (verb === 'attach') await attach(session, start);
    else if (streams.tty && streams.stdin && isShellSession(argv)) ch.finish(exitStatus(await terminal(session), argv));
    else await runOnce(session, argv);
  } catch (e) {
    if (ch) ch.finish(failureOf(e));
    else refuse(socket, e);
  }
}

interface Session {
  ctx: ServeContext;
  ch: Channels;
  target: ResourceTarget;
  ns: string;
  container: string;
  streams: Streams;
}

/** A terminal turns the program's newlines into CR LF (the pty's onlcr) and has no separate stderr. */
const onlcr = (s: string) => s.replace(/\r?\n/g, '\r\n');

function show(s: Session, r: Io): void {
  if (s.streams.tty) {
    if (r.out || r.err) s.ch.send(STDOUT, onlcr(r.out + r.err));
    return;
  }
  if (r.out && s.streams.stdout) s.ch.send(STDOUT, r.out);
  if (r.err && s.streams.stderr) s.ch.send(STDERR, r.err);
}

/** A command that runs once: its stdin read whole first (as `sts exec -i` reads it), then one transaction. */
async function runOnce(s: Session, argv: string[]): Promise<void> {
  let input = '';
  if (s.streams.stdin) {
    const buf = s.streams.tty ? await ttyInput(s.ch) : await s.ch.readStdin();
    if (buf === undefined) return; // the client went away
    input = buf.toString('utf8');
  }
  const r = await s.ctx.transact((c) => {
    const { p, ctr } = check(c, s.target, s.ns, s.container, 'exec');
    const shell = new Shell(openContainer(c, c.statePath ?? s.ctx.statePath, p, ctr));
    return s.streams.stdin && isShellSession(argv) ? shell.script(input) : shell.exec(argv, input);
  });
  show(s, r);
  s.ch.finish(exitStatus(r.code, argv));
}

/** A terminal's input to a program that reads it whole: up to ^D, CR as the newline it stands for. */
async function ttyInput(ch: Channels): Promise<Buffer | undefined> {
  const all: Buffer[] = [];
  for await (const chunk of ch.stdin()) {
    const eot = chunk.indexOf(4);
    all.push(
      Buffer.from(
        chunk
          .subarray(0, eot < 0 ? chunk.length : eot)
          .toString('latin1')
          .replace(/\r/g, '\n'),
        'latin1',
      ),
    );
    if (eot >= 0) break;
  }
  return ch.open ? Buffer.concat(all) : undefined;
}

/**
 * `exec -it POD -- sh`: a terminal session as `sts exec -it` runs one (terminalSession), one line at a
 * time with the cluster unlocked between lines, behind a small line discipline: the typed characters
 * are echoed, backspace and ^U edit, ^C drops the line, ^D on an empty line ends the session.
 */
async function terminal(s: Session): Promise<number> {
  const PROMPT = '# ';
  let cwd = '/';
  let line = '';
  let afterCR = false;
  let escape = false;
  const decoder = new StringDecoder('utf8');
  s.ch.send(STDOUT, PROMPT);
  const run = async (text: string): Promise<Io> => {
    const ran = await s.ctx.transact((c) => {
      const { p, ctr } = check(c, s.target, s.ns, s.container, 'exec');
      return sessionLine(c, c.statePath ?? s.ctx.statePath, p, ctr, cwd, text);
    });
    cwd = ran.cwd;
    return ran.r;
  };
  for await (const chunk of s.ch.stdin()) {
    for (const char of decoder.write(chunk)) {
      if (escape) {
        escape = !/[A-Za-z~]/.test(char); // an arrow key's sequence (ESC [ A) is not for the shell
        continue;
      }
      if (char === '\n' && afterCR) {
        afterCR = false;
        continue;
      }
      afterCR = char === '\r';
      if (char === '\r' || char === '\n') {
        s.ch.send(STDOUT, '\r\n');
        const text = line;
        line = '';
        const r = await run(text);
        if (s.streams.stdout) s.ch.send(STDOUT, onlcr(r.out + r.err));
        if (endsSession(text)) return r.code;
        s.ch.send(STDOUT, PROMPT);
      } else if (char === '\x7f' || char === '\b') {
        if (line) s.ch.send(STDOUT, '\b \b');
        line = [...line].slice(0, -1).join('');
      } else if (char === '\x15') {
        s.ch.send(STDOUT, '\b \b'.repeat([...line].length));
        line = '';
      } else if (char === '\x03') {
        s.ch.send(STDOUT, `^C\r\n${PROMPT}`);
        line = '';
      } else if (char === '\x04') {
        if (!line) return 0;
      } else if (char === '\x1b') escape = true;
      else if (char >= ' ') {
        line += char;
        s.ch.send(STDOUT, char);
      }
    }
  }
  // the end of input: what was typed without a newline still runs, as sh runs a last line
  if (line && s.ch.open) {
    const r = await run(line);
    show(s, r);
    if (endsSession(line)) return r.code;
  }
  return 0;
}

/**
 * `attach`: the main process's output from now on. sts keeps a container's output as its log
 * (runtime/logs.ts), so an attached session is sent each line the log gains, until the container
 * ends (its pod deleted or restarted) or the client goes away. Its stdin goes nowhere: sts's main
 * processes read none.
 */
/** Where a container's output stands: its instance and the lines it has written so far. */
function logSnapshot(c: Cluster, ctx: ServeContext, ns: string, name: string, container: string) {
  const p = c.pod(ns, name);
  if (!p) return undefined;
  const stream = readStream(c, c.statePath ?? ctx.statePath, podObject(c, p), container, false);
  return stream.lines && { uid: p.uid, since: p.runningSince, restarts: p.restarts, lines: stream.lines };
}

async function attach(s: Session, first: ReturnType<typeof logSnapshot>): Promise<void> {
  s.ch.discardStdin = true;
  if (!first) return s.ch.finish(exitStatus(0, []));
  let seen = first.lines.length;
  while (s.ch.open) {
    await Promise.race([new Promise((r) => setTimeout(r, ATTACH_POLL_MS)), s.ch.closed]);
    if (!s.ch.open) return;
    const now = await s.ctx.transact((c) => logSnapshot(c, s.ctx, s.ns, s.target.name!, s.container));
    if (!now || now.uid !== first.uid || now.since !== first.since || now.restarts !== first.restarts) break;
    const added = now.lines.slice(seen).map((l) => `${l.text}\n`);
    seen = now.lines.length;
    if (added.length) show(s, { out: added.join(''), err: '', code: 0 });
  }
  s.ch.finish(exitStatus(0, []));
}
