/**
 * Properties of the Azure OpenAI translation (fast-check, propertyParams(200) runs each).
 * Through the in-process gateway + Azure simulator: generated OpenAI chat requests are answered 200 or
 * a reasoned 400 (never 5xx), what reached Azure carries the request, every streamed chunk follows the
 * grammar, and streamed tool calls reassemble to what Azure sent. Directly on the translator: a
 * generated Azure reply and its equivalent event sequence translate to the same answer.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAzureResponse } from '../../gateway/providers/azure-openai/response.ts';
import { AzureStreamTranslator } from '../../gateway/providers/azure-openai/stream.ts';
import type { ChatContext } from '../../gateway/providers/types.ts';
import { readSse, type SseEvent } from '../../lib/sse.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { createGatewayHarness, type GatewayHarness } from '../../test/gateway-harness.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream } from '../chat/grammar.ts';
import { propertyParams } from './runs.ts';

type Json = Record<string, any>;

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PDF = 'data:application/pdf;base64,JVBERi0xLjQK';

// ------------------------------------------------------------------ request generator
const word = fc.constantFrom('river', 'lamp', 'Paris', 'weather', 'time', 'cat', 'report', 'ok', 'élan', '数据', 'why?', '42');
const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const marker = fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant({ type: 'ephemeral' }) });

const userPart = fc.oneof(
  { weight: 4, arbitrary: fc.record({ text, cache: marker }).map(({ text: t, cache }) => ({ type: 'text', text: t, ...(cache ? { cache_control: cache } : {}) })) },
  { weight: 1, arbitrary: fc.constantFrom({ type: 'image_url', image_url: { url: PNG } }, { type: 'image_url', image_url: { url: 'https://example.org/cat.png', detail: 'low' } }) },
  { weight: 1, arbitrary: fc.constant({ type: 'file', file: { filename: 'a.pdf', file_data: PDF } }) },
  { weight: 1, arbitrary: fc.constant({ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }) },
);
const userMessage = fc.oneof(
  text.map((t) => ({ role: 'user', content: t })),
  fc.array(userPart, { minLength: 1, maxLength: 3 }).chain((parts) => text.map((t) => ({ role: 'user', content: [{ type: 'text', text: t }, ...parts] }))),
);
const TOOL_NAMES = ['get_weather', 'get_time', 'lookup_city'];
const toolDef = (name: string) => ({ type: 'function', function: { name, description: `Tool ${name}`, parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } });

/** One earlier exchange: an assistant answer, or assistant tool calls and their results. */
const exchange = fc.oneof(
  fc.record({ t: text, reasoning: fc.boolean() }).map(({ t, reasoning }) => [{ role: 'assistant', content: t, ...(reasoning ? { reasoning_content: 'thinking…', thinking_blocks: [{ type: 'thinking', thinking: 'x', signature: 's' }] } : {}) }]),
  fc.record({ names: fc.uniqueArray(fc.constantFrom(...TOOL_NAMES), { minLength: 1, maxLength: 3 }), result: text, seq: fc.nat(9999) }).map(({ names, result, seq }) => {
    const ids = names.map((_, i) => `call_${seq}_${i}`);
    return [
      { role: 'assistant', content: null, tool_calls: names.map((name, i) => ({ id: ids[i], type: 'function', function: { name, arguments: JSON.stringify({ q: result }) }, extra_content: { google: { thought_signature: 'c2ln' } } })) },
      ...ids.map((id) => ({ role: 'tool', tool_call_id: id, content: result })),
    ];
  }),
);

const conversation = fc.record({
  system: fc.option(fc.record({ role: fc.constantFrom('system', 'developer'), content: text }), { nil: undefined }),
  turns: fc.array(fc.tuple(userMessage, exchange), { maxLength: 2 }),
  last: userMessage,
}).map(({ system, turns, last }) => [...(system ? [system] : []), ...turns.flatMap(([u, e]) => [u, ...e]), last] as Json[]);

