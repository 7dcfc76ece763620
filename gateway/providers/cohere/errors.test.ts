// Cohere error answers ({id?, message} + status, docs.cohere.com/reference/errors) → the gateway's envelope.
import { describe, expect, it } from 'vitest';
import { parseCohereError } from './errors.ts';
import { testContext } from './test-context.ts';

const ctx = testContext();
const body = (message: string) => JSON.stringify({ id: '3d5f-…', message });
const map = (status: number, text: string, headers: Record<string, string> = {}) => parseCohereError(status, text, new Headers(headers), ctx);

describe('parseCohereError', () => {
  it('keeps 400 and 422 with Cohere\'s message', () => {
    for (const status of [400, 422]) {
      const error = map(status, body('invalid request: temperature must be between 0 and 1.0 inclusive.'));
      expect(error).toMatchObject({ status, type: 'invalid_request_error', code: 'upstream_rejected', message: 'invalid request: temperature must be between 0 and 1.0 inclusive.' });
    }
  });

  it('keeps 404 for an unknown model, naming the model param', () => {
    const error = map(404, body("model 'command-x' not found, make sure the correct model ID was used and that you have access to the model."));
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect(error.message).toContain("model 'command-x' not found");
  });

  it('answers a refused key (401, 403, 498) with 502 upstream_auth_failed and without Cohere\'s message', () => {
    for (const status of [401, 403, 498]) {
      const error = map(status, body('invalid api token co-secret-abc'));
      expect(error).toMatchObject({ status: 502, type: 'upstream_error', code: 'upstream_auth_failed' });
      expect(error.message).not.toContain('co-secret');
    }
  });

  it('keeps 429 with retry-after', () => {
    const error = map(429, body('You are past the per minute request limit, please wait and try again later.'), { 'retry-after': '7' });
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', headers: { 'retry-after': '7' } });
    expect(error.message).toMatch(/per minute request limit/);
    expect(map(429, body('slow down')).headers).toEqual({});
  });

  it('answers 5xx, 499 and 402 with 502 carrying Cohere\'s message', () => {
    for (const status of [500, 501, 503, 504, 499]) {
      const error = map(status, body('internal server error, this has been reported to our developers'));
      expect(error).toMatchObject({ status: 502, type: 'upstream_error', code: 'upstream_error' });
      expect(error.message).toContain('internal server error');
      expect(error.message).toContain(String(status));
    }
    expect(map(402, body('Please add a payment method'))).toMatchObject({ status: 502, code: 'upstream_payment_required' });
  });

  it('describes a body that is not Cohere\'s JSON', () => {
    expect(map(400, 'Bad Request').message).toBe('status 400: Bad Request');
    expect(map(500, '').message).toContain('status 500');
    expect(map(400, JSON.stringify({ error: { message: 'nested' } })).message).toBe('nested');
  });

  it('renders the OpenAI envelope', () => {
    expect(map(400, body('bad')).toJSON()).toEqual({ error: { message: 'bad', type: 'invalid_request_error', param: null, code: 'upstream_rejected' } });
  });
});
