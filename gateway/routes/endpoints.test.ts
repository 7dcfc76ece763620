// The endpoints beyond chat against scripted upstream fetches (no simulator: gateway/ and mocks/ stay
// independent): the routing rules (model id, x-tfy-provider-name, neither, mismatches, unknown accounts,
// unsupported providers), access control, what goes upstream (URL, account key, bare model, no x-tfy-*),
// Azure's and Cohere's URL shapes, answers passed through byte for byte, streams not buffered, usage and
// cost per API, and GET /models from the config.
import { describe, expect, it } from 'vitest';
import { createGateway } from '../app.ts';
import { hashKey, resolveConfig, type GatewayConfigFile } from '../config.ts';

const KEY = 'ts-endpoints-key';
const LIMITED_KEY = 'ts-endpoints-limited';
const OPENAI_KEY = 'sk-openai-account';
const AZURE_KEY = '0123456789abcdef0123456789abcdef';
const COHERE_KEY = 'co-account-key';

function configFile(): GatewayConfigFile {
  return {
    accounts: [
      {
        name: 'openai-main', provider: 'openai', base_url: 'http://openai.test/v1', api_key: { value: OPENAI_KEY },
        models: [
          { name: 'text-embedding-3-small', pricing: { input: 0.02 } }, { name: 'gpt-4o-mini', pricing: { input: 0.15, output: 0.6, cached_input: 0.075 } },
          { name: 'dall-e-2', pricing: { per_image: 0.02 } }, { name: 'whisper-1', pricing: { per_audio_second: 0.0001 } },
          { name: 'tts-1' }, { name: 'omni-moderation-latest', pricing: { input: 1 } },
        ],
      },
      { name: 'openai-eu', provider: 'openai', base_url: 'http://eu.openai.test/v1', api_key: { value: 'sk-eu' }, models: [{ name: 'gpt-4o-mini' }] },
      { name: 'azure-main', provider: 'azure-openai', base_url: 'http://azure.test', api_key: { value: AZURE_KEY }, api_version: '2025-04-01-preview', models: [{ name: 'text-embedding-3-small' }, { name: 'gpt-4o-mini' }] },
      { name: 'azure-old', provider: 'azure-openai', base_url: 'http://azure-old.test', api_key: { value: AZURE_KEY }, api_version: '2024-10-21', models: [{ name: 'gpt-4o-mini' }] },
      { name: 'cohere-main', provider: 'cohere', base_url: 'http://cohere.test', api_key: { value: COHERE_KEY }, models: [{ name: 'rerank-v3.5' }, { name: 'command-a-03-2025' }] },
    ],
    keys: [
      { name: 'demo', sha256: hashKey(KEY), access: { models: ['*'] } },
      { name: 'limited', sha256: hashKey(LIMITED_KEY), access: { models: ['openai-main/gpt-4o-mini', 'cohere-main/*'] } },
    ],
  };
}

interface Seen { method: string; url: string; headers: Headers; text: string }
type Script = (seen: Seen) => Response | Promise<Response>;

