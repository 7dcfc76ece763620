/**
 * POST /v1/embeddings. Input: a string, strings, a token array or token arrays (≤ 2048 inputs, each ≤
 * 8192 tokens, ≤ 300,000 tokens in all); models text-embedding-3-small (1536), -3-large (3072) and
 * ada-002 (1536, answered as `text-embedding-ada-002-v2`, no `dimensions`). Errors in OpenAI's words
 * ("'$.input' is invalid…", "This model does not support specifying dimensions.").
 *
 * Vectors are deterministic and unit-norm: the sum of one pseudo-random Gaussian vector per word (seeded
 * by model and word) plus a smaller one for the whole input, so texts sharing words have a higher cosine
 * similarity — retrieval tests get meaningful neighbours. `dimensions` keeps the first components and
 * renormalises, as OpenAI's shortened embeddings do. Values are float32: `float` prints each with the
 * fewest digits that give the float32 back (`-0.006929283`, as the API prints them), `base64` is the
 * little-endian float32 bytes the SDK decodes.
 */
import { bufferedResponse } from '../../lib/serve.ts';
import { Rng, sha256Hex } from '../determinism.ts';
import { errors, OpenAIError } from './errors.ts';
import { rateLimitHeaders } from './headers.ts';
import { catalogModel, type ModelInfo } from './models.ts';
import type { OpenAIRoute, OpenAISim, RouteContext } from './routes.ts';
import { countTokens } from './tokens.ts';

interface EmbeddingModel { dimensions: number; reported: string; shortenable: boolean; limitRequests: number; limitTokens: number }

const MODELS: Record<string, EmbeddingModel> = {
  'text-embedding-3-small': { dimensions: 1536, reported: 'text-embedding-3-small', shortenable: true, limitRequests: 10000, limitTokens: 10000000 },
  'text-embedding-3-large': { dimensions: 3072, reported: 'text-embedding-3-large', shortenable: true, limitRequests: 10000, limitTokens: 10000000 },
  'text-embedding-ada-002': { dimensions: 1536, reported: 'text-embedding-ada-002-v2', shortenable: false, limitRequests: 10000, limitTokens: 10000000 },
};

const KNOWN_ARGUMENTS = new Set(['input', 'model', 'encoding_format', 'dimensions', 'user']);
const MAX_INPUTS = 2048;
const MAX_INPUT_TOKENS = 8192;
const MAX_REQUEST_TOKENS = 300_000;

const legacy = (message: string, type = 'invalid_request_error', code: string | null = null) =>
  new OpenAIError(400, { message, type, param: null, code }, 'legacy');
const invalidInput = () => legacy("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");

/** One input as the model sees it: the words that seed its vector and its token count. */
interface Item { words: string[]; whole: string; tokens: number }

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function parseInput(input: unknown): Item[] {
  if (input === undefined || input === null) throw errors.missingParameter('input');
  const text = (s: string): Item => {
    const words = s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    return { words: words.length ? words : [s], whole: s, tokens: countTokens(s) };
  };
  const tokens = (ids: number[]): Item => ({ words: ids.map((id) => `#${id}`), whole: ids.join(','), tokens: ids.length });
  if (typeof input === 'string') {
    if (!input) throw invalidInput();
    return [text(input)];
  }
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_INPUTS) throw invalidInput();
  if (input.every((s) => typeof s === 'string' && s.length > 0)) return (input as string[]).map(text);
  if (input.every(isInt)) return [tokens(input as number[])];
  if (input.every((a) => Array.isArray(a) && a.length > 0 && a.every(isInt))) return (input as number[][]).map(tokens);
  throw invalidInput();
}

/** Word vectors are reused across requests of one process; they depend only on model and word. */
const wordVectors = new Map<string, Float64Array>();

function gaussianVector(seed: string, length: number): Float64Array {
  const key = `${length}:${seed}`;
  const known = wordVectors.get(key);
  if (known) return known;
  const rng = new Rng(sha256Hex(seed), 'embedding');
  const out = new Float64Array(length);
  for (let i = 0; i < length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rng.next() || 1e-12));
    const theta = 2 * Math.PI * rng.next();
    out[i] = r * Math.cos(theta);
    if (i + 1 < length) out[i + 1] = r * Math.sin(theta);
  }
  if (wordVectors.size > 20_000) wordVectors.clear();
  wordVectors.set(key, out);
  return out;
}

