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

/**
 * `text` (a JSON object whose top-level `model` is the string `current`) with that value replaced by
 * `model`, leaving every other byte as it was; undefined when the key-value text is not found exactly once
 * at the top level.
 */
export function spliceModel(text: string, current: string, model: string): string | undefined {
  const literal = JSON.stringify(current);
  let found = -1;
  let end = -1;
  // Every `"model"` followed by `:` and the literal (JSON whitespace between): exactly one may exist.
  for (let i = text.indexOf('"model"'); i >= 0; i = text.indexOf('"model"', i + 1)) {
    let j = skipWhitespace(text, i + 7);
    if (text.charCodeAt(j) !== 58) continue; // ':'
    j = skipWhitespace(text, j + 1);
    if (!text.startsWith(literal, j)) continue;
    if (found >= 0) return undefined;
    found = i;
    end = j + literal.length;
  }
  if (found < 0 || depthAt(text, found) !== 1) return undefined; // none, or a nested "model" key
  return `${text.slice(0, found)}"model":${JSON.stringify(model)}${text.slice(end)}`;
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else return i;
  }
}

/** Object/array nesting depth at `end` in JSON text (strings skipped). The model key is usually first: cheap. */
function depthAt(text: string, end: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
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
