// The Anthropic translator end to end: the openai SDK → the reference gateway → the Anthropic simulator
// (and Claude on Vertex AI → the Vertex simulator), in-process. The simulators are black boxes here:
// answers are checked against spec/ and the stream grammar, requests against the simulator's journal.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { capability, CAPABILITY_COLUMNS } from '../../spec/capabilities.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import * as grammar from '../../suites/chat/grammar.ts';
import { SseParser } from '../../lib/sse.ts';
import type { ResolvedAccount } from '../../gateway/config.ts';
import { anthropicVertexChat } from '../../gateway/providers/anthropic/vertex.ts';
import { createSimulators } from '../../mocks/registry.ts';
import { createMockRouter } from '../../mocks/server.ts';
import { createGatewayHarness, type GatewayHarness } from '../gateway-harness.ts';

const MODEL = 'anthropic-main/claude-sonnet-4-5';
const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const time = { type: 'function' as const, function: { name: 'get_time', description: 'Time in a zone', parameters: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] } } };

let h: GatewayHarness;
let client: OpenAI;
beforeAll(() => { h = createGatewayHarness(); client = h.client(); });

const journal = () => h.journal('anthropic').last()!;
const sent = () => journal().body as Record<string, any>;

/** POST raw and parse the SSE body for the grammar checks. */
async function rawStream(body: Record<string, unknown>) {
  const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model: MODEL, stream: true, ...body }) });
  const parser = new SseParser();
  const events = parser.push(await res.text());
  const parsed = grammar.parseStream(events, parser.end());
  return { res, parsed, chunks: parsed.chunks.filter((c): c is Record<string, any> => c !== undefined) };
}

function grammarViolations(parsed: grammar.ParsedStream, includeUsage: boolean) {
  return [
    ...grammar.checkFraming(parsed), ...grammar.checkRoleFirst(parsed), ...grammar.checkStableId(parsed),
    ...grammar.checkOneFinish(parsed), ...grammar.checkUsageChunk(parsed, includeUsage), ...grammar.checkDoneLast(parsed),
  ];
}

async function refusal(body: Record<string, unknown>) {
  const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], ...body }) });
  return { status: res.status, error: ((await res.json()) as { error: { message: string; type: string; param: string | null; code: string } }).error };
}

