// Property tests of the Anthropic translator (fast-check), through the in-process gateway + Anthropic
// simulator, and directly on the translator for stream ≡ non-stream:
//   (a) totality: any generated request is answered 200 or a 400 naming the reason — never 5xx, never thrown
//   (b) what reached the simulator was accepted (2xx) and carries the system prompt, every message text in
//       order and every tool name
//   (c) every streamed chunk validates against spec/ and the stream grammar
//   (d) parallel tool calls keep distinct indexes and ids; arguments are the JSON the upstream sent
//   (e) the same upstream reply, as a Message and as its event sequence, translates to the same answer
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SseParser } from '../../lib/sse.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import type { ChatCompletion, ChatChunk } from '../../gateway/providers/types.ts';
import { testContext } from '../../gateway/providers/anthropic/fixtures.ts';
import { anthropicTranslator } from '../../gateway/providers/anthropic/index.ts';
import { anthropicReply, asEvents, asMessage } from '../../gateway/providers/anthropic/reply-generator.ts';
import { createGatewayHarness, type GatewayHarness } from '../../test/gateway-harness.ts';
import * as grammar from '../chat/grammar.ts';
import { propertyParams } from './runs.ts';

type Json = Record<string, any>;

let h: GatewayHarness;
beforeAll(() => { h = createGatewayHarness(); });

// ------------------------------------------------------------------ request generators

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n').toString('base64');

/** Non-blank text without the simulators' fault marker (no brackets in the alphabet). */
const text = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.?!'-]{0,40}$/);
const toolName = fc.stringMatching(/^[a-z][a-z0-9_]{2,14}$/);

const userContent = fc.oneof(
  text,
  fc.array(fc.oneof(
    { weight: 4, arbitrary: text.map((t) => ({ type: 'text', text: t })) },
    { weight: 1, arbitrary: fc.constant({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }) },
    { weight: 1, arbitrary: fc.constant({ type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' } }) },
    { weight: 1, arbitrary: fc.constant({ type: 'file', file: { filename: 'doc.pdf', file_data: `data:application/pdf;base64,${PDF}` } }) },
  ), { minLength: 1, maxLength: 3 }).filter((parts) => parts.some((p) => p.type === 'text')),
);

const systemContent = fc.oneof(text, fc.array(text.map((t) => ({ type: 'text', text: t })), { minLength: 1, maxLength: 2 }));

interface Scenario {
  body: Json;
  /** Set when the request asks for something the gateway must refuse: the parameter its 400 must name. */
  refusedParam?: string;
}

/** A request Anthropic accepts: valid history, consistent reasoning / sampling / tool choice. */
const validRequest = fc.record({
  model: fc.constantFrom('anthropic-main/claude-sonnet-4-5', 'anthropic-main/claude-haiku-4-5'),
  system: fc.option(fc.array(fc.record({ role: fc.constantFrom('system', 'developer'), content: systemContent }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  tools: fc.uniqueArray(toolName, { maxLength: 3 }),
  turns: fc.array(fc.record({ user: userContent, reply: fc.oneof(text.map((t) => ({ kind: 'text' as const, t })), fc.nat(2).map((n) => ({ kind: 'tools' as const, n: n + 1 }))) }), { minLength: 0, maxLength: 3 }),
  last: userContent,
  reasoning: fc.option(fc.constantFrom('none', 'minimal', 'low', 'medium'), { nil: undefined }),
  sampling: fc.option(fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }).map((v) => ({ temperature: v })),
    fc.double({ min: 0, max: 1, noNaN: true }).map((v) => ({ top_p: v })),
    fc.integer({ min: 1, max: 500 }).map((v) => ({ top_k: v })),
  ), { nil: undefined }),
  toolChoice: fc.constantFrom(undefined, 'auto', 'none', 'required', 'named'),
  parallel: fc.option(fc.boolean(), { nil: undefined }),
  stop: fc.option(fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 4 })), { nil: undefined }),
  maxTokens: fc.option(fc.integer({ min: 16, max: 4000 }), { nil: undefined }),
  schema: fc.option(fc.boolean(), { nil: undefined }),
  user: fc.option(text, { nil: undefined }),
  stream: fc.boolean(),
  includeUsage: fc.boolean(),
  mentionTools: fc.boolean(),
}).map((g): Json => {
  const thinking = g.reasoning !== undefined && g.reasoning !== 'none';
  const tools = g.tools.map((name) => ({ type: 'function', function: { name, description: `Tool ${name}`, parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }));
  const messages: Json[] = [...(g.system ?? [])];
  let call = 0;
  for (const turn of g.turns) {
    messages.push({ role: 'user', content: turn.user });
    if (turn.reply.kind === 'tools' && tools.length > 0 && !thinking) {
      const calls = Array.from({ length: turn.reply.n }, (_, k) => ({ id: `call_${++call}`, type: 'function', function: { name: g.tools[k % g.tools.length]!, arguments: JSON.stringify({ q: `v${call}` }) } }));
      messages.push({ role: 'assistant', content: null, tool_calls: calls });
      for (const c of calls) messages.push({ role: 'tool', tool_call_id: c.id, content: `result ${c.id}` });
    } else {
      messages.push({ role: 'assistant', content: turn.reply.kind === 'text' ? turn.reply.t : 'Noted.' });
    }
  }
  // Naming the tools in the prompt makes the simulator call them (often several in parallel).
  const mention = g.mentionTools && g.tools.length ? [{ type: 'text', text: `Use ${g.tools.join(' and ')}.` }] : [];
  messages.push({ role: 'user', content: mention.length ? [...(typeof g.last === 'string' ? [{ type: 'text', text: g.last }] : g.last), ...mention] : g.last });
  const body: Json = { model: g.model, messages };
  if (tools.length) body.tools = tools;
  const choice = thinking && (g.toolChoice === 'required' || g.toolChoice === 'named') ? 'auto' : g.toolChoice;
  if (choice === 'named' && tools.length) body.tool_choice = { type: 'function', function: { name: g.tools[0] } };
  else if (choice && choice !== 'named' && (tools.length || choice === 'auto' || choice === 'none')) body.tool_choice = choice;
  if (g.parallel !== undefined && tools.length) body.parallel_tool_calls = g.parallel;
  if (g.reasoning) body.reasoning_effort = g.reasoning;
  if (g.sampling && !thinking) Object.assign(body, g.sampling);
  if (g.stop !== undefined) body.stop = g.stop;
  if (g.maxTokens !== undefined) body.max_completion_tokens = thinking ? 8192 + 1024 + g.maxTokens : g.maxTokens;
  if (g.schema !== undefined) body.response_format = { type: 'json_schema', json_schema: { name: 'answer', strict: g.schema, schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false } } };
  if (g.user !== undefined) body.user = g.user;
  if (g.stream) {
    body.stream = true;
    if (g.includeUsage) body.stream_options = { include_usage: true };
  }
  return body;
});

