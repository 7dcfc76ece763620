/**
 * OpenAI's error behaviour: auth (401), body and parameter validation (400), unknown model (404),
 * routing (404/405) — as the SDK surfaces them and, where layout matters, as exact bytes.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../types.ts';
import { maskApiKey } from './errors.ts';
import { createOpenAISimulator } from './index.ts';

function clientFor(simulator: Simulator, apiKey = 'sk-test'): OpenAI {
  return new OpenAI({ apiKey, baseURL: 'https://api.openai.com/v1', maxRetries: 0, fetch: async (url, init) => simulator.fetch(new Request(url, init)) });
}

const URL = 'https://api.openai.com/v1/chat/completions';
const post = (sim: Simulator, body: string, headers: Record<string, string> = { authorization: 'Bearer sk-test' }) =>
  sim.fetch(new Request(URL, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }));
const ok = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

async function sdkError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try { await promise; } catch (error) { return error as InstanceType<typeof OpenAI.APIError>; }
  throw new Error('expected the request to fail');
}

describe('authentication', () => {
  it('rejects a missing key with OpenAI\'s exact 401 body', async () => {
    const res = await post(createOpenAISimulator(), JSON.stringify(ok), {});
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text.startsWith('{\n    "error": {\n        "message": "You didn\'t provide an API key.')).toBe(true);
    expect(text.endsWith('"param": null,\n        "code": null\n    }\n}\n')).toBe(true);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('rejects a wrong key as AuthenticationError with code invalid_api_key and a masked key', async () => {
    const sim = createOpenAISimulator({ apiKeys: ['sk-good-key'] });
    const error = await sdkError(clientFor(sim, 'sk-proj-abcdefghijklmnopWXYZ').chat.completions.create(ok as never));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toContain(`Incorrect API key provided: sk-proj-${'*'.repeat(16)}WXYZ.`);
    await expect(clientFor(sim, 'sk-good-key').chat.completions.create(ok as never)).resolves.toBeTruthy();
  });

  it('accepts any sk- key by default and masks like OpenAI', async () => {
    await expect(clientFor(createOpenAISimulator(), 'sk-anything').chat.completions.create(ok as never)).resolves.toBeTruthy();
    expect(maskApiKey('sk-abc123456789wxyz')).toBe('sk-abc12*******wxyz');
    expect(maskApiKey('hello')).toBe('hello');
  });
});

describe('request validation', () => {
  it('answers unparsable JSON with OpenAI\'s parse error', async () => {
    const res = await post(createOpenAISimulator(), '{"model": ');
    expect(res.status).toBe(400);
    const body = JSON.parse(await res.text());
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
    expect(body.error.message).toMatch(/^We could not parse the JSON body of your request\./);
  });

  it.each([
    [{ messages: ok.messages }, 'you must provide a model parameter', null, null],
    [{ model: 'gpt-4o-mini' }, "Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter'],
    [{ ...ok, messages: 'hi' }, "Invalid type for 'messages': expected an array, but got a string instead.", 'messages', 'invalid_type'],
    [{ ...ok, temperature: 'hot' }, "Invalid type for 'temperature': expected a decimal, but got a string instead.", 'temperature', 'invalid_type'],
    [{ ...ok, n: 0 }, "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.", 'n', 'integer_below_min_value'],
    [{ ...ok, messages: [{ role: 'robot', content: 'x' }] }, expect.stringContaining("Invalid value: 'robot'."), 'messages[0].role', 'invalid_value'],
    [{ ...ok, foo: 1 }, 'Unrecognized request argument supplied: foo', null, null],
    [{ ...ok, stream_options: { include_usage: true } }, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options', null],
    [{ ...ok, tool_choice: 'auto' }, expect.stringContaining("'tool_choice' is only allowed when 'tools' are specified"), 'tool_choice', null],
    [{ ...ok, model: 'o4-mini', max_tokens: 10 }, expect.stringContaining("Unsupported parameter: 'max_tokens'"), 'max_tokens', 'unsupported_parameter'],
    [{ ...ok, max_tokens: 999999 }, expect.stringContaining('max_tokens is too large: 999999.'), 'max_tokens', 'invalid_value'],
  ])('400 for %j', async (body, message, param, code) => {
    const error = await sdkError(clientFor(createOpenAISimulator()).chat.completions.create(body as never));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ message, type: 'invalid_request_error', param, code });
  });

  it('lays parameter errors out with 2 spaces and no trailing newline', async () => {
    const text = await (await post(createOpenAISimulator(), JSON.stringify({ model: 'gpt-4o' }))).text();
    expect(text).toBe(JSON.stringify({ error: {
      message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter',
    } }, null, 2));
  });

  it('rejects a tool message that answers no tool call', async () => {
    const error = await sdkError(clientFor(createOpenAISimulator()).chat.completions.create({
      model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'call_1', content: 'r' }],
    }));
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages.[1].role');
  });

  it('answers an unknown model with NotFoundError model_not_found', async () => {
    const error = await sdkError(clientFor(createOpenAISimulator()).chat.completions.create({ ...ok, model: 'gpt-9' } as never));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('The model `gpt-9` does not exist or you do not have access to it.');
  });
});

describe('routing', () => {
  it('answers an unknown /v1 path with 404 Invalid URL and a wrong method with 405', async () => {
    const sim = createOpenAISimulator();
    const notFound = await sim.fetch(new Request('https://api.openai.com/v1/chat/complete', { method: 'POST', body: '{}' }));
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error.message).toBe('Invalid URL (POST /v1/chat/complete)');
    const wrongMethod = await sim.fetch(new Request(URL, { method: 'PUT', body: '{}' }));
    expect(wrongMethod.status).toBe(405);
    expect((await wrongMethod.json()).error.message).toBe('Invalid method for URL (PUT /v1/chat/completions)');
  });

  it('lists no stored completions on GET (with auth)', async () => {
    const sim = createOpenAISimulator();
    expect((await sim.fetch(new Request(URL))).status).toBe(401);
    const list = await sim.fetch(new Request(URL, { headers: { authorization: 'Bearer sk-x' } }));
    expect(await list.json()).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });
});
