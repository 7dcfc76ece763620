// Anthropic (and Vertex-for-Claude) error answers → the gateway envelope, status by status.
import { describe, expect, it } from 'vitest';
import { errorBodies } from './fixtures.ts';
import { parseAnthropicError, streamErrorOf } from './errors.ts';

const parse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  parseAnthropicError(status, typeof body === 'string' ? body : JSON.stringify(body), new Headers(headers), 'anthropic-main');

describe('parseAnthropicError', () => {
  it('400 keeps status and the upstream message', () => {
    const e = parse(400, errorBodies.invalid);
    expect(e.toJSON()).toEqual({ error: { message: 'messages: roles must alternate between "user" and "assistant"', type: 'invalid_request_error', param: null, code: 'upstream_rejected' } });
    expect(e.status).toBe(400);
  });

  it('404 for an unknown model keeps 404 with the message, param model', () => {
    const e = parse(404, errorBodies.notFound);
    expect(e).toMatchObject({ status: 404, type: 'not_found_error', code: 'model_not_found', param: 'model', message: 'model: claude-nope' });
  });

  it('422 and 413 keep their status', () => {
    expect(parse(422, errorBodies.invalid).status).toBe(422);
    expect(parse(413, { type: 'error', error: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' } })).toMatchObject({ status: 413, code: 'request_too_large' });
  });

  it('401/403 become 502 upstream_auth_failed without the upstream message', () => {
    for (const status of [401, 403]) {
      const e = parse(status, errorBodies.auth);
      expect(e).toMatchObject({ status: 502, type: 'upstream_error', code: 'upstream_auth_failed' });
      expect(e.message).not.toMatch(/x-api-key/);
    }
  });

  it('429 stays 429 with retry-after copied', () => {
    const e = parse(429, errorBodies.rateLimit, { 'retry-after': '7' });
    expect(e).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: errorBodies.rateLimit.error.message });
    expect(e.headers).toEqual({ 'retry-after': '7' });
    expect(e.toResponse().headers.get('retry-after')).toBe('7');
  });

  it('529 (and an overloaded_error under another 5xx, as Vertex answers) → 503 overloaded', () => {
    expect(parse(529, errorBodies.overloaded)).toMatchObject({ status: 503, type: 'upstream_error', code: 'overloaded' });
    expect(parse(503, errorBodies.overloaded)).toMatchObject({ status: 503, code: 'overloaded' });
  });

  it('other 5xx → 502 carrying the upstream message', () => {
    const e = parse(500, errorBodies.api);
    expect(e).toMatchObject({ status: 502, type: 'upstream_error', code: 'upstream_error' });
    expect(e.message).toMatch(/Internal server error/);
    expect(parse(502, '<html>bad gateway</html>').status).toBe(502);
  });

  it("reads Google's error shape (Claude on Vertex AI)", () => {
    const e = parse(404, { error: { code: 404, message: 'Publisher Model `projects/p/locations/l/publishers/anthropic/models/claude-x` not found.', status: 'NOT_FOUND' } });
    expect(e).toMatchObject({ status: 404, type: 'not_found_error', code: 'model_not_found' });
    expect(e.message).toMatch(/Publisher Model/);
  });

  it('stream error events map by their documented status', () => {
    expect(streamErrorOf({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'a')).toMatchObject({ status: 503, code: 'overloaded' });
    expect(streamErrorOf({ type: 'error', error: { type: 'api_error', message: 'x' } }, 'a')).toMatchObject({ status: 502 });
    expect(streamErrorOf({ type: 'error', error: { type: 'rate_limit_error', message: 'slow' } }, 'a')).toMatchObject({ status: 429 });
    expect(streamErrorOf({ type: 'error', error: { type: 'invalid_request_error', message: 'bad' } }, 'a')).toMatchObject({ status: 400, message: 'bad' });
    expect(streamErrorOf({ type: 'error' }, 'a')).toMatchObject({ status: 502 });
  });
});
