/**
 * Helpers the stateful OpenAI APIs (files, batches, fine-tuning) share: ids minted deterministically
 * per simulator instance, OpenAI's cursor pagination (`limit` / `after`, newest first), JSONL reading
 * with 1-based line numbers, `metadata` validation, and seconds on the lifecycle clock.
 */
import { Rng, sha256Hex } from '../../determinism.ts';
import { errors } from '../errors.ts';

/** Unix seconds of a lifecycle-clock instant in milliseconds. */
export const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Mints ids for one simulator instance: the n-th id of a kind is always the same string, so a run is
 * reproducible, while different kinds and different simulators never collide.
 */
export class IdMint {
  #counts = new Map<string, number>();

  constructor(private readonly salt: string) {}

  /** `prefix` + `length` characters (base62 by default, or lowercase hex). */
  next(prefix: string, length: number, alphabet: 'base62' | 'hex' = 'base62'): string {
    const n = (this.#counts.get(prefix) ?? 0) + 1;
    this.#counts.set(prefix, n);
    const rng = new Rng(sha256Hex(`${this.salt}\n${prefix}\n${n}`), 'id');
    return prefix + (alphabet === 'hex' ? rng.hex(length) : rng.chars(length));
  }
}

export interface PageOptions {
  defaultLimit: number;
  maxLimit: number;
}

/** Parse `limit` the way OpenAI validates it (an integer within the endpoint's range). */
export function parseLimit(query: URLSearchParams, { defaultLimit, maxLimit }: PageOptions): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return defaultLimit;
  if (!/^-?\d+$/.test(raw.trim())) throw errors.invalidType('limit', 'an integer', raw);
  const limit = Number(raw);
  if (limit < 1) throw errors.belowMinimum('limit', 'integer', 1, limit);
  if (limit > maxLimit) throw errors.aboveMaximum('limit', 'integer', maxLimit, limit);
  return limit;
}

/**
 * One page of `items` (already in the listing order) after the item whose id is `after`.
 * An unknown cursor yields an empty page.
 */
export function cursorPage<T extends { id: string }>(items: readonly T[], query: URLSearchParams, options: PageOptions): { data: T[]; hasMore: boolean } {
  const limit = parseLimit(query, options);
  const after = query.get('after');
  let start = 0;
  if (after) {
    const index = items.findIndex((item) => item.id === after);
    start = index < 0 ? items.length : index + 1;
  }
  const data = items.slice(start, start + limit);
  return { data, hasMore: start + limit < items.length };
}

/** The list envelope with first/last ids (files, batches, checkpoints). */
export function listWithCursors<T extends { id: string }>(page: { data: T[]; hasMore: boolean }): Record<string, unknown> {
  return {
    object: 'list',
    data: page.data,
    first_id: page.data[0]?.id ?? null,
    last_id: page.data[page.data.length - 1]?.id ?? null,
    has_more: page.hasMore,
  };
}

export type JsonlLine = { line: number; value: unknown; raw: string } | { line: number; invalid: true; raw: string };

/**
 * The lines of a JSONL file, 1-based. Blank lines (including the usual trailing newline) are skipped;
 * a line that is not valid JSON is reported as `invalid`.
 */
export function readJsonl(bytes: Uint8Array): JsonlLine[] {
  const text = new TextDecoder().decode(bytes);
  const out: JsonlLine[] = [];
  text.split('\n').forEach((rawLine, i) => {
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (!raw.trim()) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) as unknown, raw });
    } catch {
      out.push({ line: i + 1, invalid: true, raw });
    }
  });
  return out;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `metadata`: at most 16 string values, keys up to 64 characters, values up to 512 (OpenAI's limits). */
export function validateMetadata(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw errors.invalidType('metadata', 'an object', value);
  const entries = Object.entries(value);
  if (entries.length > 16) {
    throw errors.invalidValue('metadata', `Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with ${entries.length} properties instead.`);
  }
  for (const [key, v] of entries) {
    if (key.length > 64) {
      throw errors.invalidValue('metadata', `Invalid 'metadata': string too long. Expected a key with maximum length 64, but got a key with length ${key.length} instead.`);
    }
    if (typeof v !== 'string') throw errors.invalidType(`metadata.${key}`, 'a string', v);
    if (v.length > 512) {
      throw errors.invalidValue(`metadata.${key}`, `Invalid 'metadata.${key}': string too long. Expected a string with maximum length 512, but got a string with length ${v.length} instead.`);
    }
  }
  return value as Record<string, string>;
}

/** A JSON object body, or OpenAI's parse error. */
export function objectBody(json: () => unknown): Record<string, unknown> {
  const body = json();
  if (!isRecord(body)) throw errors.unparsableJson();
  return body;
}
