// The eight OpenAI-compatible providers end to end: the openai SDK (and raw HTTP for the stream grammar)
// → the reference gateway → each provider's simulator, in-process. The simulators are black boxes:
// answers are checked against spec/ and the stream grammar, requests against the simulators' journals.
import { Ajv } from 'ajv';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/app.ts';
import { generateApiKey, resolveConfig } from '../../gateway/config.ts';
import { PROVIDER_QUIRKS, type OpenAICompatibleProvider } from '../../gateway/providers/openai-compatible/quirks.ts';
import { SseParser } from '../../lib/sse.ts';
import { createSimulators } from '../../mocks/registry.ts';
import { createMockRouter, upstreamBaseURLs } from '../../mocks/server.ts';
import { capability, type CapabilityColumn } from '../../spec/capabilities.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { openAICompatibleAccounts } from '../../suites/accounts/openai-compatible.ts';
import * as grammar from '../../suites/chat/grammar.ts';
import { defaultConfigFile } from '../../suites/default-config.ts';
import { createGatewayHarness, type GatewayHarness } from '../gateway-harness.ts';

type Json = Record<string, any>;
const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const time = { type: 'function' as const, function: { name: 'get_time', description: 'Time in a zone', parameters: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] } } };
const CITY_SCHEMA = { type: 'object', properties: { city: { type: 'string' }, country: { type: 'string' } }, required: ['city', 'country'], additionalProperties: false };
const LONG_SYSTEM = Array.from({ length: 400 }, (_, i) => `Rule ${i}: station ${i} reports every ${(i % 5) + 1} hours.`).join('\n');

let h: GatewayHarness;
let client: OpenAI;
beforeAll(() => { h = createGatewayHarness(); client = h.client(); });

async function post(body: Json) {
  return h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
}
/** POST a streamed request raw and parse the SSE body for the grammar checks. */
async function rawStream(body: Json) {
  const res = await post({ stream: true, ...body });
  const parser = new SseParser();
  const events = parser.push(await res.text());
  const parsed = grammar.parseStream(events, parser.end());
  return { res, parsed, chunks: parsed.chunks.filter((c): c is Json => c !== undefined) };
}
function streamViolations(parsed: grammar.ParsedStream, includeUsage: boolean) {
  const schema = parsed.chunks.flatMap((c) => (c ? validateEvent('createChatCompletion', c).violations : []));
  return [
    ...schema, ...grammar.checkFraming(parsed), ...grammar.checkRoleFirst(parsed), ...grammar.checkStableId(parsed),
    ...grammar.checkOneFinish(parsed), ...grammar.checkUsageChunk(parsed, includeUsage), ...grammar.checkDoneLast(parsed),
  ];
}
const streamText = (chunks: Json[], field = 'content') => chunks.flatMap((c) => c.choices ?? []).filter((ch: Json) => ch.index === 0).map((ch: Json) => ch.delta?.[field] ?? '').join('');

/** A gateway whose accounts carry a wrong key (the simulators that check keys refuse it). */
function wrongKeyGateway() {
  const simulators = createSimulators();
  const router = createMockRouter(simulators, () => 'http://mock.test');
  const key = generateApiKey();
  const file = defaultConfigFile(upstreamBaseURLs('http://mock.test', simulators), key);
  file.accounts = file.accounts.map((a) => ({ ...a, api_key: { value: 'wrong-key-0000' } }));
  const gateway = createGateway(resolveConfig(file, 'wrong keys'), { fetch: async (input, init) => router(new Request(input as RequestInfo, init)) });
  return (body: Json) => gateway.fetch(new Request('http://gateway.test/api/llm/chat/completions', {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  }));
}

