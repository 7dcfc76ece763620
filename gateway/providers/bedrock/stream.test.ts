// ConverseStream event sequences (event shapes of the ConverseStream API reference) → OpenAI chunks,
// checked chunk by chunk against the contract and the stream grammar: role first, text deltas,
// parallel tool calls on distinct indexes, reasoning deltas and thinking blocks, one finish, usage
// chunk only when asked, in-stream exceptions and truncation as errors (field-bug regressions included).
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../spec/index.ts';
import { checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream } from '../../../suites/chat/grammar.ts';
import type { GatewayError } from '../../errors.ts';
import type { ChatChunk, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { ConverseStreamTranslator } from './stream.ts';
import { converseEvents, eventFrame, exceptionFrame, testContext, type ConverseReply } from './test-fixtures.ts';

type Chunk = { choices: { index: number; delta: Record<string, unknown>; finish_reason: string | null }[]; usage?: Record<string, unknown> };

function run(frames: UpstreamFrame[], includeUsage = false): Chunk[] {
  const t = new ConverseStreamTranslator(testContext({ stream: true, includeUsage }));
  const chunks: ChatChunk[] = [...frames.flatMap((f) => t.push(f)), ...t.end()];
  for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
  const events = [...chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })), { data: '[DONE]', raw: '' }];
  const parsed = parseStream(events);
  expect([...checkRoleFirst(parsed), ...checkStableId(parsed), ...checkOneFinish(parsed), ...checkUsageChunk(parsed, includeUsage)]).toEqual([]);
  return chunks as Chunk[];
}
const deltas = (chunks: Chunk[]) => chunks.flatMap((c) => c.choices.map((x) => x.delta));
const usage = { inputTokens: 9, outputTokens: 4, totalTokens: 13 };

