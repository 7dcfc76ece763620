/**
 * The gateway's upstream transport: a `fetch`-shaped function over undici's `request` with one
 * keep-alive connection pool per upstream origin. Measured on this project's bench machine, Node 20's
 * global `fetch` tops out near 3k requests/s on one core while `request` on a pool does ~25k; the
 * adapters keep speaking Request/Response (so tests can still inject any fetch), only the wire under
 * them changes.
 *
 * Differences from `fetch`, all deliberate for a proxy: redirects are not followed (an upstream API
 * answering 3xx is passed on as is), no `accept-encoding` is added and nothing is decompressed (the
 * upstream answers in identity encoding unless the caller asked otherwise), and bodies other than
 * strings, bytes and streams (FormData, Blob, URLSearchParams) go through the global fetch.
 */
import './node-fetch-first.ts';
import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { lazyBody } from '../lib/node-body.ts';
import { NodeResponse } from '../lib/node-request.ts';

export interface UpstreamTransport {
  fetch: typeof fetch;
  /** The pools under `fetch`, for callers speaking undici's dispatch API directly (the native lane). */
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export interface TransportOptions {
  /**
   * Connections per upstream origin (default: no cap). A cap queues requests behind open streams: with
   * 256, the 257th concurrent stream waits for one of the first to end (seen in the bench as 1,000 3-second
   * streams taking 13.6 s).
   */
  connections?: number;
  /** Idle keep-alive per connection (default 30 s). */
  keepAliveTimeoutMs?: number;
}

const NO_BODY = new Set([101, 204, 205, 304]);

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) { headers.forEach((v, k) => { out[k] = v; }); return out; }
  if (Array.isArray(headers)) { for (const [k, v] of headers) out[k!.toLowerCase()] = v!; return out; }
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    else headers.append(k, v);
  }
  return headers;
}

export function createUpstreamTransport(options: TransportOptions = {}): UpstreamTransport {
  const dispatcher: Dispatcher = new Agent({
    ...(options.connections ? { connections: options.connections } : {}),
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    // Streams may idle between events for a long time; the gateway's own limits bound them.
    bodyTimeout: 0,
    headersTimeout: 300_000,
  });

  const upstreamFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    if (input instanceof Request) return globalThis.fetch(input, init);
    const body = init.body;
    let sendBody: string | Uint8Array | Readable | null = null;
    if (typeof body === 'string' || body instanceof Uint8Array) sendBody = body;
    else if (body instanceof ReadableStream) sendBody = Readable.fromWeb(body as import('node:stream/web').ReadableStream);
    else if (body !== undefined && body !== null) return globalThis.fetch(input, init);
    const method = (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod;
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(String(input), {
        method,
        headers: headerRecord(init.headers),
        body: sendBody,
        signal: init.signal ?? undefined,
        dispatcher,
      });
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason ?? error;
      throw new TypeError('fetch failed', { cause: error });
    }
    const headers = responseHeaders(answer.headers);
    const noBody = NO_BODY.has(answer.statusCode) || method === 'HEAD';
    if (noBody) { answer.body.resume(); return new Response(null, { status: answer.statusCode, headers }); }
    // The body's web stream is made lazily; a JSON answer read whole comes straight off the socket (readNodeBody).
    return new NodeResponse(lazyBody(answer.body), { status: answer.statusCode, headers });
  };

  return {
    fetch: upstreamFetch as typeof fetch,
    dispatcher,
    // After the server stopped and its grace ran out: what is still open upstream is cut, not awaited.
    close: () => dispatcher.destroy(),
  };
}
