/**
 * Automatic prompt caching as these providers document it (Groq, xAI, DeepInfra, Cerebras, ...): a
 * prompt's prefixes are remembered per model; a later request to the same model starting with a
 * remembered prefix reports the longest one as cached tokens. Sizes and lifetime come from the
 * provider's table (`cache: { minTokens, block, ttlMs }`). One cache per simulator instance, on the
 * simulator's clock — the only state that makes a later answer differ from an earlier one.
 */
import { sha256Hex } from '../determinism.ts';

export interface CachePolicy {
  minTokens: number;
  block: number;
  ttlMs: number;
}

const MAX_ENTRIES = 20_000;

export class PrefixCache {
  readonly #entries = new Map<string, number>();

  constructor(private readonly policy: CachePolicy, private readonly now: () => number) {}

  /** Cached tokens for `tokens` under `namespace` (model + cache key), then remember its prefixes. */
  lookupAndStore(namespace: string, tokens: readonly string[]): number {
    const { minTokens, block, ttlMs } = this.policy;
    if (tokens.length < minTokens) return 0;
    const now = this.now();
    let chain = sha256Hex(namespace);
    let cached = 0;
    let matching = true;
    for (let start = 0, end = minTokens; end <= tokens.length; start = end, end += block) {
      chain = sha256Hex(`${chain}\u0000${tokens.slice(start, end).join('\u0001')}`);
      const expiry = this.#entries.get(chain);
      if (matching && expiry !== undefined && expiry > now) cached = end;
      else matching = false;
      this.#entries.delete(chain);
      this.#entries.set(chain, now + ttlMs);
    }
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
    return cached;
  }
}
