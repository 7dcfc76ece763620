/** Default openai account of the in-process target (adjust models as the translator needs). */
import type { DefaultAccount } from './types.ts';
export const openaiAccounts: DefaultAccount[] = [
  { upstream: 'openai', chatModel: 'openai-main/gpt-4o-mini', reasoningModel: 'openai-main/o4-mini', account: { name: 'openai-main', provider: 'openai', api_key: { value: 'sk-touchstone-openai-main-0001' }, models: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'o4-mini'].map((name) => ({ name })) } },
  { upstream: 'openai-eu', chatModel: 'openai-eu/gpt-4o-mini', account: { name: 'openai-eu', provider: 'openai', api_key: { value: 'sk-touchstone-openai-eu-0001' }, models: [{ name: 'gpt-4o-mini' }] } },
];
