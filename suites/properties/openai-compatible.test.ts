// Property tests of the OpenAI-compatible translators (fast-check), for all eight providers through the
// in-process gateway + simulators, and directly on the translator for stream ≡ non-stream:
//   (a) totality: any generated request is answered 200 or a 400 (422 where the provider validates with
//       FastAPI, status kept) naming the reason — never 5xx, never thrown;
//       what the matrix says a provider does not offer is refused naming the parameter
//   (b) what reached the simulator was accepted (2xx) and carries the model, every message (role and text)
//       in order, the system prompt and every tool name
//   (c) every streamed chunk validates against spec/ and the stream grammar (usage only when asked)
//   (d) parallel tool calls keep distinct indexes and ids; arguments reassemble to what the upstream sent
//   (e) the same upstream reply, as one JSON answer and as its provider-styled chunk sequence, translates
//       to the same content, reasoning, tool calls, finish_reason and usage
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/app.ts';
import { generateApiKey, resolveConfig } from '../../gateway/config.ts';
import { PROVIDER_QUIRKS, type OpenAICompatibleProvider } from '../../gateway/providers/openai-compatible/quirks.ts';
import { createTranslator } from '../../gateway/providers/openai-compatible/translator.ts';
import { testContext } from '../../gateway/providers/openai-compatible/test-kit.ts';
import type { ChatChunk, UpstreamFrame } from '../../gateway/providers/types.ts';
import { SseParser } from '../../lib/sse.ts';
import { createSimulators } from '../../mocks/registry.ts';
import { createMockRouter, upstreamBaseURLs } from '../../mocks/server.ts';
import { capability, type CapabilityColumn } from '../../spec/capabilities.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { createGatewayHarness, type GatewayHarness } from '../../test/gateway-harness.ts';
import { openAICompatibleAccounts } from '../accounts/openai-compatible.ts';
import * as grammar from '../chat/grammar.ts';
import { defaultConfigFile } from '../default-config.ts';
import { propertyParams } from './runs.ts';

type Json = Record<string, any>;
type Row = (typeof openAICompatibleAccounts)[number];
const providerOf = (row: Row) => row.account.provider as OpenAICompatibleProvider;
const supported = (row: Row, column: CapabilityColumn) => capability(providerOf(row), column).state === 'supported';

let h: GatewayHarness;
beforeAll(() => { h = createGatewayHarness(); });

// ------------------------------------------------------------------ request generators

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n').toString('base64');
/** Non-blank text without the simulators' fault marker (no brackets, no tags). */
const text = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.?!'-]{0,40}$/);
const toolName = fc.stringMatching(/^[a-z][a-z0-9_]{2,14}$/);
const ephemeral = { type: 'ephemeral' };

