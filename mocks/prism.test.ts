/**
 * The Prism fallback, over loopback: POST /v1/rerank (in the contract, no hand-written route) answers
 * 200 with a body valid per spec/gateway.yaml, bad input and a missing key get OpenAI-envelope
 * 400/401s, and a path outside the contract still gets OpenAI's own 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../spec/index.ts';
import { createSimulators } from './registry.ts';
import { startMockServer, type MockServer } from './server.ts';

let server: MockServer;
beforeAll(async () => { server = await startMockServer({ simulators: createSimulators({}, ['openai']) }); });
afterAll(async () => { await server.close(); });

const rerank = (body: unknown, headers: Record<string, string> = { authorization: 'Bearer sk-test' }) =>
  fetch(`${server.upstreams.openai}/rerank`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('Prism fallback for contract operations without a route', () => {
  it('POST /v1/rerank answers 200 with a body valid per the contract', async () => {
    const res = await rerank({ model: 'cohere/rerank-v3.5', query: 'which is red?', documents: ['apple', 'sky'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-touchstone-source')).toBe('prism');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('x-ratelimit-remaining-requests')).toMatch(/^\d+$/);
    const body = await res.json();
    expect(validate('rerankDocuments', 200, res.headers.get('content-type'), body)).toMatchObject({ ok: true });
    expect(body.results.length).toBeGreaterThan(0);
    expect(server.simulators.openai!.journal.last()).toMatchObject({ path: '/v1/rerank', status: 200, completed: true });
  });

  it('answers bad input with an OpenAI-envelope 400 naming the parameter', async () => {
    const res = await rerank({ model: 'cohere/rerank-v3.5', documents: ['apple'] });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toEqual({ error: { message: "Missing required parameter: 'query'.", type: 'invalid_request_error', param: 'query', code: 'missing_required_parameter' } });
    expect(validate('rerankDocuments', 400, res.headers.get('content-type'), body)).toMatchObject({ ok: true });
    const wrongType = await (await rerank({ model: 'm', query: 'q', documents: ['a'], top_n: 0 })).json();
    expect(wrongType.error).toMatchObject({ param: 'top_n', type: 'invalid_request_error' });
  });

  it('answers a missing key with an OpenAI-envelope 401', async () => {
    const res = await rerank({ model: 'm', query: 'q', documents: ['a'] }, {});
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null });
    expect(validate('rerankDocuments', 401, res.headers.get('content-type'), body)).toMatchObject({ ok: true });
  });

  it('leaves paths outside the contract to OpenAI 404s', async () => {
    const res = await fetch(`${server.upstreams.openai}/assistants`, { method: 'POST', headers: { authorization: 'Bearer sk-test' }, body: '{}' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe('Invalid URL (POST /v1/assistants)');
  });
});
