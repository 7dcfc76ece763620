/**
 * Request validation against OpenAI's published description (the simulator's `description` option,
 * `touchstone mocks --openai-spec FILE`): an invalid JSON body gets OpenAI's 400 envelope naming the
 * top-level field before the route runs; a valid one reaches the route. Skipped, saying why, when the
 * description file is absent (the project runs without it).
 */
import { describe, expect, it } from 'vitest';
import { loadOpenAISpec } from '../../test/openai-spec.ts';
import { compileOpenAIDescription, loadOpenAIDescription } from './description.ts';
import { createOpenAISimulator } from './index.ts';

const spec = loadOpenAISpec();

const chat = (body: unknown) => new Request('https://api.openai.com/v1/chat/completions', {
  method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe.skipIf(!spec)('--openai-spec: request bodies validated against OpenAI\'s description (skipped: ../shared/openai/openapi.json absent)', () => {
  const sim = createOpenAISimulator({ description: spec! });

  it('answers an invalid body with the 400 envelope, param = the offending top-level field', async () => {
    const res = await sim.fetch(chat({ model: 'gpt-4o-mini', messages: [{ role: 'bogus', content: 'x' }] }));
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await res.json()).toEqual({ error: {
      message: "Invalid value: 'bogus'. Supported values are: 'developer', 'system', 'user', 'assistant', 'tool', 'function'.",
      type: 'invalid_request_error', param: 'messages', code: 'invalid_value',
    } });
    const missing = await (await sim.fetch(chat({ model: 'gpt-4o-mini', messages: [{ role: 'user' }] }))).json();
    expect(missing.error).toMatchObject({ message: "Missing required parameter: 'messages[0].content'.", param: 'messages', code: 'missing_required_parameter' });
    const range = await (await sim.fetch(chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], temperature: 7 }))).json();
    expect(range.error).toMatchObject({ param: 'temperature', code: 'integer_above_max_value' });
  });

  it('lets a valid body through to the route, and still checks the key first', async () => {
    const ok = await sim.fetch(chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'valid' }] }));
    expect(ok.status).toBe(200);
    const noKey = await sim.fetch(new Request('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{"messages":"x"}' }));
    expect(noKey.status).toBe(401);
  });

  it('finds templated operations and ignores paths it does not describe', () => {
    expect(spec!.findOperation('GET', '/v1/files/file-abc/content')?.apiPath).toBe('/files/{file_id}/content');
    expect(spec!.validateRequest('POST', '/v1/rerank', { anything: true })).toEqual([]);
  });
});

describe('loading a description', () => {
  it('names the file and the problem', () => {
    expect(() => loadOpenAIDescription('/nonexistent/openapi.json')).toThrow('/nonexistent/openapi.json: expected a readable OpenAPI JSON file (ENOENT)');
    expect(() => compileOpenAIDescription({ openapi: '3.1.0' }, 'x.json')).toThrow('x.json: expected an OpenAPI document with "paths" and "components.schemas"');
  });
});
