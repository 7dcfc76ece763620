// The Bedrock translator end to end: the openai SDK → reference gateway → Bedrock simulator (Converse /
// ConverseStream, SigV4, eventstream), in process. Every answer is validated against spec/, every stream
// against the grammar of suites/chat/grammar.ts, and the journal shows what reached the provider.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../../lib/sse.ts';
import { createGateway } from '../../gateway/app.ts';
import { generateApiKey, resolveConfig } from '../../gateway/config.ts';
import { createSimulators } from '../../mocks/registry.ts';
import { createMockRouter, upstreamBaseURLs } from '../../mocks/server.ts';
import { CAPABILITY_COLUMNS, capability, type CapabilityColumn } from '../../spec/capabilities.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { BEDROCK_MODELS } from '../../suites/accounts/bedrock.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream } from '../../suites/chat/grammar.ts';
import { defaultConfigFile } from '../../suites/default-config.ts';
import { createGatewayHarness } from '../gateway-harness.ts';

const h = createGatewayHarness();
const client = h.client();
const CLAUDE = `bedrock-main/${BEDROCK_MODELS.claude}`;
const NOVA2 = `bedrock-main/${BEDROCK_MODELS.nova2Lite}`;
const LLAMA = `bedrock-main/${BEDROCK_MODELS.llama}`;
const weather = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } },
};
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const journal = () => h.journal('bedrock');
const lastUpstream = () => journal().entries.at(-1)!;
/** The Converse body the simulator received last. */
const sentBody = () => lastUpstream().body as Json;

async function post(body: Json): Promise<Response> {
  return h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
}

async function json(body: Json): Promise<{ status: number; body: Json }> {
  const res = await post(body);
  const parsed = await res.json() as Json;
  const v = validate('createChatCompletion', res.status, res.headers.get('content-type'), parsed);
  expect(v.violations, JSON.stringify(parsed)).toEqual([]);
  return { status: res.status, body: parsed };
}

/** A raw SSE answer: every chunk validated against spec/, the whole stream against the grammar. */
async function stream(body: Json, tools: string[] = []): Promise<{ events: SseEvent[]; chunks: Json[]; errors: Json[] }> {
  const res = await post({ ...body, stream: true });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  let partial: SseEvent | undefined;
  const events: SseEvent[] = [];
  for await (const ev of readSse(res.body!, (p) => { partial = p; })) events.push(ev);
  const parsed = parseStream(events, partial);
  const errors = parsed.chunks.filter((c): c is Json => !!c && 'error' in c);
  const chunks = parsed.chunks.filter((c): c is Json => !!c && !('error' in c));
  for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
  expect(checkFraming(parsed)).toEqual([]);
  if (errors.length) {
    // The driver's contract for a failed stream: one OpenAI error event, last, then a clean end.
    expect(errors).toHaveLength(1);
    expect(parsed.chunks.at(-1)).toEqual(errors[0]);
  } else {
    expect(checkDoneLast(parsed)).toEqual([]);
    expect([...checkRoleFirst(parsed), ...checkStableId(parsed), ...checkOneFinish(parsed),
      ...checkUsageChunk(parsed, body.stream_options?.include_usage === true)]).toEqual([]);
    if (tools.length) expect(checkToolDeltas(parsed, tools).violations).toEqual([]);
  }
  return { events, chunks, errors };
}
const streamedText = (chunks: Json[], field = 'content') => chunks.map((c) => c.choices[0]?.delta?.[field] ?? '').join('');

