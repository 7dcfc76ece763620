/**
 * In-process interception with msw: the official SDK, left on its default base URL
 * (https://api.openai.com/v1) or a regional one, reaches the simulators with no socket opened.
 */
import { setupServer } from 'msw/node';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
