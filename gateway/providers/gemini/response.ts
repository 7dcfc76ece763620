/**
 * Gemini `GenerateContentResponse` → OpenAI `chat.completion`. One choice per candidate: text parts
 * become content, thought parts `reasoning_content`, functionCall parts tool calls (with the thought
 * signature as `extra_content.google.thought_signature`, Google's own OpenAI-compatibility convention).
 * A prompt blocked before any candidate is one empty choice finished by content_filter.
 */
import { randomBytes } from 'node:crypto';
import { UpstreamError } from '../../errors.ts';
import type { ChatCompletion, ChatContext } from '../types.ts';
import { finishReasonOf, usageFromGemini, type GeminiUsageMetadata } from './mappings.ts';
import { isRecord, type GeminiPart } from './messages.ts';

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  index?: number;
}
export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
}

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: { google: { thought_signature: string } };
}

/** The candidates of a response (records only). */
export function candidatesOf(response: GeminiResponse): GeminiCandidate[] {
  return Array.isArray(response.candidates) ? response.candidates.filter((c): c is GeminiCandidate => isRecord(c)) : [];
}

/** A candidate's choice index: its own, else its position (Vertex omits index 0). */
export const candidateIndex = (candidate: GeminiCandidate, position: number): number =>
  typeof candidate.index === 'number' && Number.isInteger(candidate.index) && candidate.index >= 0 ? candidate.index : position;

export const newToolCallId = (): string => `call_${randomBytes(12).toString('base64url')}`;

/** One functionCall part as an OpenAI tool call (Gemini's call id when it sent one). */
export function toolCallOf(part: GeminiPart): OpenAIToolCall {
  const call = part.functionCall!;
  return {
    id: typeof call.id === 'string' && call.id ? call.id : newToolCallId(),
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
    ...(typeof part.thoughtSignature === 'string' ? { extra_content: { google: { thought_signature: part.thoughtSignature } } } : {}),
  };
}

/** The parts of a candidate, each classified. */
export function partsOf(candidate: GeminiCandidate): GeminiPart[] {
  const parts = candidate.content?.parts;
  return Array.isArray(parts) ? parts.filter(isRecord) : [];
}

export const isToolCallPart = (part: GeminiPart) => isRecord(part.functionCall) && typeof part.functionCall.name === 'string';
export const isThoughtPart = (part: GeminiPart) => part.thought === true && typeof part.text === 'string';
export const isTextPart = (part: GeminiPart) => part.thought !== true && typeof part.text === 'string';

function choiceOf(candidate: GeminiCandidate, position: number) {
  const parts = partsOf(candidate);
  const toolCalls = parts.filter(isToolCallPart).map(toolCallOf);
  const texts = parts.filter(isTextPart).map((p) => p.text!);
  const thoughts = parts.filter(isThoughtPart).map((p) => p.text!);
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: texts.length ? texts.join('') : toolCalls.length ? null : '',
    refusal: null,
  };
  if (thoughts.length) message.reasoning_content = thoughts.join('');
  if (toolCalls.length) message.tool_calls = toolCalls;
  return {
    index: candidateIndex(candidate, position),
    message,
    finish_reason: finishReasonOf(candidate.finishReason ?? 'STOP', toolCalls.length > 0),
    logprobs: null,
  };
}

export function translateResponse(json: unknown, ctx: ChatContext): ChatCompletion {
  if (!isRecord(json)) throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" answered with a body that is not a GenerateContentResponse.`);
  const response = json as GeminiResponse;
  const candidates = candidatesOf(response);
  const choices = candidates.length
    ? candidates.map(choiceOf).sort((a, b) => a.index - b.index)
    : response.promptFeedback?.blockReason
      ? [{ index: 0, message: { role: 'assistant', content: null, refusal: null }, finish_reason: 'content_filter', logprobs: null }]
      : undefined;
  if (!choices) throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" answered without candidates.`);
  return {
    id: ctx.completionId,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices,
    usage: usageFromGemini(response.usageMetadata),
    system_fingerprint: null,
  };
}
