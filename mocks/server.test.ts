/**
 * The loopback server (127.0.0.1, port 0): `GET /` lists upstream base URLs, the official SDK talks to
 * an upstream through its mount prefix (plain and streamed), unknown prefixes get a 404, and a client
 * that aborts mid-stream is journaled as aborted.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulators } from './registry.ts';
import { startMockServer, type MockServer } from './server.ts';

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ simulators: createSimulators({ chunkDelayMs: 0 }, ['openai', 'openai-eu']) });
});
afterAll(async () => { await server.close(); });

describe('loopback mock server', () => {
  it('binds 127.0.0.1 and lists its upstreams on GET /', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      upstreams: { openai: `${server.url}/openai/v1`, 'openai-eu': `${server.url}/openai-eu/v1` },
    });
    expect(server.upstreams.openai).toBe(`${server.url}/openai/v1`);
  });

  it('routes /openai/v1/* to the openai simulator as /v1/*, for the SDK, plain and streamed', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.upstreams.openai!, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'loopback' }] });
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    const final = await client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'loopback stream' }] }).finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('stop');
    const journal = server.simulators.openai!.journal;
    expect(journal.entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /v1/chat/completions 200', 'POST /v1/chat/completions 200',
    ]);
    expect(journal.last()!.completed).toBe(true);
    expect(server.simulators['openai-eu']!.journal.entries).toHaveLength(0);
  });

  it('keeps each regional upstream separate', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.upstreams['openai-eu']!, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'eu' }] });
    expect(server.simulators['openai-eu']!.journal.last()!.path).toBe('/v1/chat/completions');
    expect(server.simulators['openai-eu']!.region).toBe('eu');
  });

  it('answers an unknown prefix with a 404 JSON error', async () => {
    const res = await fetch(`${server.url}/nope/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('unknown_upstream');
  });

  it('journals a client that aborts mid-stream as aborted', async () => {
    // A per-chunk delay keeps the stream open long enough for the abort to arrive mid-way.
    const slow = await startMockServer({ simulators: createSimulators({ chunkDelayMs: 5 }, ['openai']) });
    try {
      const sim = slow.simulators.openai!;
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: slow.upstreams.openai!, maxRetries: 0 });
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'abort me' }] });
      for await (const _chunk of stream) { stream.controller.abort(); break; }
      const deadline = Date.now() + 2000;
      while (!sim.journal.last()?.aborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(sim.journal.last()).toMatchObject({ aborted: true, completed: false });
    } finally {
      await slow.close();
    }
  });
});