const userContent = fc.oneof(
  { weight: 3, arbitrary: text },
  {
    weight: 2,
    arbitrary: fc.tuple(text, fc.boolean(), fc.array(fc.constantFrom(
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
      { type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg', detail: 'low' } },
      { type: 'file', file: { filename: 'doc.pdf', file_data: `data:application/pdf;base64,${PDF}` } },
      { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=', format: 'wav' } },
    ), { maxLength: 2 })).map(([t, cached, media]) => [{ type: 'text', text: t, ...(cached ? { cache_control: ephemeral } : {}) }, ...media]),
  },
);

interface Scenario { row: Row; body: Json; tools: string[] }

const scenario = fc.record({
  rowIndex: fc.nat(openAICompatibleAccounts.length - 1),
  reasoningModel: fc.boolean(),
  system: fc.option(fc.record({ role: fc.constantFrom('system', 'developer'), content: text }), { nil: undefined }),
  tools: fc.uniqueArray(toolName, { maxLength: 3 }),
  turns: fc.array(fc.record({ user: userContent, reply: fc.oneof(text.map((t) => ({ kind: 'text' as const, t })), fc.integer({ min: 1, max: 2 }).map((n) => ({ kind: 'tools' as const, n }))) }), { maxLength: 2 }),
  last: userContent,
  toolChoice: fc.constantFrom('absent', 'none', 'auto', 'required', 'named'),
  responseFormat: fc.constantFrom('absent', 'text', 'json_object', 'json_schema', 'json_schema_strict'),
  strictTool: fc.boolean(),
  reasoningEffort: fc.option(fc.constantFrom('low', 'high', 'low', 'high', 'medium', 'minimal'), { nil: undefined }),
  // Always bounded: reasoning models otherwise stream hundreds of chunks per case.
  maxTokens: fc.record({ key: fc.constantFrom('max_tokens', 'max_completion_tokens'), value: fc.integer({ min: 16, max: 128 }) }),
  temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  topP: fc.option(fc.double({ min: 0.1, max: 1, noNaN: true }), { nil: undefined }),
  stop: fc.option(fc.array(fc.constantFrom('END', '###', '\n\n'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  n: fc.option(fc.constant(2), { nil: undefined }),
  promptCacheKey: fc.option(fc.constant('conv-1'), { freq: 6, nil: undefined }),
  stream: fc.boolean(),
  includeUsage: fc.boolean(),
}).map((g): Scenario => {
  const row = openAICompatibleAccounts[g.rowIndex]!;
  const provider = providerOf(row);
  const model = g.reasoningModel && row.reasoningModel ? row.reasoningModel : row.chatModel;
  const tools = g.tools;
  const messages: Json[] = [];
  if (g.system) messages.push(g.system);
  let call = 0;
  for (const turn of g.turns) {
    messages.push({ role: 'user', content: turn.user });
    if (turn.reply.kind === 'text' || tools.length === 0) { messages.push({ role: 'assistant', content: turn.reply.kind === 'text' ? turn.reply.t : 'ok' }); continue; }
    const calls = Array.from({ length: turn.reply.n }, (_, k) => ({ id: `call_${++call}`, type: 'function', function: { name: tools[k % tools.length]!, arguments: JSON.stringify({ k }) } }));
    messages.push({ role: 'assistant', content: null, tool_calls: calls });
    for (const c of calls) messages.push({ role: 'tool', tool_call_id: c.id, content: `result ${c.id}` });
    messages.push({ role: 'assistant', content: 'noted' });
  }
  messages.push({ role: 'user', content: g.last });
  const body: Json = { model, messages };
  if (tools.length) {
    body.tools = tools.map((name, i) => ({ type: 'function', function: { name, description: `tool ${name}`, parameters: { type: 'object', properties: { q: { type: 'string' } } }, ...(g.strictTool && i === 0 ? { strict: true } : {}) } }));
    if (g.toolChoice === 'named') body.tool_choice = { type: 'function', function: { name: tools[0] } };
    else if (g.toolChoice !== 'absent') body.tool_choice = g.toolChoice;
  }
  if (g.responseFormat === 'text') body.response_format = { type: 'text' };
  if (g.responseFormat === 'json_object') body.response_format = { type: 'json_object' };
  if (g.responseFormat.startsWith('json_schema')) {
    body.response_format = { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }, ...(g.responseFormat === 'json_schema_strict' ? { strict: true } : {}) } };
  }
  // reasoning_effort goes to reasoning models (plain models refuse it upstream), and to every model of a
  // provider the matrix says does not reason (the gateway must refuse it); medium/minimal are not taken by
  // every reasoning model (xAI: low|high) — those answers are the provider's 400/422.
  const reasoningModel = model === row.reasoningModel;
  if (g.reasoningEffort && (reasoningModel || !supported(row, 'reasoning'))) body.reasoning_effort = g.reasoningEffort;
  body[g.maxTokens.key] = g.maxTokens.value;
  if (g.temperature !== undefined) body.temperature = g.temperature;
  if (g.topP !== undefined) body.top_p = g.topP;
  if (g.stop && !(provider === 'xai' && reasoningModel)) body.stop = g.stop; // xAI reasoning models take no stop
  if (g.n && !['groq', 'perplexity'].includes(provider)) body.n = g.n; // n > 1 only where the provider documents it
  if (g.promptCacheKey && provider !== 'groq') body.prompt_cache_key = g.promptCacheKey; // Groq refuses it (checked in test/providers)
  if (g.stream) { body.stream = true; if (g.includeUsage) body.stream_options = { include_usage: true }; }
  return { row, body, tools };
});

/** The parameters the gateway must refuse for this provider (independent of the gateway's code: matrix + request). */
function refusedParams(row: Row, body: Json): string[] {
  const out: string[] = [];
  const rf = body.response_format?.type;
  if (rf === 'json_object' && !supported(row, 'json_mode')) out.push('response_format');
  if (rf === 'json_schema' && !supported(row, 'schema_mode')) out.push('response_format');
  if (rf === 'json_schema' && body.response_format.json_schema.strict === true && !supported(row, 'structured_output')) out.push('response_format');
  if ((body.tools ?? []).some((t: Json) => t.function.strict === true) && !supported(row, 'structured_output')) out.push('tools');
  if (body.reasoning_effort !== undefined && !supported(row, 'reasoning')) out.push('reasoning_effort');
  if (!supported(row, 'prompt_caching')) {
    if (body.prompt_cache_key !== undefined) out.push('prompt_cache_key');
    if (JSON.stringify(body.messages).includes('cache_control')) out.push('messages');
  }
  return out;
}

const textsOf = (content: unknown): string[] =>
  typeof content === 'string' ? [content] : Array.isArray(content) ? content.filter((p: Json) => p.type === 'text').map((p: Json) => p.text) : [];

async function send(body: Json) {
  const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
  const raw = await res.text();
  return { res, raw };
}

function parseSse(raw: string) {
  const parser = new SseParser();
  const events = parser.push(raw);
  return grammar.parseStream(events, parser.end());
}

const counts = { ok: 0, refusedByGate: 0, refusedUpstream: 0 };

describe('OpenAI-compatible providers: properties through the gateway', () => {
  it('(a) totality: 200, or 400 naming the reason; matrix-unsupported asks are refused naming the parameter', async () => {
    await fc.assert(fc.asyncProperty(scenario, async ({ row, body }) => {
      const { res, raw } = await send(body);
      const expectedRefusal = refusedParams(row, body);
      if (expectedRefusal.length) {
        expect(res.status).toBe(400);
        const { error } = JSON.parse(raw) as { error: Json };
        expect(error.code).toBe('unsupported_parameter');
        expect(expectedRefusal).toContain(error.param);
        expect(error.message).toContain(providerOf(row));
        counts.refusedByGate++;
        return;
      }
      // A provider's validation error keeps its status (400, or 422 for FastAPI-based upstreams).
      expect([200, 400, 422]).toContain(res.status);
      if (res.status !== 200) {
        const { error } = JSON.parse(raw) as { error: Json };
        expect(typeof error.message === 'string' && error.message.length > 0).toBe(true);
        counts.refusedUpstream++;
      } else counts.ok++;
    }), propertyParams(200));
    expect(counts.ok).toBeGreaterThan(counts.refusedUpstream);
  });

  it('(b) what reached the simulator was accepted and carries the model, every message in order, the system prompt and the tools', async () => {
    await fc.assert(fc.asyncProperty(scenario, async ({ row, body, tools }) => {
      if (refusedParams(row, body).length) return;
      const { res } = await send(body);
      if (res.status !== 200) return;
      const entry = h.journal(row.upstream).last()!;
      expect(entry.status).toBeGreaterThanOrEqual(200);
      expect(entry.status).toBeLessThan(300);
      const sent = entry.body as Json;
      expect(sent.model).toBe(body.model.slice(body.model.indexOf('/') + 1));
      const developerAsSystem = PROVIDER_QUIRKS[providerOf(row)].developerAsSystem;
      expect(sent.messages.map((m: Json) => m.role)).toEqual(body.messages.map((m: Json) => (m.role === 'developer' && developerAsSystem ? 'system' : m.role)));
      expect(sent.messages.map((m: Json) => textsOf(m.content))).toEqual(body.messages.map((m: Json) => textsOf(m.content)));
      expect((sent.tools ?? []).map((t: Json) => t.function.name)).toEqual(tools);
      for (const key of ['tool_choice', 'response_format', 'reasoning_effort', 'stop', 'temperature', 'top_p', 'n', 'max_tokens', 'max_completion_tokens']) {
        expect(sent[key]).toEqual(body[key]);
      }
    }), propertyParams(200));
  });

  it('(c) every streamed chunk validates against spec/ and the grammar; usage only when asked', async () => {
    await fc.assert(fc.asyncProperty(scenario.map((s): Scenario => ({ ...s, body: { ...s.body, stream: true } })), async ({ row, body, tools }) => {
      if (refusedParams(row, body).length) return;
      const { res, raw } = await send(body);
      if (res.status !== 200) return;
      const parsed = parseSse(raw);
      const schema = parsed.chunks.flatMap((c) => (c ? validateEvent('createChatCompletion', c).violations : []));
      const includeUsage = body.stream_options?.include_usage === true;
      expect([...schema, ...grammar.checkFraming(parsed), ...grammar.checkRoleFirst(parsed), ...grammar.checkStableId(parsed),
        ...grammar.checkOneFinish(parsed), ...grammar.checkUsageChunk(parsed, includeUsage), ...grammar.checkDoneLast(parsed)]).toEqual([]);
      // A tool turn cut by max_tokens (finish "length") legitimately ends with partial arguments.
      const finishedWithTools = parsed.chunks.some((c) => c?.choices && (c.choices as Json[]).some((ch) => ch.index === 0 && ch.finish_reason === 'tool_calls'));
      if (finishedWithTools) expect(grammar.checkToolDeltas(parsed, tools).violations).toEqual([]);
    }), propertyParams(200));
  });
});

// ------------------------------------------------------------------ (d) against the upstream's own answer

/** The gateway wired to the simulators like the harness, keeping the last upstream answer body. */
function tappedGateway() {
  const simulators = createSimulators();
  const router = createMockRouter(simulators, () => 'http://mock.test');
  const key = generateApiKey();
  const config = resolveConfig(defaultConfigFile(upstreamBaseURLs('http://mock.test', simulators), key), 'tapped');
  let upstream: Promise<string> = Promise.resolve('');
  const gateway = createGateway(config, {
    fetch: async (input, init) => {
      const res = await router(new Request(input as RequestInfo, init));
      upstream = res.clone().text();
      return res;
    },
  });
  return {
    chat: (body: Json) => gateway.fetch(new Request('http://gateway.test/api/llm/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })),
    upstream: () => upstream,
  };
}

/** Tool calls of an OpenAI-style upstream stream, reassembled by index (first delta with an id opens a call). */
function upstreamCalls(raw: string) {
  const calls = new Map<number, { id: string; name: string; args: string }>();
  for (const event of new SseParser().push(raw)) {
    if (event.data === '[DONE]') continue;
    const chunk = JSON.parse(event.data) as Json;
    for (const choice of chunk.choices ?? []) {
      if (choice.index !== 0) continue;
      for (const tc of choice.delta?.tool_calls ?? []) {
        const call = calls.get(tc.index) ?? { id: tc.id, name: tc.function?.name, args: '' };
        call.args += tc.function?.arguments ?? '';
        calls.set(tc.index, call);
      }
    }
  }
  return [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
}

describe('OpenAI-compatible providers: parallel tool calls', () => {
  it('(d) distinct indexes and ids; arguments reassemble to the JSON the upstream sent', async () => {
    const tap = tappedGateway();
    const request = fc.record({
      rowIndex: fc.nat(openAICompatibleAccounts.length - 1),
      tools: fc.uniqueArray(toolName, { minLength: 2, maxLength: 4 }),
      ask: text,
    });
    await fc.assert(fc.asyncProperty(request, async ({ rowIndex, tools, ask }) => {
      const row = openAICompatibleAccounts[rowIndex]!;
      const body = {
        model: row.chatModel, stream: true, tool_choice: 'required', messages: [{ role: 'user', content: `${ask}: call every tool.` }],
        tools: tools.map((name) => ({ type: 'function', function: { name, parameters: { type: 'object', properties: { q: { type: 'string' } } } } })),
      };
      const res = await tap.chat(body);
      expect(res.status).toBe(200);
      const parsed = parseSse(await res.text());
      const { violations, calls } = grammar.checkToolDeltas(parsed, tools);
      expect(violations).toEqual([]);
      expect(calls.map((c) => c.index)).toEqual(calls.map((_, i) => i));
      expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
      const sent = upstreamCalls(await tap.upstream());
      expect(calls.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.arguments) as unknown }))).toEqual(sent.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.args) as unknown })));
    }), propertyParams(200));
  });
});

