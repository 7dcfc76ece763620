/**
 * POST /v2/rerank through the SDK: obvious matches rank first, top_n limits, scores are deterministic,
 * the answer conforms strictly to the SDK's schema, and bad requests fail in Cohere's words.
 */
import { describe, expect, it } from 'vitest';
import { createCohereSimulator } from './index.ts';
import { cohereClient, post, sdkError, sdkSchemaProblems } from './test-kit.ts';

const documents = [
  'Carson City is the capital city of the American state of Nevada.',
  'The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.',
  'Bananas are a good source of potassium.',
  'Washington, D.C. is the capital of the United States. It is a federal district.',
];
const query = 'What is the capital of the United States?';

describe('rerank', () => {
  it('ranks the obvious match first, best first, limited by top_n', async () => {
    const client = cohereClient(createCohereSimulator());
    const data = await client.rerank({ model: 'rerank-v3.5', query, documents, topN: 3 });
    expect(data.results).toHaveLength(3);
    expect(data.results[0]!.index).toBe(3);
    const scores = data.results.map((r) => r.relevanceScore);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(data.results.map((r) => r.index)).not.toContain(2);
    expect(data.meta).toEqual({ apiVersion: { version: '2', isExperimental: false }, billedUnits: { searchUnits: 1 } });
  });

  it('is deterministic and strictly in the SDK schema', async () => {
    const body = { model: 'rerank-english-v3.0', query, documents };
    const a = await (await post(createCohereSimulator(), '/v2/rerank', body)).text();
    const b = await (await post(createCohereSimulator(), '/v2/rerank', body)).text();
    expect(a).toBe(b);
    const parsed = JSON.parse(a);
    expect(parsed.results).toHaveLength(4);
    expect(parsed.results.at(-1).relevance_score).toBeLessThan(0.05);
    expect(sdkSchemaProblems('V2RerankResponse', parsed)).toEqual([]);
  });

  it('refuses empty documents, blank queries, chat models and unknown fields', async () => {
    const client = cohereClient(createCohereSimulator());
    const empty = await sdkError(client.rerank({ model: 'rerank-v3.5', query, documents: [] }));
    expect([empty.statusCode, empty.body]).toMatchObject([400, { message: 'invalid request: list of documents must not be empty' }]);
    const blank = await sdkError(client.rerank({ model: 'rerank-v3.5', query: '  ', documents }));
    expect(blank.body).toMatchObject({ message: 'invalid request: query must not be empty or be only whitespace' });
    const chat = await sdkError(client.rerank({ model: 'command-a-03-2025', query, documents }));
    expect(chat.body).toMatchObject({ message: "invalid request: model 'command-a-03-2025' is not supported by the rerank API" });
    const unknown = await post(createCohereSimulator(), '/v2/rerank', { model: 'rerank-v3.5', query, documents, return_documents: true });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).message).toMatch(/^unknown field: parameter 'return_documents' is not a valid field/);
  });
});
