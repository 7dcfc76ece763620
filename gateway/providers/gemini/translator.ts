/**
 * The Gemini `ChatTranslator`, parameterised by where the model lives: the Gemini API
 * (`{base}/v1beta/models/{model}:generateContent`, `x-goog-api-key`) or Vertex AI (vertex/gemini.ts,
 * project/location URL and a Bearer token). Request, response, stream and error translation are the
 * same wire format for both; only the endpoint and the matrix row differ.
 */
import type { ChatBody, ChatContext, ChatTranslator, UpstreamHttpRequest } from '../types.ts';
import { parseGeminiError } from './errors.ts';
import { translateChatRequest, type GeminiTarget } from './request.ts';
import { translateResponse } from './response.ts';
import { GeminiStreamTranslator } from './stream.ts';

export interface GeminiEndpoint extends GeminiTarget {
  /** URL and headers of generateContent (or streamGenerateContent?alt=sse) for this request. */
  endpoint(ctx: ChatContext): { url: string; headers: Record<string, string> };
}

/** The Gemini API (generativelanguage.googleapis.com). */
export const geminiApiEndpoint: GeminiEndpoint = {
  provider: 'gemini',
  label: 'Gemini',
  endpoint: (ctx) => ({
    url: `${ctx.account.baseURL}/v1beta/models/${encodeURIComponent(ctx.model)}:${ctx.stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
    headers: { 'x-goog-api-key': ctx.account.apiKey },
  }),
};

export function createGeminiTranslator(target: GeminiEndpoint): ChatTranslator {
  return {
    buildRequest(body: ChatBody, ctx: ChatContext): UpstreamHttpRequest {
      const upstreamBody = translateChatRequest(body, ctx.model, target);
      const { url, headers } = target.endpoint(ctx);
      return {
        url,
        headers: { 'content-type': 'application/json', accept: ctx.stream ? 'text/event-stream' : 'application/json', ...headers },
        body: JSON.stringify(upstreamBody),
      };
    },
    parseResponse: translateResponse,
    createStreamTranslator: (ctx) => new GeminiStreamTranslator(ctx),
    parseError: parseGeminiError,
  };
}