// ------------------------------------------------------------------ (e) stream ≡ non-stream on the translator

const PROVIDERS = Object.keys(PROVIDER_QUIRKS) as OpenAICompatibleProvider[];
const word = fc.stringMatching(/^[A-Za-z0-9 ,.]{1,12}$/);

interface Reply {
  provider: OpenAICompatibleProvider;
  reasoning?: string;
  reasoningStyle: 'reasoning' | 'reasoning_content' | 'think';
  content: string | null;
  calls: { id: string; name: string; args: string }[];
  finish: 'stop' | 'length' | 'tool_calls' | 'eos';
  usage: { prompt: number; completion: number; reasoning: number; cached: number };
  cuts: number[];
  wholeArgs: boolean;
}

const reply: fc.Arbitrary<Reply> = fc.record({
  provider: fc.constantFrom(...PROVIDERS),
  reasoning: fc.option(fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join('')), { nil: undefined }),
  reasoningStyle: fc.constantFrom('reasoning', 'reasoning_content', 'think'),
  content: fc.option(fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join('')), { nil: null }),
  calls: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^call_[A-Za-z0-9]{6}$/), name: toolName, args: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(fc.integer(), word), { maxKeys: 3 }).map((o) => JSON.stringify(o)) }), { maxLength: 3, selector: (c) => c.id }),
  finish: fc.constantFrom('stop', 'length', 'tool_calls', 'eos'),
  usage: fc.record({ prompt: fc.nat(5000), completion: fc.nat(2000), reasoning: fc.nat(500), cached: fc.nat(4000) }),
  cuts: fc.array(fc.nat(40), { maxLength: 6 }),
  wholeArgs: fc.boolean(),
}).map((r) => ({ ...r, reasoningStyle: r.reasoningStyle === 'think' && !PROVIDER_QUIRKS[r.provider].thinkTags ? 'reasoning' : r.reasoningStyle }));

