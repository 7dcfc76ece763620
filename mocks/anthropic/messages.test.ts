/**
 * The Messages API through the official SDK, non-streaming: the Message shape and headers, model aliases,
 * determinism (same request, same bytes; stream and non-stream agree), stop sequences, max_tokens,
 * prefill, count_tokens, API versions (2026-10-21 drops sampling parameters), and both ways to send a key.
 */
import { describe, expect, it } from 'vitest';
import { body, MODEL, postJson, sdkClient, sdkError, simulator } from './test-kit.ts';

describe('anthropic messages (non-stream)', () => {
  it('answers a Message the SDK parses, with request-id and rate-limit headers', async () => {
    const sim = simulator();
    const { data, response } = await sdkClient(sim).messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello, Claude' }] }).withResponse();
    expect(data).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', stop_reason: 'end_turn', stop_sequence: null });
    expect(data.id).toMatch(/^msg_01[A-Za-z0-9]{22}$/);
    expect(data.content).toHaveLength(1);
    expect(data.content[0]).toMatchObject({ type: 'text', citations: null });
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(data.usage.output_tokens).toBeGreaterThan(0);
    expect(data.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' });
    expect(response.headers.get('request-id')).toMatch(/^req_011C[A-Za-z0-9]{20}$/);
    for (const family of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
      for (const part of ['limit', 'remaining', 'reset']) expect(response.headers.get(`anthropic-ratelimit-${family}-${part}`)).toBeTruthy();
    }
    expect(response.headers.get('anthropic-ratelimit-requests-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(sim.journal.last()).toMatchObject({ path: '/v1/messages', status: 200, completed: true, requestId: response.headers.get('request-id') });
  });

  it('resolves aliases to the dated snapshot', async () => {
    const message = await sdkClient(simulator()).messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.model).toBe('claude-3-5-haiku-20241022');
  });

  it('is deterministic: same request, same bytes; a stream carries the same content', async () => {
    const request = body({ messages: [{ role: 'user', content: 'Tell me about rivers' }] });
    const [a, b] = await Promise.all([postJson(simulator(), '/v1/messages', request), postJson(simulator(), '/v1/messages', request)]);
    const text = await a.text();
    expect(await b.text()).toBe(text);
    const client = sdkClient(simulator());
    const streamed = await client.messages.stream(request as never).finalMessage();
    const plain = JSON.parse(text) as { id: string; content: unknown };
    expect(streamed.id).toBe(plain.id);
    expect(streamed.content).toEqual(plain.content);
  });

  it('stops at the earliest stop sequence, which it reports and does not include', async () => {
    const client = sdkClient(simulator());
    const free = await client.messages.create({ model: MODEL, max_tokens: 512, messages: [{ role: 'user', content: 'Describe a garden' }] });
    const text = (free.content[0] as { text: string }).text;
    const word = text.split(' ')[3]!;
    const cut = await client.messages.create({ model: MODEL, max_tokens: 512, stop_sequences: [word, 'zzz-never'], messages: [{ role: 'user', content: 'Describe a garden' }] });
    expect(cut.stop_reason).toBe('stop_sequence');
    expect(cut.stop_sequence).toBe(word);
    expect((cut.content[0] as { text: string }).text).toBe(text.slice(0, text.indexOf(word)));
  });

  it('stops at max_tokens with exactly that many output tokens', async () => {
    const message = await sdkClient(simulator()).messages.create({ model: MODEL, max_tokens: 3, messages: [{ role: 'user', content: 'Write an essay' }] });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(3);
  });

  it('continues an assistant prefill', async () => {
    const message = await sdkClient(simulator()).messages.create({
      model: MODEL, max_tokens: 128, messages: [{ role: 'user', content: 'Pick one' }, { role: 'assistant', content: 'The best answer is' }],
    });
    expect(message.content[0]!.type).toBe('text');
  });

  it('accepts a system prompt as a string or text blocks, and merges consecutive user turns', async () => {
    const client = sdkClient(simulator());
    const a = await client.messages.create({ model: MODEL, max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] });
    const b = await client.messages.create({ model: MODEL, max_tokens: 64, system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] });
    expect(a.usage.input_tokens).toBe(b.usage.input_tokens);
  });

  it('counts tokens like the Messages prompt, tools included', async () => {
    const client = sdkClient(simulator());
    const params = { model: MODEL, messages: [{ role: 'user' as const, content: 'How many tokens is this?' }] };
    const counted = await client.messages.countTokens(params);
    const message = await client.messages.create({ ...params, max_tokens: 64 });
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
    const withTools = await client.messages.countTokens({ ...params, tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: {} } }] });
    expect(withTools.input_tokens).toBeGreaterThan(counted.input_tokens + 300);
  });

  it('accepts x-api-key or Authorization: Bearer, x-api-key winning', async () => {
    const sim = simulator();
    expect((await postJson(sim, '/v1/messages', body())).status).toBe(200);
    expect((await postJson(sim, '/v1/messages', body(), { 'x-api-key': null, authorization: 'Bearer sk-ant-bearer' })).status).toBe(200);
    expect((await postJson(sim, '/v1/messages', body(), { 'x-api-key': 'nope', authorization: 'Bearer sk-ant-bearer' })).status).toBe(401);
    const exact = simulator({ apiKeys: ['only-this'] });
    expect((await postJson(exact, '/v1/messages', body(), { 'x-api-key': 'only-this' })).status).toBe(200);
    expect((await postJson(exact, '/v1/messages', body(), { 'x-api-key': 'sk-ant-other' })).status).toBe(401);
  });

  it('2023-06-01 accepts temperature; 2026-10-21 (the SDK default) refuses sampling parameters', async () => {
    const sim = simulator();
    expect((await postJson(sim, '/v1/messages', body({ temperature: 0.2 }))).status).toBe(200);
    const refused = await postJson(sim, '/v1/messages', body({ temperature: 1 }), { 'anthropic-version': '2026-10-21' });
    expect(refused.status).toBe(400);
    expect((await refused.json() as { error: { message: string } }).error.message).toBe('temperature: Extra inputs are not permitted');
    const error = await sdkError(sdkClient(sim).messages.create({ ...body(), top_k: 5 } as never));
    expect(error.status).toBe(400);
    expect(error.message).toContain('top_k: Extra inputs are not permitted');
  });

  it('with max_tokens 0 fills nothing and stops at max_tokens', async () => {
    const message = await sdkClient(simulator()).messages.create({ model: MODEL, max_tokens: 0, messages: [{ role: 'user', content: 'warm the cache' }] });
    expect(message).toMatchObject({ content: [], stop_reason: 'max_tokens', usage: { output_tokens: 0 } });
  });
});
