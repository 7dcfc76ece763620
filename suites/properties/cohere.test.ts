// Properties of the Cohere translator, through the in-process gateway and the Cohere simulator (a black box)
// and, for stream ≡ non-stream, on the translator alone with generated Cohere replies:
//   (a) totality: any request is answered 200 or 400 with a message naming the reason — never 5xx, never a throw
//   (b) what reached Cohere was accepted and carries every message text in order, the system prompt, every tool
//   (c) every streamed chunk validates against spec/ and the stream grammar
//   (d) tool calls keep distinct indexes and ids, and their arguments are what Cohere sent
//   (e) the stream and the JSON form of one Cohere reply translate to the same content, reasoning, calls, finish, usage
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohereTranslator } from '../../gateway/providers/cohere/index.ts';
import type { ChatContext, UpstreamFrame } from '../../gateway/providers/types.ts';
import { readSse, type SseEvent } from '../../lib/sse.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { createGatewayHarness, type GatewayHarness } from '../../test/gateway-harness.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream, type ParsedStream } from '../chat/grammar.ts';
import { LONG_MODE, propertyParams } from './runs.ts';

type Json = Record<string, unknown>;
const MODELS = { chat: 'cohere-main/command-a-03-2025', reasoning: 'cohere-main/command-a-reasoning-08-2025', vision: 'cohere-main/command-a-vision-07-2025' } as const;
/** vitest's per-test limit, scaled with the number of cases (10× in long mode). */
const TIMEOUT = LONG_MODE ? 600_000 : 60_000;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

// ------------------------------------------------------------------ generators of OpenAI requests

const WORDS = ['weather', 'time', 'in', 'and', 'the', 'Paris', 'Tokyo', 'order', 'status', 'please', 'what', 'is', 'docs', 'search', 'city', 'zone', 'ünïcode', '東京', 'x'];
const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const textParts = fc.array(text.map((t) => ({ type: 'text', text: t })), { minLength: 1, maxLength: 2 });
const content = fc.oneof(text, textParts);
/** Free text, or a question that makes Cohere call two tools at once when both are declared. */
const prompt = fc.oneof({ weight: 2, arbitrary: text }, { weight: 1, arbitrary: fc.constant('What is the weather in Paris and the time in Tokyo?') });

const TOOL_NAMES = ['get_weather', 'get_time', 'lookup_order', 'search_docs'];
const tools = fc.oneof(fc.subarray(TOOL_NAMES, { minLength: 1 }), fc.constant(['get_weather', 'get_time'])).chain((names) => fc.tuple(
  fc.constant(names),
  fc.array(fc.constantFrom('city', 'zone', 'id', 'query', 'limit'), { minLength: 0, maxLength: 3 }),
  fc.boolean(),
  fc.boolean(),
).map(([ns, props, strict, describe]) => ns.map((name) => {
  const properties = Object.fromEntries([...new Set(props)].map((p) => [p, { type: p === 'limit' ? 'integer' : 'string' }]));
  return { type: 'function', function: { name, ...(describe ? { description: `Tool ${name}` } : {}), parameters: { type: 'object', properties, required: Object.keys(properties) }, ...(strict ? { strict: true } : {}) } };
})));

