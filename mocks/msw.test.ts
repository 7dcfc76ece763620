/**
 * In-process interception with msw: the official SDK, left on its default base URL
 * (https://api.openai.com/v1) or a regional one, reaches the simulators with no socket opened —
 * through the same journal and fault layers as on loopback (a reset becomes a network error).
 */
import { setupServer } from 'msw/node';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { simulatorHandlers } from './msw.ts';
import { createSimulators } from './registry.ts';

const simulators = createSimulators();
const server = setupServer(...simulatorHandlers(simulators));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('msw handlers', () => {
  it('serves https://api.openai.com/v1 from the openai simulator', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'intercepted' }] });
    expect(completion.model).toBe('gpt-4.1-2025-04-14');
    expect(simulators.openai!.journal.last()).toMatchObject({ path: '/v1/chat/completions', status: 200 });
  });

  it('streams through msw, and serves regional hosts from their own simulator', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'https://eu.api.openai.com/v1', maxRetries: 0 });
    const final = await client.chat.completions.stream({
      model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'eu stream' }], stream_options: { include_usage: true },
    }).finalChatCompletion();
    expect(final.usage!.total_tokens).toBeGreaterThan(0);
    expect(simulators['openai-eu']!.journal.last()).toMatchObject({ path: '/v1/chat/completions', completed: true });
  });

  it('surfaces simulator errors through the SDK', async () => {
    const client = new OpenAI({ apiKey: 'not-an-sk-key', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }))
      .rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('applies faults in-process: a status fault, a truncated stream, and a reset as a network error', async () => {
    const client = (fault: string) => new OpenAI({ apiKey: 'sk-test', maxRetries: 0, logLevel: 'off', defaultHeaders: { 'x-touchstone-fault': fault } });
    const messages = [{ role: 'user' as const, content: 'faulty' }];
    const limited = await client('rate_limit').chat.completions.create({ model: 'gpt-4o', messages }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');
    const chunks = [];
    for await (const chunk of await client('{"kind":"truncate","afterEvents":2}').chat.completions.create({ model: 'gpt-4o', messages, stream: true })) chunks.push(chunk);
    expect(chunks).toHaveLength(2);
    await expect(client('reset').chat.completions.create({ model: 'gpt-4o', messages })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(simulators.openai!.journal.last()!.fault).toMatchObject({ kind: 'reset', source: 'header' });
    const timedOut = await client('timeout').chat.completions.create({ model: 'gpt-4o', messages }, { timeout: 50 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await vi.waitFor(() => expect(simulators.openai!.journal.last()).toMatchObject({ fault: { kind: 'timeout' }, aborted: true }));
  });
});
