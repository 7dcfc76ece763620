// Cohere's typed chat stream (fixtures after docs.cohere.com/docs/streaming and /docs/tool-use-streaming)
// → OpenAI chunks, event by event, checked against spec/ and the stream grammar of suites/chat/grammar.ts.
import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../../lib/sse.ts';
import { validateEvent } from '../../../spec/index.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream } from '../../../suites/chat/grammar.ts';
import type { ChatChunk, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { CohereStreamTranslator } from './stream.ts';
import { testContext } from './test-context.ts';

type Json = Record<string, unknown>;
const frame = (type: string, rest: Json = {}): UpstreamFrame => ({ kind: 'sse', event: type, data: JSON.stringify({ type, ...rest }) });
const start = frame('message-start', { id: 'fba98ad3', delta: { message: { role: 'assistant' } } });
const contentStart = (index: number, type: 'text' | 'thinking') => frame('content-start', { index, delta: { message: { content: type === 'text' ? { type, text: '' } : { type, thinking: '' } } } });
const text = (index: number, t: string) => frame('content-delta', { index, delta: { message: { content: { text: t } } } });
const thinking = (index: number, t: string) => frame('content-delta', { index, delta: { message: { content: { thinking: t } } } });
const plan = (t: string) => frame('tool-plan-delta', { delta: { message: { tool_plan: t } } });
const callStart = (index: number, id: string, name: string) => frame('tool-call-start', { index, delta: { message: { tool_calls: { id, type: 'function', function: { name, arguments: '' } } } } });
const callDelta = (index: number, args: string) => frame('tool-call-delta', { index, delta: { message: { tool_calls: { function: { arguments: args } } } } });
const usage = { billed_units: { input_tokens: 20, output_tokens: 9 }, tokens: { input_tokens: 120, output_tokens: 9 } };
const end = (finish: string, extra: Json = {}) => frame('message-end', { delta: { finish_reason: finish, usage, ...extra } });

function run(frames: UpstreamFrame[], includeUsage = false): ChatChunk[] {
  const t = new CohereStreamTranslator(testContext({ stream: true, includeUsage }));
  return [...frames.flatMap((f) => t.push(f)), ...t.end()];
}

function grammar(chunks: ChatChunk[], includeUsage: boolean) {
  const events: SseEvent[] = [...chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })), { data: '[DONE]', raw: '' }];
  const s = parseStream(events);
  for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
  expect([...checkFraming(s), ...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)]).toEqual([]);
  return s;
}

const deltas = (chunks: ChatChunk[]) => chunks.flatMap((c) => (c.choices as Json[]).map((ch) => ch.delta as Json));
const joined = (chunks: ChatChunk[], field: string) => deltas(chunks).map((d) => (typeof d[field] === 'string' ? d[field] : '')).join('');

