import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../spec/index.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream } from '../../../suites/chat/grammar.ts';
import type { ChatChunk, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { AzureStreamTranslator } from './stream.ts';
import { azureTestContext } from './test-context.ts';

type Json = Record<string, any>;

const filters = { hate: { filtered: false, severity: 'safe' }, sexual: { filtered: false, severity: 'safe' } };
/** Azure's prelude: `choices: []`, empty id/model, the prompt's filter results. */
const prelude = { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: filters }] };
const envelope = { id: 'chatcmpl-Up1', object: 'chat.completion.chunk', created: 1_735_689_600, model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_x' };
const chunk = (choices: Json[], extra: Json = {}) => ({ ...envelope, choices, ...extra });
const choice = (delta: Json, finish: string | null = null, index = 0) => ({ index, delta, finish_reason: finish, logprobs: null, content_filter_results: finish ? {} : filters });
const sse = (value: unknown): UpstreamFrame => ({ kind: 'sse', data: typeof value === 'string' ? value : JSON.stringify(value) });
const DONE = sse('[DONE]');
const usage = { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };

function run(frames: UpstreamFrame[], includeUsage = false): ChatChunk[] {
  const t = new AzureStreamTranslator(azureTestContext({ stream: true, includeUsage }));
  return [...frames.flatMap((f) => t.push(f)), ...t.end()];
}

function grammar(chunks: ChatChunk[], includeUsage: boolean) {
  const s = parseStream([...chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })), { data: '[DONE]', raw: '' }]);
  return [...checkFraming(s), ...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)];
}

function expectValid(chunks: ChatChunk[], includeUsage: boolean) {
  for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations, JSON.stringify(c)).toEqual([]);
  expect(grammar(chunks, includeUsage)).toEqual([]);
}

const textStream = [sse(prelude), sse(chunk([choice({ content: '', refusal: null, role: 'assistant' })])), sse(chunk([choice({ content: 'Hello' })])),
  sse(chunk([choice({ content: ' world' })])), sse(chunk([choice({}, 'stop')])), sse(chunk([], { usage })), DONE];

