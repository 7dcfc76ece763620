/** A ChatContext for the Cohere translator's unit tests (no config file, no network). */
import type { ChatContext } from '../types.ts';

export function testContext(overrides: Partial<ChatContext> = {}): ChatContext {
  return {
    account: { name: 'cohere-test', provider: 'cohere', baseURL: 'https://api.cohere.test', apiKey: 'co-test-key', models: new Set(['command-a-03-2025']) },
    model: 'command-a-03-2025',
    requestedModel: 'cohere-test/command-a-03-2025',
    requestId: 'req_test',
    completionId: 'chatcmpl-test0000000000000000',
    created: 1_735_689_600,
    stream: false,
    includeUsage: false,
    ...overrides,
  };
}
