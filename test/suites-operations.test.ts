// The operations suite's building blocks (suites/operations/): mutations and valid values derived from
// the contract's request schemas, the positive allowlists, the request catalogue and its tiny media.
import fc from 'fast-check';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getSchema, validateRequest } from '../spec/index.ts';
import { mutationsOf, queryMutationsOf, validOptionalArb } from '../suites/operations/arbitraries.ts';
import { httpOperations } from '../suites/operations/checks.ts';
import { POSITIVE } from '../suites/operations/positive.ts';
import { BUILDERS, tinyPng, tinyWav } from '../suites/operations/requests.ts';
import { loadSpec } from '../spec/index.ts';

const embeddings = { model: 'openai-main/text-embedding-3-small', input: 'hello' };

describe('mutationsOf', () => {
  const mutations = mutationsOf(getSchema('CreateEmbeddingRequest'), embeddings);
  const described = mutations.map((m) => m.description);

  it('removes each required property, breaks ranges, enums and types', () => {
    expect(described).toEqual(expect.arrayContaining([
      'removed required `model`', 'removed required `input`', '`dimensions`: 0 below minimum 1',
      expect.stringMatching(/^`encoding_format`: "touchstone-unknown-value" not one of float, base64/),
      '`user` given integer 7', '`model` given null null',
    ]));
    for (const m of mutations) expect(m.body).not.toBe(embeddings);
  });

  it('never sends null for an optional property (OpenAI reads it as absent)', () => {
    expect(described).not.toContain('`user` given null null');
  });

  it('yields mostly requests the contract refuses (the suite drops the others)', () => {
    const invalid = mutations.filter((m) => !validateRequest('createEmbeddings', 'application/json', m.body).ok);
    expect(invalid.length).toBeGreaterThan(mutations.length * 0.8);
    expect(invalid.map((m) => m.description)).toContain('removed required `model`');
  });

  it('multipart: string fields only, no wrong-type values', () => {
    const form = mutationsOf(getSchema('CreateImageVariationRequest'), { model: 'm', image: new Blob([new Uint8Array([1])]), n: '1' }, { form: true });
    expect(form.every((m) => m.kind !== 'wrong-type')).toBe(true);
    expect(form.find((m) => m.property === 'n' && m.kind === 'out-of-range')?.body.n).toBe('0');
  });
});

describe('queryMutationsOf', () => {
  it('limit out of range or not an integer, order outside its enum; skipped names left alone', () => {
    const params = (loadSpec().paths['/files']!.get!.parameters ?? []).map((p) => {
      const ref = (p as { $ref?: string }).$ref;
      return (ref ? loadSpec().components.parameters![ref.split('/').pop()!] : p) as { name: string; in: string; schema?: Record<string, unknown> };
    });
    const values = queryMutationsOf(params, ['purpose']).map((q) => `${q.parameter}=${q.value}`);
    expect(values).toEqual(expect.arrayContaining(['limit=0', 'limit=10001', 'limit=touchstone', 'limit=1.5', 'order=touchstone-unknown-value']));
    expect(values.some((v) => v.startsWith('purpose='))).toBe(false);
  });
});

describe('positive allowlists', () => {
  const bases: Record<string, Record<string, unknown>> = {
    createChatCompletion: { model: 'a/b', messages: [{ role: 'user', content: 'hi' }], max_tokens: 16 },
    createEmbeddings: embeddings,
    rerankDocuments: { model: 'a/b', query: 'q', documents: ['x', 'y'] },
  };
  it('name only properties of the request schemas', () => {
    for (const op of httpOperations()) {
      if (!POSITIVE[op.operationId]) continue;
      const schema = (loadSpec().paths[op.path] as Record<string, { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } }>)[op.method.toLowerCase()]!.requestBody.content;
      expect(() => validOptionalArb(Object.values(schema)[0]!.schema, {}, POSITIVE[op.operationId]!), op.operationId).not.toThrow();
    }
  });
  it('generate requests the contract accepts (seeded)', () => {
    for (const [op, base] of Object.entries(bases)) {
      const schema = op === 'createChatCompletion' ? 'CreateChatCompletionRequest' : op === 'createEmbeddings' ? 'CreateEmbeddingRequest' : 'RerankRequest';
      const samples = fc.sample(validOptionalArb(getSchema(schema), base, POSITIVE[op]!), { seed: 7, numRuns: 40 });
      const valid = samples.filter((b) => validateRequest(op, 'application/json', b).ok);
      expect(valid.length, op).toBeGreaterThan(30);
      expect(samples.some((b) => Object.keys(b).length > Object.keys(base).length), op).toBe(true);
    }
  });
});

describe('request catalogue', () => {
  it('builds a request for every HTTP operation of the contract', () => {
    expect(httpOperations().map((o) => o.operationId).filter((id) => !BUILDERS[id])).toEqual([]);
  });
  it('tiny media: a decodable RGBA PNG and a PCM WAV', () => {
    const png = tinyPng(8);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(8);
    const idat = png.indexOf('IDAT');
    expect(inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4))).length).toBe(8 * (8 * 4 + 1));
    const wav = tinyWav(0.01, 8000);
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(40)).toBe(160);
  });
});
