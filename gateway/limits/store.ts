/**
 * Where limit counters live. A store knows nothing of rules: it keeps integer counters by key, each with an
 * absolute expiry, and offers two operations — an atomic check of many counters that takes one request from
 * the `take` counters only when every check passes, and an add of used amounts. The in-memory store here
 * serves one process; redis-store.ts serves several replicas with the same semantics.
 */

/**
 * One counter to check.
 * - `take` (requests): passes iff `value + 1 <= limit`; when every check passes the counter gains 1.
 * - `below` (tokens, nano-dollars): passes iff `value < limit`; never changed by a check.
 */
export interface CounterCheck {
  key: string;
  mode: 'take' | 'below';
  /** An integer >= 0. */
  limit: number;
  /** Epoch ms after which the counter is gone (its window's end plus a grace). */
  expireAt: number;
}

export interface CheckResult {
  /** Every check passed (and the `take` counters were incremented). */
  allowed: boolean;
  /** Each counter's value before this call, in the order of the checks. */
  values: number[];
}

/** An integer (possibly negative, to give a request back) to add to a counter. */
export interface CounterAdd {
  key: string;
  amount: number;
  expireAt: number;
}

export interface LimitStore {
  /** All checks, and the increments when all pass, as one atomic step. `now` is the limiter's clock. */
  checkAndTake(checks: readonly CounterCheck[], now: number): Promise<CheckResult>;
  add(adds: readonly CounterAdd[], now: number): Promise<void>;
  close(): Promise<void>;
}

interface Counter { value: number; expireAt: number }

const SWEEP_EVERY_MS = 60_000;

/**
 * Counters in a Map, for a single gateway process. Each operation is one synchronous function, so it is
 * atomic with respect to every other request of the process. Expired counters read as absent and are swept
 * at most once a minute (of the limiter's clock).
 */
export function createMemoryStore(): LimitStore {
  const counters = new Map<string, Counter>();
  let nextSweep = -Infinity;
  let closed = false;

  function live(key: string, now: number): Counter | undefined {
    const counter = counters.get(key);
    return counter && counter.expireAt > now ? counter : undefined;
  }

  function sweep(now: number) {
    if (now < nextSweep) return;
    nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, counter] of counters) if (counter.expireAt <= now) counters.delete(key);
  }

  function assertOpen() {
    if (closed) throw new Error('the memory limit store is closed');
  }

  return {
    async checkAndTake(checks, now) {
      assertOpen();
      sweep(now);
      const values = checks.map((check) => live(check.key, now)?.value ?? 0);
      const allowed = checks.every((check, i) => (check.mode === 'take' ? values[i]! + 1 <= check.limit : values[i]! < check.limit));
      if (allowed) {
        for (const check of checks) {
          if (check.mode !== 'take') continue;
          const counter = live(check.key, now);
          if (counter) counter.value += 1;
          else counters.set(check.key, { value: 1, expireAt: check.expireAt });
        }
      }
      return { allowed, values };
    },
    async add(adds, now) {
      assertOpen();
      for (const { key, amount, expireAt } of adds) {
        if (expireAt <= now) continue; // the window is over: nothing would ever read it (Redis deletes it too)
        const counter = live(key, now);
        if (counter) counter.value += amount;
        else counters.set(key, { value: amount, expireAt });
      }
    },
    async close() {
      closed = true;
      counters.clear();
    },
  };
}
