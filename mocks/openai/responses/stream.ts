/**
 * The `stream: true` answer of the Responses API: typed events, each framed as `event: <type>` plus a
 * `data:` JSON line carrying the same `type` and a `sequence_number` counting from 0. Order:
 * response.created (→ response.queued for background) → response.in_progress → per output item
 * output_item.added, its content (reasoning summary parts, output_text deltas in content parts, or
 * function_call_arguments deltas), output_item.done → response.completed | response.incomplete.
 * No `[DONE]` terminator (the Responses API sends none). Produced lazily: one event per pull.
 */
import { encodeSseJson } from '../../../lib/sse.ts';
import { Rng } from '../../determinism.ts';
import { tokenize } from '../tokens.ts';
import type { Json } from './input.ts';
import type { ItemPlan } from './plan.ts';
import { outputTextPart, renderAddedItem, renderItem, renderResponse, summaryPart, type ResponseRecord } from './render.ts';
import { pullStream } from '../../pull-stream.ts';

export interface EventOptions {
  hash: string;
  /** `stream_options.include_obfuscation` (default true): pad delta events against size side channels. */
  obfuscation: boolean;
}

/** Event payloads (without `type` / `sequence_number`) for one output item, in order. */
function* itemEvents(item: ItemPlan, index: number, rng: Rng, pad: (delta: string) => Json): Generator<[string, Json]> {
  const at = { item_id: item.id, output_index: index };
  yield ['response.output_item.added', { output_index: index, item: renderAddedItem(item) }];
  if (item.type === 'reasoning') {
    for (const [k, text] of item.summary.entries()) {
      const part = { ...at, summary_index: k };
      yield ['response.reasoning_summary_part.added', { ...part, part: summaryPart('') }];
      for (const delta of rng.pieces(tokenize(text), 3)) yield ['response.reasoning_summary_text.delta', { ...part, delta, ...pad(delta) }];
      yield ['response.reasoning_summary_text.done', { ...part, text }];
      yield ['response.reasoning_summary_part.done', { ...part, part: summaryPart(text) }];
    }
  } else if (item.type === 'message') {
    const part = { ...at, content_index: 0 };
    yield ['response.content_part.added', { ...part, part: outputTextPart('') }];
    for (const delta of rng.pieces(item.tokens, 3)) yield ['response.output_text.delta', { ...part, delta, logprobs: [], ...pad(delta) }];
    yield ['response.output_text.done', { ...part, text: item.text, logprobs: [] }];
    yield ['response.content_part.done', { ...part, part: outputTextPart(item.text) }];
  } else {
    for (const delta of rng.pieces(item.tokens, 2)) yield ['response.function_call_arguments.delta', { ...at, delta, ...pad(delta) }];
    yield ['response.function_call_arguments.done', { ...at, name: item.name, arguments: item.arguments }];
  }
  yield ['response.output_item.done', { output_index: index, item: renderItem(item) }];
}

/** Every event of a response's stream, in order, numbered from 0. */
export function* responseEvents(record: ResponseRecord, options: EventOptions): Generator<Json> {
  const rng = new Rng(options.hash, 'stream');
  const padTarget = rng.int(6, 16);
  const pad = (delta: string): Json => (options.obfuscation ? { obfuscation: rng.chars(padTarget - (delta.length % padTarget)) } : {});
  let sequence = 0;
  const event = (type: string, payload: Json): Json => ({ type, sequence_number: sequence++, ...payload });

  const background = record.req.background;
  yield event('response.created', { response: renderResponse(record, background ? 'queued' : 'in_progress') });
  if (background) yield event('response.queued', { response: renderResponse(record, 'queued') });
  yield event('response.in_progress', { response: renderResponse(record, 'in_progress') });
  for (const [index, item] of record.plan.items.entries()) {
    for (const [type, payload] of itemEvents(item, index, new Rng(options.hash, `stream-item-${index}`), pad)) yield event(type, payload);
  }
  const final = renderResponse(record, 'final');
  yield event(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
}

export interface StreamOptions {
  chunkDelayMs: number;
  /** Called once: `false` after the last event was handed over, `true` when the reader cancelled first. */
  onEnd: (aborted: boolean) => void;
}

/** Frame events as SSE (`event:` + `data:`), one per pull, honouring a per-chunk delay when configured. */
export function streamEvents(events: Iterator<Json>, options: StreamOptions): ReadableStream<Uint8Array> {
  return pullStream(events, (event) => encodeSseJson(event, String(event.type)), options);
}
