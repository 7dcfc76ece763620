/**
 * Streaming: the raw SSE sequence (named events, ping after the first block starts, deltas, message_delta
 * with cumulative usage, message_stop), the SDK's `messages.stream()` helper and raw `create({stream:true})`
 * iteration, tool input reassembled by the SDK from `input_json_delta` fragments, and the journal marking a
 * stream complete or aborted.
 */
import { describe, expect, it } from 'vitest';
import { body, events, MODEL, postJson, sdkClient, simulator } from './test-kit.ts';

const weatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city', 'unit'] } };

describe('anthropic messages (stream)', () => {
  it('sends the documented event sequence, every event named after its type', async () => {
    const sim = simulator();
    const response = await postJson(sim, '/v1/messages', body({ stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const all = await events(response);
    for (const ev of all) expect(JSON.parse(ev.data).type).toBe(ev.event);
    const names = all.map((e) => e.event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(names.filter((n) => n === 'content_block_delta').length).toBeGreaterThan(1);
    const start = JSON.parse(all[0]!.data);
    expect(start.message).toMatchObject({ content: [], stop_reason: null, stop_sequence: null, usage: { output_tokens: 1 } });
    expect(start.message.usage.input_tokens).toBeGreaterThan(0);
    const delta = JSON.parse(all[all.length - 2]!.data);
    expect(delta.delta).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
    expect(delta.usage.output_tokens).toBeGreaterThan(1);
    expect(sim.journal.last()).toMatchObject({ completed: true, aborted: false });
  });

  it('the SDK stream helper accumulates the same message as the non-stream answer', async () => {
    const client = sdkClient(simulator());
    const params = { model: MODEL, max_tokens: 512, messages: [{ role: 'user' as const, content: 'A story about a harbor' }] };
    const stream = client.messages.stream(params);
    let text = '';
    stream.on('text', (t) => { text += t; });
    const final = await stream.finalMessage();
    const plain = await client.messages.create(params);
    expect(final.content).toEqual(plain.content);
    expect(text).toBe((plain.content[0] as { text: string }).text);
    expect(final.usage.output_tokens).toBe(plain.usage.output_tokens);
    expect(final.stop_reason).toBe('end_turn');
  });

  it('raw create({stream: true}) iterates typed events', async () => {
    const stream = await sdkClient(simulator()).messages.create({ model: MODEL, max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(text.length).toBeGreaterThan(10);
  });

  it('streams tool input as input_json_delta fragments the SDK reassembles', async () => {
    const sim = simulator();
    const params = { model: MODEL, max_tokens: 512, tools: [weatherTool], tool_choice: { type: 'tool' as const, name: 'get_weather' }, messages: [{ role: 'user' as const, content: 'Weather in Paris?' }] };
    const raw = await events(await postJson(sim, '/v1/messages', { ...params, stream: true }));
    const fragments = raw.filter((e) => e.event === 'content_block_delta').map((e) => JSON.parse(e.data).delta);
    expect(fragments[0]).toEqual({ type: 'input_json_delta', partial_json: '' });
    expect(fragments.length).toBeGreaterThan(2);
    const blockStart = JSON.parse(raw.find((e) => e.event === 'content_block_start')!.data);
    expect(blockStart.content_block).toMatchObject({ type: 'tool_use', name: 'get_weather', input: {} });
    const client = sdkClient(sim);
    const jsonSnapshots: string[] = [];
    const stream = client.messages.stream(params).on('inputJson', (partial) => { jsonSnapshots.push(partial); });
    const final = await stream.finalMessage();
    const plain = await client.messages.create(params);
    expect(final.content).toEqual(plain.content);
    expect(final.stop_reason).toBe('tool_use');
    expect(jsonSnapshots.join('')).toBe(JSON.stringify((plain.content[0] as { input: unknown }).input));
  });

  it('is deterministic: the same streamed request gives the same bytes', async () => {
    const request = body({ stream: true, messages: [{ role: 'user', content: 'Tell me about bridges' }] });
    const [a, b] = await Promise.all([postJson(simulator(), '/v1/messages', request), postJson(simulator(), '/v1/messages', request)]);
    expect(await a.text()).toBe(await b.text());
  });

  it('journals a stream the client cancels as aborted', async () => {
    const sim = simulator();
    const response = await postJson(sim, '/v1/messages', body({ stream: true }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(sim.journal.last()).toMatchObject({ completed: false, aborted: true });
  });
});
