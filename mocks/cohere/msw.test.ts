/**
 * In-process interception: the official SDK left on its default environment (https://api.cohere.com)
 * reaches the Cohere simulator through msw and the registry row's real base URL, no socket opened.
 */
import { CohereClientV2 } from 'cohere-ai';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulatorHandlers } from '../msw.ts';
import { createCohereSimulator } from './index.ts';
import { KEY, user } from './test-kit.ts';

const sim = createCohereSimulator();
const server = setupServer(...simulatorHandlers({ cohere: sim }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('serves https://api.cohere.com/v2 through msw', async () => {
  const client = new CohereClientV2({ token: KEY, maxRetries: 0 });
  const data = await client.chat({ model: 'command-r7b-12-2024', messages: [user('intercepted')] });
  expect(data.finishReason).toBe('COMPLETE');
  const ranked = await client.rerank({ model: 'rerank-v3.5', query: 'red apples', documents: ['blue sky', 'red apples are sweet'] });
  expect(ranked.results[0]!.index).toBe(1);
  expect(sim.journal.entries.map((e) => e.path)).toEqual(['/v2/chat', '/v2/rerank']);
});
