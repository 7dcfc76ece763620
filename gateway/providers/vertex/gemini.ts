/**
 * Gemini on Vertex AI: the Gemini translator with Vertex's endpoint,
 * `{base}/v1/projects/{project}/locations/{region}/publishers/google/models/{model}:generateContent`
 * (or `:streamGenerateContent?alt=sse`), authenticated with the account's OAuth access token.
 */
import { createGeminiTranslator, type GeminiEndpoint } from '../gemini/translator.ts';

export const vertexGeminiEndpoint: GeminiEndpoint = {
  provider: 'vertex',
  label: 'Vertex (Gemini)',
  endpoint: (ctx) => {
    const { baseURL, project = '', region = '', apiKey } = ctx.account;
    const path = `projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(region)}/publishers/google/models/${encodeURIComponent(ctx.model)}`;
    return {
      url: `${baseURL}/v1/${path}:${ctx.stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
      headers: { authorization: `Bearer ${apiKey}` },
    };
  },
};

export const vertexGeminiTranslator = createGeminiTranslator(vertexGeminiEndpoint);
