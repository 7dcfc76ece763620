/**
 * Amazon Bedrock Runtime chat adapter: OpenAI chat completions over Converse (`POST
 * {base}/model/{modelId}/converse`) and ConverseStream (`…/converse-stream`, AWS eventstream framing),
 * SigV4-signed with the account's AWS credentials and region (service `bedrock`), or a Bedrock API key
 * as a bearer token when the account has no AWS credentials. The shared driver does the HTTP and SSE.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatAdapter } from '../adapter.ts';
import { runTranslatedChat } from '../driver.ts';
import type { ChatContext, ChatTranslator, UpstreamHttpRequest } from '../types.ts';
import { parseBedrockError } from './errors.ts';
import { eventStreamFrames } from './eventstream.ts';
import { translateRequest } from './request.ts';
import { translateResponse } from './response.ts';
import { signRequest, uriEncode } from './sigv4.ts';
import { ConverseStreamTranslator } from './stream.ts';

export const BEDROCK_SIGNING_SERVICE = 'bedrock';

/** The Converse / ConverseStream URL of a model (the model id is one path label, fully encoded). */
export function converseUrl(baseURL: string, model: string, stream: boolean): string {
  return `${baseURL}/model/${uriEncode(model)}/${stream ? 'converse-stream' : 'converse'}`;
}

export function buildBedrockRequest(body: Record<string, unknown>, ctx: ChatContext, now = new Date()): UpstreamHttpRequest {
  const converse = translateRequest(body, ctx.model);
  const url = converseUrl(ctx.account.baseURL, ctx.model, ctx.stream);
  const payload = JSON.stringify(converse);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: ctx.stream ? 'application/vnd.amazon.eventstream' : 'application/json',
  };
  const { aws, region } = ctx.account;
  if (aws && region) {
    const signed = signRequest({ method: 'POST', url, headers, body: payload, region, service: BEDROCK_SIGNING_SERVICE, credentials: aws, now });
    return { url, headers: signed.headers, body: payload };
  }
  if (ctx.account.apiKey) return { url, headers: { ...headers, authorization: `Bearer ${ctx.account.apiKey}` }, body: payload };
  throw new UpstreamError(502, 'upstream_auth_failed', `Provider account "${ctx.account.name}" has neither AWS credentials with a region nor a Bedrock API key.`);
}

export const bedrockTranslator: ChatTranslator = {
  frames: eventStreamFrames,
  buildRequest: (body, ctx) => buildBedrockRequest(body, ctx),
  parseResponse: translateResponse,
  createStreamTranslator: (ctx) => new ConverseStreamTranslator(ctx),
  parseError: (status, text, headers, ctx) => parseBedrockError(status, text, headers, ctx.account.name),
};

export const bedrockChat: ChatAdapter = (call) => runTranslatedChat(bedrockTranslator, call);
