/**
 * Bedrock's prompt caching, per simulator instance: a `cachePoint` marks a checkpoint; a checkpoint
 * whose prefix reaches the model's minimum (1,024 tokens for most Claude models, 2,048 for the Haiku
 * models, 1,000 for Nova) is cached for its TTL (5 minutes by default, `ttl: "1h"` for an hour) on the
 * simulator's clock, refreshed on every hit. A request reads the longest cached prefix among its
 * checkpoints (`cacheReadInputTokens`) and writes the rest up to its last eligible checkpoint
 * (`cacheWriteInputTokens`); `inputTokens` counts only what neither read nor wrote.
 *
 * The one place the simulator is stateful on purpose, as the service is: the second identical request
 * with a cache point differs from the first in these counts (and nothing else).
 */
import type { PromptLayout } from './tokens.ts';

const TTL_MS: Record<string, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };
const MAX_ENTRIES = 10_000;

export interface CacheUsage {
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

export class PromptCache {
  /** Prefix key → expiry (ms on the simulator clock); insertion order doubles as age for eviction. */
  readonly #entries = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Token split of a prompt laid out as `layout`, then remember its eligible checkpoints. */
  use(layout: PromptLayout, minTokens: number | undefined): CacheUsage {
    const eligible = minTokens === undefined ? [] : layout.checkpoints.filter((c) => c.tokens >= minTokens);
    if (!eligible.length) return { inputTokens: layout.total, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
    const now = this.now();
    let read = 0;
    for (const checkpoint of eligible) {
      const expiry = this.#entries.get(checkpoint.key);
      if (expiry !== undefined && expiry > now) read = Math.max(read, checkpoint.tokens);
    }
    const last = eligible[eligible.length - 1]!;
    const write = Math.max(0, last.tokens - read);
    for (const checkpoint of eligible) {
      this.#entries.delete(checkpoint.key);
      this.#entries.set(checkpoint.key, now + (TTL_MS[checkpoint.ttl] ?? TTL_MS['5m']!));
    }
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
    return { inputTokens: layout.total - read - write, cacheReadInputTokens: read, cacheWriteInputTokens: write };
  }
}
