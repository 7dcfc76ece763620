// Property tests of the Bedrock translation (fast-check, propertyParams(200) each; 10x with TOUCHSTONE_LONG=1).
// Through the gateway and the Bedrock simulator, generated OpenAI chat requests (every role and part type
// Bedrock takes, tools, tool_choice, response_format, reasoning, stop, n, sampling, streaming):
//   (a) totality: 200, or a 400 whose message names the reason — never a 5xx, never a thrown error;
//   (b) what reached the simulator was accepted (2xx) and carries the model, system prompt, every message
//       text in order and every tool name;
//   (c) every chunk validates against spec/ and the stream grammar holds;
//   (d) tool calls keep distinct indexes and ids and their arguments reassemble to the JSON the upstream sent
//       (the gateway's upstream answers are tapped: Converse JSON, or the eventstream decoded independently).
// Driving the translator directly with generated Converse replies and their event sequences:
//   (e) stream ≡ non-stream: content, reasoning, thinking blocks, tool calls per index, finish_reason and
//       usage agree — also when the encoded eventstream bytes arrive split at arbitrary points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../../lib/sse.ts';
import { createGateway } from '../../gateway/app.ts';
import { generateApiKey, resolveConfig } from '../../gateway/config.ts';
import { eventStreamFrames } from '../../gateway/providers/bedrock/eventstream.ts';
import { STOP_REASONS } from '../../gateway/providers/bedrock/mappings.ts';
import { translateResponse } from '../../gateway/providers/bedrock/response.ts';
import { ConverseStreamTranslator } from '../../gateway/providers/bedrock/stream.ts';
import { converseEvents, converseJson, encodeFrame, testContext, type ConverseReply, type ReplyBlock } from '../../gateway/providers/bedrock/test-fixtures.ts';
import type { ChatChunk, UpstreamFrame } from '../../gateway/providers/types.ts';
import { createSimulators } from '../../mocks/registry.ts';
import { createMockRouter, upstreamBaseURLs } from '../../mocks/server.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { BEDROCK_MODELS } from '../accounts/bedrock.ts';
import { checkDoneLast, checkFraming, checkOneFinish, checkRoleFirst, checkStableId, checkToolDeltas, checkUsageChunk, parseStream, type ParsedStream } from '../chat/grammar.ts';
import { defaultConfigFile } from '../default-config.ts';
import { LONG_MODE, propertyParams } from './runs.ts';

/** 200 cases take a few seconds; long mode (2,000) needs more than vitest's default 30 s per test. */
const TIMEOUT = LONG_MODE ? 600_000 : 60_000;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The gateway wired to the simulators, with every upstream answer tapped (a clone, read afterwards). */
function tappedGateway() {
  const simulators = createSimulators();
  const router = createMockRouter(simulators, () => 'http://mock.test');
  const key = generateApiKey();
  const config = resolveConfig(defaultConfigFile(upstreamBaseURLs('http://mock.test', simulators), key), 'bedrock properties');
  let lastUpstream: Response | undefined;
  const gateway = createGateway(config, {
    fetch: async (input, init) => {
      const res = await router(new Request(input as RequestInfo, init));
      lastUpstream = res.clone();
      return res;
    },
  });
  return {
    journal: simulators.bedrock!.journal,
    takeUpstream: () => { const r = lastUpstream; lastUpstream = undefined; return r; },
    post: (body: Json) => gateway.fetch(new Request(`http://gateway.test${config.basePath}/chat/completions`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    })),
  };
}

