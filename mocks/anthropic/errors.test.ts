/**
 * Errors in Anthropic's envelope (`{"type":"error","error":{type,message},"request_id"}`) with its statuses,
 * each surfaced by the official SDK as its error class: validation (400), keys (401), permission (403),
 * unknown model (404), size (413), rate limit (429, `retry-after` and exhausted rate-limit headers), server
 * (500) and overload (529) — the last ones through the fault layer — and the mid-stream `event: error`.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { answerMessages, MAX_REQUEST_BYTES } from './messages.ts';
import { PromptCache } from './prompt-cache.ts';
import { body, events, MODEL, postJson, sdkClient, sdkError, simulator } from './test-kit.ts';

type Envelope = { type: string; error: { type: string; message: string }; request_id: string };

async function envelope(response: Response): Promise<Envelope> {
  const parsed = (await response.json()) as Envelope;
  expect(Object.keys(parsed)).toEqual(['type', 'error', 'request_id']);
  expect(parsed.type).toBe('error');
  expect(parsed.request_id).toBe(response.headers.get('request-id'));
  return parsed;
}

const fault = (value: string) => ({ headers: { 'x-touchstone-fault': value } });
const ask = { model: MODEL, max_tokens: 64, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('anthropic errors', () => {
  it('answers malformed requests with 400 invalid_request_error and the API message', async () => {
    const sim = simulator();
    const cases: [unknown, Record<string, string | null>, string][] = [
      [{ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, {}, 'max_tokens: Field required'],
      [body({ messages: [{ role: 'assistant', content: 'hi' }] }), {}, 'messages: first message must use the "user" role'],
      [body({ messages: [{ role: 'robot', content: 'hi' }] }), {}, "messages.0.role: Input should be 'user', 'assistant' or 'system'"],
      [body({ messages: [{ role: 'user', content: '' }] }), {}, 'messages.0: all messages must have non-empty content except for the optional final assistant message'],
      [body({ messages: [] }), {}, 'messages: at least one message is required'],
      [body({ max_tokens: 100_000 }), {}, 'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-6'],
      [body({ frequency_penalty: 1 }), {}, 'frequency_penalty: Extra inputs are not permitted'],
      ['{"model":', {}, 'There was an error parsing the body of your request. Please make sure it is valid JSON.'],
      [body(), { 'anthropic-version': null }, 'anthropic-version: header is required'],
      [body(), { 'anthropic-version': '2024-01-01' }, 'anthropic-version: "2024-01-01" is not a valid version'],
    ];
    for (const [payload, headers, message] of cases) {
      const response = await postJson(sim, '/v1/messages', payload, headers);
      expect(response.status).toBe(400);
      expect(await envelope(response)).toMatchObject({ error: { type: 'invalid_request_error', message } });
    }
    const error = await sdkError(sdkClient(sim).messages.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] } as never));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.type).toBe('invalid_request_error');
    expect(error.requestID).toMatch(/^req_/);
  });

  it('401 authentication_error for a missing or wrong key', async () => {
    const sim = simulator();
    const missing = await postJson(sim, '/v1/messages', body(), { 'x-api-key': null });
    expect(missing.status).toBe(401);
    expect(await envelope(missing)).toMatchObject({ error: { type: 'authentication_error', message: 'x-api-key header is required' } });
    const wrong = await sdkError(sdkClient(sim, { apiKey: 'not-a-key' }).messages.create(ask));
    expect(wrong).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(wrong.type).toBe('authentication_error');
  });

  it('404 not_found_error for an unknown model, an unknown path; 405 for a wrong method', async () => {
    const sim = simulator();
    const error = await sdkError(sdkClient(sim).messages.create({ ...ask, model: 'claude-nope-9' }));
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error.message).toContain('"message":"model: claude-nope-9"');
    const path = await postJson(sim, '/v1/complete-me', body());
    expect(path.status).toBe(404);
    expect((await envelope(path)).error.type).toBe('not_found_error');
    const get = await sim.fetch(new Request('http://sim.test/v1/messages', { headers: { 'x-api-key': 'sk-ant-test' } }));
    expect(get.status).toBe(405);
  });

  it('413 request_too_large for a body over 32 MB (checked on the byte count, before parsing)', async () => {
    const state = { now: () => 0, chunkDelayMs: 0, cache: new PromptCache(() => 0), offers: () => true };
    const response = answerMessages(state, {
      endpoint: 'messages', platform: 'anthropic', version: '2023-06-01', betas: new Set(), text: '{',
      byteLength: MAX_REQUEST_BYTES + 1, headers: { 'request-id': 'req_011Ctest' },
    });
    expect(response.status).toBe(413);
    expect((await envelope(response)).error).toEqual({ type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' });
  });

  it('surfaces every fault status as the SDK error class, in the Anthropic envelope', async () => {
    const client = sdkClient(simulator());
    const cases: [string, number, new (...args: never[]) => Error, string, string][] = [
      ['{"kind":"status","status":403}', 403, Anthropic.PermissionDeniedError, 'permission_error', 'Your API key does not have permission to use the specified resource.'],
      ['{"kind":"status","status":413}', 413, Anthropic.APIError, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
      ['rate_limit', 429, Anthropic.RateLimitError, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
      ['server_error', 500, Anthropic.InternalServerError, 'api_error', 'Internal server error'],
      ['{"kind":"status","status":529}', 529, Anthropic.InternalServerError, 'overloaded_error', 'Overloaded'],
      ['overloaded', 529, Anthropic.InternalServerError, 'overloaded_error', 'Overloaded'],
    ];
    for (const [selection, status, cls, type, message] of cases) {
      const error = await sdkError(client.messages.create(ask, fault(selection)));
      expect(error).toBeInstanceOf(cls);
      expect(error.status).toBe(status);
      expect(error.type).toBe(type);
      expect((error.error as Envelope).error.message).toContain(message);
      expect(error.requestID).toMatch(/^req_011C/);
    }
  });

  it('a 429 carries retry-after and the exhausted anthropic-ratelimit family, not OpenAI headers', async () => {
    const response = await postJson(simulator(), '/v1/messages', body(), { 'x-touchstone-fault': 'rate_limit' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    expect((await envelope(response)).error.type).toBe('rate_limit_error');
  });

  it('a mid-stream fault is an `event: error` overloaded_error the SDK throws', async () => {
    const sim = simulator();
    const raw = await events(await postJson(sim, '/v1/messages', body({ stream: true }), { 'x-touchstone-fault': 'error_event' }));
    const last = raw.at(-1)!;
    expect(last.event).toBe('error');
    expect(JSON.parse(last.data)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    const error = await sdkError(sdkClient(sim).messages.stream(ask, fault('error_event')).finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.type).toBe('overloaded_error');
  });
});
