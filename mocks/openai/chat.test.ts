/**
 * The OpenAI simulator driven by the official `openai` SDK, in-process (the SDK's `fetch` option calls
 * the simulator handler directly; sockets are covered in mocks/server.test.ts): plain and streamed
 * completions, the stream helper, tool calls, response formats, limits, n, stop, reasoning models.
 */
import { Ajv } from 'ajv';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../types.ts';
import { createOpenAISimulator } from './index.ts';

function clientFor(simulator: Simulator, apiKey = 'sk-test'): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: 'https://api.openai.com/v1',
    maxRetries: 0,
    fetch: async (url, init) => simulator.fetch(new Request(url, init)),
  });
}

const user = (content: string) => ({ role: 'user' as const, content });

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        detailed: { type: 'boolean' },
        hours: { type: 'array', items: { type: 'number', minimum: 0, maximum: 23 }, minItems: 1, maxItems: 3 },
        location: {
          type: 'object',
          properties: { lat: { type: 'number' }, lon: { type: 'number' }, label: { type: ['string', 'null'] } },
          required: ['lat', 'lon', 'label'],
          additionalProperties: false,
        },
      },
      required: ['city', 'unit', 'days', 'detailed', 'hours', 'location'],
      additionalProperties: false,
    },
  },
};
const timeTool = {
  type: 'function' as const,
  function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } },
};

const ajv = new Ajv({ strict: false });

describe('non-streaming', () => {
  it('answers with OpenAI\'s completion object and headers', async () => {
    const client = clientFor(createOpenAISimulator());
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [user('Say hello')] })
      .withResponse();
    expect(data.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(data.object).toBe('chat.completion');
    expect(data.created).toBe(1735689600);
    expect(data.model).toBe('gpt-4o-mini-2024-07-18');
    expect(data.service_tier).toBe('default');
    expect(data.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    const [choice] = data.choices;
    expect(choice).toMatchObject({ index: 0, logprobs: null, finish_reason: 'stop' });
    expect(choice!.message).toEqual({ role: 'assistant', content: expect.any(String), refusal: null, annotations: [] });
    expect(choice!.message.content!.length).toBeGreaterThan(20);
    const usage = data.usage!;
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.prompt_tokens_details).toEqual({ cached_tokens: 0, audio_tokens: 0 });
    expect(usage.completion_tokens_details).toEqual({
      reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0,
    });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('openai-version')).toBe('2020-10-01');
    expect(Number(response.headers.get('openai-processing-ms'))).toBeGreaterThan(0);
    for (const h of ['limit-requests', 'remaining-requests', 'limit-tokens', 'remaining-tokens', 'reset-requests', 'reset-tokens']) {
      expect(response.headers.get(`x-ratelimit-${h}`)).toBeTruthy();
    }
  });

  it('maps each alias to its dated snapshot and accepts snapshots as themselves', async () => {
    const client = clientFor(createOpenAISimulator());
    for (const [model, snapshot] of [['gpt-4o', 'gpt-4o-2024-08-06'], ['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'], ['gpt-4o-2024-08-06', 'gpt-4o-2024-08-06']]) {
      const c = await client.chat.completions.create({ model: model!, messages: [user('hi')] });
      expect(c.model).toBe(snapshot);
    }
  });

  it('truncates at max_tokens with finish_reason "length"', async () => {
    const c = await clientFor(createOpenAISimulator()).chat.completions.create({ model: 'gpt-4o', messages: [user('Tell a long story')], max_tokens: 5 });
    expect(c.choices[0]!.finish_reason).toBe('length');
    expect(c.usage!.completion_tokens).toBe(5);
  });

  it('cuts at a stop sequence, which is not returned', async () => {
    const client = clientFor(createOpenAISimulator());
    const full = (await client.chat.completions.create({ model: 'gpt-4o', messages: [user('Describe a garden')], seed: 1 })).choices[0]!.message.content!;
    const stop = full.split(' ')[3]!;
    const cut = await client.chat.completions.create({ model: 'gpt-4o', messages: [user('Describe a garden')], seed: 1, stop: [stop] });
    // A different body hashes to different text; what matters is that the stop string never appears.
    expect(cut.choices[0]!.message.content).not.toContain(stop);
    expect(cut.choices[0]!.finish_reason).toBe('stop');
  });

  it('returns n choices with distinct text', async () => {
    const c = await clientFor(createOpenAISimulator()).chat.completions.create({ model: 'gpt-4o-mini', messages: [user('Pick one')], n: 3 });
    expect(c.choices.map((x) => x.index)).toEqual([0, 1, 2]);
    expect(new Set(c.choices.map((x) => x.message.content)).size).toBe(3);
  });

  it('counts reasoning tokens for reasoning models and can spend the whole budget on them', async () => {
    const client = clientFor(createOpenAISimulator());
    const c = await client.chat.completions.create({ model: 'o4-mini', messages: [user('Think')], reasoning_effort: 'low' });
    expect(c.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThanOrEqual(64);
    const starved = await client.chat.completions.create({ model: 'o3-mini', messages: [user('Think')], max_completion_tokens: 20 });
    expect(starved.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
    expect(starved.usage!.completion_tokens).toBe(20);
  });

  it('returns logprobs per content token when asked', async () => {
    const c = await clientFor(createOpenAISimulator()).chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')], logprobs: true, top_logprobs: 2 });
    const lp = c.choices[0]!.logprobs!.content!;
    expect(lp.map((t) => t.token).join('')).toBe(c.choices[0]!.message.content);
    expect(lp[0]!.top_logprobs).toHaveLength(2);
    expect(lp.every((t) => t.logprob < 0)).toBe(true);
  });

  it('produces JSON matching a json_schema response_format', async () => {
    const schema = weatherTool.function.parameters;
    const c = await clientFor(createOpenAISimulator()).chat.completions.create({
      model: 'gpt-4o', messages: [user('Weather report')],
      response_format: { type: 'json_schema', json_schema: { name: 'report', schema, strict: true } },
    });
    expect(ajv.validate(schema, JSON.parse(c.choices[0]!.message.content!))).toBe(true);
  });
});

