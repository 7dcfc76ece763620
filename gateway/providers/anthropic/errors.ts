/**
 * Anthropic error answers → the gateway's envelope, by the shared rules of upstream-errors.ts; this file
 * only reads the body and says which answers are Anthropic's own: 529 / overloaded_error is overloaded
 * (503), a 404 naming a model is an unknown model, 413 keeps the code request_too_large.
 * The body is Anthropic's `{"type":"error","error":{"type","message"}}`; Claude on Vertex AI may instead
 * answer in Google's `{"error":{"code","message","status"}}`, read the same way.
 * Mid-stream `error` events carry no status: ERROR_TYPE_STATUS gives the one the type is documented with.
 */
import type { ErrorType, GatewayError } from '../../errors.ts';
import { applyUpstreamErrorRules } from '../upstream-errors.ts';
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

export function mapAnthropicError(status: number, body: UpstreamErrorBody, headers: Headers | undefined, accountName: string): GatewayError {
  return applyUpstreamErrorRules({
    status,
    message: body.message,
    type: CLIENT_ERROR_TYPES[body.type ?? ''] ?? (status === 404 ? 'not_found_error' : 'invalid_request_error'),
    code: status === 413 ? 'request_too_large' : undefined,
  }, headers, accountName, {
    overloaded: status === 529 || (status >= 500 && body.type === 'overloaded_error'),
    modelNotFound: status === 404 && /\bmodel\b/i.test(body.message ?? ''),
  });
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
