/**
 * Azure OpenAI through the reference gateway, end to end in-process: the openai SDK → gateway → the
 * Azure simulator (a black box here), and what reached the simulator (its journal).
 */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSse } from '../../lib/sse.ts';
import { CAPABILITY_COLUMNS, capability } from '../../spec/capabilities.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream, type ParsedStream } from '../../suites/chat/grammar.ts';
import { createGatewayHarness, type GatewayHarness } from '../gateway-harness.ts';

type Json = Record<string, any>;

const MODEL = 'azure-main/gpt-4o-mini';
const REASONING_MODEL = 'azure-main/o4-mini';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const tools = [
  { type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function' as const, function: { name: 'get_time', description: 'Local time', parameters: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] } } },
];

let h: GatewayHarness;
let client: OpenAI;
beforeAll(() => { h = createGatewayHarness(); client = h.client(); });

const journal = () => h.journal('azure-openai');

async function post(body: Json): Promise<Response> {
  return h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
}

async function rawStream(body: Json): Promise<ParsedStream> {
  const response = await post({ ...body, stream: true });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  let partial;
  const events = [];
  for await (const ev of readSse(response.body!, (p) => { partial = p; })) events.push(ev);
  return parseStream(events, partial);
}

function expectGrammar(s: ParsedStream, includeUsage: boolean) {
  s.events.forEach((e) => expect(validateEvent('createChatCompletion', e.data).violations, e.data).toEqual([]));
  expect([...checkFraming(s), ...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)]).toEqual([]);
}

