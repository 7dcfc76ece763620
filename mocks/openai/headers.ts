/**
 * The response headers api.openai.com sends with a completion: request id, processing time, API
 * version, organisation/project, and the x-ratelimit-* family (static values per model, so output stays
 * reproducible; the remaining-token figure subtracts this request's estimate as OpenAI does).
 */
import { Rng } from '../determinism.ts';
import type { ModelInfo } from './models.ts';

export interface HeaderContext {
  hash: string;
  organization: string;
  project: string;
}

/** Headers every answer carries, errors included. */
export function baseHeaders(ctx: HeaderContext): Record<string, string> {
  const rng = new Rng(ctx.hash, 'headers');
  const processing = rng.int(180, 900);
  return {
    'access-control-expose-headers': 'X-Request-ID',
    'openai-organization': ctx.organization,
    'openai-processing-ms': String(processing),
    'openai-project': ctx.project,
    'openai-version': '2020-10-01',
    'x-envoy-upstream-service-time': String(processing + rng.int(2, 9)),
    'x-request-id': `req_${rng.hex(32)}`,
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    'x-content-type-options': 'nosniff',
  };
}

/** Rate-limit headers for a request to `model` estimated at `tokens` tokens. */
export function rateLimitHeaders(model: ModelInfo, tokens: number): Record<string, string> {
  const resetMs = Math.max(1, Math.round((tokens / model.limitTokens) * 60000));
  return {
    'x-ratelimit-limit-requests': String(model.limitRequests),
    'x-ratelimit-limit-tokens': String(model.limitTokens),
    'x-ratelimit-remaining-requests': String(model.limitRequests - 1),
    'x-ratelimit-remaining-tokens': String(Math.max(0, model.limitTokens - tokens)),
    'x-ratelimit-reset-requests': formatDuration(60000 / model.limitRequests),
    'x-ratelimit-reset-tokens': formatDuration(resetMs),
  };
}

/** OpenAI's duration format: `6ms`, `8.64s`, `1m30s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${Number(totalSeconds.toFixed(3))}s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Number((totalSeconds - minutes * 60).toFixed(3));
  return seconds ? `${minutes}m${seconds}s` : `${minutes}m`;
}
