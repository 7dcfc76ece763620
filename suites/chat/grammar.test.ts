// The chat stream grammar against a well-formed OpenAI stream and against streams broken one rule at a time.
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../lib/sse.ts';
import * as g from './grammar.ts';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024-07-18' };
const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({ ...base, choices, usage: null, ...extra });
const choice = (delta: unknown, finish: string | null = null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });

function streamOf(items: (unknown | string)[], tail = '') {
  const text = items.map((i) => `data: ${typeof i === 'string' ? i : JSON.stringify(i)}\n\n`).join('') + tail;
  const p = new SseParser();
  const events = p.push(text);
  return g.parseStream(events, p.end());
}

const good = (): unknown[] => [
  chunk([choice({ role: 'assistant', content: '', refusal: null })]),
  chunk([choice({ content: 'Hello' })]),
  chunk([choice({ content: ' there' })]),
  chunk([choice({}, 'stop')]),
  chunk([], { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }),
  '[DONE]',
];

describe('chat stream grammar', () => {
  it('accepts a well-formed stream', () => {
    const s = streamOf(good());
    expect([...g.checkFraming(s), ...g.checkRoleFirst(s), ...g.checkStableId(s), ...g.checkOneFinish(s), ...g.checkUsageChunk(s, true), ...g.checkDoneLast(s)]).toEqual([]);
  });

  it('role missing from the first delta', () => {
    const items = good();
    items[0] = chunk([choice({ content: '' })]);
    expect(g.checkRoleFirst(streamOf(items))[0]).toMatchObject({ pointer: '/0/choices/0/delta/role', actual: 'missing' });
  });

  it('id changing mid-stream', () => {
    const items = good();
    items[2] = { ...(items[2] as object), id: 'chatcmpl-2' };
    expect(g.checkStableId(streamOf(items))[0]).toMatchObject({ pointer: '/2/id', actual: '"chatcmpl-2"' });
  });

  it('two finish reasons, content after finish, no finish at all', () => {
    const twice = good();
    twice.splice(4, 0, chunk([choice({ content: 'late' }, 'stop')]));
    expect(g.checkOneFinish(streamOf(twice)).map((v) => v.rule)).toEqual(['chat.after-finish', 'chat.double-finish']);
    const none = good();
    none[3] = chunk([choice({ content: '!' })]);
    expect(g.checkOneFinish(streamOf(none)).map((v) => v.rule)).toEqual(['chat.no-finish']);
  });

  it('usage chunk rules', () => {
    const s = streamOf(good());
    expect(g.checkUsageChunk(s, false)[0]).toMatchObject({ pointer: '/4/usage', rule: 'chat.usage-unrequested' });
    const withChoices = good();
    withChoices[4] = chunk([choice({}, null)], { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
    expect(g.checkUsageChunk(streamOf(withChoices), true).map((v) => v.rule)).toContain('chat.usage-choices');
    const missing = good();
    missing.splice(4, 1);
    expect(g.checkUsageChunk(streamOf(missing), true).map((v) => v.rule)).toEqual(['chat.usage-count']);
  });

  it('[DONE] missing, repeated, or followed by data; partial events', () => {
    const items = good();
    expect(g.checkDoneLast(streamOf(items.slice(0, -1))).map((v) => v.rule)).toEqual(['chat.done-missing']);
    expect(g.checkDoneLast(streamOf([...items, '[DONE]'])).map((v) => v.rule)).toContain('chat.done-repeated');
    const partial = streamOf(items.slice(0, -1), 'data: {"trunc');
    expect(g.checkFraming(partial).map((v) => v.rule)).toEqual(['sse.partial']);
    expect(g.checkFraming(streamOf(['{not json', ...items])).map((v) => v.rule)).toEqual(['sse.json']);
  });

  it('tool-call deltas reassemble, and broken ones are named', () => {
    const tool = (tc: unknown, finish: string | null = null) => chunk([choice(tc === null ? {} : { tool_calls: [tc] }, finish)]);
    const ok = [
      chunk([choice({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] })]),
      tool({ index: 0, function: { arguments: '{"city":' } }),
      tool({ index: 0, function: { arguments: '"Paris"}' } }),
      tool(null, 'tool_calls'),
      '[DONE]',
    ];
    const good = g.checkToolDeltas(streamOf(ok), ['get_weather']);
    expect(good.violations).toEqual([]);
    expect(good.calls[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    const broken = [...ok];
    broken[2] = tool({ index: 0, function: { arguments: '"Paris"' } });
    broken[3] = tool(null, 'stop');
    expect(g.checkToolDeltas(streamOf(broken), ['get_weather']).violations.map((v) => v.pointer)).toEqual(['/tool_calls/0/function/arguments', '/choices/0/finish_reason']);
    const noId = [...ok];
    noId[0] = chunk([choice({ role: 'assistant', tool_calls: [{ index: 0, type: 'function', function: { name: 'other', arguments: '' } }] })]);
    expect(g.checkToolDeltas(streamOf(noId), ['get_weather']).violations.map((v) => v.pointer)).toEqual(['/0/choices/0/delta/tool_calls/0/id', '/0/choices/0/delta/tool_calls/0/function/name']);
  });
});
