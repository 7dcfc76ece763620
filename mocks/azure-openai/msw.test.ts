/**
 * In-process interception: the AzureOpenAI client pointed at the made-up resource
 * https://touchstone.openai.azure.com (the registry row's real base URL) reaches the simulator
 * through msw, streams included, no socket opened.
 */
import { setupServer } from 'msw/node';
import { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulatorHandlers } from '../msw.ts';
import { AZURE_REAL_BASE_URL, createAzureOpenAISimulator } from './index.ts';
import { API_VERSION, KEY, user } from './test-kit.ts';

const sim = createAzureOpenAISimulator();
const server = setupServer(...simulatorHandlers({ 'azure-openai': sim }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('serves https://touchstone.openai.azure.com through msw', async () => {
  const client = new AzureOpenAI({ apiKey: KEY, endpoint: AZURE_REAL_BASE_URL, apiVersion: API_VERSION, deployment: 'gpt-4o', maxRetries: 0 });
  const final = await client.chat.completions.stream({ model: '', messages: [user('intercepted')] }).finalChatCompletion();
  expect(final.model).toBe('gpt-4o-2024-08-06');
  expect(sim.journal.last()).toMatchObject({ path: '/openai/deployments/gpt-4o/chat/completions', status: 200, completed: true });
});
