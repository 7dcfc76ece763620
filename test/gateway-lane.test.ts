/**
 * The gateway's native lane (gateway/lane.ts) against its fetch path: two gateways on one config and one
 * recording upstream, one served with the lane and one without it, get the same requests; the clients
 * must see the same status, headers and body, the upstream the same request, and the request log the same
 * line — request ids, trace ids and timings aside. A wrapper around the lane counts which requests it
 * served itself, so each case also says which path it exercised (a lane that fell back for everything
 * would otherwise pass). Also: a client leaving aborts the upstream call and logs a 499, and a
 * property test over generated JSON bodies checks the spliced model text.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../gateway/app.ts';
import { generateApiKey, hashKey, resolveConfig, type GatewayConfigFile } from '../gateway/config.ts';
import { serve, type Served } from '../lib/serve.ts';

const UPSTREAM_KEY = 'sk-lane-upstream-secret';

interface Seen { path: string; headers: Record<string, string | string[] | undefined>; body: string }

/** An OpenAI-shaped upstream whose answer is chosen by the model name; it records every request. */
async function startRecordingUpstream() {
  const seen: Seen[] = [];
  const closed: { model: string; at: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      let model = '';
      try { model = String((JSON.parse(body) as { model?: unknown }).model); } catch { /* not JSON */ }
      const json = (status: number, value: unknown, extra: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'up_123', ...extra });
        res.end(JSON.stringify(value));
      };
      if (model === 'slow') {
        res.on('close', () => closed.push({ model, at: performance.now() }));
        return; // never answers
      }
      if (model === 'reset') { req.socket.destroy(); return; }
      if (model.startsWith('e')) {
        const status = Number(model.slice(1));
        json(status, { error: { message: `upstream says ${status}`, type: 'invalid_request_error', param: null, code: `code_${status}` } },
          status === 429 ? { 'retry-after': '7' } : {});
        return;
      }
      if (req.url?.endsWith('/embeddings')) {
        json(200, { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.25, -0.5] }], model, usage: { prompt_tokens: 12, total_tokens: 12 } });
        return;
      }
      json(200, {
        id: 'chatcmpl-lane', object: 'chat.completion', created: 1700000000, model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'héllo "model": ✓' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1000, completion_tokens: 2000, total_tokens: 3000, prompt_tokens_details: { cached_tokens: 0 } },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, seen, closed,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

const key = generateApiKey();
const noAccessKey = generateApiKey();
const limitedKey = generateApiKey();

function configFile(upstream: string): GatewayConfigFile {
  const models = ['gpt-4o-mini', 'text-embedding-3-small', 'slow', 'reset', 'e400', 'e401', 'e404', 'e429', 'e500', 'e503']
    .map((name) => ({ name, pricing: { input: 0.15, output: 0.6 } }));
  return {
    accounts: [{ name: 'rec', provider: 'openai', base_url: `${upstream}/v1`, api_key: { value: UPSTREAM_KEY }, models }],
    keys: [
      { name: 'main', sha256: hashKey(key), user: 'lane@example.com', access: { models: ['*'] } },
      { name: 'none', sha256: hashKey(noAccessKey) },
      { name: 'limited', sha256: hashKey(limitedKey), access: { models: ['*'] } },
    ],
    rate_limits: [{ id: 'limited-rpm', when: { keys: ['limited'] }, unit: 'requests_per_minute', limit_to: 2, per: ['key'] }],
  };
}

interface Side { gateway: Gateway; served: Served; lines: Record<string, unknown>[] }

let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
let lane: Side;
let plain: Side;
/** Requests the lane served itself (not handed to the fetch path), by `${method} ${url}` */
const laneServed: string[] = [];

async function side(withLane: boolean): Promise<Side> {
  const lines: Record<string, unknown>[] = [];
  const config = resolveConfig(configFile(upstream.url), 'lane test');
  // One fixed clock for limits on both sides: the same window, the same retry-after, no minute boundary.
  const gateway = createGateway(config, { onLog: (line) => lines.push(line), now: () => Date.UTC(2026, 10, 23, 12, 0, 30) });
  const native = gateway.native;
  if (withLane && !native) throw new Error('the gateway offers no native lane');
  const served = await serve((r) => gateway.fetch(r), withLane ? {
    native: (req, res, fallback) => {
      let fellBack = false;
      const owned = native!(req, res, (body) => { fellBack = true; fallback(body); });
      if (owned) res.once('finish', () => { if (!fellBack) laneServed.push(`${req.method} ${req.url}`); });
      return owned;
    },
  } : {});
  return { gateway, served, lines };
}

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  lane = await side(true);
  plain = await side(false);
});

afterAll(async () => {
  for (const s of [lane, plain]) { await s?.served.close(); await s?.gateway.close(); }
  await upstream?.close();
});

interface Sent { method?: 'POST' | 'GET'; path: string; headers?: Record<string, string | string[]>; body?: string }
interface Got { status: number; headers: Record<string, unknown>; body: string }

