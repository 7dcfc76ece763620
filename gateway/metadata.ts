/**
 * `x-tfy-metadata`: optional request metadata for logs and traces — a JSON object whose values are
 * strings, e.g. `{"tfy_log_request":"true","team":"search"}`. Anything else is a 400 naming the
 * header and what was wrong. Bounded: at most 32 entries, keys ≤ 128 and values ≤ 1024 characters.
 */
import { BadRequestError } from './errors.ts';
import type { HeaderReader } from './http.ts';

export const METADATA_HEADER = 'x-tfy-metadata';
const MAX_ENTRIES = 32;
const MAX_KEY = 128;
const MAX_VALUE = 1024;

const bad = (message: string) => new BadRequestError('invalid_metadata', `Invalid ${METADATA_HEADER} header: ${message}`, METADATA_HEADER);

/** The parsed metadata, or undefined when the header is absent. Throws a 400 envelope error otherwise. */
export function parseMetadata(headers: HeaderReader): Record<string, string> | undefined {
  const text = headers.get(METADATA_HEADER);
  if (text === null) return undefined;
  let value: unknown;
  try { value = JSON.parse(text); } catch (error) {
    throw bad(`not valid JSON (${(error as Error).message}); expected a JSON object with string values.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad(`expected a JSON object with string values, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`);
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_ENTRIES) throw bad(`${entries.length} entries; at most ${MAX_ENTRIES} are allowed.`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw bad(`the value of "${k.slice(0, MAX_KEY)}" must be a string, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}.`);
    if (k.length === 0 || k.length > MAX_KEY) throw bad(`keys must be 1–${MAX_KEY} characters.`);
    if (v.length > MAX_VALUE) throw bad(`the value of "${k}" is ${v.length} characters; at most ${MAX_VALUE} are allowed.`);
    out[k] = v;
  }
  return out;
}
