/**
 * The limiter on the in-memory store: the shared semantics table, plus what does not depend on a store —
 * no store round trip without matching rules, the failure policy (fail closed / open), record never
 * throwing, close waiting for pending records, rules checked at creation.
 */
import { describe, expect, it } from 'vitest';
import { createLimiter, LimitRulesError } from './limiter.ts';
import { describeLimiterSemantics, FakeClock } from './limiter.cases.ts';
import { createMemoryStore, type CounterAdd, type CounterCheck, type LimitStore } from './store.ts';

describeLimiterSemantics('memory', async () => {
  const store = createMemoryStore();
  return { store, dispose: () => store.close() };
});

/** A store that records its calls and fails (or stalls) on demand. */
function spyStore(inner: LimitStore = createMemoryStore()) {
  const calls: string[] = [];
  let failure: Error | undefined;
  let stall: Promise<void> | undefined;
  const store: LimitStore = {
    async checkAndTake(checks: readonly CounterCheck[], now: number) {
      calls.push(`check ${checks.map((c) => c.key).join(' ')}`);
      if (failure) throw failure;
      return inner.checkAndTake(checks, now);
    },
    async add(adds: readonly CounterAdd[], now: number) {
      calls.push(`add ${adds.map((a) => `${a.key}+${a.amount}`).join(' ')}`);
      if (stall) await stall;
      if (failure) throw failure;
      return inner.add(adds, now);
    },
    close: () => inner.close(),
  };
  return {
    store,
    calls,
    fail(error: Error | undefined) { failure = error; },
    stallAdds() {
      let resume!: () => void;
      stall = new Promise((resolve) => { resume = resolve; });
      return () => { stall = undefined; resume(); };
    },
  };
}

const subject = { key: 'demo', team: 'search', model: 'openai-main/gpt-4o' };

describe('limiter without a store dependency', () => {
  it('a subject no rule matches costs no store round trip (acquire and record)', async () => {
    const spy = spyStore();
    const limiter = createLimiter({
      rateLimits: [{ id: 'other', unit: 'requests_per_minute', limit_to: 1, when: { keys: ['other'] } }],
      budgets: [{ id: 'team', unit: 'cost_per_day', limit_to: 1, when: { teams: ['ads'] } }],
      store: spy.store,
    });
    expect(await limiter.acquire(subject)).toEqual({ allowed: true, headers: {} });
    await limiter.record(subject, { tokens: 10, costUsd: 1 });
    expect(spy.calls).toEqual([]);
  });

  it('counter keys carry the rule, unit, scope (escaped) and window index; usage adds only to tokens and budget counters', async () => {
    const spy = spyStore();
    const clock = new FakeClock();
    const limiter = createLimiter({
      rateLimits: [
        { id: 'rpm', unit: 'requests_per_minute', limit_to: 5, per: ['model', 'key'] },
        { id: 'tpm', unit: 'tokens_per_minute', limit_to: 5, per: [] },
      ],
      budgets: [{ id: 'monthly', unit: 'cost_per_month', limit_to: 5, per: ['model'] }],
      store: spy.store,
      now: clock.now,
    });
    const odd = { key: 'a|b:c=d%', model: 'bedrock-main/anthropic.claude-v2:1' };
    await limiter.acquire(odd);
    await limiter.record(odd, { tokens: 7, costUsd: 0.25 });
    const minute = clock.time / 60_000;
    const month = 2099 * 12;
    expect(spy.calls).toEqual([
      `check ts:rl:rpm:requests_per_minute:key=a%7Cb%3Ac%3Dd%25|model=bedrock-main/anthropic.claude-v2%3A1:${minute} ts:rl:tpm:tokens_per_minute:all:${minute} ts:bg:monthly:cost_per_month:model=bedrock-main/anthropic.claude-v2%3A1:${month}`,
      `add ts:rl:tpm:tokens_per_minute:all:${minute}+7 ts:bg:monthly:cost_per_month:model=bedrock-main/anthropic.claude-v2%3A1:${month}+250000000`,
    ]);
  });

  it('a failing store refuses with 503 limits_unavailable by default, and tells onError', async () => {
    const spy = spyStore();
    const errors: unknown[] = [];
    const limiter = createLimiter({ rateLimits: [{ id: 'rpm', unit: 'requests_per_minute', limit_to: 5 }], budgets: [], store: spy.store, onError: (e) => errors.push(e) });
    spy.fail(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    const outcome = await limiter.acquire(subject);
    expect(outcome).toEqual({
      allowed: false,
      error: { status: 503, code: 'limits_unavailable', type: 'server_error', headers: {}, message: expect.stringContaining('cannot be checked right now') },
    });
    expect(JSON.stringify(outcome)).not.toContain('6379'); // the store's address stays out of answers
    expect(errors).toEqual([new Error('connect ECONNREFUSED 127.0.0.1:6379')]);
  });

  it('with failOpen a failing store allows the request (without headers)', async () => {
    const spy = spyStore();
    const errors: unknown[] = [];
    const limiter = createLimiter({ rateLimits: [{ id: 'rpm', unit: 'requests_per_minute', limit_to: 5 }], budgets: [], store: spy.store, failOpen: true, onError: (e) => errors.push(e) });
    spy.fail(new Error('down'));
    expect(await limiter.acquire(subject)).toEqual({ allowed: true, headers: {} });
    expect(errors).toHaveLength(1);
  });

  it('record never throws: a store error goes to onError', async () => {
    const spy = spyStore();
    const errors: unknown[] = [];
    const limiter = createLimiter({ rateLimits: [{ id: 'tpm', unit: 'tokens_per_minute', limit_to: 5 }], budgets: [], store: spy.store, onError: (e) => errors.push(e) });
    spy.fail(new Error('down'));
    await expect(limiter.record(subject, { tokens: 3, costUsd: 0 })).resolves.toBeUndefined();
    expect(errors).toEqual([new Error('down')]);
  });

  it('close waits for records still being written', async () => {
    const spy = spyStore();
    const limiter = createLimiter({ rateLimits: [{ id: 'tpm', unit: 'tokens_per_minute', limit_to: 5 }], budgets: [], store: spy.store });
    const resume = spy.stallAdds();
    let recorded = false;
    void limiter.record(subject, { tokens: 3, costUsd: 0 }).then(() => { recorded = true; });
    let closed = false;
    const closing = limiter.close().then(() => { closed = true; });
    await Promise.resolve();
    expect(closed).toBe(false);
    resume();
    await closing;
    expect(recorded).toBe(true);
  });

  it('rejects rules the schema refuses and duplicate ids, naming each problem', () => {
    const store = createMemoryStore();
    const create = (rateLimits: unknown[], budgets: unknown[] = []) => () => createLimiter({ rateLimits, budgets, store } as never);
    expect(create([{ id: 'a', unit: 'requests_per_minute', limit_to: 1 }, { id: 'a', unit: 'tokens_per_minute', limit_to: 1 }])).toThrow(
      new LimitRulesError(["/rate_limits/1/id: expected a unique id, but 'a' is also /rate_limits/0/id"]),
    );
    expect(create([{ id: 'a', unit: 'requests_per_day', limit_to: 1.5 }])).toThrow(/\/rate_limits\/0\/unit: must be equal to one of the allowed values \(requests_per_minute, tokens_per_minute, requests_per_hour, tokens_per_hour\)[\s\S]*\/rate_limits\/0\/limit_to: must be integer/);
  });
});
