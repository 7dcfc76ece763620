/**
 * A non-streamed Anthropic Message → OpenAI `chat.completion`. Text blocks join into `content`,
 * thinking blocks into `reasoning_content` (and, signed, into `thinking_blocks` so the client can pass
 * them back on the next turn), `tool_use` blocks into `tool_calls` in block order; stop_reason and usage
 * go through the tables of mappings.ts. The shape is the same one stream.ts assembles chunk by chunk.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatCompletion, ChatContext } from '../types.ts';
import { isRecord, type Json } from './checks.ts';
import { finishReasonOf, toOpenAIUsage, type AnthropicUsage } from './mappings.ts';

export interface OpenAIToolCall { id: string; type: 'function'; function: { name: string; arguments: string } }
export type ThinkingBlockOut = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

/** Tool input as OpenAI arguments text (the JSON Anthropic sent, re-serialized). */
export const argumentsOf = (input: unknown): string => JSON.stringify(input ?? {});

export function translateChatResponse(json: unknown, ctx: ChatContext, accountName: string): ChatCompletion {
  if (!isRecord(json) || !Array.isArray(json.content)) {
    throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${accountName}" answered 200 without a Messages response (no content array).`);
  }
  let text = '';
  let reasoning = '';
  const thinkingBlocks: ThinkingBlockOut[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  for (const raw of json.content as unknown[]) {
    if (!isRecord(raw)) continue;
    const block = raw as Json;
    switch (block.type) {
      case 'text':
        text += typeof block.text === 'string' ? block.text : '';
        break;
      case 'thinking':
        reasoning += typeof block.thinking === 'string' ? block.thinking : '';
        thinkingBlocks.push({ type: 'thinking', thinking: String(block.thinking ?? ''), signature: String(block.signature ?? '') });
        break;
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: String(block.data ?? '') });
        break;
      case 'tool_use':
        toolCalls.push({ id: String(block.id ?? ''), type: 'function', function: { name: String(block.name ?? ''), arguments: argumentsOf(block.input) } });
        break;
      default:
        break; // server-tool blocks: the gateway declares no server tools, so none are expected
    }
  }
  const message: Json = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (thinkingBlocks.length > 0) {
    message.reasoning_content = reasoning;
    message.thinking_blocks = thinkingBlocks;
  }
  return {
    id: ctx.completionId,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message, finish_reason: finishReasonOf(json.stop_reason), logprobs: null }],
    usage: toOpenAIUsage(json.usage as AnthropicUsage | undefined),
  };
}
