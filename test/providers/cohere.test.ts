// The Cohere translator end to end: the openai SDK → the reference gateway → the Cohere simulator (a black
// box), in process. Answers are checked against spec/ and the stream grammar; the journal shows what
// reached Cohere. Custom harnesses add an account the simulator refuses (unknown model, missing key).
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/app.ts';
import { generateApiKey, resolveConfig } from '../../gateway/config.ts';
import { readSse, type SseEvent } from '../../lib/sse.ts';
import { createSimulators } from '../../mocks/registry.ts';
import { createMockRouter, upstreamBaseURLs } from '../../mocks/server.ts';
import { CAPABILITY_COLUMNS, capability, type CapabilityColumn } from '../../spec/capabilities.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream, type ParsedStream } from '../../suites/chat/grammar.ts';
import { defaultConfigFile } from '../../suites/default-config.ts';
import { createGatewayHarness, type GatewayHarness } from '../gateway-harness.ts';

type Json = Record<string, unknown>;
const CHAT = 'cohere-main/command-a-03-2025';
const REASONING = 'cohere-main/command-a-reasoning-08-2025';
const VISION = 'cohere-main/command-a-vision-07-2025';
const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const clock = { type: 'function' as const, function: { name: 'get_time', description: 'Current time in a time zone', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } } };

async function post(h: GatewayHarness, body: Json): Promise<Response> {
  return h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
}

async function sse(res: Response): Promise<ParsedStream> {
  const events: SseEvent[] = [];
  let partial: SseEvent | undefined;
  for await (const ev of readSse(res.body!, (p) => { partial = p; })) events.push(ev);
  return parseStream(events, partial);
}

/** Every data chunk validates against spec/ and the stream obeys the grammar. */
function expectValidStream(s: ParsedStream, includeUsage: boolean): void {
  for (const e of s.events) expect(validateEvent('createChatCompletion', e.data).violations, e.data).toEqual([]);
  expect([...checkFraming(s), ...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)]).toEqual([]);
}

const deltas = (s: ParsedStream) => s.chunks.flatMap((c) => ((c?.choices as Json[] | undefined) ?? []).map((ch) => ch.delta as Json));
const joined = (s: ParsedStream, field: string) => deltas(s).map((d) => (typeof d[field] === 'string' ? d[field] : '')).join('');

