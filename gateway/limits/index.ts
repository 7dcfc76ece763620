/**
 * Rate limits (requests and tokens per minute/hour) and budgets (USD per UTC day/month) for the reference
 * gateway. `createLimiter({ rateLimits, budgets, store })` gives `acquire` / `record`; the store is
 * `createMemoryStore()` for one process or `createRedisStore(url)` for replicas sharing one limit.
 */
export { checkLimitRules, limitsConfigSchema, type BudgetRule, type BudgetUnit, type LimitScope, type RateLimitRule, type RateLimitUnit, type RuleWhen } from './config.ts';
export { createLimiter, LimitRulesError, WINDOW_GRACE_MS, type Acquired, type Limiter, type LimiterOptions, type Refused, type Usage } from './limiter.ts';
export type { LimitError, LimitErrorCode, LimitErrorType } from './outcome.ts';
export type { LimitSubject } from './rules.ts';
export { createMemoryStore, type CheckResult, type CounterAdd, type CounterCheck, type LimitStore } from './store.ts';
export { createRedisStore, type RedisStoreOptions } from './redis-store.ts';
