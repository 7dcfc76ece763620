/**
 * Azure OpenAI chat adapter: the translator (request.ts, response.ts, stream.ts, errors.ts, with the
 * tables in mappings.ts) run by the shared driver. Azure speaks OpenAI's wire format on a per-deployment
 * URL with an api-version and an `api-key` header; what the translator adds is the gateway's grammar
 * (Azure's content-filter prelude chunk folded away), conventions (ids, usage details) and error rules.
 */
import type { ChatAdapter } from '../adapter.ts';
import { runTranslatedChat } from '../driver.ts';
import type { ChatTranslator } from '../types.ts';
import { parseAzureError } from './errors.ts';
import { buildAzureRequest } from './request.ts';
import { parseAzureResponse } from './response.ts';
import { AzureStreamTranslator } from './stream.ts';

export const azureOpenAITranslator: ChatTranslator = {
  buildRequest: (body, ctx) => buildAzureRequest(body, ctx),
  parseResponse: (json, ctx) => parseAzureResponse(json, ctx),
  createStreamTranslator: (ctx) => new AzureStreamTranslator(ctx),
  parseError: (status, text, headers, ctx) => parseAzureError(status, text, headers, ctx.account.name),
};

export const azureOpenAIChat: ChatAdapter = (call) => runTranslatedChat(azureOpenAITranslator, call);
