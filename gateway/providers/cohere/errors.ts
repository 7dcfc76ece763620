/**
 * Cohere error answers → the gateway's envelope. Cohere's error body is `{id?, message}` with the HTTP
 * status carrying the kind (docs.cohere.com/reference/errors). The shared status rules of
 * upstream-errors.ts apply, with Cohere's own statuses declared: 498 (invalid token) is an auth
 * failure, 402 (the account's billing) and 499 are 502 with the message, and a 404 naming a model is
 * an unknown model. The mapping serves mid-stream failures (an error payload or a message-end with
 * finish_reason ERROR).
 */
import { UpstreamError, type GatewayError } from '../../errors.ts';
import { applyUpstreamErrorRules } from '../upstream-errors.ts';
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
  const message = errorMessage(text, status);
  const billing = status === 402;
  return applyUpstreamErrorRules({ status, message, type: 'invalid_request_error' }, headers, ctx.account.name, {
    authFailure: AUTH_FAILURE_STATUSES.includes(status),
    // 402 is the account's billing; 499 is mapped like a 5xx.
    upstreamFailure: billing || status === 499,
    failureCode: billing ? 'upstream_payment_required' : undefined,
    failure: billing ? "refused the request for the account's billing (402)" : undefined,
    modelNotFound: status === 404 && /model/i.test(message),
  });
}

/** A failure reported inside a stream (or a 200 answer ending with finish_reason ERROR / TIMEOUT). */
export function generationFailure(ctx: Pick<ChatContext, 'account'>, code: 'upstream_error' | 'upstream_timeout' | 'upstream_stream_error', message: string): GatewayError {
  return new UpstreamError(502, code, `Upstream "${ctx.account.name}" ${message}`);
}
