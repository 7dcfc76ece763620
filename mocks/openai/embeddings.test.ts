/**
 * POST /v1/embeddings through the SDK: shapes and sizes per model, `dimensions`, float and base64
 * (decoded by the SDK's own default path), unit norm, similarity of related texts, determinism, usage,
 * OpenAI's description, and each 400/404 in OpenAI's words.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { formatFloat32 } from './embeddings.ts';
import { createOpenAISimulator } from './index.ts';
import { postJson, sdkClient, sdkError, spec } from './test-kit.ts';

const client = () => sdkClient(createOpenAISimulator());
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (norm(a) * norm(b));

describe('embeddings', () => {
  it.each([
    ['text-embedding-3-small', 1536, 'text-embedding-3-small'],
    ['text-embedding-3-large', 3072, 'text-embedding-3-large'],
    ['text-embedding-ada-002', 1536, 'text-embedding-ada-002-v2'],
  ])('%s answers %i-dimensional unit vectors as %s', async (model, size, reported) => {
    const res = await client().embeddings.create({ model, input: ['The quick brown fox', 'jumped'], encoding_format: 'float' });
    expect(res.object).toBe('list');
    expect(res.model).toBe(reported);
    expect(res.data.map((d) => [d.object, d.index, d.embedding.length])).toEqual([['embedding', 0, size], ['embedding', 1, size]]);
    for (const d of res.data) expect(norm(d.embedding)).toBeCloseTo(1, 5);
    expect(res.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
  });

  it('decodes identically from base64 (the SDK default) and float, as little-endian float32', async () => {
    const c = client();
    const viaBase64 = await c.embeddings.create({ model: 'text-embedding-3-small', input: 'hello world' });
    const viaFloat = await c.embeddings.create({ model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'float' });
    expect(Array.from(viaBase64.data[0]!.embedding)).toEqual(viaFloat.data[0]!.embedding.map(Math.fround));
    const raw = await (await postJson(createOpenAISimulator(), '/v1/embeddings', { model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'base64' })).json();
    const bytes = Buffer.from(raw.data[0].embedding, 'base64');
    expect(bytes.length).toBe(1536 * 4);
    expect(bytes.readFloatLE(0)).toBe(Math.fround(viaFloat.data[0]!.embedding[0]!));
  });

  it('prints each float with the fewest digits that give the float32 back', async () => {
    const text = await (await postJson(createOpenAISimulator(), '/v1/embeddings', { model: 'text-embedding-3-small', input: 'digits', encoding_format: 'float' })).text();
    expect(text).toMatch(/^\{\n {2}"object": "list",\n {2}"data": \[\n {4}\{\n {6}"object": "embedding",\n {6}"index": 0,\n {6}"embedding": \[\n {8}-?\d/);
    const printed = text.split('"embedding": [\n')[1]!.split('\n      ]')[0]!.split(',\n').map((line) => line.trim());
    expect(printed).toHaveLength(1536);
    for (const p of printed) {
      const digits = p.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '');
      expect(digits.length).toBeLessThanOrEqual(9);
    }
    expect(formatFloat32(Math.fround(0.0023064255))).toBe('0.0023064255');
  });

  it('shortens with dimensions (first components, renormalised) and accepts token arrays', async () => {
    const c = client();
    const full = (await c.embeddings.create({ model: 'text-embedding-3-large', input: 'shorten me', encoding_format: 'float' })).data[0]!.embedding;
    const short = (await c.embeddings.create({ model: 'text-embedding-3-large', input: 'shorten me', dimensions: 256, encoding_format: 'float' })).data[0]!.embedding;
    expect(short).toHaveLength(256);
    expect(norm(short)).toBeCloseTo(1, 5);
    expect(cosine(short, full.slice(0, 256))).toBeCloseTo(1, 5);
    const tokens = await c.embeddings.create({ model: 'text-embedding-3-small', input: [[1212, 318, 257], [1332, 13]], encoding_format: 'float' });
    expect(tokens.data).toHaveLength(2);
    expect(tokens.usage.prompt_tokens).toBe(5);
    const single = await c.embeddings.create({ model: 'text-embedding-3-small', input: [1212, 318, 257], encoding_format: 'float' });
    expect(single.data[0]!.embedding).toEqual(tokens.data[0]!.embedding);
  });

  it('places texts that share words closer than unrelated texts, and repeats itself exactly', async () => {
    const c = client();
    const { data } = await c.embeddings.create({
      model: 'text-embedding-3-small', encoding_format: 'float',
      input: ['the cat sat on the mat', 'a cat sat on a mat', 'quarterly revenue grew in europe', 'the cat sat on the mat'],
    });
    const [a, b, unrelated, again] = data.map((d) => d.embedding);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, unrelated!) + 0.3);
    expect(again).toEqual(a);
    const body = { model: 'text-embedding-3-small', input: ['x', 'y'], encoding_format: 'float' };
    const [one, two] = await Promise.all([postJson(createOpenAISimulator(), '/v1/embeddings', body), postJson(createOpenAISimulator(), '/v1/embeddings', body)]);
    expect(await one.text()).toBe(await two.text());
    expect(one.headers.get('x-request-id')).toBe(two.headers.get('x-request-id'));
  });

  it.skipIf(!spec)('is a CreateEmbeddingResponse', async () => {
    const res = await postJson(createOpenAISimulator(), '/v1/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float', dimensions: 64 });
    expect(spec!.validateResponse('post', '/embeddings', 200, 'application/json', await res.json())).toEqual([]);
  });
});

const INVALID_INPUT = "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

describe('embedding errors', () => {
  it.each([
    ['empty string', { input: '' }, INVALID_INPUT, null, null],
    ['empty array', { input: [] }, INVALID_INPUT, null, null],
    ['2049 inputs', { input: Array(2049).fill('x') }, INVALID_INPUT, null, null],
    ['mixed types', { input: ['ok', 3] }, INVALID_INPUT, null, null],
    ['an object', { input: { text: 'x' } }, INVALID_INPUT, null, null],
    ['no input', { input: undefined }, "Missing required parameter: 'input'.", 'input', 'missing_required_parameter'],
    ['ada-002 dimensions', { model: 'text-embedding-ada-002', dimensions: 256 }, 'This model does not support specifying dimensions.', null, null],
    ['dimensions too large', { dimensions: 2000 }, "Invalid 'dimensions': integer above maximum value. Expected a value <= 1536, but got 2000 instead.", 'dimensions', 'integer_above_max_value'],
    ['dimensions 0', { dimensions: 0 }, "Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got 0 instead.", 'dimensions', 'integer_below_min_value'],
    ['unknown encoding_format', { encoding_format: 'binary' }, "Invalid value: 'binary'. Supported values are: 'float' and 'base64'.", 'encoding_format', 'invalid_value'],
    ['input over 8192 tokens', { input: 'word '.repeat(9000).trim() }, expect.stringMatching(/^This model's maximum context length is 8192 tokens, however you requested 9000 tokens/), null, null],
    ['a chat model', { model: 'gpt-4o' }, 'You are not allowed to generate embeddings from this model', null, null],
    ['unknown argument', { foo: 1 }, 'Unrecognized request argument supplied: foo', null, null],
  ])('400 for %s', async (_label, patch, message, param, code) => {
    const body = { model: 'text-embedding-3-small', input: 'hello', encoding_format: 'float', ...patch } as OpenAI.EmbeddingCreateParams;
    const error = await sdkError(client().embeddings.create(body));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ message, type: 'invalid_request_error', param, code });
  });

  it('answers an unknown model with 404 model_not_found and an oversized request with max_tokens_per_request', async () => {
    const missing = await sdkError(client().embeddings.create({ model: 'text-embedding-4', input: 'x' }));
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing.code).toBe('model_not_found');
    const huge = await sdkError(client().embeddings.create({ model: 'text-embedding-3-small', input: Array(40).fill('word '.repeat(8000).trim()) }));
    expect(huge.error).toEqual({ message: 'Requested 320000 tokens, max 300000 tokens per request', type: 'max_tokens_per_request', param: null, code: 'max_tokens_per_request' });
  });
});
