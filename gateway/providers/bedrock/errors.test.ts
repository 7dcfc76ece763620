// AWS error answers (x-amzn-errortype + {"message"} bodies as Bedrock Runtime sends them) → envelope errors.
import { describe, expect, it } from 'vitest';
import { awsErrorName, parseBedrockError, streamException } from './errors.ts';

const aws = (type: string) => new Headers({ 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'content-type': 'application/json' });
const body = (message: string) => JSON.stringify({ message });

describe('bedrock errors', () => {
  it('names the error from the header or the body __type', () => {
    expect(awsErrorName('ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/')).toBe('ValidationException');
    expect(awsErrorName('com.amazon.coral.service#UnrecognizedClientException')).toBe('UnrecognizedClientException');
    expect(awsErrorName(null)).toBeUndefined();
    expect(parseBedrockError(400, JSON.stringify({ __type: 'com.amazon.bedrock#ValidationException', Message: 'bad' }), new Headers(), 'acct')).toMatchObject({ status: 400, message: 'bad' });
  });

  it('ValidationException 400 keeps status and message; ResourceNotFoundException is a 404', () => {
    const v = parseBedrockError(400, body('Malformed input request: extraneous key [x].'), aws('ValidationException'), 'acct');
    expect(v).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'upstream_rejected', message: 'Malformed input request: extraneous key [x].' });
    const n = parseBedrockError(404, body('Model not found.'), aws('ResourceNotFoundException'), 'acct');
    expect(n).toMatchObject({ status: 404, code: 'model_not_found', message: 'Model not found.', param: 'model' });
    expect(parseBedrockError(422, body('Unprocessable.'), new Headers(), 'acct')).toMatchObject({ status: 422, message: 'Unprocessable.' });
  });

  it('credential failures become 502 upstream_auth_failed without the upstream message', () => {
    for (const t of ['AccessDeniedException', 'UnrecognizedClientException', 'InvalidSignatureException']) {
      const e = parseBedrockError(403, body('The security token included in the request is invalid. AKIDSECRET'), aws(t), 'acct');
      expect(e).toMatchObject({ status: 502, type: 'upstream_error', code: 'upstream_auth_failed' });
      expect(e.message).not.toContain('AKIDSECRET');
    }
    expect(parseBedrockError(401, '', new Headers(), 'acct')).toMatchObject({ status: 502, code: 'upstream_auth_failed' });
  });

  it('ThrottlingException stays 429 with retry-after copied', () => {
    const h = aws('ThrottlingException');
    h.set('retry-after', '3');
    const e = parseBedrockError(429, body('Too many requests, please wait before trying again.'), h, 'acct');
    expect(e).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many requests, please wait before trying again.', headers: { 'retry-after': '3' } });
  });

  it('ServiceUnavailable / ModelNotReady / InternalServer become 502 carrying the message', () => {
    for (const [t, status] of [['ServiceUnavailableException', 503], ['ModelNotReadyException', 429], ['InternalServerException', 500]] as const) {
      const e = parseBedrockError(status, body('Try later.'), aws(t), 'acct');
      expect(e).toMatchObject({ status: 502, type: 'upstream_error' });
      expect(e.message).toContain('Try later.');
      expect(e.message).toContain(t);
    }
    expect(parseBedrockError(503, 'not json', new Headers(), 'acct')).toMatchObject({ status: 502, code: 'upstream_error' });
  });

  it('stream exceptions by member name', () => {
    expect(streamException('throttlingException', body('slow down'), 'acct')).toMatchObject({ status: 429, message: 'slow down' });
    expect(streamException('modelStreamErrorException', body('broke'), 'acct')).toMatchObject({ status: 502, code: 'upstream_stream_error' });
    expect(streamException('somethingElseException', '', 'acct')).toMatchObject({ status: 502 });
  });
});