describe('bedrock through the gateway: chat', () => {
  it('non-stream: a valid completion; the journal shows model, system prompt and every message in order', async () => {
    const done = await client.chat.completions.create({
      model: CLAUDE, max_tokens: 64, temperature: 0.3, stop: ['###'],
      messages: [
        { role: 'system', content: 'You are terse.' }, { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' }, { role: 'user', content: 'Second question' },
      ],
    });
    expect(done.model).toBe(BEDROCK_MODELS.claude);
    expect(done.choices[0]!.message.content).toBeTruthy();
    expect(done.choices[0]!.finish_reason).toBe('stop');
    expect(done.usage!.total_tokens).toBe(done.usage!.prompt_tokens + done.usage!.completion_tokens);
    const entry = lastUpstream();
    expect(entry.status).toBe(200);
    expect(entry.path).toBe(`/model/${encodeURIComponent(BEDROCK_MODELS.claude)}/converse`);
    expect(entry.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
    expect(entry.body).toEqual({
      system: [{ text: 'You are terse.' }],
      messages: [
        { role: 'user', content: [{ text: 'First question' }] }, { role: 'assistant', content: [{ text: 'First answer' }] },
        { role: 'user', content: [{ text: 'Second question' }] },
      ],
      inferenceConfig: { maxTokens: 64, temperature: 0.3, stopSequences: ['###'] },
    });
  });

  it('stream: valid chunks, grammar holds, usage chunk only with include_usage; stream ≡ non-stream', async () => {
    const request = { model: CLAUDE, messages: [{ role: 'user', content: 'Tell me something.' }] };
    const plain = await stream(request);
    expect(plain.chunks.every((c) => c.usage === undefined || c.usage === null)).toBe(true);
    const withUsage = await stream({ ...request, stream_options: { include_usage: true } });
    expect(withUsage.chunks.at(-1)!.choices).toEqual([]);
    expect(lastUpstream().path).toMatch(/\/converse-stream$/);
    const whole = await json(request);
    expect(streamedText(plain.chunks)).toBe(whole.body.choices[0].message.content);
    expect(withUsage.chunks.at(-1)!.usage).toEqual(whole.body.usage);
    let sdkText = '';
    for await (const chunk of await client.chat.completions.create({ ...request, model: CLAUDE, messages: [{ role: 'user', content: 'Tell me something.' }], stream: true })) sdkText += chunk.choices[0]?.delta.content ?? '';
    expect(sdkText).toBe(whole.body.choices[0].message.content);
  });

  it('tools round trip: call (stream and not) → tool result → final text; toolUse/toolResult reach the provider', async () => {
    const messages: Json[] = [{ role: 'user', content: 'What is the weather in Paris? Use the tool.' }];
    const s = await stream({ model: CLAUDE, messages, tools: [weather], tool_choice: 'required' }, ['get_weather']);
    expect(s.chunks.some((c) => c.choices[0]?.finish_reason === 'tool_calls')).toBe(true);
    const first = await client.chat.completions.create({ model: CLAUDE, messages: messages as never, tools: [weather], tool_choice: 'required' });
    const call = first.choices[0]!.message.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toBeTypeOf('object');
    expect(sentBody().toolConfig).toEqual({ tools: [{ toolSpec: { name: 'get_weather', description: weather.function.description, inputSchema: { json: weather.function.parameters } } }], toolChoice: { any: {} } });
    const final = await client.chat.completions.create({
      model: CLAUDE, tools: [weather],
      messages: [...messages, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '18 degrees and sunny' }] as never,
    });
    expect(final.choices[0]!.message.content).toBeTruthy();
    expect(final.choices[0]!.finish_reason).toBe('stop');
    const sent = sentBody().messages as Json[];
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent[1]!.content).toContainEqual({ toolUse: { toolUseId: call.id, name: 'get_weather', input: JSON.parse(call.function.arguments) } });
    expect(sent[2]!.content).toEqual([{ toolResult: { toolUseId: call.id, content: [{ text: '18 degrees and sunny' }] } }]);
  });

  it('thinking blocks survive the next turn (regression: signatures lost on multi-turn tool use)', async () => {
    const messages: Json[] = [{ role: 'user', content: 'Weather in Paris? Think first.' }];
    const first = await json({ model: CLAUDE, messages, tools: [weather], tool_choice: 'auto', reasoning_effort: 'low' });
    const message = first.body.choices[0].message;
    expect(message.reasoning_content).toBeTruthy();
    expect(message.thinking_blocks[0]).toMatchObject({ type: 'thinking', thinking: message.reasoning_content, signature: expect.any(String) });
    expect(sentBody().additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    const s = await stream({ model: CLAUDE, messages, tools: [weather], reasoning_effort: 'low' });
    expect(streamedText(s.chunks, 'reasoning_content')).toBeTruthy();
    const streamedBlocks = s.chunks.flatMap((c) => c.choices[0]?.delta?.thinking_blocks ?? []);
    expect(streamedBlocks[0]).toMatchObject({ type: 'thinking', thinking: streamedText(s.chunks, 'reasoning_content'), signature: expect.any(String) });
    const calls = message.tool_calls ?? [];
    const next = await json({
      model: CLAUDE, tools: [weather], reasoning_effort: 'low',
      messages: [...messages, message, ...calls.map((c: Json) => ({ role: 'tool', tool_call_id: c.id, content: '18C' }))],
    });
    expect(next.status).toBe(200);
    const assistant = (sentBody().messages as Json[])[1]!;
    expect(assistant.content[0]).toEqual({ reasoningContent: { reasoningText: { text: message.thinking_blocks[0].thinking, signature: message.thinking_blocks[0].signature } } });
  });

  it('Nova reasoning through reasoningConfig; reasoning for an unmapped family is a 400', async () => {
    const nova = await json({ model: NOVA2, messages: [{ role: 'user', content: 'Think.' }], reasoning_effort: 'medium' });
    expect(nova.status).toBe(200);
    expect(sentBody().additionalModelRequestFields).toEqual({ reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' } });
    expect(nova.body.choices[0].message.reasoning_content).toBeTypeOf('string');
    const before = journal().entries.length;
    const llama = await json({ model: LLAMA, messages: [{ role: 'user', content: 'Think.' }], reasoning_effort: 'low' });
    expect(llama.status).toBe(400);
    expect(llama.body.error).toMatchObject({ param: 'reasoning_effort', code: 'unsupported_parameter' });
    expect(journal().entries.length).toBe(before);
  });

  it('user parts: image and PDF reach the provider as image/document blocks', async () => {
    const res = await json({ model: CLAUDE, messages: [{ role: 'user', content: [
      { type: 'text', text: 'Describe these.' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'file', file: { filename: 'brief.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' } },
    ] }] });
    expect(res.status).toBe(200);
    expect((sentBody().messages as Json[])[0]!.content).toEqual([
      { text: 'Describe these.' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } },
      { document: { format: 'pdf', name: 'brief', source: { bytes: 'JVBERi0xLjQ=' } } },
    ]);
  });
});

const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
const longSystem = `${'You follow the conformance policy carefully. '.repeat(200)}`;

/** One request per capability column that exercises it, and the parameter a refusal names. */
const COLUMN_REQUESTS: Record<CapabilityColumn, { param: string; body: Json }> = {
  stream: { param: 'stream', body: { stream: true } },
  non_stream: { param: 'stream', body: {} },
  tools: { param: 'tools', body: { tools: [weather], tool_choice: 'required' } },
  json_mode: { param: 'response_format', body: { response_format: { type: 'json_object' } } },
  schema_mode: { param: 'response_format', body: { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: false } } } },
  prompt_caching: { param: 'messages', body: { messages: [{ role: 'system', content: [{ type: 'text', text: longSystem, cache_control: { type: 'ephemeral' } }] }, { role: 'user', content: 'Answer in one line.' }] } },
  reasoning: { param: 'reasoning_effort', body: { reasoning_effort: 'low' } },
  structured_output: { param: 'response_format', body: { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } } } },
};

