// SigV4 against AWS's published vectors (the signature-v4 test suite "get-vanilla" request and the
// signing-key derivation example) and a Bedrock Converse request whose signature was cross-checked
// against the AWS SDK's signer: double-encoded model-id path, signed content hash, header order.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { amzDate, canonicalPath, canonicalQuery, signingKey, signRequest, uriEncode } from './sigv4.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('bedrock sigv4', () => {
  it('get-vanilla from the AWS SigV4 test suite', () => {
    const signed = signRequest({
      method: 'GET', url: 'https://example.amazonaws.com/', headers: {}, body: '', region: 'us-east-1', service: 'service',
      credentials, now: new Date('2015-08-30T12:36:00Z'), contentSha256Header: false,
    });
    expect(signed.canonicalRequest).toBe('GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(signed.headers.authorization).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('derives the signing key as in the AWS documentation example', () => {
    expect(signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam').toString('hex'))
      .toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  it('signs a Converse request like the AWS SDK (path label encoded once on the wire, twice in the canonical URI)', () => {
    const body = '{"messages":[{"role":"user","content":[{"text":"hi"}]}]}';
    const url = `https://bedrock-runtime.us-west-2.amazonaws.com/model/${uriEncode('us.anthropic.claude-sonnet-4-5-20250929-v1:0')}/converse`;
    expect(url).toContain('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse');
    const signed = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json', accept: 'application/json' }, body, region: 'us-west-2', service: 'bedrock', credentials, now: new Date('2025-01-02T03:04:05Z') });
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%253A0/converse');
    expect(signed.signedHeaders).toBe('accept;content-type;host;x-amz-content-sha256;x-amz-date');
    // The value @smithy/signature-v4 produces for the same request and instant.
    expect(signed.signature).toBe('54e15cdf6455788935026077bb5c639ae56ba7ab3028239b3cedb14ade130be6');
    expect(signed.headers).toMatchObject({
      host: 'bedrock-runtime.us-west-2.amazonaws.com',
      'x-amz-date': '20250102T030405Z',
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    });
    expect(signed.headers.authorization).toBe(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-west-2/bedrock/aws4_request, SignedHeaders=${signed.signedHeaders}, Signature=${signed.signature}`);
  });

  it('adds the session token when the credentials carry one', () => {
    const signed = signRequest({ method: 'POST', url: 'https://h.example/x', headers: {}, body: '', region: 'us-east-1', service: 'bedrock', credentials: { ...credentials, sessionToken: 'tok' }, now: new Date(0) });
    expect(signed.headers['x-amz-security-token']).toBe('tok');
    expect(signed.signedHeaders).toContain('x-amz-security-token');
  });

  it('canonical pieces: path normalization and re-encoding, sorted query, dates', () => {
    expect(canonicalPath('/a/./b/../c//d%3A/')).toBe('/a/c/d%253A/');
    expect(canonicalPath('')).toBe('/');
    expect(canonicalQuery(new URLSearchParams('b=2&a=x y&a=1'))).toBe('a=1&a=x%20y&b=2');
    expect(uriEncode("a:b/c!'()*~")).toBe('a%3Ab%2Fc%21%27%28%29%2A~');
    expect(amzDate(new Date('2025-01-02T03:04:05.678Z'))).toEqual({ long: '20250102T030405Z', short: '20250102' });
  });
});
