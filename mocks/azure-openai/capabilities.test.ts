/**
 * The capability matrix, honoured: for every column, a probe chat request that exercises it succeeds
 * when spec/capabilities.yaml says Azure OpenAI offers the column and is refused with the service's
 * 400 "Unrecognized request argument supplied: <name>" when it does not (expectations read from the
 * matrix). Injected answers exercise both branches whatever the matrix says; Responses too.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITY_COLUMNS, providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { parameterFor } from './capabilities.ts';
import { createAzureOpenAISimulator } from './index.ts';
import { chatPath, post, user, weatherTool } from './test-kit.ts';

const base = { messages: [user('What is the weather in Lima? Answer in json.')] };
const schema = { name: 's', schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false } };

const PROBES: Record<CapabilityColumn, { deployment: string; body: Record<string, unknown> }> = {
  stream: { deployment: 'gpt-4o-mini', body: { ...base, stream: true } },
  non_stream: { deployment: 'gpt-4o-mini', body: { ...base, stream: false } },
  tools: { deployment: 'gpt-4o-mini', body: { ...base, tools: [weatherTool] } },
  json_mode: { deployment: 'gpt-4o-mini', body: { ...base, response_format: { type: 'json_object' } } },
  schema_mode: { deployment: 'gpt-4o-mini', body: { ...base, response_format: { type: 'json_schema', json_schema: schema } } },
  structured_output: { deployment: 'gpt-4o-mini', body: { ...base, response_format: { type: 'json_schema', json_schema: { ...schema, strict: true } } } },
  prompt_caching: { deployment: 'gpt-4o-mini', body: { ...base, prompt_cache_key: 'tenant-1' } },
  reasoning: { deployment: 'o4-mini', body: { ...base, reasoning_effort: 'low' } },
};

async function expectRefused(response: Response, parameter: string) {
  expect(response.status).toBe(400);
  expect((await response.json()).error).toEqual({ message: `Unrecognized request argument supplied: ${parameter}`, type: 'invalid_request_error', param: null, code: null });
}

describe('capability matrix', () => {
  it.each(CAPABILITY_COLUMNS)('%s: answered as spec/capabilities.yaml says', async (column) => {
    const { deployment, body } = PROBES[column];
    const offers = (c: CapabilityColumn) => (c === column ? providerOffers('azure-openai', column) : true);
    const response = await post(createAzureOpenAISimulator({ offers }), chatPath(deployment), body);
    if (providerOffers('azure-openai', column)) expect(response.status).toBe(200);
    else await expectRefused(response, parameterFor(column, body, 'chat')!);
  });

  it.each(CAPABILITY_COLUMNS)('%s: refused when not offered, accepted when offered', async (column) => {
    const { deployment, body } = PROBES[column];
    await expectRefused(await post(createAzureOpenAISimulator({ offers: (c) => c !== column }), chatPath(deployment), body), parameterFor(column, body, 'chat')!);
    expect((await post(createAzureOpenAISimulator({ offers: () => true }), chatPath(deployment), body)).status).toBe(200);
  });

  it('cached_tokens reads 0 when prompt caching is not offered (injected, then as the matrix says)', async () => {
    const long = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    const body = { messages: [user(long)] };
    const cases: [boolean, ReturnType<typeof createAzureOpenAISimulator>][] = [
      [true, createAzureOpenAISimulator({ offers: () => true })],
      [false, createAzureOpenAISimulator({ offers: (c) => c !== 'prompt_caching' })],
      [providerOffers('azure-openai', 'prompt_caching'), createAzureOpenAISimulator()],
    ];
    for (const [offered, sim] of cases) {
      await post(sim, chatPath(), body);
      const second = await (await post(sim, chatPath(), body)).json();
      expect(second.usage.prompt_tokens_details.cached_tokens > 0).toBe(offered);
    }
  });

  it('the Responses API is screened too (text.format, reasoning)', async () => {
    const sim = createAzureOpenAISimulator({ offers: (c) => c !== 'json_mode' });
    const refused = await post(sim, '/openai/v1/responses', { model: 'gpt-4o-mini', input: 'json please', text: { format: { type: 'json_object' } } });
    await expectRefused(refused, 'text');
    const fine = await post(createAzureOpenAISimulator({ offers: () => true }), '/openai/v1/responses', { model: 'o4-mini', input: 'hi', reasoning: { effort: 'low' } });
    expect(fine.status).toBe(200);
  });
});
