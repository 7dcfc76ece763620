/**
 * What the chat route hands to a provider: the OpenAI body, the per-request context and the transport.
 * An adapter answers with an OpenAI-shaped Response (JSON or SSE). Translated providers are
 * `(call) => runTranslatedChat(translator, call)`; OpenAI-family ones pass bodies through.
 */
import { GatewayError } from '../errors.ts';
import type { ChatBody, ChatContext, ChatUsage } from './types.ts';

export interface ChatCall {
  body: ChatBody;
  ctx: ChatContext;
  signal: AbortSignal;
  fetch: typeof fetch;
  /** Called once with the answer's usage: before returning a JSON answer, at the end of a stream. */
  onUsage?: (usage: ChatUsage) => void;
}

export type ChatAdapter = (call: ChatCall) => Promise<Response>;

/** For a provider whose adapter is not written yet: an honest 501 in the envelope. */
export function notImplemented(provider: string): ChatAdapter {
  return async () => {
    throw new GatewayError(501, 'server_error', 'provider_not_implemented', `Chat completions for provider "${provider}" are not implemented by this gateway.`);
  };
}