// ------------------------------------------------------------------ request generators
const word = fc.oneof(
  fc.constantFrom('alpha', 'harbor', 'river', 'Paris', 'café', '日本語', '🙂', 'quote"d', 'back\\slash', 'tab\there', 'two\nlines', '{"json":1}'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
);
const text = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' ')).filter((t) => t.trim() !== '' && !t.includes('touchstone'));
/** `arb` with probability `p`, otherwise undefined (the parameter is left out). */
const sometimes = <T>(arb: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: Math.round((1 - p) * 100) }, { arbitrary: arb, weight: Math.round(p * 100) });
const cacheControl = sometimes(fc.constant({ type: 'ephemeral' }), 0.15);
const textPart = fc.record({ type: fc.constant('text'), text, cache_control: cacheControl }, { requiredKeys: ['type', 'text'] });
const imagePart = fc.constantFrom(
  { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
  { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==', detail: 'auto' } },
  { type: 'image_url', image_url: { url: 's3://touchstone-bucket/photos/cat.webp' } },
);
const filePart = fc.constantFrom('brief.pdf', 'Q3 report.pdf').map((filename) => ({ type: 'file', file: { filename, file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' } }));
const userContent = fc.oneof(
  { arbitrary: text, weight: 3 },
  { arbitrary: fc.tuple(textPart, fc.array(fc.oneof({ arbitrary: textPart, weight: 3 }, imagePart, filePart), { maxLength: 2 })).map(([first, rest]) => [first, ...rest]), weight: 2 },
);
const toolName = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const args = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()), { maxKeys: 3 });

interface Exchange { user: unknown; reply: null | { kind: 'text'; text: string } | { kind: 'tools'; calls: Record<string, unknown>[]; result: string } }
/** One user turn and the assistant's reply; tool-call replies only when tools are declared (Converse needs them). */
const exchange = (withTools: boolean): fc.Arbitrary<Exchange> => fc.record({
  user: userContent,
  reply: fc.oneof(
    fc.constant(null),
    text.map((t) => ({ kind: 'text' as const, text: t })),
    ...(withTools ? [fc.record({ kind: fc.constant('tools' as const), calls: fc.array(args, { minLength: 1, maxLength: 3 }), result: text })] : []),
  ),
});

const MODELS = Object.values(BEDROCK_MODELS);

const request = fc.uniqueArray(toolName, { maxLength: 3 }).chain((names) => fc.record({
  model: fc.oneof({ arbitrary: fc.constant(BEDROCK_MODELS.claude), weight: 4 }, fc.constantFrom(...MODELS)),
  system: fc.array(fc.record({ role: fc.constantFrom('system', 'developer'), content: fc.oneof(text, fc.array(textPart, { minLength: 1, maxLength: 2 })) }), { maxLength: 2 }),
  exchanges: fc.array(exchange(names.length > 0), { minLength: 1, maxLength: 3 }),
  tools: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }).map((strict) => names.map((name, i) => ({
    type: 'function',
    function: strict[i]
      ? { name, parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'], additionalProperties: false }, strict: true }
      : { name, description: `Tool ${name}`, parameters: { type: 'object', properties: { q: { type: 'string' } } } },
  }))),
  toolCache: cacheControl,
  tool_choice: names.length
    ? fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom('auto', 'required'), weight: 4 }, { arbitrary: fc.constant('none'), weight: 1 },
      { arbitrary: fc.constantFrom(...names).map((name) => ({ type: 'function', function: { name } })), weight: 2 },
    )
    : sometimes(fc.constantFrom('none', 'auto'), 0.1),
  response_format: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.constant({ type: 'text' }), weight: 2 }, { arbitrary: fc.constant({ type: 'json_object' }), weight: 1 },
    { arbitrary: fc.boolean().map((strict) => ({ type: 'json_schema', json_schema: { name: 'answer', strict, schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false } } })), weight: 5 },
  ),
  reasoning_effort: sometimes(fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh'), 0.35),
  stop: sometimes(fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 4 })), 0.25),
  max: sometimes(fc.oneof(fc.integer({ min: 16, max: 40000 }).map((n) => ({ max_tokens: n })), fc.integer({ min: 16, max: 40000 }).map((n) => ({ max_completion_tokens: n }))), 0.4),
  temperature: sometimes(fc.double({ min: 0, max: 1, noNaN: true }), 0.2),
  top_p: sometimes(fc.double({ min: 0, max: 1, noNaN: true }), 0.15),
  top_k: sometimes(fc.integer({ min: 1, max: 500 }), 0.1),
  user: sometimes(fc.stringMatching(/^[a-z0-9-]{1,24}$/), 0.15),
  n: fc.oneof({ arbitrary: fc.constant(undefined), weight: 17 }, { arbitrary: fc.constant(1), weight: 2 }, { arbitrary: fc.constant(2), weight: 1 }),
  stream: fc.boolean(),
  includeUsage: fc.boolean(),
}));

