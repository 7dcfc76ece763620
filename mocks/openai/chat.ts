/**
 * POST /v1/chat/completions: parse and validate the body, plan the completion (ids, choices, usage)
 * from the request hash, and answer either OpenAI's JSON object (pretty-printed with 2 spaces and a
 * trailing newline, as api.openai.com sends it) or the SSE stream from stream.ts.
 * `usage.prompt_tokens_details.cached_tokens` comes from the instance's prompt cache (prompt-cache.ts):
 * the only part of an answer that depends on earlier requests, as on the live API.
 */
import { requestHash, Rng } from '../determinism.ts';
import type { JournalEntry } from '../journal.ts';
import { errors, OpenAIError } from './errors.ts';
import { planChoices, predictionTokens, type ChoicePlan } from './generate.ts';
import { baseHeaders, rateLimitHeaders } from './headers.ts';
import { PromptCache } from './prompt-cache.ts';
import { streamCompletion } from './stream.ts';
import { promptTokenSequence } from './tokens.ts';
import { validateChatRequest, type ChatRequest } from './validate.ts';
import { answerResponse, jsonResponse, type OpenAIRoute, type OpenAISim, type PlainAnswer } from './routes.ts';

export const CHAT_ROUTE = 'POST /v1/chat/completions';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number;
  };
}

export interface CompletionPlan {
  id: string;
  created: number;
  model: string;
  serviceTier: string;
  systemFingerprint: string | null;
  choices: ChoicePlan[];
  usage: Usage;
}

export interface ChatContext {
  now: () => number;
  organization: string;
  project: string;
  chunkDelayMs: number;
  entry: JournalEntry;
  /** Fine-tuned models: id → base model id. */
  customModels?: ReadonlyMap<string, string>;
  /** The instance's prompt cache; without one nothing is ever cached. */
  promptCache?: PromptCache;
}

/** The prompt as the model sees it (its length is `prompt_tokens`). */
export function promptTokensOf(req: ChatRequest): string[] {
  return promptTokenSequence({
    messages: req.messages,
    tools: req.body.tools,
    functions: req.body.functions,
    ...(req.responseFormat.type === 'json_schema' ? { responseSchema: req.responseFormat.schema } : {}),
    images: req.model.images,
  });
}

export function planCompletion(req: ChatRequest, hash: string, created: number, cachedTokens = 0, prompt = promptTokensOf(req)): CompletionPlan {
  const choices = planChoices(req, hash);
  const promptTokens = prompt.length;
  const reasoning = choices.reduce((n, c) => n + c.reasoningTokens, 0);
  const rejected = predictionTokens(req.body.prediction);
  const completion = choices.reduce((n, c) => n + c.outputTokens, 0) + reasoning + rejected;
  return {
    id: `chatcmpl-${new Rng(hash, 'id').chars(29)}`,
    created,
    model: req.model.snapshot,
    serviceTier: req.serviceTier,
    systemFingerprint: req.model.fingerprint,
    choices,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completion,
      total_tokens: promptTokens + completion,
      prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: rejected,
      },
    },
  };
}

/** The `message` object of a non-streamed choice, keys in OpenAI's order. */
function renderMessage(choice: ChoicePlan): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: choice.content };
  if (choice.toolCalls.length) {
    message.tool_calls = choice.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  if (choice.functionCall) message.function_call = { name: choice.functionCall.name, arguments: choice.functionCall.arguments };
  message.refusal = null;
  message.annotations = [];
  return message;
}

export function renderCompletion(plan: CompletionPlan): Record<string, unknown> {
  return {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: plan.choices.map((c) => ({
      index: c.index,
      message: renderMessage(c),
      logprobs: c.logprobs ? { content: c.logprobs, refusal: null } : null,
      finish_reason: c.finishReason,
    })),
    usage: plan.usage,
    service_tier: plan.serviceTier,
    system_fingerprint: plan.systemFingerprint,
  };
}

/** A chat completion answered as JSON (or an error), or as the event stream `stream: true` asks for. */
export type ChatAnswer = PlainAnswer | { status: 200; headers: Record<string, string>; stream: ReadableStream<Uint8Array> };

export function handleChatCompletion(text: string, ctx: ChatContext): Response {
  const answer = chatCompletion(text, ctx);
  return 'stream' in answer ? new Response(answer.stream, { status: answer.status, headers: answer.headers }) : answerResponse(answer);
}

/** `parsed`: the caller's parse of `text` (as the journal reads bodies: the same value), to skip parsing again. */
export function chatCompletion(text: string, ctx: ChatContext, parsed?: { body: unknown }): ChatAnswer {
  let body: unknown;
  if (parsed) {
    body = parsed.body;
  } else {
    try {
      body = text.trim() ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
  }
  const hash = requestHash(CHAT_ROUTE, body === undefined ? { unparsable: text } : body);
  const headers = baseHeaders({ hash, organization: ctx.organization, project: ctx.project });
  ctx.entry.requestId = headers['x-request-id'];

  let req: ChatRequest;
  try {
    if (body === undefined) throw errors.unparsableJson();
    req = validateChatRequest(body, ctx.customModels ? { customModels: ctx.customModels } : {});
  } catch (error) {
    if (error instanceof OpenAIError) return error.toAnswer(headers);
    throw error;
  }

  const prompt = promptTokensOf(req);
  const cached = ctx.promptCache?.lookupAndStore({
    model: req.model.snapshot, promptCacheKey: req.promptCacheKey, retention: req.promptCacheRetention, tokens: prompt,
  }) ?? 0;
  const plan = planCompletion(req, hash, Math.floor(ctx.now() / 1000), cached, prompt);
  const estimate = plan.usage.prompt_tokens + (req.maxTokens ?? 0);
  // One spread per answer: a spread of a spread is many times slower (the copy leaves V8's fast objects).
  const limits = rateLimitHeaders(req.model, estimate);

  if (req.stream) {
    const stream = streamCompletion(plan, req, {
      hash,
      chunkDelayMs: ctx.chunkDelayMs,
      onEnd: (aborted) => { if (aborted) ctx.entry.aborted = true; else ctx.entry.completed = true; },
    });
    return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', ...headers, ...limits }, stream };
  }
  return { status: 200, headers: { 'content-type': 'application/json', ...headers, ...limits }, body: `${JSON.stringify(renderCompletion(plan), null, 2)}\n` };
}

export function chatRoutes(sim: OpenAISim): OpenAIRoute[] {
  const promptCache = new PromptCache(sim.now);
  const context = (entry: JournalEntry): ChatContext => ({
    now: sim.now, organization: sim.organization, project: sim.project, chunkDelayMs: sim.chunkDelayMs, entry,
    customModels: sim.customModels, promptCache,
  });
  return [
    {
      method: 'POST',
      path: '/v1/chat/completions',
      handle: (ctx) => handleChatCompletion(ctx.text, context(ctx.entry)),
      plain: (ctx) => {
        const answer = chatCompletion(ctx.text, context(ctx.entry), ctx);
        if ('stream' in answer) throw new Error('chat completions: a plain answer was asked for a request that streams');
        return answer;
      },
    },
    {
      // Listing stored completions: this simulator stores none.
      method: 'GET',
      path: '/v1/chat/completions',
      handle: (ctx) => jsonResponse({ object: 'list', data: [], first_id: null, last_id: null, has_more: false }, ctx.headers([ctx.method, ctx.path])),
    },
  ];
}
