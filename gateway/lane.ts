/**
 * The gateway's native lane: the hottest requests — non-streaming `POST /chat/completions` and
 * `POST /embeddings` to an OpenAI account — served on Node's own objects (IncomingMessage in, undici's
 * dispatch API upstream, ServerResponse out) with no Request, Response, Headers or web stream made on
 * the way. Everything else, and every request that is not the plain happy case (no content-length, a
 * body that is not a JSON object, a model that does not resolve, a stream, a repeated header, another
 * provider), is handed to the fetch-shaped gateway (`fallback(body)`), which answers it as always —
 * so errors, their order and their envelopes stay those of app.ts. The platform work is the same
 * `Exchange` the fetch path uses: authentication, metadata, access, limits and budgets, usage and cost,
 * the span and the request-log line; and the upstream sees the same request (headers, spliced body).
 * `test/gateway-lane.test.ts` checks both paths answer alike.
 */
import type http from 'node:http';
import type { Dispatcher } from 'undici';
import type { NativeHandler } from '../lib/serve.ts';
import type { GatewayConfig, ResolvedAccount } from './config.ts';
import { formatCost } from './cost.ts';
import { UpstreamError } from './errors.ts';
import { Exchange, newRequestId, type ApiName } from './exchange.ts';
import { findModelSpan, JSON_CONTENT_TYPE, nodeHeaderReader, spliceModelBytes } from './http.ts';
import type { Platform } from './platform.ts';
import { relayUpstreamError } from './providers/upstream-errors.ts';
import { usageOf } from './routes/chat.ts';
import { providerHeader, resolveTarget, type Endpoint } from './routes/target.ts';
import { resolveModel } from './routing.ts';

export interface LaneState {
  config: GatewayConfig;
  platform: Platform;
}

export interface LaneDeps {
  /** The config generation to serve this request with (read once per request). */
  state(): LaneState;
  dispatcher: Dispatcher;
  /** The gateway's answer to a failed exchange (app.ts): finishes it and returns the envelope. */
  failure(error: unknown, exchange: Exchange, aborted: boolean): Response | undefined;
  /** Write a complete Response on `res` (lib/serve.ts). */
  write(response: Response, res: http.ServerResponse): void;
  costHeader: string;
}

const EMBEDDINGS: Endpoint = { api: 'embeddings', label: 'POST /embeddings', modelBound: true };
const decoder = new TextDecoder('utf-8', { fatal: true });

interface Upstream { origin: string; prefix: string }
const upstreams = new WeakMap<ResolvedAccount, Upstream>();

/** The account's origin and path prefix, for dispatch (`https://host:port` and `/v1`). */
function upstreamOf(account: ResolvedAccount): Upstream {
  let u = upstreams.get(account);
  if (!u) {
    const url = new URL(account.baseURL);
    u = { origin: url.origin, prefix: url.pathname.replace(/\/$/, '') + url.search };
    upstreams.set(account, u);
  }
  return u;
}

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/**
 * One upstream call on the dispatcher, its answer read whole. `cancel` aborts it (the client left);
 * it rejects with what undici reports (connection refused or reset, the abort).
 */
function call(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, onStart: (abort: (reason: Error) => void) => void): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let status = 0;
    let headers: Answer['headers'] = {};
    const chunks: Buffer[] = [];
    let size = 0;
    dispatcher.dispatch(options, {
      onRequestStart(controller) { onStart((reason) => controller.abort(reason)); },
      onResponseStart(_controller, statusCode, responseHeaders) { status = statusCode; headers = responseHeaders; },
      onResponseData(_controller, chunk) { chunks.push(chunk); size += chunk.byteLength; },
      onResponseEnd() { resolve({ status, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) }); },
      onResponseError(_controller, error) { reject(error); },
    });
  });
}

