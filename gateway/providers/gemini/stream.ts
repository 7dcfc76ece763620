/**
 * Gemini `streamGenerateContent?alt=sse` → OpenAI `chat.completion.chunk`s, event to event. Each SSE
 * event is a partial GenerateContentResponse: its text parts are new text (not cumulative), thought
 * parts reasoning, functionCall parts whole calls (sent as an opening delta and one arguments delta).
 * A candidate's finishReason closes its choice; usageMetadata (repeated, cumulative) is kept for the
 * usage chunk at the end. An `{"error": ...}` event, or an end before every candidate finished, throws.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatChunk, ChatContext, ChatStreamTranslator, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { mapGoogleError, type GoogleError } from './errors.ts';
import { finishReasonOf, usageFromGemini, type GeminiUsageMetadata, type OpenAIFinishReason } from './mappings.ts';
import { isRecord } from './messages.ts';
import { candidateIndex, candidatesOf, isTextPart, isThoughtPart, isToolCallPart, partsOf, toolCallOf, type GeminiCandidate, type GeminiResponse } from './response.ts';

interface ChoiceState {
  /** Tool calls opened so far: the next call's index. */
  toolCalls: number;
  finished: boolean;
}

export class GeminiStreamTranslator implements ChatStreamTranslator {
  readonly #choices = new Map<number, ChoiceState>();
  #usage: GeminiUsageMetadata | undefined;

  constructor(private readonly ctx: ChatContext) {}

  #chunk(choices: unknown[], extra: Record<string, unknown> = {}): ChatChunk {
    const { completionId: id, created, model } = this.ctx;
    return { id, object: 'chat.completion.chunk', created, model, choices, ...extra };
  }

  #delta(index: number, delta: Record<string, unknown>, finish: OpenAIFinishReason | null = null): ChatChunk {
    return this.#chunk([{ index, delta, finish_reason: finish, logprobs: null }]);
  }

  #fail(code: string, message: string): UpstreamStreamError {
    return new UpstreamStreamError(new UpstreamError(502, code, `Upstream "${this.ctx.account.name}" ${message}`));
  }

  /** The state of a choice, opening it (role chunk) the first time it appears. */
  #open(index: number, out: ChatChunk[]): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) {
      state = { toolCalls: 0, finished: false };
      this.#choices.set(index, state);
      out.push(this.#delta(index, { role: 'assistant', content: '' }));
    }
    return state;
  }

  #candidate(candidate: GeminiCandidate, index: number, out: ChatChunk[]): void {
    const state = this.#open(index, out);
    for (const part of partsOf(candidate)) {
      if (isToolCallPart(part)) {
        if (state.finished) throw this.#fail('upstream_stream_error', `sent a function call for candidate ${index} after its finishReason.`);
        const call = toolCallOf(part);
        const at = state.toolCalls++;
        const open = { index: at, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' }, ...(call.extra_content ? { extra_content: call.extra_content } : {}) };
        out.push(this.#delta(index, { tool_calls: [open] }));
        out.push(this.#delta(index, { tool_calls: [{ index: at, function: { arguments: call.function.arguments } }] }));
      } else if ((isTextPart(part) || isThoughtPart(part)) && part.text) {
        if (state.finished) throw this.#fail('upstream_stream_error', `sent text for candidate ${index} after its finishReason.`);
        out.push(this.#delta(index, isThoughtPart(part) ? { reasoning_content: part.text } : { content: part.text }));
      }
    }
    if (typeof candidate.finishReason === 'string' && candidate.finishReason && !state.finished) {
      state.finished = true;
      out.push(this.#delta(index, {}, finishReasonOf(candidate.finishReason, state.toolCalls > 0)));
    }
  }

  push(frame: UpstreamFrame): ChatChunk[] {
    if (frame.kind !== 'sse') throw this.#fail('upstream_invalid_response', 'sent a frame that is not a server-sent event.');
    if (!frame.data.trim()) return [];
    let json: unknown;
    try { json = JSON.parse(frame.data); } catch {
      throw this.#fail('upstream_invalid_response', 'sent a stream event that is not JSON.');
    }
    if (isRecord(json) && isRecord(json.error)) {
      const error = json.error as GoogleError;
      throw new UpstreamStreamError(mapGoogleError(Number.isInteger(error.code) ? error.code! : 500, error, undefined, this.ctx.account.name));
    }
    if (!isRecord(json)) throw this.#fail('upstream_invalid_response', 'sent a stream event that is not a GenerateContentResponse.');
    const response = json as GeminiResponse;
    if (isRecord(response.usageMetadata)) this.#usage = response.usageMetadata;
    const out: ChatChunk[] = [];
    const candidates = candidatesOf(response);
    candidates.forEach((candidate, position) => this.#candidate(candidate, candidateIndex(candidate, position), out));
    if (candidates.length === 0 && response.promptFeedback?.blockReason) {
      // The prompt itself was blocked: no candidate will come.
      const state = this.#open(0, out);
      if (!state.finished) {
        state.finished = true;
        out.push(this.#delta(0, {}, 'content_filter'));
      }
    }
    return out;
  }

  end(): ChatChunk[] {
    if (this.#choices.size === 0) throw this.#fail('upstream_stream_truncated', 'ended the stream before any candidate.');
    const open = [...this.#choices].filter(([, state]) => !state.finished).map(([index]) => index);
    if (open.length) throw this.#fail('upstream_stream_truncated', `ended the stream before the finishReason of candidate ${open.join(', ')}.`);
    return this.ctx.includeUsage ? [this.#chunk([], { usage: usageFromGemini(this.#usage) })] : [];
  }
}
