/**
 * The four Bedrock Runtime inference operations, each `POST /model/{modelId}/<operation>`:
 * `converse`, `converse-stream`, `invoke`, `invoke-with-response-stream`. Every one resolves the model,
 * reads the body in its format (Converse; Anthropic's or Nova's native body for InvokeModel — other
 * model families' native bodies are not simulated and are refused with a ValidationException that says
 * so), lays the prompt out (input too long → refused), applies the prompt cache, plans the answer from
 * the conversation's hash (answerHash) and renders it as JSON or as an event stream.
 */
import { requestHash } from '../determinism.ts';
import type { JournalEntry } from '../journal.ts';
import { parseAnthropicRequest } from './anthropic-request.ts';
import { converseResponseBody, converseStreamEvents, padded, paddingSource } from './converse-render.ts';
import { parseConverseRequest } from './converse-request.ts';
import type { Conversation } from './conversation.ts';
import { BedrockError, errors } from './errors.ts';
import type { CapabilityGate } from './features.ts';
import { resolveModel, type BedrockModel } from './models.ts';
import { anthropicBody, anthropicStreamEvents, invocationMetrics, novaBody, novaStreamEvents } from './native-render.ts';
import { parseNovaRequest } from './nova-request.ts';
import { planAnswer, type AnswerPlan, type IdStyle } from './plan.ts';
import type { PromptCache } from './prompt-cache.ts';
import { chunkFrames, eventFrames, eventStreamResponse } from './stream-body.ts';
import { promptLayout } from './tokens.ts';

export type Operation = 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream';
export const OPERATIONS: readonly Operation[] = ['converse', 'converse-stream', 'invoke', 'invoke-with-response-stream'];

export interface BedrockSim {
  region: string;
  chunkDelayMs: number;
  cache: PromptCache;
  gate: CapabilityGate;
  streamPadding: boolean;
}

export interface OperationRequest {
  operation: Operation;
  /** The model id from the path, URL-decoded. */
  modelId: string;
  text: string;
  entry: JournalEntry;
  requestId: string;
}

function parseJson(text: string): unknown {
  try { return text ? JSON.parse(text) : {}; } catch { return undefined; }
}

/**
 * The seed of the answer: the model and what it reads, not how the answer is cut — so a stop sequence
 * or a smaller budget truncates the same text, and equivalent Converse and native bodies agree.
 */
export function answerHash(conv: Conversation, model: BedrockModel): string {
  const { maxTokens: _maxTokens, stopSequences: _stops, ...content } = conv;
  return requestHash('bedrock-answer', [model.id, content]);
}

/** Usage, cache and the plan for a parsed conversation, or "input too long". */
function answer(sim: BedrockSim, conv: Conversation, model: BedrockModel, style: IdStyle): AnswerPlan | BedrockError {
  const hash = answerHash(conv, model);
  const layout = promptLayout(conv, model.id);
  if (layout.total > model.contextWindow) return errors.validation('Input is too long for requested model.');
  const cache = sim.cache.use(layout, model.cacheMinTokens);
  return planAnswer(conv, model, hash, cache, style);
}

export function runOperation(sim: BedrockSim, req: OperationRequest): Response {
  const fail = (error: BedrockError) => error.toResponse(req.requestId);
  const resolved = resolveModel(req.modelId, sim.region);
  if (resolved instanceof BedrockError) return fail(resolved);
  const { model } = resolved;
  const stream = req.operation === 'converse-stream' || req.operation === 'invoke-with-response-stream';
  const body = parseJson(req.text);
  const hash = requestHash('bedrock', [model.id, body ?? req.text]);
  const streamOptions = { chunkDelayMs: sim.chunkDelayMs, entry: req.entry };
  const baseHeaders = { 'x-amzn-requestid': req.requestId };

  if (req.operation === 'converse' || req.operation === 'converse-stream') {
    if (body === undefined) return fail(errors.serialization('Could not parse request body into json: Unexpected character. Please check the request body.'));
    const parsed = parseConverseRequest(body, model, stream, sim.gate);
    if (parsed instanceof BedrockError) return fail(parsed);
    const plan = answer(sim, parsed.conversation, model, 'converse');
    if (plan instanceof BedrockError) return fail(plan);
    if (!stream) {
      return new Response(JSON.stringify(converseResponseBody(plan, parsed)), { headers: { 'content-type': 'application/json', ...baseHeaders } });
    }
    const events = converseStreamEvents(plan, parsed);
    return eventStreamResponse(eventFrames(sim.streamPadding ? padded(events, hash) : events), baseHeaders, streamOptions);
  }

  if (body === undefined) return fail(errors.validation('Malformed input request, please reformat your input and try again.'));
  let plan: AnswerPlan | BedrockError;
  let nativeBody: () => unknown;
  let nativeEvents: () => unknown[];
  if (model.family === 'anthropic') {
    const parsed = parseAnthropicRequest(body, model, stream, sim.gate);
    if (parsed instanceof BedrockError) return fail(parsed);
    plan = answer(sim, parsed.conversation, model, 'anthropic');
    nativeBody = () => anthropicBody(plan as AnswerPlan, model, hash);
    nativeEvents = () => anthropicStreamEvents(plan as AnswerPlan, model, hash);
  } else if (model.family === 'nova') {
    const parsed = parseNovaRequest(body, model, stream, sim.gate);
    if (parsed instanceof BedrockError) return fail(parsed);
    plan = answer(sim, parsed.conversation, model, 'converse');
    nativeBody = () => novaBody(plan as AnswerPlan);
    nativeEvents = () => novaStreamEvents(plan as AnswerPlan);
  } else {
    return fail(errors.validation(`Touchstone simulator: the native InvokeModel body of ${model.family} models (${model.id}) is not simulated; `
      + 'Anthropic and Amazon Nova models are. Use Converse for this model.'));
  }
  if (plan instanceof BedrockError) return fail(plan);
  if (stream) {
    const frames = chunkFrames(nativeEvents(), sim.streamPadding ? paddingSource(hash) : undefined);
    return eventStreamResponse(frames, { ...baseHeaders, 'x-amzn-bedrock-content-type': 'application/json' }, streamOptions);
  }
  const metrics = invocationMetrics(plan);
  return new Response(JSON.stringify(nativeBody()), {
    headers: {
      'content-type': 'application/json', ...baseHeaders,
      'x-amzn-bedrock-invocation-latency': String(metrics.invocationLatency),
      'x-amzn-bedrock-input-token-count': String(plan.usage.inputTokens),
      'x-amzn-bedrock-output-token-count': String(plan.usage.outputTokens),
      ...(plan.usage.cacheReadInputTokens || plan.usage.cacheWriteInputTokens ? {
        'x-amzn-bedrock-cache-read-input-token-count': String(plan.usage.cacheReadInputTokens),
        'x-amzn-bedrock-cache-write-input-token-count': String(plan.usage.cacheWriteInputTokens),
      } : {}),
    },
  });
}
