/**
 * The Vertex simulator through the official SDK in Vertex mode (a static OAuth token via
 * google-auth-library's OAuth2Client, base URL pointed at the simulator): generateContent, stream and
 * countTokens on the Vertex URL shape with Vertex's answer shape; the OAuth front end (401 in Google's
 * envelope), the location/region check, Vertex's wording for unknown models, roles, ranges, thought
 * signatures and quota faults; explicit caches under projects/…/locations/….
 */
import { describe, expect, it } from 'vitest';
import { createVertexSimulator } from './index.ts';
import { post, sdkError, vertexClient } from '../gemini/test-kit.ts';

const BASE = '/v1/projects/p1/locations/us-central1/publishers/google/models';
const bearer = { authorization: 'Bearer ya29.token' };

describe('vertex gemini', () => {
  it('answers generateContent, streams and counts through the SDK, Vertex-shaped', async () => {
    const sim = createVertexSimulator({ now: () => Date.UTC(2025, 5, 1, 12) });
    const ai = vertexClient(sim);
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello vertex' });
    expect(res.text).toBeTruthy();
    expect(res.candidates![0]!.index).toBeUndefined();
    expect(res.usageMetadata).toMatchObject({ trafficType: 'ON_DEMAND', candidatesTokensDetails: [{ modality: 'TEXT' }] });
    expect(res.createTime).toBe('2025-06-01T12:00:00.000000Z');
    expect(sim.journal.last()!.path).toBe('/v1beta1/projects/touchstone-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent');
    const raw = await (await post(sim, `${BASE}/gemini-2.5-flash:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'hello vertex' }] }] }, bearer)).text();
    expect(raw).toContain('"content": {\n        "role": "model",\n        "parts"');
    const chunks = [];
    for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hello vertex' })) chunks.push(c);
    expect(chunks.flatMap((c) => c.candidates![0]!.content?.parts ?? []).map((p) => p.text).join('')).toBe(res.text);
    const counted = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'hello vertex', config: { systemInstruction: 'be kind' } });
    expect(counted.totalTokens).toBe(4);
  });

  it('requires an OAuth bearer token: 401 UNAUTHENTICATED in Google’s envelope', async () => {
    const sim = createVertexSimulator();
    const missing = await post(sim, `${BASE}/gemini-2.5-flash:generateContent`, { contents: [] }, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: {
      code: 401, status: 'UNAUTHENTICATED',
      message: 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CREDENTIALS_MISSING', domain: 'googleapis.com',
        metadata: { method: 'google.cloud.aiplatform.v1.PredictionService.GenerateContent', service: 'aiplatform.googleapis.com' } }],
    } });
    const wrong = await sdkError(vertexClient(sim, { token: 'AIzaNotAnOAuthToken' }).models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/^Request had invalid authentication credentials\./);
    const pinned = createVertexSimulator({ apiKeys: ['static-token'] });
    expect((await post(pinned, `${BASE}/gemini-2.5-flash:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'x' }] }] }, { authorization: 'Bearer static-token' })).status).toBe(200);
  });

  it('checks the location against the host region; the global host takes any', async () => {
    const regional = await sdkError(vertexClient(createVertexSimulator(), { location: 'europe-west4' }).models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' }));
    expect(regional.status).toBe(400);
    expect(regional.body.error.message).toMatch(/^Location europe-west4 is not served by this endpoint \(us-central1\)/);
    const global = vertexClient(createVertexSimulator({ name: 'vertex-global', region: 'global' }), { location: 'global' });
    expect((await global.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' })).text).toBeTruthy();
  });

  it("speaks Vertex's wording: unknown models, roles, ranges, thought signatures, quota", async () => {
    const sim = createVertexSimulator();
    const ai = vertexClient(sim);
    const unknown = await sdkError(ai.models.generateContent({ model: 'gemini-9', contents: 'x' }));
    expect(unknown.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    expect(unknown.body.error.message).toMatch(/^Publisher Model `projects\/touchstone-project\/locations\/us-central1\/publishers\/google\/models\/gemini-9` was not found/);
    const roleless = await post(sim, `${BASE}/gemini-2.5-flash:generateContent`, { contents: [{ parts: [{ text: 'no role' }] }] }, bearer);
    expect((await roleless.json()).error.message).toBe('Please use a valid role: user, model.');
    const hot = await sdkError(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { temperature: 3 } }));
    expect(hot.body.error.message).toBe('Unable to submit request because it has a temperature value of 3 but the supported range is from 0 (inclusive) to 2.0001 (exclusive). Update the value and try again.');
    const call = { role: 'model', parts: [{ functionCall: { name: 'lookup', args: {} } }] };
    const unsigned = await sdkError(ai.models.generateContent({
      model: 'gemini-3-pro-preview', contents: [{ role: 'user', parts: [{ text: 'go' }] }, call, { role: 'user', parts: [{ functionResponse: { name: 'lookup', response: {} } }] }],
      config: { tools: [{ functionDeclarations: [{ name: 'lookup' }] }] },
    }));
    expect(unsigned.body.error.message).toMatch(/^Unable to submit request because function call `lookup` in the `1\. content block` is missing a `thought_signature`/);
    const limited = await sdkError(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { httpOptions: { headers: { 'x-touchstone-fault': 'rate_limit' } } } }));
    expect(limited.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', message: expect.stringMatching(/^Resource exhausted\. Please try again later\./) });
  });

  it('keeps explicit caches under the project and location', async () => {
    const ai = vertexClient(createVertexSimulator());
    const text = Array.from({ length: 1100 }, (_, i) => `w${i % 30}`).join(' ');
    const cache = await ai.caches.create({ model: 'gemini-2.5-flash', config: { contents: [{ role: 'user', parts: [{ text }] }] } });
    expect(cache.name).toMatch(/^projects\/touchstone-project\/locations\/us-central1\/cachedContents\/[a-z0-9]{12}$/);
    expect(cache.model).toBe('projects/touchstone-project/locations/us-central1/publishers/google/models/gemini-2.5-flash');
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: [{ role: 'user', parts: [{ text: 'and?' }] }], config: { cachedContent: cache.name! } });
    expect(res.usageMetadata!.cachedContentTokenCount).toBe(cache.usageMetadata!.totalTokenCount);
  });
});
