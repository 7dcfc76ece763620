/**
 * Google's error envelope `{"error": {"code", "message", "status", "details"}}` → the gateway's OpenAI
 * envelope, with the gateway-wide status rules (upstream-errors.ts) and Google's declared exceptions:
 * any 404 is an unknown model; Gemini's 400 with reason API_KEY_INVALID is an auth failure; 503
 * UNAVAILABLE ("model is overloaded") is 503 overloaded; retry-after comes from the header, else from
 * google.rpc.RetryInfo; the status name picks the code (mappings.ts GOOGLE_STATUS_CODES). Used for
 * error answers and mid-stream error frames.
 */
import type { GatewayError } from '../../errors.ts';
import { applyUpstreamErrorRules, type UpstreamErrorRules } from '../upstream-errors.ts';
import type { ChatContext } from '../types.ts';
import { AUTH_FAILURE_REASONS, GOOGLE_STATUS_CODES } from './mappings.ts';
import { isRecord } from './messages.ts';

export interface GoogleError {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

/** The `error` object of a Google error body, when the text is one. */
export function googleErrorOf(text: string): GoogleError | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    // Some Google front ends wrap the envelope in a one-element array.
    const envelope = Array.isArray(parsed) ? parsed[0] : parsed;
    return isRecord(envelope) && isRecord(envelope.error) ? (envelope.error as GoogleError) : undefined;
  } catch {
    return undefined;
  }
}

const details = (error: GoogleError | undefined) => (Array.isArray(error?.details) ? error.details.filter(isRecord) : []);

/** Gemini answers a refused key with 400 and an ErrorInfo reason naming it (401/403 are auth failures anyway). */
function hasAuthFailureReason(error: GoogleError | undefined): boolean {
  return details(error).some((d) => typeof d.reason === 'string' && AUTH_FAILURE_REASONS.has(d.reason));
}

/** RetryInfo.retryDelay ("37s", "1.5s") in whole seconds, rounded up: retry-after when the header is absent. */
function retryDelay(error: GoogleError | undefined): string | undefined {
  for (const d of details(error)) {
    const m = typeof d.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay) : null;
    if (m) return String(Math.ceil(Number(m[1])));
  }
  return undefined;
}

/** Google's quirks of the shared rules: retry-after only on a 429 or 503 (overloaded). */
const GOOGLE_RULES: UpstreamErrorRules = { retryHeadersOn: ['rate_limited', 'overloaded'] };

/** Map one Google error (HTTP status + envelope) to the gateway's error. */
export function mapGoogleError(status: number, error: GoogleError | undefined, headers: Headers | undefined, accountName: string, rawText = ''): GatewayError {
  const message = typeof error?.message === 'string' && error.message
    ? error.message
    : `Upstream "${accountName}" answered ${status}${rawText ? `: ${rawText.slice(0, 200)}` : ''}`;
  const statusName = typeof error?.status === 'string' ? error.status : undefined;
  const code = (statusName && GOOGLE_STATUS_CODES[statusName]) || undefined;
  const overloaded = status === 503;
  return applyUpstreamErrorRules({ status, message, code: status === 429 ? undefined : code }, headers, accountName, {
    ...GOOGLE_RULES,
    authFailure: hasAuthFailureReason(error),
    overloaded,
    upstreamFailure: status < 400,
    modelNotFound: status === 404,
    failureCode: code === 'overloaded' ? undefined : code,
    label: statusName ? `${status} ${statusName}` : undefined,
    failure: overloaded ? 'is overloaded (503)' : `failed with ${status}`,
    retryAfter: retryDelay(error),
  });
}

/** ChatTranslator.parseError for Gemini and Vertex Gemini. */
export function parseGeminiError(status: number, text: string, headers: Headers, ctx: ChatContext): GatewayError {
  return mapGoogleError(status, googleErrorOf(text), headers, ctx.account.name, text);
}