/** Cut a string at the given positions (positions beyond its end ignored). */
function pieces(s: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.filter((c) => c > 0 && c < s.length))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const c of [...at, s.length]) { out.push(s.slice(from, c)); from = c; }
  return out.filter((p) => p !== '');
}

/** The provider's usage object for a reply, where its row says it is counted. */
function providerUsage(r: Reply): Json {
  const completion = Math.max(r.usage.completion, r.usage.reasoning);
  const base: Json = { prompt_tokens: r.usage.prompt, total_tokens: r.usage.prompt + completion, prompt_tokens_details: { cached_tokens: Math.min(r.usage.cached, r.usage.prompt) } };
  if (r.provider === 'xai') return { ...base, completion_tokens: completion - r.usage.reasoning, completion_tokens_details: { reasoning_tokens: r.usage.reasoning } };
  if (r.provider === 'perplexity') return { ...base, completion_tokens: completion, reasoning_tokens: r.usage.reasoning };
  return { ...base, completion_tokens: completion, completion_tokens_details: { reasoning_tokens: r.usage.reasoning } };
}

const thinkContent = (r: Reply) => `<think>${r.reasoning}</think>\n\n${r.content ?? ''}`;

function asJson(r: Reply): Json {
  const think = r.reasoning !== undefined && r.reasoningStyle === 'think';
  const message: Json = { role: 'assistant', content: think ? thinkContent(r) : r.content };
  if (r.reasoning !== undefined && !think) message[r.reasoningStyle] = r.reasoning;
  if (r.calls.length) message.tool_calls = r.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args } }));
  const usage = providerUsage(r);
  return {
    id: 'up', object: 'chat.completion', created: 1, model: 'up-model', choices: [{ index: 0, message, logprobs: null, finish_reason: r.finish }],
    ...(r.provider === 'groq' ? { usage, x_groq: { id: 'req_1' } } : { usage }),
  };
}

