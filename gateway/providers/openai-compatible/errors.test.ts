// Error bodies of each provider (from their docs) → the envelope with the status rules.
import { describe, expect, it } from 'vitest';
import { ERROR_BODY_SHAPES, isErrorFrame, mapStreamError, mapUpstreamError, readErrorBody } from './errors.ts';
import { PROVIDER_QUIRKS, type OpenAICompatibleProvider } from './quirks.ts';

const map = (provider: OpenAICompatibleProvider, status: number, body: unknown, headers: Record<string, string> = {}) =>
  mapUpstreamError(status, readErrorBody(typeof body === 'string' ? body : JSON.stringify(body)), new Headers(headers), `${provider}-main`, PROVIDER_QUIRKS[provider]);

describe('error bodies', () => {
  it('ERROR_BODY_SHAPES reads every documented shape', () => {
    expect(ERROR_BODY_SHAPES.map((s) => s.name)).toEqual(['openai-envelope', 'xai', 'fastapi', 'top-level']);
    expect(readErrorBody('{"error":{"message":"m","type":"invalid_request_error","code":"c","param":"p"}}')).toEqual({ message: 'm', type: 'invalid_request_error', code: 'c', param: 'p' });
    expect(readErrorBody('{"error":{"message":"Invalid model","type":"invalid_model","code":400}}')).toEqual({ message: 'Invalid model', type: 'invalid_model', statusCode: 400 });
    expect(readErrorBody('{"code":"Client specified an invalid argument","error":"bad thing"}')).toEqual({ message: 'bad thing', type: 'Client specified an invalid argument' });
    expect(readErrorBody('{"message":"temperature must be between 0 and 1.5","type":"invalid_request_error","param":"temperature","code":"wrong_api_format"}'))
      .toEqual({ message: 'temperature must be between 0 and 1.5', type: 'invalid_request_error', param: 'temperature', code: 'wrong_api_format' });
    expect(readErrorBody('{"detail":"Model x not found"}')).toEqual({ message: 'Model x not found' });
    expect(readErrorBody('{"detail":[{"type":"less_than_equal","loc":["body","temperature"],"msg":"Input should be less than or equal to 2"}]}'))
      .toEqual({ message: 'temperature: Input should be less than or equal to 2', type: 'invalid_request_error', param: 'temperature' });
    expect(readErrorBody('<html><head><title>502 Bad Gateway</title></head><body><center>openresty</center></body></html>')).toEqual({ message: '502 Bad Gateway' });
    expect(readErrorBody('')).toEqual({});
  });
});

describe('status rules', () => {
  it('400/422 keep status, message, type, code and param', () => {
    const e = map('cerebras', 400, { message: 'temperature must be between 0 and 1.5, got 5', type: 'invalid_request_error', param: 'temperature', code: 'wrong_api_format' });
    expect(e.toJSON()).toEqual({ error: { message: 'temperature must be between 0 and 1.5, got 5', type: 'invalid_request_error', param: 'temperature', code: 'wrong_api_format' } });
    expect(e.status).toBe(400);
    const f = map('ai21', 422, { detail: [{ loc: ['body', 'temperature'], msg: 'Input should be less than or equal to 2' }] });
    expect([f.status, f.param, f.message]).toEqual([422, 'temperature', 'temperature: Input should be less than or equal to 2']);
    const x = map('xai', 400, { code: 'Client specified an invalid argument', error: 'Argument not supported on this model: stop' });
    expect([x.status, x.type, x.message]).toEqual([400, 'invalid_request_error', 'Argument not supported on this model: stop']);
  });
  it('an unknown model is 404 model_not_found naming the model (whatever status the provider used)', () => {
    for (const [p, status, body] of [
      ['groq', 404, { error: { message: 'The model `x` does not exist', type: 'invalid_request_error', code: 'model_not_found' } }],
      ['sambanova', 400, { error: { message: "Model not found: 'x'", type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }],
      ['perplexity', 400, { error: { message: "Invalid model 'x'", type: 'invalid_model', code: 400 } }],
    ] as const) {
      const e = map(p, status, body);
      expect([e.status, e.code, e.param]).toEqual([404, 'model_not_found', 'model']);
    }
    const ai21 = map('ai21', 404, { detail: 'Model x not found' });
    expect([ai21.status, ai21.code, ai21.message]).toEqual([404, 'not_found', 'Model x not found']);
  });
  it('401/403 → 502 upstream_auth_failed without the upstream message; xAI\'s 400 for a bad key too', () => {
    for (const [p, status, body] of [
      ['groq', 401, { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }],
      ['perplexity', 401, '<html><head><title>401 Authorization Required</title></head></html>'],
      ['cerebras', 403, { message: 'Forbidden', type: 'permission_error' }],
      ['xai', 400, { code: 'Client specified an invalid argument', error: 'Incorrect API key provided: xa***01. You can obtain an API key from https://console.x.ai.' }],
    ] as const) {
      const e = map(p, status, body);
      expect([e.status, e.code, e.type]).toEqual([502, 'upstream_auth_failed', 'upstream_error']);
      expect(e.message).not.toMatch(/\*\*\*|Invalid API Key|Authorization Required/);
    }
  });
  it('429 stays 429 with retry-after; 5xx → 502 carrying the message', () => {
    const r = map('xai', 429, { code: 'Some resource has been exhausted', error: 'slow down' }, { 'retry-after': '2' });
    expect([r.status, r.type, r.code, r.message, r.headers['retry-after']]).toEqual([429, 'rate_limit_error', 'rate_limit_exceeded', 'slow down', '2']);
    expect(map('cerebras', 429, { message: 'Requests per minute limit exceeded', type: 'too_many_requests_error', code: 'request_quota_exceeded' }).code).toBe('request_quota_exceeded');
    const s = map('ai21', 503, { detail: 'The engine is currently overloaded' });
    expect([s.status, s.code, s.type]).toEqual([502, 'upstream_error', 'upstream_error']);
    expect(s.message).toContain('The engine is currently overloaded');
    expect(map('perplexity', 504, '<html><title>504 Gateway Time-out</title></html>').message).toContain('504 Gateway Time-out');
  });
});

describe('stream error frames', () => {
  it('recognizes error frames of every shape, never a chunk', () => {
    expect(isErrorFrame({ error: { message: 'x' } })).toBe(true);
    expect(isErrorFrame({ code: 'Internal error', error: 'x' })).toBe(true);
    expect(isErrorFrame({ detail: 'x' })).toBe(true);
    expect(isErrorFrame({ message: 'x', type: 'server_error' })).toBe(true);
    expect(isErrorFrame({ id: 'c', choices: [] })).toBe(false);
  });
  it('maps a mid-stream error by the status its body implies', () => {
    const server = mapStreamError({ error: { message: 'boom', type: 'server_error' } }, 'groq-main', PROVIDER_QUIRKS.groq);
    expect([server.status, server.code, server.message]).toEqual([502, 'upstream_error', 'Upstream "groq-main" failed with 500: boom']);
    expect(mapStreamError({ error: { message: 'slow', type: 'rate_limit_exceeded', code: 429 } }, 'p', PROVIDER_QUIRKS.perplexity).status).toBe(429);
    expect(mapStreamError({ detail: 'boom' }, 'ai21-main', PROVIDER_QUIRKS.ai21).status).toBe(502);
    expect(mapStreamError({ error: { message: 'bad', type: 'invalid_request_error' } }, 'd', PROVIDER_QUIRKS.deepinfra).status).toBe(400);
  });
});
