/**
 * Which provider account a request beyond chat completions goes to, and with which model: the routing
 * rules written out at the top of index.ts (a gateway model id decides; else `x-tfy-provider-name`;
 * neither is a 400), plus the serving matrix — which providers serve which API. `routeRequest` resolves
 * and then admits the request on the exchange (access 403, limits and budgets 429) before any upstream
 * call; `resolveTarget` is the pure part, for the multipart routes that learn the model while reading.
 */
import type { GatewayContext } from '../app.ts';
import type { GatewayConfig, ProviderKind, ResolvedAccount } from '../config.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { ApiName } from '../exchange.ts';
import type { HeaderReader } from '../http.ts';

export const PROVIDER_HEADER = 'x-tfy-provider-name';

export interface Endpoint {
  api: ApiName;
  /** How messages name the operation, e.g. `POST /embeddings`. */
  label: string;
  /**
   * The API runs a model the account must enable (embeddings, images, audio, moderations, responses
   * create, rerank). Not for fine-tuning's base model or APIs without a model (files, batches, ids).
   */
  modelBound: boolean;
}

export interface Target {
  account: ResolvedAccount;
  /** The bare upstream model name; undefined when the request names no model. */
  model?: string;
}

/** Providers that serve each API beyond chat. Others answer 400 unsupported_endpoint. */
export const SERVED_BY: Partial<Record<ApiName, readonly ProviderKind[]>> = {
  embeddings: ['openai', 'azure-openai'],
  responses: ['openai', 'azure-openai'],
  images: ['openai'],
  audio: ['openai'],
  files: ['openai'],
  batches: ['openai'],
  fine_tuning: ['openai'],
  moderations: ['openai'],
  // OpenAI has no rerank API; Cohere's v2 rerank is the upstream.
  rerank: ['cohere'],
};

/** The x-tfy-provider-name header, trimmed; undefined when absent. */
export function providerHeader(headers: HeaderReader): string | undefined {
  const value = headers.get(PROVIDER_HEADER);
  if (value === null) return undefined;
  const name = value.trim();
  if (!name) throw new BadRequestError('invalid_provider_header', `The ${PROVIDER_HEADER} header is empty; expected the name of a provider account.`, PROVIDER_HEADER);
  return name;
}

function checkServes(account: ResolvedAccount, endpoint: Endpoint): void {
  const served = SERVED_BY[endpoint.api] ?? [];
  if (served.includes(account.provider)) return;
  throw new BadRequestError('unsupported_endpoint',
    `Provider account "${account.name}" (provider ${account.provider}) does not serve ${endpoint.label}; it is served by accounts of provider ${served.join(', ') || 'none'}.`);
}

function checkModelEnabled(account: ResolvedAccount, model: string, endpoint: Endpoint): void {
  if (!endpoint.modelBound || account.models.has(model)) return;
  throw new NotFoundError('model_not_found', `The model \`${account.name}/${model}\` does not exist: account "${account.name}" does not enable "${model}".`, 'model');
}

/**
 * The account and bare model for a request naming `model` (undefined: it names none) and carrying the
 * provider header `header` (undefined: absent). Throws the 400/404 the routing rules give.
 */
export function resolveTarget(config: GatewayConfig, endpoint: Endpoint, header: string | undefined, model: unknown): Target {
  if (model !== undefined && (typeof model !== 'string' || model === '')) {
    throw new BadRequestError('invalid_type', "Invalid value for 'model': expected a non-empty string (provider_account/model_name, or a bare model name with the x-tfy-provider-name header).", 'model');
  }
  const slash = model === undefined ? -1 : model.indexOf('/');
  const prefix = slash > 0 ? model!.slice(0, slash) : undefined;
  const named = prefix === undefined ? undefined : config.accounts.get(prefix);
  // Rule 1: a gateway model id decides. With the header, a prefix that is no account is a bare name with a slash.
  if (prefix !== undefined && (named || header === undefined)) {
    if (header !== undefined && header !== prefix) {
      throw new BadRequestError('provider_mismatch',
        `The model \`${model}\` names provider account "${prefix}" but the ${PROVIDER_HEADER} header names "${header}"; send one of them, or make them agree.`, 'model');
    }
    if (!named) {
      const code = endpoint.modelBound ? 'model_not_found' : 'provider_account_not_found';
      throw new NotFoundError(code, `The model \`${model}\` does not exist: no provider account named "${prefix}".`, 'model');
    }
    const bare = model!.slice(slash + 1);
    if (!bare) throw new BadRequestError('invalid_value', `Invalid value for 'model': \`${model}\` has no model name after the provider account.`, 'model');
    checkServes(named, endpoint);
    checkModelEnabled(named, bare, endpoint);
    return { account: named, model: bare };
  }
  // Rule 2: the header decides; a bare model passes through as it is.
  if (header === undefined) {
    throw new BadRequestError('missing_provider',
      `Cannot tell which provider account to use for ${endpoint.label}: send the ${PROVIDER_HEADER} header naming one, or a model of the form provider_account/model_name in 'model'.`, 'model');
  }
  const account = config.accounts.get(header);
  if (!account) {
    throw new NotFoundError('provider_account_not_found', `No provider account named "${header}" (from the ${PROVIDER_HEADER} header).`, PROVIDER_HEADER);
  }
  checkServes(account, endpoint);
  if (model === undefined) return { account };
  checkModelEnabled(account, model, endpoint);
  return { account, model };
}

/** Admit the request on the exchange: the model of a model-bound API, else the account as a whole. */
export async function admitTarget(ctx: GatewayContext, endpoint: Endpoint, target: Target): Promise<void> {
  if (endpoint.modelBound && target.model !== undefined) await ctx.exchange.admit(target.account, target.model);
  else await ctx.exchange.admit(target.account);
}

/** Resolve the target of a request whose model (if any) is known, and admit it. */
export async function routeRequest(ctx: GatewayContext, request: Request, endpoint: Endpoint, model: unknown): Promise<Target> {
  const target = resolveTarget(ctx.config, endpoint, providerHeader(request.headers), model);
  await admitTarget(ctx, endpoint, target);
  return target;
}

/** The request body with `model` replaced by the bare upstream name (same key order). */
export function withUpstreamModel(body: Record<string, unknown>, target: Target): Record<string, unknown> {
  return target.model === undefined || !('model' in body) ? body : { ...body, model: target.model };
}
