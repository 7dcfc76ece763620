/**
 * Anthropic error answers → the gateway's envelope, by the rules of upstream-errors.ts: 4xx keep their
 * status and the upstream's message; 401/403 (the account's key refused) become 502 without it; 429 keeps
 * retry-after; 529 / overloaded_error becomes 503 "overloaded"; other 5xx become 502 with the message.
 * The body is Anthropic's `{"type":"error","error":{"type","message"}}`; Claude on Vertex AI may instead
 * answer in Google's `{"error":{"code","message","status"}}`, read the same way.
 * Mid-stream `error` events carry no status: ERROR_TYPE_STATUS gives the one the type is documented with.
 */
import { GatewayError, UpstreamError, type ErrorType } from '../../errors.ts';
import { isRecord } from './checks.ts';
import { ERROR_TYPE_STATUS } from './mappings.ts';

interface UpstreamErrorBody { type?: string; message?: string }

/** The `error` object of an Anthropic (or Google) error body, when there is one. */
export function readErrorBody(text: string): UpstreamErrorBody {
  try {
    const parsed = JSON.parse(text) as unknown;
    const inner = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
    if (!inner) return {};
    return {
      ...(typeof inner.type === 'string' ? { type: inner.type } : typeof inner.status === 'string' ? { type: inner.status } : {}),
      ...(typeof inner.message === 'string' ? { message: inner.message } : {}),
    };
  } catch {
    return {};
  }
}

/** Anthropic error type → the gateway's error type for a 4xx that keeps its status. */
const CLIENT_ERROR_TYPES: Readonly<Record<string, ErrorType>> = {
  invalid_request_error: 'invalid_request_error',
  not_found_error: 'not_found_error',
  request_too_large: 'invalid_request_error',
  billing_error: 'invalid_request_error',
  NOT_FOUND: 'not_found_error',
  INVALID_ARGUMENT: 'invalid_request_error',
  FAILED_PRECONDITION: 'invalid_request_error',
};

function clientErrorCode(status: number, message: string): string {
  if (status === 404) return /\bmodel\b/i.test(message) ? 'model_not_found' : 'not_found';
  if (status === 413) return 'request_too_large';
  return 'upstream_rejected';
}

export function mapAnthropicError(status: number, body: UpstreamErrorBody, headers: Headers | undefined, accountName: string): GatewayError {
  const retryAfter = headers?.get('retry-after');
  const carried: Record<string, string> = retryAfter ? { 'retry-after': retryAfter } : {};
  const message = body.message ?? `Upstream "${accountName}" answered ${status}.`;
  if (status === 401 || status === 403) {
    // The account's credentials were refused: not the client's fault, and the message is not relayed.
    return new UpstreamError(502, 'upstream_auth_failed', `Upstream "${accountName}" refused the provider account's credentials (${status}).`);
  }
  if (status === 429) return new UpstreamError(429, 'rate_limit_exceeded', message, carried);
  if (status === 529 || (status >= 500 && body.type === 'overloaded_error')) {
    return new UpstreamError(503, 'overloaded', `Upstream "${accountName}" is overloaded: ${message}`, carried);
  }
  if (status >= 500) return new UpstreamError(502, 'upstream_error', `Upstream "${accountName}" failed with ${status}: ${message}`, carried);
  const type = CLIENT_ERROR_TYPES[body.type ?? ''] ?? (status === 404 ? 'not_found_error' : 'invalid_request_error');
  const code = clientErrorCode(status, message);
  return new GatewayError(status, type, code, message, code === 'model_not_found' ? 'model' : null, carried);
}

/** ChatTranslator.parseError for Anthropic-format upstreams. */
export function parseAnthropicError(status: number, text: string, headers: Headers, accountName: string): GatewayError {
  return mapAnthropicError(status, readErrorBody(text), headers, accountName);
}

/** An SSE `error` event's payload → the gateway error the driver sends as the stream's last event. */
export function streamErrorOf(payload: unknown, accountName: string): GatewayError {
  const inner = isRecord(payload) && isRecord(payload.error) ? payload.error : {};
  const type = typeof inner.type === 'string' ? inner.type : 'api_error';
  const message = typeof inner.message === 'string' ? inner.message : 'stream error without a message';
  return mapAnthropicError(ERROR_TYPE_STATUS[type] ?? 500, { type, message }, undefined, accountName);
}
