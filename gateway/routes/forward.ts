/**
 * One upstream call of the endpoints beyond chat, and the relay of its answer. The URL is the account's
 * (OpenAI: `{baseURL}{path}`; Azure: its deployment route for embeddings and its dated
 * `/openai/responses` route, with `api-version`; Cohere: `{baseURL}/v2/...`). Headers are built fresh:
 * the account's key (`authorization: Bearer`, Azure `api-key`), the gateway's request id, the trace
 * context, the client's `accept` and `openai-beta` — never the client's authorization or `x-tfy-*`.
 * Error answers become the gateway's envelope by the provider's error rules. Successful answers pass
 * through unchanged: JSON is read whole only to learn the usage (the same bytes go on), streams and
 * binary bodies flow as they arrive.
 */
import { bufferedResponse } from '../../lib/serve.ts';
import type { GatewayContext } from '../app.ts';
import type { ResolvedAccount } from '../config.ts';
import type { Usage } from '../cost.ts';
import { BadRequestError, GatewayError, InternalError, UpstreamError } from '../errors.ts';
import { parseAzureError } from '../providers/azure-openai/errors.ts';
import { parseCohereError } from '../providers/cohere/errors.ts';
import { relayUpstreamError } from '../providers/upstream-errors.ts';
import { tapSse, type SseTap } from './sse-tap.ts';
import type { Target } from './target.ts';
import { upstreamFetch } from './upstream.ts';

/** Azure OpenAI serves the Responses API on its dated route from this api-version on. */
export const AZURE_RESPONSES_MIN_VERSION = '2025-03-01-preview';

export interface UpstreamCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** The OpenAI path below the API root, e.g. `/embeddings`, `/files/file-1/content`. */
  path: string;
  /** The query string to send (`?a=b` or ""); the client's by default. */
  search?: string;
  /** A JSON body (serialised here), the JSON text already made, or a raw body with its content type. */
  json?: unknown;
  jsonText?: string;
  body?: ReadableStream<Uint8Array>;
  contentType?: string;
  /** Why a streamed request body failed, if it did: the error to answer with instead of a 502. */
  failure?: () => unknown;
}

function azureURL(account: ResolvedAccount, call: UpstreamCall, target: Target, search: string): string {
  const version = account.apiVersion;
  if (!version) throw new UpstreamError(502, 'upstream_misconfigured', `Provider account "${account.name}" has no api_version, which Azure OpenAI requires.`);
  const query = new URLSearchParams([['api-version', version], ...new URLSearchParams(search)]);
  if (call.path === '/embeddings') {
    if (target.model === undefined) throw new BadRequestError('missing_required_parameter', "Missing required parameter: 'model' (the Azure OpenAI deployment).", 'model');
    return `${account.baseURL}/openai/deployments/${encodeURIComponent(target.model)}/embeddings?${query}`;
  }
  if (call.path === '/responses' || call.path.startsWith('/responses/')) {
    if (!(version.endsWith('-preview') && version >= AZURE_RESPONSES_MIN_VERSION)) {
      throw new BadRequestError('unsupported_endpoint',
        `Provider account "${account.name}" uses Azure OpenAI api-version ${version}; the Responses API needs ${AZURE_RESPONSES_MIN_VERSION} or a later preview.`);
    }
    return `${account.baseURL}/openai${call.path}?${query}`;
  }
  throw new InternalError(`No Azure OpenAI route for ${call.path}.`);
}

export function upstreamURL(target: Target, call: UpstreamCall, search: string): string {
  const { account } = target;
  if (account.provider === 'azure-openai') return azureURL(account, call, target, search);
  return `${account.baseURL}${call.path}${search}`;
}

function authHeaders(account: ResolvedAccount): Record<string, string> {
  return account.provider === 'azure-openai' ? { 'api-key': account.apiKey } : { authorization: `Bearer ${account.apiKey}` };
}

async function upstreamError(account: ResolvedAccount, upstream: Response): Promise<GatewayError> {
  if (account.provider === 'azure-openai') return parseAzureError(upstream.status, await upstream.text().catch(() => ''), upstream.headers, account.name);
  if (account.provider === 'cohere') return parseCohereError(upstream.status, await upstream.text().catch(() => ''), upstream.headers, { account });
  return relayUpstreamError(upstream, account.name);
}

