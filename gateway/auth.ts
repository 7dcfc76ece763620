/**
 * Bearer-key authentication: the key is hashed (SHA-256) and compared with every configured key hash
 * in constant time — no early exit, no hash-table lookup on the secret — so neither which key matched
 * nor how close a guess came shows in the timing. Keys are never held in clear. Returns the key (name,
 * user, team, access); throws 401 envelopes otherwise.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayConfig, ResolvedKey } from './config.ts';
import { AuthenticationError } from './errors.ts';
import type { HeaderReader } from './http.ts';

const digests = new WeakMap<GatewayConfig, { digest: Buffer; key: ResolvedKey }[]>();

function keyDigests(config: GatewayConfig): { digest: Buffer; key: ResolvedKey }[] {
  let list = digests.get(config);
  if (!list) {
    list = [...config.keys].map(([hex, key]) => ({ digest: Buffer.from(hex, 'hex'), key }));
    digests.set(config, list);
  }
  return list;
}

export function authenticate(headers: HeaderReader, config: GatewayConfig): ResolvedKey {
  const header = headers.get('authorization');
  if (!header) throw new AuthenticationError('missing_api_key', 'Missing API key: send it as "Authorization: Bearer <key>".');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthenticationError('invalid_api_key', 'Malformed Authorization header: expected "Bearer <key>".');
  const digest = createHash('sha256').update(match[1]!).digest();
  let found: ResolvedKey | undefined;
  for (const entry of keyDigests(config)) {
    if (timingSafeEqual(entry.digest, digest)) found = entry.key; // every entry is compared
  }
  if (found === undefined) throw new AuthenticationError('invalid_api_key', 'Invalid API key.');
  return found;
}
