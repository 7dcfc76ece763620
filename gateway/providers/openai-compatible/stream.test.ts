// Stream translation, fixture by fixture (shapes from the providers' docs): the OpenAI grammar holds,
// usage is sent once and only when asked, tool calls and reasoning are normalized, errors are loud.
import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../../lib/sse.ts';
import { validateEvent } from '../../../spec/index.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream } from '../../../suites/chat/grammar.ts';
import type { ChatChunk } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { deltasOf, DONE, frame, runStream, textOf } from './test-kit.ts';

type Json = Record<string, unknown>;

/** Grammar + schema violations of translated chunks as the driver would send them (with [DONE]). */
function violations(chunks: ChatChunk[], includeUsage: boolean) {
  const events: SseEvent[] = [...chunks.map((c) => JSON.stringify(c)), '[DONE]'].map((data) => ({ data, raw: `data: ${data}` }));
  const s = parseStream(events);
  const schema = chunks.flatMap((c) => validateEvent('createChatCompletion', c).violations);
  return [...schema, ...checkFraming(s), ...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)];
}
const toolGrammar = (chunks: ChatChunk[], declared: string[]) => {
  const events: SseEvent[] = [...chunks.map((c) => JSON.stringify(c)), '[DONE]'].map((data) => ({ data, raw: `data: ${data}` }));
  return checkToolDeltas(parseStream(events), declared);
};

const chunk = (choices: Json[], extra: Json = {}) => ({ id: 'up-1', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices, ...extra });
const delta = (d: Json, finish: string | null = null, index = 0) => ({ index, delta: d, logprobs: null, finish_reason: finish });

const groqStream = (withUsageFlag: boolean) => [
  frame(chunk([delta({ role: 'assistant', content: '' })], { system_fingerprint: 'fp', x_groq: { id: 'req_1' } })),
  frame(chunk([delta({ content: 'Hello' })])),
  frame(chunk([delta({ content: ' there' })])),
  frame(chunk([delta({}, 'stop')], {
    ...(withUsageFlag ? { usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } } : {}),
    x_groq: { id: 'req_1', usage: { queue_time: 0.1, prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } },
  })),
  DONE,
];

describe('stream: usage', () => {
  it('Groq: x_groq.usage becomes one final usage chunk when include_usage, nothing otherwise', () => {
    const withUsage = runStream('groq', groqStream(true), { includeUsage: true });
    expect(violations(withUsage, true)).toEqual([]);
    const last = withUsage[withUsage.length - 1]!;
    expect(last).toMatchObject({ id: 'chatcmpl-test', object: 'chat.completion.chunk', model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, prompt_tokens_details: { cached_tokens: 0 } } });
    expect(withUsage.slice(0, -1).every((c) => c.usage === undefined)).toBe(true);
    const without = runStream('groq', groqStream(false));
    expect(violations(without, false)).toEqual([]);
    expect(JSON.stringify(without)).not.toContain('"usage"');
    expect(without[0]).toMatchObject({ x_groq: { id: 'req_1' } });
    expect(textOf(without)).toBe('Hello there');
  });
  it('regression: the finish chunk never carries usage and the usage chunk has choices [] (Together, AI21, DeepInfra, Cerebras)', () => {
    for (const p of ['together', 'ai21', 'deepinfra', 'cerebras'] as const) {
      const out = runStream(p, [
        frame(chunk([{ index: 0, delta: { role: 'assistant', content: '' } }])),
        frame(chunk([{ index: 0, delta: { role: 'assistant', content: 'Hi', token_id: 5 }, text: 'Hi', seed: null }])),
        frame(chunk([{ index: 0, delta: { role: 'assistant' }, finish_reason: 'stop', text: '', seed: 42 }], { usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 }, time_info: { total_time: 0.1 } })),
        DONE,
      ], { includeUsage: true });
      expect(violations(out, true), p).toEqual([]);
      const finish = out.find((c) => (c.choices as Json[])[0]?.finish_reason)!;
      expect(finish.usage).toBeUndefined();
      expect((finish.choices as Json[])[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
      expect(JSON.stringify(out)).not.toMatch(/token_id|"text"|"seed"/);
    }
  });
  it('xAI: the extra empty-choices chunk after the finish is not forwarded; reasoning tokens added to completion_tokens', () => {
    const out = runStream('xai', [
      frame(chunk([delta({ role: 'assistant', content: '' })])),
      frame(chunk([delta({ reasoning_content: 'think' })])),
      frame(chunk([delta({ content: 'Yes' })])),
      frame(chunk([delta({}, 'stop')], { usage: { prompt_tokens: 16, completion_tokens: 31, total_tokens: 305, completion_tokens_details: { reasoning_tokens: 258 } } })),
      frame(chunk([])),
      DONE,
    ], { includeUsage: true });
    expect(violations(out, true)).toEqual([]);
    expect(out[out.length - 1]!.usage).toMatchObject({ completion_tokens: 289, total_tokens: 305, completion_tokens_details: { reasoning_tokens: 258 } });
    expect(textOf(out, 'reasoning_content')).toBe('think');
  });
  it('SambaNova: its own usage chunk (choices []) is re-sent once, at the end, only when asked', () => {
    const frames = [
      frame(chunk([delta({ role: 'assistant', content: '' })])), frame(chunk([delta({ content: 'ok' })])), frame(chunk([delta({}, 'stop')])),
      frame(chunk([], { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, is_last_response: true } })), DONE,
    ];
    expect(violations(runStream('sambanova', frames, { includeUsage: true }), true)).toEqual([]);
    expect(violations(runStream('sambanova', frames), false)).toEqual([]);
  });
});

