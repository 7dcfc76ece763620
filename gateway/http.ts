/**
 * Small request helpers for gateway routes: bounded body reading and JSON parsing that fail with
 * envelope errors (413 / 400 / 415) instead of exceptions a client would see as 500.
 */
import { BodyTooLargeError, readNodeBody } from '../lib/node-body.ts';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.ts';

/** What the gateway reads request headers through: a `Headers`, or a view over Node's `req.headers`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Node's parsed request headers (lower-case names, repeats joined by Node) as a `HeaderReader`. */
export function nodeHeaderReader(headers: import('node:http').IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** Content types the gateway accepts for a JSON body (`application/json`, `application/*+json`). */
export const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** Read the whole body, refusing more than `limit` bytes (checked on content-length and while reading). */
export async function readBodyBounded(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw new PayloadTooLargeError(limit);
  const direct = readNodeBody(request, limit); // straight from the socket when served by lib/serve.ts
  if (direct) {
    try { return await direct; } catch (error) {
      if (error instanceof BodyTooLargeError) throw new PayloadTooLargeError(limit);
      throw error;
    }
  }
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new PayloadTooLargeError(limit);
    chunks.push(chunk);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) { out.set(c, offset); offset += c.byteLength; }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const rawTexts = new WeakMap<object, string>();

/**
 * The body text `body` (from readJsonObject) was parsed from, with its top-level `model` set to `model`,
 * spliced into the client's own bytes instead of serialising the whole object again (a 1 MiB embeddings
 * input costs one JSON.parse, not a parse and a stringify). Undefined when that is not safe — the
 * object is not one readJsonObject made, `model` is not a string, or its key-value text is not found
 * exactly once — and the caller serialises as usual.
 */
export function withModelText(body: Record<string, unknown>, model: string): string | undefined {
  const text = rawTexts.get(body);
  if (text === undefined || typeof body.model !== 'string') return undefined;
  return spliceModel(text, body.model, model);
}

/** Where the top-level `"model": <literal>` pair is in a JSON object's text: [start, end) in UTF-16 units. */
export interface ModelSpan { start: number; end: number }

/**
 * The span of the top-level `"model"` key-value text in `text` (a JSON object whose top-level `model` is
 * the string `current`, written as `JSON.stringify` writes it); undefined unless it occurs exactly once.
 */
export function findModelSpan(text: string, current: string): ModelSpan | undefined {
  const literal = JSON.stringify(current);
  let found: ModelSpan | undefined;
  // Every `"model"` followed by `:` and the literal (JSON whitespace between): exactly one may exist.
  for (let i = text.indexOf('"model"'); i >= 0; i = text.indexOf('"model"', i + 1)) {
    let j = skipWhitespace(text, i + 7);
    if (text.charCodeAt(j) !== 58) continue; // ':'
    j = skipWhitespace(text, j + 1);
    if (!text.startsWith(literal, j)) continue;
    if (found) return undefined;
    found = { start: i, end: j + literal.length };
  }
  if (!found || depthAt(text, found.start) !== 1) return undefined; // none, or a nested "model" key
  return found;
}

/**
 * `text` with its top-level `model` (the string `current`) set to `model`, every other byte as it was;
 * undefined when that pair is not found exactly once at the top level.
 */
export function spliceModel(text: string, current: string, model: string): string | undefined {
  const span = findModelSpan(text, current);
  return span && `${text.slice(0, span.start)}"model":${JSON.stringify(model)}${text.slice(span.end)}`;
}

/**
 * The same splice on the bytes `text` was decoded from (UTF-8, no BOM): the upstream body without
 * encoding the whole text again — for a 1 MiB embeddings input, one copy instead of two conversions.
 */
export function spliceModelBytes(bytes: Uint8Array, text: string, span: ModelSpan, model: string): Buffer {
  const start = Buffer.byteLength(text.slice(0, span.start));
  const end = start + Buffer.byteLength(text.slice(span.start, span.end));
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Buffer.concat([source.subarray(0, start), Buffer.from(`"model":${JSON.stringify(model)}`), source.subarray(end)]);
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else return i;
  }
}

const STRUCTURE = /["{}[\]]/g;
const STRING_END = /["\\]/g;

/**
 * Object/array nesting depth at `end` in JSON text, strings skipped. Jumps from one structural
 * character to the next with regexes, so a long string value (a 1 MiB embeddings input before the
 * model) costs a native scan, not a loop over each character.
 */
function depthAt(text: string, end: number): number {
  let depth = 0;
  let i = 0;
  while (i < end) {
    STRUCTURE.lastIndex = i;
    const m = STRUCTURE.exec(text);
    if (!m || m.index >= end) break;
    const c = text.charCodeAt(m.index);
    if (c !== 34) { depth += c === 123 || c === 91 ? 1 : -1; i = m.index + 1; continue; }
    // A string: find its closing quote, stepping over escapes.
    let j = m.index + 1;
    for (;;) {
      STRING_END.lastIndex = j;
      const s = STRING_END.exec(text);
      if (!s) return depth;
      if (text.charCodeAt(s.index) === 92) { j = s.index + 2; continue; }
      i = s.index + 1;
      break;
    }
  }
  return depth;
}

/** Parse a JSON object body; anything else is a 400 naming what was wrong. */
export async function readJsonObject(request: Request, limit: number): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type');
  if (type !== null && !JSON_CONTENT_TYPE.test(type)) {
    throw new UnsupportedMediaTypeError(type, 'application/json');
  }
  const bytes = await readBodyBounded(request, limit);
  if (bytes.byteLength === 0) throw new BadRequestError('invalid_json', 'The request body is empty; expected a JSON object.');
  let value: unknown;
  let text: string;
  try {
    text = decoder.decode(bytes);
    value = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestError('invalid_json', `The request body must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`);
  }
  rawTexts.set(value, text);
  return value as Record<string, unknown>;
}
