/**
 * Authentication as the official SDK meets it over loopback: the right static credentials pass, a
 * wrong secret is InvalidSignatureException (403), an unknown key UnrecognizedClientException, a request
 * without Authorization AccessDeniedException; Bedrock API keys work as bearer tokens (the SDK's
 * httpBearerAuth scheme) and a bad one is refused. Error answers carry AWS's headers.
 */
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkError, startBedrock, TEST_API_KEY, user, type BedrockHarness } from './test-kit.ts';
import { TOUCHSTONE_ACCESS_KEY_ID } from './index.ts';

let h: BedrockHarness;
beforeAll(async () => { h = await startBedrock(); });
afterAll(async () => { await h.close(); });

const converse = () => new ConverseCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [user('Hello')] });

describe('authentication', () => {
  it('accepts a request signed with the test credentials', async () => {
    const out = await h.client().send(converse());
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(h.sim.journal.last()!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTOUCHSTONE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/);
  });

  it('refuses a wrong secret with InvalidSignatureException, status 403', async () => {
    const error = await sdkError(h.client({ credentials: { accessKeyId: TOUCHSTONE_ACCESS_KEY_ID, secretAccessKey: 'wrong' } }).send(converse()));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const error = await sdkError(h.client({ credentials: { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: 'x' } }).send(converse()));
    expect(error.name).toBe('UnrecognizedClientException');
    expect(error.message).toBe('The security token included in the request is invalid.');
  });

  it('refuses a request without Authorization: 403 AccessDeniedException, AWS headers', async () => {
    const res = await fetch(`${h.base}/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await res.json()).toEqual({ Message: 'Authorization header is missing' });
  });

  it('accepts a Bedrock API key as a bearer token, from the SDK too, and refuses a bad one', async () => {
    const bearer = h.client({ token: { token: TEST_API_KEY }, authSchemePreference: ['httpBearerAuth'] });
    const out = await bearer.send(converse());
    expect(out.stopReason).toBe('end_turn');
    expect(h.sim.journal.last()!.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    const bad = await sdkError(h.client({ token: { token: 'not-a-bedrock-key' }, authSchemePreference: ['httpBearerAuth'] }).send(converse()));
    expect(bad.name).toBe('AccessDeniedException');
    expect(bad.$metadata?.httpStatusCode).toBe(403);
    expect(bad.message).toBe('Authentication failed: Please make sure your API Key is valid.');
  });

  it('answers an unknown operation with UnknownOperationException (404)', async () => {
    const res = await h.post('anthropic.claude-3-haiku-20240307-v1:0', 'chat', {});
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException:/);
  });
});
