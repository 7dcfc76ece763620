/** Default Azure OpenAI account of the in-process target (adjust models as the translator needs). */
import type { DefaultAccount } from './types.ts';
export const azureOpenAIAccounts: DefaultAccount[] = [
  { upstream: 'azure-openai', chatModel: 'azure-main/gpt-4o-mini', account: { name: 'azure-main', provider: 'azure-openai', api_key: { value: '0123456789abcdef0123456789abcdef' }, api_version: '2024-10-21', models: ['gpt-4o-mini', 'gpt-4o', 'o4-mini'].map((name) => ({ name })) } },
];
