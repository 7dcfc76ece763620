/**
 * The non-streaming answer: a `Message` object (compact JSON, as api.anthropic.com writes it) rendered from
 * an `OutputPlan`, with every field the official SDK's `Message` type declares (null when it does not
 * apply: `stop_details`, `container`, `diagnostics`). Content blocks as the SDK types them: text with
 * `citations`, tool_use with its `caller`, thinking with its `signature`, redacted_thinking with `data`.
 * Usage reports input, cache write / read (and the write split by TTL), output and thinking tokens.
 */
import type { OutputPlan, PlannedBlock } from './generate.ts';
import type { CacheUsage } from './prompt-cache.ts';

export interface Rendered {
  plan: OutputPlan;
  usage: CacheUsage;
  /** The model id to report. */
  model: string;
}

/** The full usage object of a Message. */
export function usageObject(usage: CacheUsage, outputTokens: number, thinkingTokens: number): Record<string, unknown> {
  return {
    input_tokens: usage.input,
    cache_creation_input_tokens: usage.created,
    cache_read_input_tokens: usage.read,
    cache_creation: { ephemeral_5m_input_tokens: usage.created5m, ephemeral_1h_input_tokens: usage.created1h },
    output_tokens: outputTokens,
    output_tokens_details: { thinking_tokens: thinkingTokens },
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: 'global',
    speed: 'standard',
  };
}

/** Output tokens are never 0 for a generated answer (docs), except with `max_tokens: 0`. */
export function reportedOutputTokens(plan: OutputPlan): number {
  return plan.outputTokens === 0 && plan.stopReason !== 'max_tokens' ? 1 : plan.outputTokens;
}

/** A block as it appears in a finished message. */
export function finishedBlock(block: PlannedBlock): Record<string, unknown> {
  switch (block.type) {
    case 'text': return { type: 'text', text: block.text, citations: null };
    case 'thinking': return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'redacted_thinking': return { type: 'redacted_thinking', data: block.data };
    case 'tool_use': return { type: 'tool_use', id: block.id, name: block.name, input: block.input, caller: { type: 'direct' } };
  }
}

/** The Message object; `streaming` gives its `message_start` form (no content yet, stop fields null). */
export function messageObject({ plan, usage, model }: Rendered, streaming = false): Record<string, unknown> {
  return {
    id: plan.id,
    type: 'message',
    role: 'assistant',
    model,
    content: streaming ? [] : plan.blocks.map(finishedBlock),
    stop_reason: streaming ? null : plan.stopReason,
    stop_sequence: streaming ? null : plan.stopSequence,
    stop_details: null,
    usage: streaming
      ? usageObject(usage, Math.min(1, reportedOutputTokens(plan)), 0)
      : usageObject(usage, reportedOutputTokens(plan), plan.thinkingTokens),
    container: null,
    diagnostics: null,
  };
}

export function messageResponse(rendered: Rendered, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(messageObject(rendered)), { status: 200, headers: { 'content-type': 'application/json', ...headers } });
}
