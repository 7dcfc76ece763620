/**
 * OpenAI's automatic prompt caching, per simulator instance. A prompt of at least 1024 tokens is cached
 * in prefixes of 1024, 1152, 1280, … tokens (128-token increments); a later request to the same model
 * (and the same `prompt_cache_key`, which routes requests to the same cache) that starts with a cached
 * prefix reports the longest one as `usage.prompt_tokens_details.cached_tokens`.
 *
 * This is the one place where the simulator is stateful on purpose, as the live API is: the second
 * identical request of ≥1024 prompt tokens differs from the first in `cached_tokens` (and nothing
 * else). Determinism holds for a fresh simulator and for every request under 1024 prompt tokens.
 * Entries expire after 10 minutes without use (`prompt_cache_retention: "24h"`: 24 hours) on the
 * simulator's clock, which is fixed unless a test steps it.
 */
import { sha256Hex } from '../determinism.ts';

const MIN_PREFIX = 1024;
const INCREMENT = 128;
const MAX_ENTRIES = 50_000;
const IN_MEMORY_MS = 10 * 60_000;
const EXTENDED_MS = 24 * 60 * 60_000;

export interface CacheLookup {
  model: string;
  promptCacheKey: string | null;
  retention: string | null;
  tokens: readonly string[];
}

export class PromptCache {
  /** Prefix key → expiry time (ms on the simulator clock). Insertion order doubles as age for eviction. */
  readonly #entries = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Cached tokens for this prompt, then remember all of its prefixes. */
  lookupAndStore(request: CacheLookup): number {
    const { tokens } = request;
    if (tokens.length < MIN_PREFIX) return 0;
    const now = this.now();
    const ttl = request.retention === '24h' ? EXTENDED_MS : IN_MEMORY_MS;
    const namespace = `${request.model}\u0000${request.promptCacheKey ?? ''}`;
    let chain = sha256Hex(namespace);
    let cached = 0;
    let stillMatching = true;
    for (let end = MIN_PREFIX, start = 0; end <= tokens.length; start = end, end += INCREMENT) {
      chain = sha256Hex(`${chain}\u0000${tokens.slice(start, end).join('\u0001')}`);
      const expiry = this.#entries.get(chain);
      if (stillMatching && expiry !== undefined && expiry > now) cached = end;
      else stillMatching = false;
      this.#entries.delete(chain);
      this.#entries.set(chain, now + ttl);
    }
    this.#evict();
    return cached;
  }

  #evict(): void {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
  }
}
