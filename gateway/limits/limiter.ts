/**
 * The limiter the gateway core calls around each request: `acquire` before the upstream call (checks every
 * matching rate limit and budget, counts the request only if all pass), `record` after the answer (adds the
 * tokens and the cost, which are only known then). Rules are compiled once; counters live in a LimitStore
 * that outlives the limiter, so a config reload (a new limiter on the same store) keeps every count.
 *
 * Semantics, per matching rule and window:
 * - requests_*: allowed iff `count_before + 1 <= limit_to`;
 * - tokens_* and budgets: allowed iff `used < limit_to` (usage is recorded afterwards, so one request may
 *   overshoot; the next one is refused).
 * Usage is recorded in the window current when `record` runs.
 *
 * Store failures: `acquire` refuses with a 503 `limits_unavailable` (or, with `failOpen: true`, allows
 * without headers); either way `onError` hears about it. `record` never throws.
 */
import { checkLimitRules, type BudgetRule, type RateLimitRule } from './config.ts';
import { toNanoUsd } from './money.ts';
import { limitsUnavailable, rateLimitHeaders, refusal, type CheckedRule, type LimitError } from './outcome.ts';
import { compileRules, counterKey, type CompiledRule, type LimitSubject } from './rules.ts';
import type { CounterAdd, LimitStore } from './store.ts';
import { windowAt } from './windows.ts';

export interface Acquired {
  allowed: true;
  /** `x-ratelimit-*` headers for the answer; empty when no rate limit matches. */
  headers: Record<string, string>;
  /**
   * Gives the request back to the request counters it was counted on, for a request that never reached
   * an upstream (for example its body failed validation after `acquire`). At most once; never throws.
   */
  release?: () => Promise<void>;
}

export interface Refused {
  allowed: false;
  error: LimitError;
}

export interface Usage {
  /** prompt + completion tokens of the answer. */
  tokens: number;
  /** The answer's cost in USD. */
  costUsd: number;
}

export interface Limiter {
  acquire(subject: LimitSubject): Promise<Acquired | Refused>;
  /** Adds usage to the matching tokens rules and budgets. Never throws: problems go to `onError`. */
  record(subject: LimitSubject, usage: Usage): Promise<void>;
  /** Waits for pending `record`s. The store is not closed: it belongs to its creator (and survives reloads). */
  close(): Promise<void>;
}

export interface LimiterOptions {
  rateLimits: readonly RateLimitRule[];
  budgets: readonly BudgetRule[];
  store: LimitStore;
  /** Epoch ms. Default Date.now. */
  now?: () => number;
  /** Allow requests when the store fails. Default false: refuse them with 503 `limits_unavailable`. */
  failOpen?: boolean;
  /** Store failures and invalid usage. Default: console.error. */
  onError?: (error: unknown) => void;
}

/** Counters outlive their window by this much, so a replica whose clock lags a little still finds them. */
export const WINDOW_GRACE_MS = 60_000;

export class LimitRulesError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid rate_limits/budgets:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LimitRulesError';
  }
}

export function createLimiter(options: LimiterOptions): Limiter {
  const problems = checkLimitRules(options.rateLimits, options.budgets);
  if (problems.length > 0) throw new LimitRulesError(problems);
  const rules = compileRules(options.rateLimits, options.budgets);
  const { store, failOpen = false } = options;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((error: unknown) => console.error('[touchstone limits]', error));
  const pending = new Set<Promise<void>>();

  const matching = (subject: LimitSubject, measures: readonly CompiledRule['measure'][]) =>
    rules.filter((rule) => measures.includes(rule.measure) && rule.matches(subject));

  /** Adds in the background of the caller, tracked so `close` can wait; errors go to onError. */
  function addTracked(adds: CounterAdd[], at: number): Promise<void> {
    const done = store.add(adds, at).catch(onError);
    pending.add(done);
    void done.finally(() => pending.delete(done));
    return done;
  }

  async function acquire(subject: LimitSubject): Promise<Acquired | Refused> {
    const matched = matching(subject, ['requests', 'tokens', 'cost']);
    if (matched.length === 0) return { allowed: true, headers: {} };
    const at = now();
    const windows = matched.map((rule) => windowAt(rule.window, at));
    const checks = matched.map((rule, i) => ({
      key: counterKey(rule, subject, windows[i]!),
      mode: rule.measure === 'requests' ? ('take' as const) : ('below' as const),
      limit: rule.limit,
      expireAt: windows[i]!.end + WINDOW_GRACE_MS,
    }));
    let result;
    try {
      result = await store.checkAndTake(checks, at);
    } catch (error) {
      onError(error);
      return failOpen ? { allowed: true, headers: {} } : { allowed: false, error: limitsUnavailable() };
    }
    const checked: CheckedRule[] = matched.map((rule, i) => ({ rule, window: windows[i]!, value: result.values[i]! }));
    if (!result.allowed) return { allowed: false, error: refusal(checked, subject, at) };
    const headers = rateLimitHeaders(checked, true, at);
    const taken = checks.filter((check) => check.mode === 'take');
    if (taken.length === 0) return { allowed: true, headers };
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await addTracked(taken.map(({ key, expireAt }) => ({ key, amount: -1, expireAt })), now());
    };
    return { allowed: true, headers, release };
  }

  async function record(subject: LimitSubject, usage: Usage): Promise<void> {
    const matched = matching(subject, ['tokens', 'cost']);
    if (matched.length === 0) return;
    const tokens = Number.isSafeInteger(usage.tokens) && usage.tokens >= 0 ? usage.tokens : undefined;
    const costNano = Number.isFinite(usage.costUsd) && usage.costUsd >= 0 ? toNanoUsd(usage.costUsd) : undefined;
    if (tokens === undefined) onError(new RangeError(`limits: expected usage.tokens to be an integer >= 0, got ${usage.tokens} (key ${subject.key}, model ${subject.model}); not recorded`));
    if (costNano === undefined) onError(new RangeError(`limits: expected usage.costUsd to be a finite number >= 0, got ${usage.costUsd} (key ${subject.key}, model ${subject.model}); not recorded`));
    const at = now();
    const adds: CounterAdd[] = [];
    for (const rule of matched) {
      const amount = rule.measure === 'tokens' ? tokens : costNano;
      if (!amount) continue; // undefined (invalid) or 0: nothing to add
      const window = windowAt(rule.window, at);
      adds.push({ key: counterKey(rule, subject, window), amount, expireAt: window.end + WINDOW_GRACE_MS });
    }
    if (adds.length > 0) await addTracked(adds, at);
  }

  async function close() {
    await Promise.allSettled([...pending]);
  }

  return { acquire, record, close };
}
