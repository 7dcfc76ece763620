/**
 * Explicit context caching: the cachedContents resource (create, get, list, delete) and its use by
 * generateContent (`cachedContent: "cachedContents/…"`), per ai.google.dev/gemini-api/docs/caching and
 * the REST reference. A cache holds contents, system instruction and tools for one model until its
 * `expireTime` (`ttl`, default one hour, on the simulator clock); it must reach the model's minimum
 * ("Cached content is too small…"); an unknown or expired name is 403 "CachedContent not found (or
 * permission denied)"; the request using it must name the same model and must not set system
 * instruction, tools or tool config itself. One store per simulator instance; names are derived from
 * the request and a sequence number, so a run is reproducible.
 */
import { canonicalJson, Rng, sha256Hex } from '../determinism.ts';
import { GoogleError } from './errors.ts';
import type { GeminiModel } from './models.ts';
import { rfc3339 } from './response.ts';
import { promptSequence, type TokenSequence } from './tokens.ts';
import type { CachedContentRequest, GenerateContentRequest } from './types.ts';

export interface CachedEntry {
  name: string;
  /** Resource name of the model (`models/gemini-2.5-flash`, or Vertex's publisher path). */
  modelName: string;
  model: GeminiModel;
  body: CachedContentRequest;
  sequence: TokenSequence;
  displayName?: string;
  createTime: number;
  expireTime: number;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function parseTtl(ttl: string): number {
  const m = /^(\d+(?:\.\d+)?)s$/.exec(ttl.trim());
  if (!m) throw new GoogleError(400, `Invalid value at 'cached_content.ttl' (type.googleapis.com/google.protobuf.Duration), ${JSON.stringify(ttl)}`);
  return Number(m[1]) * 1000;
}

export class CacheStore {
  readonly #entries = new Map<string, CachedEntry>();
  #seq = 0;

  constructor(private readonly now: () => number) {}

  create(body: CachedContentRequest, model: GeminiModel, modelName: string, namePrefix: string): CachedEntry {
    const sequence = promptSequence(body);
    const total = sequence.tokens.length;
    const minimum = Math.max(model.cacheMinTokens, 1024);
    if (total < minimum) throw new GoogleError(400, `Cached content is too small. total_token_count=${total}, min_total_token_count=${minimum}`);
    const created = this.now();
    const expireTime = body.expireTime ? Date.parse(body.expireTime) : created + parseTtl(body.ttl ?? '3600s');
    if (!Number.isFinite(expireTime)) throw new GoogleError(400, `Invalid value at 'cached_content.expire_time' (type.googleapis.com/google.protobuf.Timestamp), ${JSON.stringify(body.expireTime)}`);
    const id = new Rng(sha256Hex(canonicalJson(body)), `cache-${++this.#seq}`).chars(12, ID_ALPHABET);
    const entry: CachedEntry = {
      name: `${namePrefix}${id}`, modelName, model, body, sequence, createTime: created, expireTime,
      ...(body.displayName ? { displayName: body.displayName } : {}),
    };
    this.#entries.set(entry.name, entry);
    return entry;
  }

  /** The live entry of that name; expired entries are gone. */
  get(name: string): CachedEntry | undefined {
    const entry = this.#entries.get(name);
    if (entry && entry.expireTime <= this.now()) {
      this.#entries.delete(name);
      return undefined;
    }
    return entry;
  }

  list(): CachedEntry[] {
    return [...this.#entries.keys()].map((k) => this.get(k)).filter((e): e is CachedEntry => Boolean(e));
  }

  delete(name: string): boolean {
    return Boolean(this.get(name)) && this.#entries.delete(name);
  }
}

export const cacheNotFound = (): GoogleError => new GoogleError(403, 'CachedContent not found (or permission denied)');

/** The cachedContents resource as the API renders it. */
export function renderCachedContent(entry: CachedEntry): Record<string, unknown> {
  return {
    name: entry.name,
    model: entry.modelName,
    createTime: rfc3339(entry.createTime),
    updateTime: rfc3339(entry.createTime),
    expireTime: rfc3339(entry.expireTime),
    ...(entry.displayName ? { displayName: entry.displayName } : {}),
    usageMetadata: { totalTokenCount: entry.sequence.tokens.length },
  };
}

/** The cache a generateContent request names, checked the way the API checks its use. */
export function resolveCachedContent(store: CacheStore, body: GenerateContentRequest, modelName: string): CachedEntry {
  const entry = store.get(body.cachedContent ?? '');
  if (!entry) throw cacheNotFound();
  if (body.systemInstruction || body.tools?.length || body.toolConfig) {
    throw new GoogleError(400, 'CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.\n\n'
      + 'Proposed fix: move those values to CachedContent from GenerateContent request.');
  }
  if (entry.modelName !== modelName) {
    throw new GoogleError(400, `Model used by GenerateContent request (${modelName}) and CachedContent (${entry.modelName}) has to be the same.`);
  }
  return entry;
}