describe('azure-openai: chat through the gateway', () => {
  it('non-stream: an OpenAI chat.completion with the deployment as model; the request reached the deployment URL', async () => {
    const messages = [{ role: 'system' as const, content: 'You are terse.' }, { role: 'user' as const, content: 'Say hello.' }];
    const raw = await post({ model: MODEL, messages, temperature: 0.3, max_tokens: 40 });
    expect(raw.status).toBe(200);
    const answer = await raw.json() as Json;
    expect(validate('createChatCompletion', 200, 'application/json', answer).violations).toEqual([]);
    expect(answer).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini', system_fingerprint: null, choices: [{ index: 0, logprobs: null, message: { role: 'assistant' } }] });
    expect(answer.id).toMatch(/^chatcmpl-/);
    expect(answer.usage).toMatchObject({ prompt_tokens_details: { cached_tokens: expect.any(Number) }, completion_tokens_details: { reasoning_tokens: expect.any(Number) } });
    expect(Array.isArray(answer.prompt_filter_results)).toBe(true);
    const entry = journal().last()!;
    expect(entry).toMatchObject({ method: 'POST', path: '/openai/deployments/gpt-4o-mini/chat/completions', search: '?api-version=2025-04-01-preview', status: 200 });
    expect(entry.headers['api-key']).toBe('0123456789abcdef0123456789abcdef');
    expect(entry.headers.authorization).toBeUndefined();
    expect(entry.body).toEqual({ model: 'gpt-4o-mini', messages, temperature: 0.3, max_tokens: 40 });
  });

  it('the openai SDK parses the answer', async () => {
    const answer = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }] });
    expect(typeof answer.choices[0]!.message.content).toBe('string');
    expect(answer.choices[0]!.finish_reason).toBe('stop');
  });

  it('stream: OpenAI grammar, Azure\'s prompt-filter prelude folded away (no choices: [] before the usage chunk)', async () => {
    for (const includeUsage of [false, true]) {
      const s = await rawStream({ model: MODEL, messages: [{ role: 'user', content: 'Stream please.' }], ...(includeUsage ? { stream_options: { include_usage: true } } : {}) });
      expectGrammar(s, includeUsage);
      const chunks = s.chunks.filter(Boolean) as Json[];
      expect(chunks[0]!.choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
      expect(chunks[0]!.prompt_filter_results).toBeDefined();
      expect(chunks.filter((c) => c.choices.length === 0)).toHaveLength(includeUsage ? 1 : 0);
      expect(chunks.every((c) => c.model === 'gpt-4o-mini')).toBe(true);
      expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('').length).toBeGreaterThan(0);
    }
  });

  it('stream through the openai SDK with n = 2: both choices complete', async () => {
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Two takes.' }], n: 2, stream: true });
    const text = ['', ''];
    const finish: (string | null)[] = [null, null];
    for await (const chunk of stream) for (const c of chunk.choices) { text[c.index] += c.delta.content ?? ''; if (c.finish_reason) finish[c.index] = c.finish_reason; }
    expect(text.every((t) => t.length > 0)).toBe(true);
    expect(finish.every((f) => f !== null)).toBe(true);
    expect((journal().last()!.body as Json).n).toBe(2);
  });

  it('tools round trip: tool call → tool result → final text; every message reached Azure in order', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: 'Use tools.' }, { role: 'user', content: 'Weather in Paris?' }];
    const first = await client.chat.completions.create({ model: MODEL, messages, tools, tool_choice: 'required' });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({ type: 'function', id: expect.any(String) });
    expect(tools.map((t) => t.function.name)).toContain((call as Json).function.name);
    expect(() => JSON.parse((call as Json).function.arguments)).not.toThrow();
    expect((journal().last()!.body as Json).tools).toEqual(tools);
    const next: OpenAI.ChatCompletionMessageParam[] = [...messages, first.choices[0]!.message as OpenAI.ChatCompletionMessageParam, { role: 'tool', tool_call_id: call.id, content: '{"temp":21}' }];
    const final = await client.chat.completions.create({ model: MODEL, messages: next, tools });
    expect(final.choices[0]!.finish_reason).toBe('stop');
    expect(final.choices[0]!.message.content).toBeTruthy();
    const sent = journal().last()!.body as Json;
    expect(sent.messages.map((m: Json) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(sent.messages[2].tool_calls[0].id).toBe(call.id);
    expect(sent.messages[3]).toEqual({ role: 'tool', tool_call_id: call.id, content: '{"temp":21}' });
  });

  it('streamed parallel tool calls: distinct indexes and ids, deltas by the rules, arguments reassemble to JSON', async () => {
    const s = await rawStream({ model: MODEL, messages: [{ role: 'user', content: 'Weather and time in Paris, both.' }], tools, tool_choice: 'required', stream_options: { include_usage: true } });
    expectGrammar(s, true);
    const { violations, calls } = checkToolDeltas(s, tools.map((t) => t.function.name));
    expect(violations).toEqual([]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
    expect(calls.map((c) => c.index)).toEqual(calls.map((_, i) => i));
    for (const chunk of s.chunks) for (const c of (chunk?.choices as Json[] | undefined) ?? []) for (const d of c.delta?.tool_calls ?? []) {
      if (d.id === undefined) { expect(Object.keys(d).sort()).toEqual(['function', 'index']); expect(d.function.arguments).not.toBe(''); }
    }
  });

  it('multimodal user parts (image URL, image data URI, PDF file) and a developer message reach Azure unchanged', async () => {
    const messages = [
      { role: 'developer', content: 'Describe briefly.' },
      { role: 'user', content: [{ type: 'text', text: 'What are these?' }, { type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/x.png' } },
        { type: 'image_url', image_url: { url: PNG, detail: 'low' } }, { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } }] },
    ];
    const raw = await post({ model: MODEL, messages });
    expect(raw.status).toBe(200);
    expect((journal().last()!.body as Json).messages).toEqual(messages);
  });

  it('Azure\'s own 400s are relayed with its message and param (input_audio on a text deployment)', async () => {
    const raw = await post({ model: MODEL, messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }] }] });
    expect(raw.status).toBe(400);
    const body = await raw.json() as Json;
    expect(validate('createChatCompletion', 400, 'application/json', body).violations).toEqual([]);
    expect(body.error.message).toMatch(/input_audio/);
  });
});

