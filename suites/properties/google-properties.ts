// Property tests of the Gemini translator (fast-check), shared by Gemini and Vertex AI (gemini.test.ts,
// vertex.test.ts declare them for their upstream): through the in-process gateway + the upstream's
// simulator, and directly on the translator for stream ≡ non-stream:
//   (a) totality: any generated request is answered 200 or a 400 naming the reason — never 5xx, never thrown
//   (b) what reached the simulator was accepted (2xx) and carries the system prompt, every message text in
//       order and every tool name
//   (c) every answer validates against spec/; every streamed chunk too, and the stream keeps the grammar
//   (d) tool calls keep distinct indexes and ids; their arguments are the JSON the upstream sent
//   (e) the same upstream reply, as a GenerateContentResponse and as its event sequence, translates to
//       the same content, reasoning, tool calls per index, finish_reason and usage
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedAccount } from '../../gateway/config.ts';
import { chatScenario, geminiReply, requestContent, upstreamContent, type ChatScenario } from '../../gateway/providers/gemini/arbitraries.ts';
import { testContext } from '../../gateway/providers/gemini/fixtures.ts';
import type { ChatChunk, ChatTranslator } from '../../gateway/providers/types.ts';
import { readSse } from '../../lib/sse.ts';
import { validate, validateEvent } from '../../spec/index.ts';
import { createGatewayHarness, type GatewayHarness } from '../../test/gateway-harness.ts';
import * as grammar from '../chat/grammar.ts';
import { LONG_MODE, propertyParams } from './runs.ts';

type Json = Record<string, any>;
/** ~40 ms per gateway case at most; long mode runs ten times as many. */
const TIMEOUT_MS = LONG_MODE ? 600_000 : 60_000;

/** One upstream serving Gemini models through the Gemini translator. */
export interface GoogleTarget {
  /** The describe block's title. */
  title: string;
  /** The simulator (and journal) name, and the account's provider. */
  upstream: 'gemini' | 'vertex';
  /** How the (a)–(d) test names the simulator. */
  simulator: string;
  /** The account generated requests go to (`<account>/<model>`). */
  account: string;
  /** The real base URL the journaled request is replayed against. */
  baseURL: string;
  translator: ChatTranslator;
  /** The account of the translator's test context, for (e). */
  contextAccount: Partial<ResolvedAccount>;
}

/** The function calls the simulator answers to the journaled request (it is deterministic): replayed. */
async function upstreamCalls(h: GatewayHarness, target: GoogleTarget): Promise<Json[][]> {
  const entry = h.journal(target.upstream).last()!;
  const replay = await h.simulators[target.upstream]!.fetch(new Request(`${target.baseURL}${entry.path}${entry.search}`, { method: 'POST', headers: entry.headers, body: entry.rawBody }));
  const byCandidate: Json[][] = [];
  const collect = (response: Json) => (response.candidates ?? []).forEach((c: Json, i: number) => {
    const calls = (byCandidate[c.index ?? i] ??= []);
    for (const part of c.content?.parts ?? []) if (part.functionCall) calls.push({ name: part.functionCall.name, args: part.functionCall.args ?? {} });
  });
  if (entry.search.includes('alt=sse')) for await (const ev of readSse(replay.body!)) collect(JSON.parse(ev.data));
  else collect((await replay.json()) as Json);
  return byCandidate;
}

async function checkScenario(h: GatewayHarness, target: GoogleTarget, { body, refusedParam }: ChatScenario): Promise<void> {
  const UPSTREAM = target.upstream;
  const before = h.journal(UPSTREAM).entries.length;
  const response = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
  // (a) totality
  expect([200, 400], `status ${response.status}`).toContain(response.status);
  if (response.status === 400) {
    const error = ((await response.json()) as Json).error;
    expect(error.message).toEqual(expect.any(String));
    expect(error.message.length).toBeGreaterThan(10);
    if (refusedParam) expect(error.param).toBe(refusedParam);
    else throw new Error(`a valid request was refused: ${error.message}`);
    return;
  }
  expect(refusedParam, 'a request asking for something unsupported was answered 200').toBeUndefined();
  // (b) the simulator accepted what reached it, and it carries the request's content
  const entry = h.journal(UPSTREAM).entries.at(-1)!;
  expect(h.journal(UPSTREAM).entries.length).toBe(before + 1);
  expect(entry.status).toBeGreaterThanOrEqual(200);
  expect(entry.status).toBeLessThan(300);
  expect(upstreamContent(entry.body as Json)).toEqual(requestContent(body));
  // (c) the answer validates; (d) tool calls
  const calls = await upstreamCalls(h, target);
  if (body.stream) {
    const events = [];
    for await (const ev of readSse(response.body!)) events.push(ev);
    const s = grammar.parseStream(events);
    for (const chunk of s.chunks) if (chunk) expect(validateEvent('createChatCompletion', chunk).violations).toEqual([]);
    expect([...grammar.checkFraming(s), ...grammar.checkRoleFirst(s), ...grammar.checkStableId(s), ...grammar.checkOneFinish(s),
      ...grammar.checkUsageChunk(s, body.stream_options?.include_usage === true), ...grammar.checkDoneLast(s)]).toEqual([]);
    const declared = requestContent(body).tools;
    if (calls[0]?.length) {
      const { violations, calls: streamed } = grammar.checkToolDeltas(s, declared);
      expect(violations).toEqual([]);
      expect(streamed.map((c) => c.index)).toEqual(streamed.map((_, i) => i));
      expect(new Set(streamed.map((c) => c.id)).size).toBe(streamed.length);
      expect(streamed.map((c) => ({ name: c.name, args: JSON.parse(c.arguments) }))).toEqual(calls[0]);
    }
  } else {
    const completion = (await response.json()) as Json;
    expect(validate('createChatCompletion', 200, response.headers.get('content-type'), completion).violations).toEqual([]);
    for (const choice of completion.choices) {
      const toolCalls: Json[] = choice.message.tool_calls ?? [];
      expect(new Set(toolCalls.map((c) => c.id)).size).toBe(toolCalls.length);
      expect(toolCalls.map((c) => ({ name: c.function.name, args: JSON.parse(c.function.arguments) }))).toEqual(calls[choice.index] ?? []);
      if (toolCalls.length) expect(choice.finish_reason).toBe('tool_calls');
    }
  }
}

