/**
 * POST /chat/completions: parse the body, resolve `provider_account/model_name`, hand the request to
 * the account's provider adapter and return its response (streams pass through as they arrive).
 */
import type { GatewayContext } from '../app.ts';
import { readJsonObject } from '../http.ts';
import { resolveModel } from '../routing.ts';
import { openaiChat } from '../providers/openai/chat.ts';

const adapters = { openai: openaiChat } as const;

export async function chatCompletions(request: Request, ctx: GatewayContext): Promise<Response> {
  const body = await readJsonObject(request, ctx.config.maxBodyBytes);
  const target = resolveModel(ctx.config, body.model);
  const adapter = adapters[target.account.provider];
  return adapter({ target, body, signal: request.signal, fetch: ctx.fetch, requestId: ctx.requestId });
}
