/**
 * Model routing: a gateway model id `provider_account/model_name` names a configured provider account
 * and one of the models it enables. Resolution failures are envelope errors naming the `model` param.
 */
import type { GatewayConfig, ResolvedAccount } from './config.ts';
import { BadRequestError, NotFoundError } from './errors.ts';

export interface RouteTarget {
  account: ResolvedAccount;
  /** The bare upstream model name (after the first "/"). */
  model: string;
}

export function resolveModel(config: GatewayConfig, model: unknown): RouteTarget {
  if (model === undefined) throw new BadRequestError('missing_required_parameter', "Missing required parameter: 'model'.", 'model');
  if (typeof model !== 'string' || model === '') {
    throw new BadRequestError('invalid_type', `Invalid type for 'model': expected a string of the form provider_account/model_name.`, 'model');
  }
  const slash = model.indexOf('/');
  if (slash <= 0 || slash === model.length - 1) {
    throw new NotFoundError('model_not_found', `The model \`${model}\` does not exist: gateway model ids have the form provider_account/model_name.`, 'model');
  }
  const accountName = model.slice(0, slash);
  const bare = model.slice(slash + 1);
  const account = config.accounts.get(accountName);
  if (!account) throw new NotFoundError('model_not_found', `The model \`${model}\` does not exist: no provider account named "${accountName}".`, 'model');
  if (!account.models.has(bare)) {
    throw new NotFoundError('model_not_found', `The model \`${model}\` does not exist: account "${accountName}" does not enable "${bare}".`, 'model');
  }
  return { account, model: bare };
}
