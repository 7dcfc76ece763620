/**
 * Chat completions behind Azure's front, driven by the `openai` SDK's AzureOpenAI client in-process:
 * deployment URLs and `api-key`, Azure's content-filter annotations and key order, the underlying
 * model name, headers, tools, json_schema, determinism, Entra tokens, and the loopback mount.
 */
import { Ajv } from 'ajv';
import { AzureOpenAI } from 'openai';
import { describe, expect, it } from 'vitest';
import { providerOffers } from '../../spec/capabilities.ts';
import { startMockServer } from '../server.ts';
import { createAzureOpenAISimulator } from './index.ts';
import { API_VERSION, azureClient, chatPath, ENTRA_TOKEN, KEY, post, user, weatherTool } from './test-kit.ts';

const SAFE = { filtered: false, severity: 'safe' };
const UNDETECTED = { filtered: false, detected: false };

describe('chat completions', () => {
  it('answers through the deployment URL with Azure\'s annotations and headers', async () => {
    const sim = createAzureOpenAISimulator({ offers: () => true });
    const { data, response } = await azureClient(sim).chat.completions.create({ model: '', messages: [user('Say hello')] }).withResponse();
    const entry = sim.journal.last()!;
    expect(entry.path).toBe('/openai/deployments/gpt-4o-mini/chat/completions');
    expect(entry.search).toBe(`?api-version=${API_VERSION}`);
    expect(entry.headers['api-key']).toBe(KEY);
    expect(data.model).toBe('gpt-4o-mini-2024-07-18');
    expect(data.choices[0]!.message.content).toBeTruthy();
    const azure = data as unknown as Record<string, unknown> & { choices: Record<string, unknown>[] };
    expect(azure.prompt_filter_results).toEqual([{
      prompt_index: 0,
      content_filter_results: { hate: SAFE, jailbreak: UNDETECTED, self_harm: SAFE, sexual: SAFE, violence: SAFE },
    }]);
    expect(azure.choices[0]!.content_filter_results).toEqual({
      hate: SAFE, protected_material_code: UNDETECTED, protected_material_text: UNDETECTED, self_harm: SAFE, sexual: SAFE, violence: SAFE,
    });
    expect(azure.service_tier).toBeUndefined();
    expect(Object.keys(azure)).toEqual([...Object.keys(azure)].sort());
    expect(response.headers.get('apim-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-ms-region')).toBe('East US');
    expect(response.headers.get('x-ms-deployment-name')).toBe('gpt-4o-mini');
    expect(Number(response.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(150000);
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('999');
    expect(response.headers.get('openai-organization')).toBeNull();
    expect(entry.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('is deterministic, compact JSON; the body\'s model is ignored in favour of the deployment', async () => {
    const body = { model: 'whatever', messages: [user('Hello')] };
    const a = await (await post(createAzureOpenAISimulator(), chatPath('gpt-4o'), body)).text();
    const b = await (await post(createAzureOpenAISimulator(), chatPath('gpt-4o'), { ...body, model: 'gpt-4o' })).text();
    expect(a).toBe(b);
    expect(a).not.toContain('\n');
    expect(JSON.parse(a).model).toBe('gpt-4o-2024-08-06');
  });

  it.runIf(providerOffers('azure-openai', 'tools'))('calls tools', async () => {
    const data = await azureClient(createAzureOpenAISimulator()).chat.completions.create({
      model: 'gpt-4o-mini', messages: [user('What is the weather in Paris?')], tools: [weatherTool],
    });
    expect(data.choices[0]!.finish_reason).toBe('tool_calls');
    const call = data.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toHaveProperty('city');
  });

  it.runIf(providerOffers('azure-openai', 'schema_mode'))('returns JSON matching a json_schema response_format', async () => {
    const schema = { type: 'object', properties: { title: { type: 'string' }, year: { type: 'integer' } }, required: ['title', 'year'], additionalProperties: false };
    const data = await azureClient(createAzureOpenAISimulator({ offers: () => true })).chat.completions.create({
      model: 'gpt-4o-mini', messages: [user('A film')], response_format: { type: 'json_schema', json_schema: { name: 'film', schema, strict: true } },
    });
    expect(new Ajv({ strict: false }).validate(schema, JSON.parse(data.choices[0]!.message.content!))).toBe(true);
  });

  it('maps configured deployments to their models and accepts Entra ID bearer tokens', async () => {
    const sim = createAzureOpenAISimulator({ deployments: { 'prod-chat': 'gpt-4.1' } });
    const data = await azureClient(sim, { deployment: 'prod-chat' }).chat.completions.create({ model: '', messages: [user('hi')] });
    expect(data.model).toBe('gpt-4.1-2025-04-14');
    const client = new AzureOpenAI({
      azureADTokenProvider: async () => ENTRA_TOKEN, endpoint: 'https://touchstone.openai.azure.com', apiVersion: API_VERSION,
      deployment: 'prod-chat', maxRetries: 0, fetch: async (url, init) => sim.fetch(new Request(url, init)),
    });
    await client.chat.completions.create({ model: '', messages: [user('hi')] });
    expect(sim.journal.last()!.headers.authorization).toBe(`Bearer ${ENTRA_TOKEN}`);
    expect(sim.journal.last()!.status).toBe(200);
  });

  it('serves embeddings through the deployment URL', async () => {
    const client = azureClient(createAzureOpenAISimulator(), { deployment: 'text-embedding-3-small' });
    const data = await client.embeddings.create({ model: '', input: ['hello world'] });
    expect(data.data[0]!.embedding).toHaveLength(1536);
  });

  it('is served on loopback from the registry row (upstream `azure-openai`)', async () => {
    const server = await startMockServer({ simulators: { 'azure-openai': createAzureOpenAISimulator() } });
    try {
      expect(server.upstreams['azure-openai']).toBe(`${server.url}/azure-openai`);
      const client = new AzureOpenAI({ apiKey: KEY, endpoint: server.upstreams['azure-openai'], apiVersion: API_VERSION, deployment: 'gpt-4o', maxRetries: 0 });
      const data = await client.chat.completions.create({ model: '', messages: [user('hi')] });
      expect(data.model).toBe('gpt-4o-2024-08-06');
    } finally {
      await server.close();
    }
  });
});
