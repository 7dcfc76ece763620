/**
 * Every fault kind as a client observes it over a real loopback socket (lib/serve via startMockServer),
 * with raw fetch and with the official openai SDK: latency, status presets, reset, reset_mid_body,
 * timeout, stall_mid_stream, truncate, malformed_event, error_event. Faults are selected per request
 * with the `x-touchstone-fault` header here (selection itself is tested in select.test.ts).
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../../lib/sse.ts';
import { createSimulators } from '../registry.ts';
import { startMockServer, type MockServer } from '../server.ts';

let server: MockServer;
let base: string;

beforeAll(async () => {
  server = await startMockServer({ simulators: createSimulators({}, ['openai']) });
  base = server.upstreams.openai!;
});
afterAll(async () => { await server.close(); });

const journal = () => server.simulators.openai!.journal;
const chatBody = (stream: boolean) => JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Tell me about faults.' }] });

function post(fault: string, stream = true, signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', 'x-touchstone-fault': fault },
    body: chatBody(stream),
    ...(signal ? { signal } : {}),
  });
}

function sdk(fault: string): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', baseURL: base, maxRetries: 0, logLevel: 'off', defaultHeaders: { 'x-touchstone-fault': fault } });
}

const messages = [{ role: 'user' as const, content: 'Tell me about faults.' }];

async function events(response: Response): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const ev of readSse(response.body!)) out.push(ev);
  return out;
}

/** Wait until the journal's last entry satisfies `test` (abort notifications arrive asynchronously). */
async function settled(test: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setImmediate(r));
}