const request = fc.record({
  reasoningModel: fc.boolean(),
  messages: conversation,
  stream: fc.boolean(),
  includeUsage: fc.boolean(),
  tools: fc.uniqueArray(fc.constantFrom(...TOOL_NAMES), { maxLength: 3 }),
  toolChoice: fc.constantFrom(undefined, 'none', 'auto', 'required', 'named'),
  responseFormat: fc.constantFrom(undefined, 'text', 'json_object', 'json_schema', 'json_schema_strict'),
  effort: fc.constantFrom(undefined, 'minimal', 'low', 'medium', 'high'),
  n: fc.constantFrom(undefined, 1, 2),
  stop: fc.constantFrom(undefined, 'END', ['END', '###']),
  maxTokens: fc.option(fc.integer({ min: 16, max: 200 }), { nil: undefined }),
  temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
  topP: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
}).map((r) => {
  const body: Json = { model: r.reasoningModel ? 'azure-main/o4-mini' : 'azure-main/gpt-4o-mini', messages: r.messages };
  if (r.stream) { body.stream = true; if (r.includeUsage) body.stream_options = { include_usage: true }; }
  if (r.tools.length) {
    body.tools = r.tools.map(toolDef);
    if (r.toolChoice === 'named') body.tool_choice = { type: 'function', function: { name: r.tools[0] } };
    else if (r.toolChoice) body.tool_choice = r.toolChoice;
  }
  if (r.responseFormat === 'text' || r.responseFormat === 'json_object') body.response_format = { type: r.responseFormat };
  if (r.responseFormat?.startsWith('json_schema')) {
    body.response_format = { type: 'json_schema', json_schema: { name: 'answer', strict: r.responseFormat === 'json_schema_strict', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false } } };
  }
  if (r.responseFormat === 'json_object') body.messages = [...body.messages, { role: 'user', content: 'Reply in JSON.' }];
  if (r.reasoningModel) {
    if (r.effort) body.reasoning_effort = r.effort;
    if (r.maxTokens) body.max_completion_tokens = r.maxTokens * 4;
  } else {
    if (r.n) body.n = r.n;
    if (r.stop) body.stop = r.stop;
    if (r.maxTokens) body.max_tokens = r.maxTokens;
    if (r.temperature !== undefined) body.temperature = r.temperature;
    if (r.topP !== undefined) body.top_p = r.topP;
  }
  return body;
});

// ------------------------------------------------------------------ helpers
/** The texts of a message list, in order (string content and text parts). */
function textsOf(messages: Json[]): string[] {
  return messages.flatMap((m) => (typeof m.content === 'string' ? [m.content] : Array.isArray(m.content) ? m.content.filter((p: Json) => p.type === 'text').map((p: Json) => p.text) : []));
}

async function eventsOf(body: ReadableStream<Uint8Array>): Promise<{ events: SseEvent[]; partial?: SseEvent }> {
  const events: SseEvent[] = [];
  let partial: SseEvent | undefined;
  for await (const ev of readSse(body, (p) => { partial = p; })) events.push(ev);
  return partial ? { events, partial } : { events };
}

