/**
 * The response headers Azure OpenAI sends: `apim-request-id` and `x-request-id` (UUIDs; the journal
 * records the latter), `x-ms-region` (the resource's region), `x-ms-rai-invoked`, the deployment name,
 * and the remaining-quota pair `x-ratelimit-remaining-requests` / `-tokens` (per deployment: static
 * limits minus this request's estimate, so output stays reproducible).
 */
import { Rng } from '../determinism.ts';

/** Per-deployment quota the simulator reports (an S0 deployment's default). */
export const DEPLOYMENT_LIMITS = { requests: 1000, tokens: 150_000 };

function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20)}`;
}

export interface HeaderContext {
  hash: string;
  region: string;
  deployment?: string;
  /** Estimated tokens of this request (prompt + requested completion). */
  tokens: number;
}

export function azureHeaders(ctx: HeaderContext): Record<string, string> {
  const rng = new Rng(ctx.hash, 'azure-headers');
  const headers: Record<string, string> = {
    'apim-request-id': uuid(rng),
    'x-request-id': uuid(rng),
    'x-ms-region': ctx.region,
    'x-ms-rai-invoked': 'true',
    'x-ratelimit-remaining-requests': String(DEPLOYMENT_LIMITS.requests - 1),
    'x-ratelimit-remaining-tokens': String(Math.max(0, DEPLOYMENT_LIMITS.tokens - ctx.tokens)),
    'x-content-type-options': 'nosniff',
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
  };
  if (ctx.deployment) headers['x-ms-deployment-name'] = ctx.deployment;
  return headers;
}

/** Azure's token estimate: prompt characters / 4 plus the requested completion ceiling. */
export function estimateTokens(text: string, body: unknown): number {
  const b = (body ?? {}) as Record<string, unknown>;
  const ceiling = [b.max_completion_tokens, b.max_tokens, b.max_output_tokens].find((v) => typeof v === 'number') as number | undefined;
  return Math.ceil(text.length / 4) + (ceiling ?? 16);
}