/** The same reply as the provider streams it (usage placement, role repetition, cumulative message …). */
function asFrames(r: Reply): UpstreamFrame[] {
  const perplexity = r.provider === 'perplexity';
  const together = r.provider === 'together';
  const usage = providerUsage(r);
  let whole = '';
  const deltas: Json[] = [{ role: 'assistant', content: '' }];
  const think = r.reasoning !== undefined && r.reasoningStyle === 'think';
  if (r.reasoning !== undefined && !think) for (const p of pieces(r.reasoning, r.cuts)) deltas.push({ [r.reasoningStyle]: p });
  const content = think ? thinkContent(r) : r.content;
  if (content) for (const p of pieces(content, r.cuts)) deltas.push({ content: p });
  r.calls.forEach((c, i) => {
    deltas.push({ tool_calls: [{ index: i, id: c.id, type: 'function', function: { name: c.name, arguments: r.wholeArgs ? c.args : '' } }] });
    if (!r.wholeArgs) for (const p of pieces(c.args, r.cuts)) deltas.push({ tool_calls: [{ index: i, function: { arguments: p } }] });
  });
  const frames: Json[] = deltas.map((d) => {
    if (typeof d.content === 'string') whole += d.content;
    const delta = perplexity || together ? { role: 'assistant', ...d } : d;
    return {
      id: 'up', object: perplexity ? 'chat.completion' : 'chat.completion.chunk', created: 1, model: 'up-model',
      choices: [{ index: 0, delta, finish_reason: null, ...(perplexity ? { message: { role: 'assistant', content: whole } } : {}), ...(together ? { text: d.content ?? '', seed: null } : {}) }],
      ...(perplexity ? { usage: { ...usage, completion_tokens: 0 }, citations: ['https://a.example/1'] } : {}),
    };
  });
  const finish: Json = { id: 'up', object: perplexity ? 'chat.completion' : 'chat.completion.chunk', created: 1, model: 'up-model', choices: [{ index: 0, delta: perplexity || together ? { role: 'assistant' } : {}, finish_reason: r.finish }] };
  if (r.provider === 'groq') finish.x_groq = { id: 'req_1', usage };
  else if (r.provider !== 'sambanova') finish.usage = usage;
  frames.push(finish);
  if (r.provider === 'sambanova') frames.push({ id: 'up', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [], usage });
  if (r.provider === 'xai') frames.push({ id: 'up', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [] });
  return [...frames.map((f): UpstreamFrame => ({ kind: 'sse', data: JSON.stringify(f) })), { kind: 'sse', data: '[DONE]' }];
}