const IGNORED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'x-request-id']);
const normalise = (text: string) => text.replace(/req_[0-9a-f]{32}/g, 'req_ID');

async function send(s: Side, sent: Sent): Promise<Got> {
  const res = await request(`${s.served.url}/api/llm${sent.path}`, {
    method: sent.method ?? 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...sent.headers },
    ...(sent.body !== undefined ? { body: sent.body } : {}),
  });
  const body = normalise(await res.body.text());
  const headers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(res.headers)) if (!IGNORED_HEADERS.has(k)) headers[k] = v;
  expect(String(res.headers['x-request-id'])).toMatch(/^req_[0-9a-f]{32}$/);
  return { status: res.statusCode, headers, body };
}

/** What the upstream saw, ids aside. */
function upstreamView(seen: Seen) {
  const { traceparent, 'x-request-id': id, host, connection, 'content-length': _len, ...headers } = seen.headers;
  expect(String(traceparent)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  expect(String(id)).toMatch(/^req_[0-9a-f]{32}$/);
  return { path: seen.path, headers, body: seen.body };
}

function logView(line: Record<string, unknown> | undefined) {
  if (!line) return undefined;
  const { time, request_id, trace_id, span_id, duration_ms, ...rest } = line;
  return rest;
}

/** Send `sent` to both gateways; return both answers and what the upstream saw of each (if anything). */
async function both(sent: Sent) {
  const before = upstream.seen.length;
  const laneCount = laneServed.length;
  const a = await send(lane, sent);
  const seenA = upstream.seen.slice(before);
  const servedByLane = laneServed.length > laneCount;
  const mid = upstream.seen.length;
  const b = await send(plain, sent);
  const seenB = upstream.seen.slice(mid);
  expect(a).toEqual(b);
  expect(seenA.map(upstreamView)).toEqual(seenB.map(upstreamView));
  expect(logView(lane.lines.at(-1))).toEqual(logView(plain.lines.at(-1)));
  return { a, seen: seenA, servedByLane };
}

const chat = (model: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'Say "model": hi' }], ...extra });

