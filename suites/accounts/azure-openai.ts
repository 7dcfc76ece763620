/**
 * Default Azure OpenAI account of the in-process target. Models are deployment names. api_version is
 * 2025-04-01-preview: reasoning_effort needs 2024-12-01-preview or later and o4-mini deployments
 * 2025-04-01-preview (the older GA 2024-10-21 lacks both), so every column the matrix marks supported works.
 */
import type { DefaultAccount } from './types.ts';
export const azureOpenAIAccounts: DefaultAccount[] = [
  { upstream: 'azure-openai', chatModel: 'azure-main/gpt-4o-mini', reasoningModel: 'azure-main/o4-mini', account: { name: 'azure-main', provider: 'azure-openai', api_key: { value: '0123456789abcdef0123456789abcdef' }, api_version: '2025-04-01-preview', models: ['gpt-4o-mini', 'gpt-4o', 'o4-mini', 'text-embedding-3-small'].map((name) => ({ name })) } },
];
