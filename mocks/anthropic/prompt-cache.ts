/**
 * Anthropic's prompt caching, per simulator instance (the one place the simulator keeps state between
 * requests, as the live API does). A `cache_control` breakpoint caches the prompt prefix up to and
 * including its block (tools → system → messages) when that prefix reaches the model's minimum cacheable
 * length; a later request to the same model whose prefix matches reads it. Lookups check each breakpoint
 * and up to 20 blocks before it (so a breakpoint that moved forward still hits the earlier entry).
 *
 * Usage follows the docs: `cache_read_input_tokens` is the longest cached prefix found,
 * `cache_creation_input_tokens` what this request wrote beyond it (split by TTL in `cache_creation`),
 * `input_tokens` the rest (after the last breakpoint). Entries live 5 minutes (`ttl: "1h"`: an hour) on the
 * simulator's clock, refreshed each time they are read. At most 4 breakpoints, and a 1h one may not follow
 * a 5m one.
 */
import { sha256Hex } from '../determinism.ts';
import { invalid } from './errors.ts';
import type { CacheTtl } from './request.ts';
import { promptTokens, type Segment } from './tokens.ts';

const TTL_MS: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };
const LOOKBACK_BLOCKS = 20;
const MAX_BREAKPOINTS = 4;
const MAX_ENTRIES = 50_000;

export interface CacheUsage {
  input: number;
  read: number;
  created: number;
  created5m: number;
  created1h: number;
}

/** Reject what the API rejects about breakpoints: more than four, or a 1h one after a 5m one. */
export function checkBreakpoints(segments: readonly Segment[]): void {
  const ttls = segments.map((s) => s.breakpoint).filter((b): b is CacheTtl => b !== null);
  if (ttls.length > MAX_BREAKPOINTS) throw invalid(`A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${ttls.length}.`);
  const firstShort = ttls.indexOf('5m');
  if (firstShort !== -1 && ttls.indexOf('1h', firstShort) !== -1) {
    throw invalid("a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. "
      + 'Note that blocks are processed in the following order: `tools`, `system`, `messages`.');
  }
}

/** Usage when nothing is cached (count_tokens, or caching not offered). */
export function uncachedUsage(segments: readonly Segment[]): CacheUsage {
  return { input: promptTokens(segments), read: 0, created: 0, created5m: 0, created1h: 0 };
}

export class PromptCache {
  /** Prefix hash → expiry (ms on the simulator clock). Insertion order doubles as age for eviction. */
  readonly #entries = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Usage of a request against this cache, then remember the prefixes it writes. */
  apply(namespace: string, segments: readonly Segment[], minTokens: number): CacheUsage {
    const now = this.now();
    const hashes: string[] = [];
    const cumulative: number[] = [];
    let chain = sha256Hex(`anthropic-cache\u0000${namespace}`);
    let total = 0;
    for (const segment of segments) {
      chain = sha256Hex(`${chain}\u0000${segment.key}`);
      total += segment.tokens;
      hashes.push(chain);
      cumulative.push(total);
    }
    const breakpoints = segments.flatMap((s, i) => (s.breakpoint ? [{ index: i, ttl: s.breakpoint }] : []));

    let hit = -1;
    for (const { index } of breakpoints) {
      for (let i = index; i >= Math.max(0, index - LOOKBACK_BLOCKS); i--) {
        const expiry = this.#entries.get(hashes[i]!);
        if (expiry !== undefined && expiry > now && i > hit) { hit = i; break; }
      }
    }
    const read = hit === -1 ? 0 : cumulative[hit]!;
    if (hit !== -1) this.#touch(hashes[hit]!, now + TTL_MS['5m']);

    let boundary = read;
    const usage: CacheUsage = { input: 0, read, created: 0, created5m: 0, created1h: 0 };
    for (const { index, ttl } of breakpoints) {
      const tokens = cumulative[index]!;
      if (tokens < minTokens || tokens <= boundary) continue;
      const written = tokens - boundary;
      usage.created += written;
      if (ttl === '1h') usage.created1h += written; else usage.created5m += written;
      boundary = tokens;
      this.#touch(hashes[index]!, now + TTL_MS[ttl]);
    }
    usage.input = total - usage.read - usage.created;
    this.#evict();
    return usage;
  }

  /** Set or extend an entry's expiry (keeping a longer one it already has); it becomes the newest. */
  #touch(hash: string, expiry: number): void {
    const current = this.#entries.get(hash) ?? 0;
    this.#entries.delete(hash);
    this.#entries.set(hash, Math.max(current, expiry));
  }

  #evict(): void {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
  }
}
