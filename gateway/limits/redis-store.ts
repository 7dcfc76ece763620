/**
 * Limit counters in Redis, so several gateway replicas sharing one Redis enforce one limit. Each store
 * operation is ONE Lua script (EVALSHA, falling back to EVAL via ioredis `defineCommand`): Redis runs a
 * script without interleaving other commands, so the check of every counter and the increments are atomic
 * across replicas. Counters are plain integer strings (INCRBY) expiring at their window end (PEXPIREAT).
 *
 * Failure policy: an unreachable Redis must answer fast, not hang a request. Until the first connection
 * attempt has settled, commands wait for it (at most `commandTimeoutMs`, default 500 ms); once a connection
 * attempt has failed, commands reject at once until Redis is back (ioredis keeps reconnecting in the
 * background). The limiter turns a rejection into a refusal (or an allowance with `failOpen`).
 */
import { Redis } from 'ioredis';
import type { CheckResult, CounterAdd, CounterCheck, LimitStore } from './store.ts';

// KEYS: the counters. ARGV: per counter a triple mode ('t' take | 'b' below), limit, expireAt (epoch ms).
// Returns { 1|0, value-before... } with values as Redis stored them (strings: exact for big integers).
const CHECK_AND_TAKE = `
local values = {}
local allowed = 1
for i, key in ipairs(KEYS) do
  local raw = redis.call('GET', key) or '0'
  values[i + 1] = raw
  local value = tonumber(raw)
  local limit = tonumber(ARGV[3 * i - 1])
  if ARGV[3 * i - 2] == 't' then
    if value + 1 > limit then allowed = 0 end
  elseif value >= limit then
    allowed = 0
  end
end
if allowed == 1 then
  for i, key in ipairs(KEYS) do
    if ARGV[3 * i - 2] == 't' then
      redis.call('INCRBY', key, 1)
      redis.call('PEXPIREAT', key, ARGV[3 * i])
    end
  end
end
values[1] = allowed
return values
`;

// KEYS: the counters. ARGV: per counter a pair amount, expireAt. A past expireAt deletes the counter.
const ADD = `
for i, key in ipairs(KEYS) do
  redis.call('INCRBY', key, ARGV[2 * i - 1])
  redis.call('PEXPIREAT', key, ARGV[2 * i])
end
return #KEYS
`;

export interface RedisStoreOptions {
  /** How long a command may wait for an answer (or a reconnection) before it fails. Default 500 ms. */
  commandTimeoutMs?: number;
  /** Connection errors (ioredis `error` events; they repeat while Redis is down). Default: ignored. */
  onConnectionError?: (error: Error) => void;
}

type ScriptClient = Redis & {
  touchstoneCheckAndTake(numKeys: number, ...keysAndArgs: (string | number)[]): Promise<(string | number)[]>;
  touchstoneAdd(numKeys: number, ...keysAndArgs: (string | number)[]): Promise<number>;
};

/** A store on the Redis at `url` (`redis://127.0.0.1:6379/0`). Connects in the background at once. */
export function createRedisStore(url: string, options: RedisStoreOptions = {}): LimitStore {
  const timeout = options.commandTimeoutMs ?? 500;
  const client = new Redis(url, {
    commandTimeout: timeout,
    connectTimeout: timeout,
    maxRetriesPerRequest: 1,
    // keep the queue so the first requests after start wait for the connection instead of failing;
    // commandTimeout bounds the wait when Redis is down
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  }) as ScriptClient;
  // the last connection error while not connected: commands fail fast instead of queueing behind it
  let unreachable: Error | undefined;
  client.on('ready', () => { unreachable = undefined; });
  client.on('error', (error: Error) => {
    if (client.status !== 'ready') unreachable = error;
    options.onConnectionError?.(error);
  });
  const assertReachable = () => {
    if (unreachable && client.status !== 'ready') throw new Error(`Redis limit store unreachable: ${unreachable.message}`, { cause: unreachable });
  };
  client.defineCommand('touchstoneCheckAndTake', { lua: CHECK_AND_TAKE });
  client.defineCommand('touchstoneAdd', { lua: ADD });

  return {
    async checkAndTake(checks: readonly CounterCheck[]): Promise<CheckResult> {
      assertReachable();
      const args = checks.flatMap((c) => [c.mode === 'take' ? 't' : 'b', c.limit, Math.ceil(c.expireAt)]);
      const [allowed, ...values] = await client.touchstoneCheckAndTake(checks.length, ...checks.map((c) => c.key), ...args);
      return { allowed: Number(allowed) === 1, values: values.map(Number) };
    },
    async add(adds: readonly CounterAdd[]): Promise<void> {
      if (adds.length === 0) return;
      assertReachable();
      await client.touchstoneAdd(adds.length, ...adds.map((a) => a.key), ...adds.flatMap((a) => [a.amount, Math.ceil(a.expireAt)]));
    },
    async close() {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
