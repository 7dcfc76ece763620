/**
 * The Responses API behind Azure's front: the v1 route (`/openai/v1/responses`, model = deployment
 * name, no api-version — reachable with the plain OpenAI client and the key as bearer) and the dated
 * route (`/openai/responses?api-version=2025-03-01-preview`, as AzureOpenAI calls it): create, stream,
 * retrieve, and Azure's errors on the way in.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAzureOpenAISimulator } from './index.ts';
import { azureClient, KEY, post, sdkError, VIOLENT } from './test-kit.ts';

function v1Client(sim: ReturnType<typeof createAzureOpenAISimulator>): OpenAI {
  return new OpenAI({
    apiKey: KEY, baseURL: 'https://touchstone.openai.azure.com/openai/v1', maxRetries: 0,
    fetch: async (url, init) => sim.fetch(new Request(url, init)),
  });
}

describe('responses', () => {
  it('v1 route: create, stream and retrieve with the OpenAI client', async () => {
    const sim = createAzureOpenAISimulator({ offers: () => true });
    const client = v1Client(sim);
    const created = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hello' });
    expect(created.output_text.length).toBeGreaterThan(0);
    expect(sim.journal.last()!.path).toBe('/openai/v1/responses');
    expect(sim.journal.last()!.headers.authorization).toBe(`Bearer ${KEY}`);
    const again = await client.responses.retrieve(created.id);
    expect(again.id).toBe(created.id);
    let text = '';
    let completed = '';
    for await (const event of await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hello', stream: true })) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') {
        completed = event.response.output.flatMap((o) => (o.type === 'message' ? o.content : [])).map((c) => (c.type === 'output_text' ? c.text : '')).join('');
      }
    }
    expect(text.length).toBeGreaterThan(0);
    expect(text).toBe(completed);
  });

  it('dated route through AzureOpenAI; older api-versions have no Responses API', async () => {
    const sim = createAzureOpenAISimulator();
    const created = await azureClient(sim, { apiVersion: '2025-03-01-preview' }).responses.create({ model: 'gpt-4o', input: 'hi' });
    expect(created.status).toBe('completed');
    expect(sim.journal.last()!.path).toBe('/openai/responses');
    const old = await sdkError(azureClient(sim, { apiVersion: '2024-10-21' }).responses.create({ model: 'gpt-4o', input: 'hi' }));
    expect(old.status).toBe(404);
  });

  it('unknown deployment, filtered prompt and an unsupported v1 api-version fail in Azure\'s words', async () => {
    const sim = createAzureOpenAISimulator();
    const unknown = await sdkError(v1Client(sim).responses.create({ model: 'missing', input: 'hi' }));
    expect([unknown.status, unknown.code]).toEqual([404, 'DeploymentNotFound']);
    const filtered = await sdkError(v1Client(sim).responses.create({ model: 'gpt-4o-mini', input: VIOLENT }));
    expect([filtered.status, filtered.code]).toEqual([400, 'content_filter']);
    const version = await post(sim, '/openai/v1/responses?api-version=2024-10-21', { model: 'gpt-4o-mini', input: 'hi' });
    expect(version.status).toBe(400);
  });
});
