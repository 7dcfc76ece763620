/**
 * AWS errors → the gateway's OpenAI envelope. Bedrock names the error in the `x-amzn-errortype` header
 * (and `__type` in the JSON body), with `message` (or `Message`) in the body; ConverseStream reports
 * failures mid-stream as `:message-type: exception` frames named by `:exception-type`. The type picks
 * the status and code from mappings.ts AWS_ERRORS (credential types are auth failures); the status rules
 * are the shared ones of upstream-errors.ts, with retry-after passed on only for a 429 or a failure.
 */
import { UpstreamError, type GatewayError } from '../../errors.ts';
import { applyUpstreamErrorRules, type UpstreamErrorRules } from '../upstream-errors.ts';
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

/** Bedrock's quirks of the shared rules: retry-after only on a 429 or a failure; messages name the AWS type. */
const AWS_RULES: UpstreamErrorRules = { credentials: 'AWS credentials', retryHeadersOn: ['rate_limited', 'failed'] };

/** The envelope error for an AWS error of `type` (or, unknown, of `status`) with the upstream `message`. */
export function awsError(type: string | undefined, status: number, message: string | undefined, account: string, headers?: Headers): GatewayError {
  const known = lookup(AWS_ERRORS, type);
  const effective = known?.status ?? status;
  const label = type ?? `HTTP ${status}`;
  // A status below 400 that names no known error is not the client's fault either: 502, without headers.
  const odd = effective < 400;
  return applyUpstreamErrorRules({
    status: effective,
    message,
    type: effective === 404 ? 'not_found_error' : undefined,
    code: known?.code,
    param: effective === 404 && known ? 'model' : null,
  }, odd ? undefined : headers, account, {
    ...AWS_RULES,
    label,
    authFailure: known?.code === 'upstream_auth_failed' || status === 401 || status === 403,
    upstreamFailure: odd,
    failureCode: known?.code,
    failure: odd ? `answered ${label}` : undefined,
  });
}

/** The translator's parseError: an HTTP error answer of Converse / ConverseStream. */
export function parseBedrockError(status: number, text: string, headers: Headers, account: string): GatewayError {
  const body = readBody(text);
  const type = awsErrorName(headers.get('x-amzn-errortype')) ?? awsErrorName(body.type);
  return awsError(type, status, body.message, account, headers);
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
