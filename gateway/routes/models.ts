/**
 * GET /models, answered by the gateway from its config, not by an upstream: every `account/model` the
 * calling key may use (gateway/access.ts), in config order, as OpenAI's list shape. `owned_by` is the
 * account's provider; `created` is when this gateway process started (the config has no dates). With
 * `x-tfy-provider-name`, only that account's models. A key that may use nothing gets a 403, like
 * every other endpoint.
 */
import { mayUseModel } from '../access.ts';
import type { GatewayContext } from '../app.ts';
import { NotFoundError, PermissionDeniedError } from '../errors.ts';
import { PROVIDER_HEADER, providerHeader } from './target.ts';

const STARTED = Math.floor(performance.timeOrigin / 1000);

export async function listModels(request: Request, ctx: GatewayContext): Promise<Response> {
  const key = ctx.exchange.key!;
  if (key.access.length === 0) throw new PermissionDeniedError(`The API key "${key.name}" may use no models (it has no access patterns, and no team that has).`);
  const only = providerHeader(request.headers);
  if (only !== undefined && !ctx.config.accounts.has(only)) {
    throw new NotFoundError('provider_account_not_found', `No provider account named "${only}" (from the ${PROVIDER_HEADER} header).`, PROVIDER_HEADER);
  }
  const data: { id: string; object: 'model'; created: number; owned_by: string }[] = [];
  for (const account of ctx.config.accounts.values()) {
    if (only !== undefined && account.name !== only) continue;
    for (const model of account.models) {
      if (mayUseModel(key, account.name, model)) data.push({ id: `${account.name}/${model}`, object: 'model', created: STARTED, owned_by: account.provider });
    }
  }
  return Response.json({ object: 'list', data });
}
