/**
 * POST /chat/completions: parse the body, resolve `provider_account/model_name`, admit the request
 * (access, limits, budgets), hand it to the account's provider adapter and return its response (streams
 * pass through as they arrive). Adapters report usage as soon as they know it — before answering for
 * JSON, at the end for streams — so the cost is computed once, from the final usage.
 */
import { randomBytes } from 'node:crypto';
import type { GatewayContext } from '../app.ts';
import { readJsonObject } from '../http.ts';
import { chatAdapters } from '../providers/index.ts';
import type { ChatContext, ChatUsage } from '../providers/types.ts';
import { resolveModel } from '../routing.ts';
import { upstreamFetch } from './upstream.ts';

export async function chatCompletions(request: Request, ctx: GatewayContext): Promise<Response> {
  const body = await readJsonObject(request, ctx.config.maxBodyBytes);
  const target = resolveModel(ctx.config, body.model);
  const { exchange } = ctx;
  exchange.stream = body.stream === true;
  await exchange.admit(target.account, target.model);
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
  let completionId: string | undefined;
  const chat: ChatContext = {
    account: target.account,
    model: target.model,
    requestedModel: body.model as string,
    requestId: ctx.requestId,
    // Only translated answers need an id of their own (a passthrough keeps OpenAI's): made on first use.
    get completionId() { return (completionId ??= `chatcmpl-${randomBytes(15).toString('base64url')}`); },
    created: Math.floor(Date.now() / 1000),
    stream: body.stream === true,
    includeUsage: body.stream === true && streamOptions?.include_usage === true,
  };
  return chatAdapters[target.account.provider]({
    body, ctx: chat, signal: request.signal, fetch: upstreamFetch(ctx),
    onUsage: (u) => exchange.addUsage(usageOf(u)),
  });
}

export function usageOf(u: ChatUsage): import('../cost.ts').Usage {
  return {
    inputTokens: u.prompt_tokens,
    outputTokens: u.completion_tokens,
    cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