describe('bedrock stream', () => {
  it('text: role chunk, content deltas as they arrive, finish, no usage unless asked', () => {
    const chunks = run(converseEvents({ content: [{ text: 'Hello there' }], stopReason: 'end_turn', usage }, [5]));
    expect(deltas(chunks)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hello' }, { content: ' there' }, {}]);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.every((c) => c.usage === undefined)).toBe(true);
  });

  it('include_usage: one final chunk with choices [] and the usage (regression: usage chunk with non-empty choices)', () => {
    const chunks = run(converseEvents({ content: [{ text: 'Hi' }], stopReason: 'end_turn', usage: { ...usage, cacheReadInputTokens: 100 } }), true);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 109, completion_tokens: 4, total_tokens: 113, prompt_tokens_details: { cached_tokens: 100 } });
    expect(chunks.filter((c) => c.usage).length).toBe(1);
  });

  it('parallel tool calls: distinct indexes and ids, opened once, argument fragments only, never empty (regression)', () => {
    const reply: ConverseReply = {
      content: [
        { text: 'Checking.' },
        { toolUse: { toolUseId: 'tooluse_a', name: 'get_weather', input: { city: 'Paris' } } },
        { toolUse: { toolUseId: 'tooluse_b', name: 'get_weather', input: { city: 'Rome' } } },
      ], stopReason: 'tool_use', usage,
    };
    const frames = converseEvents(reply, [0, 3, 7]);
    const start = frames.findIndex((f) => f.kind === 'eventstream' && f.headers[':event-type'] === 'contentBlockStart');
    frames.splice(start + 1, 0, eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '' } } }));
    const chunks = run(frames);
    const parsed = parseStream([...chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })), { data: '[DONE]', raw: '' }]);
    const { violations, calls } = checkToolDeltas(parsed, ['get_weather']);
    expect(violations).toEqual([]);
    expect(calls.map((c) => [c.index, c.id, JSON.parse(c.arguments)])).toEqual([[0, 'tooluse_a', { city: 'Paris' }], [1, 'tooluse_b', { city: 'Rome' }]]);
    const toolDeltas = deltas(chunks).flatMap((d) => (d.tool_calls as Record<string, unknown>[] | undefined) ?? []);
    const opens = toolDeltas.filter((d) => 'id' in d);
    expect(opens).toEqual([
      { index: 0, id: 'tooluse_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 1, id: 'tooluse_b', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ]);
    for (const d of toolDeltas.filter((x) => !('id' in x))) {
      expect(Object.keys(d).sort()).toEqual(['function', 'index']);
      expect(Object.keys(d.function as object)).toEqual(['arguments']);
      expect((d.function as { arguments: string }).arguments).not.toBe('');
    }
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('a tool turn finishes with "tool_calls" even when the stop reason says end_turn (regression: tool turns ending "stop")', () => {
    const chunks = run(converseEvents({ content: [{ toolUse: { toolUseId: 'tooluse_x', name: 'f', input: {} } }], stopReason: 'end_turn', usage }));
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('reasoning deltas are surfaced, then the complete signed block as thinking_blocks (regression: dropped reasoning)', () => {
    const chunks = run(converseEvents({
      content: [{ reasoningContent: { reasoningText: { text: 'Think hard', signature: 'c2ln' } } }, { reasoningContent: { redactedContent: 'ZW5j' } }, { text: 'Answer' }],
      stopReason: 'end_turn', usage,
    }, [5]));
    const ds = deltas(chunks);
    expect(ds.filter((d) => 'reasoning_content' in d).map((d) => d.reasoning_content)).toEqual(['Think', ' hard']);
    expect(ds.filter((d) => 'thinking_blocks' in d).map((d) => d.thinking_blocks)).toEqual([
      [{ type: 'thinking', thinking: 'Think hard', signature: 'c2ln' }], [{ type: 'redacted_thinking', data: 'ZW5j' }],
    ]);
    expect(ds.filter((d) => typeof d.content === 'string').map((d) => d.content).join('')).toBe('Answer');
  });

  it('without messageStart the first chunk still carries the role; metadata before messageStop still ends right', () => {
    const t = new ConverseStreamTranslator(testContext({ stream: true, includeUsage: true }));
    const out = [
      ...t.push(eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'x' } })),
      ...t.push(eventFrame('metadata', { usage })),
      ...t.push(eventFrame('messageStop', { stopReason: 'end_turn' })),
      ...t.end(),
    ] as Chunk[];
    expect(out[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(out.map((c) => c.choices[0]?.finish_reason ?? (c.usage ? 'usage' : null))).toEqual([null, null, 'stop', 'usage']);
  });

  it('in-stream exceptions throw UpstreamStreamError with the mapped error (regression: no silent close)', () => {
    const t = new ConverseStreamTranslator(testContext({ stream: true }));
    t.push(eventFrame('messageStart', { role: 'assistant' }));
    const cases: [string, number, string][] = [
      ['throttlingException', 429, 'rate_limit_exceeded'], ['modelStreamErrorException', 502, 'upstream_stream_error'],
      ['internalServerException', 502, 'upstream_error'], ['serviceUnavailableException', 502, 'upstream_error'], ['validationException', 400, 'upstream_rejected'],
    ];
    for (const [type, status, code] of cases) {
      let error: GatewayError | undefined;
      try { t.push(exceptionFrame(type, 'went wrong')); } catch (e) { expect(e).toBeInstanceOf(UpstreamStreamError); error = (e as UpstreamStreamError).error; }
      expect(error, type).toBeDefined();
      expect([error!.status, error!.code], type).toEqual([status, code]);
      expect(error!.message).toContain('went wrong');
    }
    const generic = { kind: 'eventstream' as const, headers: { ':message-type': 'error', ':error-code': 'InternalFailure', ':error-message': 'boom' }, payload: new Uint8Array() };
    expect(() => t.push(generic)).toThrow(UpstreamStreamError);
  });

  it('a stream that ends before messageStop or before metadata throws from end()', () => {
    const frames = converseEvents({ content: [{ text: 'Hi' }], stopReason: 'end_turn', usage });
    for (const cut of [2, frames.length - 1]) {
      const t = new ConverseStreamTranslator(testContext({ stream: true }));
      for (const f of frames.slice(0, cut)) t.push(f);
      expect(() => t.end()).toThrow(/ended before/);
    }
  });

  it('a payload that is not JSON, or tool input without its start, is a 502', () => {
    const t = new ConverseStreamTranslator(testContext({ stream: true }));
    expect(() => t.push({ kind: 'eventstream', headers: { ':message-type': 'event', ':event-type': 'contentBlockDelta' }, payload: new TextEncoder().encode('{nope') })).toThrow(/not JSON/);
    expect(() => t.push(eventFrame('contentBlockDelta', { contentBlockIndex: 3, delta: { toolUse: { input: '{}' } } }))).toThrow(/without its contentBlockStart/);
    expect(t.push(eventFrame('somethingNew', {}))).toEqual([]);
  });
});
