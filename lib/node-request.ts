/**
 * The Request `serve` hands to a handler, built cheaply from Node's IncomingMessage: the headers object
 * is made once (not converted twice), the abort signal is the connection's own (not a followed copy),
 * and the body is neither a stream nor a Request body until something asks — a JSON body read whole
 * comes straight off the socket (lib/node-body.ts `readNodeBody`). On first use of a body method the
 * full Request is made behind it and does the work, so it behaves as any Request does.
 */
import type http from 'node:http';
import type { LazyBody } from './node-body.ts';

export class NodeRequest extends Request {
  readonly #headers: Headers;
  readonly #signal: AbortSignal;
  readonly #body: LazyBody | undefined;
  #full: Request | undefined;

  constructor(url: string, method: string, headers: Headers, signal: AbortSignal, body: LazyBody | undefined) {
    super(url, { method });
    this.#headers = headers;
    this.#signal = signal;
    this.#body = body;
    body?.register(this);
  }

  /** The equivalent full Request (made once, on the first body access). */
  #request(): Request {
    return (this.#full ??= new Request(this.url, {
      method: this.method, headers: this.#headers, signal: this.#signal,
      ...(this.#body ? { body: this.#body.stream, duplex: 'half' } : {}),
    } as RequestInit));
  }

  /**
   * The same request at another URL (a router mounting a handler under a prefix): headers, signal and
   * the unread body are shared, not copied or wrapped, so `readNodeBody` still reads the body straight
   * off the socket. Undefined once a body method was used (then make a Request the usual way).
   */
  retarget(url: string): NodeRequest | undefined {
    return this.#full ? undefined : new NodeRequest(url, this.method, this.#headers, this.#signal, this.#body);
  }

  override get headers(): Headers { return this.#headers; }
  override get signal(): AbortSignal { return this.#signal; }
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null { return this.#body ? this.#request().body : null; }
  override get bodyUsed(): boolean { return this.#full ? this.#full.bodyUsed : false; }
  override arrayBuffer(): Promise<ArrayBuffer> { return this.#request().arrayBuffer(); }
  override blob(): Promise<Blob> { return this.#request().blob(); }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> { return this.#request().bytes(); }
  override formData(): Promise<FormData> { return this.#request().formData(); }
  override json(): Promise<any> { return this.#request().json(); }
  override text(): Promise<string> { return this.#request().text(); }
  override clone(): Request { return this.#request().clone(); }
}

/** Headers of an IncomingMessage (raw names and repeated fields kept). */
export function nodeHeaders(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/**
 * A Response over a Node stream (an upstream answer), the same way: no body stream until something
 * asks; `readNodeBody` reads a JSON answer straight off the socket. On first use of a body method the
 * full Response is made behind it.
 */
export class NodeResponse extends Response {
  readonly #body: LazyBody;
  #full: Response | undefined;

  constructor(body: LazyBody, init: { status: number; statusText?: string; headers: Headers }) {
    super(null, init);
    this.#body = body;
    body.register(this);
  }

  #response(): Response {
    return (this.#full ??= new Response(this.#body.stream, { status: this.status, statusText: this.statusText, headers: this.headers }));
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null { return this.#response().body; }
  override get bodyUsed(): boolean { return this.#full ? this.#full.bodyUsed : false; }
  override arrayBuffer(): Promise<ArrayBuffer> { return this.#response().arrayBuffer(); }
  override blob(): Promise<Blob> { return this.#response().blob(); }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> { return this.#response().bytes(); }
  override formData(): Promise<FormData> { return this.#response().formData(); }
  override json(): Promise<any> { return this.#response().json(); }
  override text(): Promise<string> { return this.#response().text(); }
  override clone(): Response { return this.#response().clone(); }
}
