import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.ts';
import { azureStreamError, parseAzureError } from './errors.ts';

const parse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  parseAzureError(status, typeof body === 'string' ? body : JSON.stringify(body), new Headers(headers), 'azure-test');

describe('parseAzureError: Azure bodies under the gateway status rules', () => {
  it('DeploymentNotFound → 404 model_not_found with Azure\'s message', () => {
    const message = 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';
    const error = parse(404, { error: { code: 'DeploymentNotFound', message } });
    expect(error.toJSON()).toEqual({ error: { message, type: 'not_found_error', param: 'model', code: 'model_not_found' } });
    expect(error.status).toBe(404);
  });

  it('other 404s keep 404 (code not_found)', () => {
    expect(parse(404, { error: { code: '404', message: 'Resource not found' } })).toMatchObject({ status: 404, code: 'not_found', message: 'Resource not found' });
  });

  it('content_filter 400 (with innererror) → 400 content_filter, param messages', () => {
    const message = "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.";
    const error = parse(400, { error: { message, type: null, param: 'prompt', code: 'content_filter', status: 400,
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { hate: { filtered: true, severity: 'medium' } } } } });
    expect(error.toJSON()).toEqual({ error: { message, type: 'invalid_request_error', param: 'messages', code: 'content_filter' } });
  });

  it('other 400/422 keep status, message, param and a meaningful code', () => {
    const error = parse(400, { error: { message: "Unsupported parameter: 'reasoning_effort' is not supported with this model.", type: 'invalid_request_error', param: 'reasoning_effort', code: 'unsupported_parameter' } });
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'reasoning_effort', code: 'unsupported_parameter' });
    expect(parse(400, { error: { message: 'Unrecognized request argument supplied: foo', type: 'invalid_request_error', param: null, code: null } }))
      .toMatchObject({ status: 400, code: 'upstream_rejected', message: 'Unrecognized request argument supplied: foo' });
    expect(parse(400, { error: { code: 'BadRequest', message: 'API version not supported' } })).toMatchObject({ status: 400, code: 'upstream_rejected', message: 'API version not supported' });
    expect(parse(422, { error: { code: 'invalid_schema', message: 'bad schema' } })).toMatchObject({ status: 422, code: 'invalid_schema', message: 'bad schema' });
  });

  it('401/403 → 502 upstream_auth_failed without Azure\'s message (it may echo key material)', () => {
    for (const status of [401, 403]) {
      const error = parse(status, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } });
      expect(error).toMatchObject({ status: 502, type: 'upstream_error', code: 'upstream_auth_failed' });
      expect(error.message).not.toContain('subscription key');
    }
    expect(parse(401, { statusCode: 401, message: 'Access denied (APIM)' })).toMatchObject({ status: 502, code: 'upstream_auth_failed' });
  });

  it('429 stays 429 with retry-after (and retry-after-ms) copied', () => {
    const message = 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2025-04-01-preview have exceeded token rate limit. Please retry after 1 second.';
    const error = parse(429, { error: { code: '429', message } }, { 'retry-after': '1', 'retry-after-ms': '800' });
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message, headers: { 'retry-after': '1', 'retry-after-ms': '800' } });
  });

  it('5xx → 502 carrying Azure\'s message; non-JSON bodies still map', () => {
    const error = parse(503, { error: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null } });
    expect(error).toMatchObject({ status: 502, type: 'upstream_error', code: 'upstream_error' });
    expect(error.message).toContain('The engine is currently overloaded');
    expect(parse(500, '<html>oops</html>')).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(parse(400, 'not json')).toBeInstanceOf(GatewayError);
  });
});

describe('azureStreamError: error frames inside a 200 stream', () => {
  it('server_error frame → 502 carrying the message', () => {
    const error = azureStreamError({ message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null }, 'azure-test');
    expect(error).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(error.message).toContain('The server had an error');
  });

  it('content filter frame → 400 content_filter; rate limit frame → 429; explicit status wins', () => {
    expect(azureStreamError({ code: 'content_filter', message: 'filtered', innererror: { code: 'ResponsibleAIPolicyViolation' } }, 'a')).toMatchObject({ status: 400, code: 'content_filter' });
    expect(azureStreamError({ code: '429', message: 'slow down' }, 'a')).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(azureStreamError({ code: 'x', message: 'm', status: 400 }, 'a')).toMatchObject({ status: 400 });
    expect(azureStreamError(undefined, 'a')).toMatchObject({ status: 502 });
  });
});
