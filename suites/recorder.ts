/**
 * Evidence recording: every HTTP exchange a scenario makes (raw or through the openai SDK) is kept
 * with headers and bodies redacted and a curl command that reproduces it. Streamed bodies are
 * recorded event by event while the caller consumes them (the stream is teed, never buffered first).
 */
import { readSse, type SseEvent } from '../lib/sse.ts';
import type { Exchange } from '../reports/model.ts';
import { curlFor, redactHeaders, redactText } from '../reports/redact.ts';
import { applyTargetHeaders, rewritesRequests } from './profile/headers.ts';
import type { Target } from './target.ts';

const MAX_BODY = 64 * 1024;

export interface HttpResult {
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  /** SSE events, when the response is an event stream. */
  events: SseEvent[];
  partial?: SseEvent;
  exchange: Exchange;
}

export interface SendOptions {
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string;
  /** The key to send; `null` sends no Authorization header. Defaults to the target's key. */
  key?: string | null;
  headers?: Record<string, string>;
  /** Abort the request after this long (default 30 s). */
  timeoutMs?: number;
}

function clip(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}… [${text.length - MAX_BODY} more characters]` : text;
}

function headersObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => { out[k] = v; });
  return out;
}

export class Recorder {
  readonly exchanges: Exchange[] = [];
  readonly #pending: Promise<unknown>[] = [];
  readonly #secrets: string[];

  constructor(readonly target: Target) {
    this.#secrets = target.secrets;
  }

  #clean(text: string): string {
    return redactText(text, this.#secrets);
  }

  #requestRecord(method: string, url: string, headers: Headers, body: string | undefined): Exchange['request'] {
    const rec: Exchange['request'] = { method, url, headers: redactHeaders(headersObject(headers), this.#secrets) };
    if (body !== undefined) rec.body = this.#clean(clip(body));
    return rec;
  }

  /** Send one request to the target (path relative to its base URL) and read the whole response. */
  async send(method: string, path: string, options: SendOptions = {}): Promise<HttpResult> {
    const url = this.target.url.replace(/\/+$/, '') + path;
    const headers = new Headers(options.headers);
    const key = options.key === undefined ? this.target.key : options.key;
    if (key !== null) headers.set('authorization', `Bearer ${key}`);
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    applyTargetHeaders(this.target, headers, body);
    const request = this.#requestRecord(method, url, headers, body);
    const exchange: Exchange = { request, curl: this.#clean(curlFor(request)) };
    this.exchanges.push(exchange);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    } catch (error) {
      exchange.error = `transport error: ${(error as Error).message}`;
      throw new Error(`${method} ${url} failed: ${(error as Error).message}`);
    }
    const contentType = response.headers.get('content-type');
    const result: HttpResult = { status: response.status, headers: response.headers, contentType, text: '', json: undefined, events: [], exchange };
    exchange.response = { status: response.status, headers: redactHeaders(headersObject(response.headers), this.#secrets) };
    if (contentType?.startsWith('text/event-stream') && response.body) {
      for await (const ev of readSse(response.body, (p) => { result.partial = p; })) result.events.push(ev);
      exchange.response.events = result.events.map((e) => this.#clean(e.raw));
      if (result.partial) exchange.response.events.push(this.#clean(`${result.partial.raw}  ⟵ unterminated`));
      return result;
    }
    result.text = await response.text();
    exchange.response.body = this.#clean(clip(result.text));
    try { result.json = JSON.parse(result.text); } catch { /* not JSON */ }
    return result;
  }

  /** A fetch for the openai SDK that records what the SDK sent and received. */
  readonly fetch: typeof fetch = async (input, originalInit) => {
    let init = originalInit;
    if (rewritesRequests(this.target)) {
      // Rewrite the SDK's own headers (not a Request's: those carry a multipart boundary of their own).
      const headers = new Headers(originalInit?.headers ?? (input instanceof Request ? input.headers : undefined));
      applyTargetHeaders(this.target, headers, originalInit?.body);
      init = { ...originalInit, headers };
    }
    const req = new Request(input as RequestInfo, init);
    const body = init?.body === undefined || init.body === null ? undefined : typeof init.body === 'string' ? init.body : '[binary body]';
    const request = this.#requestRecord(req.method, req.url, req.headers, body);
    const exchange: Exchange = { request, curl: this.#clean(curlFor(request)) };
    this.exchanges.push(exchange);
    let response: Response;
    try {
      response = await fetch(input as RequestInfo, init);
    } catch (error) {
      exchange.error = `transport error: ${(error as Error).message}`;
      throw error;
    }
    exchange.response = { status: response.status, headers: redactHeaders(headersObject(response.headers), this.#secrets) };
    if (!response.body) return response;
    const [forCaller, forRecord] = response.body.tee();
    const isStream = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
    const rec = exchange.response;
    this.#pending.push((async () => {
      if (isStream) {
        const events: string[] = [];
        for await (const ev of readSse(forRecord, (p) => events.push(`${p.raw}  ⟵ unterminated`))) events.push(ev.raw);
        rec.events = events.map((e) => this.#clean(e));
      } else {
        rec.body = this.#clean(clip(await new Response(forRecord).text()));
      }
    })().catch((error: unknown) => { exchange.error = `body not fully received: ${(error as Error).message}`; }));
    return new Response(forCaller, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  /** Wait until every teed body has been recorded. */
  async settle(): Promise<void> {
    await Promise.all(this.#pending);
  }
}