/** Call the target's upstream; a non-2xx answer is thrown as the gateway's envelope error. */
export async function callUpstream(ctx: GatewayContext, request: Request, target: Target, call: UpstreamCall): Promise<Response> {
  const { account } = target;
  const search = call.search ?? new URL(request.url).search;
  const url = upstreamURL(target, call, search);
  const headers: Record<string, string> = { ...authHeaders(account), 'x-request-id': ctx.requestId };
  const accept = request.headers.get('accept');
  if (accept) headers.accept = accept;
  const beta = request.headers.get('openai-beta');
  if (beta) headers['openai-beta'] = beta;
  let body: BodyInit | undefined;
  if (call.jsonText !== undefined) {
    headers['content-type'] = 'application/json';
    body = call.jsonText;
  } else if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.body) {
    if (call.contentType) headers['content-type'] = call.contentType;
    body = call.body;
  }
  const failed = () => call.failure?.();
  let upstream: Response;
  try {
    upstream = await upstreamFetch(ctx)(url, {
      method: call.method, headers, signal: request.signal,
      ...(body === undefined ? {} : { body }),
      ...(body instanceof ReadableStream ? { duplex: 'half' } as RequestInit : {}),
    });
  } catch (error) {
    if (failed()) throw failed();
    if (request.signal.aborted) throw error;
    throw new UpstreamError(502, 'upstream_unreachable', `The upstream provider account "${account.name}" could not be reached.`);
  }
  if (failed()) {
    await upstream.body?.cancel().catch(() => {});
    throw failed();
  }
  if (!upstream.ok) throw await upstreamError(account, upstream);
  return upstream;
}

export interface RelayOptions {
  /** Usage from a JSON answer (its parsed body). */
  usage?: (json: unknown) => Usage | undefined;
  /** Watch an event-stream answer: usage from its events, and which event ends it. */
  sse?: Omit<SseTap, 'accountName' | 'signal' | 'onUsage'>;
  /** The answer is a stream even when not an event stream (speech audio). */
  streamed?: boolean;
}

const PASSED_HEADERS = ['content-type', 'content-disposition'];

/** The upstream's answer, passed through: status, content type and bytes unchanged. */
export async function relayAnswer(ctx: GatewayContext, request: Request, target: Target, upstream: Response, options: RelayOptions = {}): Promise<Response> {
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  const upstreamId = upstream.headers.get('x-request-id');
  if (upstreamId) headers.set('x-upstream-request-id', upstreamId);
  const type = upstream.headers.get('content-type') ?? '';
  const { exchange } = ctx;
  if (/^application\/(?:[\w.+-]+\+)?json\b/i.test(type) || !upstream.body) {
    // JSON answers are small and complete: read them for the usage, pass the same bytes on.
    const bytes = new Uint8Array(await upstream.arrayBuffer());
    if (options.usage && bytes.byteLength) {
      let json: unknown;
      try { json = JSON.parse(new TextDecoder().decode(bytes)); } catch { json = undefined; }
      const usage = json === undefined ? undefined : options.usage(json);
      if (usage) exchange.addUsage(usage);
    }
    return bytes.byteLength ? bufferedResponse(bytes, { status: upstream.status, headers }) : new Response(null, { status: upstream.status, headers });
  }
  if (/^text\/event-stream\b/i.test(type)) {
    exchange.stream = true;
    headers.set('cache-control', 'no-cache');
    const body = tapSse(upstream.body, { ...options.sse, accountName: target.account.name, signal: request.signal, onUsage: (u) => exchange.addUsage(u) });
    return new Response(body, { status: upstream.status, headers });
  }
  if (options.streamed) exchange.stream = true;
  return new Response(upstream.body, { status: upstream.status, headers });
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Usage of a Responses API `usage` object (input/output tokens, cached and reasoning details). */
export function responsesUsage(usage: unknown): Usage | undefined {
  if (!isRecord(usage)) return undefined;
  const inDetails = isRecord(usage.input_tokens_details) ? usage.input_tokens_details : {};
  const outDetails = isRecord(usage.output_tokens_details) ? usage.output_tokens_details : {};
  return {
    inputTokens: num(usage.input_tokens) ?? 0,
    outputTokens: num(usage.output_tokens) ?? 0,
    cachedTokens: num(inDetails.cached_tokens) ?? 0,
    reasoningTokens: num(outDetails.reasoning_tokens) ?? 0,
  };
}

/** Usage of an audio transcription/translation answer: seconds (whisper) or tokens (gpt-4o-*-transcribe). */
export function audioUsage(json: unknown): Usage | undefined {
  if (!isRecord(json)) return undefined;
  const usage = json.usage;
  if (isRecord(usage) && usage.type === 'duration' && num(usage.seconds) !== undefined) return { audioSeconds: num(usage.seconds)! };
  if (isRecord(usage) && usage.type === 'tokens') return { inputTokens: num(usage.input_tokens) ?? 0, outputTokens: num(usage.output_tokens) ?? 0 };
  if (num(json.duration) !== undefined) return { audioSeconds: num(json.duration)! };
  return undefined;
}