/** The Cohere stream the simulator answers to a body, tool-call arguments reassembled per Cohere index. */
async function upstreamToolCalls(h: GatewayHarness, body: unknown): Promise<{ id: string; name: string; arguments: string }[]> {
  const res = await h.simulators.cohere!.fetch(new Request('http://mock.test/v2/chat', { method: 'POST', headers: { authorization: 'Bearer touchstone-cohere-0001', 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const calls: { id: string; name: string; arguments: string }[] = [];
  for await (const ev of readSse(res.body!)) {
    const data = JSON.parse(ev.data) as { type: string; index: number; delta?: { message?: { tool_calls?: { id?: string; function?: { name?: string; arguments?: string } } } } };
    const tc = data.delta?.message?.tool_calls;
    if (data.type === 'tool-call-start') calls[data.index] = { id: tc!.id!, name: tc!.function!.name!, arguments: tc!.function!.arguments ?? '' };
    if (data.type === 'tool-call-delta') calls[data.index]!.arguments += tc?.function?.arguments ?? '';
  }
  return calls;
}

/** A harness whose config adds a Cohere account with other credentials or models. */
function customHarness(account: { name: string; apiKey: string; models: string[] }): { client: OpenAI } {
  const simulators = createSimulators();
  const router = createMockRouter(simulators, () => 'http://mock.test');
  const key = generateApiKey();
  const file = defaultConfigFile(upstreamBaseURLs('http://mock.test', simulators), key);
  const base = file.accounts.find((a) => a.name === 'cohere-main')!;
  file.accounts.push({ ...base, name: account.name, api_key: { value: account.apiKey }, models: account.models.map((name) => ({ name })) });
  const config = resolveConfig(file, 'cohere test');
  const gateway = createGateway(config, { fetch: async (input, init) => router(new Request(input as RequestInfo, init)) });
  const client = new OpenAI({ apiKey: key, baseURL: `http://gateway.test${config.basePath}`, maxRetries: 0, fetch: async (input, init) => gateway.fetch(new Request(input as RequestInfo, init)) });
  return { client };
}

describe('cohere through the gateway', () => {
  const h = createGatewayHarness();
  const client = h.client();

  it('answers a non-streamed chat completion valid against the contract', async () => {
    const res = await post(h, { model: CHAT, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is an LLM?' }] });
    expect(res.status).toBe(200);
    const body = await res.json() as Json;
    expect(validate('createChatCompletion', 200, res.headers.get('content-type'), body).violations).toEqual([]);
    expect(body).toMatchObject({ object: 'chat.completion', model: 'command-a-03-2025', choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant' } }] });
    expect(body.id).toMatch(/^chatcmpl-/);
    const usage = body.usage as Json;
    expect(usage.total_tokens).toBe((usage.prompt_tokens as number) + (usage.completion_tokens as number));
    expect(usage).toMatchObject({ prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } });
    const sent = h.journal('cohere').last()!;
    expect(sent.path).toBe('/v2/chat');
    expect(sent.headers.authorization).toBe('Bearer touchstone-cohere-0001');
    expect(sent.body).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is an LLM?' }] });
  });

  it('streams chunks valid against the contract and the grammar, with and without include_usage', async () => {
    for (const includeUsage of [false, true]) {
      const res = await post(h, { model: CHAT, stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}), messages: [{ role: 'user', content: 'Tell me about streams.' }] });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const s = await sse(res);
      expectValidStream(s, includeUsage);
      expect(joined(s, 'content').length).toBeGreaterThan(0);
      expect(h.journal('cohere').last()!.body).toMatchObject({ stream: true });
    }
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: CHAT, stream: true, messages: [{ role: 'user', content: 'hi' }] })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBeTruthy();
  });

  it('sends every message in order, the system prompt and the tools to Cohere', async () => {
    await client.chat.completions.create({
      model: CHAT, tools: [weather, clock],
      messages: [
        { role: 'system', content: 'You are a weather bot.' },
        { role: 'developer', content: 'Use metric units.' },
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21}' },
        { role: 'assistant', content: 'It is 21°C.' },
        { role: 'user', content: 'And the time there?' },
      ],
    });
    expect(h.journal('cohere').last()!.body).toEqual({
      model: 'command-a-03-2025',
      messages: [
        { role: 'system', content: 'You are a weather bot.' },
        { role: 'system', content: 'Use metric units.' },
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', tool_plan: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21}' },
        { role: 'assistant', content: 'It is 21°C.' },
        { role: 'user', content: 'And the time there?' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: weather.function.parameters } },
        { type: 'function', function: { name: 'get_time', description: 'Current time in a time zone', parameters: clock.function.parameters } },
      ],
    });
  });

  it('round-trips tools: tool call → tool result → final text', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.chat.completions.create({ model: CHAT, messages, tools: [weather], tool_choice: 'required' });
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    const calls = first.choices[0]!.message.tool_calls! as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.length).toBeGreaterThan(0);
    expect(h.journal('cohere').last()!.body).toMatchObject({ tool_choice: 'REQUIRED' });
    messages.push(first.choices[0]!.message);
    for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.id, content: '{"temp_c":21,"sky":"clear"}' });
    const second = await client.chat.completions.create({ model: CHAT, messages, tools: [weather] });
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toBeTruthy();
    const sent = h.journal('cohere').last()!.body as { messages: Json[] };
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } })) });
    expect(sent.messages.slice(2).map((m) => m.tool_call_id)).toEqual(calls.map((c) => c.id));
  });

  it('streams parallel tool calls with distinct indexes and ids whose arguments match what Cohere sent', async () => {
    const res = await post(h, { model: CHAT, stream: true, tools: [weather, clock], messages: [{ role: 'user', content: 'What is the weather in Paris and the time in Tokyo?' }] });
    const s = await sse(res);
    expectValidStream(s, false);
    const { violations, calls } = checkToolDeltas(s, ['get_weather', 'get_time']);
    expect(violations).toEqual([]);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(calls.map((c) => c.index)).size).toBe(calls.length);
    expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
    const upstream = await upstreamToolCalls(h, h.journal('cohere').last()!.body);
    expect(calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }))).toEqual(upstream);
    const repeated = deltas(s).flatMap((d) => (d.tool_calls as Json[] | undefined) ?? []).filter((d) => d.type !== undefined);
    expect(repeated).toHaveLength(calls.length);
  });

  it('answers parallel tool calls non-streamed with the same calls as the stream', async () => {
    const request = { model: CHAT, tools: [weather, clock], messages: [{ role: 'user' as const, content: 'What is the weather in Paris and the time in Tokyo?' }] };
    const done = await client.chat.completions.create(request);
    expect(done.choices[0]!.finish_reason).toBe('tool_calls');
    const calls = done.choices[0]!.message.tool_calls!.map((c) => ({ id: c.id, name: (c as OpenAI.ChatCompletionMessageFunctionToolCall).function.name, arguments: (c as OpenAI.ChatCompletionMessageFunctionToolCall).function.arguments }));
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    for (const c of calls) expect(JSON.parse(c.arguments)).toBeTypeOf('object');
  });

  it('surfaces reasoning (stream and not) and sends it back as thinking on the next turn', async () => {
    const done = await post(h, { model: REASONING, reasoning_effort: 'medium', tools: [weather], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const body = await done.json() as { choices: { message: Json }[] };
    expect(validate('createChatCompletion', 200, 'application/json', body).violations).toEqual([]);
    const message = body.choices[0]!.message;
    expect(message.reasoning_content).toEqual(expect.any(String));
    expect(h.journal('cohere').last()!.body).toMatchObject({ thinking: { type: 'enabled', token_budget: 8192 } });
    const stream = await sse(await post(h, { model: REASONING, stream: true, reasoning_effort: 'medium', tools: [weather], messages: [{ role: 'user', content: 'Weather in Paris?' }] }));
    expectValidStream(stream, false);
    expect(joined(stream, 'reasoning_content')).toBe(message.reasoning_content);
    // Regression: thinking lost on the next turn.
    const calls = message.tool_calls as { id: string }[];
    await post(h, { model: REASONING, tools: [weather], messages: [{ role: 'user', content: 'Weather in Paris?' }, message, ...calls.map((c) => ({ role: 'tool', tool_call_id: c.id, content: 'sunny' }))] });
    const sent = (h.journal('cohere').last()!.body as { messages: Json[] }).messages[1]!;
    expect(sent.content).toEqual([{ type: 'thinking', thinking: message.reasoning_content }]);
    expect(h.journal('cohere').last()!.status).toBe(200);
  });

  it('passes images (URL and data URI) to a vision model', async () => {
    const done = await client.chat.completions.create({ model: VISION, messages: [{ role: 'user', content: [
      { type: 'text', text: 'Describe these.' },
      { type: 'image_url', image_url: { url: 'https://cohere.com/favicon-32x32.png', detail: 'low' } },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' } },
    ] }] });
    expect(done.choices[0]!.message.content).toBeTruthy();
    expect((h.journal('cohere').last()!.body as { messages: { content: Json[] }[] }).messages[0]!.content.map((p) => p.type)).toEqual(['text', 'image_url', 'image_url']);
  });

  it('maps stop, max_completion_tokens, temperature, top_p, top_k and seed', async () => {
    const done = await client.chat.completions.create({ model: CHAT, messages: [{ role: 'user', content: 'Write a long essay.' }], max_completion_tokens: 3, stop: ['zzz'], temperature: 0.4, top_p: 0.9, seed: 11, top_k: 20 } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(done.choices[0]!.finish_reason).toBe('length');
    expect(h.journal('cohere').last()!.body).toMatchObject({ max_tokens: 3, stop_sequences: ['zzz'], temperature: 0.4, p: 0.9, seed: 11, k: 20 });
  });

  describe('the capability matrix row for cohere', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, temp_c: { type: 'integer' } }, required: ['city', 'temp_c'], additionalProperties: false };
    const scenarios: Record<CapabilityColumn, { param: string; body: Json; check: (res: Response) => Promise<void> }> = {
      stream: { param: 'stream', body: { model: CHAT, stream: true, messages: [{ role: 'user', content: 'hi' }] }, check: async (res) => expectValidStream(await sse(res), false) },
      non_stream: { param: 'stream', body: { model: CHAT, messages: [{ role: 'user', content: 'hi' }] }, check: async (res) => { expect((await res.json() as Json).object).toBe('chat.completion'); } },
      tools: { param: 'tools', body: { model: CHAT, tools: [weather], messages: [{ role: 'user', content: 'Weather in Oslo?' }] }, check: async (res) => { expect((await res.json() as { choices: { message: Json }[] }).choices[0]!.message.tool_calls).toBeDefined(); } },
      json_mode: { param: 'response_format', body: { model: CHAT, response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'Reply in JSON.' }] }, check: async (res) => { expect(JSON.parse((await res.json() as { choices: { message: { content: string } }[] }).choices[0]!.message.content)).toBeTypeOf('object'); } },
      schema_mode: { param: 'response_format', body: { model: CHAT, response_format: { type: 'json_schema', json_schema: { name: 'w', schema } }, messages: [{ role: 'user', content: 'Weather as JSON.' }] }, check: async (res) => { expect(Object.keys(JSON.parse((await res.json() as { choices: { message: { content: string } }[] }).choices[0]!.message.content) as Json).sort()).toEqual(['city', 'temp_c']); } },
      prompt_caching: { param: 'messages[0].content[0].cache_control', body: { model: CHAT, messages: [{ role: 'user', content: [{ type: 'text', text: 'long prefix', cache_control: { type: 'ephemeral' } }] }] }, check: async (res) => { expect(((await res.json() as { usage: { prompt_tokens_details: Json } }).usage.prompt_tokens_details.cached_tokens)).toBeTypeOf('number'); } },
      reasoning: { param: 'reasoning_effort', body: { model: REASONING, reasoning_effort: 'low', messages: [{ role: 'user', content: 'Think first.' }] }, check: async (res) => { expect((await res.json() as { choices: { message: Json }[] }).choices[0]!.message.reasoning_content).toBeTruthy(); } },
      structured_output: { param: 'response_format.json_schema.strict', body: { model: CHAT, response_format: { type: 'json_schema', json_schema: { name: 'w', strict: true, schema } }, messages: [{ role: 'user', content: 'Weather as JSON.' }] }, check: async (res) => { const v = JSON.parse((await res.json() as { choices: { message: { content: string } }[] }).choices[0]!.message.content) as Json; expect(typeof v.city === 'string' && Number.isInteger(v.temp_c)).toBe(true); } },
    };

    for (const column of CAPABILITY_COLUMNS) {
      const { state } = capability('cohere', column);
      const scenario = scenarios[column];
      if (state === 'supported') {
        it(`${column}: supported, and works through the gateway`, async () => {
          const res = await post(h, scenario.body);
          expect(res.status).toBe(200);
          await scenario.check(res);
          expect(h.journal('cohere').last()!.status).toBe(200);
        });
      } else {
        it(`${column}: ${state}, so the gateway refuses it with 400 naming ${scenario.param}`, async () => {
          const before = h.journal('cohere').entries.length;
          const res = await post(h, scenario.body);
          expect(res.status).toBe(400);
          const { error } = await res.json() as { error: Json };
          expect(error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_parameter', param: scenario.param });
          expect(error.message).toMatch(/cohere/i);
          expect(error.message).toContain(column);
          expect(h.journal('cohere').entries.length).toBe(before);
        });
      }
    }
  });

  describe('refusals', () => {
    it('refuses unknown parameters and unmappable values with 400 naming them, before calling Cohere', async () => {
      const before = h.journal('cohere').entries.length;
      const cases: [Json, string][] = [
        [{ thinking: { type: 'enabled' } }, 'thinking'],
        [{ n: 2 }, 'n'],
        [{ logprobs: true }, 'logprobs'],
        [{ tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } }, 'tool_choice'],
        [{ messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } }] }] }, 'messages[0].content[0]'],
        [{ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }] }] }, 'messages[0].content[0]'],
        [{ prompt_cache_key: 'k' }, 'prompt_cache_key'],
      ];
      for (const [extra, param] of cases) {
        const res = await post(h, { model: CHAT, messages: [{ role: 'user', content: 'hi' }], ...extra });
        expect(res.status, param).toBe(400);
        const { error } = await res.json() as { error: Json };
        expect(error.param).toBe(param);
        expect(error.message).toContain(param.replace(/\[.*$/, ''));
      }
      expect(h.journal('cohere').entries.length).toBe(before);
    });

    it('relays Cohere\'s own 400 with its message (values are never clamped)', async () => {
      const res = await post(h, { model: CHAT, temperature: 1.5, messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status).toBe(400);
      const { error } = await res.json() as { error: Json };
      expect(error.message).toMatch(/temperature/);
      expect(h.journal('cohere').last()!.body).toMatchObject({ temperature: 1.5 });
    });
  });

  describe('errors', () => {
    it('429 stays 429 with retry-after', async () => {
      const res = await post(h, { model: CHAT, messages: [{ role: 'user', content: 'hi [touchstone-fault:rate_limit]' }] });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      const body = await res.json() as { error: Json };
      expect(validate('createChatCompletion', 429, res.headers.get('content-type'), body).violations).toEqual([]);
      expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
      await expect(client.chat.completions.create({ model: CHAT, messages: [{ role: 'user', content: 'x [touchstone-fault:rate_limit]' }] })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    });

    it('5xx (server error, overloaded) become 502 carrying Cohere\'s message', async () => {
      for (const fault of ['server_error', 'overloaded']) {
        const res = await post(h, { model: CHAT, messages: [{ role: 'user', content: `hi [touchstone-fault:${fault}]` }] });
        expect(res.status).toBe(502);
        const { error } = await res.json() as { error: Json };
        expect(error).toMatchObject({ type: 'upstream_error', code: 'upstream_error' });
        expect(error.message).toMatch(/cohere-main/);
      }
    });

    it('a mid-stream error, a truncated and a malformed stream end with an OpenAI error event, never silently', async () => {
      for (const fault of ['error_event', 'truncate', 'malformed_event']) {
        const s = await sse(await post(h, { model: CHAT, stream: true, messages: [{ role: 'user', content: `hi [touchstone-fault:${fault}]` }] }));
        const last = s.chunks.at(-1) as { error?: Json } | undefined;
        expect(last?.error, fault).toMatchObject({ type: 'upstream_error' });
        expect(s.events.some((e) => e.data === '[DONE]')).toBe(false);
        expect(s.chunks.filter((c) => c && !c.error).every((c) => validateEvent('createChatCompletion', c).ok)).toBe(true);
        expect(s.partial).toBeUndefined();
      }
    });

    it('an unknown model at Cohere is 404 with Cohere\'s message', async () => {
      const { client: custom } = customHarness({ name: 'cohere-extra', apiKey: 'touchstone-cohere-0001', models: ['command-z-unknown'] });
      const error = await custom.chat.completions.create({ model: 'cohere-extra/command-z-unknown', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({ code: 'model_not_found', param: 'model' });
      expect((error as Error).message).toMatch(/command-z-unknown/);
    });

    it('a refused key is 502 upstream_auth_failed without Cohere\'s message', async () => {
      const { client: custom } = customHarness({ name: 'cohere-nokey', apiKey: ' ', models: ['command-a-03-2025'] });
      const error = await custom.chat.completions.create({ model: 'cohere-nokey/command-a-03-2025', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ type: 'upstream_error', code: 'upstream_auth_failed' });
      expect((error as Error).message).not.toMatch(/api key supplied/);
    });
  });
});
