/**
 * The built-in fault library: status presets (rate limit with and without `retry-after`, server error,
 * overloaded) and one named fault per kind with small defaults, so `x-touchstone-fault: rate_limit` or
 * `[touchstone-fault:truncate]` works without any profile. A profile's `faults` may shadow these names.
 * The rate-limit headers are the `x-ratelimit-*` family most OpenAI-compatible providers send.
 */
import type { Fault, FaultError, StatusFault, StatusPreset } from './types.ts';

interface PresetAnswer extends Omit<FaultError, 'param'> {
  headers: Record<string, string>;
}

const RATE_LIMIT_HEADERS: Record<string, string> = {
  'x-ratelimit-limit-requests': '500',
  'x-ratelimit-limit-tokens': '200000',
  'x-ratelimit-remaining-requests': '0',
  'x-ratelimit-remaining-tokens': '199950',
  'x-ratelimit-reset-requests': '120ms',
  'x-ratelimit-reset-tokens': '15ms',
};

const RATE_LIMIT_MESSAGE = 'Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1. '
  + 'Please try again in 120ms. Visit https://platform.openai.com/account/rate-limits to learn more.';

export const STATUS_PRESETS: Readonly<Record<StatusPreset, PresetAnswer>> = {
  rate_limit: {
    status: 429, message: RATE_LIMIT_MESSAGE, type: 'requests', code: 'rate_limit_exceeded',
    headers: { 'retry-after': '1', ...RATE_LIMIT_HEADERS },
  },
  rate_limit_no_retry_after: {
    status: 429, message: RATE_LIMIT_MESSAGE, type: 'requests', code: 'rate_limit_exceeded', headers: { ...RATE_LIMIT_HEADERS },
  },
  server_error: {
    status: 500, message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error', code: null, headers: {},
  },
  overloaded: {
    status: 503, message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error', code: null, headers: {},
  },
};

/** Error type and message for a bare status without a preset. */
function genericAnswer(status: number): PresetAnswer {
  if (status === 429) return STATUS_PRESETS.rate_limit_no_retry_after;
  if (status >= 500) return { status, message: `The upstream failed with status ${status}.`, type: 'server_error', code: null, headers: {} };
  return { status, message: `The upstream answered status ${status}.`, type: 'invalid_request_error', code: null, headers: {} };
}

/** The status, error and headers a status fault answers with: preset first, then the fault's overrides. */
export function resolveStatusFault(fault: StatusFault): { error: FaultError; headers: Record<string, string> } {
  const base = fault.preset ? STATUS_PRESETS[fault.preset] : genericAnswer(fault.status ?? 500);
  const status = fault.status ?? base.status;
  return {
    error: {
      status,
      message: fault.message ?? base.message,
      type: fault.type ?? base.type,
      param: fault.param ?? null,
      code: fault.code === undefined ? base.code : fault.code,
    },
    headers: { ...base.headers, ...fault.headers },
  };
}

/** Faults selectable by name with no profile at all. */
export const BUILTIN_FAULTS: Readonly<Record<string, Fault>> = {
  latency: { kind: 'latency', latencyMs: 1000 },
  rate_limit: { kind: 'status', preset: 'rate_limit' },
  rate_limit_no_retry_after: { kind: 'status', preset: 'rate_limit_no_retry_after' },
  server_error: { kind: 'status', preset: 'server_error' },
  overloaded: { kind: 'status', preset: 'overloaded' },
  reset: { kind: 'reset' },
  reset_mid_body: { kind: 'reset_mid_body', afterEvents: 2 },
  timeout: { kind: 'timeout' },
  stall_mid_stream: { kind: 'stall_mid_stream', afterEvents: 2 },
  truncate: { kind: 'truncate', afterEvents: 2 },
  malformed_event: { kind: 'malformed_event', afterEvents: 1 },
  error_event: { kind: 'error_event', afterEvents: 2 },
};

/** Faults that only make sense on an event stream: a profile rule with one matches streaming requests only. */
export function needsStream(fault: Fault): boolean {
  switch (fault.kind) {
    case 'stall_mid_stream': case 'truncate': case 'malformed_event': case 'error_event': return true;
    case 'reset_mid_body': return fault.afterBytes === undefined;
    default: return false;
  }
}
