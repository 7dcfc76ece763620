// Vertex AI end to end. Gemini models go through the Gemini translator with Vertex's publisher URL and
// Bearer token: the shared cases (google-cases.ts) — the openai SDK → gateway → Vertex simulator,
// answers validated against spec/ and the stream grammar, tools, every matrix column, the 400s,
// upstream faults, the journal. Claude models are handed to the Anthropic adapter (below).
import { expect, it } from 'vitest';
import { createGatewayHarness } from '../gateway-harness.ts';
import { describeGoogleProvider } from './google-cases.ts';

type Json = Record<string, any>;

describeGoogleProvider({
  title: 'vertex (Gemini models) through the gateway',
  upstream: 'vertex',
  account: 'vertex-main',
  name: 'Vertex',
  refusedBy: 'Vertex Gemini',
  baseURL: 'https://us-central1-aiplatform.googleapis.com',
  path: (model, stream = false) => `/v1/projects/touchstone-project/locations/us-central1/publishers/google/models/${model}:${stream ? 'streamGenerateContent' : 'generateContent'}`,
  credentialHeaders: { authorization: 'Bearer ya29.touchstone-vertex-0001', 'x-goog-api-key': undefined },
  serverErrorMessage: /failed with 500: Internal error/,
  badCredential: { noun: 'access token', value: 'not-an-access-token', upstreamMessage: 'Request had invalid authentication credentials' },
}, () => {
  it('hands claude-* models to the Anthropic adapter (publishers/anthropic), never to the Gemini translator', async () => {
    const h = createGatewayHarness();
    const response = await h.fetch('/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'vertex-main/claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).object).toBe('chat.completion');
    expect(h.journal('vertex').entries.map((e) => e.path)).toEqual([expect.stringMatching(/\/publishers\/anthropic\/models\/claude-sonnet-4-5[^/]*:rawPredict$/)]);
  });
});
