/**
 * Serve a fetch-shaped handler `(Request) => Response` on a loopback port with node:http.
 * Used by the simulators and the reference gateway alike, so the same handler runs in-process
 * (called directly or through msw) and over real sockets. Response bodies are written as they are
 * produced (no buffering), and a client that goes away aborts `request.signal`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { bufferBody, lazyBody } from './node-body.ts';
import { NodeRequest, nodeHeaders } from './node-request.ts';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Handles an HTTP Upgrade (WebSocket) request on the raw socket; return false to refuse it (400). */
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean | void;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A Response whose body is already in memory (a JSON answer, an error envelope). `serve` writes it
 * with one `res.end(bytes)` and a content-length instead of pumping a stream; handlers wrapping it see
 * it is complete (`bufferedBody`). The body stream is made only if someone asks for `.body`: on Node 20
 * every ReadableStream costs a noticeable share of a request (makeTransferable), and most of these
 * answers are written straight to a socket.
 */
class BufferedResponse extends Response {
  readonly #bytes: Uint8Array;
  #used = false;
  #stream: ReadableStream<Uint8Array> | null = null;

  constructor(bytes: Uint8Array, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }

  /** The bytes, unless the body was consumed. */
  peek(): Uint8Array | undefined {
    return this.#used || this.#stream ? undefined : this.#bytes;
  }

  #take(): Uint8Array {
    if (this.#used || this.#stream) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      const bytes = this.#bytes;
      this.#stream = new ReadableStream<Uint8Array>({ start(c) { if (bytes.byteLength) c.enqueue(bytes); c.close(); } });
    }
    return this.#stream as ReadableStream<Uint8Array<ArrayBuffer>>;
  }

  override get bodyUsed(): boolean {
    return this.#used || (this.#stream !== null && this.#stream.locked);
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async text(): Promise<string> {
    return decoder.decode(this.#take());
  }

  override async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  override async blob(): Promise<Blob> {
    return new Blob([this.#take() as Uint8Array<ArrayBuffer>], { type: this.headers.get('content-type') ?? '' });
  }

  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}

export function bufferedResponse(body: string | Uint8Array, init: ResponseInit = {}): Response {
  return new BufferedResponse(typeof body === 'string' ? encoder.encode(body) : body, init);
}

/** The in-memory body of a `bufferedResponse` (undefined for any other Response, or once it was read). */
export function bufferedBody(response: Response): Uint8Array | undefined {
  return response instanceof BufferedResponse ? response.peek() : undefined;
}

/**
 * Throw (or reject with) this from a handler to drop the TCP connection without any answer, as a
 * crashing upstream or a middlebox does: the client sees a connection reset, not an HTTP status.
 */
export class ResetConnection extends Error {
  constructor(message = 'connection reset by the handler') {
    super(message);
    this.name = 'ResetConnection';
  }
}

/**
 * A handler working on Node's objects directly, tried before the fetch handler for every request: it
 * returns false to leave the request to the fetch handler, or true to own it. Owning it, it either
 * answers on `res` itself or calls `fallback(body)` — with the request body if it read it — to hand the
 * request to the fetch handler after all. (The gateway's hot path: no Request/Response objects.)
 */
export type NativeHandler = (req: http.IncomingMessage, res: http.ServerResponse, fallback: (body?: Uint8Array) => void) => boolean;

export interface ServeOptions {
  /** Tried first for every request; see NativeHandler. */
  native?: NativeHandler;
  port?: number;
  host?: string;
  /** Largest request header block accepted by node:http, in bytes. */
  maxHeaderSize?: number;
  /** Called for errors thrown by the handler (the client gets a 500). */
  onError?: (error: unknown) => void;
  /** WebSocket upgrades; without it every upgrade request is refused. */
  onUpgrade?: UpgradeHandler;
}

export interface Served {
  url: string;
  port: number;
  server: http.Server;
  /**
   * Stop accepting at once; with `graceMs`, let requests in flight (streams included) finish for up to
   * that long before cutting what is left. Without it, every connection is closed at once.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export async function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<Served> {
  const host = options.host ?? '127.0.0.1';
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  const { native } = options;
  const server = http.createServer({ maxHeaderSize: options.maxHeaderSize ?? 16 * 1024, keepAliveTimeout: 5000 }, (req, res) => {
    inFlight++;
    res.once('close', () => { if (--inFlight === 0) onIdle?.(); });
    if (native?.(req, res, (body) => { void handleNodeRequest(handler, req, res, options.onError, body); })) return;
    void handleNodeRequest(handler, req, res, options.onError);
  });
  // What Node's HTTP parser refuses before a handler runs (headers over maxHeaderSize, a malformed request)
  // still gets an OpenAI-style error envelope, not Node's bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const [status, code, message] = tooLarge
      ? [431, 'request_header_too_large', `The request headers exceed ${options.maxHeaderSize ?? 16 * 1024} bytes.`]
      : [400, 'malformed_request', 'The request is not valid HTTP/1.1.'];
    endWithResponse(socket, status, { 'content-type': 'application/json' }, JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } }));
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    if (options.onUpgrade?.(req, socket, head) === false || !options.onUpgrade) endWithResponse(socket, 400, {}, '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: ({ graceMs = 0 } = {}) => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      if (graceMs <= 0 || inFlight === 0) { server.closeAllConnections(); return; }
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
      // Idle keep-alive connections are closed as their last answer ends; the rest when nothing is left.
      onIdle = () => { clearTimeout(timer); server.closeAllConnections(); };
    }),
  };
}

export async function handleNodeRequest(
  handler: FetchHandler,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  onError?: (error: unknown) => void,
  /** The request body, when something read it already (a native handler falling back). */
  preread?: Uint8Array,
): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => { if (!res.writableFinished) controller.abort(); });
  let response: Response;
  // The body as a web stream made lazily (lib/node-body.ts; not Readable.toWeb: on Node 20 a cancelled
  // toWeb stream still enqueues the next chunk and throws ERR_INVALID_STATE as an uncaught exception).
  const body = preread ? bufferBody(preread) : req.method !== 'GET' && req.method !== 'HEAD' ? lazyBody(req) : undefined;
  try {
    const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
    response = await handler(new NodeRequest(url, req.method ?? 'GET', nodeHeaders(req), controller.signal, body));
  } catch (error) {
    if (error instanceof ResetConnection) { req.socket.destroy(); return; }
    onError?.(error);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Internal server error', type: 'server_error', param: null, code: 'internal_error' } }));
    }
    return;
  }
  // Answered before the request body was read to its end (a 401 to an upload, a 413): read and drop the
  // rest, so the client can finish sending and read the answer (closing at once makes it fail with EPIPE).
  // A small remainder keeps the connection alive; a large or unknown one closes it after the answer.
  if (body && !req.complete) {
    const declared = Number(req.headers['content-length']);
    if (!(declared <= DRAIN_LIMIT)) res.setHeader('connection', 'close');
    body.discard();
  }
  await writeResponse(response, res, controller.signal);
}

