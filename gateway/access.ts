/**
 * Access control: which gateway models a key may use. A key's patterns (its own `access`, else its
 * team's) are gateway model ids `account/model`, `account/*` (every model of the account) or `*`.
 * A key with no patterns may use nothing (deny by default). Refusals are 403 envelopes that name the
 * model or account, never which keys could use it.
 */
import type { ResolvedKey } from './config.ts';
import { PermissionDeniedError } from './errors.ts';

/** May the key use `model` (bare name) of `account`? */
export function mayUseModel(key: ResolvedKey, account: string, model: string): boolean {
  for (const p of key.access) {
    if (p === '*' || p === `${account}/*` || p === `${account}/${model}`) return true;
  }
  return false;
}

/** May the key use the account at all (any of its models)? For APIs not bound to one model (files, batches). */
export function mayUseAccount(key: ResolvedKey, account: string): boolean {
  const prefix = `${account}/`;
  return key.access.some((p) => p === '*' || p.startsWith(prefix));
}

export function assertMayUse(key: ResolvedKey, account: string, model?: string): void {
  if (model !== undefined) {
    if (!mayUseModel(key, account, model)) {
      throw new PermissionDeniedError(`The API key "${key.name}" may not use the model \`${account}/${model}\`.`, 'model');
    }
  } else if (!mayUseAccount(key, account)) {
    throw new PermissionDeniedError(`The API key "${key.name}" may not use the provider account "${account}".`);
  }
}
