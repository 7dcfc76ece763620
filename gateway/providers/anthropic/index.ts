/**
 * Anthropic Messages API as a chat-completions provider: the ChatTranslator built from request.ts,
 * response.ts, stream.ts and errors.ts, and the adapter the chat route calls. The transport (URL,
 * headers, where the model goes) is the only thing that differs between api.anthropic.com and Claude
 * on Vertex AI (vertex.ts), so it is a parameter of the translator.
 */
import type { ChatAdapter } from '../adapter.ts';
import { runTranslatedChat } from '../driver.ts';
import type { ChatContext, ChatTranslator, UpstreamHttpRequest } from '../types.ts';
import type { Json, ProviderLabel } from './checks.ts';
import { parseAnthropicError } from './errors.ts';
import { ANTHROPIC_VERSION } from './mappings.ts';
import { translateChatRequest } from './request.ts';
import { translateChatResponse } from './response.ts';
import { AnthropicStreamTranslator } from './stream.ts';

export interface AnthropicTransport extends ProviderLabel {
  /** Wrap a translated Messages body (without `model`) into the upstream HTTP request. */
  toHttp(messagesBody: Json, ctx: ChatContext): UpstreamHttpRequest;
}

export function createAnthropicTranslator(transport: AnthropicTransport): ChatTranslator {
  return {
    buildRequest: (body, ctx) => transport.toHttp(translateChatRequest(body, ctx, transport), ctx),
    parseResponse: (json, ctx) => translateChatResponse(json, ctx, ctx.account.name),
    createStreamTranslator: (ctx) => new AnthropicStreamTranslator(ctx, ctx.account.name),
    parseError: (status, text, headers, ctx) => parseAnthropicError(status, text, headers, ctx.account.name),
  };
}

/** api.anthropic.com: POST {base}/v1/messages with x-api-key and anthropic-version; model in the body. */
export const anthropicTransport: AnthropicTransport = {
  label: 'Anthropic',
  toHttp: (messagesBody, ctx) => ({
    url: `${ctx.account.baseURL}/v1/messages`,
    headers: {
      'content-type': 'application/json',
      accept: ctx.stream ? 'text/event-stream' : 'application/json',
      'x-api-key': ctx.account.apiKey,
      'anthropic-version': ANTHROPIC_VERSION,
    },
    body: JSON.stringify({ model: ctx.model, ...messagesBody }),
  }),
};

export const anthropicTranslator = createAnthropicTranslator(anthropicTransport);

export const anthropicChat: ChatAdapter = (call) => runTranslatedChat(anthropicTranslator, call);