type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** The OpenAI body for a generated request; tool calls in the history use the declared tools. */
function openAIBody(g: Generated): Json {
  const names = g.tools.map((t) => t.function.name);
  const messages: Json[] = [...g.system];
  g.exchanges.forEach((ex, i) => {
    messages.push({ role: 'user', content: ex.user });
    const last = i === g.exchanges.length - 1;
    if (ex.reply?.kind === 'text' && !last) messages.push({ role: 'assistant', content: ex.reply.text });
    if (ex.reply?.kind === 'tools') {
      const calls = ex.reply.calls.map((a, k) => ({ id: `call_${i}_${k}`, type: 'function', function: { name: names[k % names.length]!, arguments: JSON.stringify(a) } }));
      messages.push({ role: 'assistant', content: null, tool_calls: calls });
      for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.id, content: ex.reply.result });
    }
  });
  const tools = g.tools.map((t, i) => (i === g.tools.length - 1 && g.toolCache ? { ...t, cache_control: g.toolCache } : t));
  return {
    model: `bedrock-main/${g.model}`, messages,
    ...(tools.length ? { tools } : {}),
    ...(g.tool_choice !== undefined ? { tool_choice: g.tool_choice } : {}),
    ...(g.response_format ? { response_format: g.response_format } : {}),
    ...(g.reasoning_effort ? { reasoning_effort: g.reasoning_effort } : {}),
    ...(g.stop !== undefined ? { stop: g.stop } : {}),
    ...(g.max ?? {}),
    ...(g.temperature !== undefined ? { temperature: g.temperature } : {}),
    ...(g.top_p !== undefined ? { top_p: g.top_p } : {}),
    ...(g.top_k !== undefined ? { top_k: g.top_k } : {}),
    ...(g.user !== undefined ? { user: g.user } : {}),
    ...(g.n !== undefined ? { n: g.n } : {}),
    ...(g.stream ? { stream: true, stream_options: { include_usage: g.includeUsage } } : {}),
  };
}

// ------------------------------------------------------------------ what the provider must have received
const partTexts = (content: unknown): string[] =>
  typeof content === 'string' ? [content] : Array.isArray(content) ? content.filter((p: Json) => p.type === 'text').map((p: Json) => p.text as string) : [];

function expectedTexts(body: Json): { system: string[]; turns: string[] } {
  const system: string[] = [];
  const turns: string[] = [];
  for (const m of body.messages as Json[]) {
    if (m.role === 'system' || m.role === 'developer') system.push(...partTexts(m.content));
    else turns.push(...partTexts(m.content));
  }
  return { system, turns };
}

function upstreamTexts(converse: Json): { system: string[]; turns: string[] } {
  const system = ((converse.system ?? []) as Json[]).filter((b) => 'text' in b).map((b) => b.text as string);
  const turns: string[] = [];
  for (const m of converse.messages as Json[]) {
    for (const b of m.content as Json[]) {
      if (typeof b.text === 'string') turns.push(b.text);
      if (b.toolResult) turns.push(...(b.toolResult.content as Json[]).map((c) => c.text as string));
    }
  }
  return { system, turns };
}

// ------------------------------------------------------------------ stream helpers
async function readStream(res: Response): Promise<ParsedStream> {
  const events: SseEvent[] = [];
  let partial: SseEvent | undefined;
  for await (const ev of readSse(res.body!, (p) => { partial = p; })) events.push(ev);
  return parseStream(events, partial);
}

function checkGrammar(parsed: ParsedStream, includeUsage: boolean): void {
  for (const c of parsed.chunks) if (c) expect(validateEvent('createChatCompletion', c).violations).toEqual([]);
  expect([...checkFraming(parsed), ...checkDoneLast(parsed), ...checkRoleFirst(parsed), ...checkStableId(parsed), ...checkOneFinish(parsed), ...checkUsageChunk(parsed, includeUsage)]).toEqual([]);
}

/** toolUse blocks of a ConverseStream, reassembled from its decoded events (start + input fragments). */
async function upstreamStreamToolUses(res: Response): Promise<{ toolUseId: string; name: string; input: unknown }[]> {
  const blocks = new Map<number, { toolUseId: string; name: string; input: string }>();
  for await (const frame of eventStreamFrames(res.body!)) {
    if (frame.kind !== 'eventstream' || frame.headers[':message-type'] !== 'event') continue;
    const ev = JSON.parse(new TextDecoder().decode(frame.payload)) as Json;
    if (frame.headers[':event-type'] === 'contentBlockStart' && ev.start?.toolUse) blocks.set(ev.contentBlockIndex, { ...ev.start.toolUse, input: '' });
    if (frame.headers[':event-type'] === 'contentBlockDelta' && ev.delta?.toolUse) blocks.get(ev.contentBlockIndex)!.input += ev.delta.toolUse.input;
  }
  return [...blocks.entries()].sort(([a], [b]) => a - b).map(([, b]) => ({ toolUseId: b.toolUseId, name: b.name, input: JSON.parse(b.input || '{}') }));
}

function expectToolCallsMatch(calls: { index?: number; id?: unknown; name?: unknown; arguments: string }[], upstream: { toolUseId: string; name: string; input: unknown }[]): void {
  expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
  expect(calls.map((c) => c.index ?? 0)).toEqual(calls.map((_, i) => i));
  expect(calls.map((c) => ({ id: c.id, name: c.name, input: JSON.parse(c.arguments) }))).toEqual(upstream.map((u) => ({ id: u.toolUseId, name: u.name, input: u.input })));
}