function embed(model: string, item: Item, full: number, dimensions: number): Float32Array {
  const sum = new Float64Array(full);
  for (const word of item.words) {
    const v = gaussianVector(`${model}\u0000w\u0000${word}`, full);
    for (let i = 0; i < full; i++) sum[i]! += v[i]!;
  }
  const whole = gaussianVector(`${model}\u0000t\u0000${item.whole}`, full);
  const weight = 0.5 * Math.sqrt(item.words.length);
  for (let i = 0; i < full; i++) sum[i]! += weight * whole[i]!;
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += sum[i]! ** 2;
  norm = Math.sqrt(norm) || 1;
  const out = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = sum[i]! / norm;
  return out;
}

/** The fewest significant digits that give the float32 `value` back. */
export function formatFloat32(value: number): string {
  for (let p = 1; p < 9; p++) {
    const candidate = Number(value.toPrecision(p));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(Number(value.toPrecision(9)));
}

export function toBase64(vector: Float32Array): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return Buffer.from(bytes).toString('base64');
}

const FLOAT_MARK = '~f32~';

function handleEmbeddings(ctx: RouteContext): Response {
  const body = ctx.json();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.unparsableJson();
  const b = body as Record<string, unknown>;
  if (b.model === undefined || b.model === null || b.model === '') throw errors.missingModel();
  if (typeof b.model !== 'string') throw errors.invalidType('model', 'a string', b.model);
  const unknown = Object.keys(b).filter((k) => !KNOWN_ARGUMENTS.has(k));
  if (unknown.length) throw errors.unrecognizedArguments(unknown);
  const model = MODELS[b.model];
  if (!model) {
    if (catalogModel(b.model)) throw legacy('You are not allowed to generate embeddings from this model');
    throw errors.modelNotFound(b.model);
  }
  const items = parseInput(b.input);
  const format = b.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') throw errors.invalidEnum('encoding_format', format, ['float', 'base64']);
  if (b.user !== undefined && b.user !== null && typeof b.user !== 'string') throw errors.invalidType('user', 'a string', b.user);
  let dimensions = model.dimensions;
  if ('dimensions' in b) {
    if (!model.shortenable) throw legacy('This model does not support specifying dimensions.');
    if (b.dimensions !== null) {
      if (typeof b.dimensions !== 'number' || !Number.isInteger(b.dimensions)) throw errors.invalidType('dimensions', 'an integer', b.dimensions);
      if (b.dimensions < 1) throw errors.belowMinimum('dimensions', 'integer', 1, b.dimensions);
      if (b.dimensions > model.dimensions) throw errors.aboveMaximum('dimensions', 'integer', model.dimensions, b.dimensions);
      dimensions = b.dimensions;
    }
  }
  const tooLong = items.find((item) => item.tokens > MAX_INPUT_TOKENS);
  if (tooLong) {
    throw legacy(`This model's maximum context length is ${MAX_INPUT_TOKENS} tokens, however you requested ${tooLong.tokens} tokens (${tooLong.tokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`);
  }
  const total = items.reduce((n, item) => n + item.tokens, 0);
  if (total > MAX_REQUEST_TOKENS) {
    throw legacy(`Requested ${total} tokens, max ${MAX_REQUEST_TOKENS} tokens per request`, 'max_tokens_per_request', 'max_tokens_per_request');
  }

  const data = items.map((item, index) => {
    const vector = embed(b.model as string, item, model.dimensions, dimensions);
    return { object: 'embedding', index, embedding: format === 'base64' ? toBase64(vector) : [...vector].map((v) => `${FLOAT_MARK}${formatFloat32(v)}`) };
  });
  const answer = { object: 'list', data, model: model.reported, usage: { prompt_tokens: total, total_tokens: total } };
  const text = `${JSON.stringify(answer, null, 2).replace(new RegExp(`"${FLOAT_MARK}([^"]+)"`, 'g'), '$1')}\n`;
  const limits = { limitRequests: model.limitRequests, limitTokens: model.limitTokens } as ModelInfo; // headers.ts reads only these two
  return bufferedResponse(text, {
    status: 200,
    headers: { 'content-type': 'application/json', ...ctx.headers(['embeddings', body]), 'openai-model': model.reported, ...rateLimitHeaders(limits, total) },
  });
}

export function embeddingsRoutes(_sim: OpenAISim): OpenAIRoute[] {
  return [{ method: 'POST', path: '/v1/embeddings', handle: handleEmbeddings }];
}
