// The reference gateway in-process, against a scripted upstream fetch (no simulator: gateway/ and
// mocks/ stay independent). Auth, routing, envelopes, unknown-parameter forwarding, error mapping,
// streaming without buffering, and config validation.
import { describe, expect, it } from 'vitest';
import { createGateway } from './app.ts';
import { ConfigError, hashKey, resolveConfig } from './config.ts';

const KEY = 'ts-test-key-123';
const UPSTREAM_KEY = 'sk-upstream-secret-abc';
const config = resolveConfig({
  accounts: [{ name: 'openai-main', provider: 'openai', base_url: 'http://upstream.test/v1', api_key: { value: UPSTREAM_KEY }, models: [{ name: 'gpt-4o-mini' }] }],
  keys: [{ name: 'demo', sha256: hashKey(KEY), access: { models: ['*'] } }],
}, 'test');

interface Seen { url: string; headers: Headers; body: Record<string, unknown> }

function gatewayWith(upstream: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const gw = createGateway(config, {
    fetch: async (input, init) => {
      const s = { url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) as Record<string, unknown> };
      seen.push(s);
      return upstream(s);
    },
  });
  return { gw, seen };
}

const chatBody = { model: 'openai-main/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }, path = '/api/llm/chat/completions') {
  return new Request(`http://gw.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
const ok = () => Response.json({ id: 'chatcmpl-1', object: 'chat.completion' });

async function envelope(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = await res.json() as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return body.error;
}

describe('gateway: auth and routing', () => {
  it('401 envelope without a key and with a wrong key', async () => {
    const { gw, seen } = gatewayWith(ok);
    const a = await gw.fetch(post(chatBody, {}));
    expect(a.status).toBe(401);
    expect((await envelope(a)).code).toBe('missing_api_key');
    const b = await gw.fetch(post(chatBody, { authorization: 'Bearer nope' }));
    expect(b.status).toBe(401);
    expect((await envelope(b)).code).toBe('invalid_api_key');
    expect(seen).toHaveLength(0);
  });

  it('routes provider_account/model to the account with the bare model and the account key', async () => {
    const { gw, seen } = gatewayWith(ok);
    const res = await gw.fetch(post({ ...chatBody, some_future_param: { x: 1 } }));
    expect(res.status).toBe(200);
    expect(seen[0]!.url).toBe('http://upstream.test/v1/chat/completions');
    expect(seen[0]!.body.model).toBe('gpt-4o-mini');
    expect(seen[0]!.body.some_future_param).toEqual({ x: 1 }); // unknown params forwarded to OpenAI upstreams
    expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('404 envelope for unknown accounts, models and routes; 405 with Allow', async () => {
    const { gw } = gatewayWith(ok);
    for (const model of ['nope/gpt-4o-mini', 'openai-main/not-enabled', 'gpt-4o-mini']) {
      const res = await gw.fetch(post({ ...chatBody, model }));
      expect(res.status, model).toBe(404);
      expect((await envelope(res)).param).toBe('model');
    }
    const route = await gw.fetch(post(chatBody, { authorization: `Bearer ${KEY}` }, '/api/llm/nothing'));
    expect(route.status).toBe(404);
    await envelope(route);
    const method = await gw.fetch(new Request('http://gw.test/api/llm/chat/completions', { method: 'GET', headers: { authorization: `Bearer ${KEY}` } }));
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    await envelope(method);
  });

  it('400 envelopes for malformed bodies, 415 for a wrong content type, 413 over the limit', async () => {
    const { gw } = gatewayWith(ok);
    for (const raw of ['{"model":', '[1,2]', '', '"x"']) {
      const res = await gw.fetch(post(raw));
      expect(res.status, raw).toBe(400);
      expect((await envelope(res)).code).toBe('invalid_json');
    }
    const missing = await gw.fetch(post({ messages: [] }));
    expect(missing.status).toBe(400);
    expect((await envelope(missing)).param).toBe('model');
    const type = await gw.fetch(post('a=b', { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded' }));
    expect(type.status).toBe(415);
    const small = createGateway({ ...config, maxBodyBytes: 2048 }, { fetch: async () => ok() });
    const big = await small.fetch(post({ ...chatBody, pad: 'x'.repeat(4096) }));
    expect(big.status).toBe(413);
    await envelope(big);
  });
});

describe('gateway: upstream errors', () => {
  it('keeps 4xx (with the upstream message), 429 with retry-after, maps 5xx to 502 and refused credentials to 502 without the message', async () => {
    const cases: [Response, number, string][] = [
      [Response.json({ error: { message: 'bad temp', type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' } }, { status: 400 }), 400, 'bad temp'],
      [Response.json({ error: { message: 'slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { status: 429, headers: { 'retry-after': '7' } }), 429, 'slow down'],
      [Response.json({ error: { message: 'boom', type: 'server_error', param: null, code: null } }, { status: 500 }), 502, 'boom'],
      [new Response('<html>bad gateway</html>', { status: 503 }), 502, '503'],
      [Response.json({ error: { message: `Incorrect API key provided: ${UPSTREAM_KEY.slice(0, 6)}***abc`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }, { status: 401 }), 502, 'refused'],
    ];
    for (const [upstream, status, text] of cases) {
      const { gw } = gatewayWith(() => upstream);
      const res = await gw.fetch(post(chatBody));
      expect(res.status).toBe(status);
      const error = await envelope(res);
      expect(String(error.message)).toContain(text);
      expect(String(error.message)).not.toContain(UPSTREAM_KEY.slice(0, 6));
      if (status === 429) expect(res.headers.get('retry-after')).toBe('7');
    }
  });

  it('502 envelope when the upstream is unreachable', async () => {
    const { gw } = gatewayWith(() => { throw new TypeError('fetch failed'); });
    const res = await gw.fetch(post(chatBody));
    expect(res.status).toBe(502);
    expect((await envelope(res)).code).toBe('upstream_unreachable');
  });
});

describe('gateway: streaming', () => {
  it('forwards each upstream chunk before the next exists (no buffering)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const encoder = new TextEncoder();
    const { gw } = gatewayWith(() => new Response(new ReadableStream({
      async start(controller) {
        controller.enqueue(encoder.encode('data: {"n":1}\n\n'));
        await gate;
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        controller.close();
      },
    }), { headers: { 'content-type': 'text/event-stream' } }));
    const res = await gw.fetch(post({ ...chatBody, stream: true }));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: {"n":1}\n\n');
    release();
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value)).toBe('data: [DONE]\n\n');
  });
});

describe('gateway: config', () => {
  it('names the path and the expectation of every problem', () => {
    const bad = { accounts: [{ name: 'Bad Name', provider: 'nope', base_url: 'ftp://x', api_key: { env: 'X' }, models: [] }], keys: [{ name: 'k', sha256: 'short' }], extra: 1 };
    let error: ConfigError | undefined;
    try { resolveConfig(bad, 'my.yaml'); } catch (e) { error = e as ConfigError; }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.message;
    expect(text).toContain('my.yaml');
    for (const fragment of ['unknown field "extra"', '/accounts/0/name', '/accounts/0/provider: expected one of openai', '/accounts/0/base_url', '/accounts/0/models', '/keys/0/sha256']) {
      expect(text).toContain(fragment);
    }
  });

  it('resolves env credentials and refuses a missing variable', () => {
    const file = { accounts: [{ name: 'a', provider: 'openai', base_url: 'https://api.openai.com/v1/', api_key: { env: 'TS_TEST_KEY' }, models: [{ name: 'm' }] }], keys: [{ name: 'k', sha256: hashKey('x') }] };
    expect(resolveConfig(file, 'f', { TS_TEST_KEY: 'sk-1' }).accounts.get('a')).toMatchObject({ apiKey: 'sk-1', baseURL: 'https://api.openai.com/v1' });
    expect(() => resolveConfig(file, 'f', {})).toThrow(/accounts\/0\/api_key\/env: environment variable TS_TEST_KEY is not set/);
  });
});

describe('path ids', () => {
  it('an id that decodes to a path of its own is a 400, never an upstream path', async () => {
    const { gw, seen } = gatewayWith(ok);
    for (const id of ['a%2Fb', '%2F..%2Fbatches', '%5C', '%E0%A4%A']) { // '..' and '%2e%2e' the URL parser already resolves
      const res = await gw.fetch(new Request(`http://gw.test/api/llm/files/${id}`, { headers: { authorization: `Bearer ${KEY}`, 'x-tfy-provider-name': 'openai-main' } }));
      expect(res.status, id).toBe(400);
      expect((await envelope(res)).code).toBe('invalid_path_parameter');
    }
    expect(seen).toHaveLength(0);
  });
});
