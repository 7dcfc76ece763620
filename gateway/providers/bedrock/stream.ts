/**
 * ConverseStream events → OpenAI `chat.completion.chunk`s, one event at a time through an explicit
 * state object. messageStart opens the choice (role chunk); text / reasoning / toolUse deltas become
 * content / reasoning_content / tool-call argument deltas as they arrive (each toolUse block gets the
 * next OpenAI tool index, opened once with id/type/name); a finished reasoning block is surfaced as
 * `thinking_blocks`; messageStop gives the one finish chunk; metadata (the terminal event) the usage
 * chunk when asked. Exception frames throw UpstreamStreamError; an end before metadata throws.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatChunk, ChatContext, ChatStreamTranslator, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { streamException, streamFailure } from './errors.ts';
import { type BedrockUsage, type FinishReason, finishReason, translateUsage } from './mappings.ts';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ToolBlock { kind: 'tool'; index: number }
interface ReasoningBlock { kind: 'reasoning'; text: string; signature: string; redacted?: string }
interface TextBlock { kind: 'text' }
type BlockState = ToolBlock | ReasoningBlock | TextBlock;

const utf8 = new TextDecoder();

export class ConverseStreamTranslator implements ChatStreamTranslator {
  #started = false;
  #blocks = new Map<number, BlockState>();
  #nextToolIndex = 0;
  #finish: FinishReason | undefined;
  #usage: BedrockUsage | undefined;
  #done = false;

  constructor(private readonly ctx: ChatContext) {}

  push(frame: UpstreamFrame): ChatChunk[] {
    if (frame.kind !== 'eventstream') return [];
    const messageType = frame.headers[':message-type'];
    const text = utf8.decode(frame.payload);
    if (messageType === 'exception') throw new UpstreamStreamError(streamException(frame.headers[':exception-type'], text, this.ctx.account.name));
    if (messageType === 'error') throw new UpstreamStreamError(streamFailure(frame.headers[':error-code'], frame.headers[':error-message'], this.ctx.account.name));
    if (messageType !== 'event') return [];
    let event: unknown;
    try { event = text ? JSON.parse(text) : {}; } catch {
      throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${this.ctx.account.name}" sent a ${frame.headers[':event-type'] ?? 'stream'} event that is not JSON.`);
    }
    if (!isRecord(event)) return [];
    switch (frame.headers[':event-type']) {
      case 'messageStart': return this.#open();
      case 'contentBlockStart': return this.#blockStart(event);
      case 'contentBlockDelta': return this.#blockDelta(event);
      case 'contentBlockStop': return this.#blockStop(event);
      case 'messageStop': return this.#messageStop(event);
      case 'metadata': return this.#metadata(event);
      default: return []; // events this translation has no OpenAI form for (e.g. future additions)
    }
  }

  end(): ChatChunk[] {
    if (this.#finish === undefined) throw new UpstreamError(502, 'upstream_stream_truncated', `Upstream "${this.ctx.account.name}" stream ended before messageStop.`);
    if (!this.#done) throw new UpstreamError(502, 'upstream_stream_truncated', `Upstream "${this.ctx.account.name}" stream ended before its metadata event.`);
    return [];
  }

  #chunk(delta: Json, finish: FinishReason | null = null): ChatChunk {
    return {
      id: this.ctx.completionId, object: 'chat.completion.chunk', created: this.ctx.created, model: this.ctx.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    };
  }

  #open(): ChatChunk[] {
    if (this.#started) return [];
    this.#started = true;
    return [this.#chunk({ role: 'assistant', content: '' })];
  }

  #blockIndex(event: Json): number {
    const index = event.contentBlockIndex;
    return typeof index === 'number' ? index : -1;
  }

  #blockStart(event: Json): ChatChunk[] {
    const start = isRecord(event.start) ? event.start : {};
    const use = isRecord(start.toolUse) ? start.toolUse : undefined;
    if (!use) return [];
    const out = this.#open();
    const index = this.#nextToolIndex++;
    this.#blocks.set(this.#blockIndex(event), { kind: 'tool', index });
    out.push(this.#chunk({ tool_calls: [{ index, id: String(use.toolUseId ?? ''), type: 'function', function: { name: String(use.name ?? ''), arguments: '' } }] }));
    return out;
  }

  #blockDelta(event: Json): ChatChunk[] {
    const delta = isRecord(event.delta) ? event.delta : {};
    const at = this.#blockIndex(event);
    const out = this.#open();
    if (typeof delta.text === 'string') {
      if (!this.#blocks.has(at)) this.#blocks.set(at, { kind: 'text' });
      if (delta.text !== '') out.push(this.#chunk({ content: delta.text }));
    } else if (isRecord(delta.toolUse)) {
      const block = this.#blocks.get(at);
      if (block?.kind !== 'tool') throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${this.ctx.account.name}" sent toolUse input for content block ${at} without its contentBlockStart.`);
      const fragment = delta.toolUse.input;
      if (typeof fragment === 'string' && fragment !== '') out.push(this.#chunk({ tool_calls: [{ index: block.index, function: { arguments: fragment } }] }));
    } else if (isRecord(delta.reasoningContent)) {
      let block = this.#blocks.get(at);
      if (block?.kind !== 'reasoning') { block = { kind: 'reasoning', text: '', signature: '' }; this.#blocks.set(at, block); }
      const r = delta.reasoningContent;
      if (typeof r.text === 'string' && r.text !== '') { block.text += r.text; out.push(this.#chunk({ reasoning_content: r.text })); }
      if (typeof r.signature === 'string') block.signature += r.signature;
      if (typeof r.redactedContent === 'string') block.redacted = (block.redacted ?? '') + r.redactedContent;
    }
    return out;
  }

  #blockStop(event: Json): ChatChunk[] {
    const at = this.#blockIndex(event);
    const block = this.#blocks.get(at);
    this.#blocks.delete(at);
    if (block?.kind !== 'reasoning') return [];
    // The whole block once it is complete: the signature arrives last, and the client sends the block back.
    const thinking = block.redacted !== undefined
      ? { type: 'redacted_thinking', data: block.redacted }
      : { type: 'thinking', thinking: block.text, ...(block.signature ? { signature: block.signature } : {}) };
    return [...this.#open(), this.#chunk({ thinking_blocks: [thinking] })];
  }

  #messageStop(event: Json): ChatChunk[] {
    if (this.#finish !== undefined) return [];
    const out = this.#open();
    this.#finish = finishReason(event.stopReason, this.#nextToolIndex > 0);
    out.push(this.#chunk({}, this.#finish));
    if (this.#usage) out.push(...this.#usageChunk());
    return out;
  }

  #metadata(event: Json): ChatChunk[] {
    if (this.#usage) return [];
    this.#usage = isRecord(event.usage) ? (event.usage as BedrockUsage) : {};
    return this.#finish !== undefined ? this.#usageChunk() : [];
  }

  #usageChunk(): ChatChunk[] {
    this.#done = true;
    if (!this.ctx.includeUsage) return [];
    return [{
      id: this.ctx.completionId, object: 'chat.completion.chunk', created: this.ctx.created, model: this.ctx.model,
      choices: [], usage: translateUsage(this.#usage),
    }];
  }
}
