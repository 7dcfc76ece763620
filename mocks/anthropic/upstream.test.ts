/**
 * The `anthropic` registry row end to end: on loopback (127.0.0.1, port 0) under `/anthropic`, and in
 * process through msw on https://api.anthropic.com, the official SDK (left on its default base URL for
 * msw) creates and streams messages; a truncated stream fault cuts the SSE before `message_stop`.
 */
import Anthropic from '@anthropic-ai/sdk';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorHandlers } from '../msw.ts';
import { createSimulators } from '../registry.ts';
import { startMockServer, type MockServer } from '../server.ts';
import { MODEL } from './test-kit.ts';

const ask = { model: MODEL, max_tokens: 128, messages: [{ role: 'user' as const, content: 'over the wire' }] };

describe('anthropic upstream on loopback', () => {
  let server: MockServer;
  beforeAll(async () => { server = await startMockServer({ simulators: createSimulators({}, ['anthropic']) }); });
  afterAll(async () => { await server.close(); });

  it('is listed at /anthropic and serves the SDK, plain and streamed', async () => {
    expect(server.upstreams.anthropic).toBe(`${server.url}/anthropic`);
    const client = new Anthropic({ apiKey: 'sk-ant-loopback', baseURL: server.upstreams.anthropic!, maxRetries: 0 });
    const message = await client.messages.create(ask);
    expect(message.stop_reason).toBe('end_turn');
    const final = await client.messages.stream(ask).finalMessage();
    expect(final.content).toEqual(message.content);
    const journal = server.simulators.anthropic!.journal;
    expect(journal.entries.map((e) => `${e.path} ${e.status} ${e.completed}`)).toEqual(['/v1/messages 200 true', '/v1/messages 200 true']);
  });

  it('cuts a stream before message_stop with a truncate fault (the SDK skips `ping`)', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-loopback', baseURL: server.upstreams.anthropic!, maxRetries: 0, defaultHeaders: { 'x-touchstone-fault': '{"kind":"truncate","afterEvents":4}' } });
    const types: string[] = [];
    for await (const event of await client.messages.create({ ...ask, stream: true })) types.push(event.type);
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
  });
});

describe('anthropic upstream through msw', () => {
  const simulators = createSimulators({}, ['anthropic']);
  const server = setupServer(...simulatorHandlers(simulators));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('intercepts https://api.anthropic.com for an unmodified client', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-intercepted', maxRetries: 0 });
    const message = await client.messages.create(ask);
    expect(message.id).toMatch(/^msg_01/);
    expect(simulators.anthropic!.journal.last()).toMatchObject({ path: '/v1/messages', status: 200, headers: { 'anthropic-version': '2026-10-21' } });
  });
});