/** Things the gateway must refuse before calling Anthropic, each with the parameter its 400 names. */
const refusal = fc.constantFrom<[string, unknown]>(
  ['response_format', { type: 'json_object' }], ['n', 2], ['seed', 7], ['logprobs', true], ['presence_penalty', 0.4],
  ['temperature', 1.5], ['frobnicate', 1], ['prediction', { type: 'content', content: 'x' }], ['verbosity', 'high'],
  ['service_tier', 'flex'], ['modalities', ['text', 'audio']], ['top_logprobs', 3],
);

/** Anything: valid requests, requests with one refused parameter, and malformed bodies. */
const anyRequest: fc.Arbitrary<Scenario> = fc.oneof(
  { weight: 3, arbitrary: validRequest.map((body) => ({ body })) },
  { weight: 2, arbitrary: fc.tuple(validRequest, refusal).map(([body, [param, value]]) => ({ body: { ...body, [param]: value }, refusedParam: param })) },
  { weight: 1, arbitrary: fc.tuple(validRequest, fc.constantFrom('messages', 'tools', 'tool_choice', 'stop', 'max_tokens', 'temperature', 'reasoning_effort', 'response_format', 'stream'), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant({}), fc.constant([{}])))
    .map(([body, key, value]) => ({ body: { ...body, [key]: value, model: 'anthropic-main/claude-3-7-sonnet-20250219' } })) },
);

// ------------------------------------------------------------------ helpers

async function post(body: Json) {
  const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
  const textBody = await res.text();
  if (!body.stream || res.status !== 200) return { status: res.status, json: JSON.parse(textBody) as Json };
  const parser = new SseParser();
  const parsed = grammar.parseStream(parser.push(textBody), parser.end());
  return { status: res.status, parsed, chunks: parsed.chunks.filter((c): c is Json => c !== undefined) };
}

const textsOf = (content: unknown): string[] => (typeof content === 'string' ? [content] : Array.isArray(content) ? content.filter((p: Json) => p.type === 'text').map((p: Json) => p.text) : []);

