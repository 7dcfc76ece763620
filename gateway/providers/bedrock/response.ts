/**
 * Converse answer → OpenAI `chat.completion`: text blocks joined into `content`, toolUse blocks into
 * `tool_calls` (arguments = the input as JSON), reasoningContent into `reasoning_content` plus
 * `thinking_blocks` (signed text, or redacted data) to send back on the next turn; stopReason and
 * usage through the named tables of mappings.ts.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatCompletion, ChatContext } from '../types.ts';
import { type BedrockUsage, finishReason, translateUsage } from './mappings.ts';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ThinkingBlock = { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };

export interface ToolCall { id: string; type: 'function'; function: { name: string; arguments: string } }

/** A reasoningContent block (non-streamed shape) → a thinking block. */
export function thinkingBlock(reasoning: Json): ThinkingBlock | undefined {
  if (typeof reasoning.redactedContent === 'string') return { type: 'redacted_thinking', data: reasoning.redactedContent };
  const text = reasoning.reasoningText;
  if (isRecord(text) && typeof text.text === 'string') {
    return { type: 'thinking', thinking: text.text, ...(typeof text.signature === 'string' ? { signature: text.signature } : {}) };
  }
  return undefined;
}

export function translateResponse(json: unknown, ctx: ChatContext): ChatCompletion {
  const output = isRecord(json) && isRecord(json.output) ? json.output : undefined;
  const message = output && isRecord(output.message) ? output.message : undefined;
  if (!message || !Array.isArray(message.content)) {
    throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" answered without output.message.content.`);
  }
  let text = '';
  let sawText = false;
  let reasoning = '';
  const thinking: ThinkingBlock[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content as unknown[]) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') { text += block.text; sawText = true; }
    else if (isRecord(block.toolUse)) {
      const use = block.toolUse;
      toolCalls.push({ id: String(use.toolUseId ?? ''), type: 'function', function: { name: String(use.name ?? ''), arguments: JSON.stringify(use.input ?? {}) } });
    } else if (isRecord(block.reasoningContent)) {
      const t = thinkingBlock(block.reasoningContent);
      if (t) { thinking.push(t); if (t.type === 'thinking') reasoning += t.thinking; }
    }
  }
  const body = json as Json;
  const assistant: Json = {
    role: 'assistant',
    content: sawText || toolCalls.length === 0 ? text : null,
    refusal: null,
    ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
    ...(thinking.length ? { reasoning_content: reasoning, thinking_blocks: thinking } : {}),
  };
  return {
    id: ctx.completionId,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message: assistant, finish_reason: finishReason(body.stopReason, toolCalls.length > 0), logprobs: null }],
    usage: translateUsage(isRecord(body.usage) ? (body.usage as BedrockUsage) : undefined),
  };
}
