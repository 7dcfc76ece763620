/**
 * The gateway-wide status rules for upstream error answers, in one place. A provider folder reads its
 * own error body shape into an UpstreamErrorFields and hands it to applyUpstreamErrorRules:
 *   401/403 (and what the provider declares an auth failure) → 502 upstream_auth_failed, WITHOUT the
 *     upstream message (it may echo part of the provider key);
 *   429 → 429 keeping retry-after (and whatever other retry headers the provider names);
 *   what the provider declares overloaded → 503 "overloaded";
 *   other 5xx (and what the provider declares its own failure) → 502 carrying the upstream message;
 *   an unknown model, where the provider says so → 404 model_not_found, param "model";
 *   other 4xx keep their status, message, type, code and param.
 * Provider quirks come in as data (UpstreamErrorRules), never as provider names here. Upstream request
 * headers are never echoed. relayUpstreamError applies the rules to an OpenAI-envelope Response.
 */
import { GatewayError, UpstreamError, type ErrorType } from '../errors.ts';

const MAX_ERROR_BODY = 64 * 1024;

/** An upstream error answer as a provider folder parsed it from its body. */
export interface UpstreamErrorFields {
  status: number;
  /** The upstream's message; absent, the gateway says which status the upstream answered. */
  message?: string | undefined;
  /** Envelope type for a 4xx (default invalid_request_error; not_found_error for an unknown model). */
  type?: ErrorType | undefined;
  /** Envelope code for a 429 or a 4xx (defaults: rate_limit_exceeded; not_found for 404; upstream_rejected). */
  code?: string | undefined;
  param?: string | null | undefined;
}

/** What an upstream error became: the names UpstreamErrorRules.retryHeadersOn lists. */
export type UpstreamErrorKind = 'rate_limited' | 'overloaded' | 'failed' | 'rejected';

/** A provider's overrides of the status rules (all optional; the defaults are the rules above). */
export interface UpstreamErrorRules {
  /** The provider refused the account's credentials under another status or code (Cohere's 498, xAI's 400, Gemini's API_KEY_INVALID). */
  authFailure?: boolean;
  /** The answer means the upstream is overloaded: 503 "overloaded" rather than 502. */
  overloaded?: boolean;
  /** A status below 500 that is the upstream's or the account's failure, not the client's: 502 like a 5xx. */
  upstreamFailure?: boolean;
  /** The provider says the model is unknown: 404 model_not_found, param "model" (whatever 4xx it used). */
  modelNotFound?: boolean;
  /** Code of the 502 for a failure (default upstream_error), e.g. upstream_timeout. */
  failureCode?: string | undefined;
  /** How messages name the failure instead of the bare status (an AWS error type, "403 PERMISSION_DENIED"). */
  label?: string | undefined;
  /** What the 502/503 message says the upstream did (default "failed with <label>" / "is overloaded"). */
  failure?: string | undefined;
  /** What the refused credentials are called in the message (default "credentials"). */
  credentials?: string;
  /** Response headers passed on to the client (default retry-after). */
  retryHeaders?: readonly string[];
  /** retry-after when the upstream sent no header (a retry delay read from the body). */
  retryAfter?: string | undefined;
  /** Which outcomes carry the retry headers (default all but the auth failure). */
  retryHeadersOn?: readonly UpstreamErrorKind[];
}

const ALL_KINDS: readonly UpstreamErrorKind[] = ['rate_limited', 'overloaded', 'failed', 'rejected'];

function retryHeadersOf(headers: Headers | undefined, rules: UpstreamErrorRules): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of rules.retryHeaders ?? ['retry-after']) {
    const value = headers?.get(name);
    if (value) out[name] = value;
  }
  if (!out['retry-after'] && rules.retryAfter) out['retry-after'] = rules.retryAfter;
  return out;
}

/** The gateway's envelope error for an upstream error answer, under the shared status rules. */
export function applyUpstreamErrorRules(fields: UpstreamErrorFields, headers: Headers | undefined, accountName: string, rules: UpstreamErrorRules = {}): GatewayError {
  const { status } = fields;
  const label = rules.label ?? String(status);
  const upstream = `Upstream "${accountName}"`;
  const message = fields.message ?? `${upstream} answered ${label}.`;
  const relayed = (kind: UpstreamErrorKind) => ((rules.retryHeadersOn ?? ALL_KINDS).includes(kind) ? retryHeadersOf(headers, rules) : {});
  if (rules.authFailure || status === 401 || status === 403) {
    // Not the client's fault, and the upstream message may echo part of the provider key: not relayed.
    return new UpstreamError(502, 'upstream_auth_failed', `${upstream} refused the provider account's ${rules.credentials ?? 'credentials'} (${label}).`);
  }
  if (status === 429) return new UpstreamError(429, fields.code ?? 'rate_limit_exceeded', message, relayed('rate_limited'));
  if (rules.overloaded) return new UpstreamError(503, 'overloaded', `${upstream} ${rules.failure ?? 'is overloaded'}: ${message}`, relayed('overloaded'));
  if (status >= 500 || rules.upstreamFailure) {
    return new UpstreamError(502, rules.failureCode ?? 'upstream_error', `${upstream} ${rules.failure ?? `failed with ${label}`}: ${message}`, relayed('failed'));
  }
  if (rules.modelNotFound) return new GatewayError(404, fields.type ?? 'not_found_error', 'model_not_found', message, 'model', relayed('rejected'));
  const code = fields.code ?? (status === 404 ? 'not_found' : 'upstream_rejected');
  return new GatewayError(status, fields.type ?? 'invalid_request_error', code, message, fields.param ?? null, relayed('rejected'));
}

/** An OpenAI-envelope error Response (the OpenAI passthrough) → the gateway's envelope error. */
export async function relayUpstreamError(upstream: Response, accountName: string): Promise<GatewayError> {
  const text = (await upstream.text().catch(() => '')).slice(0, MAX_ERROR_BODY);
  let inner: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (parsed && typeof parsed.error === 'object' && parsed.error !== null) inner = parsed.error as Record<string, unknown>;
  } catch { /* not JSON: use the status text */ }
  const string = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return applyUpstreamErrorRules({
    status: upstream.status,
    message: string(inner?.message) ?? `Upstream "${accountName}" answered ${upstream.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    // OpenAI's own type is relayed as it is (it already speaks the envelope).
    type: string(inner?.type) as ErrorType | undefined,
    code: string(inner?.code),
    param: string(inner?.param),
  }, upstream.headers, accountName);
}