/** An unread request body up to this size is drained to keep the connection; a larger one closes it. */
const DRAIN_LIMIT = 1024 * 1024;

/**
 * Answer on a raw socket (before or instead of Node's HTTP machinery: a refused upgrade, a request the
 * parser rejected) with one complete HTTP/1.1 response, then close it.
 */
export function endWithResponse(socket: Duplex, status: number, headers: Record<string, string>, body: string): void {
  if (socket.destroyed || !socket.writable) { socket.destroy(); return; }
  const bytes = Buffer.from(body, 'utf8');
  const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}`];
  for (const [name, value] of Object.entries({ ...headers, 'content-length': String(bytes.byteLength), connection: 'close' })) lines.push(`${name}: ${value}`);
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]));
}

/** Resolves when `res` can take more (or is gone); removes both listeners either way. */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Write a Response on `res` (headers, then the body as it comes; a buffered body with one `end`). */
export async function writeResponse(response: Response, res: http.ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key === 'set-cookie') return;
    headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  if (res.hasHeader('connection')) headers.connection = String(res.getHeader('connection'));
  const buffered = bufferedBody(response);
  if (buffered) {
    headers['content-length'] = String(buffered.byteLength);
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.end(buffered);
    return;
  }
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (!response.body) { res.end(); return; }
  res.flushHeaders();
  const reader = response.body.getReader();
  const onAbort = () => { void reader.cancel(signal.reason).catch(() => {}); };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
      if (signal.aborted) return;
    }
    res.end();
  } catch {
    // The body stream failed mid-way (upstream reset, ResetConnection, cancel): cut the connection so
    // the client sees it rather than a clean end.
    res.destroy();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
