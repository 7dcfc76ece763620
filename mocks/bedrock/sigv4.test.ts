/**
 * SigV4 verification: AWS's published test vectors (get-vanilla, get-vanilla-query-order-key-case)
 * reproduce with the signing functions, and requests signed by the SDK's own signer
 * (@smithy/signature-v4) verify — plain, through a mount prefix, with a model id that needs double
 * encoding — while every kind of tampering is refused with the error AWS answers.
 */
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  AWS_EXAMPLE_ACCESS_KEY_ID, AWS_EXAMPLE_SECRET_ACCESS_KEY, canonicalQuery, canonicalRequest, canonicalUris, DEFAULT_CREDENTIALS,
  sha256Hex, signature, signingKey, stringToSign, TOUCHSTONE_ACCESS_KEY_ID, TOUCHSTONE_SECRET_ACCESS_KEY, verifySigV4,
} from './sigv4.ts';

function vector(search: string): string {
  const canonical = canonicalRequest({
    method: 'GET', uri: '/', query: canonicalQuery(search),
    headers: [['host', 'example.amazonaws.com'], ['x-amz-date', '20150830T123600Z']], payloadHash: sha256Hex(''),
  });
  const key = signingKey(AWS_EXAMPLE_SECRET_ACCESS_KEY, '20150830', 'us-east-1', 'service');
  return signature(key, stringToSign('20150830T123600Z', '20150830/us-east-1/service/aws4_request', canonical));
}

const HOST = '127.0.0.1:8080';
const MODEL_PATH = '/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse';

async function sdkSigned(path: string, body: string, secret = TOUCHSTONE_SECRET_ACCESS_KEY, service = 'bedrock', region = 'us-east-1') {
  const signer = new SignatureV4({ service, region, sha256: Sha256, credentials: { accessKeyId: TOUCHSTONE_ACCESS_KEY_ID, secretAccessKey: secret } });
  const signed = await signer.sign({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 8080, path, query: {},
    headers: { host: HOST, 'content-type': 'application/json' }, body,
  });
  return new Headers(signed.headers as Record<string, string>);
}

function verify(headers: Headers, path: string, body: string, extra: { prefixes?: string[] } = {}) {
  return verifySigV4({
    method: 'POST', path, search: '', headers, host: HOST, body: new TextEncoder().encode(body),
    region: 'us-east-1', service: 'bedrock', credentials: DEFAULT_CREDENTIALS, pathPrefixes: extra.prefixes ?? [],
  });
}

describe('SigV4', () => {
  it("reproduces AWS's published test-suite signatures", () => {
    expect(AWS_EXAMPLE_ACCESS_KEY_ID).toBe('AKIDEXAMPLE');
    expect(vector('')).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    expect(vector('?Param2=value2&Param1=value1')).toBe('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
  });

  it('encodes path segments twice for a non-S3 service', () => {
    expect(canonicalUris(MODEL_PATH)).toEqual(['/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse']);
    expect(canonicalUris('/model/a:b/converse')).toEqual(['/model/a%3Ab/converse', '/model/a%253Ab/converse']);
  });

  it("accepts the SDK signer's signature, also over a mount prefix", async () => {
    const body = '{"messages":[]}';
    expect(verify(await sdkSigned(MODEL_PATH, body), MODEL_PATH, body)).toBeNull();
    const prefixed = await sdkSigned(`/bedrock${MODEL_PATH}`, body);
    expect(verify(prefixed, MODEL_PATH, body)?.type).toBe('InvalidSignatureException');
    expect(verify(prefixed, MODEL_PATH, body, { prefixes: ['/bedrock'] })).toBeNull();
  });

  it('refuses a wrong secret, a tampered body, header or path, with the canonical string AWS expected', async () => {
    const body = '{"messages":[]}';
    const wrong = verify(await sdkSigned(MODEL_PATH, body, 'not-the-secret'), MODEL_PATH, body);
    expect(wrong).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    expect(wrong!.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
    expect(wrong!.message).toContain('The Canonical String for this request should have been');
    const headers = await sdkSigned(MODEL_PATH, body);
    expect(verify(headers, MODEL_PATH, '{"messages":[1]}')?.type).toBe('InvalidSignatureException');
    expect(verify(headers, MODEL_PATH.replace('converse', 'invoke'), body)?.type).toBe('InvalidSignatureException');
    const changed = new Headers(headers);
    changed.set('content-type', 'text/plain');
    expect(verify(changed, MODEL_PATH, body)?.type).toBe('InvalidSignatureException');
  });

  it('refuses unknown keys, missing parts and a scope for another service, region or day', async () => {
    const body = '{}';
    const headers = await sdkSigned(MODEL_PATH, body);
    const unknown = new Headers(headers);
    unknown.set('authorization', headers.get('authorization')!.replace(TOUCHSTONE_ACCESS_KEY_ID, 'AKIDNOBODY'));
    expect(verify(unknown, MODEL_PATH, body)).toMatchObject({ type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    expect(verify(await sdkSigned(MODEL_PATH, body, undefined, 's3'), MODEL_PATH, body)?.message).toBe("Credential should be scoped to correct service: 'bedrock'. ");
    expect(verify(await sdkSigned(MODEL_PATH, body, undefined, 'bedrock', 'eu-west-1'), MODEL_PATH, body)?.message).toBe('Credential should be scoped to a valid region. ');
    const noDate = new Headers(headers);
    noDate.delete('x-amz-date');
    expect(verify(noDate, MODEL_PATH, body)?.type).toBe('IncompleteSignatureException');
    const otherDay = new Headers(headers);
    otherDay.set('x-amz-date', '20200101T000000Z');
    expect(verify(otherDay, MODEL_PATH, body)?.message).toMatch(/^Date in Credential scope does not match YYYYMMDD/);
    const partial = new Headers(headers);
    partial.set('authorization', 'AWS4-HMAC-SHA256 Credential=AKIDTOUCHSTONE/20250101/us-east-1/bedrock/aws4_request');
    expect(verify(partial, MODEL_PATH, body)?.message).toMatch(/^Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\./);
  });
});
