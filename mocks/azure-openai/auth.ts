/**
 * Azure OpenAI authentication: the `api-key` header (a resource key), or `Authorization: Bearer` with
 * a Microsoft Entra ID access token — or, on the v1 routes as the plain OpenAI client sends it, the
 * resource key as the bearer token.
 *
 * Valid keys: `apiKeys` (exact list) when given, otherwise any 32-hex-character key (the classic Azure
 * resource-key format). Valid Entra tokens: `entraTokens` (exact list) when given, otherwise any
 * JWT-shaped token (three base64url segments whose first decodes to a JSON header with `alg`).
 * A bad or missing key → Azure's 401 "Access denied due to invalid subscription key…"; a bad bearer
 * token → its 401 "Unauthorized. Access token is missing, invalid…".
 */
import { azureErrors, type AzureError } from './errors.ts';

export interface AuthOptions {
  apiKeys?: readonly string[];
  entraTokens?: readonly string[];
}

const RESOURCE_KEY = /^[0-9a-f]{32}$/i;
const JWT = /^([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function isJwt(token: string): boolean {
  const head = JWT.exec(token)?.[1];
  if (!head) return false;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string';
  } catch {
    return false;
  }
}

export function authenticate(headers: Headers, options: AuthOptions): AzureError | null {
  const validKey = (key: string) => (options.apiKeys ? options.apiKeys.includes(key) : RESOURCE_KEY.test(key));
  const key = headers.get('api-key')?.trim();
  if (key) return validKey(key) ? null : azureErrors.invalidKey();
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
  if (!bearer) return azureErrors.invalidKey();
  if (validKey(bearer)) return null;
  const validToken = options.entraTokens ? options.entraTokens.includes(bearer) : isJwt(bearer);
  return validToken ? null : azureErrors.invalidToken();
}