/** The translated answer of one choice, assembled from a completion or from chunks. */
interface Assembled { content: string; reasoning: string; calls: { index: number; name: string; arguments: string; signature?: string }[]; finish: string | null }

function fromCompletion(completion: Json): Map<number, Assembled> {
  return new Map(completion.choices.map((c: Json) => [c.index, {
    content: c.message.content ?? '',
    reasoning: c.message.reasoning_content ?? '',
    calls: (c.message.tool_calls ?? []).map((t: Json, index: number) => ({ index, name: t.function.name, arguments: t.function.arguments, signature: t.extra_content?.google?.thought_signature })),
    finish: c.finish_reason,
  }]));
}

function fromChunks(chunks: Json[]): Map<number, Assembled> {
  const out = new Map<number, Assembled>();
  for (const chunk of chunks) for (const c of chunk.choices) {
    const a = out.get(c.index) ?? { content: '', reasoning: '', calls: [], finish: null };
    out.set(c.index, a);
    a.content += c.delta.content ?? '';
    a.reasoning += c.delta.reasoning_content ?? '';
    for (const t of c.delta.tool_calls ?? []) {
      const call = a.calls[t.index] ??= { index: t.index, name: t.function?.name, arguments: '', signature: t.extra_content?.google?.thought_signature };
      call.arguments += t.function?.arguments ?? '';
    }
    if (c.finish_reason) a.finish = c.finish_reason;
  }
  for (const a of out.values()) for (const call of a.calls) if (call.signature === undefined) delete call.signature;
  return out;
}

/** Declare the property tests of the Gemini translator behind one upstream. */
export function describeGoogleProperties(target: GoogleTarget): void {
  const { translator } = target;
  describe(target.title, () => {
    let h: GatewayHarness;
    beforeAll(() => { h = createGatewayHarness(); });

    it(`(a)–(d): generated requests through the gateway and the ${target.simulator} simulator`, async () => {
      await fc.assert(fc.asyncProperty(chatScenario(target.account), (scenario) => checkScenario(h, target, scenario)), propertyParams(200));
    }, TIMEOUT_MS);

    it('(e): stream ≡ non-stream for the same upstream reply', () => {
      fc.assert(fc.property(geminiReply, fc.boolean(), ({ response, events }, includeUsage) => {
        const completion = translator.parseResponse(response, testContext({}, target.contextAccount)) as Json;
        const stream = translator.createStreamTranslator(testContext({ stream: true, includeUsage }, target.contextAccount));
        const chunks: ChatChunk[] = [];
        for (const e of events) chunks.push(...stream.push({ kind: 'sse', data: JSON.stringify(e) }));
        chunks.push(...stream.end());
        for (const chunk of chunks) expect(validateEvent('createChatCompletion', chunk).violations).toEqual([]);
        expect(fromChunks(chunks as Json[])).toEqual(fromCompletion(completion));
        const usageChunks = chunks.filter((c) => c.usage);
        expect(usageChunks.map((c) => c.usage)).toEqual(includeUsage ? [completion.usage] : []);
        const ids = chunks.flatMap((c) => (c.choices as Json[]).flatMap((x) => (x.delta.tool_calls ?? []).filter((t: Json) => t.id).map((t: Json) => `${x.index}/${t.id}`)));
        expect(new Set(ids).size).toBe(ids.length);
      }), propertyParams(200));
    }, TIMEOUT_MS);
  });
}
