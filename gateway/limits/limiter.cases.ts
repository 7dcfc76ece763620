/**
 * The limiter's semantics as one table of cases, run against every store (memory.test.ts, redis.test.ts)
 * so both prove the same boundaries. Time is a fake clock starting at a UTC month start in the future
 * (Redis expires counters by its real clock, so fake time must not lie in the past).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetRule, RateLimitRule } from './config.ts';
import { createLimiter, type Acquired, type Limiter, type Refused } from './limiter.ts';
import type { LimitSubject } from './rules.ts';
import type { LimitStore } from './store.ts';

export const T0 = Date.UTC(2099, 0, 1); // a Thursday, a month start, a day start, an hour start
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface StoreFixture {
  store: LimitStore;
  /** Ends what the fixture started (the store's connection; the counters are wiped by the next fixture). */
  dispose(): Promise<void>;
}

export class FakeClock {
  constructor(public time = T0) {}
  readonly now = () => this.time;
  set(time: number) { this.time = time; }
  advance(ms: number) { this.time += ms; }
}

const demo: LimitSubject = { key: 'demo', model: 'openai-main/gpt-4o-mini' };

function expectRefused(outcome: Acquired | Refused): Refused['error'] {
  if (outcome.allowed) throw new Error(`expected a refusal, got allowed with headers ${JSON.stringify(outcome.headers)}`);
  return outcome.error;
}

/** Acquires `n` times in sequence; returns how many were allowed (stops counting at nothing: all n are tried). */
async function allowedOf(limiter: Limiter, subject: LimitSubject, n: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < n; i++) if ((await limiter.acquire(subject)).allowed) allowed++;
  return allowed;
}