describe('CohereStreamTranslator', () => {
  it('translates a text stream: role first, content deltas, one finish, no usage unless asked', () => {
    const chunks = run([start, contentStart(0, 'text'), text(0, 'A large'), text(0, ' language model'), frame('content-end', { index: 0 }), end('COMPLETE')]);
    grammar(chunks, false);
    expect(deltas(chunks)[0]).toEqual({ role: 'assistant', content: '' });
    expect(joined(chunks, 'content')).toBe('A large language model');
    expect(chunks.at(-1)).toMatchObject({ choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] });
    expect(chunks.every((c) => c.usage === undefined)).toBe(true);
  });

  it('emits the usage chunk last with choices [] when include_usage is set (regression: usage chunk with non-empty choices)', () => {
    const chunks = run([start, text(0, 'hi'), end('COMPLETE')], true);
    grammar(chunks, true);
    expect(chunks.at(-1)).toEqual({
      id: 'chatcmpl-test0000000000000000', object: 'chat.completion.chunk', created: 1_735_689_600, model: 'command-a-03-2025', choices: [],
      usage: { prompt_tokens: 120, completion_tokens: 9, total_tokens: 129, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
    });
    expect(chunks.at(-2)).toMatchObject({ choices: [{ finish_reason: 'stop' }] });
  });

  it('keeps every thinking delta as reasoning_content (regression: dropped reasoning deltas)', () => {
    const chunks = run([start, contentStart(0, 'thinking'), thinking(0, 'Alice has '), thinking(0, '2 sisters.'), frame('content-end', { index: 0 }), contentStart(1, 'text'), text(1, 'Three.'), end('COMPLETE')]);
    grammar(chunks, false);
    expect(joined(chunks, 'reasoning_content')).toBe('Alice has 2 sisters.');
    expect(joined(chunks, 'content')).toBe('Three.');
  });

  it('reads text deltas of a thinking block as reasoning', () => {
    const chunks = run([start, contentStart(0, 'thinking'), text(0, 'hmm'), end('COMPLETE')]);
    expect(joined(chunks, 'reasoning_content')).toBe('hmm');
  });

  it('translates parallel tool calls with distinct indexes and ids; later deltas carry only arguments (regression: repeated type/id, empty deltas, all at index 0)', () => {
    const chunks = run([
      start, plan('I will check '), plan('both.'),
      callStart(0, 'get_weather_a1', 'get_weather'), callDelta(0, '{"city":'), callDelta(0, ''), callDelta(0, ' "Madrid"}'), frame('tool-call-end', { index: 0 }),
      callStart(1, 'get_weather_b2', 'get_weather'), callDelta(1, '{"city": "Brasilia"}'), frame('tool-call-end', { index: 1 }),
      end('TOOL_CALL'),
    ]);
    const s = grammar(chunks, false);
    const { violations, calls } = checkToolDeltas(s, ['get_weather']);
    expect(violations).toEqual([]);
    expect(calls).toEqual([
      { index: 0, id: 'get_weather_a1', type: 'function', name: 'get_weather', arguments: '{"city": "Madrid"}' },
      { index: 1, id: 'get_weather_b2', type: 'function', name: 'get_weather', arguments: '{"city": "Brasilia"}' },
    ]);
    const toolDeltas = deltas(chunks).flatMap((d) => (d.tool_calls as Json[] | undefined) ?? []);
    expect(toolDeltas.filter((d) => d.type !== undefined)).toHaveLength(2);
    for (const d of toolDeltas.filter((x) => x.type === undefined)) {
      expect(Object.keys(d).sort()).toEqual(['function', 'index']);
      expect(Object.keys(d.function as Json)).toEqual(['arguments']);
      expect((d.function as Json).arguments).not.toBe('');
    }
    expect(joined(chunks, 'content')).toBe('I will check both.');
  });

  it('ends a tool-call turn with "tool_calls" even if Cohere says COMPLETE (regression: tool turns ending with "stop")', () => {
    const chunks = run([start, callStart(0, 'c1', 'f'), callDelta(0, '{}'), end('COMPLETE')]);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'tool_calls' }] });
  });

  it('maps MAX_TOKENS to length', () => {
    expect(run([start, text(0, 'a'), end('MAX_TOKENS')]).at(-1)).toMatchObject({ choices: [{ finish_reason: 'length' }] });
  });

  it('starts with the role chunk even when message-start is missing, and ignores [DONE] and unknown events', () => {
    const chunks = run([text(0, 'x'), { kind: 'sse', data: '[DONE]' }, frame('citation-start', { index: 0 }), frame('debug'), frame('some-new-event'), end('COMPLETE')]);
    grammar(chunks, false);
    expect(joined(chunks, 'content')).toBe('x');
  });

  it('reads the event type from the SSE event name when the payload lacks it', () => {
    const chunks = run([{ kind: 'sse', event: 'message-start', data: '{}' }, { kind: 'sse', event: 'content-delta', data: JSON.stringify({ index: 0, delta: { message: { content: { text: 'y' } } } }) }, end('COMPLETE')]);
    expect(joined(chunks, 'content')).toBe('y');
  });

  it('throws UpstreamStreamError for a message-end with an error (regression: mid-stream error turned into a silent close)', () => {
    const t = new CohereStreamTranslator(testContext({ stream: true }));
    t.push(start);
    let caught: unknown;
    try { t.push(frame('message-end', { delta: { error: 'internal server error', finish_reason: 'ERROR' } })); } catch (error) { caught = error; }
    expect(caught).toBeInstanceOf(UpstreamStreamError);
    expect((caught as UpstreamStreamError).error).toMatchObject({ status: 502, type: 'upstream_error' });
    expect((caught as UpstreamStreamError).error.message).toContain('internal server error');
    expect(() => new CohereStreamTranslator(testContext()).push(end('TIMEOUT'))).toThrow(UpstreamStreamError);
  });

  it('throws for an error payload, an error event and a malformed event', () => {
    const t = () => new CohereStreamTranslator(testContext({ stream: true }));
    expect(() => t().push({ kind: 'sse', data: JSON.stringify({ id: 'x', message: 'too many tokens' }) })).toThrow(UpstreamStreamError);
    expect(() => t().push({ kind: 'sse', event: 'error', data: JSON.stringify({ message: 'boom' }) })).toThrow(/boom/);
    expect(() => t().push({ kind: 'sse', data: '{not json' })).toThrow(/malformed/);
    expect(() => t().push({ kind: 'eventstream', headers: {}, payload: new Uint8Array() })).toThrow(UpstreamStreamError);
    const caught = (() => { try { t().push({ kind: 'sse', data: JSON.stringify({ status: 429, message: 'slow down' }) }); } catch (error) { return error; } })();
    expect(caught).toBeInstanceOf(UpstreamStreamError);
    expect((caught as UpstreamStreamError).error).toMatchObject({ status: 429, message: 'slow down' });
  });

  it('throws from end() when the stream stops before message-end (truncated)', () => {
    const t = new CohereStreamTranslator(testContext({ stream: true }));
    expect(t.push(start)).toHaveLength(1);
    t.push(text(0, 'partial'));
    expect(() => t.end()).toThrow(/before its message-end/);
  });

  it('refuses arguments for a tool call that never started and a call started twice', () => {
    const t = new CohereStreamTranslator(testContext({ stream: true }));
    t.push(start);
    expect(() => t.push(callDelta(3, '{}'))).toThrow(UpstreamStreamError);
    t.push(callStart(0, 'a', 'f'));
    expect(() => t.push(callStart(0, 'b', 'f'))).toThrow(/twice/);
  });

  it('emits chunks as frames arrive (nothing held back until the end)', () => {
    const t = new CohereStreamTranslator(testContext({ stream: true }));
    expect(t.push(start)).toHaveLength(1);
    expect(t.push(text(0, 'a'))).toHaveLength(1);
    expect(t.push(callStart(0, 'c', 'f'))).toHaveLength(1);
    expect(t.push(callDelta(0, '{}'))).toHaveLength(1);
    expect(t.push(end('TOOL_CALL'))).toHaveLength(1);
    expect(t.end()).toEqual([]);
  });
});