function header(headers: Answer['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The upstream's error answer as a Response, for the provider error rules the fetch path applies. */
function asResponse(answer: Answer): Response {
  const headers = new Headers();
  for (const [k, v] of Object.entries(answer.headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    else headers.append(k, v);
  }
  return new Response(answer.body.byteLength ? answer.body as Uint8Array<ArrayBuffer> : null, { status: answer.status, headers });
}

export function createNativeLane(deps: LaneDeps): NativeHandler {
  return (req, res, fallback) => {
    if (req.method !== 'POST') return false;
    const state = deps.state();
    const { config } = state;
    const url = req.url ?? '';
    if (url.length <= config.basePath.length || !url.startsWith(config.basePath)) return false;
    const rest = url.slice(config.basePath.length);
    const api: ApiName | undefined = rest === '/chat/completions' ? 'chat' : rest === '/embeddings' ? 'embeddings' : undefined;
    if (!api) return false;
    const length = req.headers['content-length'];
    if (length === undefined || !(Number(length) <= config.maxBodyBytes)) return false;
    const type = req.headers['content-type'];
    if (type !== undefined && !JSON_CONTENT_TYPE.test(type)) return false;
    // A repeated header (two authorization headers…) reads differently here than in Headers: not ours.
    let names = 0;
    for (const _ in req.headers) names++;
    if (names * 2 !== req.rawHeaders.length) return false;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => { chunks.push(chunk); size += chunk.byteLength; });
    req.on('end', () => {
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      if (!serve(state, api, req, res, bytes)) fallback(bytes);
    });
    return true;
  };

  /** Serve the request, or return false (before anything happened) to leave it to the fetch path. */
  function serve(state: LaneState, api: ApiName, req: http.IncomingMessage, res: http.ServerResponse, bytes: Buffer): boolean {
    const { config, platform } = state;
    let text: string;
    let body: unknown;
    try {
      text = decoder.decode(bytes);
      body = JSON.parse(text);
    } catch { return false; }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
    const json = body as Record<string, unknown>;
    const headers = nodeHeaderReader(req.headers);
    let account: ResolvedAccount;
    let model: string;
    try {
      if (api === 'chat') {
        if (json.stream === true) return false;
        ({ account, model } = resolveModel(config, json.model));
      } else {
        const target = resolveTarget(config, EMBEDDINGS, providerHeader(headers), json.model);
        if (target.model === undefined) return false;
        ({ account, model } = target as { account: ResolvedAccount; model: string });
      }
    } catch { return false; }
    if (account.provider !== 'openai') return false;

    const path = config.basePath + (api === 'chat' ? '/chat/completions' : '/embeddings');
    const requestId = newRequestId();
    const trace = platform.telemetry.start({ method: 'POST', path, headers }, path);
    const exchange = new Exchange(platform, config, requestId, api, 'POST', path, trace);
    let abort: ((reason: Error) => void) | undefined;
    let gone = false;
    res.once('close', () => {
      if (res.writableFinished) return;
      gone = true;
      abort?.(new Error('the client closed the connection'));
    });
    void (async () => {
      try {
        exchange.identify(headers);
        await exchange.admit(account, model);
        if (gone) throw new Error('the client closed the connection');
        // The client's bytes with the model spliced in (a leading BOM, which the decoder dropped, rules it out).
        const span = typeof json.model === 'string' && bytes[0] !== 0xef ? findModelSpan(text, json.model) : undefined;
        const sent: Record<string, string> = { authorization: `Bearer ${account.apiKey}`, 'x-request-id': requestId };
        if (api === 'chat') {
          sent['content-type'] = 'application/json';
          sent.accept = 'application/json';
        } else {
          const accept = headers.get('accept');
          if (accept) sent.accept = accept;
          const beta = headers.get('openai-beta');
          if (beta) sent['openai-beta'] = beta;
          sent['content-type'] = 'application/json';
        }
        Object.assign(sent, exchange.upstreamHeaders());
        const { origin, prefix } = upstreamOf(account);
        let answer: Answer;
        try {
          answer = await call(deps.dispatcher, {
            origin, path: `${prefix}${api === 'chat' ? '/chat/completions' : '/embeddings'}`, method: 'POST',
            headers: sent, body: span ? spliceModelBytes(bytes, text, span, model) : JSON.stringify({ ...json, model }),
          }, (a) => { abort = a; if (gone) a(new Error('the client closed the connection')); });
        } catch (error) {
          if (gone) throw error;
          throw new UpstreamError(502, 'upstream_unreachable', `The upstream provider account "${account.name}" could not be reached.`);
        }
        if (answer.status < 200 || answer.status > 299) throw await relayUpstreamError(asResponse(answer), account.name);
        const out: Record<string, string> = { 'content-type': header(answer.headers, 'content-type') ?? (api === 'chat' ? 'application/json' : '') };
        if (!out['content-type']) delete out['content-type'];
        if (api === 'embeddings') {
          const disposition = header(answer.headers, 'content-disposition');
          if (disposition) out['content-disposition'] = disposition;
        }
        const upstreamId = header(answer.headers, 'x-request-id');
        if (upstreamId) out['x-upstream-request-id'] = upstreamId;
        addUsage(exchange, api, answer);
        out['x-request-id'] = requestId;
        Object.assign(out, exchange.limitHeaders);
        const cost = exchange.currentCost();
        if (cost !== undefined) out[deps.costHeader] = formatCost(cost);
        out['content-length'] = String(answer.body.byteLength);
        exchange.finish(answer.status);
        if (gone) return;
        res.writeHead(answer.status, out);
        res.end(answer.body);
      } catch (error) {
        const response = deps.failure(error, exchange, gone);
        if (response && !gone) deps.write(response, res);
      }
    })();
    return true;
  }
}

/** Usage of a JSON answer (chat: `usage` as OpenAI reports it; embeddings: `usage.prompt_tokens`). */
function addUsage(exchange: Exchange, api: ApiName, answer: Answer): void {
  const type = header(answer.headers, 'content-type') ?? '';
  if (!answer.body.byteLength) return;
  if (api === 'embeddings' && !JSON_CONTENT_TYPE.test(type)) return;
  let parsed: { usage?: unknown };
  try { parsed = JSON.parse(answer.body.toString('utf8')) as { usage?: unknown }; } catch { return; }
  const usage = parsed?.usage;
  if (typeof usage !== 'object' || usage === null || Array.isArray(usage)) return;
  if (api === 'chat') { exchange.addUsage(usageOf(usage as never)); return; }
  const tokens = (usage as { prompt_tokens?: unknown }).prompt_tokens;
  if (typeof tokens === 'number') exchange.addUsage({ inputTokens: tokens });
}