const weatherAndTime = [
  { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function', function: { name: 'get_time', description: 'Current time in a time zone', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } } },
];

const args = fc.dictionary(fc.constantFrom('city', 'zone', 'id', 'q'), fc.oneof(text, fc.integer({ min: 0, max: 99 })), { maxKeys: 3 }).map((a) => JSON.stringify(a));

/** An assistant turn calling some declared tools, followed by one result per call. */
function toolTurn(names: string[], reasoning: boolean, turn: number) {
  return fc.tuple(fc.array(fc.tuple(fc.constantFrom(...names), args), { minLength: 1, maxLength: 3 }), fc.option(text, { nil: undefined }), reasoning ? fc.option(text, { nil: undefined }) : fc.constant(undefined), fc.array(text, { minLength: 3, maxLength: 3 }))
    .map(([calls, plan, thinking, results]) => {
      const toolCalls = calls.map(([name, a], k) => ({ id: `call_${turn}_${k}`, type: 'function', function: { name, arguments: a } }));
      return [
        { role: 'assistant', content: plan ?? null, ...(thinking ? { reasoning_content: thinking } : {}), tool_calls: toolCalls },
        ...toolCalls.map((c, k) => ({ role: 'tool', tool_call_id: c.id, content: k % 2 ? [{ type: 'text', text: results[k]! }] : results[k]! })),
      ];
    });
}

const imagePart = fc.constantFrom(
  { type: 'image_url', image_url: { url: 'https://cohere.com/favicon-32x32.png' } },
  { type: 'image_url', image_url: { url: 'https://example.org/cat.jpg', detail: 'low' } },
  { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', detail: 'high' } },
);

/** A conversation Cohere accepts: leading system turns, then user turns with assistant answers or tool turns between. */
function conversation(kind: keyof typeof MODELS, toolNames: string[]) {
  const user = kind === 'vision'
    ? fc.oneof(prompt.map((t) => ({ role: 'user', content: t })), fc.tuple(textParts, fc.array(imagePart, { minLength: 1, maxLength: 2 })).map(([t, i]) => ({ role: 'user', content: [...t, ...i] })))
    : fc.oneof(prompt, textParts).map((c) => ({ role: 'user', content: c }));
  const system = fc.array(fc.tuple(fc.constantFrom('system', 'developer'), content).map(([role, c]) => ({ role, content: c })), { maxLength: 2 });
  const between = (turn: number) => (toolNames.length
    ? fc.oneof(content.map((c) => [{ role: 'assistant', content: c }]), toolTurn(toolNames, kind === 'reasoning', turn))
    : content.map((c) => [{ role: 'assistant', content: c }]));
  return fc.tuple(system, fc.integer({ min: 1, max: 3 })).chain(([sys, turns]) => fc.tuple(
    fc.constant(sys),
    fc.tuple(...Array.from({ length: turns }, (_, t) => fc.tuple(user, t < turns - 1 ? between(t) : fc.constant([])))),
    toolNames.length ? fc.option(toolTurn(toolNames, kind === 'reasoning', 9), { nil: undefined }) : fc.constant(undefined),
  )).map(([sys, exchanges, tail]) => [...sys, ...exchanges.flatMap(([u, b]) => [u, ...b]), ...(tail ?? [])]);
}

const sampling = fc.record({
  temperature: fc.double({ min: 0, max: 1, noNaN: true }),
  top_p: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1000 }),
  max_completion_tokens: fc.integer({ min: 16, max: 400 }),
  stop: fc.oneof(fc.constantFrom('###'), fc.array(fc.constantFrom('###', 'END', 'zz'), { minLength: 1, maxLength: 4 })),
  n: fc.constant(1),
  frequency_penalty: fc.double({ min: 0, max: 1, noNaN: true }),
}, { requiredKeys: [] });

const responseFormat = fc.constantFrom(
  { type: 'text' },
  { type: 'json_object' },
  { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } } },
  { type: 'json_schema', json_schema: { name: 'answer', strict: true, description: 'An answer', schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } },
);