describe('azure-openai: every matrix column', () => {
  it('the matrix marks every column supported for azure-openai, so none is refused by the gateway', () => {
    expect(CAPABILITY_COLUMNS.filter((c) => capability('azure-openai', c).state !== 'supported')).toEqual([]);
  });

  it('json_mode: response_format json_object → JSON content', async () => {
    const answer = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Answer in JSON.' }], response_format: { type: 'json_object' } });
    expect(() => JSON.parse(answer.choices[0]!.message.content!)).not.toThrow();
    expect((journal().last()!.body as Json).response_format).toEqual({ type: 'json_object' });
  });

  it('schema_mode and structured_output: json_schema (strict and not) → JSON following the schema', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } }, required: ['city', 'temp'], additionalProperties: false };
    for (const strict of [false, true]) {
      const answer = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Weather as JSON.' }], response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict } } });
      const parsed = JSON.parse(answer.choices[0]!.message.content!) as Json;
      expect(Object.keys(parsed).sort()).toEqual(['city', 'temp']);
      expect((journal().last()!.body as Json).response_format.json_schema.strict).toBe(strict);
    }
  });

  it('prompt_caching: a repeated long prefix reports cached_tokens; cache_control markers are accepted (Azure caches automatically)', async () => {
    const system = `Reference manual. ${'The valve opens clockwise and closes counter-clockwise. '.repeat(200)}`;
    const body = { model: MODEL, prompt_cache_key: 'tenant-7', messages: [{ role: 'system', content: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }] }, { role: 'user', content: 'Which way opens?' }] };
    await post(body);
    const second = await (await post(body)).json() as Json;
    expect(second.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    const sent = journal().last()!.body as Json;
    expect(sent.prompt_cache_key).toBe('tenant-7');
    expect(sent.messages[0].content[0]).toEqual({ type: 'text', text: system });
  });

  it('reasoning: reasoning_effort reaches the o4-mini deployment; reasoning tokens are reported', async () => {
    for (const effort of ['low', 'high'] as const) {
      const answer = await client.chat.completions.create({ model: REASONING_MODEL, messages: [{ role: 'user', content: 'Think, then answer: 2+2?' }], reasoning_effort: effort, max_completion_tokens: 400 });
      expect(answer.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
      const entry = journal().last()!;
      expect(entry.path).toBe('/openai/deployments/o4-mini/chat/completions');
      expect((entry.body as Json).reasoning_effort).toBe(effort);
    }
  });

  it('stream and non_stream both answer 200 (covered above); unknown parameters and top_k are 400s naming the parameter, before any upstream call', async () => {
    const before = journal().entries.length;
    for (const [extra, param] of [[{ data_sources: [] }, 'data_sources'], [{ top_k: 4 }, 'top_k'], [{ frobnicate: true }, 'frobnicate']] as const) {
      const raw = await post({ model: MODEL, messages: [{ role: 'user', content: 'x' }], ...extra });
      expect(raw.status).toBe(400);
      const body = await raw.json() as Json;
      expect(body.error).toMatchObject({ type: 'invalid_request_error', param });
      expect(body.error.message).toContain(param);
    }
    expect(journal().entries.length).toBe(before);
  });
});