/** The first request of each matrix column (for the unsupported ones: what must be refused). */
const COLUMN_REQUESTS: Record<CapabilityColumn, { param: string; body: Json }> = {
  stream: { param: 'stream', body: { stream: true } },
  non_stream: { param: 'stream', body: {} },
  tools: { param: 'tools', body: { tools: [weather] } },
  json_mode: { param: 'response_format', body: { response_format: { type: 'json_object' } } },
  schema_mode: { param: 'response_format', body: { response_format: { type: 'json_schema', json_schema: { name: 'city', schema: CITY_SCHEMA } } } },
  structured_output: { param: 'response_format', body: { response_format: { type: 'json_schema', json_schema: { name: 'city', schema: CITY_SCHEMA, strict: true } } } },
  prompt_caching: { param: 'prompt_cache_key', body: { prompt_cache_key: 'touchstone-conversation-1' } },
  reasoning: { param: 'reasoning_effort', body: { reasoning_effort: 'low' } },
};

describe.each(openAICompatibleAccounts.map((a) => [a.account.provider as OpenAICompatibleProvider, a] as const))('%s through the gateway', (provider, row) => {
  const MODEL = row.chatModel;
  const bare = MODEL.slice(MODEL.indexOf('/') + 1);
  const quirks = PROVIDER_QUIRKS[provider];
  const journal = () => h.journal(row.upstream);
  const last = () => journal().last()!;
  const supported = (column: CapabilityColumn) => capability(provider, column).state === 'supported';

  it('non-stream: a valid chat.completion; the journal shows path, key, model, system prompt and every message in order', async () => {
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'First question' },
      { role: 'assistant' as const, content: 'First answer' },
      { role: 'user' as const, content: 'Second question' },
    ];
    const done = await client.chat.completions.create({ model: MODEL, messages, max_tokens: 64, temperature: 0.5 });
    expect(validate('createChatCompletion', 200, 'application/json', done).violations).toEqual([]);
    expect(done.id).toMatch(/^chatcmpl-/);
    expect(done.model).toBe(bare);
    expect(done.choices[0]!.message.content).toBeTruthy();
    expect(done.choices[0]!.logprobs).toBeNull();
    expect(done).not.toHaveProperty('system_fingerprint');
    expect(done.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(done.usage!.total_tokens).toBeGreaterThanOrEqual(done.usage!.prompt_tokens + done.usage!.completion_tokens);
    const entry = last();
    expect(entry.status).toBe(200);
    expect(entry.path).toBe(`${new URL(quirks.apiBase).pathname.replace(/\/$/, '')}/chat/completions`);
    expect(entry.headers.authorization).toBe(`Bearer ${(row.account.api_key as { value: string }).value}`);
    expect(entry.body).toMatchObject({ model: bare, max_tokens: 64, temperature: 0.5, messages });
  });

  it('stream with include_usage: every chunk valid, the grammar holds, one final usage chunk', async () => {
    const { res, parsed, chunks } = await rawStream({ model: MODEL, messages: [{ role: 'user', content: 'Tell me something.' }], max_tokens: 48, stream_options: { include_usage: true } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(streamViolations(parsed, true)).toEqual([]);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === bare)).toBe(true);
    expect(streamText(chunks)).not.toBe('');
    expect(chunks[chunks.length - 1]!.usage.completion_tokens).toBeGreaterThan(0);
  });

  it('stream without include_usage: no chunk carries usage', async () => {
    const { parsed, chunks } = await rawStream({ model: MODEL, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 24 });
    expect(streamViolations(parsed, false)).toEqual([]);
    expect(chunks.some((c) => c.usage !== undefined && c.usage !== null)).toBe(false);
  });

  it('the openai SDK consumes the stream', async () => {
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 24, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) { text += chunk.choices[0]?.delta.content ?? ''; usage = chunk.usage ?? usage; }
    expect(text).not.toBe('');
    expect(usage).toBeTruthy();
  });

  it('tools round trip: tool call → tool result → final text; the journal shows the tools and the tool turn', async () => {
    const ask = [{ role: 'user' as const, content: 'What is the weather in Paris? Use the tool.' }];
    const first = await client.chat.completions.create({ model: MODEL, messages: ask, tools: [weather], tool_choice: 'required' });
    expect(validate('createChatCompletion', 200, 'application/json', first).violations).toEqual([]);
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.type).toBe('function');
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    expect(last().body).toMatchObject({ tools: [weather], tool_choice: 'required' });
    const toolTurn = [...ask, first.choices[0]!.message, { role: 'tool' as const, tool_call_id: call.id, content: '{"temp_c":21}' }];
    const second = await client.chat.completions.create({ model: MODEL, messages: toolTurn, tools: [weather] });
    expect(second.choices[0]!.message.content).toBeTruthy();
    expect(second.choices[0]!.finish_reason).toBe('stop');
    const sent = last().body as Json;
    expect(sent.messages.map((m: Json) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(sent.messages[1].tool_calls[0]).toMatchObject({ id: call.id, function: { name: 'get_weather' } });
    expect(sent.messages[2]).toEqual({ role: 'tool', tool_call_id: call.id, content: '{"temp_c":21}' });
  });

  it('streamed parallel tool calls: distinct indexes and ids, arguments reassemble to JSON, finish tool_calls', async () => {
    const { parsed } = await rawStream({ model: MODEL, messages: [{ role: 'user', content: 'Weather in Paris and the time in Tokyo: call both tools.' }], tools: [weather, time], tool_choice: 'required' });
    expect(streamViolations(parsed, false)).toEqual([]);
    const { violations, calls } = grammar.checkToolDeltas(parsed, ['get_weather', 'get_time']);
    expect(violations).toEqual([]);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(calls.map((c) => c.index)).size).toBe(calls.length);
    expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
    expect(calls.map((c) => c.index).sort()).toEqual(calls.map((_, i) => i));
  });

  it('tool_choice none / auto / named are forwarded', async () => {
    for (const tool_choice of ['none', 'auto', { type: 'function', function: { name: 'get_time' } }] as const) {
      const res = await post({ model: MODEL, messages: [{ role: 'user', content: 'Time in UTC?' }], tools: [weather, time], tool_choice });
      expect(res.status).toBe(200);
      expect((last().body as Json).tool_choice).toEqual(tool_choice);
    }
  });

  it('every column the matrix marks unsupported is refused with 400 naming the parameter, before any upstream call', async () => {
    for (const [column, probe] of Object.entries(COLUMN_REQUESTS) as [CapabilityColumn, (typeof COLUMN_REQUESTS)[CapabilityColumn]][]) {
      if (supported(column)) continue;
      const before = journal().entries.length;
      const res = await post({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], ...probe.body });
      expect(res.status, column).toBe(400);
      const { error } = (await res.json()) as { error: Json };
      expect(error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_parameter', param: probe.param });
      expect(error.message).toContain(provider);
      expect(journal().entries.length).toBe(before);
    }
  });

  it('json_mode / schema_mode / structured_output where supported: JSON content (strict: valid against the schema)', async () => {
    const ajv = new Ajv();
    for (const column of ['json_mode', 'schema_mode', 'structured_output'] as const) {
      if (!supported(column)) continue;
      const res = await post({ model: MODEL, messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'Describe Paris as JSON with city and country.' }], max_tokens: 200, ...COLUMN_REQUESTS[column].body });
      expect(res.status, column).toBe(200);
      const done = (await res.json()) as Json;
      const parsed = JSON.parse(done.choices[0].message.content) as unknown;
      expect(typeof parsed).toBe('object');
      if (column === 'structured_output') expect(ajv.validate(CITY_SCHEMA, parsed), JSON.stringify(ajv.errors)).toBe(true);
      expect((last().body as Json).response_format).toEqual(COLUMN_REQUESTS[column].body.response_format);
    }
  });

  it('prompt caching where supported: a repeated long prompt reports cached tokens', async () => {
    if (!supported('prompt_caching')) return;
    const model = row.cachingModel ?? MODEL;
    const body = { model, messages: [{ role: 'system', content: [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }] }, { role: 'user', content: 'How often does station 42 report?' }], max_tokens: 32 };
    await client.chat.completions.create(body as never);
    const again = await client.chat.completions.create(body as never);
    expect(again.usage!.prompt_tokens_details!.cached_tokens).toBeGreaterThan(0);
    expect(JSON.stringify(last().body)).not.toContain('cache_control');
  });

  it('reasoning where supported: the reasoning model with reasoning_effort reports reasoning (tokens or text), streamed as reasoning_content', async () => {
    if (!supported('reasoning')) return;
    const model = row.reasoningModel ?? MODEL;
    const body = { model, messages: [{ role: 'user', content: 'How many primes lie between 10 and 30?' }], reasoning_effort: 'low', max_completion_tokens: 512 };
    const done = (await (await post(body)).json()) as Json;
    expect(validate('createChatCompletion', 200, 'application/json', done).violations).toEqual([]);
    const message = done.choices[0].message;
    expect(done.usage.completion_tokens_details.reasoning_tokens > 0 || Boolean(message.reasoning_content)).toBe(true);
    expect(message).not.toHaveProperty('reasoning');
    expect(String(message.content ?? '')).not.toContain('<think>');
    expect((last().body as Json).reasoning_effort).toBe('low');
    const { parsed, chunks } = await rawStream({ ...body, stream_options: { include_usage: true } });
    expect(streamViolations(parsed, true)).toEqual([]);
    expect(streamText(chunks, 'reasoning_content')).not.toBe('');
    expect(streamText(chunks)).not.toContain('<think>');
  });

  it('errors: rate limit → 429 with retry-after; server error and overload → 502 with the upstream message', async () => {
    const ask = (fault: string) => post({ model: MODEL, messages: [{ role: 'user', content: `hi [touchstone-fault:${fault}]` }] });
    const limited = await ask('rate_limit');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    const limitedBody = (await limited.json()) as { error: Json };
    expect(limitedBody.error.type).toBe('rate_limit_error');
    expect(limitedBody.error.message).toBeTruthy();
    for (const fault of ['server_error', 'overloaded']) {
      const res = await ask(fault);
      expect(res.status, fault).toBe(502);
      const { error } = (await res.json()) as { error: Json };
      expect(error).toMatchObject({ type: 'upstream_error', code: 'upstream_error' });
      expect(error.message).toMatch(/error while processing|overloaded/);
    }
  });

  it('errors mid-stream: an error event after the chunks already sent and a clean end — never a silent close', async () => {
    for (const fault of ['error_event', 'truncate']) {
      const res = await post({ model: MODEL, stream: true, messages: [{ role: 'user', content: `hi [touchstone-fault:${fault}]` }] });
      expect(res.status).toBe(200);
      const parser = new SseParser();
      const events = parser.push(await res.text());
      expect(parser.end()).toBeUndefined();
      const lastEvent = JSON.parse(events[events.length - 1]!.data) as Json;
      expect(lastEvent.error, fault).toMatchObject({ type: 'upstream_error' });
      expect(events.some((e) => e.data === '[DONE]')).toBe(false);
    }
  });

  it('an upstream 4xx keeps its status and message (an unknown parameter the provider refuses, or accepts)', async () => {
    const res = await post({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], touchstone_unknown_param: 1 });
    if (res.status === 200) expect((last().body as Json).touchstone_unknown_param).toBe(1);
    else {
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: Json };
      expect(error.message).toContain('touchstone_unknown_param');
    }
  });
});