describe('bedrock through the gateway: the capability matrix', () => {
  for (const column of CAPABILITY_COLUMNS) {
    const state = capability('bedrock', column).state;
    const { param, body } = COLUMN_REQUESTS[column];
    const request = { model: CLAUDE, messages: [{ role: 'user', content: 'Reply with JSON please.' }], ...body };
    if (state === 'unsupported') {
      it(`${column}: unsupported → 400 naming ${param}, nothing sent upstream`, async () => {
        const before = journal().entries.length;
        const res = await post(request);
        expect(res.status).toBe(400);
        const error = (await res.json() as Json).error;
        expect(error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_parameter', param });
        expect(error.message).toMatch(/bedrock/i);
        expect(journal().entries.length).toBe(before);
      });
      continue;
    }
    it(`${column}: ${state} → works`, async () => {
      if (column === 'stream') {
        const s = await stream(request);
        expect(s.errors).toEqual([]);
        expect(streamedText(s.chunks)).toBeTruthy();
        return;
      }
      const res = await json(request);
      expect(res.status).toBe(200);
      const message = res.body.choices[0].message;
      if (column === 'tools') expect(message.tool_calls[0].function.name).toBe('get_weather');
      if (column === 'schema_mode' || column === 'structured_output') {
        expect(sentBody().outputConfig.textFormat.structure.jsonSchema).toMatchObject({ name: 'answer', schema: JSON.stringify(schema) });
        const parsed = JSON.parse(message.content);
        if (column === 'structured_output') expect(new Ajv().validate(schema, parsed)).toBe(true);
      }
      if (column === 'reasoning') expect(message.reasoning_content).toBeTruthy();
      if (column === 'prompt_caching') {
        expect(sentBody().system).toEqual([{ text: longSystem }, { cachePoint: { type: 'default' } }]);
        const again = await json(request);
        expect(again.body.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
      }
      if (column === 'non_stream') expect(message.content).toBeTruthy();
    });
  }

  it('parameters Converse cannot express are refused by name (never dropped)', async () => {
    for (const [name, value] of [['n', 2], ['logprobs', true], ['seed', 1], ['parallel_tool_calls', false], ['some_future_param', 1]] as const) {
      const res = await post({ model: CLAUDE, messages: [{ role: 'user', content: 'x' }], [name]: value });
      expect(res.status, name).toBe(400);
      expect(((await res.json()) as Json).error.param).toBe(name);
    }
  });
});

describe('bedrock through the gateway: errors', () => {
  const fault = (kind: string) => ({ model: CLAUDE, messages: [{ role: 'user', content: `Hello [touchstone-fault:${kind}]` }] });

  it('ThrottlingException → 429 rate_limit_error with retry-after', async () => {
    const res = await post(fault('rate_limit'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1'); // copied from the simulator's throttling answer
    expect(((await res.json()) as Json).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(lastUpstream().status).toBe(429);
  });

  it('server errors and overload → 502 carrying the upstream message', async () => {
    for (const kind of ['server_error', 'overloaded']) {
      const res = await json(fault(kind));
      expect(res.status, kind).toBe(502);
      expect(res.body.error.type).toBe('upstream_error');
      expect(res.body.error.message).toMatch(/Exception: /);
    }
  });

  it('a mid-stream exception frame becomes an OpenAI error event, then a clean end (regression: no silent close)', async () => {
    const s = await stream(fault('error_event'));
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]!.error).toMatchObject({ type: 'upstream_error', code: 'upstream_stream_error' });
    expect(s.events.some((e) => e.data === '[DONE]')).toBe(false);
    expect(streamedText(s.chunks)).toBeTruthy(); // what arrived before the failure was delivered
  });

  it('a truncated stream becomes an error event, never an empty success', async () => {
    const s = await stream(fault('truncate'));
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]!.error.code).toBe('upstream_stream_truncated');
  });

  it('upstream validation errors keep 400 and the upstream message', async () => {
    const res = await json({ model: CLAUDE, messages: [{ role: 'user', content: 'x' }], temperature: 1.5 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/temperature/);
    expect(lastUpstream().status).toBe(400);
  });

  it('refused AWS credentials → 502 upstream_auth_failed without the upstream message', async () => {
    const simulators = createSimulators();
    const router = createMockRouter(simulators, () => 'http://mock.test');
    const key = generateApiKey();
    const file = defaultConfigFile(upstreamBaseURLs('http://mock.test', simulators), key);
    const accounts = file.accounts.map((a) => (a.provider === 'bedrock' ? { ...a, aws: { access_key_id: a.aws!.access_key_id, secret_access_key: { value: 'wrong-secret' } } } : a));
    const gateway = createGateway(resolveConfig({ ...file, accounts }, 'test'), { fetch: async (input, init) => router(new Request(input as RequestInfo, init)) });
    const res = await gateway.fetch(new Request('http://gw.test/api/llm/chat/completions', {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: CLAUDE, messages: [{ role: 'user', content: 'hi' }] }),
    }));
    expect(res.status).toBe(502);
    const error = (await res.json() as Json).error;
    expect(error).toMatchObject({ type: 'upstream_error', code: 'upstream_auth_failed' });
    expect(error.message).not.toMatch(/signature we calculated/);
    expect(simulators.bedrock!.journal.entries.at(-1)!.status).toBe(403);
  });
});
