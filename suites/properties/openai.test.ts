/**
 * Properties of the OpenAI passthrough (fast-check, propertyParams(200) runs each), through the
 * in-process gateway + OpenAI simulators: the request reaches OpenAI as the client wrote it (bare model,
 * unknown parameters included), a success answer — JSON or SSE — comes back byte for byte (compared
 * with the bytes the simulator actually sent, captured by a tee around its fetch), OpenAI's 4xx keep
 * their status and message, and the regional account is only ever served by its region.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSse } from '../../lib/sse.ts';
import { validateEvent } from '../../spec/index.ts';
import { createGatewayHarness, type GatewayHarness } from '../../test/gateway-harness.ts';
import { checkDoneLast, checkOneFinish, checkRoleFirst, checkStableId, checkUsageChunk, parseStream } from '../chat/grammar.ts';
import { propertyParams } from './runs.ts';

type Json = Record<string, any>;

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const word = fc.constantFrom('river', 'lamp', 'Paris', 'weather', 'cat', 'ok', 'élan', '数据', '"quoted"', 'back\\slash', 'emoji 🚀');
const text = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const TOOL_NAMES = ['get_weather', 'get_time'];

const message = fc.oneof(
  fc.record({ role: fc.constantFrom('system', 'developer', 'user', 'assistant'), content: text }),
  text.map((t) => ({ role: 'user', content: [{ type: 'text', text: t }, { type: 'image_url', image_url: { url: PNG } }] })),
);

const request = fc.record({
  account: fc.constantFrom('openai-main', 'openai-eu'),
  messages: fc.array(message, { minLength: 1, maxLength: 4 }).map((m) => [...m, { role: 'user', content: 'Answer now.' }]),
  stream: fc.boolean(),
  includeUsage: fc.boolean(),
  tools: fc.uniqueArray(fc.constantFrom(...TOOL_NAMES), { maxLength: 2 }),
  toolChoice: fc.constantFrom(undefined, 'auto', 'required', 'none'),
  json: fc.constantFrom(undefined, 'json_object', 'json_schema'),
  extras: fc.record({
    temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
    max_tokens: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
    seed: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    n: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
    stop: fc.option(fc.constantFrom('END', ['END', 'STOP']), { nil: undefined }),
    user: fc.option(fc.constantFrom('u-1', 'tenant/42'), { nil: undefined }),
  }, { requiredKeys: [] }),
  unknown: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('frobnicate', 'x_vendor_flag') }),
}).map((r) => {
  const body: Json = { model: `${r.account}/gpt-4o-mini`, messages: r.messages };
  if (r.stream) { body.stream = true; if (r.includeUsage) body.stream_options = { include_usage: true }; }
  if (r.tools.length && r.account === 'openai-main') {
    body.tools = r.tools.map((name) => ({ type: 'function', function: { name, parameters: { type: 'object', properties: { q: { type: 'string' } } } } }));
    if (r.toolChoice) body.tool_choice = r.toolChoice;
  }
  if (r.json === 'json_object') { body.response_format = { type: 'json_object' }; body.messages = [...body.messages, { role: 'user', content: 'Reply in JSON.' }]; }
  if (r.json === 'json_schema') body.response_format = { type: 'json_schema', json_schema: { name: 'a', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false } } };
  for (const [k, v] of Object.entries(r.extras)) if (v !== undefined) body[k] = v;
  if (r.unknown) body[r.unknown] = true;
  return body;
});

describe('openai passthrough properties', () => {
  let h: GatewayHarness;
  /** The last answer each OpenAI simulator sent: status, content type and the body bytes as text. */
  const sentBy: Record<string, Promise<{ status: number; type: string | null; text: string }>> = {};
  beforeAll(() => {
    h = createGatewayHarness();
    for (const name of ['openai', 'openai-eu']) {
      const simulator = h.simulators[name] as { fetch: (request: Request) => Promise<Response> };
      const original = simulator.fetch.bind(simulator);
      simulator.fetch = async (request) => {
        const answer = await original(request);
        const [forGateway, forTest] = answer.body ? answer.body.tee() : [null, null];
        sentBy[name] = new Response(forTest).text().then((text) => ({ status: answer.status, type: answer.headers.get('content-type'), text }));
        return new Response(forGateway, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
      };
    }
  });
  const stats = { ok: 0, rejected: 0, streams: 0 };

  it('forwards the request verbatim, returns success bodies byte for byte, keeps 4xx status and message, stays in region', async () => {
    await fc.assert(fc.asyncProperty(request, async (body) => {
      const account = (body.model as string).split('/')[0]!;
      const upstream = account === 'openai-eu' ? 'openai-eu' : 'openai';
      const other = upstream === 'openai' ? 'openai-eu' : 'openai';
      const before = { mine: h.journal(upstream).entries.length, other: h.journal(other).entries.length };
      const response = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) });
      const text = await response.text();
      expect(h.journal(upstream).entries.length).toBe(before.mine + 1);
      expect(h.journal(other).entries.length).toBe(before.other);
      const entry = h.journal(upstream).last()!;
      // Verbatim, except that a stream always asks for usage (the gateway charges from it): documented injection.
      const so = body.stream_options as Record<string, unknown> | undefined;
      const injected = body.stream === true && (so === undefined || so.include_usage === undefined || so.include_usage === false);
      const forwarded = injected ? { ...body, stream_options: { ...so, include_usage: true }, model: 'gpt-4o-mini' } : { ...body, model: 'gpt-4o-mini' };
      expect(entry.rawBody).toBe(JSON.stringify(forwarded));
      const sent = await sentBy[upstream]!;
      expect(entry.status).toBe(sent.status);
      if (sent.status >= 400) {
        stats.rejected++;
        expect(sent.status).toBeLessThan(500);
        expect(response.status).toBe(sent.status);
        expect((JSON.parse(text) as Json).error.message).toBe((JSON.parse(sent.text) as Json).error.message);
        return;
      }
      stats.ok++;
      expect(response.status).toBe(200);
      if (injected) {
        // What the client would have got without the gateway's request: the usage chunk and the `"usage":null`
        // OpenAI adds to every other chunk removed; nothing else changed, event for event.
        const events = async (t: string) => { const out = []; for await (const ev of readSse(new Response(t).body!)) out.push(ev.data); return out; };
        const strip = (data: string) => { if (data === '[DONE]') return data; const v = JSON.parse(data) as Json; if (v.usage === null) delete v.usage; return v; };
        const upstreamEvents = (await events(sent.text)).map(strip).filter((v) => typeof v === 'string' || !(v.usage && Array.isArray(v.choices) && v.choices.length === 0));
        expect((await events(text)).map(strip)).toEqual(upstreamEvents);
      } else {
        expect(text).toBe(sent.text);
      }
      expect(response.headers.get('content-type')).toBe(sent.type);
      if (!body.stream) return;
      stats.streams++;
      const events = [];
      for await (const ev of readSse(new Response(text).body!)) events.push(ev);
      for (const e of events) expect(validateEvent('createChatCompletion', e.data).violations).toEqual([]);
      const s = parseStream(events);
      expect([...checkRoleFirst(s), ...checkStableId(s), ...checkOneFinish(s), ...checkUsageChunk(s, body.stream_options?.include_usage === true), ...checkDoneLast(s)]).toEqual([]);
    }), propertyParams(200));
    expect(stats.ok).toBeGreaterThan(stats.rejected);
    expect(stats.streams).toBeGreaterThan(20);
    expect(stats.rejected).toBeGreaterThan(0); // unknown parameters were forwarded and refused by OpenAI itself
  });
});
