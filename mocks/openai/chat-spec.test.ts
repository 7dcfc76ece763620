/**
 * Chat completions against OpenAI's published description (every body and every stream chunk, over a
 * matrix of requests), byte-for-byte determinism, reasoning-model rules, limits, and fine-tuned models.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { chatRoutes } from './chat.ts';
import { createOpenAISimulator } from './index.ts';
import { postJson, routesFetch, sdkClient, sdkError, spec, stubSim } from './test-kit.ts';

const user = (content: string) => ({ role: 'user' as const, content });
const tool = (name: string) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } });

const REQUESTS: Record<string, OpenAI.ChatCompletionCreateParamsNonStreaming> = {
  plain: { model: 'gpt-4o-mini', messages: [user('Hello there')] },
  'n and stop': { model: 'gpt-4o', messages: [user('Three please')], n: 3, stop: ['.'] },
  length: { model: 'gpt-4.1', messages: [user('Long')], max_completion_tokens: 4 },
  logprobs: { model: 'gpt-4o-mini', messages: [user('Probabilities')], logprobs: true, top_logprobs: 20 },
  'parallel tools': { model: 'gpt-4o', messages: [user('weather and news')], tools: [tool('get_weather'), tool('get_news')] },
  'legacy functions': { model: 'gpt-4o', messages: [user('weather')], functions: [tool('get_weather').function] },
  'json schema': { model: 'gpt-4o', messages: [user('x')], response_format: { type: 'json_schema', json_schema: { name: 's', strict: true, schema: { type: 'object', additionalProperties: false, required: ['a'], properties: { a: { type: 'integer' } } } } } },
  reasoning: { model: 'o4-mini', messages: [user('Think')], reasoning_effort: 'high', max_completion_tokens: 2000 },
  vision: { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } }] }] },
};

describe.skipIf(!spec)('OpenAI description', () => {
  it.each(Object.entries(REQUESTS))('%s: the body is a CreateChatCompletionResponse', async (_name, body) => {
    const res = await postJson(createOpenAISimulator(), '/v1/chat/completions', body);
    expect(res.status).toBe(200);
    expect(spec!.validateResponse('post', '/chat/completions', 200, 'application/json', await res.json())).toEqual([]);
  });

  it.each(Object.entries(REQUESTS))('%s: every stream chunk is a CreateChatCompletionStreamResponse', async (_name, body) => {
    const stream = await sdkClient(createOpenAISimulator()).chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
    let count = 0;
    for await (const chunk of stream) {
      expect(spec!.validateSchema('CreateChatCompletionStreamResponse', chunk), JSON.stringify(chunk)).toEqual([]);
      count++;
    }
    expect(count).toBeGreaterThan(2);
  });
});

describe('determinism', () => {
  it.each([false, true])('answers the same request with the same bytes (stream: %s), on one instance and on a fresh one', async (stream) => {
    const body = { ...REQUESTS['parallel tools']!, stream };
    const sim = createOpenAISimulator();
    const answers = await Promise.all([postJson(sim, '/v1/chat/completions', body), postJson(sim, '/v1/chat/completions', body), postJson(createOpenAISimulator(), '/v1/chat/completions', body)]);
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(texts).size).toBe(1);
    expect(new Set(answers.map((r) => JSON.stringify([...r.headers]))).size).toBe(1);
  });
});

describe('reasoning models', () => {
  it('rejects temperature other than 1 and max_tokens in OpenAI\'s words', async () => {
    const client = sdkClient(createOpenAISimulator());
    const temperature = await sdkError(client.chat.completions.create({ model: 'o3', messages: [user('x')], temperature: 0.7 }));
    expect(temperature).toBeInstanceOf(OpenAI.BadRequestError);
    expect(temperature.error).toEqual({
      message: "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is supported.",
      type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value',
    });
    const maxTokens = await sdkError(client.chat.completions.create({ model: 'gpt-5-mini', messages: [user('x')], max_tokens: 50 }));
    expect(maxTokens.error).toEqual({
      message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      type: 'invalid_request_error', param: 'max_tokens', code: 'unsupported_parameter',
    });
    await expect(client.chat.completions.create({ model: 'o3', messages: [user('x')], temperature: 1 })).resolves.toBeTruthy();
  });

  it('reports reasoning tokens inside completion_tokens', async () => {
    const c = await sdkClient(createOpenAISimulator()).chat.completions.create(REQUESTS.reasoning!);
    const usage = c.usage!;
    expect(usage.completion_tokens_details!.reasoning_tokens).toBeGreaterThanOrEqual(512);
    expect(usage.completion_tokens).toBeGreaterThan(usage.completion_tokens_details!.reasoning_tokens!);
    expect(c.model).toBe('o4-mini-2025-04-16');
  });
});

describe('limits', () => {
  it('applies max_tokens, stop and top_logprobs bounds', async () => {
    const client = sdkClient(createOpenAISimulator());
    const cut = await client.chat.completions.create({ model: 'gpt-4o', messages: [user('x')], max_tokens: 3, n: 2 });
    expect(cut.choices.map((c) => c.finish_reason)).toEqual(['length', 'length']);
    expect(cut.usage!.completion_tokens).toBe(6);
    const many = await client.chat.completions.create({ model: 'gpt-4o', messages: [user('x')], logprobs: true, top_logprobs: 20 });
    expect(many.choices[0]!.logprobs!.content![0]!.top_logprobs).toHaveLength(20);
    const tooMany = await sdkError(client.chat.completions.create({ model: 'gpt-4o', messages: [user('x')], logprobs: true, top_logprobs: 21 }));
    expect(tooMany.error).toMatchObject({ param: 'top_logprobs', code: 'integer_above_max_value' });
    const stops = await sdkError(client.chat.completions.create({ model: 'gpt-4o', messages: [user('x')], stop: ['a', 'b', 'c', 'd', 'e'] }));
    expect(stops.error).toMatchObject({ param: 'stop', code: 'array_above_max_length' });
  });
});

describe('fine-tuned models', () => {
  const ft = 'ft:gpt-4o-mini-2024-07-18:touchstone::AbC123xy';
  const sim = stubSim({ customModels: new Map([[ft, 'gpt-4o-mini-2024-07-18']]) });
  const client = sdkClient({ fetch: routesFetch(chatRoutes(sim)) });

  it('accepts a fine-tuned id, behaves as its base model and reports the fine-tuned id', async () => {
    const c = await client.chat.completions.create({ model: ft, messages: [user('Hi')] });
    expect(c.model).toBe(ft);
    expect(c.system_fingerprint).toBe('fp_34a54ae93c');
    const stream = await client.chat.completions.create({ model: ft, messages: [user('Hi')], stream: true });
    for await (const chunk of stream) expect(chunk.model).toBe(ft);
  });

  it('answers an unknown fine-tuned id with model_not_found', async () => {
    const error = await sdkError(client.chat.completions.create({ model: 'ft:gpt-4o-mini:nope::x', messages: [user('Hi')] }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
  });
});