describe('streaming', () => {
  it('streams role, content pieces and a finish chunk that the SDK iterates', async () => {
    const stream = await clientFor(createOpenAISimulator()).chat.completions.create({ model: 'gpt-4o-mini', messages: [user('Stream please')], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.split(' ').length).toBeGreaterThan(5);
    expect(chunks.slice(1, -1).every((c) => c.choices[0]!.finish_reason === null && c.choices[0]!.logprobs === null)).toBe(true);
    expect(chunks.at(-1)!.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    expect(new Set(chunks.map((c) => `${c.id}|${c.created}|${c.model}|${c.system_fingerprint}|${c.service_tier}`)).size).toBe(1);
  });

  it('adds usage: null to every chunk and a final usage chunk with include_usage', async () => {
    const stream = await clientFor(createOpenAISimulator()).chat.completions.create({
      model: 'gpt-4o-mini', messages: [user('Count me')], stream: true, stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.total_tokens).toBe(last.usage!.prompt_tokens + last.usage!.completion_tokens);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('is reassembled by the SDK stream helper into the final completion', async () => {
    const runner = clientFor(createOpenAISimulator()).chat.completions.stream({
      model: 'gpt-4o', messages: [user('Helper')], stream_options: { include_usage: true },
    });
    let deltas = '';
    runner.on('content', (delta) => { deltas += delta; });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(deltas);
    expect(final.choices[0]!.finish_reason).toBe('stop');
    expect(final.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('streams n choices interleaved by index', async () => {
    const runner = clientFor(createOpenAISimulator()).chat.completions.stream({ model: 'gpt-4o-mini', messages: [user('Two')], n: 2 });
    const indices: number[] = [];
    runner.on('chunk', (c) => indices.push(c.choices[0]!.index));
    const final = await runner.finalChatCompletion();
    expect(indices.slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(final.choices).toHaveLength(2);
    expect(final.choices.every((c) => c.finish_reason === 'stop')).toBe(true);
  });
});

describe('tools', () => {
  it('calls the first tool (auto) with arguments that match its schema, non-streamed', async () => {
    const c = await clientFor(createOpenAISimulator()).chat.completions.create({ model: 'gpt-4o', messages: [user('Weather in Paris?')], tools: [weatherTool, timeTool] });
    const choice = c.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]!;
    expect(call).toMatchObject({ id: expect.stringMatching(/^call_[A-Za-z0-9]{24}$/), type: 'function', function: { name: 'get_weather' } });
    expect(ajv.validate(weatherTool.function.parameters, JSON.parse((call as { function: { arguments: string } }).function.arguments))).toBe(true);
  });

  it('streams a tool call in fragments that the SDK helper reassembles into valid JSON', async () => {
    const runner = clientFor(createOpenAISimulator()).chat.completions.stream({
      model: 'gpt-4o-mini', messages: [user('Weather?')], tools: [weatherTool], tool_choice: 'required',
    });
    const fragments: number[] = [];
    runner.on('chunk', (c) => { if (c.choices[0]?.delta.tool_calls) fragments.push(1); });
    const final = await runner.finalChatCompletion();
    expect(fragments.length).toBeGreaterThan(4);
    const call = final.choices[0]!.message.tool_calls![0] as { id: string; function: { name: string; arguments: string } };
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.function.name).toBe('get_weather');
    expect(ajv.validate(weatherTool.function.parameters, JSON.parse(call.function.arguments))).toBe(true);
  });

  it('honours a named tool_choice and "none"', async () => {
    const client = clientFor(createOpenAISimulator());
    const named = await client.chat.completions.create({
      model: 'gpt-4o', messages: [user('Time?')], tools: [weatherTool, timeTool], tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    expect((named.choices[0]!.message.tool_calls![0] as { function: { name: string } }).function.name).toBe('get_time');
    const none = await client.chat.completions.create({ model: 'gpt-4o', messages: [user('Time?')], tools: [weatherTool], tool_choice: 'none' });
    expect(none.choices[0]!.finish_reason).toBe('stop');
    expect(typeof none.choices[0]!.message.content).toBe('string');
  });

  it('calls every tool the prompt mentions in parallel, each with its own index', async () => {
    const final = await clientFor(createOpenAISimulator()).chat.completions.stream({
      model: 'gpt-4o', messages: [user('What are the weather and the time in Oslo?')], tools: [weatherTool, timeTool],
    }).finalChatCompletion();
    const names = final.choices[0]!.message.tool_calls!.map((c) => (c as { function: { name: string } }).function.name);
    expect(names).toEqual(['get_weather', 'get_time']);
  });

  it('answers in text after a tool result, mentioning the tool and its result', async () => {
    const c = await clientFor(createOpenAISimulator()).chat.completions.create({
      model: 'gpt-4o', tools: [weatherTool],
      messages: [
        user('Weather in Oslo?'),
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":4}' },
      ],
    });
    expect(c.choices[0]!.finish_reason).toBe('stop');
    expect(c.choices[0]!.message.content).toContain('get_weather');
    expect(c.choices[0]!.message.content).toContain('{"temp_c":4}');
  });
});
