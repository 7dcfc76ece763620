/**
 * Every operation of spec/gateway.yaml, through the reference gateway: no key → 401, a bad key → 401,
 * a key that may use nothing → 403 — each an OpenAI envelope, none reaching an upstream. The list comes
 * from the spec, so an operation added there without being guarded fails here. The WebSocket upgrade
 * (/live/{provider-account}) is checked the same way on a real port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { generateApiKey, hashKey } from '../gateway/config.ts';
import type { RunningGateway } from '../gateway/server.ts';
import type { MockServer } from '../mocks/server.ts';
import { listOperations } from '../spec/index.ts';
import { startServedGateway, type ServedGateway } from './gateway-harness.ts';

const KEY = generateApiKey();
const NOTHING = generateApiKey();
let mocks: MockServer;
let gw: RunningGateway;
let served: ServedGateway;

beforeAll(async () => {
  served = await startServedGateway(KEY, { editConfig: (file) => { file.keys.push({ name: 'nothing', sha256: hashKey(NOTHING) }); } });
  ({ mocks, gateway: gw } = served);
});
afterAll(async () => { await served?.close(); });

const upstreamRequests = () => Object.values(mocks.simulators).reduce((n, s) => n + s.journal.entries.length, 0);

/** A request the operation would accept from a key with access: a plausible body, the ids filled in. */
function requestFor(op: { method: string; path: string; requestContentTypes: string[] }, key: string | undefined): Request {
  const path = op.path.replace(/\{[^}]+\}/g, 'id_123');
  const headers: Record<string, string> = { 'x-tfy-provider-name': 'openai-main' };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  let body: BodyInit | undefined;
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    if (op.requestContentTypes.includes('multipart/form-data')) {
      const form = new FormData();
      form.set('model', 'openai-main/whisper-1');
      form.set('purpose', 'batch');
      form.set('prompt', 'x');
      form.set('file', new Blob(['{}\n'], { type: 'application/jsonl' }), 'a.jsonl');
      form.set('image', new Blob([new Uint8Array(8)], { type: 'image/png' }), 'a.png');
      body = form;
    } else if (op.path === '/rerank') {
      headers['content-type'] = 'application/json';
      delete headers['x-tfy-provider-name'];
      body = JSON.stringify({ model: 'cohere-main/rerank-v3.5', query: 'q', documents: ['d'] });
    } else if (op.requestContentTypes.length) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify({ model: 'openai-main/gpt-4o-mini', input: 'hi', messages: [{ role: 'user', content: 'hi' }], prompt: 'x', query: 'q', documents: ['d'], voice: 'alloy', input_file_id: 'file-1', endpoint: '/v1/chat/completions', completion_window: '24h', training_file: 'file-1' });
    }
  }
  return new Request(`${gw.baseURL}${path}`, { method: op.method, headers, ...(body ? { body } : {}) });
}

const operations = listOperations().filter((op) => !op.path.startsWith('/live/'));

describe('every HTTP operation of the contract is guarded', () => {
  it('the contract lists every API of the gateway (sanity: at least 28 HTTP operations)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(28);
  });

  for (const op of operations) {
    it(`${op.operationId} (${op.method} ${op.path}): no key 401, bad key 401, no access 403 — envelopes, no upstream call`, async () => {
      const before = upstreamRequests();
      for (const [key, status, code] of [[undefined, 401, 'missing_api_key'], ['ts-not-a-key', 401, 'invalid_api_key'], [NOTHING, 403, 'permission_denied']] as const) {
        const res = await fetch(requestFor(op, key));
        const text = await res.text();
        expect(res.status, `${key ?? 'no key'}: ${text}`).toBe(status);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(code);
      }
      expect(upstreamRequests()).toBe(before);
    });
  }
});

describe('the realtime WebSocket upgrade is guarded', () => {
  const dial = (key: string | undefined) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const url = `${gw.url.replace('http', 'ws')}/live/openai-main?model=gpt-4o-realtime-preview`;
    const ws = new WebSocket(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => { ws.close(); reject(new Error('upgraded')); });
    ws.on('error', (e) => { if (!/Unexpected server response/.test(e.message)) reject(e); });
  });

  it.each([[undefined, 401, 'missing_api_key'], ['ts-not-a-key', 401, 'invalid_api_key'], [NOTHING, 403, 'permission_denied']] as const)('key %s → %i', async (key, status, code) => {
    const { status: got, body } = await dial(key);
    expect(got).toBe(status);
    expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe(code);
  });
});

describe('an upload refused before its body is read', () => {
  it('gets its 401, even 24 at once: the server drains the body instead of failing the client with EPIPE', async () => {
    const results = await Promise.all(Array.from({ length: 24 }, async () => {
      const form = new FormData();
      form.set('purpose', 'batch');
      form.set('file', new Blob([new Uint8Array(256 * 1024).fill(65)], { type: 'application/jsonl' }), 'big.jsonl');
      const res = await fetch(`${gw.baseURL}/files`, { method: 'POST', body: form, headers: { 'x-tfy-provider-name': 'openai-main' } });
      return `${res.status} ${(JSON.parse(await res.text()) as { error: { code: string } }).error.code}`;
    }));
    expect(new Set(results)).toEqual(new Set(['401 missing_api_key']));
  });
});