describe('native lane ≡ fetch path', () => {
  it('a chat completion: same answer, same upstream request (bare model, the account key), served by the lane', async () => {
    const { a, seen, servedByLane } = await both({ path: '/chat/completions', body: chat('rec/gpt-4o-mini', { temperature: 0.5 }) });
    expect(servedByLane).toBe(true);
    expect(a.status).toBe(200);
    expect(a.headers['x-gateway-cost-usd']).toBe('0.00135');
    expect(a.headers['x-upstream-request-id']).toBe('up_123');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(seen[0]!.body).toBe(chat('gpt-4o-mini', { temperature: 0.5 }));
    expect(lane.lines.at(-1)).toMatchObject({ status: 200, key: 'main', user: 'lane@example.com', account: 'rec', model: 'gpt-4o-mini', stream: false, cost_usd: 0.00135, tokens: { input: 1000, output: 2000 } });
  });

  it('embeddings, with accept and openai-beta passed on', async () => {
    const body = JSON.stringify({ input: ['a', 'b'], model: 'rec/text-embedding-3-small', encoding_format: 'float' });
    const { a, seen, servedByLane } = await both({ path: '/embeddings', body, headers: { accept: 'application/json', 'openai-beta': 'x=1' } });
    expect(servedByLane).toBe(true);
    expect(a.status).toBe(200);
    expect(seen[0]!.path).toBe('/v1/embeddings');
    expect(seen[0]!.headers['openai-beta']).toBe('x=1');
    expect(JSON.parse(seen[0]!.body)).toEqual({ input: ['a', 'b'], model: 'text-embedding-3-small', encoding_format: 'float' });
  });

  it('embeddings routed by x-tfy-provider-name with a bare model', async () => {
    const body = JSON.stringify({ input: 'a', model: 'text-embedding-3-small' });
    const { a, seen, servedByLane } = await both({ path: '/embeddings', body, headers: { 'x-tfy-provider-name': 'rec' } });
    expect(servedByLane).toBe(true);
    expect(a.status).toBe(200);
    expect(seen[0]!.body).toBe(body);
    expect(seen[0]!.headers['x-tfy-provider-name']).toBeUndefined();
  });

  it('metadata is logged, never forwarded; whitespace and key order in the body are kept', async () => {
    const body = '{ "messages" : [{"role":"user","content":"x"}] ,\n "model" :\t"rec/gpt-4o-mini" , "n": 1 }';
    const { seen, servedByLane } = await both({ path: '/chat/completions', body, headers: { 'x-tfy-metadata': '{"team":"search"}' } });
    expect(servedByLane).toBe(true);
    expect(seen[0]!.body).toBe('{ "messages" : [{"role":"user","content":"x"}] ,\n "model":"gpt-4o-mini" , "n": 1 }');
    expect(seen[0]!.headers['x-tfy-metadata']).toBeUndefined();
    expect(lane.lines.at(-1)).toMatchObject({ metadata: { team: 'search' } });
  });

  for (const status of [400, 401, 404, 429, 500, 503]) {
    it(`an upstream ${status} becomes the same envelope`, async () => {
      const { a, servedByLane } = await both({ path: '/chat/completions', body: chat(`rec/e${status}`) });
      expect(servedByLane).toBe(true);
      expect(a.status).toBeGreaterThanOrEqual(400);
      expect(JSON.parse(a.body)).toHaveProperty('error.message');
      expect(a.body).not.toContain(UPSTREAM_KEY);
    });
  }

  it('an upstream that resets the connection: the same 502', async () => {
    const { a, servedByLane } = await both({ path: '/chat/completions', body: chat('rec/reset') });
    expect(servedByLane).toBe(true);
    expect(a.status).toBe(502);
  });

  it('a bad key, a metadata error and a key without access: the same 401, 400 and 403', async () => {
    expect((await both({ path: '/chat/completions', body: chat('rec/gpt-4o-mini'), headers: { authorization: 'Bearer ts-wrong' } })).a.status).toBe(401);
    expect((await both({ path: '/chat/completions', body: chat('rec/gpt-4o-mini'), headers: { 'x-tfy-metadata': '[1]' } })).a.status).toBe(400);
    expect((await both({ path: '/chat/completions', body: chat('rec/gpt-4o-mini'), headers: { authorization: `Bearer ${noAccessKey}` } })).a.status).toBe(403);
  });

  it('rate limits: the same 429 with retry-after once the limit is used (each gateway counts its own)', async () => {
    const headers = { authorization: `Bearer ${limitedKey}` };
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await both({ path: '/chat/completions', body: chat('rec/gpt-4o-mini'), headers })).a);
    expect(results.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(results[2]!.headers['retry-after']).toBeDefined();
  });

  it('what the lane leaves to the fetch path is answered the same', async () => {
    const cases: Sent[] = [
      { path: '/chat/completions', body: chat('rec/gpt-4o-mini', { stream: true }) },
      { path: '/chat/completions', body: '{"model": ' },
      { path: '/chat/completions', body: '[1,2]' },
      { path: '/chat/completions', body: chat('nope/gpt-4o-mini') },
      { path: '/chat/completions', body: chat('rec/unknown-model') },
      { path: '/chat/completions', body: JSON.stringify({ messages: [] }) },
      { path: '/chat/completions', body: chat('rec/gpt-4o-mini'), headers: { 'content-type': 'text/plain' } },
      { path: '/chat/completions', body: chat('rec/gpt-4o-mini'), headers: { authorization: [`Bearer ${key}`, 'Bearer ts-other'] } },
      { path: '/chat/completions?x=1', body: chat('rec/gpt-4o-mini') },
      { path: '/embeddings', body: JSON.stringify({ input: 'a', model: 'text-embedding-3-small' }) },
      { method: 'GET', path: '/chat/completions' },
    ];
    for (const sent of cases) {
      const { servedByLane } = await both(sent);
      expect(servedByLane, JSON.stringify(sent)).toBe(false);
    }
  });

  it('model splicing over generated bodies: the upstream gets the client text with only the model changed', async () => {
    const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'model' && k !== 'stream'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
    const space = fc.constantFrom('', ' ', '\n', '\t ');
    await fc.assert(fc.asyncProperty(extra, fc.nat(4), space, async (fields, position, ws) => {
      const entries = Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
      entries.splice(Math.min(position, entries.length), 0, `"model"${ws}:${ws}"rec/gpt-4o-mini"`);
      const text = `{${entries.join(',')}}`;
      const { a, seen, servedByLane } = await both({ path: '/chat/completions', body: text });
      expect(a.status).toBe(200);
      expect(servedByLane).toBe(true);
      expect(JSON.parse(seen[0]!.body)).toEqual({ ...JSON.parse(text), model: 'gpt-4o-mini' });
    }), { numRuns: 40, seed: 9 });
  });
});

describe('native lane: the client leaving', () => {
  it('aborts the upstream call within 100 ms and logs a 499', async () => {
    const controller = new AbortController();
    const before = upstream.seen.length;
    const pending = request(`${lane.served.url}/api/llm/chat/completions`, {
      method: 'POST', body: chat('rec/slow'), signal: controller.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    }).catch((e: Error) => e);
    while (upstream.seen.length === before) await new Promise((r) => setTimeout(r, 5));
    const left = performance.now();
    controller.abort();
    await pending;
    const deadline = Date.now() + 2000;
    while (!upstream.closed.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(upstream.closed).toHaveLength(1);
    expect(upstream.closed[0]!.at - left).toBeLessThan(100);
    while (lane.lines.at(-1)?.status !== 499 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(lane.lines.at(-1)).toMatchObject({ status: 499, error_code: 'client_closed_request', model: 'slow' });
  });
});
