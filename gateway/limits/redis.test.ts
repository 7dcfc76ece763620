/**
 * The limiter on the Redis store, against a real redis-server on loopback: the shared semantics table,
 * two replicas (two limiters, two connections) enforcing one limit under concurrency, counters expiring at
 * their window end, and an unreachable Redis answering fast (refused, or allowed with failOpen).
 * Without redis-server installed these tests fail, saying how to install it.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLimiter, WINDOW_GRACE_MS } from './limiter.ts';
import { describeLimiterSemantics, FakeClock, T0 } from './limiter.cases.ts';
import { createRedisStore } from './redis-store.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

let server: RedisServer;
let admin: Redis;

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
});
afterAll(async () => {
  await admin?.quit();
  await server?.stop();
});

describeLimiterSemantics('redis', async () => {
  await admin.flushdb();
  const store = createRedisStore(server.url);
  return { store, dispose: () => store.close() };
});

describe('redis store', () => {
  it('two replicas sharing one Redis enforce one limit: 2 × 50 concurrent acquires, limit 37 → exactly 37 allowed', async () => {
    await admin.flushdb();
    const clock = new FakeClock(T0 + 1000);
    const rateLimits = [{ id: 'shared-rpm', unit: 'requests_per_minute' as const, limit_to: 37, per: [] }];
    const stores = [createRedisStore(server.url), createRedisStore(server.url)];
    const replicas = stores.map((store) => createLimiter({ rateLimits, budgets: [], store, now: clock.now }));
    const outcomes = await Promise.all(replicas.flatMap((limiter, r) =>
      Array.from({ length: 50 }, (_, i) => limiter.acquire({ key: `key-${r}-${i % 5}`, model: 'openai-main/gpt-4o' }))));
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(37);
    expect(outcomes.filter((o) => !o.allowed && o.error.code === 'rate_limit_exceeded')).toHaveLength(63);
    // remaining counts down one per allowed request: each value 0..36 exactly once
    const remaining = outcomes.flatMap((o) => (o.allowed ? [Number(o.headers['x-ratelimit-remaining-requests'])] : []));
    expect(remaining.sort((a, b) => a - b)).toEqual(Array.from({ length: 37 }, (_, i) => i));
    expect(await admin.get(`ts:rl:shared-rpm:requests_per_minute:all:${Math.floor(clock.time / 60_000)}`)).toBe('37');
    await Promise.all(stores.map((store) => store.close()));
  });

  it('counters expire at their window end plus the grace (PEXPIREAT), budgets included', async () => {
    await admin.flushdb();
    const clock = new FakeClock(T0 + 1000);
    const store = createRedisStore(server.url);
    const limiter = createLimiter({
      rateLimits: [{ id: 'rpm', unit: 'requests_per_minute', limit_to: 5 }],
      budgets: [{ id: 'monthly', unit: 'cost_per_month', limit_to: 5 }],
      store, now: clock.now,
    });
    await limiter.acquire({ key: 'demo', model: 'x/1' });
    await limiter.record({ key: 'demo', model: 'x/1' }, { tokens: 3, costUsd: 0.5 });
    expect((await admin.keys('*')).sort()).toEqual([`ts:bg:monthly:cost_per_month:key=demo:${2099 * 12}`, `ts:rl:rpm:requests_per_minute:key=demo:${Math.floor(clock.time / 60_000)}`]);
    expect(await admin.pexpiretime(`ts:rl:rpm:requests_per_minute:key=demo:${Math.floor(clock.time / 60_000)}`)).toBe(T0 + 60_000 + WINDOW_GRACE_MS);
    expect(await admin.pexpiretime(`ts:bg:monthly:cost_per_month:key=demo:${2099 * 12}`)).toBe(Date.UTC(2099, 1, 1) + WINDOW_GRACE_MS);
    expect(await admin.get(`ts:bg:monthly:cost_per_month:key=demo:${2099 * 12}`)).toBe('500000000');
    await store.close();
  });

  it('an unreachable Redis refuses fast with limits_unavailable, or allows with failOpen; record does not throw', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as { port: number };
    closed.close();
    await once(closed, 'close');
    const store = createRedisStore(`redis://127.0.0.1:${port}/0`);
    const errors: unknown[] = [];
    const rateLimits = [{ id: 'rpm', unit: 'requests_per_minute' as const, limit_to: 5 }];
    const closedLimiter = createLimiter({ rateLimits, budgets: [], store, onError: (e) => errors.push(e) });
    const openLimiter = createLimiter({ rateLimits, budgets: [], store, failOpen: true, onError: (e) => errors.push(e) });
    const subject = { key: 'demo', model: 'x/1' };

    const started = performance.now();
    const refused = await closedLimiter.acquire(subject);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refused).toMatchObject({ allowed: false, error: { status: 503, code: 'limits_unavailable' } });
    expect(await openLimiter.acquire(subject)).toEqual({ allowed: true, headers: {} });
    await closedLimiter.record(subject, { tokens: 1, costUsd: 0 }); // no tokens rule: nothing to write
    expect(errors).toHaveLength(2);
    await store.close();
  });

  it('startRedis fails with an install hint when redis-server is missing', async () => {
    await expect(startRedis({ command: '/nonexistent/redis-server' })).rejects.toThrow(/redis-server is not installed .*apt-get install redis-server/);
  });
});
