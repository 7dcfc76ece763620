/**
 * Cohere Chat v2 (`POST {baseURL}/v2/chat`, Bearer key) behind the OpenAI chat contract: the
 * translator (request.ts, response.ts, stream.ts, errors.ts; tables in mappings.ts and params.ts)
 * driven by the shared driver, which does the HTTP, SSE framing and error events.
 */
import type { ChatAdapter } from '../adapter.ts';
import { runTranslatedChat } from '../driver.ts';
import type { ChatTranslator } from '../types.ts';
import { parseCohereError } from './errors.ts';
import { buildChatRequest } from './request.ts';
import { parseChatResponse } from './response.ts';
import { CohereStreamTranslator } from './stream.ts';

export const cohereTranslator: ChatTranslator = {
  buildRequest: buildChatRequest,
  parseResponse: parseChatResponse,
  createStreamTranslator: (ctx) => new CohereStreamTranslator(ctx),
  parseError: parseCohereError,
};

export const cohereChat: ChatAdapter = (call) => runTranslatedChat(cohereTranslator, call);