/** Message texts in order, OpenAI side (system excluded) and Anthropic side. */
function openAITexts(messages: Json[]): string[] {
  return messages.filter((m) => m.role !== 'system' && m.role !== 'developer').flatMap((m) => textsOf(m.content));
}
function anthropicTexts(messages: Json[]): string[] {
  return messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [{ type: 'text', text: m.content }]).flatMap((b: Json) => {
    if (b.type === 'text') return [b.text];
    if (b.type === 'tool_result') return textsOf(b.content);
    return [];
  }));
}

function grammarViolations(parsed: grammar.ParsedStream, includeUsage: boolean) {
  return [
    ...grammar.checkFraming(parsed), ...grammar.checkRoleFirst(parsed), ...grammar.checkStableId(parsed),
    ...grammar.checkOneFinish(parsed), ...grammar.checkUsageChunk(parsed, includeUsage), ...grammar.checkDoneLast(parsed),
  ];
}

// ------------------------------------------------------------------ properties through the gateway

describe('anthropic properties (gateway + simulator)', () => {
  it('(a) totality: 200, or a 400 naming the reason; never a 5xx', async () => {
    await fc.assert(fc.asyncProperty(anyRequest, async ({ body, refusedParam }) => {
      const before = h.journal('anthropic').entries.length;
      const res = await post(body);
      expect([200, 400]).toContain(res.status);
      if (res.status === 400) {
        const error = res.json!.error as Json;
        expect(error.type).toBe('invalid_request_error');
        expect(typeof error.message === 'string' && error.message.length > 10).toBe(true);
      }
      if (refusedParam) {
        expect(res.status).toBe(400);
        expect(res.json!.error.param).toBe(refusedParam);
        expect(h.journal('anthropic').entries.length).toBe(before);
      }
    }), propertyParams(200));
  });

  it('(b) what reached Anthropic was accepted and carries system prompt, message texts in order and tool names', async () => {
    await fc.assert(fc.asyncProperty(validRequest, async (body) => {
      const before = h.journal('anthropic').entries.length;
      const res = await post(body);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const entries = h.journal('anthropic').entries;
      expect(entries.length).toBe(before + 1);
      const entry = entries[entries.length - 1]!;
      expect(entry.status).toBeGreaterThanOrEqual(200);
      expect(entry.status).toBeLessThan(300);
      const sent = entry.body as Json;
      expect(sent.model).toBe(String(body.model).split('/')[1]);
      const system = (body.messages as Json[]).filter((m) => m.role === 'system' || m.role === 'developer').flatMap((m) => textsOf(m.content));
      expect((sent.system ?? []).map((b: Json) => b.text)).toEqual(system);
      expect(anthropicTexts(sent.messages)).toEqual(openAITexts(body.messages));
      expect((sent.tools ?? []).map((t: Json) => t.name)).toEqual((body.tools ?? []).map((t: Json) => t.function.name));
      if (!body.stream) expect(validate('createChatCompletion', 200, 'application/json', res.json).violations).toEqual([]);
    }), propertyParams(200));
  });

  it('(c) every streamed chunk validates against spec/ and the stream grammar', async () => {
    await fc.assert(fc.asyncProperty(validRequest.map((b): Json => ({ ...b, stream: true })), async (body) => {
      const res = await post(body);
      expect(res.status).toBe(200);
      const includeUsage = body.stream_options?.include_usage === true;
      expect(grammarViolations(res.parsed!, includeUsage)).toEqual([]);
      for (const chunk of res.chunks!) expect(validateEvent('createChatCompletion', chunk).violations).toEqual([]);
      const finish = res.chunks!.flatMap((c) => c.choices.map((ch: Json) => ch.finish_reason)).filter(Boolean);
      if (finish[0] === 'tool_calls') expect(grammar.checkToolDeltas(res.parsed!, (body.tools ?? []).map((t: Json) => t.function.name)).violations).toEqual([]);
    }), propertyParams(200));
  });

  it('(d) parallel tool calls: distinct indexes 0..n-1 and ids; arguments are the JSON the upstream sent', async () => {
    // Function names from a vocabulary: the simulator picks the tools to call from the names the prompt
    // mentions, with heuristics of its own (a name like "call" or "a_a0" is not recognised), so the names
    // are realistic ones and the generated part is which of them, how many and in what order.
    const nouns = ['weather', 'forecast', 'stock_price', 'news', 'flights', 'hotels', 'exchange_rate', 'recipes', 'traffic', 'air_quality', 'population', 'timezone'];
    const functionName = fc.constantFrom(...nouns.flatMap((w) => [`get_${w}`, `find_${w}`]));
    const request = fc.uniqueArray(functionName, { minLength: 2, maxLength: 4 }).map((names) => ({
      model: 'anthropic-main/claude-sonnet-4-5',
      stream: true,
      messages: [{ role: 'user', content: `Use ${names.join(' and ')}.` }],
      tools: names.map((name) => ({ type: 'function', function: { name, parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] } } })),
    }));
    await fc.assert(fc.asyncProperty(request, async (body) => {
      const res = await post(body);
      expect(res.status).toBe(200);
      const { violations, calls } = grammar.checkToolDeltas(res.parsed!, body.tools.map((t) => t.function.name));
      expect(violations).toEqual([]);
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.map((c) => c.index)).toEqual(calls.map((_, i) => i));
      expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
      // Replay what the gateway sent straight to the simulator (deterministic) and read its tool inputs.
      const entry = h.journal('anthropic').last()!;
      const upstream = await h.simulators.anthropic!.fetch(new Request('https://api.anthropic.com/v1/messages', {
        method: 'POST', body: entry.rawBody,
        headers: { 'content-type': 'application/json', 'x-api-key': entry.headers['x-api-key']!, 'anthropic-version': entry.headers['anthropic-version']! },
      }));
      const parser = new SseParser();
      const inputs = new Map<number, { id: string; json: string }>();
      for (const ev of parser.push(await upstream.text())) {
        const data = JSON.parse(ev.data) as Json;
        if (data.type === 'content_block_start' && data.content_block.type === 'tool_use') inputs.set(data.index, { id: data.content_block.id, json: '' });
        if (data.type === 'content_block_delta' && data.delta.type === 'input_json_delta') inputs.get(data.index)!.json += data.delta.partial_json;
      }
      const upstreamCalls = [...inputs.values()];
      expect(calls.map((c) => c.id)).toEqual(upstreamCalls.map((u) => u.id));
      expect(calls.map((c) => JSON.parse(c.arguments))).toEqual(upstreamCalls.map((u) => JSON.parse(u.json || '{}')));
    }), propertyParams(200));
  });
});

