/**
 * The Messages API once, for every place it is served (api.anthropic.com's `/v1/messages` and
 * `/v1/messages/count_tokens`, Vertex AI's `:rawPredict` / `:streamRawPredict` / `count-tokens:rawPredict`):
 * size limit (413), JSON parsing, validation (validate.ts), the prompt laid out as segments (tokens.ts),
 * breakpoint rules and the context window, then either the token count or a planned answer — usage from
 * the instance's prompt cache, output from the request hash — rendered as a Message or an event stream.
 * Errors are thrown as `AnthropicError` and rendered here with the caller's headers.
 */
import { requestHash } from '../determinism.ts';
import type { JournalEntry } from '../journal.ts';
import type { Offers } from './capabilities.ts';
import { AnthropicError, errors, invalid } from './errors.ts';
import { planOutput } from './generate.ts';
import { rateLimitHeaders } from './headers.ts';
import type { ClaudeModel } from './models.ts';
import { checkBreakpoints, uncachedUsage, type PromptCache } from './prompt-cache.ts';
import type { ApiVersion, Json, MessagesRequest, Platform } from './request.ts';
import { messageResponse } from './response.ts';
import { streamMessage } from './stream.ts';
import { promptSegments, promptTokens } from './tokens.ts';
import { validateRequest, type Endpoint } from './validate.ts';

/** Largest request body the Messages and token-counting endpoints accept (errors docs). */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** Per-instance state the Messages logic uses. */
export interface MessagesState {
  now: () => number;
  chunkDelayMs: number;
  cache: PromptCache;
  offers: Offers;
}

/** One call: where it arrived and what it carries. */
export interface MessagesCall {
  endpoint: Endpoint;
  platform: Platform;
  version: ApiVersion;
  betas: ReadonlySet<string>;
  text: string;
  byteLength: number;
  /** Vertex AI: the model the URL names. */
  urlModel?: ClaudeModel;
  /** How the body's `model` is looked up (Vertex AI's count-tokens takes Vertex model ids). */
  findModel?: (name: string) => ClaudeModel | undefined;
  /** Headers every answer carries (request-id, …), errors included. */
  headers: Record<string, string>;
  /** The journal entry, to record when a stream was fully delivered or cancelled. */
  entry?: JournalEntry;
}

function parse(call: MessagesCall): unknown {
  if (call.byteLength > MAX_REQUEST_BYTES) throw errors.tooLarge();
  try { return JSON.parse(call.text) as unknown; } catch { throw errors.unparsableJson(); }
}

/** The request as hashed for ids (all but `stream`) and for content (also without the output cuts). */
function hashInputs(req: MessagesRequest): { ids: Json; content: Json } {
  const { stream: _stream, ...ids } = req.body;
  const { max_tokens: _max, stop_sequences: _stop, ...content } = ids;
  return { ids, content };
}

/** Answer a Messages or count_tokens call; AnthropicErrors become the API's error responses. */
export function answerMessages(state: MessagesState, call: MessagesCall): Response {
  try {
    return answer(state, call);
  } catch (error) {
    if (error instanceof AnthropicError) return error.toResponse(call.headers);
    throw error;
  }
}

function answer(state: MessagesState, call: MessagesCall): Response {
  const req = validateRequest(parse(call), {
    endpoint: call.endpoint, platform: call.platform, version: call.version, betas: call.betas, offers: state.offers,
    ...(call.urlModel ? { urlModel: call.urlModel } : {}),
    ...(call.findModel ? { findModel: call.findModel } : {}),
  });
  const segments = promptSegments(req);
  checkBreakpoints(segments);
  const total = promptTokens(segments);
  if (total > req.limits.contextWindow) throw invalid(`prompt is too long: ${total} tokens > ${req.limits.contextWindow} maximum`);
  const json = { 'content-type': 'application/json', ...call.headers };
  if (call.endpoint === 'count_tokens') return new Response(JSON.stringify({ input_tokens: total }), { status: 200, headers: json });

  const inputs = hashInputs(req);
  const hash = requestHash(`anthropic.messages:${call.platform}`, inputs.ids);
  const hashes = { ids: hash, content: requestHash(`anthropic.content:${call.platform}`, inputs.content) };
  const cached = segments.some((s) => s.breakpoint) && state.offers('prompt_caching');
  const usage = cached ? state.cache.apply(req.model.id, segments, req.model.minCacheTokens) : uncachedUsage(segments);
  const rendered = { plan: planOutput(req, hashes), usage, model: req.model.id };
  const headers = call.platform === 'anthropic'
    ? { ...call.headers, ...rateLimitHeaders(state.now(), total, req.maxTokens ?? 0) }
    : call.headers;
  if (!req.stream) return messageResponse(rendered, headers);
  const entry = call.entry;
  const body = streamMessage(rendered, {
    hash, chunkDelayMs: state.chunkDelayMs,
    onEnd: (aborted) => { if (!entry) return; if (aborted) entry.aborted = true; else entry.completed = true; },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers } });
}
