/**
 * The `stream: true` answer: the server-sent events api.anthropic.com sends for an `OutputPlan`, every one
 * a named event (`event: <type>`) whose data carries the same `type`: `message_start` (the message with
 * empty content and the input usage), then per content block `content_block_start`, its deltas
 * (`text_delta`, `thinking_delta` then one `signature_delta`, `input_json_delta` starting with an empty
 * `partial_json` then JSON fragments), `content_block_stop`; a `ping` after the first block starts;
 * `message_delta` (stop_reason, stop_sequence, cumulative usage) and `message_stop`. Produced lazily, one
 * event per pull, with no timers unless a per-chunk delay is configured.
 */
import { encodeSseJson } from '../../lib/sse.ts';
import { Rng } from '../determinism.ts';
import type { PlannedBlock } from './generate.ts';
import { messageObject, reportedOutputTokens, type Rendered } from './response.ts';
import { pullStream } from '../pull-stream.ts';

export interface StreamOptions {
  hash: string;
  chunkDelayMs: number;
  /** Called once: `false` after `message_stop` was handed over, `true` when the reader cancelled first. */
  onEnd: (aborted: boolean) => void;
}

type Event = { event: string; data: Record<string, unknown> };

function startBlock(block: PlannedBlock): Record<string, unknown> {
  switch (block.type) {
    case 'text': return { type: 'text', text: '', citations: null };
    case 'thinking': return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted_thinking': return { type: 'redacted_thinking', data: block.data };
    case 'tool_use': return { type: 'tool_use', id: block.id, name: block.name, input: {}, caller: { type: 'direct' } };
  }
}

function deltas(block: PlannedBlock, rng: Rng): Record<string, unknown>[] {
  switch (block.type) {
    case 'text': return rng.pieces(block.pieces, 3).map((text) => ({ type: 'text_delta', text }));
    case 'thinking': return [
      ...rng.pieces(block.pieces, 4).map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: block.signature },
    ];
    case 'redacted_thinking': return [];
    case 'tool_use': return [{ type: 'input_json_delta', partial_json: '' }, ...rng.pieces(block.pieces, 3).map((partial_json) => ({ type: 'input_json_delta', partial_json }))];
  }
}

/** The events of a stream, in order, produced lazily. */
export function* streamEvents(rendered: Rendered, hash: string): Generator<Event> {
  const { plan, usage } = rendered;
  yield { event: 'message_start', data: { type: 'message_start', message: messageObject(rendered, true) } };
  if (plan.blocks.length === 0) yield { event: 'ping', data: { type: 'ping' } };
  for (const [index, block] of plan.blocks.entries()) {
    yield { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: startBlock(block) } };
    if (index === 0) yield { event: 'ping', data: { type: 'ping' } };
    for (const delta of deltas(block, new Rng(hash, `stream-${index}`))) yield { event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } };
    yield { event: 'content_block_stop', data: { type: 'content_block_stop', index } };
  }
  yield {
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence, stop_details: null, container: null },
      usage: {
        input_tokens: usage.input,
        cache_creation_input_tokens: usage.created,
        cache_read_input_tokens: usage.read,
        output_tokens: reportedOutputTokens(plan),
        output_tokens_details: { thinking_tokens: plan.thinkingTokens },
        server_tool_use: null,
      },
    },
  };
  yield { event: 'message_stop', data: { type: 'message_stop' } };
}

export function streamMessage(rendered: Rendered, options: StreamOptions): ReadableStream<Uint8Array> {
  return pullStream(streamEvents(rendered, options.hash), (e) => encodeSseJson(e.data, e.event), options);
}
