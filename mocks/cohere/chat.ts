/**
 * POST /v2/chat: parse and validate (validate.ts), plan the turn from the request hash (generate.ts)
 * and answer with Cohere's JSON object — `{id, message: {role, content | tool_plan + tool_calls},
 * finish_reason, usage}` in that key order, compact — or the SSE stream of stream.ts. The turn is planned
 * from the request without `stream`, `max_tokens` and `stop_sequences`, so those only cut or frame
 * the same text (the headers' trace id still hashes the whole request).
 * `usage.cached_tokens` comes from the instance's prompt cache when the matrix says Cohere offers
 * prompt caching: the one part of an answer that depends on earlier requests (prompts ≥ 1024 tokens).
 */
import { requestHash } from '../determinism.ts';
import type { JournalEntry } from '../journal.ts';
import type { PromptCache } from '../openai/prompt-cache.ts';
import type { CapabilityCheck } from './capabilities.ts';
import { CohereApiError, cohereErrors, cohereUuid } from './errors.ts';
import { planTurn, promptTokens, type CohereTurnPlan } from './generate.ts';
import { streamChat } from './stream.ts';
import { validateChatRequest, type CohereChatRequest } from './validate.ts';

export const CHAT_ROUTE = 'POST /v2/chat';

/** Fields that shape delivery, not generation: a streamed, capped or stopped answer is a cut of the same text. */
const DELIVERY_FIELDS = ['stream', 'max_tokens', 'stop_sequences'];

function generationHash(body: Record<string, unknown>): string {
  return requestHash(CHAT_ROUTE, Object.fromEntries(Object.entries(body).filter(([k]) => !DELIVERY_FIELDS.includes(k))));
}

export interface ChatContext {
  offers: CapabilityCheck;
  chunkDelayMs: number;
  entry: JournalEntry;
  /** Present when prompt caching is simulated. */
  promptCache?: PromptCache;
  /** Cohere's response headers for a request hash. */
  headers: (hash: string) => Record<string, string>;
}

export function renderChatResponse(plan: CohereTurnPlan): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant' };
  const content: Record<string, unknown>[] = [];
  if (plan.thinking) content.push({ type: 'thinking', thinking: plan.thinking.join('') });
  if (plan.text) content.push({ type: 'text', text: plan.text.join('') });
  if (content.length || !plan.toolCalls.length) message.content = content;
  if (plan.toolPlan) message.tool_plan = plan.toolPlan.join('');
  if (plan.toolCalls.length) {
    message.tool_calls = plan.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  const body: Record<string, unknown> = { id: plan.id, message, finish_reason: plan.finishReason, usage: plan.usage };
  if (plan.logprobs) body.logprobs = plan.logprobs;
  return body;
}

export function handleChat(text: string, ctx: ChatContext): Response {
  let body: unknown;
  try { body = text.trim() ? JSON.parse(text) : undefined; } catch { body = undefined; }
  const hash = requestHash(CHAT_ROUTE, body === undefined ? { unparsable: text } : body);
  const headers = ctx.headers(hash);
  let req: CohereChatRequest;
  try {
    if (body === undefined) throw cohereErrors.invalidJson();
    req = validateChatRequest(body, ctx.offers);
  } catch (error) {
    if (error instanceof CohereApiError) return error.toResponse([CHAT_ROUTE, hash], headers);
    throw error;
  }
  const prompt = promptTokens(req);
  const cached = ctx.promptCache && ctx.offers('prompt_caching')
    ? ctx.promptCache.lookupAndStore({ model: req.model.id, promptCacheKey: null, retention: null, tokens: prompt })
    : null;
  const plan = { ...planTurn(req, generationHash(req.body), cached, prompt), id: cohereUuid(hash, 'id') };
  if (req.stream) {
    const stream = streamChat(plan, {
      chunkDelayMs: ctx.chunkDelayMs,
      onEnd: (aborted) => { if (aborted) ctx.entry.aborted = true; else ctx.entry.completed = true; },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream', ...headers } });
  }
  return new Response(JSON.stringify(renderChatResponse(plan)), { status: 200, headers: { 'content-type': 'application/json', ...headers } });
}
