/**
 * Who may call the simulated Bedrock Runtime, checked the way AWS does before any operation runs:
 * no `Authorization` header → 403 AccessDeniedException "Authorization header is missing";
 * `Bearer <Bedrock API key>` → valid when listed in `apiKeys`, or (without a list) when it has the
 * `ABSK` prefix Bedrock API keys carry, else 403 "Authentication failed: Please make sure your API Key
 * is valid."; otherwise a SigV4 signature verified against `credentials` (sigv4.ts), for service
 * `bedrock` and the simulator's region.
 */
import type { BedrockError } from './errors.ts';
import { errors } from './errors.ts';
import { verifySigV4, type AwsCredential } from './sigv4.ts';

export interface AuthPolicy {
  region: string;
  credentials: Readonly<Record<string, AwsCredential>>;
  /** Exact list of valid Bedrock API keys; default: any key starting with `ABSK`. */
  apiKeys?: readonly string[];
  /** Mount prefixes a client's signed URL may carry (the loopback server mounts the simulator at `/<name>`). */
  pathPrefixes: readonly string[];
}

export interface AuthRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array;
}

export function authenticate(request: AuthRequest, policy: AuthPolicy): BedrockError | null {
  const header = request.headers.get('authorization')?.trim();
  if (!header) return errors.missingAuthorization();
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) {
    const key = bearer[1]!.trim();
    const valid = policy.apiKeys ? policy.apiKeys.includes(key) : key.startsWith('ABSK');
    return valid ? null : errors.invalidApiKey();
  }
  return verifySigV4({
    method: request.method,
    path: request.url.pathname,
    search: request.url.search,
    headers: request.headers,
    host: request.url.host,
    body: request.body,
    region: policy.region,
    service: 'bedrock',
    credentials: policy.credentials,
    pathPrefixes: policy.pathPrefixes,
  });
}