describe('fault kinds over loopback', () => {
  it('latency: headers arrive no sooner than latencyMs, then the normal answer', async () => {
    const started = performance.now();
    const res = await post('{"kind":"latency","latencyMs":50}', false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(res.status).toBe(200);
    expect((await res.json()).object).toBe('chat.completion');
    expect(journal().last()!.fault).toMatchObject({ kind: 'latency', source: 'header' });
  });

  it('latency composes with another kind (status after 50 ms)', async () => {
    const started = performance.now();
    const res = await post('{"kind":"status","preset":"server_error","latencyMs":50}', false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(res.status).toBe(500);
  });

  it('status rate_limit: 429 with retry-after and x-ratelimit-*, RateLimitError in the SDK', async () => {
    const error = await sdk('rate_limit').chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const e = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.headers.get('retry-after')).toBe('1');
    expect(e.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(e.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(journal().last()).toMatchObject({ status: 429, fault: { kind: 'status', name: 'rate_limit' } });
  });

  it('status rate_limit_no_retry_after, server_error and overloaded', async () => {
    const noRetry = await post('rate_limit_no_retry_after', false);
    expect(noRetry.status).toBe(429);
    expect(noRetry.headers.has('retry-after')).toBe(false);
    expect(noRetry.headers.get('x-ratelimit-limit-requests')).toBeTruthy();
    expect((await noRetry.json()).error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null });
    await expect(sdk('server_error').chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const overloaded = await post('overloaded', false);
    expect(overloaded.status).toBe(503);
    expect((await overloaded.json()).error).toMatchObject({ type: 'server_error', message: expect.stringContaining('overloaded') });
    const custom = await post('{"kind":"status","status":418,"message":"teapot","headers":{"x-custom":"1"}}', false);
    expect(custom.status).toBe(418);
    expect(custom.headers.get('x-custom')).toBe('1');
    expect((await custom.json()).error.message).toBe('teapot');
  });

  it('reset: the connection drops before any header (fetch fails, SDK APIConnectionError)', async () => {
    await expect(post('reset', false)).rejects.toThrow(TypeError);
    await expect(sdk('reset').chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    await settled(() => journal().last()!.fault?.cut === true);
    expect(journal().last()).toMatchObject({ fault: { kind: 'reset', cut: true }, aborted: false, completed: false });
  });

  it('reset_mid_body: headers and the first events arrive, then the socket is destroyed', async () => {
    const res = await post('{"kind":"reset_mid_body","afterEvents":2}');
    expect(res.status).toBe(200);
    const got: string[] = [];
    await expect((async () => { for await (const ev of readSse(res.body!)) got.push(ev.data); })()).rejects.toThrow();
    expect(got).toHaveLength(2);
    await settled(() => journal().last()!.fault?.cut === true);
    expect(journal().last()).toMatchObject({ fault: { kind: 'reset_mid_body', cut: true }, completed: false, aborted: false });
    const bytes = await post('{"kind":"reset_mid_body","afterBytes":10}', false);
    await expect(bytes.text()).rejects.toThrow();
    const stream = await sdk('reset_mid_body').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    await expect((async () => { for await (const _ of stream) { /* drain */ } })()).rejects.toThrow();
  });

  it('timeout: no headers until the client gives up; the journal shows the abort', async () => {
    const controller = new AbortController();
    const pending = post('timeout', false, controller.signal);
    await settled(() => journal().last()?.fault?.kind === 'timeout');
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await settled(() => journal().last()!.aborted);
    expect(journal().last()).toMatchObject({ fault: { kind: 'timeout' }, aborted: true, completed: false });
    expect(journal().last()!.status).toBeUndefined();
    const error = await sdk('timeout').chat.completions.create({ model: 'gpt-4o-mini', messages }, { timeout: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  it('stall_mid_stream: N events, then nothing until the client aborts', async () => {
    const controller = new AbortController();
    const res = await post('{"kind":"stall_mid_stream","afterEvents":2}', true, controller.signal);
    const reader = readSse(res.body!)[Symbol.asyncIterator]();
    expect((await reader.next()).done).toBe(false);
    expect((await reader.next()).done).toBe(false);
    const third = reader.next();
    const raced = await Promise.race([third.then(() => 'event'), new Promise((r) => setTimeout(() => r('stalled'), 50))]);
    expect(raced).toBe('stalled');
    controller.abort();
    await expect(third).rejects.toThrow();
    await settled(() => journal().last()!.aborted);
    expect(journal().last()).toMatchObject({ fault: { kind: 'stall_mid_stream' }, aborted: true, completed: false });
  });

  it('truncate: the stream ends cleanly after N events, without [DONE] or a finish_reason', async () => {
    const got = await events(await post('{"kind":"truncate","afterEvents":3}'));
    expect(got).toHaveLength(3);
    expect(got.map((e) => e.data)).not.toContain('[DONE]');
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of await sdk('{"kind":"truncate","afterEvents":3}').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })) chunks.push(chunk);
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.choices[0]!.finish_reason === null)).toBe(true);
    expect(journal().last()).toMatchObject({ completed: true, aborted: false, fault: { kind: 'truncate' } });
    // Asking for more events than the stream has still withholds the final one.
    const all = await events(await post('{"kind":"truncate","afterEvents":1000}'));
    expect(all.at(-1)!.data).not.toBe('[DONE]');
  });

  it('malformed_event: `data: {not json` at position N; the SDK throws a parse error', async () => {
    const got = await events(await post('{"kind":"malformed_event","afterEvents":2}'));
    expect(got[2]!.data).toBe('{not json');
    expect(got.at(-1)!.data).toBe('[DONE]');
    const stream = await sdk('malformed_event').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    await expect((async () => { for await (const _ of stream) { /* drain */ } })()).rejects.toThrow(SyntaxError);
  });

  it('error_event: an OpenAI error event after N events, then the end; the SDK throws APIError', async () => {
    const got = await events(await post('{"kind":"error_event","afterEvents":2,"message":"upstream exploded"}'));
    expect(got).toHaveLength(3);
    expect(JSON.parse(got[2]!.data)).toEqual({ error: { message: 'upstream exploded', type: 'server_error', param: null, code: null } });
    const seen: unknown[] = [];
    const stream = await sdk('error_event').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const error = await (async () => { for await (const chunk of stream) seen.push(chunk); })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('The server had an error');
    expect(seen).toHaveLength(2);
  });

  it('a stream fault on a non-stream answer is recorded as skipped', async () => {
    const res = await post('truncate', false);
    expect(res.status).toBe(200);
    expect(journal().last()!.fault).toMatchObject({ kind: 'truncate', skipped: 'the response is not an event stream' });
  });

  it('every answer carries x-request-id and x-ratelimit-*: routes, OpenAI errors and faulted answers', async () => {
    const answers = await Promise.all([
      fetch(`${base}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: chatBody(false) }),
      fetch(`${base}/nope`, { headers: { authorization: 'Bearer sk-test' } }),
      fetch(`${base}/chat/completions`, { method: 'POST', body: '{}' }),
      post('server_error', false),
      post('{"kind":"truncate","afterEvents":1}'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 404, 401, 500, 200]);
    for (const res of answers) {
      expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
      expect(res.headers.get('x-ratelimit-limit-requests')).toMatch(/^\d+$/);
      await res.body?.cancel();
    }
  });
});
