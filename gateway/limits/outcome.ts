/**
 * What a limiter answers, as data the core renders: OpenAI's `x-ratelimit-*` headers from the most
 * restrictive matching rule of each kind, and refusals shaped like OpenAI's own 429s (type `requests` or
 * `tokens`, code `rate_limit_exceeded`; budgets: type `insufficient_quota`, code `budget_exceeded`) or a
 * 503 `limits_unavailable` when the store cannot be asked.
 */
import { formatResetDuration } from './duration.ts';
import { formatUsd } from './money.ts';
import type { CompiledRule, LimitSubject } from './rules.ts';
import type { Window } from './windows.ts';

export type LimitErrorCode = 'rate_limit_exceeded' | 'budget_exceeded' | 'limits_unavailable';
export type LimitErrorType = 'requests' | 'tokens' | 'insufficient_quota' | 'server_error';

/** A refusal as data; the core renders `{ error: { message, type, param: null, code } }` with `headers`. */
export interface LimitError {
  status: 429 | 503;
  code: LimitErrorCode;
  type: LimitErrorType;
  message: string;
  /** `retry-after` (seconds) and the `x-ratelimit-*` headers of the matching rules. */
  headers: Record<string, string>;
  /** Seconds until every refusing window has ended (ceil, >= 1); absent on 503. */
  retryAfterSeconds?: number;
  /** The rule named in the message. */
  rule?: string;
}

/** One matched rule as checked: its window and its counter's value before the check. */
export interface CheckedRule {
  rule: CompiledRule;
  window: Window;
  value: number;
}

export function refuses({ rule, value }: CheckedRule): boolean {
  return rule.measure === 'requests' ? value + 1 > rule.limit : value >= rule.limit;
}

/**
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` from the rule with the smallest remaining of each
 * kind (on a tie, the one resetting last). `taken` = the request was counted, so requests remaining is one less.
 */
export function rateLimitHeaders(checked: readonly CheckedRule[], taken: boolean, now: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const measure of ['requests', 'tokens'] as const) {
    let best: { limit: number; remaining: number; end: number } | undefined;
    for (const { rule, window, value } of checked) {
      if (rule.measure !== measure) continue;
      const remaining = Math.max(0, rule.limit - value - (taken && measure === 'requests' ? 1 : 0));
      if (!best || remaining < best.remaining || (remaining === best.remaining && window.end > best.end)) best = { limit: rule.limit, remaining, end: window.end };
    }
    if (!best) continue;
    headers[`x-ratelimit-limit-${measure}`] = String(best.limit);
    headers[`x-ratelimit-remaining-${measure}`] = String(best.remaining);
    headers[`x-ratelimit-reset-${measure}`] = formatResetDuration(best.end - now);
  }
  return headers;
}

const UNIT_TEXT: Record<CompiledRule['unit'], string> = {
  requests_per_minute: 'requests per minute',
  requests_per_hour: 'requests per hour',
  tokens_per_minute: 'tokens per minute',
  tokens_per_hour: 'tokens per hour',
  cost_per_day: 'cost per UTC day',
  cost_per_month: 'cost per UTC month',
};

function counterText(rule: CompiledRule, subject: LimitSubject): string {
  if (rule.per.length === 0) return 'all requests the rule matches (one shared counter)';
  return rule.per.map((scope) => (scope === 'key' ? `key ${subject.key}` : `model ${subject.model}`)).join(' and ');
}

/**
 * The refusal for checks of which at least one refuses. Budgets are named before rate limits (waiting a
 * minute does not help), and among those the rule resetting last; retry-after waits for every refusing window.
 */
export function refusal(checked: readonly CheckedRule[], subject: LimitSubject, now: number): LimitError {
  const refusing = checked.filter(refuses);
  const budgets = refusing.filter((c) => c.rule.measure === 'cost');
  const named = (budgets.length > 0 ? budgets : refusing).reduce((a, b) => (b.window.end > a.window.end ? b : a));
  const lastEnd = Math.max(...refusing.map((c) => c.window.end));
  const retryAfterSeconds = Math.max(1, Math.ceil((lastEnd - now) / 1000));
  const headers = { 'retry-after': String(retryAfterSeconds), ...rateLimitHeaders(checked, false, now) };
  const { rule, window, value } = named;
  const resetsAt = new Date(window.end).toISOString();
  if (rule.measure === 'cost') {
    return {
      status: 429, code: 'budget_exceeded', type: 'insufficient_quota', headers, retryAfterSeconds, rule: rule.id,
      message: `Budget ${rule.id} exceeded for ${counterText(rule, subject)}: spent $${formatUsd(value)} of the $${formatUsd(rule.limit)} USD limit (${UNIT_TEXT[rule.unit]}). It resets at ${resetsAt}.`,
    };
  }
  const usage = rule.measure === 'requests' ? `Limit ${rule.limit}, Used ${value}, Requested 1` : `Limit ${rule.limit}, Used ${value}`;
  return {
    status: 429, code: 'rate_limit_exceeded', type: rule.measure, headers, retryAfterSeconds, rule: rule.id,
    message: `Rate limit reached for ${counterText(rule, subject)} on ${UNIT_TEXT[rule.unit]} (rule ${rule.id}): ${usage}. Please try again in ${formatResetDuration(window.end - now)} (the window resets at ${resetsAt}).`,
  };
}

export function limitsUnavailable(): LimitError {
  return {
    status: 503, code: 'limits_unavailable', type: 'server_error', headers: {},
    message: 'Rate limits and budgets cannot be checked right now (the limit store did not answer), so the request was refused. Please try again later.',
  };
}