function gatewayWith(script: Script = () => Response.json({ ok: true })) {
  const seen: Seen[] = [];
  const logs: Record<string, unknown>[] = [];
  const gateway = createGateway(resolveConfig(configFile(), 'endpoints test'), {
    onLog: (line) => logs.push(line),
    fetch: async (input, init) => {
      const body = init?.body;
      const text = body === undefined || body === null ? '' : typeof body === 'string' ? body : await new Response(body as BodyInit).text();
      const s = { method: init?.method ?? 'GET', url: String(input), headers: new Headers(init?.headers), text };
      seen.push(s);
      return script(s);
    },
  });
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => gateway.fetch(new Request(`http://gw.test/api/llm${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }));
  return { gateway, seen, logs, call };
}

async function envelope(res: Response, status: number) {
  expect(res.status).toBe(status);
  const body = await res.json() as { error: { message: string; type: string; param: string | null; code: string } };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return body.error;
}

const json = (body: unknown, headers: Record<string, string> = {}) => new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json', 'x-request-id': 'req_up_1', ...headers } });

describe('routing rules', () => {
  it('1: a model id decides the account; the upstream gets the bare model, the account key and no x-tfy-* or client key', async () => {
    const { seen, call } = gatewayWith(() => json({ object: 'list', data: [], usage: { prompt_tokens: 3, total_tokens: 3 } }));
    const res = await call('POST', '/embeddings', { model: 'openai-main/text-embedding-3-small', input: 'hi', dimensions: 8 },
      { 'x-tfy-metadata': '{"team":"search"}', 'openai-beta': 'assistants=v2', 'x-stainless-lang': 'js' });
    expect(res.status).toBe(200);
    const up = seen[0]!;
    expect(up.url).toBe('http://openai.test/v1/embeddings');
    expect(JSON.parse(up.text)).toEqual({ model: 'text-embedding-3-small', input: 'hi', dimensions: 8 });
    expect(up.headers.get('authorization')).toBe(`Bearer ${OPENAI_KEY}`);
    expect(up.headers.get('openai-beta')).toBe('assistants=v2');
    for (const name of ['x-tfy-metadata', 'x-tfy-provider-name', 'x-stainless-lang']) expect(up.headers.get(name)).toBeNull();
    expect(up.text).not.toContain(KEY);
    expect(res.headers.get('x-upstream-request-id')).toBe('req_up_1');
  });

  it('1: a model id and a header naming another account is a 400 naming both', async () => {
    const { seen, call } = gatewayWith();
    const e = await envelope(await call('POST', '/embeddings', { model: 'openai-main/text-embedding-3-small', input: 'x' }, { 'x-tfy-provider-name': 'openai-eu' }), 400);
    expect(e.code).toBe('provider_mismatch');
    expect(e.message).toContain('"openai-main"');
    expect(e.message).toContain('"openai-eu"');
    expect(e.message).toContain('x-tfy-provider-name');
    expect(seen).toHaveLength(0);
  });

  it('2: the header decides; a bare model passes through, and must be enabled for APIs that run it', async () => {
    const { seen, call } = gatewayWith(() => json({ id: 'modr-1', results: [] }));
    expect((await call('POST', '/moderations', { model: 'omni-moderation-latest', input: 'x' }, { 'x-tfy-provider-name': 'openai-main' })).status).toBe(200);
    expect(JSON.parse(seen[0]!.text).model).toBe('omni-moderation-latest');
    const e = await envelope(await call('POST', '/moderations', { model: 'text-moderation-latest', input: 'x' }, { 'x-tfy-provider-name': 'openai-main' }), 404);
    expect(e).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect(e.message).toContain('"text-moderation-latest"');
    // fine-tuning's base model is not an inference model of the account: passed through as it is
    expect((await call('POST', '/fine_tuning/jobs', { model: 'gpt-4.1-nano-2025-04-14', training_file: 'file-1' }, { 'x-tfy-provider-name': 'openai-main' })).status).toBe(200);
    expect(JSON.parse(seen[1]!.text).model).toBe('gpt-4.1-nano-2025-04-14');
    // a fine-tuning base model given as a model id is rewritten like any other
    expect((await call('POST', '/fine_tuning/jobs', { model: 'openai-eu/gpt-4o-mini-2024-07-18', training_file: 'file-1' })).status).toBe(200);
    expect(seen[2]!.url).toBe('http://eu.openai.test/v1/fine_tuning/jobs');
    expect(JSON.parse(seen[2]!.text).model).toBe('gpt-4o-mini-2024-07-18');
  });

  it('3: neither header nor model id is a 400 naming both; unknown accounts are 404s', async () => {
    const { seen, call } = gatewayWith();
    const none = await envelope(await call('GET', '/files'), 400);
    expect(none.code).toBe('missing_provider');
    expect(none.message).toContain('x-tfy-provider-name');
    expect(none.message).toContain("'model'");
    const bare = await envelope(await call('POST', '/embeddings', { model: 'text-embedding-3-small', input: 'x' }), 400);
    expect(bare.code).toBe('missing_provider');
    const header = await envelope(await call('GET', '/batches', undefined, { 'x-tfy-provider-name': 'nope' }), 404);
    expect(header).toMatchObject({ code: 'provider_account_not_found', param: 'x-tfy-provider-name' });
    expect(header.message).toContain('"nope"');
    const model = await envelope(await call('POST', '/embeddings', { model: 'nope/text-embedding-3-small', input: 'x' }), 404);
    expect(model).toMatchObject({ code: 'model_not_found', param: 'model' });
    const empty = await envelope(await call('GET', '/files', undefined, { 'x-tfy-provider-name': ' ' }), 400);
    expect(empty.code).toBe('invalid_provider_header');
    expect(seen).toHaveLength(0);
  });

  it('an account whose provider does not serve the API is a 400 naming the provider and the endpoint', async () => {
    const { seen, call } = gatewayWith();
    const e = await envelope(await call('POST', '/embeddings', { model: 'cohere-main/command-a-03-2025', input: 'x' }), 400);
    expect(e.code).toBe('unsupported_endpoint');
    expect(e.message).toContain('provider cohere');
    expect(e.message).toContain('POST /embeddings');
    expect((await envelope(await call('GET', '/files', undefined, { 'x-tfy-provider-name': 'azure-main' }), 400)).message).toContain('the Files API');
    expect((await envelope(await call('POST', '/rerank', { model: 'openai-main/gpt-4o-mini', query: 'q', documents: ['a'] }), 400)).code).toBe('unsupported_endpoint');
    const old = await envelope(await call('POST', '/responses', { model: 'azure-old/gpt-4o-mini', input: 'x' }), 400);
    expect(old).toMatchObject({ code: 'unsupported_endpoint' });
    expect(old.message).toContain('2025-03-01-preview');
    expect(seen).toHaveLength(0);
  });

  it('403 when the key may not use the model, or the account of a header-routed call', async () => {
    const { seen, call } = gatewayWith(() => json({ object: 'list', data: [] }));
    const limited = { authorization: `Bearer ${LIMITED_KEY}` };
    const model = await envelope(await call('POST', '/embeddings', { model: 'openai-main/text-embedding-3-small', input: 'x' }, limited), 403);
    expect(model.message).toContain('openai-main/text-embedding-3-small');
    expect((await call('GET', '/files', undefined, { ...limited, 'x-tfy-provider-name': 'openai-main' })).status).toBe(200);
    const account = await envelope(await call('GET', '/files', undefined, { ...limited, 'x-tfy-provider-name': 'openai-eu' }), 403);
    expect(account.message).toContain('"openai-eu"');
    expect(seen).toHaveLength(1);
  });
});

describe('upstream URLs and answers', () => {
  it('ids and lists: path parameters re-encoded, the client query passed on, answers relayed byte for byte', async () => {
    const answer = `{\n  "id": "file-a b",\n  "object": "file"\n}\n`;
    const { seen, call } = gatewayWith(() => new Response(answer, { headers: { 'content-type': 'application/json' } }));
    const res = await call('GET', '/files/file-a%20b', undefined, { 'x-tfy-provider-name': 'openai-main' }); // a slash in an id is refused (gateway.test.ts)
    expect(await res.text()).toBe(answer);
    await call('GET', '/files?purpose=batch&limit=2&order=asc', undefined, { 'x-tfy-provider-name': 'openai-main' });
    await call('POST', '/batches/batch_1/cancel', undefined, { 'x-tfy-provider-name': 'openai-main' });
    await call('GET', '/fine_tuning/jobs/ftjob-1/events?limit=5', undefined, { 'x-tfy-provider-name': 'openai-main' });
    await call('DELETE', '/responses/resp_1', undefined, { 'x-tfy-provider-name': 'openai-main' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET http://openai.test/v1/files/file-a%20b',
      'GET http://openai.test/v1/files?purpose=batch&limit=2&order=asc',
      'POST http://openai.test/v1/batches/batch_1/cancel',
      'GET http://openai.test/v1/fine_tuning/jobs/ftjob-1/events?limit=5',
      'DELETE http://openai.test/v1/responses/resp_1',
    ]);
  });

  it('Azure OpenAI: embeddings on the deployment route, responses on the dated route, with api-key', async () => {
    const { seen, call } = gatewayWith(() => json({ id: 'resp_1', object: 'response', usage: { input_tokens: 1, output_tokens: 1 } }));
    await call('POST', '/embeddings', { model: 'azure-main/text-embedding-3-small', input: 'x' });
    await call('POST', '/responses', { model: 'gpt-4o-mini', input: 'x' }, { 'x-tfy-provider-name': 'azure-main' });
    await call('GET', '/responses/resp_1?include[]=message.output_text.logprobs', undefined, { 'x-tfy-provider-name': 'azure-main' });
    expect(seen.map((s) => s.url)).toEqual([
      'http://azure.test/openai/deployments/text-embedding-3-small/embeddings?api-version=2025-04-01-preview',
      'http://azure.test/openai/responses?api-version=2025-04-01-preview',
      'http://azure.test/openai/responses/resp_1?api-version=2025-04-01-preview&include%5B%5D=message.output_text.logprobs',
    ]);
    for (const s of seen) {
      expect(s.headers.get('api-key')).toBe(AZURE_KEY);
      expect(s.headers.get('authorization')).toBeNull();
    }
    expect(JSON.parse(seen[1]!.text).model).toBe('gpt-4o-mini');
  });

  it('upstream errors become the envelope by the provider rules (404 kept, 5xx → 502, 401 → 502 without the message)', async () => {
    const answers = [
      json({ error: { message: 'No such File object: file-x', type: 'invalid_request_error', param: 'id', code: null } }),
      json({ error: { message: 'The server had an error', type: 'server_error', param: null, code: null } }),
      json({ error: { message: 'Incorrect API key provided: sk-acc***', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }),
    ];
    const statuses = [404, 500, 401];
    let i = 0;
    const { call } = gatewayWith(() => { const r = answers[i]!; const s = statuses[i++]!; return new Response(r.body, { status: s, headers: r.headers }); });
    const h = { 'x-tfy-provider-name': 'openai-main' };
    expect((await envelope(await call('GET', '/files/file-x', undefined, h), 404)).message).toBe('No such File object: file-x');
    expect((await envelope(await call('GET', '/files/file-x', undefined, h), 502)).message).toContain('The server had an error');
    const auth = await envelope(await call('GET', '/files/file-x', undefined, h), 502);
    expect(auth.code).toBe('upstream_auth_failed');
    expect(auth.message).not.toContain('sk-acc');
  });

  it('an unreachable upstream is a 502 naming the account', async () => {
    const { call } = gatewayWith(() => { throw new TypeError('fetch failed'); });
    const e = await envelope(await call('GET', '/batches', undefined, { 'x-tfy-provider-name': 'openai-main' }), 502);
    expect(e).toMatchObject({ code: 'upstream_unreachable' });
    expect(e.message).toContain('"openai-main"');
  });
});

describe('streams pass through as they arrive', () => {
  function scriptedStream() {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => { controller = c; } });
    return { body, send: (t: string) => controller.enqueue(new TextEncoder().encode(t)), end: () => controller.close(), fail: (e: Error) => controller.error(e) };
  }

  it('speech: the client reads the first audio bytes before the upstream has sent the rest', async () => {
    const up = scriptedStream();
    const { call } = gatewayWith(() => new Response(up.body, { headers: { 'content-type': 'audio/mpeg' } }));
    const res = await call('POST', '/audio/speech', { model: 'openai-main/tts-1', voice: 'alloy', input: 'hello' });
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const reader = res.body!.getReader();
    up.send('ID3-first-frame');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('ID3-first-frame');
    up.send('second-frame');
    up.end();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('second-frame');
    expect((await reader.read()).done).toBe(true);
  });

  it('responses stream: events forwarded unchanged as each completes; usage and cost from response.completed', async () => {
    const up = scriptedStream();
    const { call, logs } = gatewayWith(() => new Response(up.body, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } }));
    const res = await call('POST', '/responses', { model: 'openai-main/gpt-4o-mini', input: 'hi', stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const created = 'event: response.created\ndata: {"type":"response.created","sequence_number":0}\n\n';
    up.send(created.slice(0, 20));
    up.send(created.slice(20));
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(created);
    const completed = 'event: response.completed\ndata: {"type":"response.completed","sequence_number":1,"response":{"usage":{"input_tokens":1000,"input_tokens_details":{"cached_tokens":200},"output_tokens":100,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":1100}}}\n\n';
    up.send(completed);
    up.end();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(completed);
    expect((await reader.read()).done).toBe(true);
    const line = logs.at(-1)!;
    expect(line).toMatchObject({ stream: true, tokens: { input: 1000, output: 100, cached: 200, reasoning: 0 } });
    // 800 × 0.15 + 200 × 0.075 + 100 × 0.6 per million
    expect(line.cost_usd).toBeCloseTo((800 * 0.15 + 200 * 0.075 + 100 * 0.6) / 1e6, 12);
  });

  it('responses stream broken before its final event ends with a Responses error event', async () => {
    const up = scriptedStream();
    const { call } = gatewayWith(() => new Response(up.body, { headers: { 'content-type': 'text/event-stream' } }));
    const res = await call('POST', '/responses', { model: 'openai-main/gpt-4o-mini', input: 'hi', stream: true });
    const reader = res.body!.getReader();
    up.send('event: response.created\ndata: {"type":"response.created","sequence_number":0}\n\nevent: response.output_text.delta\ndata: {"type":"resp');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('event: response.created\ndata: {"type":"response.created","sequence_number":0}\n\n');
    up.fail(new Error('connection reset'));
    const rest = await new Response(new ReadableStream({ pull: async (c) => { const n = await reader.read(); if (n.done) c.close(); else c.enqueue(n.value); } })).text();
    expect(rest).toBe('event: error\ndata: {"type":"error","code":"upstream_stream_error","message":"Upstream \\"openai-main\\" broke off the stream.","param":null,"sequence_number":1}\n\n');
  });
});

describe('usage and cost per API', () => {
  const costOf = (logs: Record<string, unknown>[]) => logs.at(-1)!.cost_usd;

  it('embeddings: prompt_tokens; moderations: free; images: one per data entry; audio: seconds', async () => {
    const answers: Response[] = [
      json({ object: 'list', data: [], usage: { prompt_tokens: 500, total_tokens: 500 } }),
      json({ id: 'modr-1', results: [] }),
      json({ created: 1, data: [{ url: 'u1' }, { url: 'u2' }, { url: 'u3' }] }),
      json({ text: 'hi', usage: { type: 'duration', seconds: 30 } }),
      json({ task: 'translate', duration: 12.5, text: 'hi', segments: [] }),
    ];
    const { call, logs, gateway } = gatewayWith(() => answers.shift()!);
    const res = await call('POST', '/embeddings', { model: 'openai-main/text-embedding-3-small', input: 'x' });
    expect(res.headers.get('x-gateway-cost-usd')).toBe('0.00001');
    await res.arrayBuffer();
    expect(costOf(logs)).toBeCloseTo(500 * 0.02 / 1e6, 12);
    const mod = await call('POST', '/moderations', { model: 'openai-main/omni-moderation-latest', input: 'x' });
    expect(mod.headers.get('x-gateway-cost-usd')).toBe('0');
    await mod.arrayBuffer();
    const images = await call('POST', '/images/generations', { model: 'openai-main/dall-e-2', prompt: 'p', n: 3 });
    expect(images.headers.get('x-gateway-cost-usd')).toBe('0.06');
    await images.arrayBuffer();
    const form = (model: string) => {
      const f = new FormData();
      f.append('model', model);
      f.append('file', new File([new Uint8Array(64)], 'a.wav', { type: 'audio/wav' }));
      return f;
    };
    const audio = await gateway.fetch(new Request('http://gw.test/api/llm/audio/transcriptions', { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: form('openai-main/whisper-1') }));
    expect(audio.headers.get('x-gateway-cost-usd')).toBe('0.003');
    await audio.arrayBuffer();
    const translation = await gateway.fetch(new Request('http://gw.test/api/llm/audio/translations', { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: form('openai-main/whisper-1') }));
    expect(translation.headers.get('x-gateway-cost-usd')).toBe('0.00125');
  });
});

describe('GET /models and POST /rerank', () => {
  it('lists every account/model the key may use, from the config', async () => {
    const { seen, gateway } = gatewayWith();
    const list = async (key: string, headers: Record<string, string> = {}) => {
      const res = await gateway.fetch(new Request('http://gw.test/api/llm/models', { headers: { authorization: `Bearer ${key}`, ...headers } }));
      expect(res.status).toBe(200);
      return await res.json() as { object: string; data: { id: string; object: string; created: number; owned_by: string }[] };
    };
    const all = await list(KEY);
    expect(all.object).toBe('list');
    expect(all.data).toHaveLength(6 + 1 + 2 + 1 + 2);
    expect(all.data[0]).toEqual({ id: 'openai-main/text-embedding-3-small', object: 'model', created: expect.any(Number), owned_by: 'openai' });
    expect((await list(LIMITED_KEY)).data.map((m) => m.id)).toEqual(['openai-main/gpt-4o-mini', 'cohere-main/rerank-v3.5', 'cohere-main/command-a-03-2025']);
    expect((await list(KEY, { 'x-tfy-provider-name': 'azure-main' })).data.map((m) => m.id)).toEqual(['azure-main/text-embedding-3-small', 'azure-main/gpt-4o-mini']);
    expect(seen).toHaveLength(0);
  });

  it('rerank maps to Cohere v2 and back: {text} documents, return_documents, usage', async () => {
    const { seen, call } = gatewayWith(() => json({ id: 'rr-1', results: [{ index: 1, relevance_score: 0.9 }, { index: 0, relevance_score: 0.1 }], meta: { billed_units: { search_units: 1 } } }));
    const res = await call('POST', '/rerank', { model: 'cohere-main/rerank-v3.5', query: 'capital', documents: ['cats', { text: 'Paris is the capital' }], top_n: 2, return_documents: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 'rr-1', model: 'cohere-main/rerank-v3.5',
      results: [{ index: 1, relevance_score: 0.9, document: { text: 'Paris is the capital' } }, { index: 0, relevance_score: 0.1, document: 'cats' }],
      usage: { search_units: 1 },
    });
    expect(seen[0]!.url).toBe('http://cohere.test/v2/rerank');
    expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${COHERE_KEY}`);
    expect(JSON.parse(seen[0]!.text)).toEqual({ model: 'rerank-v3.5', query: 'capital', documents: ['cats', 'Paris is the capital'], top_n: 2 });
  });

  it('rerank refuses what it cannot send, naming the parameter', async () => {
    const { seen, call } = gatewayWith();
    const m = 'cohere-main/rerank-v3.5';
    expect(await envelope(await call('POST', '/rerank', { model: m, query: 'q', documents: ['a'], rank_fields: ['x'] }), 400)).toMatchObject({ code: 'unknown_parameter', param: 'rank_fields' });
    expect(await envelope(await call('POST', '/rerank', { model: m, query: 'q', documents: ['a', 3] }), 400)).toMatchObject({ param: 'documents[1]' });
    expect(await envelope(await call('POST', '/rerank', { model: m, query: '', documents: ['a'] }), 400)).toMatchObject({ param: 'query' });
    expect(await envelope(await call('POST', '/rerank', { model: m, query: 'q', documents: [] }), 400)).toMatchObject({ param: 'documents' });
    expect(seen).toHaveLength(0);
  });
});

describe('the route table covers the contract', () => {
  it('every operation of spec/gateway.yaml except the realtime WebSocket has a route and method', async () => {
    const { readFile } = await import('node:fs/promises');
    const { parse } = await import('yaml');
    const { routes } = await import('./index.ts');
    const spec = parse(await readFile(new URL('../../spec/gateway.yaml', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(spec.paths).filter(([path]) => !path.startsWith('/live/'))
      .flatMap(([path, item]) => Object.keys(item).filter((m) => ['get', 'post', 'delete', 'put', 'patch'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
    const served = routes.flatMap((r) => Object.keys(r.methods).map((m) => `${m} ${r.path}`));
    expect(operations.length).toBeGreaterThan(25);
    expect(served.sort()).toEqual(operations.sort());
  });
});
