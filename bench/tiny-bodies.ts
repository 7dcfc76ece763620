/**
 * The fixed bytes the tiny upstream answers with: an OpenAI chat.completion, an OpenAI chunk stream
 * (role chunk, N content chunks, finish chunk, usage chunk, [DONE]), an embeddings list, and an
 * Anthropic Messages stream with the same number of text deltas. Built once at start-up, so the tiny
 * upstream spends nothing per request but the writes — it is the floor every other figure is held to.
 * The shapes are the providers' documented ones, so the gateway relays/translates them as it would
 * real answers (it reads usage from them for cost).
 *
 * Each streamed content delta starts with a stamp, `~t` + 20 digits, that the upstream fills with
 * `process.hrtime.bigint()` as it writes the event; text passes through translation unchanged, so the
 * load generator (same machine, same monotonic clock) reads how long each chunk took to reach it.
 */

export const STAMP_PREFIX = '~t';
export const STAMP_DIGITS = 20;
export const STAMP_PLACEHOLDER = STAMP_PREFIX + '0'.repeat(STAMP_DIGITS);

const CREATED = 1735689600;
const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.'];

export function word(i: number): string {
  return WORDS[i % WORDS.length]!;
}

export function chatCompletionJson(): string {
  return JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000001',
    object: 'chat.completion',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{
      index: 0,
      message: { role: 'assistant', content: Array.from({ length: 20 }, (_, i) => word(i)).join(''), refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    }],
    usage: {
      prompt_tokens: 12, completion_tokens: 20, total_tokens: 32,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  });
}

const chunkHead = { id: 'chatcmpl-bench0000000000000000000002', object: 'chat.completion.chunk', created: CREATED, model: 'gpt-4o-mini-2024-07-18', system_fingerprint: 'fp_bench' };

function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** The OpenAI stream as separate events (each one write on the wire). `contentChunks` text deltas. */
export function chatStreamEvents(contentChunks: number): string[] {
  const chunk = (delta: object, finish: string | null = null) => sse({ ...chunkHead, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null });
  return [
    chunk({ role: 'assistant', content: '', refusal: null }),
    ...Array.from({ length: contentChunks }, (_, i) => chunk({ content: STAMP_PLACEHOLDER + word(i) })),
    chunk({}, 'stop'),
    sse({ ...chunkHead, choices: [], usage: { prompt_tokens: 12, completion_tokens: contentChunks, total_tokens: 12 + contentChunks } }),
    sse('[DONE]'),
  ];
}

/** The Anthropic Messages stream with `contentChunks` text deltas. */
export function anthropicStreamEvents(contentChunks: number): string[] {
  const usage = { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 };
  return [
    sse({ type: 'message_start', message: { id: 'msg_bench000000000000000001', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], stop_reason: null, stop_sequence: null, usage } }, 'message_start'),
    sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
    ...Array.from({ length: contentChunks }, (_, i) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: STAMP_PLACEHOLDER + word(i) } }, 'content_block_delta')),
    sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    sse({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: contentChunks } }, 'message_delta'),
    sse({ type: 'message_stop' }, 'message_stop'),
  ];
}

export function anthropicMessageJson(): string {
  return JSON.stringify({
    id: 'msg_bench000000000000000002', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929',
    content: [{ type: 'text', text: Array.from({ length: 20 }, (_, i) => word(i)).join('') }],
    stop_reason: 'end_turn', stop_sequence: null,
    usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 20 },
  });
}

/** An embeddings answer with one 256-dimension vector (the request's size is what the scenario varies). */
export function embeddingsJson(): string {
  const embedding = Array.from({ length: 256 }, (_, i) => Number(Math.sin(i + 1).toFixed(6)));
  return JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding }], model: 'text-embedding-3-small', usage: { prompt_tokens: 262144, total_tokens: 262144 } });
}