// ------------------------------------------------------------------ (e) stream ≡ non-stream, translator only

/** The completion a client assembles from the chunks. */
function assemble(chunks: ChatChunk[]) {
  let content = '';
  let reasoning = '';
  const thinking: Json[] = [];
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  let finish: unknown;
  let usageOut: unknown;
  for (const chunk of chunks as Json[]) {
    if (chunk.usage) usageOut = chunk.usage;
    for (const choice of chunk.choices) {
      const d = choice.delta;
      content += d.content ?? '';
      reasoning += d.reasoning_content ?? '';
      thinking.push(...(d.thinking_blocks ?? []));
      for (const tc of d.tool_calls ?? []) {
        const call = calls.get(tc.index) ?? { id: tc.id, name: tc.function?.name, arguments: '' };
        call.arguments += tc.function?.arguments ?? '';
        calls.set(tc.index, call);
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  return { content, reasoning, thinking, calls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c), finish, usage: usageOut };
}

describe('anthropic properties (translator)', () => {
  it('(e) stream ≡ non-stream for the same upstream reply', () => {
    fc.assert(fc.property(anthropicReply, (r) => {
      const ctx = testContext({ stream: true, includeUsage: true });
      const done = anthropicTranslator.parseResponse(asMessage(r), ctx) as ChatCompletion & Json;
      const translator = anthropicTranslator.createStreamTranslator(ctx);
      const chunks = [...asEvents(r).flatMap((e) => translator.push({ kind: 'sse', event: e.type, data: JSON.stringify(e) })), ...translator.end()];
      const streamed = assemble(chunks);
      const message = done.choices[0].message;
      expect(streamed.content).toBe(message.content ?? '');
      expect(streamed.reasoning).toBe(message.reasoning_content ?? '');
      expect(streamed.thinking).toEqual(message.thinking_blocks ?? []);
      expect(streamed.calls.map((c) => [c.id, c.name, JSON.parse(c.arguments)])).toEqual((message.tool_calls ?? []).map((c: Json) => [c.id, c.function.name, JSON.parse(c.function.arguments)]));
      expect(streamed.finish).toBe(done.choices[0].finish_reason);
      expect(streamed.usage).toEqual(done.usage);
    }), propertyParams(200));
  });
});
