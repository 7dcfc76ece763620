/**
 * Prompt caching: a breakpoint writes the prefix on first use (cache_creation_input_tokens) and a repeat
 * reads it (cache_read_input_tokens); prefixes under the model's minimum are not cached; the write is split
 * by TTL; automatic (top-level) caching follows a growing conversation; entries expire on the simulator's
 * clock; at most four breakpoints; the stream reports the same usage.
 */
import { describe, expect, it } from 'vitest';
import { body, events, longText, MODEL, postJson, sdkClient, sdkError, simulator } from './test-kit.ts';

const bigSystem = (ttl?: '5m' | '1h') => [{ type: 'text' as const, text: longText(1500), cache_control: { type: 'ephemeral' as const, ...(ttl ? { ttl } : {}) } }];

describe('anthropic prompt caching', () => {
  it('writes the prefix on first use and reads it on a repeat', async () => {
    const client = sdkClient(simulator());
    const params = { model: MODEL, max_tokens: 64, system: bigSystem(), messages: [{ role: 'user' as const, content: 'Summarise.' }] };
    const first = await client.messages.create(params);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThanOrEqual(1500);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(first.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: first.usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 });
    const second = await client.messages.create({ ...params, messages: [{ role: 'user', content: 'Now list three points.' }] });
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(20);
    const counted = await client.messages.countTokens({ model: MODEL, system: params.system, messages: params.messages });
    expect(first.usage.input_tokens + first.usage.cache_creation_input_tokens!).toBe(counted.input_tokens);
  });

  it('does not cache a prefix under the model minimum (4096 tokens for Claude Haiku 4.5)', async () => {
    const client = sdkClient(simulator());
    const params = { model: 'claude-haiku-4-5', max_tokens: 64, system: bigSystem(), messages: [{ role: 'user' as const, content: 'hi' }] };
    await client.messages.create(params);
    const again = await client.messages.create(params);
    expect(again.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it('reports 1h writes separately', async () => {
    const message = await sdkClient(simulator()).messages.create({ model: MODEL, max_tokens: 64, system: bigSystem('1h'), messages: [{ role: 'user', content: 'hi' }] });
    expect(message.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: message.usage.cache_creation_input_tokens });
  });

  it('automatic caching follows a growing conversation', async () => {
    const client = sdkClient(simulator());
    const turn1 = [{ role: 'user' as const, content: longText(1200, 'topic') }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 64, cache_control: { type: 'ephemeral' }, messages: turn1 });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1200);
    const turn2 = [...turn1, { role: 'assistant' as const, content: first.content }, { role: 'user' as const, content: 'And then?' }];
    const second = await client.messages.create({ model: MODEL, max_tokens: 64, cache_control: { type: 'ephemeral' }, messages: turn2 });
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('expires entries after five minutes on the simulator clock', async () => {
    let now = Date.UTC(2025, 0, 1);
    const client = sdkClient(simulator({ now: () => now }));
    const params = { model: MODEL, max_tokens: 64, system: bigSystem(), messages: [{ role: 'user' as const, content: 'hi' }] };
    await client.messages.create(params);
    now += 4 * 60_000;
    expect((await client.messages.create(params)).usage.cache_read_input_tokens).toBeGreaterThan(0);
    now += 5 * 60_000 + 1;
    expect((await client.messages.create(params)).usage.cache_read_input_tokens).toBe(0);
  });

  it('refuses more than four breakpoints', async () => {
    const system = Array.from({ length: 5 }, (_, i) => ({ type: 'text' as const, text: `part ${i}`, cache_control: { type: 'ephemeral' as const } }));
    const error = await sdkError(sdkClient(simulator()).messages.create({ model: MODEL, max_tokens: 64, system, messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.status).toBe(400);
    expect(error.message).toContain('A maximum of 4 blocks with cache_control may be provided. Found 5.');
  });

  it('reports cache usage in message_start and message_delta of a stream', async () => {
    const sim = simulator();
    const request = body({ system: bigSystem(), stream: true });
    await events(await postJson(sim, '/v1/messages', request));
    const raw = await events(await postJson(sim, '/v1/messages', request));
    const start = JSON.parse(raw[0]!.data).message.usage;
    const end = JSON.parse(raw.at(-2)!.data).usage;
    expect(start.cache_read_input_tokens).toBeGreaterThanOrEqual(1500);
    expect(end.cache_read_input_tokens).toBe(start.cache_read_input_tokens);
  });
});