/** A chat request the gateway must map and Cohere must accept. */
const validRequest = fc.constantFrom<keyof typeof MODELS>('chat', 'reasoning', 'vision').chain((kind) => (kind === 'vision' ? fc.constant([] as Json[]) : fc.option(tools, { nil: undefined }).map((t) => t ?? []))
  .chain((toolList) => {
    const names = toolList.map((t) => (t.function as Json).name as string);
    return fc.record({
      messages: conversation(kind, names),
      sampling,
      stream: fc.boolean(),
      includeUsage: fc.boolean(),
      toolChoice: toolList.length ? fc.option(fc.constantFrom('auto', 'none', 'required'), { nil: undefined }) : fc.constant(undefined),
      responseFormat: toolList.length ? fc.constant(undefined) : fc.option(responseFormat, { nil: undefined }),
      effort: kind === 'reasoning' ? fc.option(fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh'), { nil: undefined }) : fc.constant(undefined),
      parallel: toolList.length ? fc.option(fc.constant(true), { nil: undefined }) : fc.constant(undefined),
    }).map((r): Json => ({
      model: MODELS[kind],
      messages: r.messages,
      ...r.sampling,
      ...(toolList.length ? { tools: toolList } : {}),
      ...(r.toolChoice ? { tool_choice: r.toolChoice } : {}),
      ...(r.parallel ? { parallel_tool_calls: true } : {}),
      ...(r.responseFormat ? { response_format: r.responseFormat } : {}),
      ...(r.effort ? { reasoning_effort: r.effort } : {}),
      ...(r.stream ? { stream: true, ...(r.includeUsage ? { stream_options: { include_usage: true } } : {}) } : {}),
    }));
  }));

const msgs = (b: Json): unknown[] => (Array.isArray(b.messages) ? b.messages : []);
/** Changes that must be refused by the gateway (400) or by Cohere (relayed 400): never a 5xx. */
const mutation = fc.oneof(
  fc.constant((b: Json) => ({ ...b, n: 2 })),
  fc.constant((b: Json) => ({ ...b, logprobs: true, top_logprobs: 2 })),
  fc.constant((b: Json) => ({ ...b, thinking: { type: 'enabled', budget_tokens: 100 } })),
  fc.constant((b: Json) => ({ ...b, prompt_cache_key: 'k' })),
  fc.constant((b: Json) => ({ ...b, temperature: 1.9 })),
  fc.constant((b: Json) => ({ ...b, tool_choice: { type: 'function', function: { name: 'get_weather' } } })),
  fc.constant((b: Json) => ({ ...b, messages: [...msgs(b), { role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=' } }] }] })),
  fc.constant((b: Json) => ({ ...b, messages: [...msgs(b), { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }] }] })),
  fc.constant((b: Json) => ({ ...b, messages: [{ role: 'user', content: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }] }] })),
  fc.constant((b: Json) => ({ ...b, messages: [...msgs(b), { role: 'developer', content: 'late instructions' }, { role: 'user', content: 'go' }] })),
  fc.constant((b: Json) => ({ ...b, messages: [{ role: 'user', content: 'a', name: 'alice' }] })),
  fc.constant((b: Json) => ({ ...b, parallel_tool_calls: false })),
  fc.constant((b: Json) => ({ ...b, reasoning_effort: 'high', model: MODELS.chat })),
  fc.tuple(fc.constantFrom('messages', 'tools', 'tool_choice', 'response_format', 'stop', 'max_tokens', 'temperature', 'reasoning_effort', 'top_p', 'seed', 'mystery'), fc.jsonValue({ maxDepth: 2 }))
    .map(([key, value]) => (b: Json) => ({ ...b, [key]: value })),
);

// ------------------------------------------------------------------ helpers

async function sse(res: Response): Promise<ParsedStream> {
  const events: SseEvent[] = [];
  let partial: SseEvent | undefined;
  for await (const ev of readSse(res.body!, (p) => { partial = p; })) events.push(ev);
  return parseStream(events, partial);
}

function streamViolations(s: ParsedStream, includeUsage: boolean): string[] {
  const schema = s.events.flatMap((e) => validateEvent('createChatCompletion', e.data).violations);
  return [...schema, ...checkFraming(s), ...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, includeUsage), ...checkDoneLast(s)].map((v) => v.message);
}

const partsText = (c: unknown): string => (typeof c === 'string' ? c : Array.isArray(c) ? c.filter((p) => isObject(p) && p.type === 'text').map((p) => (p as Json).text).join('') : '');

/** Each OpenAI message's text as it must arrive at Cohere (assistant text beside tool calls is the tool plan). */
function expectedTexts(messages: Json[]): string[] {
  return messages.map((m) => partsText(m.content));
}

function cohereTexts(messages: Json[]): string[] {
  return messages.map((m) => (m.role === 'assistant' ? (typeof m.tool_plan === 'string' ? m.tool_plan : '') + partsText(m.content) : partsText(m.content)));
}

/** The calls Cohere itself answers to a body (the simulator is deterministic), in Cohere order. */
async function upstreamCalls(h: GatewayHarness, body: Json): Promise<{ id: string; name: string; arguments: string }[]> {
  const res = await h.simulators.cohere!.fetch(new Request('http://mock.test/v2/chat', { method: 'POST', headers: { authorization: 'Bearer touchstone-cohere-0001', 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  if (body.stream !== true) {
    const json = await res.json() as { message: { tool_calls?: { id: string; function: { name: string; arguments: string } }[] } };
    return (json.message.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
  }
  const calls: { id: string; name: string; arguments: string }[] = [];
  for await (const ev of readSse(res.body!)) {
    const e = JSON.parse(ev.data) as { type: string; index: number; delta?: { message?: { tool_calls?: { id?: string; function?: { name?: string; arguments?: string } } } } };
    const tc = e.delta?.message?.tool_calls;
    if (e.type === 'tool-call-start') calls[e.index] = { id: tc!.id!, name: tc!.function!.name!, arguments: tc!.function!.arguments ?? '' };
    if (e.type === 'tool-call-delta') calls[e.index]!.arguments += tc?.function?.arguments ?? '';
  }
  return calls;
}

// ------------------------------------------------------------------ properties through the gateway

describe('cohere properties through the gateway', () => {
  const h = createGatewayHarness();

  it('(b)(c)(d) valid requests: 200, Cohere accepted what it got, content in order, chunks valid, calls as Cohere sent them', async () => {
    await fc.assert(fc.asyncProperty(validRequest, async (body) => {
      const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
      const entry = h.journal('cohere').last()!;
      if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}\nsent: ${JSON.stringify(entry.body)}`);
      expect(entry.status).toBeGreaterThanOrEqual(200);
      expect(entry.status).toBeLessThan(300);
      const sent = entry.body as Json;
      const messages = body.messages as Json[];
      const upstreamMessages = sent.messages as Json[];
      expect(sent.model).toBe((body.model as string).split('/')[1]);
      expect(upstreamMessages.map((m) => m.role)).toEqual(messages.map((m) => (m.role === 'developer' ? 'system' : m.role)));
      expect(cohereTexts(upstreamMessages)).toEqual(expectedTexts(messages));
      messages.forEach((m, i) => {
        if (typeof m.reasoning_content === 'string') expect(upstreamMessages[i]!.content).toEqual([{ type: 'thinking', thinking: m.reasoning_content }]);
        if (m.role === 'tool') expect(upstreamMessages[i]!.tool_call_id).toBe(m.tool_call_id);
      });
      expect(((sent.tools as Json[] | undefined) ?? []).map((t) => (t.function as Json).name)).toEqual(((body.tools as Json[] | undefined) ?? []).map((t) => (t.function as Json).name));
      let calls: { id?: unknown; name?: unknown; arguments: string; index?: number }[];
      if (body.stream === true) {
        const s = await sse(res);
        const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
        expect(streamViolations(s, includeUsage)).toEqual([]);
        const hasTools = s.chunks.some((c) => ((c?.choices as Json[] | undefined) ?? []).some((ch) => Array.isArray((ch.delta as Json).tool_calls)));
        calls = [];
        if (hasTools) {
          const checked = checkToolDeltas(s, ((body.tools as Json[]) ?? []).map((t) => (t.function as Json).name as string));
          // Cut off by max_tokens, a call's arguments may be incomplete and the finish is "length" (as at OpenAI).
          const cut = s.chunks.some((c) => ((c?.choices as Json[] | undefined) ?? []).some((ch) => ch.finish_reason === 'length'));
          const allowed = cut ? ['chat.tool-args-json', 'chat.tool-finish'] : [];
          expect(checked.violations.filter((v) => !allowed.includes(v.rule ?? '')).map((v) => v.message)).toEqual([]);
          calls = checked.calls;
          expect(calls.map((c) => c.index)).toEqual(calls.map((_, i) => i));
        }
      } else {
        const json = await res.json() as { choices: { message: { tool_calls?: { id: string; function: { name: string; arguments: string } }[] } }[] };
        expect(validate('createChatCompletion', 200, res.headers.get('content-type'), json).violations).toEqual([]);
        calls = (json.choices[0]!.message.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
      }
      expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
      if (calls.length) {
        const upstream = await upstreamCalls(h, sent);
        expect(calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }))).toEqual(upstream);
      }
    }), propertyParams(200));
  }, TIMEOUT);

  it('(d) parallel tool calls: distinct indexes and ids, arguments exactly as Cohere sent them', async () => {
    const parallelRequest = fc.tuple(fc.constantFrom<'chat' | 'reasoning'>('chat', 'reasoning'), tools, fc.boolean(), fc.option(fc.constantFrom('auto', 'required'), { nil: undefined }))
      .chain(([kind, extra, stream, choice]) => {
        // Cohere's strict_tools covers every tool of a request: the two known tools follow the generated ones.
        const strict = extra.some((t) => (t.function as Json).strict === true);
        const known = weatherAndTime.map((t) => ({ ...t, function: { ...t.function, ...(strict ? { strict: true } : {}) } }));
        const declared = [...new Map([...extra, ...known].map((t) => [(t.function as Json).name, t])).values()];
        return conversation(kind, declared.map((t) => (t.function as Json).name as string)).map((messages): Json => ({
          model: MODELS[kind], tools: declared, messages: [...messages, { role: 'user', content: 'What is the weather in Paris and the time in Tokyo?' }],
          ...(choice ? { tool_choice: choice } : {}), ...(stream ? { stream: true } : {}),
        }));
      });
    await fc.assert(fc.asyncProperty(parallelRequest, async (body) => {
      const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      let calls: { index: number; id?: unknown; name?: unknown; arguments: string }[];
      if (body.stream === true) {
        const s = await sse(res);
        expect(streamViolations(s, false)).toEqual([]);
        const checked = checkToolDeltas(s, (body.tools as Json[]).map((t) => (t.function as Json).name as string));
        expect(checked.violations.map((v) => v.message)).toEqual([]);
        calls = checked.calls;
      } else {
        const json = await res.json() as { choices: { finish_reason: string; message: { tool_calls: { id: string; function: { name: string; arguments: string } }[] } }[] };
        expect(json.choices[0]!.finish_reason).toBe('tool_calls');
        calls = json.choices[0]!.message.tool_calls.map((c, index) => ({ index, id: c.id, name: c.function.name, arguments: c.function.arguments }));
      }
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.map((c) => c.index)).toEqual(calls.map((_, i) => i));
      expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
      const upstream = await upstreamCalls(h, h.journal('cohere').last()!.body as Json);
      expect(calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }))).toEqual(upstream);
      for (const c of calls) expect(JSON.parse(c.arguments)).toEqual(JSON.parse(upstream[c.index]!.arguments));
    }), propertyParams(200));
  }, TIMEOUT);

  it('(a) totality: any request is answered 200 or 400 with a message, never 5xx', async () => {
    const anyRequest = fc.oneof(
      { weight: 1, arbitrary: validRequest },
      { weight: 3, arbitrary: fc.tuple(validRequest, fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([b, ms]) => ms.reduce((acc, m) => m(acc), b)) },
    );
    await fc.assert(fc.asyncProperty(anyRequest, async (body) => {
      const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
      if (res.status === 200) {
        if (body.stream === true) await sse(res); else await res.json();
        return;
      }
      const text = await res.text();
      expect([400], `status ${res.status}: ${text}`).toContain(res.status);
      const { error } = JSON.parse(text) as { error: { message: string; type: string } };
      expect(error.type).toBe('invalid_request_error');
      expect(error.message.length).toBeGreaterThan(10);
    }), propertyParams(200));
  }, TIMEOUT);
});

// ------------------------------------------------------------------ (e) stream ≡ non-stream on the translator alone

interface Reply {
  thinking: string[];
  plan: string[];
  text: string[];
  calls: { id: string; name: string; pieces: string[] }[];
  finish: 'COMPLETE' | 'STOP_SEQUENCE' | 'MAX_TOKENS' | 'TOOL_CALL';
  usage: Json;
}

const piece = fc.string({ minLength: 1, maxLength: 8 });
/** A JSON string cut into fragments at arbitrary places. */
const fragmented = fc.tuple(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ v })), fc.array(fc.nat(), { maxLength: 4 })).map(([json, cuts]) => {
  const at = [...new Set(cuts.map((c) => c % (json.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i, all) => json.slice(start, all[i + 1] ?? json.length));
});
const reply: fc.Arbitrary<Reply> = fc.record({
  thinking: fc.array(piece, { maxLength: 4 }),
  plan: fc.array(piece, { maxLength: 3 }),
  text: fc.array(piece, { maxLength: 5 }),
  calls: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z_]{1,6}[0-9]{1,4}$/), name: fc.constantFrom(...TOOL_NAMES), pieces: fragmented }), { maxLength: 3, selector: (c) => c.id }),
  finish: fc.constantFrom('COMPLETE', 'STOP_SEQUENCE', 'MAX_TOKENS', 'TOOL_CALL'),
  usage: fc.record({ billed_units: fc.record({ input_tokens: fc.nat(5000), output_tokens: fc.nat(5000) }), tokens: fc.record({ input_tokens: fc.nat(5000), output_tokens: fc.nat(5000) }), cached_tokens: fc.nat(100) }, { requiredKeys: [] }),
});

function asJson(r: Reply): Json {
  return {
    id: 'reply', finish_reason: r.finish, usage: r.usage,
    message: {
      role: 'assistant',
      content: [...r.thinking.map((t) => ({ type: 'thinking', thinking: t })), ...r.text.map((t) => ({ type: 'text', text: t }))],
      ...(r.plan.length ? { tool_plan: r.plan.join('') } : {}),
      ...(r.calls.length ? { tool_calls: r.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.pieces.join('') } })) } : {}),
    },
  };
}

function asEvents(r: Reply): UpstreamFrame[] {
  const ev = (type: string, rest: Json = {}): UpstreamFrame => ({ kind: 'sse', event: type, data: JSON.stringify({ type, ...rest }) });
  const out = [ev('message-start', { id: 'reply', delta: { message: { role: 'assistant' } } })];
  let block = 0;
  if (r.thinking.length) {
    out.push(ev('content-start', { index: block, delta: { message: { content: { type: 'thinking', thinking: '' } } } }));
    for (const t of r.thinking) out.push(ev('content-delta', { index: block, delta: { message: { content: { thinking: t } } } }));
    out.push(ev('content-end', { index: block++ }));
  }
  for (const p of r.plan) out.push(ev('tool-plan-delta', { delta: { message: { tool_plan: p } } }));
  r.calls.forEach((c, i) => {
    out.push(ev('tool-call-start', { index: i, delta: { message: { tool_calls: { id: c.id, type: 'function', function: { name: c.name, arguments: '' } } } } }));
    for (const p of c.pieces) out.push(ev('tool-call-delta', { index: i, delta: { message: { tool_calls: { function: { arguments: p } } } } }));
    out.push(ev('tool-call-end', { index: i }));
  });
  if (r.text.length) {
    out.push(ev('content-start', { index: block, delta: { message: { content: { type: 'text', text: '' } } } }));
    for (const t of r.text) out.push(ev('content-delta', { index: block, delta: { message: { content: { text: t } } } }));
    out.push(ev('content-end', { index: block }));
  }
  out.push(ev('message-end', { delta: { finish_reason: r.finish, usage: r.usage } }));
  return out;
}

const context = (stream: boolean): ChatContext => ({
  account: { name: 'cohere-prop', provider: 'cohere', baseURL: 'https://api.cohere.test', apiKey: 'k', models: new Set(['command-a-03-2025']) },
  model: 'command-a-03-2025', requestedModel: 'cohere-prop/command-a-03-2025', requestId: 'req', completionId: 'chatcmpl-prop', created: 1, stream, includeUsage: stream,
});

describe('cohere stream ≡ non-stream (translator only)', () => {
  it('(e) one Cohere reply, streamed or not, gives the same content, reasoning, tool calls, finish and usage', () => {
    fc.assert(fc.property(reply, (r) => {
      const done = cohereTranslator.parseResponse(asJson(r), context(false)) as { choices: { message: Json; finish_reason: string }[]; usage: Json };
      const translator = cohereTranslator.createStreamTranslator(context(true));
      const chunks = [...asEvents(r).flatMap((f) => translator.push(f)), ...translator.end()];
      const s = parseStream([...chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })), { data: '[DONE]', raw: '' }]);
      expect(streamViolations(s, true)).toEqual([]);
      const deltas = chunks.flatMap((c) => (c.choices as Json[]).map((ch) => ch.delta as Json));
      const join = (field: string) => deltas.map((d) => (typeof d[field] === 'string' ? d[field] : '')).join('');
      const message = done.choices[0]!.message;
      expect(join('content')).toBe(message.content ?? '');
      expect(join('reasoning_content')).toBe(message.reasoning_content ?? '');
      const streamed = r.calls.length ? checkToolDeltas(s, TOOL_NAMES).calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) : undefined;
      expect(streamed).toEqual(message.tool_calls);
      const finishes = chunks.flatMap((c) => (c.choices as Json[]).map((ch) => ch.finish_reason)).filter(Boolean);
      expect(finishes).toEqual([done.choices[0]!.finish_reason]);
      expect(chunks.at(-1)!.usage).toEqual(done.usage);
    }), propertyParams(200));
  }, TIMEOUT);
});