describe('provider specifics', () => {
  it('refused keys: 401/403 (and xAI\'s 400 echoing the key) become 502 upstream_auth_failed without the upstream message', async () => {
    const ask = wrongKeyGateway();
    for (const row of openAICompatibleAccounts.filter((a) => ['groq', 'cerebras', 'perplexity', 'xai'].includes(a.upstream))) {
      const res = await ask({ model: row.chatModel, messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status, row.upstream).toBe(502);
      const { error } = (await res.json()) as { error: Json };
      expect(error.code).toBe('upstream_auth_failed');
      expect(error.message).not.toMatch(/wr\*|wrong-key|Invalid API Key|Authorization Required/i);
    }
  });

  it('an unknown upstream model is 404 model_not_found', async () => {
    // The gateway only routes enabled models, so ask the simulators through accounts enabling a model they lack.
    const simulators = createSimulators();
    const router = createMockRouter(simulators, () => 'http://mock.test');
    const key = generateApiKey();
    const file = defaultConfigFile(upstreamBaseURLs('http://mock.test', simulators), key);
    file.accounts = file.accounts.map((a) => ({ ...a, models: [...a.models, { name: 'no-such-model' }] }));
    const gateway = createGateway(resolveConfig(file, 'extra model'), { fetch: async (input, init) => router(new Request(input as RequestInfo, init)) });
    for (const row of openAICompatibleAccounts) {
      const res = await gateway.fetch(new Request('http://gateway.test/api/llm/chat/completions', {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: `${row.account.name}/no-such-model`, messages: [{ role: 'user', content: 'hi' }] }),
      }));
      expect(res.status, row.upstream).toBe(404);
      const { error } = (await res.json()) as { error: Json };
      expect(error.message, row.upstream).toMatch(/no-such-model/);
    }
  });

  it('Perplexity: developer messages arrive as system; citations are kept on the answer', async () => {
    const done = (await (await post({ model: h.chatModel('perplexity-main'), messages: [{ role: 'developer', content: 'Cite sources.' }, { role: 'user', content: 'News?' }] })).json()) as Json;
    expect((h.journal('perplexity').last()!.body as Json).messages[0]).toEqual({ role: 'system', content: 'Cite sources.' });
    expect(Array.isArray(done.citations)).toBe(true);
  });

  it('xAI: prompt_cache_key travels as x-grok-conv-id', async () => {
    await post({ model: h.chatModel('xai-main'), messages: [{ role: 'user', content: 'hi' }], prompt_cache_key: 'conv-7' });
    const entry = h.journal('xai').last()!;
    expect(entry.headers['x-grok-conv-id']).toBe('conv-7');
    expect(entry.body).not.toHaveProperty('prompt_cache_key');
  });

  it('Groq: prompt_cache_key (caching is automatic there) is forwarded and Groq\'s refusal names it', async () => {
    const res = await post({ model: h.chatModel('groq-main'), messages: [{ role: 'user', content: 'hi' }], prompt_cache_key: 'conv-1' });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: Json };
    expect(error.message).toContain('prompt_cache_key');
  });

  it('Groq: <think> content is split into reasoning_content, unless the client asks for reasoning_format raw', async () => {
    const body = { model: 'groq-main/qwen/qwen3-32b', messages: [{ role: 'user', content: 'Think first.' }], max_tokens: 200 };
    const parsed = (await (await post(body)).json()) as Json;
    expect(parsed.choices[0].message.reasoning_content).toBeTruthy();
    expect(parsed.choices[0].message.content ?? '').not.toContain('<think>');
    const raw = (await (await post({ ...body, reasoning_format: 'raw' })).json()) as Json;
    expect(raw.choices[0].message.content).toContain('<think>');
  });

  it('regression: reasoning sent back on the next turn is forwarded (multi-turn with reasoning models)', async () => {
    const model = 'deepinfra-main/deepseek-ai/DeepSeek-R1';
    const first = (await (await post({ model, messages: [{ role: 'user', content: 'Think about 2+2.' }], max_tokens: 64 })).json()) as Json;
    const assistant = first.choices[0].message;
    expect(assistant.reasoning_content).toBeTruthy();
    const res = await post({ model, messages: [{ role: 'user', content: 'Think about 2+2.' }, assistant, { role: 'user', content: 'And 3+3?' }], max_tokens: 64 });
    expect(res.status).toBe(200);
    expect((h.journal('deepinfra').last()!.body as Json).messages[1]).toEqual(assistant);
  });
});
