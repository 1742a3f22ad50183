// The channel protocol of exec and attach over a WebSocket (apimachinery's wsstream, client-go's
// remotecommand v4/v5): every binary message starts with its channel byte; the kubelet's Status on
// channel 3 ends the session. Also the HTTP answer for an upgrade refused before it happens.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ApiError, toStatus } from './status.js';

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
/** v5: the client closed one of its streams (the payload names which: 0, stdin) */
export const CLOSE = 255;

/** What sts speaks, best first: v5 adds the close signal (stdin's end); v4 is the same without it. */
export const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** How much unread stdin a session keeps before it gives up (a command that reads it whole reads it all first). */
const MAX_STDIN = 16 * 1024 * 1024;
/** Output goes in messages of at most this size. */
const CHUNK = 32 * 1024;

/** The kubelet's refusals come back as plain text (kubectl: `unable to upgrade connection: <text>`). */
export class PlainRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Answer an upgrade request with an HTTP error on its raw socket: a Status, or the kubelet's plain text. */
export function refuse(socket: Duplex, e: unknown): void {
  if (socket.destroyed || !socket.writable) return;
  const plain = e instanceof PlainRefusal;
  const status = plain ? undefined : toStatus(e);
  const code = plain ? e.code : status!.code;
  const body = plain ? e.message : JSON.stringify(status);
  const type = plain ? 'text/plain; charset=utf-8' : 'application/json';
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Whether the request asks for a WebSocket (kubectl ≥1.30 first; then it retries as SPDY/3.1 with a POST). */
export const wantsWebSocket = (req: IncomingMessage): boolean => req.method === 'GET' && /^websocket$/i.test(String(req.headers.upgrade ?? ''));

/** The protocol sts picks from those the client offers, or undefined. */
export function pickProtocol(req: IncomingMessage): string | undefined {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  return PROTOCOLS.find((p) => offered.includes(p));
}

/** The sessions open in this process, so a server that stops can end them (upgraded sockets are no longer the HTTP server's). */
const sessions = new Set<Channels>();

/** How many sessions are open (for tests: a client has attached once it counts). */
export const openSessions = (): number => sessions.size;

/** End every open session (the server is stopping): the clients see their connection close. */
export function closeAllChannels(): void {
  for (const ch of sessions) ch.terminate();
}

/** An open session: messages in by channel, out by channel, and its end. */
export class Channels {
  private chunks: Buffer[] = [];
  private kept = 0;
  private wake?: () => void;
  private stdinEnded = false;
  /** stdin sent after this is dropped (attach: the main process does not read it) */
  discardStdin = false;
  readonly closed: Promise<void>;
  private isOpen = true;

  constructor(
    private readonly ws: WebSocket,
    readonly protocol: string,
  ) {
    sessions.add(this);
    this.closed = new Promise((resolve) =>
      ws.on('close', () => {
        sessions.delete(this);
        this.isOpen = false;
        this.wake?.();
        resolve();
      }),
    );
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  get open(): boolean {
    return this.isOpen;
  }

  private receive(data: RawData, isBinary: boolean): void {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (!isBinary || !buf.length) return;
    const channel = buf[0];
    if (channel === STDIN && !this.stdinEnded && !this.discardStdin) {
      this.kept += buf.length - 1;
      if (this.kept > MAX_STDIN) return this.finish(failure(`sts keeps at most ${MAX_STDIN} bytes of stdin`));
      this.chunks.push(buf.subarray(1));
      this.wake?.();
    } else if (channel === CLOSE && buf[1] === STDIN) {
      this.stdinEnded = true;
      this.wake?.();
    }
    // RESIZE: a terminal's size, which sts's shell does not use
  }

  /** What the client sends on stdin, chunk by chunk, until it closes stdin (v5) or the session ends. */
  async *stdin(): AsyncGenerator<Buffer> {
    for (;;) {
      while (this.chunks.length) {
        const chunk = this.chunks.shift()!;
        this.kept -= chunk.length;
        yield chunk;
      }
      if (this.stdinEnded || !this.isOpen) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }

  /** All of stdin, once the client has closed it; undefined if the session ended first. */
  async readStdin(): Promise<Buffer | undefined> {
    const all: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.stdin()) {
      size += chunk.length;
      if (size > MAX_STDIN) {
        this.finish(failure(`sts keeps at most ${MAX_STDIN} bytes of stdin`));
        return undefined;
      }
      all.push(chunk);
    }
    return this.isOpen ? Buffer.concat(all) : undefined;
  }

  /** Send data on a channel (nothing once the session is over). */
  send(channel: number, data: string | Buffer): void {
    if (!this.isOpen) return;
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < buf.length; at += CHUNK) this.ws.send(Buffer.concat([Buffer.from([channel]), buf.subarray(at, at + CHUNK)]));
  }

  /** Drop the connection at once. */
  terminate(): void {
    this.isOpen = false;
    this.wake?.();
    this.ws.terminate();
  }

  /** The kubelet's last word: the Status on the error channel, then a normal close. */
  finish(status: object): void {
    if (!this.isOpen) return;
    this.ws.send(Buffer.concat([Buffer.from([ERROR]), Buffer.from(JSON.stringify(status))]));
    this.ws.close(1000);
    this.isOpen = false;
    this.wake?.();
  }
}

/** The Status that ends a session: Success, or the exit code kubectl passes on (`command terminated with exit code N`). */
export function exitStatus(code: number, argv: string[]): object {
  if (code === 0) return { metadata: {}, status: 'Success' };
  const n = code & 255 || 1;
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${n}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(n) }] },
  };
}

/** A session that failed for another reason: kubectl prints `error: <message>`. */
export const failure = (message: string, reason = 'InternalError'): object => ({ metadata: {}, status: 'Failure', message, reason });

/** An error thrown while a session runs, as its last Status. */
export function failureOf(e: unknown): object {
  if (e instanceof PlainRefusal) return failure(e.message);
  const s = toStatus(e);
  return failure(s.message, s.reason);
}

/** Complete the WebSocket handshake with the protocol picked; undefined (answered with a 400) if the handshake is bad. */
export function acceptChannels(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): Promise<Channels | undefined> {
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, handleProtocols: () => protocol });
  return new Promise((resolve) => {
    wss.once('wsClientError', (e: Error, s: Duplex) => {
      refuse(s, new ApiError(400, 'BadRequest', `unable to upgrade connection: ${e.message}`));
      resolve(undefined);
    });
    try {
      wss.handleUpgrade(req, socket, head, (ws) => resolve(new Channels(ws, protocol)));
    } catch (e) {
      refuse(socket, e);
      resolve(undefined);
    }
  });
}
