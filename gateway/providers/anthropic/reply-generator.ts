/**
 * A fast-check generator of Anthropic replies for the stream ≡ non-stream property: one generated reply
 * (text, thinking, redacted thinking and tool_use blocks, a stop_reason, usage) rendered both as the
 * Messages JSON and as the documented SSE event sequence (message_start … message_stop), with text and
 * tool input split at generated points. Written from Anthropic's documentation; test support only.
 */
import fc from 'fast-check';

type Json = Record<string, any>;

export type Block =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Json };

export const anthropicBlock: fc.Arbitrary<Block> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60 }).map((t) => ({ type: 'text' as const, text: t })),
  fc.record({ thinking: fc.string({ minLength: 1, maxLength: 60 }), signature: fc.base64String({ minLength: 4, maxLength: 40 }) }).map((b) => ({ type: 'thinking' as const, ...b })),
  fc.base64String({ minLength: 4, maxLength: 40 }).map((data) => ({ type: 'redacted_thinking' as const, data })),
  fc.record({
    id: fc.stringMatching(/^toolu_[A-Za-z0-9]{8,24}$/),
    name: fc.stringMatching(/^[a-z][a-z0-9_]{2,14}$/),
    input: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) as fc.Arbitrary<Json>,
  }).map((b) => ({ type: 'tool_use' as const, ...b })),
);

const usage = fc.record({
  input_tokens: fc.nat(5000), output_tokens: fc.nat(5000), cache_read_input_tokens: fc.nat(3000), cache_creation_input_tokens: fc.nat(3000),
  thinking: fc.nat(1000),
});

/** Split a string at generated cut points (possibly with empty pieces, as real streams have). */
function splitAt(s: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const p of points) { out.push(s.slice(prev, p)); prev = p; }
  out.push(s.slice(prev));
  return out;
}

export const anthropicReply = fc.record({
  blocks: fc.array(anthropicBlock, { maxLength: 6 }),
  stop: fc.constantFrom('end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'refusal', 'pause_turn'),
  usage,
  cuts: fc.array(fc.nat(200), { maxLength: 6 }),
  pings: fc.array(fc.nat(30), { maxLength: 3 }),
});

export type AnthropicReply = typeof anthropicReply extends fc.Arbitrary<infer T> ? T : never;

/** The reply as a non-streamed Message. */
export function asMessage(r: AnthropicReply): Json {
  const u = r.usage;
  return {
    id: 'msg_prop', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: r.blocks, stop_reason: r.stop, stop_sequence: null,
    usage: { input_tokens: u.input_tokens, output_tokens: u.output_tokens, cache_read_input_tokens: u.cache_read_input_tokens, cache_creation_input_tokens: u.cache_creation_input_tokens, output_tokens_details: { thinking_tokens: u.thinking } },
  };
}

/** The same reply as its SSE event sequence: pieces at the generated cuts, an empty first tool fragment, pings anywhere. */
export function asEvents(r: AnthropicReply): Json[] {
  const u = r.usage;
  const events: Json[] = [{ type: 'message_start', message: { id: 'msg_prop', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-5-20250929', stop_reason: null, usage: { input_tokens: u.input_tokens, output_tokens: 1, cache_read_input_tokens: u.cache_read_input_tokens, cache_creation_input_tokens: u.cache_creation_input_tokens } } }];
  r.blocks.forEach((b, index) => {
    if (b.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of splitAt(b.text, r.cuts)) events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
    } else if (b.type === 'thinking') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const piece of splitAt(b.thinking, r.cuts)) events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: b.signature } });
    } else if (b.type === 'redacted_thinking') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: b.data } });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      for (const piece of ['', ...splitAt(JSON.stringify(b.input), r.cuts)]) events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_delta', delta: { stop_reason: r.stop, stop_sequence: null }, usage: { output_tokens: u.output_tokens, output_tokens_details: { thinking_tokens: u.thinking } } });
  events.push({ type: 'message_stop' });
  for (const at of r.pings) events.splice(1 + (at % (events.length - 1)), 0, { type: 'ping' });
  return events;
}