describe('bedrock properties: through the gateway and the simulator', () => {
  it('(a) totality, (b) the provider received the request, (c) valid chunks and grammar, (d) tool calls match the upstream', async () => {
    const g = tappedGateway();
    const outcomes = { ok: 0, rejected: 0 };
    await fc.assert(fc.asyncProperty(request, async (generated) => {
      const body = openAIBody(generated);
      const before = g.journal.entries.length;
      const res = await g.post(body);
      // (a) totality
      expect([200, 400], JSON.stringify(body).slice(0, 500)).toContain(res.status);
      if (res.status === 400) {
        outcomes.rejected++;
        const error = ((await res.json()) as Json).error;
        expect(typeof error.message === 'string' && error.message.length > 0).toBe(true);
        if (error.param !== null) expect(error.message).toContain(error.param);
        g.takeUpstream();
        return;
      }
      outcomes.ok++;
      // (b) the simulator accepted what reached it, and it carries the request's content
      expect(g.journal.entries.length).toBe(before + 1);
      const entry = g.journal.entries.at(-1)!;
      expect(entry.status! >= 200 && entry.status! < 300).toBe(true);
      expect(entry.path).toBe(`/model/${encodeURIComponent(generated.model)}/${generated.stream ? 'converse-stream' : 'converse'}`);
      const sent = entry.body as Json;
      expect(upstreamTexts(sent)).toEqual(expectedTexts(body));
      if (body.tools && body.tool_choice !== 'none') {
        expect(sent.toolConfig.tools.filter((t: Json) => t.toolSpec).map((t: Json) => t.toolSpec.name)).toEqual(body.tools.map((t: Json) => t.function.name));
      }
      const upstream = g.takeUpstream()!;
      if (!generated.stream) {
        // (c) for the non-stream answer; (d) tool calls against the Converse JSON
        const completion = (await res.json()) as Json;
        expect(validate('createChatCompletion', 200, res.headers.get('content-type'), completion).violations).toEqual([]);
        const uses = ((await upstream.json() as Json).output.message.content as Json[]).filter((b) => b.toolUse).map((b) => b.toolUse);
        const calls = ((completion.choices[0].message.tool_calls ?? []) as Json[]).map((c, index) => ({ index, id: c.id, name: c.function.name, arguments: c.function.arguments }));
        expectToolCallsMatch(calls, uses);
        return;
      }
      // (c) every chunk and the grammar; (d) streamed tool calls against the decoded upstream eventstream
      const parsed = await readStream(res);
      checkGrammar(parsed, generated.includeUsage);
      const uses = await upstreamStreamToolUses(upstream);
      if (uses.length) {
        const { violations, calls } = checkToolDeltas(parsed, body.tools.map((t: Json) => t.function.name));
        expect(violations).toEqual([]);
        expectToolCallsMatch(calls, uses);
      }
    }), propertyParams(200));
    // The generators must mostly produce requests Bedrock takes, or the properties above prove little.
    expect(outcomes.ok).toBeGreaterThan(outcomes.rejected);
  }, TIMEOUT);
});

// ------------------------------------------------------------------ reply generators (provider side)
const blockArb: fc.Arbitrary<ReplyBlock> = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map((t) => ({ text: t })), weight: 3 },
  { arbitrary: fc.record({ name: toolName, input: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) }).map(({ name, input }) => ({ toolUse: { toolUseId: '', name, input: input as Record<string, unknown> } })), weight: 2 },
  fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 30 }), signature: fc.option(fc.base64String({ minLength: 4, maxLength: 24 }), { nil: undefined }) })
    .map(({ text: t, signature }) => ({ reasoningContent: { reasoningText: { text: t, ...(signature !== undefined ? { signature } : {}) } } })),
  fc.base64String({ minLength: 4, maxLength: 16 }).map((data) => ({ reasoningContent: { redactedContent: data } })),
);
const replyArb: fc.Arbitrary<ConverseReply> = fc.record({
  content: fc.array(blockArb, { maxLength: 6 }).map((blocks) => blocks.map((b, i) => ('toolUse' in b ? { toolUse: { ...b.toolUse, toolUseId: `tooluse_${i}_${b.toolUse.name}` } } : b))),
  stopReason: fc.constantFrom(...Object.keys(STOP_REASONS), 'something_new'),
  usage: fc.record({ inputTokens: fc.nat(5000), outputTokens: fc.nat(5000), cacheReadInputTokens: fc.nat(5000), cacheWriteInputTokens: fc.nat(5000) })
    .map((u) => ({ ...u, totalTokens: u.inputTokens + u.outputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens })),
});

