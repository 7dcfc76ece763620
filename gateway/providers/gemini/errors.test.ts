// Google error envelopes → the gateway's OpenAI envelope, by the gateway-wide status rules.
import { describe, expect, it } from 'vitest';
import { mapGoogleError, parseGeminiError } from './errors.ts';
import { testContext } from './fixtures.ts';

const ctx = testContext();
const envelope = (code: number, status: string, message: string, details?: unknown[]) => JSON.stringify({ error: { code, message, status, ...(details ? { details } : {}) } });
const parse = (status: number, body: string, headers: Record<string, string> = {}) => parseGeminiError(status, body, new Headers(headers), ctx);

describe('parseGeminiError', () => {
  it('keeps 400 with the upstream message and a code from the status name', () => {
    const e = parse(400, envelope(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "foo".'));
    expect([e.status, e.type, e.code, e.message]).toEqual([400, 'invalid_request_error', 'invalid_argument', 'Invalid JSON payload received. Unknown name "foo".']);
  });

  it('answers an unknown model 404 model_not_found with the upstream message', () => {
    const e = parse(404, envelope(404, 'NOT_FOUND', 'models/gemini-9 is not found for API version v1beta'));
    expect([e.status, e.code, e.param, e.message]).toEqual([404, 'model_not_found', 'model', 'models/gemini-9 is not found for API version v1beta']);
  });

  it('turns refused credentials into 502 upstream_auth_failed without the upstream message (401, 403, and Gemini\'s 400 API_KEY_INVALID)', () => {
    const badKey = envelope(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key. AIza-secret', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }]);
    for (const [status, body] of [[401, envelope(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. ya29.secret')], [403, envelope(403, 'PERMISSION_DENIED', 'denied for AIza-secret')], [400, badKey]] as const) {
      const e = parse(status, body);
      expect([e.status, e.type, e.code]).toEqual([502, 'upstream_error', 'upstream_auth_failed']);
      expect(e.message).not.toMatch(/secret/);
    }
  });

  it('keeps 429 with retry-after from the header, else from RetryInfo', () => {
    const body = envelope(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota.', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '36.5s' }]);
    const withHeader = parse(429, body, { 'retry-after': '3' });
    expect([withHeader.status, withHeader.type, withHeader.code, withHeader.message, withHeader.headers]).toEqual([429, 'rate_limit_error', 'rate_limit_exceeded', 'You exceeded your current quota.', { 'retry-after': '3' }]);
    expect(parse(429, body).headers).toEqual({ 'retry-after': '37' });
  });

  it('answers 503 UNAVAILABLE (model overloaded) 503 overloaded, other 5xx 502 carrying the message', () => {
    const overloaded = parse(503, envelope(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'));
    expect([overloaded.status, overloaded.type, overloaded.code]).toEqual([503, 'upstream_error', 'overloaded']);
    expect(overloaded.message).toContain('The model is overloaded');
    const internal = parse(500, envelope(500, 'INTERNAL', 'An internal error has occurred.'));
    expect([internal.status, internal.type, internal.code]).toEqual([502, 'upstream_error', 'upstream_error']);
    expect(internal.message).toContain('An internal error has occurred.');
    expect(parse(504, envelope(504, 'DEADLINE_EXCEEDED', 'Deadline expired.')).code).toBe('upstream_timeout');
  });

  it('copes with bodies that are not Google envelopes', () => {
    const e = parse(502, '<html>bad gateway</html>');
    expect(e.status).toBe(502);
    expect(e.message).toContain('bad gateway');
    expect(parse(400, JSON.stringify([{ error: { code: 400, message: 'wrapped', status: 'INVALID_ARGUMENT' } }])).message).toBe('wrapped');
    expect(mapGoogleError(500, undefined, undefined, 'acct').message).toContain('acct');
  });
});
