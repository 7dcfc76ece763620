/**
 * POST /chat/completions: parse the body, resolve `provider_account/model_name`, hand the request to
 * the account's provider adapter and return its response (streams pass through as they arrive).
 */
import { randomBytes } from 'node:crypto';
import type { GatewayContext } from '../app.ts';
import { readJsonObject } from '../http.ts';
import { chatAdapters } from '../providers/index.ts';
import type { ChatContext } from '../providers/types.ts';
import { resolveModel } from '../routing.ts';

export async function chatCompletions(request: Request, ctx: GatewayContext): Promise<Response> {
  const body = await readJsonObject(request, ctx.config.maxBodyBytes);
  const target = resolveModel(ctx.config, body.model);
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
  const chat: ChatContext = {
    account: target.account,
    model: target.model,
    requestedModel: body.model as string,
    requestId: ctx.requestId,
    completionId: `chatcmpl-${randomBytes(15).toString('base64url')}`,
    created: Math.floor(Date.now() / 1000),
    stream: body.stream === true,
    includeUsage: body.stream === true && streamOptions?.include_usage === true,
  };
  return chatAdapters[target.account.provider]({ body, ctx: chat, signal: request.signal, fetch: ctx.fetch });
}