describe('stream: Perplexity', () => {
  it('object chat.completion, role and usage on every chunk, cumulative message → OpenAI grammar; citations kept', () => {
    const base = { id: 'uuid', object: 'chat.completion', created: 1, model: 'sonar', citations: ['https://a.example/1'], search_results: [{ title: 't', url: 'https://a.example/1' }] };
    const step = (content: string | undefined, whole: string, finish: string | null, completion: number) => frame({
      ...base, usage: { prompt_tokens: 16, completion_tokens: completion, total_tokens: 16 + completion, citation_tokens: 469 },
      choices: [{ index: 0, delta: { role: 'assistant', ...(content !== undefined ? { content } : {}) }, finish_reason: finish, message: { role: 'assistant', content: whole } }],
    });
    const out = runStream('perplexity', [step('', '', null, 0), step('A', 'A', null, 1), step(' quiet', 'A quiet', null, 2), step(undefined, 'A quiet', 'stop', 2), DONE], { includeUsage: true });
    expect(violations(out, true)).toEqual([]);
    expect(textOf(out)).toBe('A quiet');
    expect(deltasOf(out).filter((d) => d.role).length).toBe(1);
    expect(JSON.stringify(out)).not.toContain('"message"');
    expect(out[1]).toMatchObject({ citations: ['https://a.example/1'] });
    expect(out[out.length - 1]!.usage).toMatchObject({ completion_tokens: 2, citation_tokens: 469 });
  });
});

describe('stream: reasoning', () => {
  it('regression: reasoning deltas are not dropped — `reasoning` (Groq/Cerebras/Together) → reasoning_content', () => {
    for (const p of ['groq', 'cerebras', 'together'] as const) {
      const out = runStream(p, [frame(chunk([delta({ role: 'assistant', content: '' })])), frame(chunk([delta({ reasoning: 'step 1' })])), frame(chunk([delta({ reasoning: ', step 2' })])), frame(chunk([delta({ content: 'Done.' })])), frame(chunk([delta({}, 'stop')])), DONE]);
      expect(violations(out, false)).toEqual([]);
      expect(textOf(out, 'reasoning_content')).toBe('step 1, step 2');
      expect(textOf(out)).toBe('Done.');
      expect(JSON.stringify(out)).not.toContain('"reasoning"');
    }
  });
  it('<think> tags split across chunks (SambaNova, Perplexity sonar-reasoning) → reasoning_content, then content', () => {
    const pieces = ['<th', 'ink>\nfirst', ' thought</th', 'ink>', '\n\n', 'Answer', '.'];
    const out = runStream('sambanova', [frame(chunk([delta({ role: 'assistant', content: '' })])), ...pieces.map((c) => frame(chunk([delta({ content: c })]))), frame(chunk([delta({}, 'stop')])), DONE]);
    expect(violations(out, false)).toEqual([]);
    expect(textOf(out, 'reasoning_content')).toBe('\nfirst thought');
    expect(textOf(out)).toBe('Answer.');
  });
  it('a length-limited think block ends as reasoning (held-back partial tag released at the finish)', () => {
    const out = runStream('perplexity', [frame(chunk([delta({ role: 'assistant', content: '<think>\nstill' })])), frame(chunk([delta({ content: ' going </thi' })])), frame(chunk([delta({}, 'length')])), DONE]);
    expect(textOf(out, 'reasoning_content')).toBe('\nstill going </thi');
    expect(textOf(out)).toBe('');
    expect(violations(out, false)).toEqual([]);
  });
});

