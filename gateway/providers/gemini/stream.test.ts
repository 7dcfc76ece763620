// Gemini SSE events → OpenAI chunks, event by event: text, reasoning, parallel function calls, n > 1,
// usage only when asked, mid-stream error events and early ends. Regression tests for known field bugs.
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../spec/index.ts';
import { checkDoneLast, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream } from '../../../suites/chat/grammar.ts';
import type { ChatChunk } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { sse, testContext, usage } from './fixtures.ts';
import { GeminiStreamTranslator } from './stream.ts';

type Chunk = { choices: { index: number; delta: Record<string, unknown>; finish_reason: string | null }[]; usage?: unknown };

function run(events: unknown[], includeUsage = false): Chunk[] {
  const t = new GeminiStreamTranslator(testContext({ stream: true, includeUsage }));
  const chunks: ChatChunk[] = [];
  for (const e of events) chunks.push(...t.push(sse(e)));
  chunks.push(...t.end());
  return chunks as Chunk[];
}

function grammar(chunks: Chunk[], includeUsage: boolean, tools?: string[]) {
  const events = [...chunks.map((c) => JSON.stringify(c)), '[DONE]'].map((data) => ({ data, raw: `data: ${data}` }));
  const s = parseStream(events);
  for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
  const violations = [...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)];
  if (tools) violations.push(...checkToolDeltas(s, tools).violations);
  expect(violations).toEqual([]);
}

const textEvents = [
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Let me think.', thought: true }] }, index: 0 }], usageMetadata: { promptTokenCount: 12, thoughtsTokenCount: 30 } },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello ' }] }, index: 0 }] },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'there.' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage },
];

const parallelEvents = [
  { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' }] }, index: 0 }] },
  { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'get_time', args: {} } }, { functionCall: { name: 'get_weather', args: { city: 'Rome' } } }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage },
];