describe('anthropic through the gateway', () => {
  it('non-stream: a valid chat.completion; the journal shows model, headers, system and every message in order', async () => {
    const done = await client.chat.completions.create({ model: MODEL, messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'First answer' },
      { role: 'developer', content: 'Answer in English.' },
      { role: 'user', content: 'Second question' },
    ], max_tokens: 200, temperature: 0.5, stop: ['END'] });
    expect(validate('createChatCompletion', 200, 'application/json', done).violations).toEqual([]);
    expect(done.model).toBe('claude-sonnet-4-5');
    expect(done.choices[0]!.message.content).toBeTruthy();
    expect(done.usage!.prompt_tokens).toBeGreaterThan(0);
    const entry = journal();
    expect(entry.path).toBe('/v1/messages');
    expect(entry.status).toBe(200);
    expect(entry.headers['x-api-key']).toBe('sk-ant-touchstone-0001');
    expect(entry.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent()).toMatchObject({
      model: 'claude-sonnet-4-5', max_tokens: 200, temperature: 0.5, stop_sequences: ['END'],
      system: [{ type: 'text', text: 'You are terse.' }, { type: 'text', text: 'Answer in English.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'First question' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'First answer' }] },
        { role: 'user', content: [{ type: 'text', text: 'Second question' }] },
      ],
    });
  });

  it('stream: every chunk valid, the grammar holds, one usage chunk with include_usage', async () => {
    const { res, parsed, chunks } = await rawStream({ messages: [{ role: 'user', content: 'Tell me something.' }], stream_options: { include_usage: true } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(grammarViolations(parsed, true)).toEqual([]);
    for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBeTruthy();
    expect(sent().stream).toBe(true);
    const plain = await rawStream({ messages: [{ role: 'user', content: 'Again.' }] });
    expect(grammarViolations(plain.parsed, false)).toEqual([]);
  });

  it('tools round trip: tool call → tool result → final text; the journal carries tools and results', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.chat.completions.create({ model: MODEL, messages, tools: [weather], tool_choice: 'required' });
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    const call = first.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(JSON.parse(call.function.arguments)).toHaveProperty('city');
    expect(sent()).toMatchObject({ tools: [{ name: 'get_weather', description: 'Weather of a city', input_schema: weather.function.parameters }], tool_choice: { type: 'any' } });
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"temperature": 18}' });
    const final = await client.chat.completions.create({ model: MODEL, messages, tools: [weather] });
    expect(final.choices[0]!.finish_reason).toBe('stop');
    expect(final.choices[0]!.message.content).toBeTruthy();
    expect(sent().messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '{"temperature": 18}' }] });
    expect(sent().messages[1].content.some((b: any) => b.type === 'tool_use' && b.id === call.id)).toBe(true);
  });

  it('regression: streamed parallel tool calls keep distinct indexes and ids; arguments are what the upstream sent', async () => {
    const { parsed } = await rawStream({ messages: [{ role: 'user', content: 'Use get_weather and get_time.' }], tools: [weather, time] });
    const { violations, calls } = grammar.checkToolDeltas(parsed, ['get_weather', 'get_time']);
    expect(violations).toEqual([]);
    expect(calls.map((c) => c.index)).toEqual([0, 1]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    // The same request answered without streaming carries the same tool inputs (the simulator is deterministic per body).
    const done = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Use get_weather and get_time.' }], tools: [weather, time] });
    const tc = done.choices[0]!.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(tc.map((c) => c.function.name)).toEqual(calls.map((c) => c.name));
    expect(calls.map((c) => JSON.parse(c.arguments))).toEqual(tc.map((c) => JSON.parse(c.function.arguments)));
  });

  it('regression: thinking blocks from a streamed turn go back on the next turn (tool use with thinking)', async () => {
    const first = await rawStream({ messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weather], reasoning_effort: 'low' });
    const deltas = first.chunks.flatMap((c) => c.choices.map((ch: any) => ch.delta));
    const reasoning = deltas.map((d) => d.reasoning_content ?? '').join('');
    const thinkingBlocks = deltas.flatMap((d) => d.thinking_blocks ?? []);
    expect(reasoning.length).toBeGreaterThan(0);
    expect(thinkingBlocks[0]).toMatchObject({ type: 'thinking', thinking: reasoning });
    expect(thinkingBlocks[0].signature).toBeTruthy();
    const { calls } = grammar.checkToolDeltas(first.parsed, ['get_weather']);
    const assistant = { role: 'assistant', content: null, thinking_blocks: thinkingBlocks, tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) };
    const second = await client.chat.completions.create({ model: MODEL, reasoning_effort: 'low', tools: [weather], messages: [
      { role: 'user', content: 'Weather in Paris?' }, assistant as never, { role: 'tool', tool_call_id: calls[0]!.id as string, content: '18C' },
    ] });
    expect(second.choices[0]!.message.content).toBeTruthy();
    expect(sent().messages[1].content[0]).toEqual(thinkingBlocks[0]);
    expect(sent().thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('every column the matrix marks supported works', async () => {
    const supported = CAPABILITY_COLUMNS.filter((c) => capability('anthropic', c).state === 'supported');
    expect(supported).toEqual(['stream', 'non_stream', 'tools', 'schema_mode', 'prompt_caching', 'reasoning', 'structured_output']);
    // schema_mode and structured_output: output_config.format, JSON answer following the schema.
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false };
    for (const strict of [false, true]) {
      const done = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Describe Paris as JSON.' }], response_format: { type: 'json_schema', json_schema: { name: 'city', schema, strict } } });
      expect(Object.keys(JSON.parse(done.choices[0]!.message.content!)).sort()).toEqual(['city', 'population']);
      expect(sent().output_config).toEqual({ format: { type: 'json_schema', schema } });
    }
    // structured output for tools: strict tools.
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Weather in Rome?' }], tools: [{ ...weather, function: { ...weather.function, strict: true } }] });
    expect(sent().tools[0].strict).toBe(true);
    // prompt_caching: a breakpoint, then cached tokens reported on the repeat.
    const body = { model: MODEL, max_tokens: 64, messages: [{ role: 'system', content: [{ type: 'text', text: 'Station rules. '.repeat(800), cache_control: { type: 'ephemeral' } }] }, { role: 'user', content: 'Rule 1?' }] };
    const warm = await client.chat.completions.create(body as never);
    const hit = await client.chat.completions.create(body as never);
    expect(sent().system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(warm.usage!.prompt_tokens_details!.cached_tokens).toBe(0);
    expect(hit.usage!.prompt_tokens_details!.cached_tokens).toBeGreaterThan(0);
    expect(hit.usage!.prompt_tokens).toBe(warm.usage!.prompt_tokens);
    // reasoning: reasoning_effort → thinking; reasoning text and tokens come back.
    const thought = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Primes between 10 and 30?' }], reasoning_effort: 'low', max_completion_tokens: 4096 });
    expect(sent()).toMatchObject({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(thought.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
    expect((thought.choices[0]!.message as any).reasoning_content).toBeTruthy();
    expect((thought.choices[0]!.message as any).thinking_blocks[0].signature).toBeTruthy();
  });

  it('every column the matrix marks unsupported is refused with 400 naming the parameter', async () => {
    expect(capability('anthropic', 'json_mode').state).toBe('unsupported');
    const before = h.journal('anthropic').entries.length;
    const { status, error } = await refusal({ response_format: { type: 'json_object' } });
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_parameter', param: 'response_format' });
    expect(error.message).toMatch(/Anthropic/);
    expect(error.message).toMatch(/JSON mode/);
    expect(h.journal('anthropic').entries.length).toBe(before); // refused before reaching the upstream
  });

  it('unknown and unofferable parameters are refused with 400 naming them', async () => {
    expect(await refusal({ frobnicate: true })).toMatchObject({ status: 400, error: { code: 'unknown_parameter', param: 'frobnicate' } });
    expect(await refusal({ seed: 42 })).toMatchObject({ status: 400, error: { code: 'unsupported_parameter', param: 'seed' } });
    expect(await refusal({ n: 3 })).toMatchObject({ status: 400, error: { param: 'n' } });
    expect(await refusal({ temperature: 1.7 })).toMatchObject({ status: 400, error: { param: 'temperature' } });
  });

  describe('errors', () => {
    const ask = (marker: string, stream = false) => client.chat.completions.create({ model: MODEL, stream, messages: [{ role: 'user', content: `Hello [touchstone-fault:${marker}]` }] } as never);

    it('429 stays 429 with retry-after', async () => {
      const error = await ask('rate_limit').catch((e: unknown) => e) as InstanceType<typeof OpenAI.APIError>;
      expect(error.status).toBe(429);
      expect(error.headers?.get('retry-after')).toBe('1');
      expect((error.error as any).type).toBe('rate_limit_error');
    });

    it('500 → 502 with the upstream message; 529 → 503 overloaded', async () => {
      const server = await ask('server_error').catch((e: unknown) => e) as InstanceType<typeof OpenAI.APIError>;
      expect(server.status).toBe(502);
      expect((server.error as any).code).toBe('upstream_error');
      const overloaded = await ask('overloaded').catch((e: unknown) => e) as InstanceType<typeof OpenAI.APIError>;
      expect(overloaded.status).toBe(503);
      expect(overloaded.error).toMatchObject({ type: 'upstream_error', code: 'overloaded' });
    });

    it('a mid-stream error event and a truncated stream end with an error event, never silently', async () => {
      for (const [marker, code] of [['error_event', 'overloaded'], ['truncate', 'upstream_stream_truncated']] as const) {
        const { res, parsed } = await rawStream({ messages: [{ role: 'user', content: `Hi [touchstone-fault:${marker}]` }] });
        expect(res.status).toBe(200);
        const last = parsed.chunks.at(-1) as { error?: { code: string } } | undefined;
        expect(last?.error?.code).toBe(code);
        expect(parsed.partial).toBeUndefined();
      }
    });

    it('unknown upstream model → 404; refused credentials → 502 without the upstream message', async () => {
      const sims = createSimulators({}, ['anthropic']);
      const fetch = routerFetch(sims);
      const call = (account: Partial<ResolvedAccount>, model: string) => anthropicDirect({ account, model, fetch });
      const missing = await call({}, 'claude-does-not-exist');
      expect(missing.status).toBe(404);
      expect((await missing.json() as any).error).toMatchObject({ code: 'model_not_found', type: 'not_found_error' });
      const refused = await call({ apiKey: 'not-an-anthropic-key' }, 'claude-sonnet-4-5');
      expect(refused.status).toBe(502);
      const body = await refused.json() as any;
      expect(body.error.code).toBe('upstream_auth_failed');
      expect(body.error.message).not.toMatch(/x-api-key/);
    });
  });
});

/** A fetch into the simulators' router, as the harness wires it. */
function routerFetch(sims: ReturnType<typeof createSimulators>): typeof globalThis.fetch {
  const router = createMockRouter(sims, () => 'http://mock.test');
  return async (input, init) => router(new Request(input as RequestInfo, init));
}

/** The Anthropic adapter called directly, for accounts the default config does not have. */
async function anthropicDirect({ account, model, fetch }: { account: Partial<ResolvedAccount>; model: string; fetch: typeof globalThis.fetch }) {
  const { anthropicChat } = await import('../../gateway/providers/anthropic/index.ts');
  const { GatewayError } = await import('../../gateway/errors.ts');
  const full: ResolvedAccount = { name: 'anthropic-x', provider: 'anthropic', baseURL: 'http://mock.test/anthropic', apiKey: 'sk-ant-touchstone-0001', models: new Set([model]), ...account };
  const ctx = { account: full, model, requestedModel: `anthropic-x/${model}`, requestId: 'r', completionId: 'chatcmpl-x', created: 1, stream: false, includeUsage: false };
  try {
    return await anthropicChat({ body: { model: ctx.requestedModel, messages: [{ role: 'user', content: 'hi' }] }, ctx, signal: new AbortController().signal, fetch });
  } catch (error) {
    if (error instanceof GatewayError) return error.toResponse();
    throw error;
  }
}

describe('Claude on Vertex AI (anthropicVertexChat → the Vertex simulator)', () => {
  const sims = createSimulators({}, ['vertex']);
  const fetch = routerFetch(sims);
  const account: ResolvedAccount = { name: 'vertex-main', provider: 'vertex', baseURL: 'http://mock.test/vertex', apiKey: 'ya29.touchstone-vertex-0001', project: 'touchstone-project', region: 'us-central1', models: new Set(['claude-sonnet-4-5']) };
  const ctx = (stream: boolean) => ({ account, model: 'claude-sonnet-4-5', requestedModel: 'vertex-main/claude-sonnet-4-5', requestId: 'r', completionId: 'chatcmpl-v', created: 7, stream, includeUsage: stream });
  const body = { model: 'vertex-main/claude-sonnet-4-5', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello Vertex' }] };

  it('rawPredict: a valid completion; the request reached the publisher endpoint as Vertex documents it', async () => {
    const res = await anthropicVertexChat({ body, ctx: ctx(false), signal: new AbortController().signal, fetch });
    const done = await res.json();
    expect(validate('createChatCompletion', 200, 'application/json', done).violations).toEqual([]);
    const entry = sims.vertex!.journal.last()!;
    expect(entry.path).toBe('/v1/projects/touchstone-project/locations/us-central1/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict');
    expect(entry.headers.authorization).toBe('Bearer ya29.touchstone-vertex-0001');
    expect(entry.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello Vertex' }] }] });
    expect(entry.body).not.toHaveProperty('model');
  });

  it('streamRawPredict: the grammar holds', async () => {
    const res = await anthropicVertexChat({ body: { ...body, stream: true }, ctx: ctx(true), signal: new AbortController().signal, fetch });
    const parser = new SseParser();
    const parsed = grammar.parseStream(parser.push(await res.text()), parser.end());
    expect(grammarViolations(parsed, true)).toEqual([]);
    expect(sims.vertex!.journal.last()!.path).toMatch(/:streamRawPredict$/);
  });
});
