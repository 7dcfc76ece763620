/**
 * The state and settings one Gemini-family simulator instance shares across its handlers: the
 * dialect (Gemini API or Vertex), the capability lookup, the clock, the stream pacing, the implicit
 * prompt cache and the cachedContents store. Built once per simulator; handlers receive it, so the
 * same generateContent code serves both APIs.
 */
import { FIXED_EPOCH_MS } from '../types.ts';
import { CacheStore } from './caches.ts';
import { matrixOffers, type CapabilityOverrides, type Offers } from './capabilities.ts';
import type { Dialect } from './dialect.ts';
import { ImplicitCache } from './prompt-cache.ts';

export interface GeminiService {
  dialect: Dialect;
  offers: Offers;
  now: () => number;
  chunkDelayMs: number;
  implicitCache: ImplicitCache;
  caches: CacheStore;
}

export interface ServiceOptions {
  now?: () => number;
  chunkDelayMs?: number;
  /** Pin capability columns regardless of spec/capabilities.yaml (tests, scenarios). */
  capabilities?: CapabilityOverrides;
}

export function createService(dialect: Dialect, options: ServiceOptions = {}): GeminiService {
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  return {
    dialect,
    offers: matrixOffers(dialect.provider, options.capabilities),
    now,
    chunkDelayMs: options.chunkDelayMs ?? 0,
    implicitCache: new ImplicitCache(),
    caches: new CacheStore(now),
  };
}
