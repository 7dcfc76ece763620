// Vertex AI: Gemini models are translated with Vertex's endpoint shape; Claude models go to the Anthropic adapter.
import { describe, expect, it } from 'vitest';
import { testContext } from '../gemini/fixtures.ts';
import { vertexGeminiTranslator } from './gemini.ts';
import { isClaudeModel, vertexChat } from './index.ts';

const account = { name: 'vertex-test', provider: 'vertex' as const, baseURL: 'https://us-central1-aiplatform.googleapis.com', apiKey: 'ya29.token', project: 'my-proj', region: 'us-central1' };
const body = { model: 'vertex-test/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };

describe('vertex', () => {
  it('builds the publisher model URL with a Bearer token', async () => {
    const plain = await vertexGeminiTranslator.buildRequest(body, testContext({}, account));
    expect(plain.url).toBe('https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent');
    expect(plain.headers.authorization).toBe('Bearer ya29.token');
    expect(plain.headers['x-goog-api-key']).toBeUndefined();
    expect(JSON.parse(plain.body)).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    const streamed = await vertexGeminiTranslator.buildRequest({ ...body, stream: true }, testContext({ stream: true }, account));
    expect(streamed.url).toMatch(/\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/);
  });

  it('names Vertex in its 400s', async () => {
    await expect(async () => vertexGeminiTranslator.buildRequest({ ...body, logit_bias: { 1: 1 } }, testContext({}, account))).rejects.toThrow(/Vertex/);
  });

  it('dispatches claude-* to the Anthropic adapter and Gemini models to the Gemini translator', async () => {
    expect(isClaudeModel('claude-sonnet-4-5')).toBe(true);
    expect(isClaudeModel('gemini-2.5-pro')).toBe(false);
    const urls: string[] = [];
    const fetch = (async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP' }] }), { headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof globalThis.fetch;
    const response = await vertexChat({ body, ctx: testContext({}, account), signal: new AbortController().signal, fetch });
    expect(urls).toEqual(['https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent']);
    expect(((await response.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('ok');
  });
});
