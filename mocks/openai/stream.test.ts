/**
 * Bytes on the wire: SSE framing and headers of a stream, byte-identical output for identical requests
 * (key order irrelevant), the per-chunk production of the stream, and the journal (including aborts).
 */
import { describe, expect, it } from 'vitest';
import { readSse } from '../../lib/sse.ts';
import type { Simulator } from '../types.ts';
import { createOpenAISimulator } from './index.ts';

const URL = 'https://api.openai.com/v1/chat/completions';
const post = (sim: Simulator, body: unknown) =>
  sim.fetch(new Request(URL, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }));

const streamed = { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Frame it' }] };

describe('SSE framing', () => {
  it('sends data-only events separated by blank lines and ends with [DONE]', async () => {
    const res = await post(createOpenAISimulator(), streamed);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const text = await res.text();
    expect(text.startsWith('data: {"id":"chatcmpl-')).toBe(true);
    expect(text.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
    const events = text.slice(0, -2).split('\n\n');
    expect(events.every((e) => e.startsWith('data: ') && !e.includes('\n'))).toBe(true);
    const first = JSON.parse(events[0]!.slice(6));
    expect(Object.keys(first)).toEqual(['id', 'object', 'created', 'model', 'service_tier', 'system_fingerprint', 'choices', 'obfuscation']);
    expect(first.choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null });
  });

  it('orders usage before obfuscation and drops obfuscation when asked', async () => {
    const sim = createOpenAISimulator();
    const withUsage = await (await post(sim, { ...streamed, stream_options: { include_usage: true } })).text();
    expect(Object.keys(JSON.parse(withUsage.split('\n\n')[0]!.slice(6))).slice(-2)).toEqual(['usage', 'obfuscation']);
    const plain = await (await post(sim, { ...streamed, stream_options: { include_obfuscation: false } })).text();
    expect(plain).not.toContain('obfuscation');
  });

  it('produces the stream one event per read (pull), not as one buffered string', async () => {
    const res = await post(createOpenAISimulator(), streamed);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const reads: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      reads.push(decoder.decode(value));
    }
    expect(reads.length).toBeGreaterThan(4);
    expect(reads.every((r) => r.startsWith('data: ') && r.endsWith('\n\n') && r.split('\n\n').length === 2)).toBe(true);
  });

  it('parses with the shared SSE reader', async () => {
    const res = await post(createOpenAISimulator(), streamed);
    const data: string[] = [];
    for await (const ev of readSse(res.body!)) data.push(ev.data);
    expect(data.at(-1)).toBe('[DONE]');
    expect(data.slice(0, -1).every((d) => JSON.parse(d).object === 'chat.completion.chunk')).toBe(true);
  });
});

describe('determinism', () => {
  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Same' }], temperature: 0.5 };
  const reordered = { temperature: 0.5, messages: [{ content: 'Same', role: 'user' }], model: 'gpt-4o' };

  it('gives byte-identical answers (ids and headers included) for the same request', async () => {
    const [a, b] = [await post(createOpenAISimulator(), body), await post(createOpenAISimulator(), reordered)];
    expect(await a.text()).toBe(await b.text());
    expect(a.headers.get('x-request-id')).toBe(b.headers.get('x-request-id'));
    const [s1, s2] = [await post(createOpenAISimulator(), { ...body, stream: true }), await post(createOpenAISimulator(), { ...reordered, stream: true })];
    expect(await s1.text()).toBe(await s2.text());
  });

  it('gives different text for different requests', async () => {
    const sim = createOpenAISimulator();
    const a = await (await post(sim, body)).json();
    const b = await (await post(sim, { ...body, messages: [{ role: 'user', content: 'Different' }] })).json();
    expect(a.id).not.toBe(b.id);
    expect(a.choices[0].message.content).not.toBe(b.choices[0].message.content);
  });

  it('takes `created` from the injected clock', async () => {
    const sim = createOpenAISimulator({ now: () => Date.UTC(2030, 0, 1, 0, 0, 5) });
    expect((await (await post(sim, body)).json()).created).toBe(Date.UTC(2030, 0, 1, 0, 0, 5) / 1000);
  });
});

describe('journal', () => {
  it('records method, path, headers, parsed body and outcome; clear() empties it', async () => {
    const sim = createOpenAISimulator();
    const res = await post(sim, { model: 'gpt-4o', messages: [{ role: 'user', content: 'log me' }] });
    await res.text();
    const [entry] = sim.journal.entries;
    expect(entry).toMatchObject({
      seq: 1, method: 'POST', path: '/v1/chat/completions', status: 200, completed: true, aborted: false,
      requestId: res.headers.get('x-request-id'),
      body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'log me' }] },
    });
    expect(entry!.headers.authorization).toBe('Bearer sk-test');
    await post(sim, 'not json');
    expect(sim.journal.last()).toMatchObject({ seq: 2, status: 400, body: undefined, rawBody: 'not json' });
    sim.journal.clear();
    expect(sim.journal.entries).toEqual([]);
  });

  it('marks a stream the client cancelled part-way as aborted', async () => {
    const sim = createOpenAISimulator();
    const res = await post(sim, streamed);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(sim.journal.last()).toMatchObject({ aborted: true, completed: false });
  });

  it('marks a fully read stream completed', async () => {
    const sim = createOpenAISimulator();
    const res = await post(sim, streamed);
    expect(sim.journal.last()!.completed).toBe(false);
    await res.text();
    expect(sim.journal.last()).toMatchObject({ aborted: false, completed: true });
  });
});
