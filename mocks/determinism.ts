/**
 * Determinism helpers shared by every simulator: canonical JSON, request hashing, a seeded PRNG
 * and provider-style ids. A simulator derives everything it invents (ids, text, timings) from the
 * hash of the canonical request, so the same request always yields the same bytes.
 */
import { hash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so key order in the request is irrelevant. Exactly
 * `JSON.stringify` of a copy whose objects were rebuilt with sorted keys (array-index keys therefore
 * come first, in numeric order, and a `__proto__` key is dropped), written in one pass; a value with a
 * `toJSON` key anywhere (which the copy would call) takes the copy-then-stringify way.
 */
export function canonicalJson(value: unknown): string {
  try {
    return write(value) as string;
  } catch (error) {
    if (error !== HAS_TO_JSON) throw error;
    return JSON.stringify(sortKeys(value));
  }
}

const HAS_TO_JSON = Symbol('toJSON');

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

/** An array-index key ("0" … "4294967294"): objects enumerate those first, in numeric order. */
function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && INDEX_KEY.test(key) && Number(key) < 4294967295;
}

/** `keys` sorted in place as `Array.prototype.sort()` does (UTF-16 order); small lists without its scratch allocations. */
function sortInPlace(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/** Keys in the order a fresh object enumerates them when they are inserted sorted. */
function canonicalKeys(value: object): string[] {
  const keys = sortInPlace(Object.keys(value));
  if (!keys.some(isIndexKey)) return keys;
  const index = keys.filter(isIndexKey).sort((x, y) => Number(x) - Number(y));
  return [...index, ...keys.filter((k) => !isIndexKey(k))];
}

/** The canonical JSON text of `value`, or undefined where JSON.stringify leaves a value out. */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'number': return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean': return value ? 'true' : 'false';
    case 'bigint': return JSON.stringify(value); // throws, as JSON.stringify does
    case 'object': break;
    default: return undefined; // undefined, functions, symbols
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${write(value[i]) ?? 'null'}`;
    return `${out}]`;
  }
  // The sorted copy is a plain object: no toJSON, own enumerable keys only.
  let out = '{';
  let first = true;
  for (const key of canonicalKeys(value)) {
    if (key === '__proto__') continue;
    if (key === 'toJSON') throw HAS_TO_JSON;
    const item = write((value as Record<string, unknown>)[key]);
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${item}`;
    first = false;
  }
  return `${out}}`;
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Hash of a request: the route it targets plus its canonical body. */
export function requestHash(route: string, body: unknown): string {
  return sha256Hex(`${route}\n${canonicalJson(body)}`);
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** The 32-bit word written as 8 hex digits at `at` (what `parseInt(hex.slice(at, at + 8), 16)` reads), without a substring. */
function hexWord(hex: string, at: number): number {
  let word = 0;
  for (let i = at; i < at + 8; i++) {
    const c = hex.charCodeAt(i);
    word = (word * 16 + (c <= 57 ? c - 48 : c - 87)) >>> 0;
  }
  return word;
}

/**
 * A small seeded PRNG (sfc32) whose seed is a hash plus a label, so independent streams
 * ("text", "ids", "choice-2") never shift each other when one consumes more numbers.
 */
export class Rng {
  /**
   * The four state words a, b, c, d. A Uint32Array keeps them as unsigned 32-bit values (a store wraps as
   * `>>> 0` does) and reads them three times faster than private fields.
   */
  readonly #s = new Uint32Array(4);

  constructor(seedHex: string, label = '') {
    const h = sha256Hex(`${seedHex}:${label}`);
    const s = this.#s;
    s[0] = hexWord(h, 0);
    s[1] = hexWord(h, 8);
    s[2] = hexWord(h, 16);
    s[3] = hexWord(h, 24);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.#s;
    const a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    const t = (((a + b) >>> 0) + d) >>> 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Consecutive groups of 1–`max` items — the deltas a stream carries — drawn from this generator. */
  groups<T>(items: readonly T[], max: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length;) {
      const take = this.int(1, max);
      out.push(items.slice(i, i + take));
      i += take;
    }
    return out;
  }

  /** Like `groups`, each group joined into one string. */
  pieces(tokens: readonly string[], max: number): string[] {
    return this.groups(tokens, max).map((group) => group.join(''));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * A string of `length` characters drawn from `alphabet` (base62 by default). Made from character codes
   * in one go: appending one character at a time makes a rope of `length` pieces, which ids kept in the
   * journal would hold on to.
   */
  chars(length: number, alphabet = BASE62): string {
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(Math.floor(this.next() * alphabet.length));
    if (length <= 4096) return String.fromCharCode.apply(null, codes);
    let out = '';
    for (let i = 0; i < length; i += 4096) out += String.fromCharCode.apply(null, codes.slice(i, i + 4096));
    return out;
  }

  hex(length: number): string {
    return this.chars(length, HEX);
  }
}
