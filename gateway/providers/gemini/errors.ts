/**
 * Google's error envelope `{"error": {"code", "message", "status", "details"}}` → the gateway's OpenAI
 * envelope, with the gateway-wide status rules (upstream-errors.ts): 4xx keep their status and the
 * upstream message (404 → model_not_found); refused credentials (401/403, or Gemini's 400 with reason
 * API_KEY_INVALID) → 502 upstream_auth_failed without the upstream message; 429 keeps retry-after
 * (from the header, else google.rpc.RetryInfo); 503 UNAVAILABLE ("model is overloaded") → 503
 * overloaded; other 5xx → 502 carrying the message. Used for error answers and mid-stream error frames.
 */
import { GatewayError, NotFoundError, UpstreamError } from '../../errors.ts';
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

function isAuthFailure(status: number, error: GoogleError | undefined): boolean {
  if (status === 401 || status === 403) return true;
  return details(error).some((d) => typeof d.reason === 'string' && AUTH_FAILURE_REASONS.has(d.reason));
}

/** retry-after in seconds: the upstream header, else RetryInfo.retryDelay ("37s", "1.5s") rounded up. */
function retryAfter(error: GoogleError | undefined, headers: Headers | undefined): Record<string, string> {
  const header = headers?.get('retry-after');
  if (header) return { 'retry-after': header };
  for (const d of details(error)) {
    const m = typeof d.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay) : null;
    if (m) return { 'retry-after': String(Math.ceil(Number(m[1]))) };
  }
  return {};
}

/** Map one Google error (HTTP status + envelope) to the gateway's error. */
export function mapGoogleError(status: number, error: GoogleError | undefined, headers: Headers | undefined, accountName: string, rawText = ''): GatewayError {
  const message = typeof error?.message === 'string' && error.message
    ? error.message
    : `Upstream "${accountName}" answered ${status}${rawText ? `: ${rawText.slice(0, 200)}` : ''}`;
  const statusName = typeof error?.status === 'string' ? error.status : undefined;
  if (isAuthFailure(status, error)) {
    // The account's key was refused: not the client's fault, and the message may echo part of the key.
    return new UpstreamError(502, 'upstream_auth_failed', `Upstream "${accountName}" refused the provider account's credentials (${status}${statusName ? ` ${statusName}` : ''}).`);
  }
  if (status === 429) return new UpstreamError(429, 'rate_limit_exceeded', message, retryAfter(error, headers));
  if (status === 503) return new UpstreamError(503, 'overloaded', `Upstream "${accountName}" is overloaded (503): ${message}`, retryAfter(error, headers));
  if (status >= 500 || status < 400) {
    const code = (statusName && GOOGLE_STATUS_CODES[statusName]) || 'upstream_error';
    return new UpstreamError(502, code === 'overloaded' ? 'upstream_error' : code, `Upstream "${accountName}" failed with ${status}: ${message}`);
  }
  if (status === 404) return new NotFoundError('model_not_found', message, 'model');
  const code = (statusName && GOOGLE_STATUS_CODES[statusName]) || 'upstream_rejected';
  return new GatewayError(status, 'invalid_request_error', code, message);
}

/** ChatTranslator.parseError for Gemini and Vertex Gemini. */
export function parseGeminiError(status: number, text: string, headers: Headers, ctx: ChatContext): GatewayError {
  return mapGoogleError(status, googleErrorOf(text), headers, ctx.account.name, text);
}
