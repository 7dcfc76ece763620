/**
 * Cohere's typed chat stream → OpenAI `chat.completion.chunk`s, one upstream event at a time through an
 * explicit state object (nothing is buffered beyond the current event):
 *   message-start          → the role chunk {role: "assistant", content: ""}
 *   content-start/-delta   → content deltas (text) or reasoning_content deltas (thinking)
 *   tool-plan-delta        → content deltas (the plan is the text beside tool calls, as in response.ts)
 *   tool-call-start        → the call's first delta: index, id, type, function {name, arguments: ""}
 *   tool-call-delta        → {index, function: {arguments}} (empty fragments are not sent)
 *   message-end            → the one finish chunk, then the usage chunk when include_usage was asked
 * content-end, tool-call-end, citation-* and debug carry nothing to translate. An error payload, a
 * message-end with an error or finish_reason ERROR/TIMEOUT, or a malformed event throws
 * UpstreamStreamError; a stream that ends before message-end throws from end().
 */
import type { GatewayError } from '../../errors.ts';
import type { ChatChunk, ChatContext, ChatStreamTranslator, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { errorMessage, generationFailure, parseCohereError } from './errors.ts';
import { finishReasonFor, translateUsage } from './mappings.ts';
import type { CohereStreamEvent } from './wire.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export class CohereStreamTranslator implements ChatStreamTranslator {
  readonly #ctx: ChatContext;
  #started = false;
  #finished = false;
  /** Content block index → its kind, from content-start. */
  readonly #blocks = new Map<number, 'text' | 'thinking'>();
  /** Cohere tool call index → OpenAI tool call index (0, 1, 2 … in order of appearance). */
  readonly #toolIndex = new Map<number, number>();

  constructor(ctx: ChatContext) {
    this.#ctx = ctx;
  }

  push(frame: UpstreamFrame): ChatChunk[] {
    if (frame.kind !== 'sse') throw this.#failure('sent a frame that is not a server-sent event');
    const data = frame.data.trim();
    if (data === '' || data === '[DONE]') return [];
    let event: CohereStreamEvent;
    try {
      const parsed = JSON.parse(data) as unknown;
      if (!isObject(parsed)) throw new Error('not an object');
      event = parsed as CohereStreamEvent;
    } catch {
      throw this.#failure(`sent a malformed stream event: ${data.slice(0, 120)}`);
    }
    const type = typeof event.type === 'string' ? event.type : frame.event;
    if (frame.event === 'error' || type === 'error' || (type === undefined && (event.message !== undefined || (event as Json).error !== undefined))) {
      throw new UpstreamStreamError(this.#streamError(data));
    }
    if (this.#finished) return [];
    switch (type) {
      case 'message-start': return this.#start();
      case 'content-start': return this.#contentStart(event);
      case 'content-delta': return this.#contentDelta(event);
      case 'tool-plan-delta': return this.#text('content', event.delta?.message?.tool_plan);
      case 'tool-call-start': return this.#toolCallStart(event);
      case 'tool-call-delta': return this.#toolCallDelta(event);
      case 'message-end': return this.#messageEnd(event);
      default: return []; // content-end, tool-call-end, citation-*, debug, and types added later: nothing to translate
    }
  }

  end(): ChatChunk[] {
    if (!this.#finished) throw this.#failure('ended the stream before its message-end event');
    return [];
  }

  #chunk(delta: Json, finishReason: string | null = null): ChatChunk {
    const { completionId, created, model } = this.#ctx;
    return { id: completionId, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
  }

  #start(): ChatChunk[] {
    if (this.#started) return [];
    this.#started = true;
    return [this.#chunk({ role: 'assistant', content: '' })];
  }

  #text(field: 'content' | 'reasoning_content', fragment: unknown): ChatChunk[] {
    const out = this.#start();
    if (typeof fragment === 'string' && fragment !== '') out.push(this.#chunk({ [field]: fragment }));
    return out;
  }

  #contentStart(event: CohereStreamEvent): ChatChunk[] {
    const content = event.delta?.message?.content;
    const kind = isObject(content) && content.type === 'thinking' ? 'thinking' : 'text';
    if (typeof event.index === 'number') this.#blocks.set(event.index, kind);
    const initial = isObject(content) ? (kind === 'thinking' ? content.thinking : content.text) : undefined;
    return this.#text(kind === 'thinking' ? 'reasoning_content' : 'content', initial);
  }

  #contentDelta(event: CohereStreamEvent): ChatChunk[] {
    const content = event.delta?.message?.content;
    if (!isObject(content)) return this.#start();
    if (typeof content.thinking === 'string') return this.#text('reasoning_content', content.thinking);
    if (typeof content.text === 'string') {
      const kind = typeof event.index === 'number' ? this.#blocks.get(event.index) : undefined;
      return this.#text(kind === 'thinking' ? 'reasoning_content' : 'content', content.text);
    }
    return this.#start();
  }

  #toolCallStart(event: CohereStreamEvent): ChatChunk[] {
    const out = this.#start();
    const call = event.delta?.message?.tool_calls;
    const cohereIndex = typeof event.index === 'number' ? event.index : this.#toolIndex.size;
    if (this.#toolIndex.has(cohereIndex)) throw this.#failure(`started tool call ${cohereIndex} twice`);
    const index = this.#toolIndex.size;
    this.#toolIndex.set(cohereIndex, index);
    const id = typeof call?.id === 'string' && call.id ? call.id : `call_${this.#ctx.completionId.slice(-12)}_${index}`;
    const name = typeof call?.function?.name === 'string' ? call.function.name : '';
    out.push(this.#chunk({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] }));
    const initial = call?.function?.arguments;
    if (typeof initial === 'string' && initial !== '') out.push(this.#chunk({ tool_calls: [{ index, function: { arguments: initial } }] }));
    return out;
  }

  #toolCallDelta(event: CohereStreamEvent): ChatChunk[] {
    const cohereIndex = typeof event.index === 'number' ? event.index : [...this.#toolIndex.keys()].pop();
    const index = cohereIndex === undefined ? undefined : this.#toolIndex.get(cohereIndex);
    if (index === undefined) throw this.#failure(`sent arguments for tool call ${String(event.index)} that never started`);
    const fragment = event.delta?.message?.tool_calls?.function?.arguments;
    if (typeof fragment !== 'string' || fragment === '') return [];
    return [this.#chunk({ tool_calls: [{ index, function: { arguments: fragment } }] })];
  }

  #messageEnd(event: CohereStreamEvent): ChatChunk[] {
    const delta = event.delta ?? {};
    if (typeof delta.error === 'string' && delta.error) throw this.#failure(`reported an error mid-stream: ${delta.error}`);
    const finish = finishReasonFor(delta.finish_reason, this.#toolIndex.size > 0);
    if (typeof finish !== 'string') throw this.#failure(`reported that ${finish.description}`, finish.failure);
    const out = this.#start();
    this.#finished = true;
    out.push(this.#chunk({}, finish));
    if (this.#ctx.includeUsage) {
      const { completionId, created, model } = this.#ctx;
      out.push({ id: completionId, object: 'chat.completion.chunk', created, model, choices: [], usage: translateUsage(delta.usage) });
    }
    return out;
  }

  /** An error payload in the stream: Cohere's {message} body, mapped like an error answer when it names a status. */
  #streamError(data: string): GatewayError {
    let status: number | undefined;
    try {
      const body = JSON.parse(data) as Json;
      const candidate = body.status ?? body.status_code ?? body.code ?? (isObject(body.error) ? body.error.status ?? body.error.code : undefined);
      if (typeof candidate === 'number' && candidate >= 400 && candidate < 600) status = candidate;
    } catch { /* handled by the caller */ }
    if (status !== undefined) return parseCohereError(status, data, new Headers(), this.#ctx);
    return generationFailure(this.#ctx, 'upstream_stream_error', `reported an error mid-stream: ${errorMessage(data, 200)}`);
  }

  #failure(message: string, code: 'upstream_error' | 'upstream_timeout' | 'upstream_stream_error' = 'upstream_stream_error'): UpstreamStreamError {
    return new UpstreamStreamError(generationFailure(this.#ctx, code, message));
  }
}