describe('GeminiStreamTranslator', () => {
  it('streams role first, reasoning and content deltas as they arrive, one finish, then usage when asked', () => {
    const t = new GeminiStreamTranslator(testContext({ stream: true, includeUsage: true }));
    const first = t.push(sse(textEvents[0])) as Chunk[];
    expect(first.map((c) => c.choices[0]!.delta)).toEqual([{ role: 'assistant', content: '' }, { reasoning_content: 'Let me think.' }]);
    const rest = [...t.push(sse(textEvents[1])), ...t.push(sse(textEvents[2])), ...t.end()] as Chunk[];
    expect(rest.map((c) => c.choices[0]?.delta)).toEqual([{ content: 'Hello ' }, { content: 'there.' }, {}, undefined]);
    expect(rest[2]!.choices[0]!.finish_reason).toBe('stop');
    expect(rest[3]).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 37, total_tokens: 49, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 30 } } });
    grammar([...first, ...rest], true);
  });

  it('regression: without include_usage no chunk carries usage; with it the usage chunk has choices []', () => {
    const without = run(textEvents, false);
    expect(without.some((c) => c.usage !== undefined && c.usage !== null)).toBe(false);
    grammar(without, false);
    const withUsage = run(textEvents, true);
    const usageChunks = withUsage.filter((c) => c.usage);
    expect(usageChunks).toHaveLength(1);
    expect(usageChunks[0]!.choices).toEqual([]);
  });

  it('regression: parallel calls get distinct indexes and ids, type/id/name only on the opening delta, no empty argument deltas', () => {
    const chunks = run(parallelEvents);
    const deltas = chunks.flatMap((c) => (c.choices[0]?.delta.tool_calls as Record<string, unknown>[] | undefined) ?? []);
    const opens = deltas.filter((d) => d.id !== undefined);
    expect(opens.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(new Set(opens.map((d) => d.id)).size).toBe(3);
    expect(opens[0]).toMatchObject({ type: 'function', function: { name: 'get_weather', arguments: '' }, extra_content: { google: { thought_signature: 'c2ln' } } });
    const fragments = deltas.filter((d) => d.id === undefined);
    expect(fragments.every((d) => Object.keys(d).sort().join() === 'function,index' && Object.keys(d.function as object).join() === 'arguments' && (d.function as { arguments: string }).arguments !== '')).toBe(true);
    const { calls } = checkToolDeltas(parseStream(chunks.map((c) => ({ data: JSON.stringify(c), raw: '' }))), ['get_weather', 'get_time']);
    expect(calls.map((c) => [c.index, c.name, JSON.parse(c.arguments)])).toEqual([[0, 'get_weather', { city: 'Paris' }], [1, 'get_time', {}], [2, 'get_weather', { city: 'Rome' }]]);
    grammar(chunks, false, ['get_weather', 'get_time']);
  });

  it('regression: a Gemini tool turn that ends with STOP finishes with tool_calls', () => {
    const chunks = run(parallelEvents);
    expect(chunks.flatMap((c) => c.choices.map((x) => x.finish_reason)).filter(Boolean)).toEqual(['tool_calls']);
  });

  it('regression: reasoning deltas are not dropped', () => {
    const chunks = run([{ candidates: [{ content: { parts: [{ text: 'a', thought: true }] } }] }, { candidates: [{ content: { parts: [{ text: 'b', thought: true }, { text: 'c' }] }, finishReason: 'STOP' }] }]);
    expect(chunks.map((c) => c.choices[0]?.delta.reasoning_content).filter(Boolean).join('')).toBe('ab');
  });

  it('streams n > 1 candidates as separate choices, each finished once', () => {
    const chunks = run([
      { candidates: [{ content: { parts: [{ text: 'a' }] }, index: 0 }, { content: { parts: [{ text: 'b' }] }, index: 1 }] },
      { candidates: [{ content: { parts: [{ text: '!' }] }, finishReason: 'STOP', index: 0 }, { content: { parts: [{ text: '?' }] }, finishReason: 'MAX_TOKENS', index: 1 }] },
    ], true);
    const text = (i: number) => chunks.flatMap((c) => c.choices.filter((x) => x.index === i).map((x) => x.delta.content ?? '')).join('');
    expect([text(0), text(1)]).toEqual(['a!', 'b?']);
    expect(chunks.flatMap((c) => c.choices.filter((x) => x.finish_reason).map((x) => [x.index, x.finish_reason]))).toEqual([[0, 'stop'], [1, 'length']]);
    grammar(chunks, true);
  });

  it('finishes a blocked prompt with content_filter', () => {
    const chunks = run([{ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3 } }], true);
    expect(chunks.flatMap((c) => c.choices.map((x) => x.finish_reason)).filter(Boolean)).toEqual(['content_filter']);
    grammar(chunks, true);
  });

  it('regression: a mid-stream error event throws the mapped error (never a silent close)', () => {
    const t = new GeminiStreamTranslator(testContext({ stream: true }));
    t.push(sse(textEvents[1]));
    let thrown: unknown;
    try { t.push(sse({ error: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' } })); } catch (error) { thrown = error; }
    expect(thrown).toBeInstanceOf(UpstreamStreamError);
    expect((thrown as UpstreamStreamError).error).toMatchObject({ status: 502, code: 'upstream_error', message: expect.stringContaining('An internal error has occurred.') });
    const t2 = new GeminiStreamTranslator(testContext({ stream: true }));
    expect(() => t2.push(sse({ error: { code: 429, message: 'Quota', status: 'RESOURCE_EXHAUSTED' } }))).toThrow(UpstreamStreamError);
  });

  it('throws from end() when the stream stops before the finishReason, and on frames that are not JSON', () => {
    const t = new GeminiStreamTranslator(testContext({ stream: true }));
    t.push(sse(textEvents[1]));
    expect(() => t.end()).toThrow(/before the finishReason/);
    expect(() => new GeminiStreamTranslator(testContext({ stream: true })).end()).toThrow(/before any candidate/);
    expect(() => new GeminiStreamTranslator(testContext({ stream: true })).push({ kind: 'sse', data: '{"candid' })).toThrow(UpstreamStreamError);
    expect(new GeminiStreamTranslator(testContext({ stream: true })).push({ kind: 'sse', data: '' })).toEqual([]);
  });
});