/** Tool calls of choice 0 as Azure streamed them, by Azure's index. */
function upstreamToolCalls(events: SseEvent[]): { id: string; args: string }[] {
  const calls = new Map<number, { id: string; args: string }>();
  for (const e of events) {
    if (e.data === '[DONE]') continue;
    for (const c of (JSON.parse(e.data) as Json).choices ?? []) {
      if (c.index !== 0) continue;
      for (const tc of c.delta?.tool_calls ?? []) {
        const call = calls.get(tc.index) ?? { id: tc.id, args: '' };
        call.args += tc.function?.arguments ?? '';
        calls.set(tc.index, call);
      }
    }
  }
  return [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
}

describe('azure-openai properties (gateway + simulator)', () => {
  let h: GatewayHarness;
  beforeAll(() => { h = createGatewayHarness(); });
  const stats = { ok: 0, rejected: 0, streams: 0, toolStreams: 0 };

  it('every generated request: 200 or a reasoned 400; Azure got the request; chunks follow the grammar; tool calls reassemble to Azure\'s', async () => {
    await fc.assert(fc.asyncProperty(request, async (body) => {
      const journal = h.journal('azure-openai');
      const before = journal.entries.length;
      const response = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
      // (a) totality
      expect([200, 400]).toContain(response.status);
      if (response.status === 400) {
        const error = (await response.json() as Json).error;
        expect(validate('createChatCompletion', 400, 'application/json', { error }).violations).toEqual([]);
        expect(typeof error.message === 'string' && error.message.length > 10).toBe(true);
        stats.rejected++;
        return;
      }
      stats.ok++;
      // (b) what reached Azure: accepted, and carrying every message text in order, every tool, the system prompt
      expect(journal.entries.length).toBe(before + 1);
      const entry = journal.last()!;
      expect(entry.status).toBeGreaterThanOrEqual(200);
      expect(entry.status).toBeLessThan(300);
      const sent = entry.body as Json;
      expect(entry.path).toBe(`/openai/deployments/${(body.model as string).split('/')[1]}/chat/completions`);
      expect(textsOf(sent.messages)).toEqual(textsOf(body.messages));
      expect(sent.messages.map((m: Json) => m.role)).toEqual(body.messages.map((m: Json) => m.role));
      expect(JSON.stringify(sent)).not.toMatch(/cache_control|thinking_blocks|reasoning_content|extra_content/);
      expect((sent.tools ?? []).map((t: Json) => t.function.name)).toEqual((body.tools ?? []).map((t: Json) => t.function.name));
      if (!body.stream) {
        expect(validate('createChatCompletion', 200, 'application/json', await response.json()).violations).toEqual([]);
        return;
      }
      // (c) the stream follows the grammar, every chunk validates
      stats.streams++;
      const { events, partial } = await eventsOf(response.body!);
      for (const e of events) expect(validateEvent('createChatCompletion', e.data).violations).toEqual([]);
      const s = parseStream(events, partial);
      const includeUsage = body.stream_options?.include_usage === true;
      expect([...checkFraming(s), ...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)]).toEqual([]);
      // (d) streamed tool calls: distinct indexes and ids, arguments equal to what Azure sent (replayed: the simulator is deterministic)
      const hasToolCalls = s.chunks.some((c) => (c?.choices as Json[] | undefined)?.some((x) => x.index === 0 && x.delta?.tool_calls));
      if (!hasToolCalls) return;
      stats.toolStreams++;
      const { violations, calls } = checkToolDeltas(s, body.tools.map((t: Json) => t.function.name));
      // a reply cut by max tokens (finish_reason length) legitimately ends with incomplete arguments
      const cut = s.chunks.some((c) => (c?.choices as Json[] | undefined)?.some((x) => x.index === 0 && x.finish_reason === 'length'));
      expect(violations.filter((v) => !(cut && (v.rule === 'chat.tool-args-json' || v.rule === 'chat.tool-finish')))).toEqual([]);
      expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
      expect(calls.map((c) => c.index)).toEqual(calls.map((_, i) => i));
      const replay = await h.simulators['azure-openai']!.fetch(new Request(`https://replay.openai.azure.com${entry.path}${entry.search}`, { method: 'POST', headers: { 'content-type': 'application/json', 'api-key': entry.headers['api-key']! }, body: entry.rawBody }));
      const upstream = upstreamToolCalls((await eventsOf(replay.body!)).events);
      expect(calls.map((c) => ({ id: c.id, args: c.arguments }))).toEqual(upstream);
    }), propertyParams(200));
    // the property is not vacuous: most generated requests are answered, streams and streamed tool calls occur
    expect(stats.ok).toBeGreaterThan(stats.rejected);
    expect(stats.streams).toBeGreaterThan(20);
    expect(stats.toolStreams).toBeGreaterThan(5);
  });
});

// ------------------------------------------------------------------ (e) stream ≡ non-stream, on the translator alone
const ctxFor = (stream: boolean, includeUsage: boolean): ChatContext => ({
  account: { name: 'azure-prop', provider: 'azure-openai', baseURL: 'https://p.openai.azure.com', apiKey: 'k', apiVersion: '2025-04-01-preview', models: new Set(['dep']) },
  model: 'dep', requestedModel: 'azure-prop/dep', requestId: 'req', completionId: 'chatcmpl-prop', created: 1_700_000_000, stream, includeUsage,
});

const argsJson = fc.dictionary(fc.constantFrom('city', 'q', 'n', 'tz'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }).map((o) => JSON.stringify(o));
const replyChoice = fc.oneof(
  fc.record({ content: fc.string({ minLength: 1, maxLength: 40 }), finish: fc.constantFrom('stop', 'length', 'content_filter'), calls: fc.constant([] as { name: string; args: string }[]) }),
  fc.record({ content: fc.constant(null), finish: fc.constant('tool_calls'), calls: fc.array(fc.record({ name: fc.constantFrom(...TOOL_NAMES), args: argsJson }), { minLength: 1, maxLength: 3 }) }),
);
const reply = fc.record({
  choices: fc.array(replyChoice, { minLength: 1, maxLength: 2 }),
  usage: fc.record({ prompt_tokens: fc.nat(5000), completion_tokens: fc.nat(500), cached: fc.nat(100), reasoning: fc.nat(100) }),
  cuts: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
});

/** Split a string into 1..k fragments at seeded positions. */
function fragments(text: string, seed: number): string[] {
  if (text.length <= 1) return [text];
  const parts = 1 + (seed % Math.min(4, text.length));
  const out: string[] = [];
  let at = 0;
  for (let i = 1; i <= parts; i++) {
    const end = i === parts ? text.length : Math.max(at + 1, Math.floor((text.length * i) / parts));
    out.push(text.slice(at, end));
    at = end;
  }
  return out.filter((p) => p !== '');
}

type Reply = { choices: { content: string | null; finish: string; calls: { name: string; args: string }[] }[]; usage: Json; cuts: number[] };

