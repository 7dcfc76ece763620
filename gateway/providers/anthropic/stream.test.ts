// Anthropic SSE → OpenAI chunks, event by event: the grammar of suites/chat/grammar.ts holds, parallel
// tool calls get distinct indexes, reasoning and thinking blocks survive, errors are never a silent close.
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../spec/index.ts';
import { checkDoneLast, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream } from '../../../suites/chat/grammar.ts';
import { GatewayError } from '../../errors.ts';
import type { ChatChunk, ChatContext } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { parallelToolStream, sse, testContext, textStream, thinkingStream } from './fixtures.ts';
import { AnthropicStreamTranslator } from './stream.ts';

function run(events: Record<string, unknown>[], ctx: Partial<ChatContext> = {}): ChatChunk[] {
  const t = new AnthropicStreamTranslator(testContext({ stream: true, ...ctx }), 'anthropic-test');
  return [...events.flatMap((e) => t.push(sse(e))), ...t.end()];
}

/** The chunks as the driver frames them (plus [DONE]), parsed back for the grammar checks. */
function grammar(chunks: ChatChunk[]) {
  const events = [...chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })), { data: '[DONE]', raw: '' }];
  return parseStream(events);
}

const deltas = (chunks: ChatChunk[]) => chunks.flatMap((c) => (c.choices as any[]).map((ch) => ch.delta));

describe('AnthropicStreamTranslator', () => {
  it('text stream: role first, content deltas, one finish, no usage without include_usage', () => {
    const chunks = run(textStream);
    const s = grammar(chunks);
    for (const check of [checkRoleFirst, checkStableId, checkOneFinish, checkDoneLast]) expect(check(s)).toEqual([]);
    expect(checkUsageChunk(s, false)).toEqual([]);
    for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
    expect(deltas(chunks)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hello' }, { content: '!' }, {}]);
    expect((chunks.at(-1)!.choices as any[])[0].finish_reason).toBe('stop');
    expect(chunks.every((c) => c.id === 'chatcmpl-test' && c.model === 'claude-sonnet-4-5' && c.created === 1_700_000_000)).toBe(true);
  });

  it('regression: include_usage gives one final chunk with choices [] (not a non-empty choices array) and the usage', () => {
    const chunks = run(textStream, { includeUsage: true });
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect((chunks.at(-2)!.choices as any[])[0].finish_reason).toBe('stop');
    expect(checkUsageChunk(grammar(chunks), true)).toEqual([]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 25, completion_tokens: 15, total_tokens: 40 } });
    expect(chunks.slice(0, -1).every((c) => c.usage === undefined)).toBe(true);
  });

  it('regression: parallel tool calls get indexes 0 and 1 (not both 0), ids once, no repeated type, no empty fragments', () => {
    const chunks = run(parallelToolStream);
    const s = grammar(chunks);
    const { violations, calls } = checkToolDeltas(s, ['get_weather', 'get_time']);
    expect(violations).toEqual([]);
    expect(calls.map((c) => [c.index, c.id, c.name, JSON.parse(c.arguments)])).toEqual([
      [0, 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', 'get_weather', { location: 'San Francisco, CA' }],
      [1, 'toolu_02Y2x2gK45rBnl3uOUsO8Vq7', 'get_time', { tz: 'America/Los_Angeles' }],
    ]);
    const toolDeltas = deltas(chunks).flatMap((d) => d.tool_calls ?? []);
    const later = toolDeltas.filter((d: any) => d.id === undefined);
    expect(later.every((d: any) => d.type === undefined && d.function.name === undefined && d.function.arguments !== '')).toBe(true);
    for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
  });

  it('a tool_use with its whole input at content_block_start still yields the arguments once', () => {
    const chunks = run([
      { type: 'message_start', message: { usage: { input_tokens: 3, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_x', name: 'now', input: {} } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 5 } },
      { type: 'message_stop' },
    ]);
    const { violations, calls } = checkToolDeltas(grammar(chunks), ['now']);
    expect(violations).toEqual([]);
    expect(calls[0]!.arguments).toBe('{}');
  });

  it('regression: reasoning deltas are kept, and the signed thinking block is handed on for the next turn', () => {
    const chunks = run(thinkingStream, { includeUsage: true });
    const ds = deltas(chunks);
    expect(ds.filter((d) => d.reasoning_content).map((d) => d.reasoning_content).join('')).toBe('I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\n\n1071 = 2 × 462 + 147');
    expect(ds.flatMap((d) => d.thinking_blocks ?? [])).toEqual([
      { type: 'thinking', thinking: 'I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\n\n1071 = 2 × 462 + 147', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' },
    ]);
    expect(chunks.at(-1)!.usage).toMatchObject({ completion_tokens: 120, completion_tokens_details: { reasoning_tokens: 80 } });
    const s = grammar(chunks);
    for (const check of [checkRoleFirst, checkStableId, checkOneFinish]) expect(check(s)).toEqual([]);
    for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
  });

  it('regression: a mid-stream error event throws UpstreamStreamError with the mapped error (never a silent close)', () => {
    const t = new AnthropicStreamTranslator(testContext({ stream: true }), 'anthropic-test');
    expect(t.push(sse(textStream[0]!))).toHaveLength(1);
    let thrown: unknown;
    try { t.push(sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })); } catch (error) { thrown = error; }
    expect(thrown).toBeInstanceOf(UpstreamStreamError);
    expect((thrown as UpstreamStreamError).error).toMatchObject({ status: 503, type: 'upstream_error', code: 'overloaded' });
    expect(() => new AnthropicStreamTranslator(testContext(), 'a').push(sse({ type: 'error', error: { type: 'api_error', message: 'boom' } }))).toThrow(/boom/);
  });

  it('a stream that ends before message_stop throws from end()', () => {
    const t = new AnthropicStreamTranslator(testContext({ stream: true }), 'anthropic-test');
    for (const e of textStream.slice(0, 4)) t.push(sse(e));
    expect(() => t.end()).toThrow(GatewayError);
    expect(() => t.end()).toThrow(/before message_stop/);
  });

  it('ping and unknown events are ignored; a non-JSON frame is an upstream error', () => {
    const t = new AnthropicStreamTranslator(testContext({ stream: true }), 'anthropic-test');
    expect(t.push(sse({ type: 'ping' }))).toEqual([]);
    expect(t.push(sse({ type: 'some_future_event' }))).toEqual([]);
    expect(() => t.push({ kind: 'sse', event: 'message_start', data: '{not json' })).toThrow(UpstreamStreamError);
  });

  it('finish_reason follows message_delta.stop_reason through FINISH_REASONS', () => {
    const events = textStream.map((e) => (e.type === 'message_delta' ? { ...e, delta: { stop_reason: 'max_tokens' } } : e));
    expect((run(events).at(-1)!.choices as any[])[0].finish_reason).toBe('length');
  });
});
