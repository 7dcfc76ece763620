/**
 * The ChatTranslator of one OpenAI-compatible provider for one request: its quirks row plus what the
 * request itself decides about the answer's translation (a client asking Groq for
 * `reasoning_format: "raw"` gets the `<think>` tags in content, untouched).
 */
import type { ChatBody, ChatTranslator } from '../types.ts';
import { mapUpstreamError, readErrorBody } from './errors.ts';
import type { ProviderQuirks } from './quirks.ts';
import { buildChatRequest } from './request.ts';
import { translateResponse, type TranslateOptions } from './response.ts';
import { OpenAICompatibleStream } from './stream.ts';

export function translateOptions(body: ChatBody, quirks: ProviderQuirks): TranslateOptions {
  return { splitThinkTags: quirks.thinkTags && body.reasoning_format !== 'raw' };
}

export function createTranslator(quirks: ProviderQuirks, body: ChatBody): ChatTranslator {
  const options = translateOptions(body, quirks);
  return {
    buildRequest: (request, ctx) => buildChatRequest(request, ctx, quirks),
    parseResponse: (json, ctx) => translateResponse(json, ctx, quirks, options),
    createStreamTranslator: (ctx) => new OpenAICompatibleStream(ctx, quirks, options),
    parseError: (status, text, headers, ctx) => mapUpstreamError(status, readErrorBody(text), headers, ctx.account.name, quirks),
  };
}
