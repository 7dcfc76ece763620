/**
 * Claude on Vertex AI through `vertexAnthropicRoutes` (mocks/vertex/anthropic.ts), with raw fetch (the
 * Vertex client package is not installed): rawPredict, streamRawPredict and count-tokens answer what the
 * Anthropic simulator answers (`msg_vrtx_` ids, `req_vrtx_` request ids); Google-style errors for a missing
 * or invalid OAuth token and an unknown publisher model; Anthropic-shaped errors from the model side
 * (`anthropic_version`, `model` in the body, URL documents); the matrix honoured (row `anthropic`: the `vertex`
 * row describes Gemini, not partner models).
 */
import { describe, expect, it } from 'vitest';
import { readSse } from '../../lib/sse.ts';
import { CAPABILITY_COLUMNS, providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { isVertexAnthropicPath, vertexAnthropicRoutes, type VertexAnthropicOptions } from '../vertex/anthropic.ts';
import { CAPABILITY_CASES } from './capability-cases.ts';

const BASE = 'https://us-east5-aiplatform.googleapis.com/v1/projects/p1/locations/us-east5/publishers/anthropic/models';
const TOKEN = { authorization: 'Bearer ya29.test-token', 'content-type': 'application/json' };
const vertexBody = (extra: Record<string, unknown> = {}) => ({ anthropic_version: 'vertex-2023-10-16', max_tokens: 512, messages: [{ role: 'user', content: 'Hello from Vertex' }], ...extra });

function post(url: string, payload: unknown, headers: Record<string, string> = TOKEN, options: VertexAnthropicOptions = {}): Promise<Response> {
  return vertexAnthropicRoutes(options).handle(new Request(url, { method: 'POST', headers, body: JSON.stringify(payload) }));
}

describe('vertex AI: Claude via rawPredict / streamRawPredict', () => {
  it('matches only the Anthropic publisher routes', () => {
    expect(isVertexAnthropicPath('/v1/projects/p/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict')).toBe(true);
    expect(isVertexAnthropicPath('/v1/projects/p/locations/global/publishers/anthropic/models/count-tokens:rawPredict')).toBe(true);
    expect(isVertexAnthropicPath('/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-pro:generateContent')).toBe(false);
  });

  it('rawPredict answers an Anthropic Message for the model in the URL', async () => {
    const response = await post(`${BASE}/claude-sonnet-4-5@20250929:rawPredict`, vertexBody());
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_vrtx_011C/);
    const message = (await response.json()) as Record<string, unknown>;
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', stop_reason: 'end_turn' });
    expect(message.id).toMatch(/^msg_vrtx_01/);
  });

  it('streamRawPredict streams the Anthropic event sequence', async () => {
    const response = await post(`${BASE}/claude-sonnet-4-5@20250929:streamRawPredict`, vertexBody({ stream: true }));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const names: string[] = [];
    for await (const ev of readSse(response.body!)) names.push(ev.event!);
    expect(names[0]).toBe('message_start');
    expect(names.at(-1)).toBe('message_stop');
    expect(names).toContain('content_block_delta');
  });

  it('count-tokens:rawPredict takes the Vertex model id in the body', async () => {
    const response = await post(`${BASE}/count-tokens:rawPredict`, { ...vertexBody(), max_tokens: undefined, model: 'claude-sonnet-4-5@20250929' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
  });

  it('answers Google-style errors for credentials and unknown publisher models', async () => {
    const missing = await post(`${BASE}/claude-sonnet-4-5@20250929:rawPredict`, vertexBody(), { 'content-type': 'application/json' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', message: expect.stringContaining('missing required authentication credential') } });
    const invalid = await post(`${BASE}/claude-sonnet-4-5@20250929:rawPredict`, vertexBody(), { authorization: 'Bearer sk-ant-not-google' });
    expect(await invalid.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', message: expect.stringContaining('invalid authentication credentials') } });
    const unknown = await post(`${BASE}/claude-nope@2025:rawPredict`, vertexBody());
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND', message: 'Publisher Model `projects/p1/locations/us-east5/publishers/anthropic/models/claude-nope@2025` not found.' } });
    expect((await post(`${BASE}/claude-sonnet-4-5@20250929:rawPredict`, vertexBody(), { authorization: 'Bearer anything' }, { accessTokens: ['anything'] })).status).toBe(200);
  });

  it('answers Anthropic-shaped errors from the model side', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ anthropic_version: undefined }, 'anthropic_version: Field required'],
      [{ anthropic_version: '2023-06-01' }, "anthropic_version: Input should be 'vertex-2023-10-16'"],
      [{ model: 'claude-sonnet-4-5' }, 'model: Extra inputs are not permitted'],
      [{ max_tokens: undefined }, 'max_tokens: Field required'],
      [{ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }] }] },
        'messages.0.content.0.document.source: URL sources are not supported for document content blocks on Vertex AI.'],
    ];
    for (const [extra, message] of cases) {
      const response = await post(`${BASE}/claude-sonnet-4-5@20250929:rawPredict`, vertexBody(extra));
      expect(response.status).toBe(400);
      const parsed = (await response.json()) as { type: string; error: { type: string; message: string }; request_id: string };
      expect(parsed).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message } });
      expect(parsed.request_id).toMatch(/^req_vrtx_/);
    }
  });

  describe('honours the capability matrix (row `anthropic`, what Claude offers)', () => {
    for (const column of CAPABILITY_COLUMNS) {
      const offered = providerOffers('anthropic', column);
      it(`${column} → ${offered ? 'works' : 'refused'}`, async () => {
        await expectColumn(column, offered);
      });
    }
  });
});

async function expectColumn(column: CapabilityColumn, offered: boolean): Promise<void> {
  const c = CAPABILITY_CASES[column];
  const method = c.uses.stream === true ? 'streamRawPredict' : 'rawPredict';
  const response = await post(`${BASE}/claude-sonnet-4-5@20250929:${method}`, vertexBody(c.uses));
  if (!offered) {
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(c.refusal);
    return;
  }
  expect(response.status).toBe(200);
  if (c.uses.stream !== true) { c.works({ message: await response.json() as never }); return; }
  const events = [];
  for await (const ev of readSse(response.body!)) events.push(ev);
  c.works({ events });
}
