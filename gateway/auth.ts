/**
 * Bearer-key authentication: the key is hashed and looked up among the configured key hashes, so
 * keys are never held in clear. Returns the key (name, user, team, access); throws 401 envelopes otherwise.
 */
import type { GatewayConfig, ResolvedKey } from './config.ts';
import { hashKey } from './config.ts';
import { AuthenticationError } from './errors.ts';

export function authenticate(headers: Headers, config: GatewayConfig): ResolvedKey {
  const header = headers.get('authorization');
  if (!header) throw new AuthenticationError('missing_api_key', 'Missing API key: send it as "Authorization: Bearer <key>".');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthenticationError('invalid_api_key', 'Malformed Authorization header: expected "Bearer <key>".');
  const key = config.keys.get(hashKey(match[1]!));
  if (key === undefined) throw new AuthenticationError('invalid_api_key', 'Invalid API key.');
  return key;
}
