// Claude on Vertex AI: same translation, Vertex transport (URL, bearer token, anthropic_version in the body).
import { describe, expect, it } from 'vitest';
import { testContext, vertexTestAccount } from './fixtures.ts';
import { vertexClaudeTranslator } from './vertex.ts';

const body = { model: 'vertex-test/claude-sonnet-4-5', messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'Hi' }], temperature: 0.3 };

describe('vertexClaudeTranslator.buildRequest', () => {
  it('rawPredict with the documented @version id, bearer token, no model in the body', async () => {
    const req = await vertexClaudeTranslator.buildRequest(body, testContext({ account: vertexTestAccount }));
    expect(req.url).toBe('https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict');
    expect(req.headers).toMatchObject({ authorization: 'Bearer ya29.test-token', 'content-type': 'application/json' });
    expect(req.headers['x-api-key']).toBeUndefined();
    expect(req.headers['anthropic-version']).toBeUndefined();
    const sent = JSON.parse(req.body);
    expect(sent).toEqual({ anthropic_version: 'vertex-2023-10-16', max_tokens: 64_000, system: [{ type: 'text', text: 'S' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], temperature: 0.3 });
    expect('model' in sent).toBe(false);
  });

  it('streamRawPredict when streaming; an explicit @version is kept', async () => {
    const req = await vertexClaudeTranslator.buildRequest({ ...body, stream: true }, testContext({ account: vertexTestAccount, model: 'claude-3-7-sonnet@20250219', stream: true }));
    expect(req.url).toMatch(/\/models\/claude-3-7-sonnet@20250219:streamRawPredict$/);
    expect(JSON.parse(req.body).stream).toBe(true);
  });

  it('refusals name Claude on Vertex AI', async () => {
    await expect(async () => vertexClaudeTranslator.buildRequest({ ...body, response_format: { type: 'json_object' } }, testContext({ account: vertexTestAccount })))
      .rejects.toThrow(/Claude on Vertex AI/);
  });
});