/** Fold translated chunks into the message they describe (checking the stream grammar on the way). */
function foldStream(chunks: ChatChunk[]): Json {
  const events = [...chunks.map((c) => ({ data: JSON.stringify(c), raw: '' })), { data: '[DONE]', raw: '' }];
  const parsed = parseStream(events);
  checkGrammar(parsed, true);
  const deltas = (chunks as Json[]).flatMap((c) => c.choices.map((x: Json) => x.delta as Json));
  const hasCalls = deltas.some((d) => d.tool_calls);
  const tool = hasCalls ? checkToolDeltas(parsed, [...new Set(deltas.flatMap((d) => (d.tool_calls ?? []).map((t: Json) => t.function?.name).filter(Boolean)))] as string[]) : { violations: [], calls: [] };
  for (const d of deltas.flatMap((x) => x.tool_calls ?? [])) {
    if (!('id' in d)) expect(Object.keys(d).sort()).toEqual(['function', 'index']);
    if (!('id' in d)) expect(d.function.arguments).not.toBe('');
  }
  return {
    content: deltas.map((d) => d.content ?? '').join(''),
    reasoning: deltas.map((d) => d.reasoning_content ?? '').join(''),
    thinking: deltas.flatMap((d) => d.thinking_blocks ?? []),
    calls: tool.calls.map((c) => ({ id: c.id, name: c.name, input: JSON.parse(c.arguments) })),
    callIndexes: tool.calls.map((c) => c.index),
    toolViolations: tool.violations.filter((v) => v.rule !== 'chat.tool-finish'),
    finish: (chunks as Json[]).flatMap((c) => c.choices.map((x: Json) => x.finish_reason)).find((f) => f),
    usage: (chunks as Json[]).find((c) => c.usage)?.usage,
  };
}

function foldResponse(completion: Json): Json {
  const m = completion.choices[0].message as Json;
  return {
    content: m.content ?? '',
    reasoning: m.reasoning_content ?? '',
    thinking: m.thinking_blocks ?? [],
    calls: ((m.tool_calls ?? []) as Json[]).map((c) => ({ id: c.id, name: c.function.name, input: JSON.parse(c.function.arguments) })),
    finish: completion.choices[0].finish_reason,
    usage: completion.usage,
  };
}

function byteStream(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return new ReadableStream({
    start(controller) {
      let from = 0;
      for (const p of [...points, bytes.length]) { if (p > from) { controller.enqueue(bytes.slice(from, p)); from = p; } }
      controller.close();
    },
  });
}

describe('bedrock properties: the translator alone', () => {
  it('(e) stream ≡ non-stream for the same Converse reply; (d) parallel tool calls keep distinct indexes and ids', async () => {
    const ctx = testContext({ stream: true, includeUsage: true });
    await fc.assert(fc.asyncProperty(replyArb, fc.array(fc.nat(60), { maxLength: 6 }), fc.array(fc.nat(100_000), { maxLength: 8 }), async (reply, cuts, byteCuts) => {
      const whole = translateResponse(converseJson(reply), ctx);
      expect(validate('createChatCompletion', 200, 'application/json', whole).violations).toEqual([]);
      const expected = foldResponse(whole);
      // events straight into the translator
      const frames = converseEvents(reply, cuts);
      const direct = new ConverseStreamTranslator(ctx);
      const streamed = foldStream([...frames.flatMap((f) => direct.push(f)), ...direct.end()]);
      // the same events as eventstream bytes arriving in arbitrary pieces
      const bytes = Uint8Array.from(frames.flatMap((f) => [...encodeFrame(f)]));
      const decoded: UpstreamFrame[] = [];
      for await (const f of eventStreamFrames(byteStream(bytes, byteCuts))) decoded.push(f);
      const viaBytes = new ConverseStreamTranslator(ctx);
      const streamedBytes = foldStream([...decoded.flatMap((f) => viaBytes.push(f)), ...viaBytes.end()]);
      for (const s of [streamed, streamedBytes]) {
        expect(s.toolViolations).toEqual([]);
        expect(s.callIndexes).toEqual(s.calls.map((_: unknown, i: number) => i));
        expect(new Set(s.calls.map((c: Json) => c.id)).size).toBe(s.calls.length);
        expect({ content: s.content, reasoning: s.reasoning, thinking: s.thinking, calls: s.calls, finish: s.finish, usage: s.usage }).toEqual(expected);
      }
    }), propertyParams(200));
  }, TIMEOUT);
});
