/**
 * The response headers api.anthropic.com sends: `request-id` (`req_011C…`), `anthropic-organization-id`,
 * and the rate-limit family (rate limits docs): `anthropic-ratelimit-requests-*`, `-input-tokens-*`,
 * `-output-tokens-*` and `-tokens-*` (the most restrictive of the token limits), each with `-limit`,
 * `-remaining` and `-reset` (an RFC 3339 instant). Values are static per request (limits of a standard
 * tier), the remaining counts subtracting this request, so output stays reproducible.
 */
import { Rng } from '../determinism.ts';

const REQUESTS_PER_MINUTE = 4000;
const INPUT_TOKENS_PER_MINUTE = 2_000_000;
const OUTPUT_TOKENS_PER_MINUTE = 400_000;

export const ORGANIZATION_ID = '7a1e4b2c-9d3f-4e8a-b6c5-0f2d1e3c4b5a';

/** A request id in Anthropic's format (`req_vrtx_…` on Vertex AI), derived from a hash. */
export function requestIdFor(hash: string, vertex = false): string {
  return `${vertex ? 'req_vrtx_' : 'req_'}011C${new Rng(hash, 'request-id').chars(20)}`;
}

/** RFC 3339 without fractional seconds, as the reset headers are written. */
function instant(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `request-id` and the organisation header every answer carries, errors included. */
export function baseHeaders(requestId: string): Record<string, string> {
  return { 'request-id': requestId, 'anthropic-organization-id': ORGANIZATION_ID };
}

/** The rate-limit headers for a request of `inputTokens` that may produce `outputTokens`. */
export function rateLimitHeaders(now: number, inputTokens: number, outputTokens: number): Record<string, string> {
  const inputLeft = Math.max(0, INPUT_TOKENS_PER_MINUTE - inputTokens);
  const outputLeft = Math.max(0, OUTPUT_TOKENS_PER_MINUTE - outputTokens);
  const inputReset = instant(now + (inputTokens / INPUT_TOKENS_PER_MINUTE) * 60_000);
  const outputReset = instant(now + (outputTokens / OUTPUT_TOKENS_PER_MINUTE) * 60_000);
  const inputTighter = inputLeft / INPUT_TOKENS_PER_MINUTE <= outputLeft / OUTPUT_TOKENS_PER_MINUTE;
  return {
    'anthropic-ratelimit-requests-limit': String(REQUESTS_PER_MINUTE),
    'anthropic-ratelimit-requests-remaining': String(REQUESTS_PER_MINUTE - 1),
    'anthropic-ratelimit-requests-reset': instant(now + 60_000 / REQUESTS_PER_MINUTE),
    'anthropic-ratelimit-input-tokens-limit': String(INPUT_TOKENS_PER_MINUTE),
    'anthropic-ratelimit-input-tokens-remaining': String(inputLeft),
    'anthropic-ratelimit-input-tokens-reset': inputReset,
    'anthropic-ratelimit-output-tokens-limit': String(OUTPUT_TOKENS_PER_MINUTE),
    'anthropic-ratelimit-output-tokens-remaining': String(outputLeft),
    'anthropic-ratelimit-output-tokens-reset': outputReset,
    'anthropic-ratelimit-tokens-limit': String(inputTighter ? INPUT_TOKENS_PER_MINUTE : OUTPUT_TOKENS_PER_MINUTE),
    'anthropic-ratelimit-tokens-remaining': String(inputTighter ? inputLeft : outputLeft),
    'anthropic-ratelimit-tokens-reset': inputTighter ? inputReset : outputReset,
  };
}

/** The rate-limit headers of a 429: nothing left until the reset, and `retry-after` in seconds. */
export function exhaustedHeaders(now: number, retryAfterSeconds: number): Record<string, string> {
  const reset = instant(now + retryAfterSeconds * 1000);
  return {
    ...rateLimitHeaders(now, 0, 0),
    'anthropic-ratelimit-requests-remaining': '0',
    'anthropic-ratelimit-requests-reset': reset,
    'retry-after': String(retryAfterSeconds),
  };
}