export function describeLimiterSemantics(storeName: string, makeFixture: () => Promise<StoreFixture>) {
  describe(`limiter semantics on the ${storeName} store`, () => {
    let fixture: StoreFixture;
    let clock: FakeClock;
    const errors: unknown[] = [];
    const limiterOf = (rateLimits: RateLimitRule[], budgets: BudgetRule[] = []) =>
      createLimiter({ rateLimits, budgets, store: fixture.store, now: clock.now, onError: (e) => errors.push(e) });

    beforeEach(async () => {
      fixture = await makeFixture();
      clock = new FakeClock();
      errors.length = 0;
    });
    afterEach(async () => {
      await fixture.dispose();
      expect(errors).toEqual([]);
    });

    it('requests: limit 3 allows 1, 2, 3 and refuses 4, until the minute window ends', async () => {
      const limiter = limiterOf([{ id: 'rpm', unit: 'requests_per_minute', limit_to: 3 }]);
      clock.set(T0 + 5_000);
      expect(await allowedOf(limiter, demo, 3)).toBe(3);
      clock.set(T0 + MINUTE - 1);
      const error = expectRefused(await limiter.acquire(demo));
      expect(error).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded', rule: 'rpm', retryAfterSeconds: 1 });
      clock.set(T0 + MINUTE); // the next window: 3 again
      expect(await allowedOf(limiter, demo, 4)).toBe(3);
    });

    it('requests per hour: windows aligned to the epoch hour', async () => {
      const limiter = limiterOf([{ id: 'rph', unit: 'requests_per_hour', limit_to: 2 }]);
      clock.set(T0 + HOUR - 2 * MINUTE);
      expect(await allowedOf(limiter, demo, 3)).toBe(2);
      clock.set(T0 + HOUR - 1);
      expect((await limiter.acquire(demo)).allowed).toBe(false);
      clock.set(T0 + HOUR);
      expect(await allowedOf(limiter, demo, 3)).toBe(2);
    });

    it('limit 0 refuses every request', async () => {
      const limiter = limiterOf([{ id: 'none', unit: 'requests_per_minute', limit_to: 0 }]);
      expect(expectRefused(await limiter.acquire(demo)).message).toContain('Limit 0, Used 0, Requested 1');
    });

    it('tokens: limit 100 at 30 per request allows 4 (0, 30, 60, 90 < 100) and refuses the 5th (120)', async () => {
      const limiter = limiterOf([{ id: 'tpm', unit: 'tokens_per_minute', limit_to: 100 }]);
      for (let i = 0; i < 4; i++) {
        expect((await limiter.acquire(demo)).allowed).toBe(true);
        await limiter.record(demo, { tokens: 30, costUsd: 0 });
      }
      const error = expectRefused(await limiter.acquire(demo));
      expect(error).toMatchObject({ status: 429, type: 'tokens', code: 'rate_limit_exceeded', rule: 'tpm' });
      expect(error.message).toContain('Limit 100, Used 120');
      clock.advance(MINUTE);
      expect((await limiter.acquire(demo)).allowed).toBe(true);
    });

    it('tokens: allowed while used < limit, strictly (99 passes, 100 does not)', async () => {
      const limiter = limiterOf([{ id: 'tph', unit: 'tokens_per_hour', limit_to: 100 }]);
      await limiter.record(demo, { tokens: 99, costUsd: 0 });
      expect((await limiter.acquire(demo)).allowed).toBe(true);
      await limiter.record(demo, { tokens: 1, costUsd: 0 });
      expect((await limiter.acquire(demo)).allowed).toBe(false);
      clock.set(T0 + HOUR);
      expect((await limiter.acquire(demo)).allowed).toBe(true);
    });

    it('budgets count nano-dollars exactly: limit $0.000003 at $0.000001 each refuses the 4th', async () => {
      const limiter = limiterOf([], [{ id: 'tiny', unit: 'cost_per_day', limit_to: 0.000003 }]);
      for (let i = 0; i < 3; i++) {
        expect((await limiter.acquire(demo)).allowed).toBe(true);
        await limiter.record(demo, { tokens: 10, costUsd: 0.000001 });
      }
      const error = expectRefused(await limiter.acquire(demo));
      expect(error).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'budget_exceeded', rule: 'tiny' });
      expect(error.message).toBe('Budget tiny exceeded for key demo: spent $0.000003 of the $0.000003 USD limit (cost per UTC day). It resets at 2099-01-02T00:00:00.000Z.');
    });

    it('budgets: ten costs of $0.1 reach a $1 limit exactly (summed floats would stop at 0.9999999999999999)', async () => {
      const limiter = limiterOf([], [{ id: 'one-dollar', unit: 'cost_per_month', limit_to: 1 }]);
      for (let i = 0; i < 10; i++) {
        expect((await limiter.acquire(demo)).allowed).toBe(true);
        await limiter.record(demo, { tokens: 0, costUsd: 0.1 });
      }
      expect(expectRefused(await limiter.acquire(demo)).message).toContain('spent $1.00 of the $1.00 USD limit');
    });

    it('budget windows follow the UTC calendar: days end at midnight, months on the 1st (a leap February has 29 days)', async () => {
      const limiter = limiterOf([], [
        { id: 'daily', unit: 'cost_per_day', limit_to: 1 },
        { id: 'monthly', unit: 'cost_per_month', limit_to: 3 },
      ]);
      clock.set(Date.UTC(2096, 1, 27, 23, 59, 59, 999)); // 2096 is a leap year
      await limiter.record(demo, { tokens: 0, costUsd: 2 });
      expect(expectRefused(await limiter.acquire(demo)).rule).toBe('daily');
      clock.advance(1); // Feb 28: a new day, the same month
      expect((await limiter.acquire(demo)).allowed).toBe(true);
      clock.set(Date.UTC(2096, 1, 28, 12));
      await limiter.record(demo, { tokens: 0, costUsd: 1 });
      const error = expectRefused(await limiter.acquire(demo));
      expect(error.rule).toBe('monthly'); // both refuse; the budget resetting last is named
      expect(error.retryAfterSeconds).toBe(36 * 3600);
      expect(error.message).toContain('It resets at 2096-03-01T00:00:00.000Z');
      clock.set(Date.UTC(2096, 1, 29, 23, 59, 59, 999));
      expect(expectRefused(await limiter.acquire(demo)).rule).toBe('monthly');
      clock.advance(1); // March 1st
      expect((await limiter.acquire(demo)).allowed).toBe(true);
    });

    it('per [key] counts each key apart; per [model] shares a model across keys', async () => {
      const perKey = limiterOf([{ id: 'k', unit: 'requests_per_minute', limit_to: 2, per: ['key'] }]);
      expect(await allowedOf(perKey, { key: 'a', model: 'x/1' }, 3)).toBe(2);
      expect(await allowedOf(perKey, { key: 'a', model: 'x/2' }, 1)).toBe(0);
      expect(await allowedOf(perKey, { key: 'b', model: 'x/1' }, 3)).toBe(2);

      const perModel = limiterOf([{ id: 'm', unit: 'requests_per_minute', limit_to: 2, per: ['model'] }]);
      expect(await allowedOf(perModel, { key: 'a', model: 'x/1' }, 1)).toBe(1);
      expect(await allowedOf(perModel, { key: 'b', model: 'x/1' }, 2)).toBe(1);
      expect(await allowedOf(perModel, { key: 'a', model: 'x/2' }, 3)).toBe(2);
    });

    it('per [key, model] counts each pair; per [] is one counter for everything the rule matches', async () => {
      const perPair = limiterOf([{ id: 'km', unit: 'requests_per_minute', limit_to: 1, per: ['model', 'key'] }]);
      for (const subject of [{ key: 'a', model: 'x/1' }, { key: 'a', model: 'x/2' }, { key: 'b', model: 'x/1' }]) {
        expect(await allowedOf(perPair, subject, 2)).toBe(1);
      }
      const shared = limiterOf([{ id: 'all', unit: 'requests_per_minute', limit_to: 3, per: [] }]);
      expect(await allowedOf(shared, { key: 'a', model: 'x/1' }, 1)).toBe(1);
      expect(await allowedOf(shared, { key: 'b', model: 'y/2' }, 1)).toBe(1);
      expect(await allowedOf(shared, { key: 'c', team: 't', model: 'z/3' }, 2)).toBe(1);
      expect(expectRefused(await shared.acquire({ key: 'd', model: 'x/1' })).message).toContain('all requests the rule matches');
    });

    it('when.models: exact ids and account/* wildcards; other models are not limited', async () => {
      const limiter = limiterOf([{ id: 'w', unit: 'requests_per_minute', limit_to: 1, when: { models: ['openai-main/gpt-4o-mini', 'anthropic-main/*'] }, per: ['model'] }]);
      expect(await allowedOf(limiter, { key: 'a', model: 'anthropic-main/claude-sonnet-4' }, 2)).toBe(1);
      expect(await allowedOf(limiter, { key: 'a', model: 'openai-main/gpt-4o-mini' }, 2)).toBe(1);
      expect(await allowedOf(limiter, { key: 'a', model: 'openai-main/gpt-4o' }, 3)).toBe(3);
      expect(await allowedOf(limiter, { key: 'a', model: 'anthropic-mainx/claude' }, 3)).toBe(3);
    });

    it('when.keys and when.teams must all match; a key without a team never matches a team rule', async () => {
      const limiter = limiterOf([{ id: 'team', unit: 'requests_per_minute', limit_to: 1, when: { teams: ['search'], keys: ['a', 'b'] }, per: [] }]);
      expect(await allowedOf(limiter, { key: 'c', team: 'search', model: 'x/1' }, 3)).toBe(3); // key not listed
      expect(await allowedOf(limiter, { key: 'a', model: 'x/1' }, 3)).toBe(3); // no team
      expect(await allowedOf(limiter, { key: 'a', team: 'ads', model: 'x/1' }, 3)).toBe(3);
      expect(await allowedOf(limiter, { key: 'a', team: 'search', model: 'x/1' }, 1)).toBe(1);
      expect(await allowedOf(limiter, { key: 'b', team: 'search', model: 'x/1' }, 1)).toBe(0); // the team's shared counter
    });

    it('a refused request counts nowhere (all checks, then all increments, atomically)', async () => {
      const limiter = limiterOf([
        { id: 'per-key', unit: 'requests_per_minute', limit_to: 1 },
        { id: 'shared', unit: 'requests_per_minute', limit_to: 5, per: [] },
      ]);
      expect(await allowedOf(limiter, { key: 'a', model: 'x/1' }, 4)).toBe(1); // 3 refused by per-key
      // had those 3 counted on `shared`, only 1 more would pass there
      expect(await allowedOf(limiter, { key: 'b', model: 'x/1' }, 1)).toBe(1);
      expect(await allowedOf(limiter, { key: 'c', model: 'x/1' }, 1)).toBe(1);
      expect(await allowedOf(limiter, { key: 'd', model: 'x/1' }, 1)).toBe(1);
      expect(await allowedOf(limiter, { key: 'e', model: 'x/1' }, 1)).toBe(1);
      expect(expectRefused(await limiter.acquire({ key: 'f', model: 'x/1' })).rule).toBe('shared');
    });

    it('a request refused by a budget does not count on request limits', async () => {
      const limiter = limiterOf([{ id: 'rpm', unit: 'requests_per_minute', limit_to: 2 }], [{ id: 'b', unit: 'cost_per_day', limit_to: 1, when: { models: ['x/*'] } }]);
      await limiter.record({ key: 'demo', model: 'x/1' }, { tokens: 0, costUsd: 1 });
      expect(await allowedOf(limiter, { key: 'demo', model: 'x/1' }, 3)).toBe(0);
      expect(await allowedOf(limiter, { key: 'demo', model: 'y/1' }, 3)).toBe(2);
    });

    it('headers: the most restrictive matching rule of each kind, reset as OpenAI writes durations', async () => {
      const limiter = limiterOf([
        { id: 'rpm', unit: 'requests_per_minute', limit_to: 60 },
        { id: 'rph', unit: 'requests_per_hour', limit_to: 3 },
        { id: 'tpm', unit: 'tokens_per_minute', limit_to: 1000 },
        { id: 'tph', unit: 'tokens_per_hour', limit_to: 5000 },
      ]);
      clock.set(T0 + 20_500);
      const first = await limiter.acquire(demo);
      expect(first).toEqual({
        allowed: true,
        release: expect.any(Function),
        headers: {
          'x-ratelimit-limit-requests': '3',
          'x-ratelimit-remaining-requests': '2',
          'x-ratelimit-reset-requests': '59m39.5s',
          'x-ratelimit-limit-tokens': '1000',
          'x-ratelimit-remaining-tokens': '1000',
          'x-ratelimit-reset-tokens': '39.5s',
        },
      });
      await limiter.record(demo, { tokens: 4200, costUsd: 0 }); // tpm: 1000-4200 → 0 left; tph: 800 left
      clock.set(T0 + MINUTE); // tpm window rolls over; tph still has 800
      const second = await limiter.acquire(demo);
      expect(second.allowed && second.headers).toMatchObject({
        'x-ratelimit-remaining-requests': '1',
        'x-ratelimit-limit-tokens': '5000',
        'x-ratelimit-remaining-tokens': '800',
        'x-ratelimit-reset-tokens': '59m0s',
      });
      // no rule of a kind matches: no headers of that kind
      const budgetOnly = limiterOf([], [{ id: 'b', unit: 'cost_per_day', limit_to: 1 }]);
      expect(await budgetOnly.acquire(demo)).toEqual({ allowed: true, headers: {} });
    });

    it('refusals carry retry-after (ceil of the wait, >= 1) and the x-ratelimit headers', async () => {
      const limiter = limiterOf([{ id: 'rpm', unit: 'requests_per_minute', limit_to: 1 }, { id: 'tpm', unit: 'tokens_per_minute', limit_to: 50 }]);
      clock.set(T0 + 20_500);
      expect((await limiter.acquire(demo)).allowed).toBe(true);
      const error = expectRefused(await limiter.acquire(demo));
      expect(error.retryAfterSeconds).toBe(40); // 39.5 s to the minute's end
      expect(error.headers).toEqual({
        'retry-after': '40',
        'x-ratelimit-limit-requests': '1',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '39.5s',
        'x-ratelimit-limit-tokens': '50',
        'x-ratelimit-remaining-tokens': '50',
        'x-ratelimit-reset-tokens': '39.5s',
      });
      expect(error.message).toBe('Rate limit reached for key demo on requests per minute (rule rpm): Limit 1, Used 1, Requested 1. Please try again in 39.5s (the window resets at 2099-01-01T00:01:00.000Z).');
      clock.set(T0 + MINUTE - 999);
      expect(expectRefused(await limiter.acquire(demo)).retryAfterSeconds).toBe(1);
    });

    it('when a rate limit and a budget both refuse, the budget is named and retry-after waits for it', async () => {
      const limiter = limiterOf([{ id: 'rpm', unit: 'requests_per_minute', limit_to: 0 }], [{ id: 'daily', unit: 'cost_per_day', limit_to: 0 }]);
      clock.set(T0 + DAY - 90_000);
      const error = expectRefused(await limiter.acquire(demo));
      expect(error).toMatchObject({ code: 'budget_exceeded', type: 'insufficient_quota', rule: 'daily', retryAfterSeconds: 90 });
      expect(error.headers).toMatchObject({ 'retry-after': '90', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '30s' });
    });

    it('release gives a counted request back, once', async () => {
      const limiter = limiterOf([{ id: 'rpm', unit: 'requests_per_minute', limit_to: 2 }]);
      const first = await limiter.acquire(demo);
      if (!first.allowed || !first.release) throw new Error('expected an allowed request with release');
      await first.release();
      await first.release();
      expect(await allowedOf(limiter, demo, 3)).toBe(2);
    });

    it('a new limiter on the same store (a config reload) keeps the counts', async () => {
      const rules: RateLimitRule[] = [{ id: 'rpm', unit: 'requests_per_minute', limit_to: 3 }];
      expect(await allowedOf(limiterOf(rules), demo, 2)).toBe(2);
      expect(await allowedOf(limiterOf(rules), demo, 3)).toBe(1);
    });

    it('record ignores invalid usage (reported to onError, never thrown) and keeps the valid part', async () => {
      const limiter = limiterOf([{ id: 'tpm', unit: 'tokens_per_minute', limit_to: 10 }], [{ id: 'b', unit: 'cost_per_day', limit_to: 1 }]);
      await limiter.record(demo, { tokens: Number.NaN, costUsd: 1 });
      expect(errors.splice(0).map(String)).toEqual([expect.stringContaining('expected usage.tokens to be an integer >= 0, got NaN')]);
      expect(expectRefused(await limiter.acquire(demo)).rule).toBe('b'); // the cost was recorded
      await limiter.record(demo, { tokens: 10, costUsd: -1 });
      expect(errors.splice(0).map(String)).toEqual([expect.stringContaining('expected usage.costUsd to be a finite number >= 0, got -1')]);
      expect(expectRefused(await limiter.acquire(demo)).headers['x-ratelimit-remaining-tokens']).toBe('0');
    });
  });
}