describe('stream: tool calls', () => {
  const declared = ['get_weather', 'get_time'];
  it('regression: a call sent whole in one delta opens with arguments "" and continues with the fragment; never repeats type/id/name', () => {
    const out = runStream('groq', [
      frame(chunk([delta({ role: 'assistant', content: '' })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] })])),
      frame(chunk([delta({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }] })])),
      frame(chunk([delta({}, 'tool_calls')])), DONE,
    ]);
    expect(violations(out, false)).toEqual([]);
    const { violations: toolViolations, calls } = toolGrammar(out, declared);
    expect(toolViolations).toEqual([]);
    expect(calls.map((c) => [c.index, c.id, c.name, c.arguments])).toEqual([[0, 'call_a', 'get_weather', '{"city":"Paris"}'], [1, 'call_b', 'get_time', '{}']]);
    const tc = deltasOf(out).flatMap((d) => (d.tool_calls as Json[] | undefined) ?? []);
    expect(tc[0]).toEqual({ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(tc[1]).toEqual({ index: 0, function: { arguments: '{"city":"Paris"}' } });
  });
  it('regression: streamed fragments — empty argument deltas and repeated type/id/name are not sent', () => {
    const out = runStream('together', [
      frame(chunk([delta({ role: 'assistant', content: '' })])),
      frame(chunk([delta({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] })])),
      frame(chunk([delta({}, 'tool_calls')])), DONE,
    ]);
    const tc = deltasOf(out).flatMap((d) => (d.tool_calls as Json[] | undefined) ?? []);
    expect(tc).toEqual([
      { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 0, function: { arguments: '{"ci' } },
      { index: 0, function: { arguments: 'ty":"Oslo"}' } },
    ]);
    expect(toolGrammar(out, declared).violations).toEqual([]);
  });
  it('regression: parallel calls all sent at upstream index 0 get distinct indexes (distinct ids)', () => {
    const out = runStream('deepinfra', [
      frame(chunk([delta({ role: 'assistant', content: '' })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }] })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: '{"tz":"UTC"}' } }] })])),
      frame(chunk([delta({}, 'tool_calls')])), DONE,
    ]);
    const { violations: v, calls } = toolGrammar(out, declared);
    expect(v).toEqual([]);
    expect(calls.map((c) => [c.index, c.id, c.arguments])).toEqual([[0, 'call_a', '{}'], [1, 'call_b', '{"tz":"UTC"}']]);
  });
  it('a tool turn the provider ends with "stop" finishes with tool_calls; a call without an id gets one', () => {
    const out = runStream('ai21', [
      frame(chunk([delta({ role: 'assistant', content: '' })])),
      frame(chunk([delta({ tool_calls: [{ index: 0, type: 'function', function: { name: 'get_weather', arguments: '{}' } }] })])),
      frame(chunk([delta({}, 'stop')])), DONE,
    ]);
    const { violations: v, calls } = toolGrammar(out, declared);
    expect(v).toEqual([]);
    expect(String(calls[0]!.id)).toMatch(/^call_/);
  });
});

describe('stream: n > 1, errors, truncation', () => {
  it('each choice gets its own role-first and finish (Cerebras chunks without finish_reason fields)', () => {
    const out = runStream('cerebras', [
      frame(chunk([{ index: 0, delta: { role: 'assistant', content: '' } }])), frame(chunk([{ index: 1, delta: { role: 'assistant', content: '' } }])),
      frame(chunk([{ index: 0, delta: { content: 'a' } }])), frame(chunk([{ index: 1, delta: { content: 'b' } }])),
      frame(chunk([delta({}, 'length', 0)])), frame(chunk([delta({}, 'stop', 1)], { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } })), DONE,
    ], { includeUsage: true });
    expect(violations(out, true)).toEqual([]);
    expect(textOf(out)).toBe('a');
    expect(deltasOf(out, 1).map((d) => d.content ?? '').join('')).toBe('b');
  });
  it('regression: a mid-stream error frame throws (never a silent close) — every provider shape', () => {
    for (const [p, body] of [
      ['groq', { error: { message: 'boom', type: 'server_error' } }],
      ['cerebras', { message: 'boom', type: 'server_error', param: null, code: null }],
      ['xai', { code: 'Internal error', error: 'boom' }],
      ['ai21', { detail: 'boom' }],
    ] as const) {
      expect(() => runStream(p, [frame(chunk([delta({ role: 'assistant', content: '' })])), frame(body)])).toThrow(UpstreamStreamError);
      try { runStream(p, [frame(body)]); } catch (e) {
        expect((e as UpstreamStreamError).error.toJSON().error).toMatchObject({ type: 'upstream_error', code: 'upstream_error' });
        expect((e as UpstreamStreamError).error.message).toContain('boom');
      }
    }
  });
  it('a stream that stops before its finish or before [DONE] throws from end(); non-JSON data throws', () => {
    expect(() => runStream('groq', [frame(chunk([delta({ role: 'assistant', content: 'Hi' })]))])).toThrow(/before choice 0 finished/);
    expect(() => runStream('groq', [frame(chunk([delta({ role: 'assistant', content: 'Hi' }, 'stop')]))])).toThrow(/without data: \[DONE\]/);
    expect(() => runStream('groq', [DONE])).toThrow(/before any choice/);
    expect(() => runStream('groq', [frame('{not json')])).toThrow(/not JSON/);
  });
});
