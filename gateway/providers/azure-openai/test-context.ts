/** A ChatContext for the Azure translator's unit tests (an account as the config loader resolves it). */
import type { ChatContext } from '../types.ts';

export function azureTestContext(overrides: Partial<ChatContext> = {}): ChatContext {
  return {
    account: {
      name: 'azure-test',
      provider: 'azure-openai',
      baseURL: 'https://contoso.openai.azure.com',
      apiKey: 'azure-key-0001',
      apiVersion: '2025-04-01-preview',
      models: new Set(['my-gpt4o']),
    },
    model: 'my-gpt4o',
    requestedModel: 'azure-test/my-gpt4o',
    requestId: 'req_test',
    completionId: 'chatcmpl-gateway0001',
    created: 1_750_000_000,
    stream: false,
    includeUsage: false,
    ...overrides,
  };
}
