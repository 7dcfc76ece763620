// The Gemini translator end to end, shared by Gemini and Vertex AI (gemini.test.ts, vertex.test.ts
// declare it for their upstream): the openai SDK → gateway → the upstream's simulator (a black box
// reached through the harness). Non-stream and stream answers validated against spec/ and the stream
// grammar, a tool round trip with thought signatures, every matrix column, the 400s, upstream faults,
// and what the journal shows reached the upstream.
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { readSse } from '../../lib/sse.ts';
import { CAPABILITY_COLUMNS, capability, type CapabilityColumn } from '../../spec/capabilities.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream, type ParsedStream } from '../../suites/chat/grammar.ts';
import { createGatewayHarness, type GatewayHarness } from '../gateway-harness.ts';

/** One upstream serving Gemini models through the Gemini translator. */
export interface GoogleProvider {
  /** The describe block's title. */
  title: string;
  /** The simulator and journal name, and the capability matrix row. */
  upstream: 'gemini' | 'vertex';
  /** The account of the default config (`<account>/<model>`). */
  account: string;
  /** How the gateway's 400s (and the 404 test) name the upstream. */
  name: string;
  /** What the 400 test says cannot honour a parameter. */
  refusedBy: string;
  /** The real base URL a journaled request is replayed against. */
  baseURL: string;
  /** The upstream path of a generateContent / streamGenerateContent call. */
  path(model: string, stream?: boolean): string;
  /** The credential headers the upstream receives (undefined: must not be sent). */
  credentialHeaders: Record<string, string | undefined>;
  /** What the 502 for the upstream's 500 says. */
  serverErrorMessage: RegExp;
  /** A credential the upstream refuses, and the part of its refusal the gateway must not relay. */
  badCredential: { noun: string; value: string; upstreamMessage: string };
}

type Json = Record<string, any>;
const tool = (name: string, strict?: boolean) => ({
  type: 'function' as const,
  function: { name, description: `The ${name} tool`, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, ...(strict ? { strict } : {}) },
});

async function rawStream(h: GatewayHarness, body: Json): Promise<{ status: number; stream: ParsedStream }> {
  const response = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ ...body, stream: true }) });
  const events = [];
  let partial;
  for await (const ev of readSse(response.body!, (p) => { partial = p; })) events.push(ev);
  return { status: response.status, stream: parseStream(events, partial) };
}

function expectGrammar(stream: ParsedStream, includeUsage: boolean): void {
  for (const chunk of stream.chunks) if (chunk) expect(validateEvent('createChatCompletion', chunk).violations).toEqual([]);
  expect([...checkFraming(stream), ...checkRoleFirst(stream), ...checkStableId(stream), ...checkOneFinish(stream), ...checkUsageChunk(stream, includeUsage), ...checkDoneLast(stream)]).toEqual([]);
}

async function status400For(h: GatewayHarness, model: string, body: Json): Promise<Json> {
  const response = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...body }) });
  expect(response.status).toBe(400);
  return ((await response.json()) as Json).error;
}

/** A gateway on the simulators whose account row `account` is changed (an extra model, another key). */
function customGatewayFor(account: string, change: (account: Json) => Json) {
  const h = createGatewayHarness({ editConfig: (file) => {
    file.accounts = file.accounts.map((a) => (a.name === account ? change(a) as typeof a : a));
  } });
  return (body: Json) => h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
}

