/**
 * The gateway platform end to end, in-process against the simulators: access control (403), the
 * `x-tfy-metadata` header, cost from usage and pricing (streamed == non-streamed for the same usage,
 * charged once), rate limits and budgets exactly at their boundary, spans that carry the incoming
 * trace id and the metadata (OTLP file export), and request-log lines without bodies or secrets.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COST_HEADER } from '../gateway/app.ts';
import { computeCost } from '../gateway/cost.ts';
import { generateApiKey, hashKey, type GatewayConfigFile } from '../gateway/config.ts';
import { serve } from '../lib/serve.ts';
import { openaiAccounts } from '../suites/accounts/openai.ts';
import { createGatewayHarness } from './gateway-harness.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchstone-platform-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PRICING = { input: 0.15, output: 0.6, cached_input: 0.075 };
const chat = (model = 'openai-main/gpt-4o-mini', extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'Say hello to the platform test.' }], ...extra });

function price(file: GatewayConfigFile, account: string, model: string, pricing: Record<string, number> = PRICING) {
  const a = file.accounts.find((x) => x.name === account)!;
  a.models = a.models.map((m) => (m.name === model ? { ...m, pricing } : m));
}

async function envelope(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await res.json() as { error: { message: string; type: string; param: string | null; code: string } };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return body.error;
}

describe('access control', () => {
  const restricted = generateApiKey();
  const teamKey = generateApiKey();
  const nothing = generateApiKey();
  const h = createGatewayHarness({
    editConfig: (file) => {
      file.teams = [{ name: 'search', access: { models: ['anthropic-main/*'] } }];
      file.keys.push(
        { name: 'restricted', sha256: hashKey(restricted), access: { models: ['openai-main/gpt-4o-mini'] } },
        { name: 'team-member', sha256: hashKey(teamKey), team: 'search' },
        { name: 'nothing', sha256: hashKey(nothing) },
      );
    },
  });
  const as = (key: string, body: unknown) => h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${key}` } });

  it('a key may use exactly the models its access lists; others are 403 envelopes naming the model', async () => {
    expect((await as(restricted, chat())).status).toBe(200);
    const denied = await as(restricted, chat('openai-main/gpt-4o'));
    expect(denied.status).toBe(403);
    expect(await envelope(denied)).toMatchObject({ type: 'permission_error', code: 'permission_denied', param: 'model' });
    expect((await as(restricted, chat(h.chatModel('anthropic-main')))).status).toBe(403);
  });

  it('a key without its own access uses its team\'s; a key with neither may use nothing', async () => {
    expect((await as(teamKey, chat(h.chatModel('anthropic-main')))).status).toBe(200);
    expect((await as(teamKey, chat())).status).toBe(403);
    const res = await as(nothing, chat());
    expect(res.status).toBe(403);
    expect((await envelope(res)).message).toContain('"nothing"');
  });

  it('a refused request never reaches the upstream', async () => {
    const before = h.journal('openai').entries.length;
    expect((await as(nothing, chat())).status).toBe(403);
    expect(h.journal('openai').entries.length).toBe(before);
  });
});

describe('x-tfy-metadata', () => {
  const lines: Record<string, unknown>[] = [];
  const h = createGatewayHarness({ gateway: { onLog: (l) => lines.push(l) } });
  const send = (metadata: string) => h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(chat()), headers: { 'x-tfy-metadata': metadata } });

  it.each([
    ['not JSON', '{team: search}', 'not valid JSON'],
    ['an array', '["a"]', 'got an array'],
    ['a string', '"x"', 'got string'],
    ['a number value', '{"n": 1}', '"n" must be a string, got number'],
    ['a nested object', '{"o": {}}', '"o" must be a string, got object'],
  ])('%s → 400 naming the header', async (_what, value, fragment) => {
    const res = await send(value);
    expect(res.status).toBe(400);
    const error = await envelope(res);
    expect(error).toMatchObject({ param: 'x-tfy-metadata', code: 'invalid_metadata' });
    expect(error.message).toContain(fragment);
  });

  it('a valid object reaches the request log and never the upstream', async () => {
    const res = await send('{"tfy_log_request":"true","team":"search"}');
    expect(res.status).toBe(200);
    await res.text();
    expect(lines.at(-1)).toMatchObject({ status: 200, metadata: { tfy_log_request: 'true', team: 'search' } });
    expect(h.journal('openai').last()!.headers['x-tfy-metadata']).toBeUndefined();
  });
});

describe('cost tracking', () => {
  const lines: Record<string, unknown>[] = [];
  const h = createGatewayHarness({
    editConfig: (file) => { price(file, 'openai-main', 'gpt-4o-mini'); price(file, 'anthropic-main', 'claude-sonnet-4-5', { input: 3, output: 15, cached_input: 0.3 }); },
    gateway: { onLog: (l) => lines.push(l) },
  });
  const client = h.client();

  for (const model of ['openai-main/gpt-4o-mini', 'anthropic-main/claude-sonnet-4-5']) {
    it(`${model}: a streamed and a non-streamed request with the same usage cost the same, charged once`, async () => {
      lines.length = 0;
      const pricing = model.startsWith('openai') ? PRICING : { input: 3, output: 15, cached_input: 0.3 };
      // max_tokens makes both answers equally long (the simulators' texts differ between stream and not).
      const ask = chat(model, { max_tokens: 8 });
      const raw = await client.chat.completions.create(ask as never).withResponse();
      const completion = raw.data as unknown as { usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } } };
      const expected = computeCost(pricing, { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens, cachedTokens: completion.usage.prompt_tokens_details?.cached_tokens ?? 0 })!;
      expect(expected).toBeGreaterThan(0);
      expect(Number(raw.response.headers.get(COST_HEADER))).toBeCloseTo(expected, 9);
      const nonStreamLine = lines.at(-1)!;
      expect(nonStreamLine.cost_usd).toBeCloseTo(expected, 9);

      // Streamed, without include_usage: the client gets no usage chunk, the gateway still charges from the final usage.
      const stream = await client.chat.completions.create({ ...ask, stream: true } as never) as unknown as AsyncIterable<{ usage?: unknown; choices: unknown[] }>;
      const chunks = [];
      for await (const c of stream) chunks.push(c);
      expect(chunks.some((c) => c.usage)).toBe(false);
      const streamLines = lines.filter((l) => l.stream === true);
      expect(streamLines).toHaveLength(1);
      expect(streamLines[0]!.cost_usd).toBeCloseTo(expected, 9);
      expect(streamLines[0]!.tokens).toEqual(nonStreamLine.tokens);

      // With include_usage: exactly one usage chunk reaches the client, and the charge is still the same.
      const withUsage = await client.chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } } as never) as unknown as AsyncIterable<{ usage?: unknown }>;
      let usageChunks = 0;
      for await (const c of withUsage) if (c.usage) usageChunks++;
      expect(usageChunks).toBe(1);
      expect(lines.at(-1)!.cost_usd).toBeCloseTo(expected, 9);
    });
  }

  it('a model without pricing has no cost header and no cost in the log (not priced is not free)', async () => {
    const raw = await client.chat.completions.create(chat(h.chatModel('groq-main')) as never).withResponse();
    expect(raw.response.headers.get(COST_HEADER)).toBeNull();
    expect(lines.at(-1)).not.toHaveProperty('cost_usd');
  });
});

describe('rate limits and budgets through the gateway', () => {
  it('requests_per_minute 3: three pass with x-ratelimit headers, the fourth is a 429 with retry-after', async () => {
    let now = Date.UTC(2026, 10, 23, 12, 0, 10);
    const h = createGatewayHarness({
      editConfig: (file) => { file.rate_limits = [{ id: 'demo-rpm', when: { keys: ['demo'] }, unit: 'requests_per_minute', limit_to: 3 }]; },
      gateway: { now: () => now },
    });
    const send = () => h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(chat()) });
    for (let i = 1; i <= 3; i++) {
      const res = await send();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(res.headers.get('x-ratelimit-remaining-requests')).toBe(String(3 - i));
      await res.text();
    }
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('50');
    expect(await envelope(refused)).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
    expect(h.journal('openai').entries).toHaveLength(3);
    now += 50_000; // the next minute
    expect((await send()).status).toBe(200);
  });

  it('a daily budget refuses once the spend reaches it, not before', async () => {
    const h = createGatewayHarness({
      editConfig: (file) => {
        price(file, 'openai-main', 'gpt-4o-mini');
        file.budgets = [{ id: 'demo-daily', when: { keys: ['demo'] }, unit: 'cost_per_day', limit_to: 0 }];
      },
    });
    const send = () => h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(chat()) });
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(await envelope(refused)).toMatchObject({ type: 'insufficient_quota', code: 'budget_exceeded' });

    // The exact boundary: a budget equal to two requests' cost lets two through and refuses the third.
    const probe = createGatewayHarness({ editConfig: (file) => price(file, 'openai-main', 'gpt-4o-mini') });
    const one = Number((await probe.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(chat()) })).headers.get(COST_HEADER));
    const exact = createGatewayHarness({
      editConfig: (file) => {
        price(file, 'openai-main', 'gpt-4o-mini');
        file.budgets = [{ id: 'demo-daily', when: { keys: ['demo'] }, unit: 'cost_per_day', limit_to: one * 2 }];
      },
    });
    const go = () => exact.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(chat()) });
    const first = await go(); await first.text();
    const second = await go(); await second.text();
    expect([first.status, second.status]).toEqual([200, 200]);
    await new Promise((r) => setImmediate(r)); // the charge is recorded when the answer ends
    const third = await go();
    expect(third.status).toBe(429);
    expect((await envelope(third)).message).toContain('demo-daily');
  });
});

describe('tracing and the request log', () => {
  const traceFile = path.join(tmp, 'spans.ndjson');
  const lines: Record<string, unknown>[] = [];
  const h = createGatewayHarness({
    editConfig: (file) => { file.tracing = { file: { path: traceFile } }; price(file, 'openai-main', 'gpt-4o-mini'); },
    gateway: { onLog: (l) => lines.push(l) },
  });
  const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const PARENT = '00f067aa0ba902b7';

  it('log lines hold no prompt, no gateway key and no provider key', async () => {
    const secretPrompt = 'PROMPT-MUST-NOT-BE-LOGGED';
    const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ ...chat(), messages: [{ role: 'user', content: secretPrompt }] }) });
    await res.text();
    const text = JSON.stringify(lines);
    expect(text).not.toContain(secretPrompt);
    expect(text).not.toContain(h.key);
    expect(text).not.toContain('sk-touchstone-openai-main-0001');
    expect(lines.at(-1)).toMatchObject({ method: 'POST', path: '/api/llm/chat/completions', status: 200, key: 'demo', account: 'openai-main', model: 'gpt-4o-mini', provider: 'openai' });
  });
  it('one span per request carries the incoming trace id, the metadata, tokens and cost; upstream gets the trace', async () => {
    const res = await h.fetch('/chat/completions', {
      method: 'POST', body: JSON.stringify(chat()),
      headers: { traceparent: `00-${TRACE}-${PARENT}-01`, 'x-tfy-metadata': '{"team":"search","run":"42"}' },
    });
    expect(res.status).toBe(200);
    await res.text();
    await h.gateway.platform.close(); // flushes the exporter
    const exports = readFileSync(traceFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] });
    const spans = exports.flatMap((e) => e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))).filter((s) => s.traceId === TRACE);
    expect(spans).toHaveLength(1);
    const span = spans[0]! as { traceId: string; spanId: string; parentSpanId: string; attributes: { key: string; value: Record<string, unknown> }[] };
    expect(span.traceId).toBe(TRACE);
    expect(span.parentSpanId).toBe(PARENT);
    const attr = Object.fromEntries(span.attributes.map((a) => [a.key, Object.values(a.value)[0]]));
    expect(attr).toMatchObject({
      'tfy.metadata.team': 'search', 'tfy.metadata.run': '42', 'gen_ai.request.model': 'gpt-4o-mini',
      'tfy.provider_account': 'openai-main', 'tfy.key.name': 'demo', 'http.response.status_code': '200',
    });
    expect(Number(attr['gen_ai.usage.input_tokens'])).toBeGreaterThan(0);
    expect(attr['tfy.cost.usd']).toBeCloseTo(Number(res.headers.get(COST_HEADER)), 9);
    const upstream = h.journal('openai').last()!.headers.traceparent!;
    expect(upstream).toBe(`00-${TRACE}-${span.spanId}-01`);
    expect(lines.at(-1)).toMatchObject({ trace_id: TRACE, span_id: span.spanId });
  });

});

describe('OTLP over HTTP', () => {
  it('spans reach a collector as OTLP/JSON, with the caller\'s trace id', async () => {
    const received: { headers: Headers; body: { resourceSpans: { resource: { attributes: { key: string }[] }; scopeSpans: { spans: { traceId: string; name: string }[] }[] }[] } }[] = [];
    const collector = await serve(async (request) => {
      received.push({ headers: request.headers, body: await request.json() as never });
      return Response.json({});
    });
    try {
      const h = createGatewayHarness({ editConfig: (file) => { file.tracing = { service_name: 'gw-under-test', otlp_http: { endpoint: `${collector.url}/v1/traces` } }; } });
      const trace = 'aaaabbbbccccddddeeeeffff00001111';
      const res = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify(chat()), headers: { traceparent: `00-${trace}-1111222233334444-01` } });
      await res.text();
      await h.gateway.close();
      expect(received.length).toBeGreaterThan(0);
      expect(received[0]!.headers.get('content-type')).toBe('application/json');
      const spans = received.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
      expect(spans.map((s) => [s.traceId, s.name])).toEqual([[trace, 'POST /api/llm/chat/completions']]);
      expect(JSON.stringify(received[0]!.body.resourceSpans[0]!.resource)).toContain('gw-under-test');
    } finally {
      await collector.close();
    }
  });
});

describe('cost of the other APIs seed 000 prices', () => {
  const lines: Record<string, unknown>[] = [];
  const h = createGatewayHarness({ gateway: { onLog: (l) => lines.push(l) } });
  const client = h.client();
  const openai = openaiAccounts[0]!.account.models;
  const pricing = (name: string) => openai.find((m) => m.name === name)!.pricing!;

  it('embeddings: input tokens × the model\'s input price, in the header and the log', async () => {
    const raw = await client.embeddings.create({ model: 'openai-main/text-embedding-3-small', input: ['one text', 'and another'] }).withResponse();
    const expected = computeCost(pricing('text-embedding-3-small'), { inputTokens: raw.data.usage.prompt_tokens })!;
    expect(expected).toBeGreaterThan(0);
    expect(Number(raw.response.headers.get(COST_HEADER))).toBeCloseTo(expected, 12);
    expect(lines.at(-1)!.cost_usd).toBeCloseTo(expected, 12);
  });

  it('responses: charged from the final event streamed (here response.incomplete: max_output_tokens) and from usage when not', async () => {
    const rclient = h.client();
    const ask = { model: 'openai-main/gpt-4o-mini', input: 'Write one short line.', max_output_tokens: 16 };
    const raw = await rclient.responses.create(ask).withResponse();
    const u = raw.data.usage!;
    const expected = computeCost(pricing('gpt-4o-mini'), { inputTokens: u.input_tokens, outputTokens: u.output_tokens, cachedTokens: u.input_tokens_details.cached_tokens })!;
    expect(Number(raw.response.headers.get(COST_HEADER))).toBeCloseTo(expected, 12);
    const stream = await rclient.responses.create({ ...ask, stream: true });
    let completed: typeof u | undefined;
    const types: string[] = [];
    for await (const ev of stream) { types.push(ev.type); if (ev.type === 'response.completed' || ev.type === 'response.incomplete') completed = ev.response.usage!; }
    expect(types.at(-1), types.join()).toBe('response.incomplete');
    const streamedExpected = computeCost(pricing('gpt-4o-mini'), { inputTokens: completed!.input_tokens, outputTokens: completed!.output_tokens, cachedTokens: completed!.input_tokens_details.cached_tokens })!;
    expect(lines.at(-1)).toMatchObject({ stream: true });
    expect(lines.at(-1)!.cost_usd).toBeCloseTo(streamedExpected, 12);
  });

  it('moderations are free: cost 0, not "not priced"', async () => {
    const raw = await client.moderations.create({ model: 'openai-main/omni-moderation-latest', input: 'hello' }).withResponse();
    expect(raw.response.headers.get(COST_HEADER)).toBe('0');
    expect(lines.at(-1)!.cost_usd).toBe(0);
  });
});