describe('azure-openai: errors', () => {
  const user = (text: string) => [{ role: 'user' as const, content: text }];

  it('rate limit → 429 with retry-after; the SDK sees a RateLimitError', async () => {
    const raw = await post({ model: MODEL, messages: user('hi [touchstone-fault:rate_limit]') });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    const body = await raw.json() as Json;
    expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    await expect(client.chat.completions.create({ model: MODEL, messages: user('hi [touchstone-fault:rate_limit]') })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('server_error and overloaded (5xx) → 502 carrying Azure\'s message', async () => {
    for (const fault of ['server_error', 'overloaded']) {
      const raw = await post({ model: MODEL, messages: user(`hi [touchstone-fault:${fault}]`) });
      expect(raw.status).toBe(502);
      const body = await raw.json() as Json;
      expect(body.error).toMatchObject({ type: 'upstream_error', code: 'upstream_error' });
      expect(body.error.message).toContain('azure-main');
    }
  });

  it('content filter (400, code content_filter) → 400 content_filter with Azure\'s message', async () => {
    const fault = JSON.stringify({ kind: 'status', status: 400, code: 'content_filter', param: 'prompt', type: 'invalid_request_error', message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy." });
    const raw = await post({ model: MODEL, messages: user('hi'), user: `touchstone-fault:${fault}` });
    expect(raw.status).toBe(400);
    expect((await raw.json() as Json).error).toMatchObject({ code: 'content_filter', param: 'messages', message: expect.stringContaining('content management policy') });
  });

  it('regression: a mid-stream error event becomes an OpenAI error event after the chunks, then a clean end (no silent close)', async () => {
    const response = await post({ model: MODEL, messages: user('hi [touchstone-fault:error_event]'), stream: true });
    expect(response.status).toBe(200);
    const events = [];
    for await (const ev of readSse(response.body!)) events.push(ev);
    const last = JSON.parse(events.at(-1)!.data) as Json;
    expect(last.error).toMatchObject({ type: 'upstream_error', code: 'upstream_error' });
    expect(events.some((e) => e.data === '[DONE]')).toBe(false);
    const stream = await client.chat.completions.create({ model: MODEL, messages: user('hi [touchstone-fault:error_event]'), stream: true });
    await expect((async () => { for await (const _ of stream) { /* drain */ } })()).rejects.toThrow(/server had an error/);
  });

  it('a truncated stream (no [DONE]) ends with an error event; a malformed event too', async () => {
    for (const [fault, code] of [['truncate', 'upstream_stream_truncated'], ['malformed_event', 'upstream_invalid_response']]) {
      const response = await post({ model: MODEL, messages: user(`hi [touchstone-fault:${fault}]`), stream: true });
      const events = [];
      for await (const ev of readSse(response.body!)) events.push(ev);
      expect((JSON.parse(events.at(-1)!.data) as Json).error.code, fault).toBe(code);
    }
  });

  describe('with accounts the default config does not have', () => {
    let other: OpenAI;
    let raw: (body: Json) => Promise<Response>;
    beforeAll(() => {
      const extra = createGatewayHarness({ editConfig: (file) => {
        const azure = file.accounts.find((a) => a.name === 'azure-main')!;
        file.accounts.push({ ...azure, name: 'azure-gone', models: [{ name: 'retired-deployment' }] });
        file.accounts.push({ ...azure, name: 'azure-badkey', api_key: { value: 'not-an-azure-key' } });
      } });
      other = extra.client();
      raw = (body) => extra.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
    });

    it('a deployment Azure does not have (DeploymentNotFound) → 404 model_not_found with Azure\'s message', async () => {
      const response = await raw({ model: 'azure-gone/retired-deployment', messages: user('hi') });
      expect(response.status).toBe(404);
      const body = await response.json() as Json;
      expect(body.error).toMatchObject({ code: 'model_not_found', param: 'model', message: expect.stringContaining('deployment') });
      await expect(other.chat.completions.create({ model: 'azure-gone/retired-deployment', messages: user('hi') })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    });

    it('Azure refusing the account key (401) → 502 upstream_auth_failed without Azure\'s message', async () => {
      const response = await raw({ model: 'azure-badkey/gpt-4o-mini', messages: user('hi') });
      expect(response.status).toBe(502);
      const body = await response.json() as Json;
      expect(body.error).toMatchObject({ type: 'upstream_error', code: 'upstream_auth_failed' });
      expect(body.error.message).not.toMatch(/subscription key/);
    });
  });
});
