/**
 * Implicit caching (ai.google.dev/gemini-api/docs/caching): on models that have it, a request whose
 * prompt shares a prefix with an earlier request of the same model is a cache hit for that prefix
 * once it reaches the model's minimum (models.ts), reported as `cachedContentTokenCount` with
 * `cacheTokensDetails`. The only part of an answer that depends on earlier requests, as on the live
 * API; one cache per simulator instance, bounded to the most recent prompts.
 */
import type { Modality } from './media.ts';
import type { GeminiModel } from './models.ts';
import type { ModalityCount } from './response.ts';
import { modalityDetails } from './tokens.ts';

const MEDIA_TOKEN = /^<(IMAGE|AUDIO|VIDEO|DOCUMENT):[0-9a-f]{12}:\d+>$/;
const MAX_ENTRIES = 64;

/** Per-modality counts of a token sequence (media tokens name their modality). */
export function sequenceDetails(tokens: readonly string[]): ModalityCount[] {
  const counts = new Map<Modality, number>();
  for (const t of tokens) {
    const modality = (MEDIA_TOKEN.exec(t)?.[1] ?? 'TEXT') as Modality;
    counts.set(modality, (counts.get(modality) ?? 0) + 1);
  }
  return modalityDetails(counts);
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

export class ImplicitCache {
  readonly #entries: { model: string; tokens: readonly string[] }[] = [];

  /** Cached tokens for this prompt (0 below the model's minimum), then remember the prompt. */
  lookupAndStore(model: GeminiModel, tokens: readonly string[]): number {
    if (!model.cacheMinTokens) return 0;
    let best = 0;
    for (const entry of this.#entries) if (entry.model === model.version) best = Math.max(best, commonPrefix(entry.tokens, tokens));
    this.#entries.push({ model: model.version, tokens });
    if (this.#entries.length > MAX_ENTRIES) this.#entries.shift();
    return best >= model.cacheMinTokens ? best : 0;
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
