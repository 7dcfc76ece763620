/**
 * Cohere error answers → the gateway's envelope. Cohere's error body is `{id?, message}` with the HTTP
 * status carrying the kind (docs.cohere.com/reference/errors). Client faults keep their status and
 * Cohere's message; a refused account key (401/403, 498 invalid token) is 502 without the message;
 * 402 (the account's billing) and 5xx are 502 with it; 429 stays 429 with retry-after. The same
 * mapping serves mid-stream failures (an error payload or a message-end with finish_reason ERROR).
 */
import { GatewayError, UpstreamError } from '../../errors.ts';
import type { ChatContext } from '../types.ts';

const MAX_MESSAGE = 2000;

/** Cohere's message from an error body, or a short description of the body when it has none. */
export function errorMessage(text: string, status: number): string {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object') {
      const body = parsed as Record<string, unknown>;
      if (typeof body.message === 'string' && body.message) return body.message.slice(0, MAX_MESSAGE);
      const inner = body.error;
      if (inner !== null && typeof inner === 'object' && typeof (inner as Record<string, unknown>).message === 'string') return ((inner as Record<string, unknown>).message as string).slice(0, MAX_MESSAGE);
      if (typeof inner === 'string' && inner) return inner.slice(0, MAX_MESSAGE);
    }
  } catch { /* not JSON */ }
  return text.trim() ? `status ${status}: ${text.trim().slice(0, 200)}` : `status ${status}`;
}

/** Statuses with which Cohere refuses the account's credentials. */
export const AUTH_FAILURE_STATUSES = [401, 403, 498];

export function parseCohereError(status: number, text: string, headers: Headers, ctx: Pick<ChatContext, 'account'>): GatewayError {
  const account = ctx.account.name;
  const message = errorMessage(text, status);
  const relayed: Record<string, string> = {};
  const retryAfter = headers.get('retry-after');
  if (retryAfter) relayed['retry-after'] = retryAfter;
  if (AUTH_FAILURE_STATUSES.includes(status)) {
    // Not the client's fault, and the upstream message may echo part of the key: not relayed.
    return new UpstreamError(502, 'upstream_auth_failed', `Upstream "${account}" refused the provider account's credentials (${status}).`);
  }
  if (status === 429) return new UpstreamError(429, 'rate_limit_exceeded', message, relayed);
  if (status === 402) return new UpstreamError(502, 'upstream_payment_required', `Upstream "${account}" refused the request for the account's billing (402): ${message}`, relayed);
  if (status >= 500 || status === 499) return new UpstreamError(502, 'upstream_error', `Upstream "${account}" failed with ${status}: ${message}`, relayed);
  if (status === 404) return new GatewayError(404, 'invalid_request_error', /model/i.test(message) ? 'model_not_found' : 'not_found', message, /model/i.test(message) ? 'model' : null, relayed);
  return new GatewayError(status, 'invalid_request_error', 'upstream_rejected', message, null, relayed);
}

/** A failure reported inside a stream (or a 200 answer ending with finish_reason ERROR / TIMEOUT). */
export function generationFailure(ctx: Pick<ChatContext, 'account'>, code: 'upstream_error' | 'upstream_timeout' | 'upstream_stream_error', message: string): GatewayError {
  return new UpstreamError(502, code, `Upstream "${ctx.account.name}" ${message}`);
}
