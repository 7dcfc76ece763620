/**
 * AWS errors → the gateway's OpenAI envelope. Bedrock names the error in the `x-amzn-errortype` header
 * (and `__type` in the JSON body), with `message` (or `Message`) in the body; ConverseStream reports
 * failures mid-stream as `:message-type: exception` frames named by `:exception-type`. The type picks
 * the status from mappings.ts AWS_ERRORS; the status rules are those of upstream-errors.ts: 400/404/422
 * keep their status and the upstream message, 401/403 become 502 without it, 429 keeps retry-after,
 * other 5xx become 502 carrying the message.
 */
import { GatewayError, UpstreamError } from '../../errors.ts';
import { AWS_ERRORS, lookup, STREAM_EXCEPTIONS } from './mappings.ts';

interface AwsErrorBody { type?: string; message?: string }

/** `ValidationException:http://internal.amazon.com/...` → `ValidationException`; `com.amazon...#X` → `X`. */
export function awsErrorName(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const name = raw.split(':')[0]!.split('#').pop()!.trim();
  return name || undefined;
}

function readBody(text: string): AwsErrorBody {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.Message === 'string' ? parsed.Message : undefined;
    const type = typeof parsed.__type === 'string' ? parsed.__type : undefined;
    return { ...(message !== undefined ? { message } : {}), ...(type !== undefined ? { type } : {}) };
  } catch {
    return {};
  }
}

/** The envelope error for an AWS error of `type` (or, unknown, of `status`) with the upstream `message`. */
export function awsError(type: string | undefined, status: number, message: string | undefined, account: string, retryAfter?: string | null): GatewayError {
  const known = lookup(AWS_ERRORS, type);
  const effective = known?.status ?? status;
  const label = type ?? `HTTP ${status}`;
  const text = message ?? `Upstream "${account}" answered ${label}.`;
  const headers: Record<string, string> = retryAfter ? { 'retry-after': retryAfter } : {};
  if (known?.code === 'upstream_auth_failed' || status === 401 || status === 403) {
    // The account's AWS credentials were refused: not the client's fault, and the message is not relayed.
    return new UpstreamError(502, 'upstream_auth_failed', `Upstream "${account}" refused the provider account's AWS credentials (${label}).`);
  }
  if (effective === 429) return new UpstreamError(429, known?.code ?? 'rate_limit_exceeded', text, headers);
  if (effective >= 500) {
    return new UpstreamError(502, known?.code ?? 'upstream_error', `Upstream "${account}" failed with ${label}: ${text}`, headers);
  }
  if (effective === 404) return new GatewayError(404, 'not_found_error', known?.code ?? 'not_found', text, known ? 'model' : null);
  if (effective >= 400) return new GatewayError(effective, 'invalid_request_error', known?.code ?? 'upstream_rejected', text);
  return new UpstreamError(502, 'upstream_error', `Upstream "${account}" answered ${label}: ${text}`);
}

/** The translator's parseError: an HTTP error answer of Converse / ConverseStream. */
export function parseBedrockError(status: number, text: string, headers: Headers, account: string): GatewayError {
  const body = readBody(text);
  const type = awsErrorName(headers.get('x-amzn-errortype')) ?? awsErrorName(body.type);
  return awsError(type, status, body.message, account, headers.get('retry-after'));
}

/** An in-stream `:message-type: exception` frame (payload `{"message": ...}`). */
export function streamException(exceptionType: string | undefined, payload: string, account: string): GatewayError {
  const type = lookup(STREAM_EXCEPTIONS, exceptionType) ?? (exceptionType ? exceptionType.charAt(0).toUpperCase() + exceptionType.slice(1) : undefined);
  const message = readBody(payload).message ?? (payload.trim() || undefined);
  const known = lookup(AWS_ERRORS, type);
  return awsError(type, known ? 0 : 502, message, account);
}

/** A `:message-type: error` frame (the eventstream's own error, named in `:error-code`). */
export function streamFailure(code: string | undefined, message: string | undefined, account: string): GatewayError {
  return new UpstreamError(502, 'upstream_stream_error', `Upstream "${account}" stream failed${code ? ` (${code})` : ''}: ${message ?? 'no message'}`);
}