describe('AzureStreamTranslator', () => {
  it('folds the prompt-filter prelude into the role chunk and follows OpenAI\'s grammar', () => {
    const chunks = run(textStream, true);
    expectValid(chunks, true);
    expect(chunks[0]).toMatchObject({ id: 'chatcmpl-gateway0001', created: 1_750_000_000, model: 'my-gpt4o', prompt_filter_results: prelude.prompt_filter_results,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    expect(chunks.map((c) => (c.choices as Json[]).map((x) => x.delta?.content ?? x.finish_reason).join('|'))).toEqual(['', 'Hello', ' world', 'stop', '']);
    expect(chunks.at(-1)).toEqual({ id: 'chatcmpl-gateway0001', object: 'chat.completion.chunk', created: 1_750_000_000, model: 'my-gpt4o', choices: [], usage });
  });

  it('emits chunks as frames arrive (no buffering until the end)', () => {
    const t = new AzureStreamTranslator(azureTestContext({ stream: true }));
    expect(t.push(textStream[0]!)).toEqual([]);
    expect(t.push(textStream[1]!)).toHaveLength(1);
    expect((t.push(textStream[2]!)[0]!.choices as Json[])[0]!.delta).toEqual({ content: 'Hello' });
  });

  it('without include_usage no chunk carries usage, even if Azure sends it', () => {
    const chunks = run(textStream, false);
    expectValid(chunks, false);
    expect(chunks.some((c) => c.usage !== undefined)).toBe(false);
  });

  it('regression: usage riding on a chunk with non-empty choices is split into the final choices: [] chunk', () => {
    const frames = [sse(prelude), sse(chunk([choice({ role: 'assistant', content: 'Hi' })])), sse(chunk([choice({}, 'stop')], { usage })), DONE];
    const chunks = run(frames, true);
    expectValid(chunks, true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage });
    expect(chunks.slice(0, -1).every((c) => c.usage === undefined)).toBe(true);
  });

  it('parallel tool calls: first delta opens (index, id, type, name, ""), later deltas carry only argument fragments', () => {
    const frames = [sse(prelude),
      sse(chunk([choice({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] })])),
      sse(chunk([choice({}, 'tool_calls')])), DONE];
    const chunks = run(frames);
    expectValid(chunks, false);
    const s = parseStream(chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })));
    const { violations, calls } = checkToolDeltas(s, ['get_weather', 'get_time']);
    expect(violations).toEqual([]);
    expect(calls).toEqual([
      { index: 0, id: 'call_a', type: 'function', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { index: 1, id: 'call_b', type: 'function', name: 'get_time', arguments: '{}' },
    ]);
    expect((chunks[0]!.choices as Json[])[0]!.delta).toEqual({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] });
  });

  it('regression: later deltas repeating id/type/name, and empty argument deltas, are not passed on', () => {
    const frames = [sse(prelude),
      sse(chunk([choice({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"a":' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 0, function: { arguments: '' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 0, type: null, id: null, function: { arguments: '1}' } }] })])),
      sse(chunk([choice({}, 'tool_calls')])), DONE];
    const chunks = run(frames);
    const toolDeltas = chunks.flatMap((c) => (c.choices as Json[]).flatMap((x) => x.delta.tool_calls ?? []));
    expect(toolDeltas).toEqual([
      { index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '' } },
      { index: 0, function: { arguments: '{"a":' } },
      { index: 0, function: { arguments: '1}' } },
    ]);
  });

  it('regression: parallel calls all sent at index 0 get distinct indexes (a new id opens a new call)', () => {
    const frames = [sse(prelude),
      sse(chunk([choice({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 0, id: 'call_b', type: 'function', function: { name: 'g', arguments: '' } }] })])),
      sse(chunk([choice({ tool_calls: [{ index: 0, function: { arguments: '{"y":2}' } }] })])),
      sse(chunk([choice({}, 'tool_calls')])), DONE];
    const s = parseStream(run(frames).map((c) => ({ data: JSON.stringify(c), raw: '' })));
    const { violations, calls } = checkToolDeltas(s, ['f', 'g']);
    expect(violations).toEqual([]);
    expect(calls.map((c) => [c.index, c.id, c.arguments])).toEqual([[0, 'call_a', '{"x":1}'], [1, 'call_b', '{"y":2}']]);
  });

  it('n = 2: each choice opens with its role and finishes once', () => {
    const frames = [sse(prelude),
      sse(chunk([choice({ role: 'assistant', content: '' }, null, 0)])), sse(chunk([choice({ role: 'assistant', content: '' }, null, 1)])),
      sse(chunk([choice({ content: 'a' }, null, 0)])), sse(chunk([choice({ content: 'b' }, null, 1)])),
      sse(chunk([choice({}, 'length', 0)])), sse(chunk([choice({}, 'stop', 1)])), DONE];
    const chunks = run(frames);
    expectValid(chunks, false);
    const finishes = chunks.flatMap((c) => (c.choices as Json[]).filter((x) => x.finish_reason).map((x) => [x.index, x.finish_reason]));
    expect(finishes).toEqual([[0, 'length'], [1, 'stop']]);
  });

  it('a first delta without role gets one; a finish riding on content is split into content then finish (delta {})', () => {
    const frames = [sse(chunk([choice({ content: 'Hi' })])), sse(chunk([{ index: 0, delta: { content: '!' }, finish_reason: 'stop', logprobs: null }])), DONE];
    const chunks = run(frames);
    expectValid(chunks, false);
    expect((chunks[0]!.choices as Json[])[0]!.delta).toEqual({ role: 'assistant', content: 'Hi' });
    expect(chunks.slice(1).map((c) => (c.choices as Json[])[0])).toEqual([
      { index: 0, delta: { content: '!' }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' },
    ]);
  });

  it('Azure\'s late content-filter annotations after the finish are dropped; a duplicate finish is ignored', () => {
    const frames = [...textStream.slice(0, 5), sse(chunk([{ index: 0, delta: {}, finish_reason: null, content_filter_results: filters }])), sse(chunk([choice({}, 'stop')])), sse(chunk([], { usage })), DONE];
    expectValid(run(frames, true), true);
  });

  it('content_filter finish reason passes through', () => {
    const frames = [sse(prelude), sse(chunk([choice({ role: 'assistant', content: 'Part' })])), sse(chunk([choice({}, 'content_filter')])), DONE];
    const chunks = run(frames);
    expectValid(chunks, false);
    expect((chunks.at(-1)!.choices as Json[])[0]!.finish_reason).toBe('content_filter');
  });

  it('reasoning_content deltas (reasoning deployments that return them) are kept, not dropped', () => {
    const frames = [sse(chunk([choice({ role: 'assistant', content: '' })])), sse(chunk([choice({ reasoning_content: 'Let me think' })])),
      sse(chunk([choice({ content: '42' })])), sse(chunk([choice({}, 'stop')])), DONE];
    const chunks = run(frames);
    expect(chunks.flatMap((c) => (c.choices as Json[]).map((x) => x.delta.reasoning_content).filter(Boolean))).toEqual(['Let me think']);
  });

  it('regression: a mid-stream error frame throws UpstreamStreamError (never a silent close)', () => {
    const t = new AzureStreamTranslator(azureTestContext({ stream: true }));
    t.push(textStream[0]!); t.push(textStream[1]!);
    let thrown: unknown;
    try { t.push(sse({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } })); } catch (error) { thrown = error; }
    expect(thrown).toBeInstanceOf(UpstreamStreamError);
    expect((thrown as UpstreamStreamError).error).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(() => t.push({ kind: 'sse', event: 'error', data: JSON.stringify({ code: 'content_filter', message: 'filtered' }) }))
      .toThrow(expect.objectContaining({ error: expect.objectContaining({ status: 400, code: 'content_filter' }) }));
  });

  it('a stream that ends before [DONE] throws from end(); so does a missing finish or a missing usage chunk', () => {
    const truncated = new AzureStreamTranslator(azureTestContext({ stream: true }));
    truncated.push(textStream[0]!); truncated.push(textStream[1]!);
    expect(() => truncated.end()).toThrow(UpstreamStreamError);
    expect(() => run([sse(chunk([choice({ role: 'assistant', content: 'x' })])), DONE])).toThrow(/finish_reason/);
    expect(() => run([sse(prelude), DONE])).toThrow(/without any choice/);
    expect(() => run(textStream.filter((f) => !(f.kind === 'sse' && f.data.includes('"usage"'))), true)).toThrow(/usage/);
  });

  it('a frame that is not JSON throws UpstreamStreamError (502)', () => {
    const t = new AzureStreamTranslator(azureTestContext({ stream: true }));
    expect(() => t.push(sse('{"choices": ['))).toThrow(UpstreamStreamError);
  });
});