/** Content, reasoning, tool calls per index, finish and usage of translated stream chunks. */
function assemble(chunks: ChatChunk[]) {
  let content = '';
  let reasoning = '';
  let finish: unknown;
  let usage: unknown;
  const calls: Json[] = [];
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices as Json[]) {
      content += choice.delta.content ?? '';
      reasoning += choice.delta.reasoning_content ?? '';
      if (choice.finish_reason) finish = choice.finish_reason;
      for (const tc of choice.delta.tool_calls ?? []) {
        calls[tc.index] ??= { id: tc.id, name: tc.function?.name, arguments: '' };
        calls[tc.index]!.arguments += tc.function?.arguments ?? '';
      }
    }
  }
  return { content, reasoning, calls, finish, usage };
}

describe('OpenAI-compatible translator: stream ≡ non-stream', () => {
  it('(e) one upstream reply as JSON and as its chunk sequence translates to the same answer', () => {
    fc.assert(fc.property(reply, (r) => {
      const body = { model: 'x/m' };
      const translator = createTranslator(PROVIDER_QUIRKS[r.provider], body);
      const completion = translator.parseResponse(asJson(r), testContext(r.provider)) as Json;
      expect(validate('createChatCompletion', 200, 'application/json', completion).violations).toEqual([]);
      const stream = translator.createStreamTranslator(testContext(r.provider, { stream: true, includeUsage: true }));
      const chunks = [...asFrames(r).flatMap((f) => stream.push(f)), ...stream.end()];
      const streamed = assemble(chunks);
      const message = completion.choices[0].message as Json;
      expect(streamed.content).toBe(message.content ?? '');
      expect(streamed.reasoning).toBe(message.reasoning_content ?? '');
      expect(streamed.calls).toEqual((message.tool_calls ?? []).map((c: Json) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })));
      expect(streamed.finish).toBe(completion.choices[0].finish_reason);
      expect(streamed.usage).toEqual(completion.usage);
      if (r.reasoning !== undefined) expect(message.reasoning_content).toBe(r.reasoning);
      const think = r.reasoning !== undefined && r.reasoningStyle === 'think';
      expect(message.content ?? '').toBe(think ? (r.content ?? '').replace(/^\s+/, '') : r.content ?? '');
    }), propertyParams(200));
  });
});
