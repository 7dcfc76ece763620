/**
 * Anthropic Messages SSE → OpenAI `chat.completion.chunk`s, event by event, through one state object.
 * The documented flow is message_start, then per content block content_block_start / _delta… / _stop,
 * then message_delta (stop_reason, cumulative usage) and message_stop; `ping` may come anywhere and an
 * `error` event may replace the rest. Chunks go out as the events arrive:
 *   message_start            → {role: "assistant", content: ""}
 *   text_delta               → {content}
 *   thinking_delta           → {reasoning_content}; the block's stop → {thinking_blocks: [{…, signature}]}
 *   redacted_thinking start  → {thinking_blocks: [{type: "redacted_thinking", data}]}
 *   tool_use start           → {tool_calls: [{index, id, type, function: {name, arguments: ""}}]}
 *   input_json_delta         → {tool_calls: [{index, function: {arguments}}]} (non-empty fragments only)
 *   message_stop             → {} with finish_reason, then the usage chunk when include_usage was asked
 * Each tool_use block gets the next OpenAI index (0, 1, 2 …) whatever its Anthropic block index.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatChunk, ChatContext, ChatStreamTranslator, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { isRecord, type Json } from './checks.ts';
import { streamErrorOf } from './errors.ts';
import { finishReasonOf, toOpenAIUsage, type AnthropicUsage } from './mappings.ts';
import { argumentsOf } from './response.ts';

type OpenBlock =
  | { kind: 'text' }
  | { kind: 'thinking'; text: string; signature: string }
  | { kind: 'tool'; index: number; startInput: unknown; sentArguments: boolean }
  | { kind: 'other' };

export class AnthropicStreamTranslator implements ChatStreamTranslator {
  #started = false;
  #finished = false;
  #stopReason: unknown = null;
  #usage: AnthropicUsage = {};
  #blocks = new Map<number, OpenBlock>();
  #toolCount = 0;

  constructor(private readonly ctx: ChatContext, private readonly accountName: string) {}

  push(frame: UpstreamFrame): ChatChunk[] {
    if (frame.kind !== 'sse' || this.#finished) return [];
    let event: unknown;
    try { event = JSON.parse(frame.data); } catch {
      throw new UpstreamStreamError(new UpstreamError(502, 'upstream_invalid_response', `Upstream "${this.accountName}" sent a stream event that is not JSON.`));
    }
    if (!isRecord(event)) return [];
    const type = typeof event.type === 'string' ? event.type : frame.event;
    switch (type) {
      case 'message_start': return this.#onMessageStart(event);
      case 'content_block_start': return this.#onBlockStart(event);
      case 'content_block_delta': return this.#onBlockDelta(event);
      case 'content_block_stop': return this.#onBlockStop(event);
      case 'message_delta': return this.#onMessageDelta(event);
      case 'message_stop': return this.#onMessageStop();
      case 'error': throw new UpstreamStreamError(streamErrorOf(event, this.accountName));
      default: return []; // ping, and event types added later (versioning allows new ones)
    }
  }

  end(): ChatChunk[] {
    if (this.#finished) return [];
    throw new UpstreamError(502, 'upstream_stream_truncated', `Upstream "${this.accountName}" ended the stream before message_stop.`);
  }

  #chunk(delta: Json, finishReason: string | null = null): ChatChunk {
    const { completionId: id, created, model } = this.ctx;
    return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
  }

  /** The role chunk, once, before anything else (also when message_start itself was missing). */
  #open(out: ChatChunk[]): ChatChunk[] {
    if (!this.#started) {
      this.#started = true;
      out.unshift(this.#chunk({ role: 'assistant', content: '' }));
    }
    return out;
  }

  #mergeUsage(usage: unknown): void {
    if (!isRecord(usage)) return;
    for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) (this.#usage as Json)[key] = value;
  }

  #onMessageStart(event: Json): ChatChunk[] {
    if (isRecord(event.message)) this.#mergeUsage(event.message.usage);
    return this.#open([]);
  }

  #onBlockStart(event: Json): ChatChunk[] {
    const index = Number(event.index);
    const block = isRecord(event.content_block) ? event.content_block : {};
    switch (block.type) {
      case 'text': {
        this.#blocks.set(index, { kind: 'text' });
        const text = typeof block.text === 'string' ? block.text : '';
        return this.#open(text ? [this.#chunk({ content: text })] : []);
      }
      case 'thinking':
        this.#blocks.set(index, { kind: 'thinking', text: '', signature: typeof block.signature === 'string' ? block.signature : '' });
        return this.#open(typeof block.thinking === 'string' && block.thinking ? this.#thinkingDelta(index, block.thinking) : []);
      case 'redacted_thinking':
        this.#blocks.set(index, { kind: 'other' });
        return this.#open([this.#chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: String(block.data ?? '') }] })]);
      case 'tool_use': {
        const toolIndex = this.#toolCount++;
        this.#blocks.set(index, { kind: 'tool', index: toolIndex, startInput: block.input, sentArguments: false });
        const call = { index: toolIndex, id: String(block.id ?? ''), type: 'function', function: { name: String(block.name ?? ''), arguments: '' } };
        return this.#open([this.#chunk({ tool_calls: [call] })]);
      }
      default:
        this.#blocks.set(index, { kind: 'other' });
        return [];
    }
  }

  #thinkingDelta(index: number, text: string): ChatChunk[] {
    const block = this.#blocks.get(index);
    if (block?.kind === 'thinking') block.text += text;
    return [this.#chunk({ reasoning_content: text })];
  }

  #onBlockDelta(event: Json): ChatChunk[] {
    const index = Number(event.index);
    const delta = isRecord(event.delta) ? event.delta : {};
    const block = this.#blocks.get(index);
    switch (delta.type) {
      case 'text_delta':
        return typeof delta.text === 'string' && delta.text ? this.#open([this.#chunk({ content: delta.text })]) : [];
      case 'thinking_delta':
        return typeof delta.thinking === 'string' && delta.thinking ? this.#open(this.#thinkingDelta(index, delta.thinking)) : [];
      case 'signature_delta':
        if (block?.kind === 'thinking' && typeof delta.signature === 'string') block.signature += delta.signature;
        return [];
      case 'input_json_delta': {
        if (block?.kind !== 'tool' || typeof delta.partial_json !== 'string' || delta.partial_json === '') return [];
        block.sentArguments = true;
        return this.#open([this.#chunk({ tool_calls: [{ index: block.index, function: { arguments: delta.partial_json } }] })]);
      }
      default:
        return []; // citations_delta and later additions carry nothing the chat format has
    }
  }

  #onBlockStop(event: Json): ChatChunk[] {
    const index = Number(event.index);
    const block = this.#blocks.get(index);
    this.#blocks.delete(index);
    if (block?.kind === 'thinking') {
      return this.#open([this.#chunk({ thinking_blocks: [{ type: 'thinking', thinking: block.text, signature: block.signature }] })]);
    }
    if (block?.kind === 'tool' && !block.sentArguments) {
      // No input_json_delta at all: the input was complete at content_block_start (`{}` for no arguments).
      return this.#open([this.#chunk({ tool_calls: [{ index: block.index, function: { arguments: argumentsOf(block.startInput) } }] })]);
    }
    return [];
  }

  #onMessageDelta(event: Json): ChatChunk[] {
    if (isRecord(event.delta) && event.delta.stop_reason !== undefined && event.delta.stop_reason !== null) this.#stopReason = event.delta.stop_reason;
    this.#mergeUsage(event.usage);
    return [];
  }

  #onMessageStop(): ChatChunk[] {
    this.#finished = true;
    const out = this.#open([this.#chunk({}, finishReasonOf(this.#stopReason))]);
    if (this.ctx.includeUsage) {
      const { completionId: id, created, model } = this.ctx;
      out.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: toOpenAIUsage(this.#usage) });
    }
    return out;
  }
}