/** Declare the end-to-end tests of the Gemini translator behind one upstream; `more` adds the upstream's own. */
export function describeGoogleProvider(target: GoogleProvider, more?: () => void): void {
  const UPSTREAM = target.upstream;
  const MODEL = `${target.account}/gemini-2.5-flash`;
  const THINKING_3 = `${target.account}/gemini-3-pro-preview`;
  const status400 = (h: GatewayHarness, body: Json) => status400For(h, MODEL, body);
  const customGateway = (change: (account: Json) => Json) => customGatewayFor(target.account, change);

  describe(target.title, () => {
    it('answers a non-streamed chat.completion that validates, and sends Gemini the system prompt and every message in order', async () => {
      const h = createGatewayHarness();
      const messages = [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' },
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: [{ type: 'text', text: 'Second question' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      ] as const;
      const response = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model: MODEL, messages, max_tokens: 4096, temperature: 0.3, stop: ['END'] }) });
      const body = (await response.json()) as Json;
      expect(response.status).toBe(200);
      expect(validate('createChatCompletion', 200, response.headers.get('content-type'), body).violations).toEqual([]);
      expect(body).toMatchObject({ object: 'chat.completion', model: 'gemini-2.5-flash', choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant' } }] });
      expect(body.choices[0].message.content).toEqual(expect.any(String));
      expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
      const entry = h.journal(UPSTREAM).last()!;
      const credentials = Object.entries(target.credentialHeaders);
      expect([entry.path, entry.status, ...credentials.map(([name]) => entry.headers[name])]).toEqual([target.path('gemini-2.5-flash'), 200, ...credentials.map(([, value]) => value)]);
      expect(entry.body).toEqual({
        systemInstruction: { parts: [{ text: 'You are terse.' }, { text: 'Answer in English.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'First question' }] },
          { role: 'model', parts: [{ text: 'First answer' }] },
          { role: 'user', parts: [{ text: 'Second question' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        ],
        generationConfig: { temperature: 0.3, stopSequences: ['END'], maxOutputTokens: 4096 },
      });
    });

    it('streams chunks that validate and keep the grammar, with and without include_usage', async () => {
      const h = createGatewayHarness();
      for (const includeUsage of [false, true]) {
        const { status, stream } = await rawStream(h, { model: MODEL, messages: [{ role: 'user', content: 'Tell me a story.' }], ...(includeUsage ? { stream_options: { include_usage: true } } : {}) });
        expect(status).toBe(200);
        expectGrammar(stream, includeUsage);
        expect(stream.chunks.map((c) => (c as Json | undefined)?.choices?.[0]?.delta?.content ?? '').join('')).not.toBe('');
        expect(h.journal(UPSTREAM).last()!.search).toBe('?alt=sse');
      }
      let text = '';
      for await (const chunk of await h.client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true })) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).not.toBe('');
    });

    it('round-trips tools with thought signatures: tool call → tool result → final text (Gemini 3 needs the signature back)', async () => {
      const h = createGatewayHarness();
      const client = h.client();
      const tools = [tool('get_weather')];
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris? Use the tool.' }];
      const first = await client.chat.completions.create({ model: THINKING_3, messages, tools, tool_choice: 'required', reasoning_effort: 'low' });
      const call = first.choices[0]!.message.tool_calls![0]! as Json;
      expect(first.choices[0]!.finish_reason).toBe('tool_calls');
      expect(call.extra_content.google.thought_signature).toEqual(expect.any(String));
      expect(h.journal(UPSTREAM).last()!.body).toMatchObject({ tools: [{ functionDeclarations: [{ name: 'get_weather' }] }], toolConfig: { functionCallingConfig: { mode: 'ANY' } }, generationConfig: { thinkingConfig: { thinkingLevel: 'LOW', includeThoughts: true } } });
      messages.push(first.choices[0]!.message as OpenAI.ChatCompletionMessageParam, { role: 'tool', tool_call_id: call.id, content: '{"temp": 21}' });
      const second = await client.chat.completions.create({ model: THINKING_3, messages, tools });
      expect(second.choices[0]!.finish_reason).toBe('stop');
      expect(second.choices[0]!.message.content).toEqual(expect.any(String));
      const sent = h.journal(UPSTREAM).last()!.body as Json;
      expect(sent.contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { id: call.id, name: 'get_weather', args: JSON.parse(call.function.arguments) }, thoughtSignature: call.extra_content.google.thought_signature }] });
      expect(sent.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { id: call.id, name: 'get_weather', response: { output: '{"temp": 21}' } } }] });
    });

    it('regression: a signature-less tool call history is refused by Gemini 3 and relayed as its 400', async () => {
      const h = createGatewayHarness();
      const error = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model: THINKING_3, tools: [tool('get_weather')], messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ] }) });
      expect(error.status).toBe(400);
      expect(((await error.json()) as Json).error.message).toMatch(/thought_signature/);
    });

    it('streams parallel tool calls with distinct indexes and ids whose arguments are what Gemini sent', async () => {
      const h = createGatewayHarness();
      const { stream } = await rawStream(h, { model: MODEL, messages: [{ role: 'user', content: 'Call get_weather for Paris and get_time for Rome.' }], tools: [tool('get_weather'), tool('get_time')], tool_choice: 'required' });
      expectGrammar(stream, false);
      const { violations, calls } = checkToolDeltas(stream, ['get_weather', 'get_time']);
      expect(violations).toEqual([]);
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.map((c) => c.index)).toEqual(calls.map((_, i) => i));
      expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
      // Replay the request Gemini received (the simulator is deterministic) to see what it answered.
      const entry = h.journal(UPSTREAM).last()!;
      const replay = await h.simulators[UPSTREAM]!.fetch(new Request(`${target.baseURL}${entry.path}${entry.search}`, { method: 'POST', headers: entry.headers, body: entry.rawBody }));
      const upstreamCalls = [];
      for await (const ev of readSse(replay.body!)) {
        for (const part of JSON.parse(ev.data).candidates?.[0]?.content?.parts ?? []) if (part.functionCall) upstreamCalls.push(part.functionCall);
      }
      expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual(upstreamCalls.map((c: Json) => [c.name, c.args]));
    });

    describe('every column of the capability matrix', () => {
      const requests: Record<CapabilityColumn, { param: string; body: Json; check(h: GatewayHarness, response: Response): Promise<void> }> = {
        stream: { param: 'stream', body: { stream: true }, check: async (_h, r) => expect(await r.text()).toContain('data: [DONE]') },
        non_stream: { param: 'stream', body: {}, check: async (_h, r) => expect(((await r.json()) as Json).object).toBe('chat.completion') },
        tools: { param: 'tools', body: { tools: [tool('get_weather')], tool_choice: 'required' }, check: async (_h, r) => expect(((await r.json()) as Json).choices[0].finish_reason).toBe('tool_calls') },
        json_mode: { param: 'response_format', body: { response_format: { type: 'json_object' } }, check: async (h, r) => {
          const content = ((await r.json()) as Json).choices[0].message.content;
          expect(() => JSON.parse(content)).not.toThrow();
          expect((h.journal(UPSTREAM).last()!.body as Json).generationConfig).toEqual({ responseMimeType: 'application/json' });
        } },
        schema_mode: { param: 'response_format', body: { response_format: { type: 'json_schema', json_schema: { name: 'city', schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } }, check: async (h, r) => {
          expect(JSON.parse(((await r.json()) as Json).choices[0].message.content)).toEqual({ city: expect.any(String) });
          expect((h.journal(UPSTREAM).last()!.body as Json).generationConfig.responseJsonSchema).toMatchObject({ required: ['city'] });
        } },
        structured_output: { param: 'response_format', body: { response_format: { type: 'json_schema', json_schema: { name: 'n', strict: true, schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false } } } }, check: async (_h, r) => {
          expect(JSON.parse(((await r.json()) as Json).choices[0].message.content)).toEqual({ n: expect.any(Number) });
        } },
        reasoning: { param: 'reasoning_effort', body: { reasoning_effort: 'high' }, check: async (h, r) => {
          const body = (await r.json()) as Json;
          expect(body.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
          expect(body.choices[0].message.reasoning_content).toEqual(expect.any(String));
          expect((h.journal(UPSTREAM).last()!.body as Json).generationConfig.thinkingConfig).toEqual({ thinkingBudget: 24576, includeThoughts: true });
        } },
        prompt_caching: { param: 'messages', body: { messages: [{ role: 'system', content: [{ type: 'text', text: 'Policy text. '.repeat(600), cache_control: { type: 'ephemeral' } }] }, { role: 'user', content: 'hi' }] }, check: async (h, r) => {
          expect(((await r.json()) as Json).usage.prompt_tokens_details.cached_tokens).toEqual(expect.any(Number));
          const again = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model: MODEL, ...requests.prompt_caching.body }) });
          expect(((await again.json()) as Json).usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
        } },
      };
      for (const column of CAPABILITY_COLUMNS) {
        it(`${column}: ${capability(UPSTREAM, column).state}`, async () => {
          const h = createGatewayHarness();
          const { param, body, check } = requests[column];
          const response = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Where is the weather nice?' }], ...body }) });
          if (capability(UPSTREAM, column).state === 'unsupported') {
            expect(response.status).toBe(400);
            expect(((await response.json()) as Json).error).toMatchObject({ code: 'unsupported_parameter', param });
          } else {
            expect(response.status).toBe(200);
            await check(h, response);
          }
        });
      }
    });

    it(`answers 400 naming parameters ${target.refusedBy} cannot honour, and unknown ones`, async () => {
      const h = createGatewayHarness();
      expect(await status400(h, { logit_bias: { 1: 5 } })).toMatchObject({ code: 'unsupported_parameter', param: 'logit_bias', message: expect.stringContaining(target.name) });
      expect(await status400(h, { parallel_tool_calls: false, tools: [tool('get_weather')] })).toMatchObject({ param: 'parallel_tool_calls' });
      expect(await status400(h, { reasoning_effort: 'xhigh' })).toMatchObject({ param: 'reasoning_effort' });
      expect(await status400(h, { frobnicate: true })).toMatchObject({ code: 'unknown_parameter', param: 'frobnicate' });
      expect(h.journal(UPSTREAM).entries).toHaveLength(0);
    });

    it('maps upstream faults: 429 keeps retry-after, 500 → 502, 503 overloaded → 503, mid-stream error and truncation → error event', async () => {
      const h = createGatewayHarness();
      const fault = (name: string, stream = false) => h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model: MODEL, stream, messages: [{ role: 'user', content: `Tell me a long story [touchstone-fault:${name}]` }] }) });
      const limited = await fault('rate_limit');
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
      expect(((await limited.json()) as Json).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
      const failed = await fault('server_error');
      expect(failed.status).toBe(502);
      expect(((await failed.json()) as Json).error.message).toMatch(target.serverErrorMessage);
      const overloaded = await fault('overloaded');
      expect(overloaded.status).toBe(503);
      expect(((await overloaded.json()) as Json).error).toMatchObject({ type: 'upstream_error', code: 'overloaded' });
      for (const name of ['error_event', 'truncate']) {
        const response = await fault(name, true);
        expect(response.status).toBe(200);
        const text = await response.text();
        const last = text.trim().split('\n\n').at(-1)!;
        expect(JSON.parse(last.slice('data: '.length)).error).toMatchObject({ type: 'upstream_error' });
        expect(text).toContain('"content":');
      }
    });

    it(`answers 404 for a model ${target.name} does not know, and 502 when ${target.name} refuses the ${target.badCredential.noun}`, async () => {
      const withModel = customGateway((a) => ({ ...a, models: [...a.models, { name: 'gemini-0-unknown' }] }));
      const missing = await withModel({ model: `${target.account}/gemini-0-unknown`, messages: [{ role: 'user', content: 'hi' }] });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as Json).error).toMatchObject({ code: 'model_not_found', message: expect.stringContaining('gemini-0-unknown') });
      const badKey = customGateway((a) => ({ ...a, api_key: { value: target.badCredential.value } }));
      const refused = await badKey({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
      expect(refused.status).toBe(502);
      const error = ((await refused.json()) as Json).error;
      expect(error.code).toBe('upstream_auth_failed');
      expect(error.message).not.toContain(target.badCredential.upstreamMessage);
    });
    more?.();
  });
}