function azureJson(r: Reply): Json {
  return {
    id: 'chatcmpl-up', object: 'chat.completion', created: 1, model: 'gpt-4o-2024-08-06', prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
    choices: r.choices.map((c, index) => ({ index, finish_reason: c.finish, logprobs: null, content_filter_results: {}, message: { role: 'assistant', content: c.content,
      ...(c.calls.length ? { tool_calls: c.calls.map((t, i) => ({ id: `call_${index}_${i}`, type: 'function', function: { name: t.name, arguments: t.args } })) } : {}) } })),
    usage: { prompt_tokens: r.usage.prompt_tokens, completion_tokens: r.usage.completion_tokens, total_tokens: r.usage.prompt_tokens + r.usage.completion_tokens,
      prompt_tokens_details: { cached_tokens: r.usage.cached }, completion_tokens_details: { reasoning_tokens: r.usage.reasoning } },
  };
}

function azureEvents(r: Reply): string[] {
  const json = azureJson(r);
  const env = { id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-2024-08-06' };
  const chunk = (index: number, delta: Json, finish: string | null = null) => JSON.stringify({ ...env, choices: [{ index, delta, finish_reason: finish, logprobs: null, content_filter_results: {} }] });
  const out = [JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: json.prompt_filter_results })];
  r.choices.forEach((c, index) => {
    if (c.calls.length) {
      c.calls.forEach((t, i) => {
        const [first = '', ...rest] = fragments(t.args, r.cuts[i]! + index);
        out.push(chunk(index, { ...(i === 0 ? { role: 'assistant', content: null } : {}), tool_calls: [{ index: i, id: `call_${index}_${i}`, type: 'function', function: { name: t.name, arguments: '' } }] }));
        for (const piece of [first, ...rest]) if (piece) out.push(chunk(index, { tool_calls: [{ index: i, function: { arguments: piece } }] }));
      });
    } else {
      out.push(chunk(index, { role: 'assistant', content: '', refusal: null }));
      for (const piece of fragments(c.content!, r.cuts[index]!)) out.push(chunk(index, { content: piece }));
    }
    out.push(chunk(index, {}, c.finish));
  });
  out.push(JSON.stringify({ ...env, choices: [], usage: json.usage }), '[DONE]');
  return out;
}

/** Content, tool calls (by index), finish reason per choice, and usage of a translated stream. */
function assemble(chunks: Json[]) {
  type Assembled = { content: string; finish?: string; calls: Map<number, { id: string; name: string; args: string }> };
  const choices = new Map<number, Assembled>();
  let usage: Json | undefined;
  for (const c of chunks) {
    if (c.usage) usage = c.usage;
    for (const x of c.choices) {
      const st: Assembled = choices.get(x.index) ?? { content: '', calls: new Map() };
      choices.set(x.index, st);
      st.content += x.delta.content ?? '';
      if (x.finish_reason) st.finish = x.finish_reason;
      for (const tc of x.delta.tool_calls ?? []) {
        const call = st.calls.get(tc.index) ?? { id: tc.id, name: tc.function?.name, args: '' };
        call.args += tc.function?.arguments ?? '';
        st.calls.set(tc.index, call);
      }
    }
  }
  return { choices, usage };
}

describe('azure-openai properties (translator alone)', () => {
  it('(e) stream ≡ non-stream: the same Azure reply as JSON and as events gives the same content, tool calls, finish and usage', () => {
    fc.assert(fc.property(reply, fc.boolean(), (r, includeUsage) => {
      const whole = parseAzureResponse(azureJson(r), ctxFor(false, false)) as Json;
      const t = new AzureStreamTranslator(ctxFor(true, includeUsage));
      const chunks = [...azureEvents(r).flatMap((data) => t.push({ kind: 'sse', data })), ...t.end()] as Json[];
      for (const c of chunks) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
      const s = parseStream(chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })).concat({ data: '[DONE]', raw: '' }));
      expect([...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)]).toEqual([]);
      const streamed = assemble(chunks);
      expect(streamed.choices.size).toBe(whole.choices.length);
      for (const choice of whole.choices as Json[]) {
        const st = streamed.choices.get(choice.index)!;
        expect(st.content).toBe(choice.message.content ?? '');
        expect(st.finish).toBe(choice.finish_reason);
        expect([...st.calls.entries()].map(([i, c]) => [i, c.id, c.name, c.args]))
          .toEqual((choice.message.tool_calls ?? []).map((c: Json, i: number) => [i, c.id, c.function.name, c.function.arguments]));
      }
      if (includeUsage) expect(streamed.usage).toEqual(whole.usage);
      else expect(streamed.usage).toBeUndefined();
    }), propertyParams(200));
  });
});
