/**
 * OpenAI through the reference gateway: a passthrough (OpenAI is the contract). Bodies reach OpenAI as
 * the client wrote them (model rewritten, unknown parameters included) and answers come back byte for
 * byte; errors follow the gateway's status rules; the regional account only reaches its region.
 */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSse } from '../../lib/sse.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkUsageChunk, parseStream } from '../../suites/chat/grammar.ts';
import { createGatewayHarness, type GatewayHarness } from '../gateway-harness.ts';

type Json = Record<string, any>;

const MODEL = 'openai-main/gpt-4o-mini';
let h: GatewayHarness;
let client: OpenAI;
beforeAll(() => { h = createGatewayHarness(); client = h.client(); });

const post = (body: Json) => h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });

/** What the simulator answers to exactly the bytes the gateway sent it (the simulators are deterministic). */
async function upstreamAnswerTo(upstream: string): Promise<string> {
  const entry = h.journal(upstream).last()!;
  const response = await h.simulators[upstream]!.fetch(new Request(`https://api.openai.com/v1${entry.path.replace(/^\/v1/, '')}`, {
    method: 'POST', headers: { authorization: entry.headers.authorization!, 'content-type': 'application/json' }, body: entry.rawBody,
  }));
  return response.text();
}

describe('openai: passthrough', () => {
  it('non-stream: the answer is OpenAI\'s body byte for byte; the body sent is the client\'s with the bare model', async () => {
    const body = { model: MODEL, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello there' }], temperature: 0.5, seed: 3 };
    const response = await post(body);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(validate('createChatCompletion', 200, 'application/json', JSON.parse(text)).violations).toEqual([]);
    const entry = h.journal('openai').last()!;
    expect(entry.rawBody).toBe(JSON.stringify({ ...body, model: 'gpt-4o-mini' }));
    expect(entry.headers.authorization).toBe('Bearer sk-touchstone-openai-main-0001');
    expect(text).toBe(await upstreamAnswerTo('openai'));
  });

  it('stream: OpenAI\'s SSE byte for byte, and it follows the grammar', async () => {
    const body = { model: MODEL, messages: [{ role: 'user', content: 'Stream a sentence.' }], stream: true, stream_options: { include_usage: true } };
    const response = await post(body);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).toBe(await upstreamAnswerTo('openai'));
    const events = [];
    for await (const ev of readSse(new Response(text).body!)) events.push(ev);
    for (const e of events) expect(validateEvent('createChatCompletion', e.data).violations).toEqual([]);
    const s = parseStream(events);
    expect([...checkFraming(s), ...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, true), ...checkDoneLast(s)]).toEqual([]);
  });

  it('unknown parameters are forwarded (OpenAI judges them) and OpenAI\'s 400 comes back with its message', async () => {
    const response = await post({ model: MODEL, messages: [{ role: 'user', content: 'x' }], frobnicate: 1 });
    expect(h.journal('openai').last()!.body).toMatchObject({ frobnicate: 1 });
    expect(response.status).toBe(400);
    expect((await response.json() as Json).error.message).toContain('frobnicate');
  });

  it('tools, response_format and reasoning parameters reach OpenAI unchanged', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const body = { model: 'openai-main/o4-mini', messages: [{ role: 'user', content: 'Weather?' }], tools, tool_choice: 'auto', reasoning_effort: 'low' };
    expect((await post(body)).status).toBe(200);
    expect(h.journal('openai').last()!.body).toEqual({ ...body, model: 'o4-mini' });
  });

  it('openai-eu reaches only the EU upstream', async () => {
    const counts = () => Object.fromEntries(Object.keys(h.simulators).filter((n) => n.startsWith('openai')).map((n) => [n, h.journal(n).entries.length]));
    const before = counts();
    const answer = await client.chat.completions.create({ model: 'openai-eu/gpt-4o-mini', messages: [{ role: 'user', content: 'Where are you?' }] });
    expect(answer.choices[0]!.message.content).toBeTruthy();
    const after = counts();
    for (const name of Object.keys(after)) expect(after[name]! - before[name]!, name).toBe(name === 'openai-eu' ? 1 : 0);
    expect(h.journal('openai-eu').last()).toMatchObject({ region: 'eu', upstream: 'openai-eu', path: '/v1/chat/completions', status: 200 });
    expect(h.journal('openai-eu').last()!.headers.authorization).toBe('Bearer sk-touchstone-openai-eu-0001');
  });
});

describe('openai: errors follow the status rules', () => {
  const user = (text: string) => [{ role: 'user', content: text }];

  it('429 stays 429 with retry-after', async () => {
    const response = await post({ model: MODEL, messages: user('hi [touchstone-fault:rate_limit]') });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await response.json() as Json).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  });

  it('500 and 503 → 502 carrying OpenAI\'s message', async () => {
    for (const fault of ['server_error', 'overloaded']) {
      const response = await post({ model: MODEL, messages: user(`hi [touchstone-fault:${fault}]`) });
      expect(response.status).toBe(502);
      const error = (await response.json() as Json).error;
      expect(error).toMatchObject({ type: 'upstream_error', code: 'upstream_error' });
      expect(error.message).toMatch(/server had an error|overloaded/);
    }
  });

  it('regression: a mid-stream error event, a truncated stream and a reset all end loudly', async () => {
    for (const [fault, expected] of [['error_event', /server had an error/], ['truncate', /upstream_stream_truncated/], ['reset_mid_body', /upstream_stream_error/]] as const) {
      const response = await post({ model: MODEL, messages: user(`hi [touchstone-fault:${fault}]`), stream: true });
      const events = [];
      for await (const ev of readSse(response.body!)) events.push(ev);
      expect(events.at(-1)!.data, fault).toMatch(/^\{"error":/);
      expect(events.at(-1)!.data, fault).toMatch(expected);
      const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `hi [touchstone-fault:${fault}]` }], stream: true });
      await expect((async () => { for await (const _ of stream) { /* drain */ } })(), fault).rejects.toThrow();
    }
  });

  describe('with accounts the default config does not have', () => {
    let raw: (body: Json) => Promise<Response>;
    beforeAll(() => {
      const extra = createGatewayHarness({ editConfig: (file) => {
        const main = file.accounts.find((a) => a.name === 'openai-main')!;
        file.accounts.push({ ...main, name: 'openai-extra', models: [{ name: 'gpt-99-nonexistent' }] });
        file.accounts.push({ ...main, name: 'openai-badkey', api_key: { value: 'not-a-key' } });
      } });
      raw = (body) => extra.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
    });

    it('a model OpenAI does not have → 404 with OpenAI\'s message and code', async () => {
      const response = await raw({ model: 'openai-extra/gpt-99-nonexistent', messages: user('hi') });
      expect(response.status).toBe(404);
      const error = (await response.json() as Json).error;
      expect(error.message).toContain('gpt-99-nonexistent');
      expect(error.code).toBe('model_not_found');
    });

    it('a refused account key (401) → 502 upstream_auth_failed without OpenAI\'s message', async () => {
      const response = await raw({ model: 'openai-badkey/gpt-4o-mini', messages: user('hi') });
      expect(response.status).toBe(502);
      const error = (await response.json() as Json).error;
      expect(error).toMatchObject({ type: 'upstream_error', code: 'upstream_auth_failed' });
      expect(error.message).not.toContain('not-a-key');
    });
  });
});
